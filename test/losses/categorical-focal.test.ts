import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";

// ---- float64 reference from keras/src/losses/losses.py: categorical_focal_crossentropy ---------
// (from logits: exact log-softmax instead of Keras's clipped softmax, as documented)
const EPS = Math.fround(1e-7);
const ONE_MINUS_EPS = Math.fround(1 - 1e-7);

interface O {
  classes: number;
  fromLogits?: boolean;
  labelSmoothing?: number;
  gamma?: number;
  alpha?: number;
  reduction?: string;
  sampleWeight?: ArrayLike<number>;
}

/** L(row) in float64; the gradient comes from central finite differences of this function and from the analytic form. */
function rowLoss(y: number[], x: number[], o: O): number {
  const C = x.length;
  const s = o.labelSmoothing ?? 0;
  const gamma = o.gamma ?? 2;
  const alpha = o.alpha ?? 0.25;
  const ys = y.map((v) => v * (1 - s) + s / C);
  let q: number[];
  let lq: number[];
  if (o.fromLogits) {
    const m = Math.max(...x);
    const S = x.reduce((a, v) => a + Math.exp(v - m), 0);
    lq = x.map((v) => v - m - Math.log(S));
    q = lq.map(Math.exp);
  } else {
    const S = x.reduce((a, b) => a + b, 0);
    q = x.map((v) => Math.min(Math.max(v / S, EPS), ONE_MINUS_EPS));
    lq = q.map(Math.log);
  }
  let L = 0;
  for (let c = 0; c < C; c++) L -= alpha * (1 - q[c]) ** gamma * ys[c] * lq[c];
  return L;
}

/** Analytic gradient of rowLoss (chain rule through softmax / renormalise+clip). */
function rowGrad(y: number[], x: number[], o: O): number[] {
  const C = x.length;
  const s = o.labelSmoothing ?? 0;
  const gamma = o.gamma ?? 2;
  const alpha = o.alpha ?? 0.25;
  const ys = y.map((v) => v * (1 - s) + s / C);
  const slope = (om: number) => (om > 0 ? gamma * om ** (gamma - 1) : 0);
  if (o.fromLogits) {
    const m = Math.max(...x);
    const S = x.reduce((a, v) => a + Math.exp(v - m), 0);
    const q = x.map((v) => Math.exp(v - m) / S);
    // dL/dq_c · q_c, then through softmax: g_j = b_j − q_j Σ b
    const b = q.map((qc, c) => -alpha * ys[c] * ((1 - qc) ** gamma - slope(1 - qc) * qc * Math.log(qc)));
    const B = b.reduce((a, v) => a + v, 0);
    return q.map((qj, j) => b[j] - qj * B);
  }
  const S = x.reduce((a, b) => a + b, 0);
  const raw = x.map((v) => v / S);
  const free = raw.map((v) => v >= EPS && v <= ONE_MINUS_EPS); // tf.clip_by_value's gradient
  const q = raw.map((v) => Math.min(Math.max(v, EPS), ONE_MINUS_EPS));
  const a = q.map((qc, c) => (free[c] ? -alpha * ys[c] * ((1 - qc) ** gamma / qc - slope(1 - qc) * Math.log(qc)) : 0));
  const AQ = a.reduce((acc, v, c) => acc + v * q[c], 0);
  return a.map((aj) => (aj - AQ) / S);
}

function reference(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: O) {
  const C = o.classes;
  const rows = yPred.length / C;
  const w = (r: number) => (o.sampleWeight ? o.sampleWeight[r] : 1);
  const perSample: number[] = [];
  const grad: number[] = [];
  let total = 0;
  let divisor = rows;
  const reduction = o.reduction ?? "sum_over_batch_size";
  if (reduction === "sum" || reduction === "none") divisor = 1;
  if (reduction === "mean_with_sample_weight" && o.sampleWeight) divisor = Array.from(o.sampleWeight).reduce((a, b) => a + b, 0);
  const scale = divisor === 0 ? 0 : 1 / divisor;
  for (let r = 0; r < rows; r++) {
    const y = Array.from({ length: C }, (_, c) => yTrue[r * C + c]);
    const x = Array.from({ length: C }, (_, c) => yPred[r * C + c]);
    const L = rowLoss(y, x, o);
    perSample.push(w(r) * L);
    total += w(r) * L;
    grad.push(...rowGrad(y, x, o).map((g) => scale * w(r) * g));
  }
  return { perSample, loss: divisor === 0 ? 0 : total / divisor, grad, scale };
}

