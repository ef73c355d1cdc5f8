/**
 * Exact ROC AUC and average precision, with scikit-learn's semantics (sklearn/metrics/_ranking.py):
 * one threshold per distinct score, so tied scores move the curve diagonally (a tie between a
 * positive and a negative counts ½, as in the Mann–Whitney U statistic).
 *
 * Both are computed from the score histogram: the distinct scores s_1 > s_2 > … with P_i
 * positives and N_i negatives at s_i, TP_i = Σ_{j≤i} P_j, FP_i = Σ_{j≤i} N_j, P = TP_last, N = FP_last:
 *
 *   rocAuc           = Σ_i N_i · (2·TP_{i−1} + P_i) / (2·P·N)      (the trapezoid rule, exactly)
 *   averagePrecision = Σ_i (P_i / P) · TP_i / (TP_i + FP_i)        (step function, not interpolated)
 *
 * The rocAuc numerator and denominator are integers below 2^53, so the result is the exact
 * rational rounded once. The histogram is built by sorting the positives' and the negatives'
 * scores separately (radix sort in the kernel) and walking both from the top.
 */
import { innerLength, numericArray, rowLengthOf, type ArrayInput } from "../core/args.js";
import { optionKeys, toOptions } from "../core/options.js";
import { runKernel } from "../core/run.js";
import { ShapeError, ValueError } from "../core/errors.js";
import { toBinaryLabels, toLabels } from "./common.js";

/** Distinct scores in decreasing order, with the number of positives and negatives at each. */
export interface ScoreHistogram {
  values: Float64Array;
  positives: Float64Array;
  negatives: Float64Array;
}

export interface RocAucOptions {
  /**
   * Multi-class one-vs-rest: labels are integers in [0, classes) and scores is rows × classes;
   * the result is the macro average of the per-class AUCs. Omit for a binary problem (or give
   * nested score rows: rows of more than one score are one-vs-rest, of one score binary).
   */
  classes?: number;
}

const ROC_AUC_OPTIONS = optionKeys("classes");
const OVR_OPTIONS = optionKeys("classes");
const NO_OPTIONS = optionKeys();

/** Scores at their own precision: a Float32Array as is, anything else (flat or nested) as float64. */
export function toScores(fn: string, x: unknown): Float32Array | Float64Array {
  const scores = numericArray(fn, "scores", x);
  return scores instanceof Float32Array || scores instanceof Float64Array ? scores : Float64Array.from(scores);
}

/** Scores of a binary metric: one per sample (nested rows of one score are accepted, longer ones a ShapeError). */
export function binaryScores(fn: string, x: unknown): Float32Array | Float64Array {
  const inner = innerLength(x);
  if (inner !== undefined && inner !== 1) {
    throw new ShapeError(fn, `scores must hold one score per sample, got nested rows of ${inner}`);
  }
  return toScores(fn, x);
}

/** Splits column `col` of `stride`-wide score rows by label == target; rejects non-finite scores. */
function split(fn: string, labels: Float32Array | Int32Array, target: number, scores: Float32Array | Float64Array, stride: number, col: number) {
  const rows = labels.length;
  let nPos = 0;
  for (let s = 0; s < rows; s++) if (labels[s] === target) nPos++;
  const Ctor = scores instanceof Float32Array ? Float32Array : Float64Array;
  const pos = new Ctor(nPos);
  const neg = new Ctor(rows - nPos);
  let a = 0;
  let b = 0;
  for (let s = 0; s < rows; s++) {
    const x = scores[s * stride + col];
    if (!Number.isFinite(x)) throw new ValueError(fn, `scores[${s * stride + col}] = ${x} is not finite`);
    if (labels[s] === target) pos[a++] = x;
    else neg[b++] = x;
  }
  sortAscending(fn, pos, neg);
  return { pos, neg };
}

/**
 * Sorts both arrays ascending in place with the kernel's radix sort (assembly/metrics/radix-sort.ts;
 * several times faster than TypedArray.prototype.sort on 10^6 scores).
 */
