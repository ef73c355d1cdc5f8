import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, uniform } from "../util/rng.js";

// ---- float64 references from keras/src/losses/losses.py (ε = 1e-7) ----------------------------
const EPS = Math.fround(1e-7);
const clip = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

type RowFn = (y: number[], p: number[]) => number;
const ROWS: Record<string, RowFn> = {
  // Σ t̄·log(t̄/p̄)
  kullbackLeiblerDivergence: (y, p) => y.reduce((a, t, i) => a + clip(t, EPS, 1) * Math.log(clip(t, EPS, 1) / clip(p[i], EPS, 1)), 0),
  // mean of p − t·log(p + ε)
  poisson: (y, p) => y.reduce((a, t, i) => a + p[i] - t * Math.log(p[i] + EPS), 0) / y.length,
  // −Σ ŷ·p̂, v̂ = v / max(‖v‖, ε)
  cosineSimilarity: (y, p) => {
    const ny = Math.max(Math.hypot(...y), EPS);
    const np = Math.max(Math.hypot(...p), EPS);
    return -y.reduce((a, t, i) => a + (t / ny) * (p[i] / np), 0);
  },
};
/** Analytic gradients of the row functions above. */
const GRADS: Record<string, (y: number[], p: number[]) => number[]> = {
  kullbackLeiblerDivergence: (y, p) => p.map((v, i) => (v >= EPS && v <= 1 ? -clip(y[i], EPS, 1) / v : 0)),
  poisson: (y, p) => p.map((v, i) => (1 - y[i] / (v + EPS)) / y.length),
  cosineSimilarity: (y, p) => {
    const ny = Math.max(Math.hypot(...y), EPS);
    const norm = Math.hypot(...p);
    if (norm <= EPS) return y.map((t) => -t / ny / EPS);
    const cos = y.reduce((a, t, i) => a + t * p[i], 0) / (ny * norm);
    return p.map((v, i) => -y[i] / (ny * norm) + (cos * v) / (norm * norm));
  },
};
const NAMES = Object.keys(ROWS);
type Fn = (a: unknown, b: unknown, o?: object) => unknown;
const lossFn = (name: string) => (sl as unknown as Record<string, Fn>)[name];
const gradFn = (name: string) => (sl as unknown as Record<string, Fn>)[`${name}WithGrad`];

interface O { features?: number; reduction?: string; sampleWeight?: ArrayLike<number> }

function reference(name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: O = {}) {
  const F = o.features ?? 1;
  const rows = yPred.length / F;
  const w = (r: number) => (o.sampleWeight ? o.sampleWeight[r] : 1);
  let divisor = rows;
  const reduction = o.reduction ?? "sum_over_batch_size";
  if (reduction === "sum" || reduction === "none") divisor = 1;
  if (reduction === "mean_with_sample_weight" && o.sampleWeight) divisor = Array.from(o.sampleWeight).reduce((a, b) => a + b, 0);
  const scale = divisor === 0 ? 0 : 1 / divisor;
  const perSample: number[] = [];
  const grad: number[] = [];
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const y = Array.from({ length: F }, (_, f) => yTrue[r * F + f]);
    const p = Array.from({ length: F }, (_, f) => yPred[r * F + f]);
    const L = ROWS[name](y, p);
    perSample.push(w(r) * L);
    total += w(r) * L;
    grad.push(...GRADS[name](y, p).map((g) => scale * w(r) * g));
  }
  return { perSample, loss: divisor === 0 ? 0 : total / divisor, grad, scale };
}

function inputs(name: string, n: number, seed: number) {
  if (name === "cosineSimilarity") return { yTrue: uniform(seed, n, -2, 2), yPred: uniform(seed + 1, n, -2, 2) };
  if (name === "poisson") return { yTrue: uniform(seed, n, 0, 5), yPred: uniform(seed + 1, n, 0.05, 5) };
  return { yTrue: uniform(seed, n, 0, 1), yPred: uniform(seed + 1, n, 0.01, 1) };
}

const REL = 4e-6;
const ABS = 1e-6;

