/**
 * Confusion matrices laid out as `tf.math.confusionMatrix`: a row-major classes × classes
 * Float64Array m with m[t · classes + q] = Σ weight of the samples of true class t predicted as
 * class q (rows = true class, columns = predicted class). Unweighted, every cell is an exact count.
 */
import { numericArray, sameLength, toFloat32, toOptions, rowsOf, type NumericArray } from "../core/args.js";
import { LabelError, ShapeError } from "../core/errors.js";
import { runKernel } from "../core/run.js";
import { binaryLabels, classesOption, thresholdOption, toLabels, toWeights } from "./common.js";

export interface ConfusionMatrixOptions {
  /** Number of classes. Required for the score form; default max(labels, predictions) + 1 for class ids. */
  classes?: number;
  /** One non-negative weight per sample (default: every sample counts 1). */
  weights?: NumericArray;
}

export interface BinaryConfusionMatrixOptions {
  /** A score counts as a positive prediction when it is > threshold. Default 0.5 (0 for logits). */
  threshold?: number;
  /** One non-negative weight per sample. */
  weights?: NumericArray;
}

/** Largest value + 1 of two arrays of class ids (tf.math.confusionMatrix's default numClasses). */
function inferClasses(fn: string, a: unknown, b: unknown): number {
  let top = -1;
  for (const [name, x] of [["labels", a], ["predictions", b]] as const) {
    const f = x instanceof Int32Array ? x : toFloat32(fn, name, x);
    for (let i = 0; i < f.length; i++) if (f[i] > top) top = f[i];
  }
  return Math.max(1, Math.floor(top) + 1);
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
function histogramCopies(classes: number, weights: Float32Array | null): number {
  if (weights !== null) return 0;
  return classes <= 64 ? 4 : 1;
}

/**
 * Confusion matrix from class ids: m[t · classes + q] counts (or sums the weights of) samples
 * with labels[s] = t and predictions[s] = q.
 * @example confusionMatrix([0, 1, 1], [0, 0, 1], { classes: 2 }) // Float64Array [1, 0, 1, 1]
 * @throws LabelError for a label or prediction that is not an integer in [0, classes);
 *   ShapeError when lengths differ; ValueError for a negative or non-finite weight.
 */
export function confusionMatrix(labels: NumericArray, predictions: NumericArray, options?: ConfusionMatrixOptions): Float64Array {
  const fn = "confusionMatrix";
  const o = toOptions(fn, options);
  sameLength(fn, "labels", numericArray(fn, "labels", labels), "predictions", numericArray(fn, "predictions", predictions));
  const classes = o.classes === undefined ? inferClasses(fn, labels, predictions) : classesOption(fn, o.classes);
  const t = uncheckedLabels(fn, "labels", labels, classes);
  const q = uncheckedLabels(fn, "predictions", predictions, classes);
  const weights = toWeights(fn, "options.weights", o.weights, t.length);
  const { value: bad, outputs } = runKernel(fn, "confusionFromLabelsF32", {
    rows: t.length,
    inputs: { labels: t, predictions: q, weights },
    params: { classes, copies: histogramCopies(classes, weights) },
    names: { weights: "options.weights" },
  });
  if (bad >= 0) labelError(fn, [["labels", labels], ["predictions", predictions]], classes);
  return outputs.matrix as Float64Array;
}

/**
 * Confusion matrix from scores: the predicted class of each row of the rows × classes `scores`
 * (probabilities or logits) is its argmax (first index on ties, first NaN in a row with NaN),
 * computed in the same kernel pass as the counts.
 * @example confusionMatrixFromScores([0, 1], [0.8, 0.2,  0.6, 0.4], { classes: 2 }) // [1, 0, 1, 0]
 * @throws ShapeError when `classes` is missing or scores.length ≠ labels.length × classes;
 *   LabelError for a label outside [0, classes); ValueError for a bad weight.
 */
export function confusionMatrixFromScores(labels: NumericArray, scores: NumericArray, options: ConfusionMatrixOptions): Float64Array {
  const fn = "confusionMatrixFromScores";
  const o = toOptions(fn, options);
  const p = numericArray(fn, "scores", scores);
  const classes = classesOption(fn, o.classes);
  const rows = rowsOf(fn, "scores", p.length, classes, "options.classes");
  const t = uncheckedLabels(fn, "labels", labels, classes);
  if (t.length !== rows) {
    throw new ShapeError(fn, `labels.length (${t.length}) must equal the number of rows of scores (${rows} = ${p.length} / ${classes})`);
  }
  const weights = toWeights(fn, "options.weights", o.weights, rows);
  const { value: bad, outputs } = runKernel(fn, "confusionFromScoresF32", {
    rows,
    rowLength: classes,
    inputs: { labels: t, scores: p, weights },
    params: { copies: histogramCopies(classes, weights) },
    names: { weights: "options.weights" },
  });
  if (bad >= 0) labelError(fn, [["labels", labels]], classes);
  return outputs.matrix as Float64Array;
}

/**
 * 2 × 2 confusion matrix of binary labels (0 or 1) against scores thresholded at
 * `threshold` (prediction 1 when score > threshold): [TN, FP, FN, TP].
 * @example binaryConfusionMatrix([0, 1, 1], [0.7, 0.9, 0.2]) // Float64Array [0, 1, 1, 1]
 * @throws LabelError for a label other than 0 or 1; ShapeError when lengths differ;
 *   ValueError for a non-finite threshold or a bad weight.
 */
export function binaryConfusionMatrix(yTrue: NumericArray, scores: NumericArray, options?: BinaryConfusionMatrixOptions): Float64Array {
  const fn = "binaryConfusionMatrix";
  const o = toOptions(fn, options);
  const p = numericArray(fn, "scores", scores);
  const t = binaryLabels(fn, "yTrue", yTrue);
  sameLength(fn, "yTrue", t, "scores", p);
  const threshold = Math.fround(thresholdOption(fn, o.threshold, 0.5));
  const weights = toWeights(fn, "options.weights", o.weights, t.length);
  const { outputs } = runKernel(fn, "confusionFromThresholdF32", {
    rows: t.length,
    inputs: { labels: t, scores: p, weights },
    params: { threshold },
    names: { labels: "yTrue", weights: "options.weights" },
  });
  return outputs.matrix as Float64Array;
}
