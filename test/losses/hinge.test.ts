import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";

// ---- float64 references from keras/src/losses/losses.py --------------------------------------
/** Keras's convert_binary_labels_to_hinge: all labels in {0, 1} → 2t − 1, else unchanged. */
const convert = (t: ArrayLike<number>) => (Array.from(t).every((v) => v === 0 || v === 1) ? Array.from(t, (v) => 2 * v - 1) : Array.from(t));

interface O { features?: number; classes?: number; reduction?: string; sampleWeight?: ArrayLike<number> }

function divisorOf(rows: number, o: O) {
  const reduction = o.reduction ?? "sum_over_batch_size";
  if (reduction === "sum" || reduction === "none") return 1;
  if (reduction === "mean_with_sample_weight" && o.sampleWeight) return Array.from(o.sampleWeight).reduce((a, b) => a + b, 0);
  return rows;
}

function elementRef(squared: boolean, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: O = {}) {
  const t = convert(yTrue);
  const F = o.features ?? 1;
  const rows = yPred.length / F;
  const w = (r: number) => (o.sampleWeight ? o.sampleWeight[r] : 1);
  const scale = divisorOf(rows, o) === 0 ? 0 : 1 / divisorOf(rows, o);
  const perSample: number[] = [];
  let total = 0;
  const grad: number[] = [];
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let f = 0; f < F; f++) {
      const i = r * F + f;
      const m = Math.max(1 - t[i] * yPred[i], 0);
      sum += squared ? m * m : m;
      const d = squared ? -2 * t[i] * m : m > 0 ? -t[i] : 0;
      grad.push((scale * w(r) * d) / F);
    }
    perSample.push((w(r) * sum) / F);
    total += (w(r) * sum) / F;
  }
  return { perSample, loss: scale * total, grad, scale };
}

function categoricalRef(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: O) {
  const C = o.classes!;
  const rows = yPred.length / C;
  const w = (r: number) => (o.sampleWeight ? o.sampleWeight[r] : 1);
  const scale = divisorOf(rows, o) === 0 ? 0 : 1 / divisorOf(rows, o);
  const perSample: number[] = [];
  const grad: number[] = [];
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let pos = 0;
    let neg = -Infinity;
    let arg = 0;
    for (let c = 0; c < C; c++) {
      const t = yTrue[r * C + c];
      const p = yPred[r * C + c];
      pos += t * p;
      if ((1 - t) * p > neg) { neg = (1 - t) * p; arg = c; }
    }
    const L = Math.max(neg - pos + 1, 0);
    perSample.push(w(r) * L);
    total += w(r) * L;
    for (let c = 0; c < C; c++) {
      const t = yTrue[r * C + c];
      grad.push(L > 0 ? scale * w(r) * (-t + (c === arg ? 1 - t : 0)) : 0);
    }
  }
  return { perSample, loss: scale * total, grad, scale };
}

function signs(n: number, seed: number, binary: boolean) {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() < 0.5 ? (binary ? 0 : -1) : 1));
}
function oneHot(rows: number, C: number, seed: number) {
  const r = rng(seed);
  const y = new Float32Array(rows * C);
  for (let i = 0; i < rows; i++) y[i * C + Math.floor(r() * C)] = 1;
  return y;
}

const REL = 2e-6;
const ABS = 2e-7;

