// float64 references of the regression losses, written from the Keras 3 formulas
// (keras/src/losses/losses.py), shared by test/losses/regression.test.ts and the browser cases.
export const EPS = 1e-7;
export type Term = { loss: (t: number, p: number, k: number) => number; grad: (t: number, p: number, k: number) => number };
export const TERMS: Record<string, Term> = {
  meanSquaredError: { loss: (t, p) => (p - t) ** 2, grad: (t, p) => 2 * (p - t) },
  meanAbsoluteError: { loss: (t, p) => Math.abs(p - t), grad: (t, p) => Math.sign(p - t) },
  meanAbsolutePercentageError: {
    loss: (t, p) => (100 * Math.abs(t - p)) / Math.max(Math.abs(t), EPS),
    grad: (t, p) => (100 * Math.sign(p - t)) / Math.max(Math.abs(t), EPS),
  },
  meanSquaredLogarithmicError: {
    loss: (t, p) => (Math.log(Math.max(p, EPS) + 1) - Math.log(Math.max(t, EPS) + 1)) ** 2,
    grad: (t, p) => (p <= EPS ? 0 : (2 * (Math.log(p + 1) - Math.log(Math.max(t, EPS) + 1))) / (p + 1)),
  },
  huber: {
    loss: (t, p, d) => (Math.abs(p - t) <= d ? 0.5 * (p - t) ** 2 : d * Math.abs(p - t) - 0.5 * d * d),
    grad: (t, p, d) => (Math.abs(p - t) <= d ? p - t : d * Math.sign(p - t)),
  },
  logCosh: { loss: (t, p) => logCosh64(p - t), grad: (t, p) => Math.tanh(p - t) },
};

/** log(cosh e) in float64 without cancellation: log1p(cosh|e| − 1), cosh a − 1 = expm1(a)²/(2·e^a). */
export function logCosh64(e: number): number {
  const a = Math.abs(e);
  if (a > 20) return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
  const m = Math.expm1(a);
  return Math.log1p((m * m) / (2 * (m + 1)));
}

export interface RefOptions { features?: number; reduction?: string; sampleWeight?: ArrayLike<number>; delta?: number }

/** Per-sample losses (weighted), the reduced loss and its gradient, all in float64. */
export function reference(name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: RefOptions = {}) {
  const term = TERMS[name];
  const k = o.delta ?? 1;
  const F = o.features ?? 1;
  const rows = yPred.length / F;
  const w = (s: number) => (o.sampleWeight ? o.sampleWeight[s] : 1);
  const perSample: number[] = [];
  let total = 0;
  for (let s = 0; s < rows; s++) {
    let sum = 0;
    for (let f = 0; f < F; f++) sum += term.loss(yTrue[s * F + f], yPred[s * F + f], k);
    perSample.push(w(s) * (sum / F));
    total += w(s) * (sum / F);
  }
  let divisor = rows;
  const reduction = o.reduction ?? "sum_over_batch_size";
  if (reduction === "sum" || reduction === "none") divisor = 1;
  if (reduction === "mean_with_sample_weight" && o.sampleWeight) divisor = Array.from(o.sampleWeight).reduce((a, b) => a + b, 0);
  if (reduction === "sum_by_nonzero_weights" && o.sampleWeight) divisor = Array.from(o.sampleWeight).filter((x) => x !== 0).length;
  const loss = divisor === 0 ? 0 : total / divisor;
  const scale = divisor === 0 ? 0 : 1 / divisor;
  const grad = Array.from(yPred, (p, i) => (scale * w(Math.floor(i / F)) * term.grad(yTrue[i], p, k)) / F);
  return { perSample, loss, grad, scale };
}

