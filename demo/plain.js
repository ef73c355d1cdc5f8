// Plain JavaScript versions of what the demo times: the baseline of the "benchmark in this
// browser" panel. Straightforward float64 loops, as a user would write them.

const EPS = 1e-7;

/** Mean of (p − t)² over all elements. */
export function meanSquaredError(yTrue, yPred) {
  let s = 0;
  for (let i = 0; i < yPred.length; i++) s += (yPred[i] - yTrue[i]) ** 2;
  return yPred.length ? s / yPred.length : 0;
}

/** Keras binary cross-entropy: p clipped to [ε, 1 − ε]. */
export function binaryCrossentropy(yTrue, yPred) {
  let s = 0;
  for (let i = 0; i < yPred.length; i++) {
    const p = Math.min(Math.max(yPred[i], EPS), 1 - EPS);
    s -= yTrue[i] * Math.log(p) + (1 - yTrue[i]) * Math.log(1 - p);
  }
  return yPred.length ? s / yPred.length : 0;
}

/** Keras sparse categorical cross-entropy on probabilities: row renormalised, clipped, −log p[label]. */
export function sparseCategoricalCrossentropy(labels, probs, classes) {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += probs[i * classes + c];
    const p = Math.min(Math.max(probs[i * classes + labels[i]] / sum, EPS), 1 - EPS);
    s -= Math.log(p);
  }
  return labels.length ? s / labels.length : 0;
}

/** Index of the largest probability of each row (first one on ties). */
export function argmaxRows(probs, classes) {
  const n = probs.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Fraction of predictions equal to their label. */
export function accuracy(labels, predictions) {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) hits++;
  return labels.length ? hits / labels.length : 0;
}

/** classes × classes counts, row = true label, column = prediction (sklearn's layout), flat. */
export function confusionMatrix(labels, predictions, classes) {
  const m = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) m[labels[i] * classes + predictions[i]]++;
  return m;
}
