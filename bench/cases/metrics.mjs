/**
 * Bench cases of the evaluation metrics: accuracies, argmax, confusion matrices,
 * classification report, exact ROC / PR AUC, the leakage check.
 *
 * References are float64 / integer JavaScript written from the definitions, by a different route
 * than the plain JS peers where that is cheap (AUC: rank sums with mid-ranks and binary search,
 * against the peer's merge of two sorted arrays; leakage: a lexicographic sort, against the
 * peer's Map of joined rows). Counts and indices must match exactly (tolerance 0).
 *
 * TensorFlow.js peers: tf ops as a user would write them (tf.argMax, tf.math.confusionMatrix,
 * tf.topk; on tfjs-wasm, where tf.math.confusionMatrix throws, its own algorithm in float32). tfjs has no classification report, no AUC or average precision (tf.metrics has
 * none; tfjs-layers' AUC does not exist) and no leakage check: those cases have no tfjs peer.
 * tf.inTopKAsync is async only, so top-k accuracy uses tf.topk and a comparison.
 */
import { rng, uniform } from "../inputs.mjs";
import { ELEMENT_SHAPES, OVERHEAD_SHAPE } from "./regression.mjs";
import { argmax64, oneHot } from "../../test/util/reference.mjs";

const EXACT = { loss: 0, grad: 0 };
/** Accuracies: tfjs returns a float32 mean (exact counts, one rounding: ~6e-8 relative). */
const ACCURACY = { loss: 1e-6, grad: 0 };

// ---- inputs ----
function labelsOf(seed, n, C) {
  const r = rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * C);
  return out;
}
function binaryOf(seed, n) {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r() < 0.5 ? 0 : 1;
  return out;
}
/** rows × C probabilities: uniform scores, each row divided by its sum. */
function probabilities(seed, rows, C) {
  const p = uniform(seed, rows * C, 0, 1);
  for (let o = 0; o < p.length; o += C) {
    let s = 0;
    for (let c = 0; c < C; c++) s += p[o + c];
    for (let c = 0; c < C; c++) p[o + c] /= s;
  }
  return p;
}
/** Scores in [0, 1); `ties` rounds them to 1/8 so that many tie (the tiny shapes check tie handling). */
function scoresOf(seed, n, ties) {
  const s = uniform(seed, n, 0, 1);
  if (ties) for (let i = 0; i < n; i++) s[i] = Math.round(s[i] * 8) / 8;
  return s;
}
const classesOf = (shape) => shape.options.classes;

// ---- shapes ----
/** rows × classes scores: 1e6 elements at classes 10, 100, 1000, and 1e6 rows of 10 (the issue-5 headline). */
const ROW_SHAPES = [
  { label: "1e5×10", n: 1e6, options: { classes: 10 } },
  { label: "1e4×100", n: 1e6, options: { classes: 100 } },
  { label: "1e3×1000", n: 1e6, options: { classes: 1000 } },
  { label: "1e6×10", n: 1e7, options: { classes: 10 } },
  { ...OVERHEAD_SHAPE, options: { classes: 10 } },
];
const TINY_ROWS = [
  { label: "7×3", n: 21, options: { classes: 3 } },
  { label: "5×17", n: 85, options: { classes: 17 } },
  { label: "32×10", n: 320, options: { classes: 10 } },
];
/** n samples (one value each), for binary metrics and class-id confusion matrices. */
const sampleShapes = (options = {}) => [...ELEMENT_SHAPES, OVERHEAD_SHAPE].map((s) => ({ ...s, options: { ...options } }));
const TINY_SAMPLES = [{ label: "17", n: 17, options: {} }, { label: "40 ties", n: 40, options: {}, ties: true }];

// ---- references ----

