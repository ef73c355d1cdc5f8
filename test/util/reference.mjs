// The float64 references shared by the tests (test/), the browser cases (test/browser/cases.ts)
// and the bench cases (bench/cases/): each written once, plainly from the formula (Keras 3's
// keras/src/losses/losses.py and keras/src/backend/*/nn.py, NumPy's argmax), never from
// simdloss's output. Plain ESM with JSDoc (types in reference.d.mts), so that the bench, which
// runs on Node without a TypeScript loader, imports it as it is.

/** Keras's epsilon (`keras.config.epsilon()`), as a float64 number. */
export const EPS = 1e-7;

/** log(cosh e) in float64 without overflow or cancellation: log1p(cosh|e| − 1), cosh a − 1 = expm1(a)²/(2·e^a). */
export function logCosh64(e) {
  const a = Math.abs(e);
  if (a > 20) return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
  const m = Math.expm1(a);
  return Math.log1p((m * m) / (2 * (m + 1)));
}

/**
 * The element term of each regression loss and its derivative in yPred, as functions of
 * (yTrue t, yPred p, Huber's delta d = 1).
 */
export const REGRESSION_TERMS = {
  meanSquaredError: { loss: (t, p) => (p - t) ** 2, grad: (t, p) => 2 * (p - t) },
  meanAbsoluteError: { loss: (t, p) => Math.abs(p - t), grad: (t, p) => Math.sign(p - t) },
  meanAbsolutePercentageError: {
    loss: (t, p) => (100 * Math.abs(p - t)) / Math.max(Math.abs(t), EPS),
    grad: (t, p) => (100 * Math.sign(p - t)) / Math.max(Math.abs(t), EPS),
  },
  meanSquaredLogarithmicError: {
    loss: (t, p) => (Math.log1p(Math.max(p, EPS)) - Math.log1p(Math.max(t, EPS))) ** 2,
    grad: (t, p) => (p <= EPS ? 0 : (2 * (Math.log1p(p) - Math.log1p(Math.max(t, EPS)))) / (p + 1)),
  },
  huber: {
    loss: (t, p, d = 1) => (Math.abs(p - t) <= d ? 0.5 * (p - t) ** 2 : d * Math.abs(p - t) - 0.5 * d * d),
    grad: (t, p, d = 1) => (Math.abs(p - t) <= d ? p - t : d * Math.sign(p - t)),
  },
  logCosh: { loss: (t, p) => logCosh64(p - t), grad: (t, p) => Math.tanh(p - t) },
};

/**
 * log softmax of x[start … start + n) in float64: x − max − log Σ exp(x − max), with its limits at
 * infinite logits: a −Infinity entry gives −Infinity; a row with one +Infinity tends to one-hot
 * there (0 at it, −Infinity elsewhere). A row holding NaN, two or more +Infinity (no limit) or
 * only −Infinity (0/0) gives NaN everywhere; an empty row gives [].
 */
export function logSoftmax64(x, start = 0, n = x.length - start) {
  let m = -Infinity;
  for (let i = 0; i < n; i++) m = Math.max(m, x[start + i]);
  if (Number.isNaN(m) || m === -Infinity) return new Array(n).fill(NaN);
  if (m === Infinity) {
    let inf = 0;
    for (let i = 0; i < n; i++) if (x[start + i] === Infinity) inf++;
    return Array.from({ length: n }, (_, i) => (inf > 1 ? NaN : x[start + i] === Infinity ? 0 : -Infinity));
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(x[start + i] - m);
  const logS = Math.log(s);
  return Array.from({ length: n }, (_, i) => x[start + i] - m - logS);
}

/** The logistic function 1 / (1 + e^−x), without overflow for large |x|. */
export const sigmoid64 = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Binary cross-entropy of target z against logit x: max(x, 0) − x·z + log1p(e^−|x|). */
export const bceFromLogits64 = (z, x) => Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));

/** One-hot rows (float32: 0 and 1 are exact) of the labels; a label outside [0, classes) gives a row of zeros. */
export function oneHot(labels, classes) {
  const out = new Float32Array(labels.length * classes);
  for (let r = 0; r < labels.length; r++) if (labels[r] >= 0 && labels[r] < classes) out[r * classes + labels[r]] = 1;
  return out;
}

/** NumPy's argmax of x[start … start + n): the first index of the maximum, or of the first NaN. */
export function argmax64(x, start = 0, n = x.length - start) {
  let best = 0;
  for (let j = 0; j < n; j++) {
    const v = x[start + j];
    if (Number.isNaN(v)) return j;
    if (v > x[start + best]) best = j;
  }
  return best;
}

/**
 * What Keras divides the weighted sum of per-sample losses by, for a reduction: the number of
 * samples ("sum_over_batch_size", the default), 1 ("sum", "none"), the sum of the weights
 * ("mean_with_sample_weight") or the number of non-zero weights ("sum_by_nonzero_weights").
 * `weights`: one weight per sample counted (1 each without sample weights).
 */
export function reductionDivisor(reduction = "sum_over_batch_size", weights) {
  switch (reduction) {
    case "sum":
    case "none":
      return 1;
    case "mean_with_sample_weight":
      return Array.from(weights).reduce((a, b) => a + b, 0);
    case "sum_by_nonzero_weights":
      return Array.from(weights).filter((w) => w !== 0).length;
    default:
      return weights.length;
  }
}