function data(rows: number, C: number, seed: number) {
  const r = rng(seed);
  const yTrue = new Float32Array(rows * C);
  for (let i = 0; i < rows; i++) yTrue[i * C + Math.floor(r() * C)] = 1;
  return { yTrue, logits: uniform(seed + 1, rows * C, -4, 4), probs: uniform(seed + 2, rows * C, 0.01, 1) };
}

type Any = (a: unknown, b: unknown, o?: object) => unknown;
const loss = sl.categoricalFocalCrossentropy as unknown as Any;
const withGrad = sl.categoricalFocalCrossentropyWithGrad as unknown as Any;
// Error bound (assembly/losses/categorical-focal.ts): |L − L64| ≤ 1e-5·|L| + 2e-6 per row.
const REL = 1e-5;
const ABS = 2e-6;
const OPTION_SETS = [{}, { gamma: 0, alpha: 1 }, { gamma: 1.5, alpha: 0.5 }, { labelSmoothing: 0.1 }, { gamma: 3 }];

describe("categoricalFocalCrossentropy", () => {
  for (const fromLogits of [true, false]) {
    const kind = fromLogits ? "from logits" : "from probabilities";
    it(`${kind}: C = 1, 2, 3, 4, 5, 10, 100, 1000, 1001 and every tail length match float64 (loss and gradient)`, () => {
      for (const C of [...new Set([1, 2, 3, 4, 5, 10, 100, 1000, 1001, ...TAIL_LENGTHS.filter((n) => n > 0)])]) {
        for (const base of OPTION_SETS) {
          const rows = C > 255 ? 2 : 5;
          const { yTrue, logits, probs } = data(rows, C, C + 1);
          const o = { ...base, classes: C, fromLogits };
          const yPred = fromLogits ? logits : probs;
          const ref = reference(yTrue, yPred, o);
          const what = `C=${C} ${JSON.stringify(base)}`;
          expectClose(loss(yTrue, yPred, o) as number, ref.loss, REL, ABS, what);
          const r = withGrad(yTrue, yPred, o) as sl.LossWithGrad;
          expectClose(r.loss, ref.loss, REL, ABS, `${what} WithGrad`);
          expectAllClose(r.grad, ref.grad, 1e-5, 2e-6, `${what} grad`);
        }
      }
    });

    it(`${kind}: analytic float64 gradient agrees with central finite differences, and the kernel with both`, () => {
      for (const base of OPTION_SETS) {
        const C = 5;
        const { yTrue, logits, probs } = data(1, C, 3);
        const o = { ...base, classes: C, fromLogits };
        const x = Array.from(fromLogits ? logits : probs);
        const y = Array.from(yTrue);
        const analytic = rowGrad(y, x, o);
        const { grad } = withGrad(yTrue, Float32Array.from(x), { ...o, reduction: "sum" }) as sl.LossWithGrad;
        for (let i = 0; i < C; i++) {
          const h = 1e-6;
          const up = x.slice(); up[i] += h;
          const dn = x.slice(); dn[i] -= h;
          const fd = (rowLoss(y, up, o) - rowLoss(y, dn, o)) / (2 * h);
          expectClose(analytic[i], fd, 1e-5, 1e-8, `${JSON.stringify(base)} analytic vs fd[${i}]`);
          expectClose(grad[i], fd, 2e-5, 2e-6, `${JSON.stringify(base)} kernel vs fd[${i}]`);
        }
      }
    });
  }

  it("every reduction and sample weights match float64", () => {
    const C = 4;
    const { yTrue, logits } = data(6, C, 11);
    const sampleWeight = [1, 0, 2, 0.5, 3, 1];
    for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight", "none"]) {
      const o = { classes: C, fromLogits: true, reduction, sampleWeight };
      const ref = reference(yTrue, logits, o);
      const r = withGrad(yTrue, logits, o) as sl.LossWithGrad<number | Float32Array>;
      if (reduction === "none") expectAllClose(r.loss as Float32Array, ref.perSample, REL, ABS);
      else expectClose(r.loss as number, ref.loss, REL, ABS, reduction);
      expectAllClose(r.grad, ref.grad, 1e-5, 2e-6, reduction);
    }
  });

  it("logits of ±1e4 give the exact float32 answer", () => {
    // correct class at +1e4: q = 1, loss 0; correct class at −1e4: log q = −2e4, (1 − q)^γ = 1
    const none = loss([1, 0, 1, 0], [1e4, -1e4, -1e4, 1e4], { classes: 2, fromLogits: true, reduction: "none" }) as Float32Array;
    expect(none[0]).toBe(0);
    expect(none[1]).toBe(0.25 * 2e4);
    const { grad } = withGrad([1, 0], [1e4, -1e4], { classes: 2, fromLogits: true }) as sl.LossWithGrad;
    expect(Array.from(grad, (v) => v + 0)).toEqual([0, 0]); // ±0
  });

  it("probabilities of exactly 0 and 1 give the clipped value (0.25 · 16.118095 · (1 − 1e-7)² for y = 1, p = 0)", () => {
    // hand-computed: q = clip(0) = 1e-7, (1 − q)² ≈ 1, −log q = 16.118095
    expectClose(loss([0, 1], [1, 0], { classes: 2 }) as number, 0.25 * (1 - EPS) ** 2 * -Math.log(EPS), 1e-6);
    expectClose(loss([1, 0], [1, 0], { classes: 2 }) as number, 0.25 * (1 - ONE_MINUS_EPS) ** 2 * -Math.log(ONE_MINUS_EPS), 1e-5);
  });

  it("all-equal logits give α·(1 − 1/C)^γ·log(C)", () => {
    for (const C of [1, 2, 3, 4, 5, 10, 100, 1000, 1001]) {
      const x = new Float32Array(C).fill(7);
      const y = new Float32Array(C);
      y[0] = 1;
      expectClose(loss(y, x, { classes: C, fromLogits: true }) as number, 0.25 * (1 - 1 / C) ** 2 * Math.log(C), 1e-5, 1e-7, `C=${C}`);
    }
  });

  it("NaN in a row gives NaN for that row only", () => {
    for (const fromLogits of [true, false]) {
      const { yTrue, logits, probs } = data(3, 6, 2);
      const x = Float32Array.from(fromLogits ? logits : probs);
      x[8] = NaN;
      const none = loss(yTrue, x, { classes: 6, fromLogits, reduction: "none" }) as Float32Array;
      expect([0, 1, 2].map((r) => Number.isNaN(none[r]))).toEqual([false, true, false]);
      const { grad } = withGrad(yTrue, x, { classes: 6, fromLogits }) as sl.LossWithGrad;
      for (let i = 0; i < 18; i++) expect(Number.isNaN(grad[i]), `grad[${i}]`).toBe(i >= 6 && i < 12);
    }
  });

  it("typed errors: classes not dividing the length, label smoothing outside [0, 1], negative gamma", () => {
    const x = new Float32Array(6);
    expect(() => loss(x, x, { classes: 4 })).toThrowError(sl.ShapeError);
    expect(() => loss(x, x, { classes: 3, labelSmoothing: 1.1 })).toThrowError("categoricalFocalCrossentropy: options.labelSmoothing must be a number in [0, 1], got number 1.1");
    expect(() => loss(x, x, { classes: 3, gamma: -2 })).toThrowError(sl.ValueError);
    expect(() => loss(x, x, {})).toThrowError(sl.ShapeError);
  });

  it("property: random shapes and options match the float64 reference", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), fc.constantFrom(...OPTION_SETS),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (rows, C, fromLogits, base, seed) => {
          const { yTrue, logits, probs } = data(rows, C, seed);
          const yPred = fromLogits ? logits : probs;
          const o = { ...base, classes: C, fromLogits };
          const ref = reference(yTrue, yPred, o);
          const r = withGrad(yTrue, yPred, o) as sl.LossWithGrad;
          expectClose(r.loss, ref.loss, REL, ABS);
          expectAllClose(r.grad, ref.grad, 1e-5, 2e-6);
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });
});
