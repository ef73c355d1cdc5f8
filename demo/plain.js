// Plain JavaScript versions of what the demo shows: the baseline of the "benchmark in this
// browser" panel, and the clearly labelled fallback for any metric this build of simdloss does
// not export yet. Straightforward float64 loops, as a user would write them.

const EPS = 1e-7;

/** Mean of (p − t)² over all elements. */
export function meanSquaredError(yTrue, yPred) {
  let s = 0;
  for (let i = 0; i < yPred.length; i++) s += (yPred[i] - yTrue[i]) ** 2;
  return yPred.length ? s / yPred.length : 0;
}

/** Mean of |p − t| over all elements. */
export function meanAbsoluteError(yTrue, yPred) {
  let s = 0;
  for (let i = 0; i < yPred.length; i++) s += Math.abs(yPred[i] - yTrue[i]);
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

/** Per-class precision, recall, F1 and support from a flat confusion matrix, plus the averages. */
export function reportFromMatrix(matrix, classes) {
  const rows = [];
  let total = 0;
  let correct = 0;
  for (let c = 0; c < classes; c++) {
    let tp = matrix[c * classes + c];
    let predicted = 0;
    let support = 0;
    for (let k = 0; k < classes; k++) {
      predicted += matrix[k * classes + c];
      support += matrix[c * classes + k];
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    rows.push({ precision, recall, f1, support });
    total += support;
    correct += tp;
  }
  const avg = (key, weighted) =>
    rows.reduce((s, r) => s + r[key] * (weighted ? r.support : 1), 0) / (weighted ? total || 1 : classes);
  return {
    rows,
    accuracy: total ? correct / total : 0,
    macro: { precision: avg("precision"), recall: avg("recall"), f1: avg("f1"), support: total },
    weighted: { precision: avg("precision", true), recall: avg("recall", true), f1: avg("f1", true), support: total },
  };
}

/** The report as text, laid out like sklearn's classification_report. */
export function formatReport(report, names) {
  const w = Math.max(12, ...names.map((n) => n.length));
  const f = (x) => x.toFixed(2).padStart(9);
  const line = (name, r) => `${name.padStart(w)} ${f(r.precision)} ${f(r.recall)} ${f(r.f1)} ${String(r.support).padStart(9)}`;
  const out = [`${"".padStart(w)} ${"precision".padStart(9)} ${"recall".padStart(9)} ${"f1-score".padStart(9)} ${"support".padStart(9)}`, ""];
  report.rows.forEach((r, c) => out.push(line(names[c], r)));
  out.push("", `${"accuracy".padStart(w)} ${"".padStart(9)} ${"".padStart(9)} ${f(report.accuracy)} ${String(report.macro.support).padStart(9)}`);
  out.push(line("macro avg", report.macro), line("weighted avg", report.weighted));
  return out.join("\n");
}
