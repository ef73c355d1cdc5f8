// Float64 references of the ROC and precision–recall curves, transliterated from scikit-learn's
// algorithm (sklearn/metrics/_ranking.py, 1.8: _sort_inputs_and_compute_classification_thresholds,
// confusion_matrix_at_thresholds, roc_curve, precision_recall_curve), never from simdloss's
// output. Plain ESM (types in curves-ref.d.mts) so that the tests and the bench import the same code.
//
// One deliberate difference from scikit-learn, as simdloss: with no positives, recall is NaN
// (scikit-learn sets it to 1 and warns).

/**
 * scikit-learn's counts per threshold: samples of weight 0 dropped, a stable argsort by
 * descending score (ties keep input order), the last index of each run of equal scores, and
 * tps = cumsum(y·w), fps = cumsum((1 − y)·w) there (unweighted: fps = 1 + index − tps).
 */
export function thresholdCountsRef(yTrue, scores, sampleWeight) {
  let keep = Array.from({ length: yTrue.length }, (_, i) => i);
  if (sampleWeight) keep = keep.filter((i) => sampleWeight[i] !== 0);
  const y = keep.map((i) => yTrue[i]);
  const s = keep.map((i) => scores[i]);
  const w = sampleWeight ? keep.map((i) => sampleWeight[i]) : null;
  const order = Array.from({ length: s.length }, (_, i) => i).sort((a, b) => (s[a] > s[b] ? -1 : s[a] < s[b] ? 1 : a - b));
  const thresholds = [], tps = [], fps = [];
  let tp = 0, fp = 0;
  for (let q = 0; q < order.length; q++) {
    const i = order[q];
    tp += y[i] * (w ? w[i] : 1);
    fp += (1 - y[i]) * (w ? w[i] : 1);
    if (q === order.length - 1 || s[order[q + 1]] !== s[i]) {
      thresholds.push(s[i]);
      tps.push(tp);
      fps.push(w ? fp : 1 + q - tp);
    }
  }
  return { thresholds, tps, fps };
}

/** Indices kept by drop_intermediate: both ends, and the inner i where `corner(i)` holds. */
function kept(k, drop, corner) {
  const idx = [];
  for (let i = 0; i < k; i++) if (!drop || k <= 2 || i === 0 || i === k - 1 || corner(i)) idx.push(i);
  return idx;
}

/** sklearn's roc_curve: drop_intermediate by np.diff(·, 2), then the point (0, 0) at +∞. */
export function rocCurveRef(yTrue, scores, { sampleWeight, dropIntermediate = true } = {}) {
  const { thresholds, tps, fps } = thresholdCountsRef(yTrue, scores, sampleWeight);
  const d2 = (x, i) => (x[i + 1] - x[i]) - (x[i] - x[i - 1]);
  const idx = kept(thresholds.length, dropIntermediate, (i) => d2(fps, i) !== 0 || d2(tps, i) !== 0);
  const tp = [0, ...idx.map((i) => tps[i])];
  const fp = [0, ...idx.map((i) => fps[i])];
  const P = tp[tp.length - 1], N = fp[fp.length - 1];
  return {
    fpr: fp.map((v) => (N <= 0 ? NaN : v / N)),
    tpr: tp.map((v) => (P <= 0 ? NaN : v / P)),
    thresholds: [Infinity, ...idx.map((i) => thresholds[i])],
  };
}

/** sklearn's precision_recall_curve (recall NaN without positives), reversed, then (1, 0). */
export function precisionRecallCurveRef(yTrue, scores, { sampleWeight, dropIntermediate = false } = {}) {
  const { thresholds, tps, fps } = thresholdCountsRef(yTrue, scores, sampleWeight);
  const idx = kept(thresholds.length, dropIntermediate, (i) => tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]);
  const P = idx.length ? tps[idx[idx.length - 1]] : 0;
  const precision = idx.map((i) => (tps[i] + fps[i] !== 0 ? tps[i] / (tps[i] + fps[i]) : 0));
  const recall = idx.map((i) => (P === 0 ? NaN : tps[i] / P));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: idx.map((i) => thresholds[i]).reverse(),
  };
}

/** Σ (x_i − x_{i−1})·(y_i + y_{i−1})/2: the trapezoid rule (sklearn's `auc`) over increasing x. */
export function trapezoid(x, y) {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** −Σ diff(recall)·precision[:−1]: average_precision_score's step sum over a precision–recall curve. */
export function stepSum(precision, recall) {
  let ap = 0;
  for (let i = 0; i + 1 < recall.length; i++) ap += (recall[i] - recall[i + 1]) * precision[i];
  return ap;
}