function sortAscending(fn: string, a: Float32Array | Float64Array, b: Float32Array | Float64Array): void {
  for (const x of [a, b]) {
    runKernel(fn, x instanceof Float64Array ? "radixSortF64" : "radixSortF32", { rows: x.length, inouts: { x }, names: { x: "scores" } });
  }
}

/** The first k entries of three arrays (a view when that keeps most of the memory in use). */
function trimmed(values: Float64Array, positives: Float64Array, negatives: Float64Array, k: number): ScoreHistogram {
  const cut = (a: Float64Array) => (2 * k >= a.length ? a.subarray(0, k) : a.slice(0, k));
  return { values: cut(values), positives: cut(positives), negatives: cut(negatives) };
}

/** The histogram of two ascending-sorted arrays of scores (positives, negatives). */
export function histogramOfSorted(pos: ArrayLike<number>, neg: ArrayLike<number>): ScoreHistogram {
  const n = pos.length + neg.length;
  const values = new Float64Array(n);
  const positives = new Float64Array(n);
  const negatives = new Float64Array(n);
  let i = pos.length - 1;
  let j = neg.length - 1;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    let p = 0;
    let q = 0;
    while (i >= 0 && pos[i] === v) { p++; i--; }
    while (j >= 0 && neg[j] === v) { q++; j--; }
    values[k] = v;
    positives[k] = p;
    negatives[k] = q;
    k++;
  }
  return trimmed(values, positives, negatives, k);
}

/** The merge of two histograms (counts of equal scores add): exact and order-independent. */
export function mergeHistograms(a: ScoreHistogram, b: ScoreHistogram): ScoreHistogram {
  const n = a.values.length + b.values.length;
  const values = new Float64Array(n);
  const positives = new Float64Array(n);
  const negatives = new Float64Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.values.length || j < b.values.length) {
    const takeA = j >= b.values.length || (i < a.values.length && a.values[i] >= b.values[j]);
    const v = takeA ? a.values[i] : b.values[j];
    let p = 0;
    let q = 0;
    if (i < a.values.length && a.values[i] === v) { p += a.positives[i]; q += a.negatives[i]; i++; }
    if (j < b.values.length && b.values[j] === v) { p += b.positives[j]; q += b.negatives[j]; j++; }
    values[k] = v;
    positives[k] = p;
    negatives[k] = q;
    k++;
  }
  return trimmed(values, positives, negatives, k);
}

/** ROC AUC of a histogram; NaN when there are no positives or no negatives. */
export function rocAucOfHistogram(h: ScoreHistogram): number {
  let tp = 0;
  let fp = 0;
  let twiceArea = 0;
  for (let i = 0; i < h.values.length; i++) {
    twiceArea += h.negatives[i] * (2 * tp + h.positives[i]);
    tp += h.positives[i];
    fp += h.negatives[i];
  }
  return tp === 0 || fp === 0 ? NaN : twiceArea / (2 * tp * fp);
}

/** Average precision of a histogram; NaN when there are no positives. */
export function averagePrecisionOfHistogram(h: ScoreHistogram): number {
  let P = 0;
  for (let i = 0; i < h.positives.length; i++) P += h.positives[i];
  if (P === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let i = 0; i < h.values.length; i++) {
    tp += h.positives[i];
    fp += h.negatives[i];
    if (h.positives[i] > 0) ap += (h.positives[i] / P) * (tp / (tp + fp));
  }
  return ap;
}

/** The histogram of binary labels (0/1) and scores, with the checks of the public functions. */
export function binaryHistogram(fn: string, yTrue: unknown, scoresIn: unknown): ScoreHistogram {
  const t = toBinaryLabels(fn, "yTrue", yTrue);
  const scores = binaryScores(fn, scoresIn);
  if (t.length !== scores.length) {
    throw new ShapeError(fn, `yTrue.length (${t.length}) must equal scores.length (${scores.length})`);
  }
  const { pos, neg } = split(fn, t, 1, scores, 1, 0);
  return histogramOfSorted(pos, neg);
}

/** Per-class one-vs-rest ROC AUCs and their macro average. */
export interface OneVsRestAuc {
  /** Mean of perClass (NaN when any class is absent or is every sample). */
  macro: number;
  /** AUC of class c against the rest, scored by column c. */
  perClass: Float64Array;
}

