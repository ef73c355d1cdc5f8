/**
 * Confusion matrices laid out as `tf.math.confusionMatrix`: a row-major classes × classes
 * Float64Array m with m[t · classes + q] = Σ weight of the samples of true class t predicted as
 * class q (rows = true class, columns = predicted class). Unweighted, every cell is an exact count;
 * weighted, a float64 sum (in sample order) of the weights as given, exact for integer weights
 * while the cell stays below 2^53.
 */
import { numericArray, rowLengthOf, sameLength, rowsOf, type ArrayInput, type NumericArray } from "../core/args.js";
import { LabelError, ShapeError } from "../core/errors.js";
import { optionKeys, toOptions } from "../core/options.js";
import { runKernel } from "../core/run.js";
import { binaryLabels, classesOption, thresholdOption, toLabels, weightsOption, type MetricWeights } from "./common.js";

export interface ConfusionMatrixOptions {
  /**
   * Number of classes. Default: for class ids max(labels, predictions) + 1 (as tf), for scores
   * the inner length of nested rows (required with flat scores).
   */
  classes?: number;
  /**
   * One non-negative weight per sample (default: every sample counts 1), as given: a
   * Float64Array, number[] or integer typed array is not rounded to float32; or one number for
   * every sample.
   */
  sampleWeight?: number | ArrayInput;
  /** Alias of `sampleWeight` (give one of them). */
  weights?: number | ArrayInput;
}

export interface BinaryConfusionMatrixOptions {
  /** A score counts as a positive prediction when it is > threshold. Default 0.5 (0 for logits). */
  threshold?: number;
  /** One non-negative weight per sample, or one number for every sample. */
  sampleWeight?: number | ArrayInput;
  /** Alias of `sampleWeight` (give one of them). */
  weights?: number | ArrayInput;
}

const CONFUSION_OPTIONS = optionKeys("classes", "sampleWeight", "weights");
const BINARY_OPTIONS = optionKeys("threshold", "sampleWeight", "weights");

/** Largest value + 1 of two arrays of class ids (tf.math.confusionMatrix's default numClasses). */
function inferClasses(a: NumericArray, b: NumericArray): number {
  let top = -1;
  for (const x of [a, b]) for (let i = 0; i < x.length; i++) if (x[i] > top) top = x[i];
  return Math.max(1, Math.floor(top) + 1);
}

/** The kernel's matrix, times a scalar weight. */
function scaled(m: Float64Array, w: MetricWeights): Float64Array {
  if (w.scale !== 1) for (let i = 0; i < m.length; i++) m[i] *= w.scale;
  return m;
}

/**
 * Class ids for the kernels: an Int32Array as it is (the kernel checks the range and returns
 * the first bad sample, see labelError), anything else converted and checked by toLabels.
 */
function uncheckedLabels(fn: string, name: string, x: unknown, classes: number): Int32Array {
  return x instanceof Int32Array ? x : toLabels(fn, name, x, classes);
}

/**
 * After a kernel found a class id outside [0, classes): the LabelError of the JavaScript check
 * (first offending array, then index), e.g. `labels[17] = 12 is out of range [0, 10)`.
 */
function labelError(fn: string, arrays: [string, unknown][], classes: number): never {
  for (const [name, x] of arrays) toLabels(fn, name, x, classes);
  throw new LabelError(fn, `a class id is outside [0, ${classes})`); // unreachable: the kernel and toLabels agree
}

/**
 * How many int32 histograms of classes² the unweighted kernels count into: 4 (1 above 64 classes,
 * to keep the scratch small); none when weighted.
 */
function histogramCopies(classes: number, weights: NumericArray | null): number {
  if (weights !== null) return 0;
  return classes <= 64 ? 4 : 1;
}

/**
 * Confusion matrix from class ids: m[t · classes + q] counts (or sums the weights of) samples
 * with labels[s] = t and predictions[s] = q.
 * @example confusionMatrix([0, 1, 1], [0, 0, 1], { classes: 2 }) // Float64Array [1, 0, 1, 1]
 * @throws LabelError for a label or prediction that is not an integer in [0, classes);
 *   ShapeError when lengths differ; ValueError for a negative or non-finite weight or an unknown
 *   option (or both sampleWeight and weights).
 */