/** Each row's argmax (first index on ties: NumPy's, test/util/reference.mjs). */
function argmaxRef(p, C) {
  return Int32Array.from({ length: p.length / C }, (_, r) => argmax64(p, r * C, C));
}
/** Is the score of class `target` among the k largest of row r (fewer than k strictly larger)? */
function inTopK(p, r, C, target, k) {
  let larger = 0;
  for (let c = 0; c < C; c++) if (p[r * C + c] > p[r * C + target]) larger++;
  return larger < k;
}
function countMatrix(t, q, C) {
  const m = new Float64Array(C * C);
  for (let i = 0; i < t.length; i++) m[t[i] * C + q[i]]++;
  return m;
}
/** sorted copy of an array as float64 */
const sorted = (a) => Float64Array.from(a).sort();
/** Number of values of the ascending array a that are < v (strict) or ≤ v. */
function countBelow(a, v, orEqual) {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v || (orEqual && a[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/**
 * ROC AUC as the Mann–Whitney statistic: (Σ mid-rank of the positives − P(P+1)/2) / (P·N), the
 * mid-rank of a value v being (#scores < v + #scores ≤ v + 1) / 2 (ties share their mean rank).
 */
function rocAucRef(y, s) {
  const all = sorted(s);
  let P = 0, rankSum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    P++;
    rankSum += (countBelow(all, s[i], false) + countBelow(all, s[i], true) + 1) / 2;
  }
  const N = y.length - P;
  return P === 0 || N === 0 ? NaN : (rankSum - (P * (P + 1)) / 2) / (P * N);
}
/** Average precision: Σ over distinct positive scores v of (#positives = v)/P · (#positives ≥ v)/(#scores ≥ v). */
function averagePrecisionRef(y, s) {
  const all = sorted(s);
  const pos = sorted(s.filter((_, i) => y[i] === 1));
  const P = pos.length;
  if (P === 0) return NaN;
  let ap = 0;
  for (let i = 0; i < P; ) {
    const v = pos[i];
    let j = i;
    while (j < P && pos[j] === v) j++;
    ap += ((j - i) / P) * ((P - i) / (all.length - countBelow(all, v, false)));
    i = j;
  }
  return ap;
}
/** sklearn's report per class (0/0 → 0): flattened [precision, recall, f1, support] per class. */
function reportRef(m, C) {
  const out = new Float64Array(4 * C);
  let f1Sum = 0;
  for (let c = 0; c < C; c++) {
    let actual = 0, predicted = 0;
    for (let j = 0; j < C; j++) { actual += m[c * C + j]; predicted += m[j * C + c]; }
    const tp = m[c * C + c];
    const precision = predicted ? tp / predicted : 0, recall = actual ? tp / actual : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    out.set([precision, recall, f1, actual], 4 * c);
    f1Sum += f1;
  }
  return { loss: f1Sum / C, grad: out };
}
const reportOutput = (r) => ({ loss: r.macro.f1, grad: Float64Array.from(r.perClass.flatMap((s) => [s.precision, s.recall, s.f1, s.support])) });

/** Leakage by sorting the training rows lexicographically and binary-searching each validation row. */
function leakageRef(train, val, L) {
  const nTrain = train.length / L;
  const cmp = (a, i, b, j) => {
    for (let k = 0; k < L; k++) if (a[i * L + k] !== b[j * L + k]) return a[i * L + k] < b[j * L + k] ? -1 : 1;
    return 0;
  };
  const order = Array.from({ length: nTrain }, (_, i) => i).sort((i, j) => cmp(train, i, train, j) || i - j);
  const vi = [], ti = [];
  for (let v = 0; v < val.length / L; v++) {
    let lo = 0, hi = nTrain;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cmp(train, order[mid], val, v) < 0) lo = mid + 1; else hi = mid; }
    if (lo < nTrain && cmp(train, order[lo], val, v) === 0) { vi.push(v); ti.push(order[lo]); }
  }
  return { loss: vi.length, grad: Float64Array.from([...vi, ...ti]) };
}

// ---- plain JavaScript peers ----