/**
 * One-vs-rest ROC AUC of integer labels in [0, classes) against rows × classes scores: class c's
 * AUC treats label c as positive and column c as its score (scikit-learn's `multi_class="ovr"`,
 * `average="macro"`; the rows are not required to sum to 1).
 * @throws ShapeError when scores.length ≠ labels.length × classes; LabelError for a label outside
 *   [0, classes); ValueError for a non-finite score.
 */
export function rocAucOneVsRest(labels: ArrayInput, scores: ArrayInput, options?: RocAucOptions): OneVsRestAuc {
  const fn = "rocAucOneVsRest";
  const o = toOptions(fn, options, OVR_OPTIONS);
  return oneVsRest(fn, labels, scores, rowLengthOf(fn, "options.classes", o.classes, undefined, "scores", scores));
}

function oneVsRest(fn: string, labelsIn: unknown, scoresIn: unknown, classes: number): OneVsRestAuc {
  const p = toScores(fn, scoresIn);
  const labels = toLabels(fn, "labels", labelsIn, classes);
  if (labels.length * classes !== p.length) {
    throw new ShapeError(fn, `scores.length (${p.length}) must equal labels.length (${labels.length}) × classes (${classes})`);
  }
  const perClass = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    const { pos, neg } = split(fn, labels, c, p, classes, c);
    perClass[c] = rocAucOfHistogram(histogramOfSorted(pos, neg));
  }
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += perClass[c];
  return { macro: sum / classes, perClass };
}

/**
 * Exact area under the ROC curve (scikit-learn's `roc_auc_score`, not Keras's 200-threshold
 * approximation). Binary: yTrue is 0/1 and scores has one score per sample (probabilities,
 * logits, any monotone score). With `options.classes`, the one-vs-rest macro average
 * (see rocAucOneVsRest).
 *
 * Undefined cases give NaN, as current scikit-learn: no positives, no negatives (one class
 * only), or no samples.
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 * @throws LabelError for a label other than 0/1 (or outside [0, classes)); ShapeError for
 *   mismatched lengths; ValueError for a NaN or infinite score (scikit-learn rejects them too).
 */
export function rocAuc(yTrue: ArrayInput, scores: ArrayInput, options?: RocAucOptions): number {
  const fn = "rocAuc";
  const o = toOptions(fn, options, ROC_AUC_OPTIONS);
  const inner = innerLength(scores);
  if (o.classes !== undefined || (inner !== undefined && inner > 1)) {
    return oneVsRest(fn, yTrue, scores, rowLengthOf(fn, "options.classes", o.classes, undefined, "scores", scores)).macro;
  }
  return rocAucOfHistogram(binaryHistogram(fn, yTrue, scores));
}

/**
 * Average precision (scikit-learn's `average_precision_score`): Σ_n (R_n − R_{n−1}) · P_n over
 * the distinct scores in decreasing order, the exact area under the step-wise precision–recall
 * curve (no interpolation). NaN when there are no positives (scikit-learn returns 0 with a
 * warning there) or no samples.
 * @example averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.8333…
 * @throws LabelError for a label other than 0 or 1; ShapeError for mismatched lengths;
 *   ValueError for a NaN or infinite score.
 */
export function averagePrecision(yTrue: ArrayInput, scores: ArrayInput, options?: Record<string, never>): number {
  toOptions("averagePrecision", options, NO_OPTIONS);
  return averagePrecisionOfHistogram(binaryHistogram("averagePrecision", yTrue, scores));
}

/**
 * Area under the precision–recall curve, computed as averagePrecision (the step function):
 * the trapezoidal PR area is optimistic, and scikit-learn recommends average precision.
 * @throws as averagePrecision.
 */
export function prAuc(yTrue: ArrayInput, scores: ArrayInput, options?: Record<string, never>): number {
  toOptions("prAuc", options, NO_OPTIONS);
  return averagePrecisionOfHistogram(binaryHistogram("prAuc", yTrue, scores));
}