describe("hinge losses", () => {
  for (const [name, squared] of [["hinge", false], ["squaredHinge", true]] as const) {
    describe(name, () => {
      const f = (sl as unknown as Record<string, (a: unknown, b: unknown, o?: object) => unknown>)[name];
      const g = (sl as unknown as Record<string, (a: unknown, b: unknown, o?: object) => sl.LossWithGrad<number | Float32Array>>)[`${name}WithGrad`];
      it("matches float64 at every tail length, for ±1 labels and for {0, 1} labels (converted)", () => {
        for (const n of TAIL_LENGTHS) {
          for (const binary of [false, true]) {
            const yTrue = signs(n, n + 1, binary);
            const yPred = uniform(n + 2, n, -2, 2);
            const ref = elementRef(squared, yTrue, yPred);
            expectClose(f(yTrue, yPred) as number, ref.loss, REL, ABS, `n=${n} binary=${binary}`);
            const r = g(yTrue, yPred);
            expectAllClose(r.grad, ref.grad, REL, ABS * ref.scale, `n=${n} grad`);
          }
        }
        // labels that are not all in {0, 1} are used as given (Keras)
        const yTrue = Float32Array.of(0, 1, 0.5);
        const yPred = Float32Array.of(0.3, -0.2, 1.5);
        expectClose(f(yTrue, yPred) as number, elementRef(squared, yTrue, yPred).loss, REL, ABS);
      });

      it("features, every reduction, sample weights; gradient vs float64 and central finite differences", () => {
        const F = 3;
        const yTrue = signs(15, 4, false);
        const yPred = uniform(5, 15, -2, 2);
        const sampleWeight = [1, 0, 2, 0.5, 3];
        for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight", "none"]) {
          const o = { features: F, reduction, sampleWeight };
          const ref = elementRef(squared, yTrue, yPred, o);
          const r = g(yTrue, yPred, o);
          if (reduction === "none") expectAllClose(r.loss as Float32Array, ref.perSample, REL, ABS);
          else expectClose(r.loss as number, ref.loss, REL, ABS, reduction);
          expectAllClose(r.grad, ref.grad, REL, ABS, `${reduction} grad`);
        }
        const y64 = Float64Array.from(yPred);
        const ref = elementRef(squared, yTrue, y64, { features: F });
        const { grad } = g(yTrue, yPred, { features: F });
        for (let i = 0; i < y64.length; i++) {
          if (Math.abs(1 - yTrue[i] * y64[i]) < 1e-3) continue; // the kink
          const h = 1e-6;
          const up = Float64Array.from(y64); up[i] += h;
          const dn = Float64Array.from(y64); dn[i] -= h;
          const fd = (elementRef(squared, yTrue, up, { features: F }).loss - elementRef(squared, yTrue, dn, { features: F }).loss) / (2 * h);
          expectClose(ref.grad[i], fd, 1e-6, 1e-8, `analytic vs fd[${i}]`);
          expectClose(grad[i], fd, 1e-5, 1e-7, `kernel vs fd[${i}]`);
        }
      });

      it("NaN in one sample gives NaN for that sample only", () => {
        const yTrue = signs(12, 3, false);
        const yPred = uniform(4, 12, -2, 2);
        yPred[5] = NaN;
        const none = f(yTrue, yPred, { features: 4, reduction: "none" }) as Float32Array;
        expect([0, 1, 2].map((r) => Number.isNaN(none[r]))).toEqual([false, true, false]);
        expect(Array.from(g(yTrue, yPred, { features: 4 }).grad, (v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0)).toEqual([5]);
      });

      it("features not dividing the length → ShapeError", () => {
        expect(() => f([1, 1, 1], [0, 0, 0], { features: 2 })).toThrowError(sl.ShapeError);
      });
    });
  }

  describe("categoricalHinge", () => {
    it("matches float64 at C = 1, 2, 3, 4, 5, 10, 100, 1000, 1001 (loss and gradient)", () => {
      for (const C of [1, 2, 3, 4, 5, 10, 100, 1000, 1001]) {
        const rows = 4;
        const yTrue = oneHot(rows, C, C);
        const yPred = uniform(C + 1, rows * C, 0, 1);
        for (const reduction of ["sum_over_batch_size", "sum", "none"]) {
          const o = { classes: C, reduction: reduction as sl.Reduction, sampleWeight: [1, 2, 0, 0.5] };
          const ref = categoricalRef(yTrue, yPred, o);
          const r = sl.categoricalHingeWithGrad(yTrue, yPred, o) as sl.LossWithGrad<number | Float32Array>;
          if (reduction === "none") expectAllClose(r.loss as Float32Array, ref.perSample, REL, ABS);
          else expectClose(r.loss as number, ref.loss, REL, ABS, `C=${C} ${reduction}`);
          expectAllClose(r.grad, ref.grad, 1e-7, 0, `C=${C} grad`);
        }
      }
    });

    it("hand-computed example and central finite differences", () => {
      // pos = 0.7, neg = 0.3 → 0.6
      expectClose(sl.categoricalHinge([0, 1], [0.3, 0.7], { classes: 2 }), 0.6, 1e-7);
      const yTrue = oneHot(3, 5, 2);
      const yPred = Float64Array.from(uniform(3, 15, 0, 1));
      const { grad } = sl.categoricalHingeWithGrad(yTrue, Float32Array.from(yPred), { classes: 5 });
      for (let i = 0; i < 15; i++) {
        const h = 1e-7;
        const up = Float64Array.from(yPred); up[i] += h;
        const dn = Float64Array.from(yPred); dn[i] -= h;
        const fd = (categoricalRef(yTrue, up, { classes: 5 }).loss - categoricalRef(yTrue, dn, { classes: 5 }).loss) / (2 * h);
        expectClose(grad[i], fd, 1e-5, 1e-6, `fd[${i}]`);
      }
    });

    it("NaN in a row gives NaN for that row only; classes not dividing the length → ShapeError", () => {
      const yTrue = oneHot(3, 4, 1);
      const yPred = uniform(2, 12, 0, 1);
      yPred[6] = NaN;
      const none = sl.categoricalHinge(yTrue, yPred, { classes: 4, reduction: "none" });
      expect([0, 1, 2].map((r) => Number.isNaN(none[r]))).toEqual([false, true, false]);
      const { grad } = sl.categoricalHingeWithGrad(yTrue, yPred, { classes: 4 });
      for (let i = 0; i < 12; i++) expect(Number.isNaN(grad[i])).toBe(i >= 4 && i < 8);
      expect(() => sl.categoricalHinge(yTrue, yPred, { classes: 5 })).toThrowError(sl.ShapeError);
    });
  });

  it("property: random shapes match the float64 reference", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (rows, F, binary, seed) => {
          const yTrue = signs(rows * F, seed, binary);
          const yPred = uniform(seed + 1, rows * F, -2, 2);
          for (const [squared, fn] of [[false, sl.hingeWithGrad], [true, sl.squaredHingeWithGrad]] as const) {
            const ref = elementRef(squared, yTrue, yPred, { features: F });
            const r = fn(yTrue, yPred, { features: F });
            expectClose(r.loss, ref.loss, REL, ABS);
            expectAllClose(r.grad, ref.grad, REL, ABS);
          }
          const y = oneHot(rows, F, seed);
          const c = sl.categoricalHingeWithGrad(y, yPred, { classes: F });
          const cref = categoricalRef(y, yPred, { classes: F });
          expectClose(c.loss, cref.loss, REL, ABS);
          expectAllClose(c.grad, cref.grad, 1e-7, 0); // float32 rounding of 1/rows
        }),
      { numRuns: 150, seed: 11 },
    );
  });
});