function argmaxJs(p, C) {
  const rows = p.length / C, out = new Int32Array(rows);
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let best = 0, v = p[o];
    for (let c = 1; c < C; c++) if (p[o + c] > v) { v = p[o + c]; best = c; }
    out[r] = best;
  }
  return out;
}
/** Confusion matrix from scores: argmax of each row, then count (one pass). */
function confusionFromScoresJs(labels, p, C) {
  const m = new Float64Array(C * C);
  for (let r = 0, o = 0; r < labels.length; r++, o += C) {
    let best = 0, v = p[o];
    for (let c = 1; c < C; c++) if (p[o + c] > v) { v = p[o + c]; best = c; }
    m[labels[r] * C + best]++;
  }
  return m;
}
/** Sort the positives' and negatives' scores (Float64Array.sort), walk both from the bottom: Σ (#neg below + ½ #neg equal). */
function rocAucJs(y, s) {
  let P = 0;
  for (let i = 0; i < y.length; i++) P += y[i] === 1 ? 1 : 0;
  const pos = new Float64Array(P), neg = new Float64Array(y.length - P);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) if (y[i] === 1) pos[a++] = s[i]; else neg[b++] = s[i];
  pos.sort(); neg.sort();
  let u = 0, j = 0;
  for (let i = 0; i < P; ) {
    const v = pos[i];
    let k = i;
    while (k < P && pos[k] === v) k++;
    while (j < neg.length && neg[j] < v) j++;
    let e = j;
    while (e < neg.length && neg[e] === v) e++;
    u += (k - i) * (j + (e - j) / 2);
    i = k;
  }
  const N = neg.length;
  return P === 0 || N === 0 ? NaN : u / (P * N);
}
/** Sort scores descending with their labels (Float64Array.sort on one array, labels by a second sort key packed in). */
function averagePrecisionJs(y, s) {
  const n = y.length;
  // index sort by descending score (a user's straightforward version)
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => s[b] - s[a]);
  let P = 0;
  for (let i = 0; i < n; i++) P += y[i] === 1 ? 1 : 0;
  if (P === 0) return NaN;
  let tp = 0, ap = 0;
  for (let i = 0; i < n; ) {
    const v = s[idx[i]];
    let k = i, p = 0;
    while (k < n && s[idx[k]] === v) { p += y[idx[k]] === 1 ? 1 : 0; k++; }
    tp += p;
    if (p) ap += (p / P) * (tp / k);
    i = k;
  }
  return ap;
}
function leakageJs(train, val, L) {
  const seen = new Map();
  for (let r = train.length / L - 1; r >= 0; r--) seen.set(train.subarray(r * L, r * L + L).join(","), r);
  const vi = [], ti = [];
  for (let v = 0; v < val.length / L; v++) {
    const r = seen.get(val.subarray(v * L, v * L + L).join(","));
    if (r !== undefined) { vi.push(v); ti.push(r); }
  }
  return { loss: vi.length, grad: Float64Array.from([...vi, ...ti]) };
}

// ---- TensorFlow.js ----
const tfMeanBool = (tf, b) => tf.mean(tf.cast(b, "float32"));
const topKHit = (tf, p, target, k) => {
  const { indices } = tf.topk(p, Math.min(k, p.shape[1]));
  return tfMeanBool(tf, tf.any(tf.equal(indices, tf.expandDims(target, 1)), -1));
};

/**
 * tf.math.confusionMatrix(labels, predictions, C). On tfjs-wasm it throws ("BatchMatMul for non
 * non-float32 tensors not yet supported": it multiplies int32 one-hots), so there we write its own
 * algorithm (one-hot, transpose, matMul, cast) with the one-hots cast to float32 (exact counts below
 * 2^24; tf.oneHot(…, "float32") gives wrong values on tfjs-wasm 4.22, so the cast is explicit).
 */
function tfConfusion(tf, labels, predictions, C) {
  if (tf.getBackend() !== "wasm") return tf.math.confusionMatrix(labels, predictions, C);
  const oneHot = (x) => tf.cast(tf.oneHot(tf.cast(x, "int32"), C), "float32");
  return tf.cast(tf.matMul(oneHot(labels), oneHot(predictions), true, false), "int32");
}

