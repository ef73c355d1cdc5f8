import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";

import { TERMS, logCosh64, reference } from "../util/regression-ref.js";

const NAMES = Object.keys(TERMS);
type Fn = (yTrue: unknown, yPred: unknown, options?: object) => unknown;
const lossFn = (name: string) => (sl as unknown as Record<string, Fn>)[name];
const gradFn = (name: string) => (sl as unknown as Record<string, Fn>)[`${name}WithGrad`];

/** Inputs in a range suited to each loss (MSLE wants mostly non-negative values). */
function inputs(name: string, n: number, seed: number) {
  const lo = name === "meanSquaredLogarithmicError" ? -0.5 : -3;
  return { yTrue: uniform(seed, n, lo, 3), yPred: uniform(seed + 1, n, lo, 3) };
}

// per-element terms: ≤ 4 ULP of the term plus 3e-7 absolute (log-based terms)
const REL = 2e-6;
const ABS = 3e-7;

describe("regression losses", () => {
  it("meanSquaredError([2, 3], [1, 5]) === 2.5 (the README example)", () => {
    expect(sl.meanSquaredError([2, 3], [1, 5])).toBe(2.5);
  });

  for (const name of NAMES) {
    describe(name, () => {
      it("matches the float64 reference at every tail length", () => {
        for (const n of TAIL_LENGTHS) {
          const { yTrue, yPred } = inputs(name, n, n + 1);
          const ref = reference(name, yTrue, yPred);
          expectClose(lossFn(name)(yTrue, yPred) as number, ref.loss, REL, ABS, `n=${n}`);
          const none = lossFn(name)(yTrue, yPred, { reduction: "none" }) as Float32Array;
          expectAllClose(none, ref.perSample, REL, ABS, `none n=${n}`);
        }
      });

      it("matches the reference for rows × features, every reduction, with and without weights", () => {
        const r = rng(7);
        for (const F of [1, 2, 3, 4, 5, 16, 17]) {
          for (const rows of [0, 1, 3, 9]) {
            const { yTrue, yPred } = inputs(name, rows * F, rows * 31 + F);
            const weights = Float32Array.from({ length: rows }, (_, i) => (i % 3 === 1 ? 0 : Math.fround(r() * 2)));
            for (const reduction of ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "sum_by_nonzero_weights"]) {
              for (const sampleWeight of [undefined, weights]) {
                const o = { features: F, reduction, sampleWeight };
                const ref = reference(name, yTrue, yPred, o);
                const what = `F=${F} rows=${rows} ${reduction} weights=${!!sampleWeight}`;
                expectClose(lossFn(name)(yTrue, yPred, o) as number, ref.loss, REL, ABS, what);
                const { loss, grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad;
                expectClose(loss, ref.loss, REL, ABS, `${what} (WithGrad)`);
                expectAllClose(grad, ref.grad, REL, 2e-6 * ref.scale, `${what} grad`);
              }
            }
            const none = lossFn(name)(yTrue, yPred, { features: F, reduction: "none", sampleWeight: weights }) as Float32Array;
            expectAllClose(none, reference(name, yTrue, yPred, { features: F, sampleWeight: weights }).perSample, REL, ABS, "none");
          }
        }
      });

      it("gradient: analytic float64 gradient agrees with central finite differences of the reference", () => {
        const { yTrue, yPred } = inputs(name, 40, 99);
        const y64 = Float64Array.from(yPred);
        const ref = reference(name, yTrue, y64, { features: 4 });
        const { grad } = gradFn(name)(yTrue, yPred, { features: 4 }) as sl.LossWithGrad;
        for (let i = 0; i < y64.length; i++) {
          if (name === "meanSquaredLogarithmicError" && y64[i] <= 1e-3) continue; // kink at ε
          if (Math.abs(y64[i] - yTrue[i]) < 1e-3) continue; // kinks of |e| at 0
          if (name === "huber" && Math.abs(Math.abs(y64[i] - yTrue[i]) - 1) < 1e-3) continue; // kink at δ
          const h = 1e-6;
          const up = Float64Array.from(y64); up[i] += h;
          const dn = Float64Array.from(y64); dn[i] -= h;
          const fd = (reference(name, yTrue, up, { features: 4 }).loss - reference(name, yTrue, dn, { features: 4 }).loss) / (2 * h);
          expectClose(ref.grad[i], fd, 1e-5, 1e-8, `fd[${i}]`);
          expectClose(grad[i], fd, 1e-5, 1e-7, `kernel vs fd[${i}]`);
        }
      });

      it("1e6 elements match the reference", () => {
        const { yTrue, yPred } = inputs(name, 1e6, 3);
        const ref = reference(name, yTrue, yPred, { features: 10 });
        expectClose(lossFn(name)(yTrue, yPred, { features: 10 }) as number, ref.loss, 1e-6, 0);
      });

      it("NaN in one sample gives NaN for that sample only, and NaN overall", () => {
        const yTrue = uniform(5, 12, 0, 1);
        const yPred = uniform(6, 12, 0, 1);
        yPred[5] = NaN; // sample 1 of 3 (features 4)
        expect(lossFn(name)(yTrue, yPred, { features: 4 })).toBeNaN();
        const none = lossFn(name)(yTrue, yPred, { features: 4, reduction: "none" }) as Float32Array;
        expect(Number.isNaN(none[0])).toBe(false);
        expect(none[1]).toBeNaN();
        expect(Number.isNaN(none[2])).toBe(false);
        const { grad } = gradFn(name)(yTrue, yPred, { features: 4 }) as sl.LossWithGrad;
        expect(grad[5]).toBeNaN();
        expect(Array.from(grad).filter(Number.isNaN)).toHaveLength(1);
      });

      it("empty input gives 0 (Keras's divide_no_nan) and an empty per-sample array", () => {
        expect(lossFn(name)([], [])).toBe(0);
        expect(lossFn(name)(new Float32Array(0), new Float32Array(0), { reduction: "none" })).toEqual(new Float32Array(0));
        const { loss, grad } = gradFn(name)([], []) as sl.LossWithGrad;
        expect(loss).toBe(0);
        expect(grad).toHaveLength(0);
      });

      it("accepts plain arrays and other typed arrays by conversion", () => {
        const yTrue = [0.5, 1, 2, 0];
        const yPred = [1, 0.25, 2.5, 0.125];
        const ref = reference(name, Float32Array.from(yTrue), Float32Array.from(yPred)).loss;
        expectClose(lossFn(name)(yTrue, yPred) as number, ref, REL, ABS);
        expectClose(lossFn(name)(Float64Array.from(yTrue), Float64Array.from(yPred)) as number, ref, REL, ABS);
        const ints = [1, 2, 3, 0];
        expectClose(lossFn(name)(Int32Array.from(ints), Uint8Array.from(ints)) as number, 0, 0, 0);
      });
    });
  }

  it("a mean over 1e7 elements matches float64 to 1e-6 relative error (blocked accumulation)", () => {
    const n = 1e7;
    const yTrue = uniform(11, n, 0, 1);
    const yPred = uniform(12, n, 0, 1);
    let sum = 0;
    let abs = 0;
    for (let i = 0; i < n; i++) {
      sum += (yPred[i] - yTrue[i]) ** 2;
      abs += Math.abs(yPred[i] - yTrue[i]);
    }
    expectClose(sl.meanSquaredError(yTrue, yPred), sum / n, 1e-6);
    expectClose(sl.meanAbsoluteError(yTrue, yPred), abs / n, 1e-6);
    // a sum that naive float32 accumulation gets badly wrong: 1e7 ones plus one large value
    const ones = new Float32Array(n).fill(1);
    expect(sl.meanAbsoluteError(new Float32Array(n), ones, { reduction: "sum" })).toBe(n);
  });

  describe("extreme inputs", () => {
    it("huge differences: squares up to float32's range are exact, beyond it +Infinity", () => {
      expectClose(sl.meanSquaredError([0], [1e18]), 1e36, 1e-6);
      expect(sl.meanSquaredError([-3e38], [3e38])).toBe(Infinity);
      expectClose(sl.meanAbsoluteError([-3e38], [3e38]), Infinity, 0); // |e| overflows float32 too
      expectClose(sl.huber([-1e30], [1e30]), 2e30 - 0.5, 1e-6);
      expectClose(sl.logCosh([0, 0], [1e4, -1e4]), 1e4 - Math.LN2, 1e-7);
    });

    it("±Infinity propagates as the formula says", () => {
      expect(sl.meanSquaredError([0], [Infinity])).toBe(Infinity);
      expect(sl.meanSquaredError([Infinity], [Infinity])).toBeNaN();
      expect(sl.meanAbsoluteError([0], [-Infinity])).toBe(Infinity);
      expect(sl.logCosh([0], [Infinity])).toBe(Infinity);
      expect(sl.huber([0], [-Infinity])).toBe(Infinity);
      expect(sl.huberWithGrad([0], [-Infinity]).grad[0]).toBe(-1);
      expect(sl.logCoshWithGrad([0], [-Infinity]).grad[0]).toBe(-1);
    });

    it("MAPE divides by max(|yTrue|, 1e-7); MSLE clips predictions below 1e-7", () => {
      expectClose(sl.meanAbsolutePercentageError([0], [1e-3]), (100 * 1e-3) / 1e-7, 1e-6);
      expectClose(sl.meanSquaredLogarithmicError([1], [-5]), (Math.log1p(1e-7) - Math.log(2)) ** 2, 1e-6);
      expect(sl.meanSquaredLogarithmicErrorWithGrad([1], [-5]).grad[0]).toBe(0);
    });

    it("tiny differences: relative error per element (MSE 1 ULP, MAE exact, Huber 2 ULP, MAPE 2 ULP)", () => {
      // yPred = yTrue + k·ulp(yTrue): e = yPred − yTrue is exact (Sterbenz), e² ~ 1e-14 … 1e-30,
      // far below any absolute tolerance; a term that loses them (e.g. p² − 2pt + t²) fails here
      const r = rng(77);
      const n = 1031;
      const yTrue = new Float32Array(n);
      const yPred = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const t = Math.fround((r() < 0.5 ? -1 : 1) * 10 ** (-8 + 12 * r()));
        const ulp = Math.abs(t) * 2 ** -23;
        yTrue[i] = t;
        yPred[i] = Math.fround(t + Math.ceil(r() * 64) * ulp * (r() < 0.5 ? -1 : 1));
      }
      for (const [name, rel] of [["meanSquaredError", 2 ** -23], ["meanAbsoluteError", 0], ["huber", 2 ** -22], ["meanAbsolutePercentageError", 2 ** -22]] as const) {
        const ref = reference(name, yTrue, yPred, { reduction: "none" }).perSample;
        const none = lossFn(name)(yTrue, yPred, { reduction: "none" }) as Float32Array;
        for (let i = 0; i < n; i++) expectClose(none[i], ref[i], rel, 0, `${name} e = ${yPred[i] - yTrue[i]}`);
        const mean = ref.reduce((a, b) => a + b, 0) / n;
        expectClose(lossFn(name)(yTrue, yPred) as number, mean, 1e-6, 0, `${name} mean`);
      }
    });

    it("logCosh is accurate for tiny differences (series branch) and across the switch at 0.25", () => {
      for (const e of [1e-20, 1e-6, 1e-3, 0.1, 0.2499, 0.25, 0.2501, 0.5, 3, 20]) {
        const p = Math.fround(e);
        expectClose(sl.logCosh([0], [p]), logCosh64(p), 1e-6, 1e-45, `e=${e}`);
        expectClose(sl.logCoshWithGrad([0], [p]).grad[0], Math.tanh(p), 1e-6, 0, `tanh e=${e}`);
      }
    });
  });

  it("property: random shapes and options match the reference", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom("sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "sum_by_nonzero_weights", "none"),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (name, rows, F, reduction, weighted, seed) => {
          const { yTrue, yPred } = inputs(name, rows * F, seed);
          const sampleWeight = weighted ? uniform(seed + 2, rows, 0, 2) : undefined;
          const o = { features: F, reduction, sampleWeight };
          const ref = reference(name, yTrue, yPred, o);
          const { loss, grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad<number | Float32Array>;
          if (reduction === "none") expectAllClose(loss as Float32Array, ref.perSample, REL, ABS);
          else expectClose(loss as number, ref.loss, REL, ABS);
          expectAllClose(grad, ref.grad, REL, 2e-6 * ref.scale);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