describe("divergence losses", () => {
  for (const name of NAMES) {
    describe(name, () => {
      it("matches float64 at every tail length and F = 1, 2, 3, 4, 5, 10, 100, 1000, 1001 (loss and gradient)", () => {
        for (const F of [1, 2, 3, 4, 5, 10, 100, 1000, 1001, ...TAIL_LENGTHS.filter((n) => n > 0)]) {
          const rows = F > 255 ? 2 : 4;
          const { yTrue, yPred } = inputs(name, rows * F, F);
          const o = { features: F };
          const ref = reference(name, yTrue, yPred, o);
          expectClose(lossFn(name)(yTrue, yPred, o) as number, ref.loss, REL, ABS * (name === "kullbackLeiblerDivergence" ? F : 1), `F=${F}`);
          const { loss, grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad;
          expectClose(loss, ref.loss, REL, ABS * (name === "kullbackLeiblerDivergence" ? F : 1), `F=${F} WithGrad`);
          expectAllClose(grad, ref.grad, 1e-5, 1e-6, `F=${F} grad`);
        }
      });

      it("every reduction and sample weights", () => {
        const F = 3;
        const { yTrue, yPred } = inputs(name, 5 * F, 9);
        const sampleWeight = [1, 0, 2, 0.5, 3];
        for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight", "none"]) {
          const o = { features: F, reduction, sampleWeight };
          const ref = reference(name, yTrue, yPred, o);
          const r = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad<number | Float32Array>;
          if (reduction === "none") expectAllClose(r.loss as Float32Array, ref.perSample, REL, ABS);
          else expectClose(r.loss as number, ref.loss, REL, ABS, reduction);
          expectAllClose(r.grad, ref.grad, 1e-5, 1e-6, reduction);
        }
      });

      it("gradient: analytic float64 agrees with central finite differences, and the kernel with both", () => {
        const F = 4;
        const { yTrue, yPred } = inputs(name, 3 * F, 21);
        const y64 = Float64Array.from(yPred);
        const ref = reference(name, yTrue, y64, { features: F });
        const { grad } = gradFn(name)(yTrue, yPred, { features: F }) as sl.LossWithGrad;
        for (let i = 0; i < y64.length; i++) {
          const h = 1e-7;
          const up = Float64Array.from(y64); up[i] += h;
          const dn = Float64Array.from(y64); dn[i] -= h;
          const fd = (reference(name, yTrue, up, { features: F }).loss - reference(name, yTrue, dn, { features: F }).loss) / (2 * h);
          expectClose(ref.grad[i], fd, 1e-5, 1e-7, `analytic vs fd[${i}]`);
          expectClose(grad[i], fd, 2e-5, 1e-6, `kernel vs fd[${i}]`);
        }
      });

      it("NaN in one sample gives NaN for that sample only", () => {
        const { yTrue, yPred } = inputs(name, 12, 4);
        yPred[5] = NaN;
        const none = lossFn(name)(yTrue, yPred, { features: 4, reduction: "none" }) as Float32Array;
        expect([0, 1, 2].map((r) => Number.isNaN(none[r]))).toEqual([false, true, false]);
        const { grad } = gradFn(name)(yTrue, yPred, { features: 4 }) as sl.LossWithGrad;
        expect(Number.isNaN(grad[5])).toBe(true);
        for (const i of [0, 1, 2, 3, 8, 9, 10, 11]) expect(Number.isNaN(grad[i])).toBe(false);
      });

      it("features not dividing the length → ShapeError", () => {
        expect(() => lossFn(name)([1, 2, 3], [1, 2, 3], { features: 2 })).toThrowError(sl.ShapeError);
      });
    });
  }

  it("extreme values follow Keras's clipping (hand-computed)", () => {
    // KL with p = 0: p̄ = 1e-7 → 1·log(1/1e-7) = 16.118095; t = 0: t̄ = 1e-7 → 1e-7·log(1e-7/1)
    expectClose(sl.kullbackLeiblerDivergence([1], [0]), -Math.log(EPS), 1e-7);
    expectClose(sl.kullbackLeiblerDivergence([0], [1]), EPS * Math.log(EPS), 1e-6);
    expect(sl.kullbackLeiblerDivergenceWithGrad([1], [0]).grad[0]).toBe(0);
    // Poisson with p = 0: 0 − t·log(1e-7)
    expectClose(sl.poisson([2], [0]), -2 * Math.log(EPS), 1e-7);
    // cosine: zero vectors give 0; Keras's own example [[0,1],[1,1],[1,1]] vs [[1,0],[1,1],[−1,−1]] → [−0, −1, 1]
    expect(sl.cosineSimilarity([0, 0], [1, 2], { features: 2 })).toBe(0);
    const none = sl.cosineSimilarity([0, 1, 1, 1, 1, 1], [1, 0, 1, 1, -1, -1], { features: 2, reduction: "none" });
    expectAllClose(none, [0, -1, 1], 1e-6, 1e-7);
    expectClose(sl.cosineSimilarity([1e-20, 0], [1e-30, 0], { features: 2 }), -(1e-20 / EPS) * Math.fround(1e-30) / EPS, 1e-5);
  });

  it("property: random shapes match the float64 reference", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("sum_over_batch_size", "sum", "none"), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (name, rows, F, reduction, seed) => {
          const { yTrue, yPred } = inputs(name, rows * F, seed);
          const o = { features: F, reduction };
          const ref = reference(name, yTrue, yPred, o);
          const r = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad<number | Float32Array>;
          if (reduction === "none") expectAllClose(r.loss as Float32Array, ref.perSample, REL, ABS * F);
          else expectClose(r.loss as number, ref.loss, REL, ABS * F);
          expectAllClose(r.grad, ref.grad, 1e-5, 1e-6);
        }),
      { numRuns: 150, seed: 5 },
    );
  });
});