// ---- the cases ----
// --quick (≤ 60 s for the whole suite) runs only the small quickShapes of this family, not its goal sizes
const metric = (c) => ({ family: "metrics", quickShapes: [], quickGoals: false, goals: [], ...c });
const rowArgs = (inp) => [inp.labels, inp.yPred];
const sparseRowInputs = (shape, seed) => {
  const C = classesOf(shape);
  return { labels: labelsOf(seed, shape.n / C, C), yPred: probabilities(seed + 1, shape.n / C, C) };
};
const denseRowInputs = (shape, seed) => {
  const { labels, yPred } = sparseRowInputs(shape, seed);
  return { yTrue: oneHot(labels, classesOf(shape)), yPred, labels };
};
const binaryInputs = (shape, seed) => ({ yTrue: binaryOf(seed, shape.n), scores: scoresOf(seed + 1, shape.n, shape.ties) });

export const METRICS_CASES = [
  metric({
    id: "binaryAccuracy", fn: "binaryAccuracy", label: "binary accuracy", kind: "loss",
    shapes: sampleShapes(), tinyShapes: TINY_SAMPLES, inputs: binaryInputs, args: (inp) => [inp.yTrue, inp.scores],
    reference: ({ yTrue, scores }) => {
      let hits = 0;
      for (let i = 0; i < yTrue.length; i++) hits += yTrue[i] === (scores[i] > 0.5 ? 1 : 0) ? 1 : 0;
      return { loss: hits / yTrue.length };
    },
    js: ({ yTrue, scores }) => () => {
      let hits = 0;
      for (let i = 0; i < yTrue.length; i++) if ((scores[i] > 0.5) === (yTrue[i] === 1)) hits++;
      return hits / yTrue.length;
    },
    tfjs: (tf, t, p) => tfMeanBool(tf, tf.equal(t, tf.cast(tf.greater(p, 0.5), "float32"))),
    tolerance: ACCURACY,
  }),
  metric({
    id: "categoricalAccuracy", fn: "categoricalAccuracy", label: "categorical accuracy", kind: "loss",
    shapes: ROW_SHAPES, tinyShapes: TINY_ROWS, inputs: denseRowInputs, args: (inp) => [inp.yTrue, inp.yPred],
    reference: ({ yTrue, yPred }, shape) => {
      const C = classesOf(shape), t = argmaxRef(yTrue, C), q = argmaxRef(yPred, C);
      let hits = 0;
      for (let r = 0; r < t.length; r++) hits += t[r] === q[r] ? 1 : 0;
      return { loss: hits / t.length };
    },
    js: ({ yTrue, yPred }, shape) => () => {
      const C = classesOf(shape), t = argmaxJs(yTrue, C), q = argmaxJs(yPred, C);
      let hits = 0;
      for (let r = 0; r < t.length; r++) if (t[r] === q[r]) hits++;
      return hits / t.length;
    },
    tfjs: (tf, t, p) => tfMeanBool(tf, tf.equal(tf.argMax(t, -1), tf.argMax(p, -1))),
    tolerance: ACCURACY,
  }),
  metric({
    id: "sparseCategoricalAccuracy", fn: "sparseCategoricalAccuracy", label: "sparse accuracy", kind: "loss",
    shapes: ROW_SHAPES, tinyShapes: TINY_ROWS, inputs: sparseRowInputs, args: rowArgs,
    reference: ({ labels, yPred }, shape) => {
      const q = argmaxRef(yPred, classesOf(shape));
      let hits = 0;
      for (let r = 0; r < q.length; r++) hits += labels[r] === q[r] ? 1 : 0;
      return { loss: hits / q.length };
    },
    js: ({ labels, yPred }, shape) => () => {
      const q = argmaxJs(yPred, classesOf(shape));
      let hits = 0;
      for (let r = 0; r < q.length; r++) if (labels[r] === q[r]) hits++;
      return hits / q.length;
    },
    tfjs: (tf, labels, p) => tfMeanBool(tf, tf.equal(labels, tf.argMax(p, -1))),
    tolerance: ACCURACY,
  }),
  ...[["topKCategoricalAccuracy", "top-5 accuracy", true], ["sparseTopKCategoricalAccuracy", "sparse top-5 accuracy", false]].map(([fn, label, dense]) => metric({
    id: fn, fn, label, kind: "loss",
    shapes: ROW_SHAPES.map((s) => ({ ...s, options: { ...s.options, k: 5 } })),
    tinyShapes: TINY_ROWS.map((s) => ({ ...s, options: { ...s.options, k: 2 } })),
    inputs: dense ? denseRowInputs : sparseRowInputs,
    args: dense ? (inp) => [inp.yTrue, inp.yPred] : rowArgs,
    reference: ({ labels, yPred }, shape) => {
      const C = classesOf(shape);
      let hits = 0;
      for (let r = 0; r < labels.length; r++) hits += inTopK(yPred, r, C, labels[r], shape.options.k) ? 1 : 0;
      return { loss: hits / labels.length };
    },
    js: ({ labels, yPred }, shape) => () => {
      const C = classesOf(shape), k = shape.options.k;
      let hits = 0;
      for (let r = 0, o = 0; r < labels.length; r++, o += C) {
        const v = yPred[o + labels[r]];
        let larger = 0;
        for (let c = 0; c < C && larger < k; c++) if (yPred[o + c] > v) larger++;
        if (larger < k) hits++;
      }
      return hits / labels.length;
    },
    tfjs: dense
      ? (tf, t, p, k) => topKHit(tf, p, tf.argMax(t, -1), k)
      : (tf, labels, p, k) => topKHit(tf, p, labels, k),
    tensors: (tf, inp, shape) => {
      const C = classesOf(shape), rows = inp.yPred.length / C;
      return [dense ? tf.tensor2d(inp.yTrue, [rows, C]) : tf.tensor1d(inp.labels, "int32"), tf.tensor2d(inp.yPred, [rows, C]), shape.options.k];
    },
    tolerance: ACCURACY,
  })),
  metric({
    id: "argmax", fn: "argmax", label: "argmax", kind: "array",
    shapes: ROW_SHAPES, tinyShapes: TINY_ROWS, inputs: (shape, seed) => ({ yPred: probabilities(seed, shape.n / classesOf(shape), classesOf(shape)) }),
    args: (inp) => [inp.yPred],
    reference: ({ yPred }, shape) => ({ grad: argmaxRef(yPred, classesOf(shape)) }),
    js: ({ yPred }, shape) => () => argmaxJs(yPred, classesOf(shape)),
    tfjs: (tf, p) => tf.argMax(p, -1),
    tolerance: EXACT,
  }),
  metric({
    id: "confusionMatrix", fn: "confusionMatrix", label: "confusion matrix (ids)", kind: "array",
    shapes: sampleShapes({ classes: 10 }), tinyShapes: TINY_SAMPLES.map((s) => ({ ...s, options: { classes: 4 } })),
    inputs: (shape, seed) => ({ labels: labelsOf(seed, shape.n, shape.options.classes), predictions: labelsOf(seed + 1, shape.n, shape.options.classes) }),
    args: (inp) => [inp.labels, inp.predictions],
    reference: ({ labels, predictions }, shape) => ({ grad: countMatrix(labels, predictions, shape.options.classes) }),
    js: ({ labels, predictions }, shape) => () => {
      const C = shape.options.classes, m = new Float64Array(C * C);
      for (let i = 0; i < labels.length; i++) m[labels[i] * C + predictions[i]]++;
      return m;
    },
    tfjs: tfConfusion,
    tensors: (tf, inp, shape) => [tf.tensor1d(inp.labels, "int32"), tf.tensor1d(inp.predictions, "int32"), shape.options.classes],
    tolerance: EXACT,
  }),
  metric({
    id: "confusionMatrixFromScores", fn: "confusionMatrixFromScores", label: "confusion matrix (scores)", kind: "array",
    shapes: ROW_SHAPES, quickShapes: ["1e5×10"], tinyShapes: TINY_ROWS, inputs: sparseRowInputs, args: rowArgs,
    reference: ({ labels, yPred }, shape) => ({ grad: countMatrix(labels, argmaxRef(yPred, classesOf(shape)), classesOf(shape)) }),
    js: ({ labels, yPred }, shape) => () => confusionFromScoresJs(labels, yPred, classesOf(shape)),
    tfjs: (tf, labels, p) => tfConfusion(tf, labels, tf.argMax(p, -1), p.shape[1]),
    tolerance: EXACT,
    goals: [{ shape: "1e6×10", peer: "tfjs-wasm", atLeast: 10 }, { shape: "1e6×10", peer: "js", atLeast: 3 }],
  }),
  metric({
    id: "binaryConfusionMatrix", fn: "binaryConfusionMatrix", label: "binary confusion matrix", kind: "array",
    shapes: sampleShapes(), tinyShapes: TINY_SAMPLES, inputs: binaryInputs, args: (inp) => [inp.yTrue, inp.scores],
    reference: ({ yTrue, scores }) => ({ grad: countMatrix(yTrue, Array.from(scores, (s) => (s > 0.5 ? 1 : 0)), 2) }),
    js: ({ yTrue, scores }) => () => {
      const m = new Float64Array(4);
      for (let i = 0; i < yTrue.length; i++) m[yTrue[i] * 2 + (scores[i] > 0.5 ? 1 : 0)]++;
      return m;
    },
    tfjs: (tf, t, p) => tfConfusion(tf, t, tf.greater(p, 0.5), 2),
    tensors: (tf, inp) => [tf.tensor1d(inp.yTrue), tf.tensor1d(inp.scores)],
    tolerance: EXACT,
  }),
  metric({
    id: "classificationReport", fn: "classificationReport", label: "classification report", kind: "loss",
    shapes: sampleShapes({ classes: 10 }), tinyShapes: TINY_SAMPLES.map((s) => ({ ...s, options: { classes: 4 } })),
    inputs: (shape, seed) => ({ labels: labelsOf(seed, shape.n, shape.options.classes), predictions: labelsOf(seed + 1, shape.n, shape.options.classes) }),
    args: (inp) => [inp.labels, inp.predictions],
    output: reportOutput,
    reference: ({ labels, predictions }, shape) => reportRef(countMatrix(labels, predictions, shape.options.classes), shape.options.classes),
    js: ({ labels, predictions }, shape) => () => {
      const C = shape.options.classes, m = new Float64Array(C * C);
      for (let i = 0; i < labels.length; i++) m[labels[i] * C + predictions[i]]++;
      return reportRef(m, C);
    },
    tolerance: { loss: 1e-12, grad: 1e-12 },
  }),
  metric({
    id: "classificationReportFromMatrix", fn: "classificationReportFromMatrix", label: "report from matrix", kind: "loss",
    shapes: [10, 100, 1000].map((C) => ({ label: `${C}×${C}`, n: C * C, options: {}, classes: C })),
    tinyShapes: [{ label: "3×3", n: 9, options: {}, classes: 3 }, { label: "4×4 empty class", n: 16, options: {}, classes: 4, emptyClass: true }],
    inputs: (shape, seed) => {
      const m = Float64Array.from(uniform(seed, shape.n, 0, 100), Math.floor);
      if (shape.emptyClass) for (let j = 0; j < shape.classes; j++) { m[j] = 0; m[j * shape.classes] = 0; } // class 0 never seen nor predicted
      return { matrix: m };
    },
    args: (inp) => [inp.matrix],
    output: reportOutput,
    reference: ({ matrix }, shape) => reportRef(matrix, shape.classes),
    js: ({ matrix }, shape) => () => reportRef(matrix, shape.classes),
    tolerance: { loss: 1e-12, grad: 1e-12 },
  }),
  ...[["rocAuc", "ROC AUC", rocAucRef, rocAucJs], ["averagePrecision", "average precision", averagePrecisionRef, averagePrecisionJs],
    ["prAuc", "PR AUC", averagePrecisionRef, averagePrecisionJs]].map(([fn, label, ref, js]) => metric({
    id: fn, fn, label, kind: "loss",
    shapes: sampleShapes(), tinyShapes: TINY_SAMPLES, inputs: binaryInputs, args: (inp) => [inp.yTrue, inp.scores],
    reference: ({ yTrue, scores }) => ({ loss: ref(yTrue, scores) }),
    js: ({ yTrue, scores }) => () => js(yTrue, scores),
    tolerance: { loss: 1e-12, grad: 0 },
    // within 2× of the plain JS sort-based version or faster: JS time / simdloss time ≥ 0.5
    goals: fn === "rocAuc" ? [{ shape: "1e6", peer: "js", atLeast: 0.5 }] : [],
    quickShapes: fn === "rocAuc" ? ["1e4"] : [],
  })),
  metric({
    id: "rocAucOneVsRest", fn: "rocAucOneVsRest", label: "ROC AUC one-vs-rest", kind: "loss",
    shapes: ROW_SHAPES, tinyShapes: TINY_ROWS, inputs: sparseRowInputs, args: rowArgs,
    output: (r) => ({ loss: r.macro, grad: r.perClass }),
    reference: ({ labels, yPred }, shape) => {
      const C = classesOf(shape), perClass = new Float64Array(C);
      for (let c = 0; c < C; c++) {
        perClass[c] = rocAucRef(Array.from(labels, (l) => (l === c ? 1 : 0)), yPred.filter((_, i) => i % C === c));
      }
      return { loss: perClass.reduce((a, b) => a + b, 0) / C, grad: perClass };
    },
    js: ({ labels, yPred }, shape) => () => {
      const C = classesOf(shape), perClass = new Float64Array(C), y = new Float32Array(labels.length), s = new Float32Array(labels.length);
      for (let c = 0; c < C; c++) {
        for (let r = 0; r < labels.length; r++) { y[r] = labels[r] === c ? 1 : 0; s[r] = yPred[r * C + c]; }
        perClass[c] = rocAucJs(y, s);
      }
      return { loss: perClass.reduce((a, b) => a + b, 0) / C, grad: perClass };
    },
    tolerance: { loss: 1e-12, grad: 1e-12 },
  }),
  metric({
    id: "findLeakage", fn: "findLeakage", label: "leakage check", kind: "loss",
    // n = training values; validation = a tenth as many rows, every 7th copied from the training set
    shapes: [1e4, 1e5, 1e6].map((n) => ({ label: `1e${Math.log10(n)}/10`, n, options: { rowLength: 10 } })),
    tinyShapes: [{ label: "12×3", n: 36, options: { rowLength: 3 } }, { label: "40×1", n: 40, options: { rowLength: 1 } }],
    inputs: (shape, seed) => {
      const L = shape.options.rowLength, nTrain = shape.n / L, nVal = Math.max(4, Math.floor(nTrain / 10));
      const train = Float32Array.from(uniform(seed, shape.n, 0, 4), Math.round); // coarse values: duplicate training rows too
      const val = Float32Array.from(uniform(seed + 1, nVal * L, 0, 4), (v) => Math.round(v) + 0.5);
      const r = rng(seed + 2);
      for (let v = 0; v < nVal; v += 7) val.set(train.subarray(Math.floor(r() * nTrain) * L).subarray(0, L), v * L);
      return { train, val };
    },
    args: (inp) => [inp.train, inp.val],
    output: (r) => ({ loss: r.count, grad: Float64Array.from([...r.valIndices, ...r.trainIndices]) }),
    reference: ({ train, val }, shape) => leakageRef(train, val, shape.options.rowLength),
    js: ({ train, val }, shape) => () => leakageJs(train, val, shape.options.rowLength),
    tolerance: EXACT,
  }),
];
