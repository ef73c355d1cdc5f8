/**
 * Confusion matrices laid out as `tf.math.confusionMatrix`: a row-major classes × classes
 * Float64Array m with m[t · classes + q] = Σ weight of the samples of true class t predicted as
 * class q (rows = true class, columns = predicted class). Unweighted, every cell is an exact count.
 */
import { sameLength, toFloat32, toOptions, rowsOf, type NumericArray } from "../core/args.js";
import { KernelCall } from "../core/call.js";
import { ShapeError } from "../core/errors.js";
import { classesOption, float64Output, float64Result, thresholdOption, toBinaryLabels, toLabels, toWeights } from "./common.js";

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
    const f = toFloat32(fn, name, x);
    for (let i = 0; i < f.length; i++) if (f[i] > top) top = f[i];
  }
  return Math.max(1, Math.floor(top) + 1);
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
  sameLength(fn, "labels", toFloat32(fn, "labels", labels), "predictions", toFloat32(fn, "predictions", predictions));
  const classes = o.classes === undefined ? inferClasses(fn, labels, predictions) : classesOption(fn, o.classes);
  const t = toLabels(fn, "labels", labels, classes);
  const q = toLabels(fn, "predictions", predictions, classes);
  const weights = toWeights(fn, "options.weights", o.weights, t.length);
  const call = new KernelCall(fn);
  const tp = call.input("labels", t);
  const qp = call.input("predictions", q);
  const wp = call.input("options.weights", weights);
  const m = float64Output(call, "matrix", classes * classes);
  call.commit();
  call.run((k) => k.confusionFromLabelsF32(tp, qp, t.length, classes, wp, m));
  return float64Result(call, m, classes * classes);
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
  const p = toFloat32(fn, "scores", scores);
  const classes = classesOption(fn, o.classes);
  const rows = rowsOf(fn, "scores", p.length, classes, "options.classes");
  const t = toLabels(fn, "labels", labels, classes);
  if (t.length !== rows) {
    throw new ShapeError(fn, `labels.length (${t.length}) must equal the number of rows of scores (${rows} = ${p.length} / ${classes})`);
  }
  const weights = toWeights(fn, "options.weights", o.weights, rows);
  const call = new KernelCall(fn);
  const tp = call.input("labels", t);
  const pp = call.input("scores", p);
  const wp = call.input("options.weights", weights);
  const m = float64Output(call, "matrix", classes * classes);
  call.commit();
  call.run((k) => k.confusionFromScoresF32(tp, pp, rows, classes, wp, m));
  return float64Result(call, m, classes * classes);
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
  const p = toFloat32(fn, "scores", scores);
  const t = toBinaryLabels(fn, "yTrue", yTrue);
  sameLength(fn, "yTrue", t, "scores", p);
  const threshold = Math.fround(thresholdOption(fn, o.threshold, 0.5));
  const weights = toWeights(fn, "options.weights", o.weights, t.length);
  const call = new KernelCall(fn);
  const tp = call.input("yTrue", t);
  const pp = call.input("scores", p);
  const wp = call.input("options.weights", weights);
  const m = float64Output(call, "matrix", 4);
  call.commit();
  call.run((k) => k.confusionFromThresholdF32(tp, pp, t.length, threshold, wp, m));
  return float64Result(call, m, 4);
}
