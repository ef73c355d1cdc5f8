/**
 * Bench cases of the ROC and precision–recall curves (rocCurve, precisionRecallCurve), binary
 * labels and float32 scores, unweighted (the default options: ROC with dropIntermediate, PR
 * without).
 *
 * Reference: scikit-learn's algorithm transliterated in float64 (test/util/curves-ref.mjs, the
 * unit tests' reference): a stable argsort by descending score, running counts at the end of
 * each run of equal scores. Plain JS peer, by another route: the positives' and the negatives'
 * scores copied to Float64Arrays and sorted with TypedArray.prototype.sort (numeric, no
 * comparator: the fastest sort plain JavaScript has), merged from the top into counts per
 * distinct score, then the same rates. Counts are integers and each rate one division, so every
 * implementation must give the same bits (tolerance 0). tfjs has no curves: no tfjs peer.
 *
 * A result is compared as one array: fpr, tpr and the thresholds after +∞ (ROC); precision,
 * recall and the thresholds (PR).
 */
import { rng, uniform } from "../inputs.mjs";
import { ELEMENT_SHAPES, OVERHEAD_SHAPE } from "./regression.mjs";
import { precisionRecallCurveRef, rocCurveRef } from "../../test/util/curves-ref.mjs";

const EXACT = { loss: 0, grad: 0 };

// ---- inputs: 0/1 labels (40 % positive) and scores that rank positives higher, as a classifier's ----
function binaryInputs(shape, seed) {
  const r = rng(seed);
  const yTrue = new Float32Array(shape.n);
  for (let i = 0; i < shape.n; i++) yTrue[i] = r() < 0.4 ? 1 : 0;
  const scores = uniform(seed + 1, shape.n, 0, 1);
  for (let i = 0; i < shape.n; i++) {
    scores[i] = Math.min(1, scores[i] * 0.8 + 0.2 * yTrue[i]);
    if (shape.ties) scores[i] = Math.round(scores[i] * 8) / 8;
  }
  return { yTrue, scores };
}

/** The curve's arrays as one (a leading +∞ threshold left out: the comparison needs finite values). */
function flat(...arrays) {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) { out.set(a, o); o += a.length; }
  return out;
}
const rocOutput = (r) => ({ grad: flat(r.fpr, r.tpr, r.thresholds.subarray(1)) });
const prOutput = (r) => ({ grad: flat(r.precision, r.recall, r.thresholds) });

// ---- plain JavaScript: two typed sorts and a merge ----
/** Distinct scores, highest first, with the running counts TP and FP at each. */
function countsJs(y, s) {
  let P = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) P++;
  const pos = new Float64Array(P), neg = new Float64Array(y.length - P);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) if (y[i] === 1) pos[a++] = s[i]; else neg[b++] = s[i];
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(y.length), tps = new Float64Array(y.length), fps = new Float64Array(y.length);
  let i = pos.length - 1, j = neg.length - 1, tp = 0, fp = 0, k = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === v) { tp++; i--; }
    while (j >= 0 && neg[j] === v) { fp++; j--; }
    thresholds[k] = v; tps[k] = tp; fps[k] = fp; k++;
  }
  return { thresholds: thresholds.subarray(0, k), tps: tps.subarray(0, k), fps: fps.subarray(0, k) };
}
function rocCurveJs(y, s) {
  const { thresholds, tps, fps } = countsJs(y, s);
  const k = thresholds.length, P = tps[k - 1], N = fps[k - 1];
  const fpr = new Float64Array(k + 1), tpr = new Float64Array(k + 1), th = new Float64Array(k + 1);
  th[0] = Infinity;
  let m = 1;
  for (let i = 0; i < k; i++) {
    const corner = k <= 2 || i === 0 || i === k - 1 ||
      fps[i + 1] - fps[i] - (fps[i] - fps[i - 1]) !== 0 || tps[i + 1] - tps[i] - (tps[i] - tps[i - 1]) !== 0;
    if (corner) { fpr[m] = fps[i] / N; tpr[m] = tps[i] / P; th[m] = thresholds[i]; m++; }
  }
  return { fpr: fpr.slice(0, m), tpr: tpr.slice(0, m), thresholds: th.slice(0, m) };
}
function precisionRecallCurveJs(y, s) {
  const { thresholds, tps, fps } = countsJs(y, s);
  const k = thresholds.length, P = tps[k - 1];
  const precision = new Float64Array(k + 1), recall = new Float64Array(k + 1), th = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    precision[k - 1 - i] = tps[i] / (tps[i] + fps[i]);
    recall[k - 1 - i] = tps[i] / P;
    th[k - 1 - i] = thresholds[i];
  }
  precision[k] = 1;
  return { precision, recall, thresholds: th };
}

// 1e7 is left out: three float64 arrays of up to 1e7 points per result, and a comparator sort in the reference
const SHAPES = [...ELEMENT_SHAPES.filter((s) => s.n <= 1e6), { ...OVERHEAD_SHAPE, options: {} }];
const TINY = [{ label: "17", n: 17, options: {} }, { label: "40 ties", n: 40, options: {}, ties: true }];

const curve = (fn, label, ref, js, output) => ({
  id: fn, fn, label, kind: "array", family: "metrics",
  shapes: SHAPES, quickShapes: ["1e4"], quickGoals: false, tinyShapes: TINY,
  inputs: binaryInputs, args: (inp) => [inp.yTrue, inp.scores],
  output,
  reference: ({ yTrue, scores }) => output(ref(yTrue, scores)),
  js: ({ yTrue, scores }) => () => output(js(yTrue, scores)),
  tolerance: EXACT,
  // the bar: faster than the plain JS sort-based version (JS time / simdloss time ≥ 1)
  goals: [{ shape: "1e6", peer: "js", atLeast: 1 }],
});

export const CURVES_CASES = [
  curve("rocCurve", "ROC curve", (y, s) => {
    const r = rocCurveRef(y, s);
    return { fpr: r.fpr, tpr: r.tpr, thresholds: Float64Array.from(r.thresholds) };
  }, rocCurveJs, rocOutput),
  curve("precisionRecallCurve", "precision-recall curve", precisionRecallCurveRef, precisionRecallCurveJs, prOutput),
];