export function confusionMatrix(labels: ArrayInput, predictions: ArrayInput, options?: ConfusionMatrixOptions): Float64Array {
  const fn = "confusionMatrix";
  const o = toOptions(fn, options, CONFUSION_OPTIONS);
  const l = numericArray(fn, "labels", labels);
  const q = numericArray(fn, "predictions", predictions);
  sameLength(fn, "labels", l, "predictions", q);
  const classes = o.classes === undefined ? inferClasses(l, q) : classesOption(fn, o.classes);
  const t = uncheckedLabels(fn, "labels", l, classes);
  const p = uncheckedLabels(fn, "predictions", q, classes);
  const w = weightsOption(fn, o, t.length);
  const { value: bad, outputs } = runKernel(fn, "confusionFromLabelsF32", {
    rows: t.length,
    inputs: { labels: t, predictions: p, weights: w.weights },
    params: { classes, copies: histogramCopies(classes, w.weights) },
    names: { weights: w.name },
  });
  if (bad >= 0) labelError(fn, [["labels", l], ["predictions", q]], classes);
  return scaled(outputs.matrix as Float64Array, w);
}

/**
 * Confusion matrix from scores: the predicted class of each row of the rows × classes `scores`
 * (probabilities or logits) is its argmax (first index on ties, first NaN in a row with NaN),
 * computed in the same kernel pass as the counts.
 * @example confusionMatrixFromScores([0, 1], [0.8, 0.2,  0.6, 0.4], { classes: 2 }) // [1, 0, 1, 0]
 * @throws ShapeError when `classes` is missing (flat scores) or scores.length ≠ labels.length ×
 *   classes; LabelError for a label outside [0, classes); ValueError for a bad weight or option.
 */
export function confusionMatrixFromScores(labels: ArrayInput, scores: ArrayInput, options?: ConfusionMatrixOptions): Float64Array {
  const fn = "confusionMatrixFromScores";
  const o = toOptions(fn, options, CONFUSION_OPTIONS);
  const p = numericArray(fn, "scores", scores);
  const classes = rowLengthOf(fn, "options.classes", o.classes, undefined, "scores", scores);
  const rows = rowsOf(fn, "scores", p.length, classes, "options.classes");
  const t = uncheckedLabels(fn, "labels", labels, classes);
  if (t.length !== rows) {
    throw new ShapeError(fn, `labels.length (${t.length}) must equal the number of rows of scores (${rows} = ${p.length} / ${classes})`);
  }
  const w = weightsOption(fn, o, rows);
  const { value: bad, outputs } = runKernel(fn, "confusionFromScoresF32", {
    rows,
    rowLength: classes,
    inputs: { labels: t, scores: p, weights: w.weights },
    params: { copies: histogramCopies(classes, w.weights) },
    names: { weights: w.name },
  });
  if (bad >= 0) labelError(fn, [["labels", labels]], classes);
  return scaled(outputs.matrix as Float64Array, w);
}

/**
 * 2 × 2 confusion matrix of binary labels (0 or 1) against scores thresholded at
 * `threshold` (prediction 1 when score > threshold): [TN, FP, FN, TP].
 * @example binaryConfusionMatrix([0, 1, 1], [0.7, 0.9, 0.2]) // Float64Array [0, 1, 1, 1]
 * @throws LabelError for a label other than 0 or 1; ShapeError when lengths differ;
 *   ValueError for a non-finite threshold, a bad weight or an unknown option.
 */
export function binaryConfusionMatrix(yTrue: ArrayInput, scores: ArrayInput, options?: BinaryConfusionMatrixOptions): Float64Array {
  const fn = "binaryConfusionMatrix";
  const o = toOptions(fn, options, BINARY_OPTIONS);
  const p = numericArray(fn, "scores", scores);
  const t = binaryLabels(fn, "yTrue", yTrue);
  sameLength(fn, "yTrue", t, "scores", p);
  const threshold = Math.fround(thresholdOption(fn, o.threshold, 0.5));
  const w = weightsOption(fn, o, t.length);
  const { outputs } = runKernel(fn, "confusionFromThresholdF32", {
    rows: t.length,
    inputs: { labels: t, scores: p, weights: w.weights },
    params: { threshold },
    names: { labels: "yTrue", weights: w.name },
  });
  return scaled(outputs.matrix as Float64Array, w);
}
