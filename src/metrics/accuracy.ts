/**
 * Accuracy metrics, Keras 3 semantics (keras/src/metrics/accuracy_metrics.py): the per-sample
 * accuracy a_s ∈ [0, 1] is averaged over samples with Keras's weighted mean
 *
 *   accuracy = Σ_s w_s · a_s / Σ_s w_s        (w ≡ 1 without sampleWeight; 0 when Σ w = 0)
 *
 * | function                        | a_s                                                     |
 * |---------------------------------|---------------------------------------------------------|
 * | binaryAccuracy                  | mean over features of [yTrue == (yPred > threshold)]     |
 * | categoricalAccuracy             | [argmax yTrue_s == argmax yPred_s]                      |
 * | sparseCategoricalAccuracy       | [label_s == argmax yPred_s]                             |
 * | topKCategoricalAccuracy         | [yPred_s[c] is among the k largest], c = argmax yTrue_s |
 * | sparseTopKCategoricalAccuracy   | [yPred_s[label_s] is among the k largest]               |
 *
 * argmax takes the first index on ties and the first NaN in a row with NaN (see `argmax`).
 * "Among the k largest" is tf.math.in_top_k's rule: fewer than k classes score strictly higher
 * than the target, so classes tied at the k-th place all count, and a NaN target never does.
 */
import { numericArray, pairedRows, positiveInteger, rowLengthOf, rowsOf, type ArrayInput, type NumericArray } from "../core/args.js";
import { ShapeError } from "../core/errors.js";
import type { KernelName } from "../core/kernel-table.js";
import { optionKeys, toOptions } from "../core/options.js";
import { applyDivisor } from "../core/reduction.js";
import { runKernel } from "../core/run.js";
import { thresholdOption, toLabels, weightsOption } from "./common.js";

export interface BinaryAccuracyOptions {
  /** A prediction counts as 1 when it is > threshold. Default 0.5 (use 0 for logits). */
  threshold?: number;
  /** Length of the last axis: a sample's accuracy is the mean over it. Default 1, or the inner length of nested rows. */
  features?: number;
  /** One non-negative weight per sample (as given: float64 values are not rounded), or one number for all. */
  sampleWeight?: number | ArrayInput;
}

export interface CategoricalAccuracyOptions {
  /** Number of classes (row length of yPred). Required with flat yPred; default the inner length of nested rows. */
  classes?: number;
  /** One non-negative weight per sample (row), or one number for all. */
  sampleWeight?: number | ArrayInput;
}

export interface TopKAccuracyOptions extends CategoricalAccuracyOptions {
  /** How many of the highest-scoring classes count as a hit. Default 5. */
  k?: number;
}

const BINARY_OPTIONS = optionKeys("threshold", "features", "sampleWeight");
const CATEGORICAL_OPTIONS = optionKeys("classes", "sampleWeight");
const TOP_K_OPTIONS = CATEGORICAL_OPTIONS.and("k");

/**
 * Σ w·a / Σ w of one accuracy kernel (its Σ_s w_s·a_s over rows of rowLength, float64 weights as
 * given). A scalar weight w cancels: the unweighted mean, or 0 when w = 0.
 */
function weightedMean(
  fn: string, kernel: KernelName, targets: NumericArray, sparse: boolean, yPred: NumericArray, rows: number,
  rowLength: number, options: { sampleWeight?: unknown }, params: Record<string, number> = {},
): number {
  const w = weightsOption(fn, options, rows);
  const { value } = runKernel(fn, kernel, {
    rows,
    rowLength,
    inputs: sparse ? { labels: targets, yPred, sampleWeight: w.weights } : { yTrue: targets, yPred, sampleWeight: w.weights },
    params,
    names: { sampleWeight: w.name },
  });
  return applyDivisor(value, w.weights === null ? (w.scale === 0 ? 0 : rows) : w.sum);
}

/**
 * Fraction of predictions that match binary targets after thresholding:
 * mean of [yTrue == (yPred > threshold ? 1 : 0)] (Keras `binary_accuracy`).
 * @example binaryAccuracy([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6]) // 0.5
 * @throws ShapeError on mismatched lengths or a bad `features`; ValueError for a non-finite
 *   threshold, a negative weight or an unknown option; ArgumentTypeError for non-numeric arrays.
 */
export function binaryAccuracy(yTrue: ArrayInput, yPred: ArrayInput, options?: BinaryAccuracyOptions): number {
  const fn = "binaryAccuracy";
  const o = toOptions(fn, options, BINARY_OPTIONS);
  const threshold = Math.fround(thresholdOption(fn, o.threshold, 0.5));
  const { yTrue: t, yPred: p, rows, rowLength } = pairedRows(fn, yTrue, yPred, "options.features", o.features, 1);
  return weightedMean(fn, "binaryAccuracyF32", t, false, p, rows, rowLength, o, { threshold });
}

/**
 * Fraction of rows whose predicted class (argmax of yPred) equals the true class (argmax of
 * the one-hot yTrue). yTrue and yPred are rows × classes.
 * @example categoricalAccuracy([0, 1,  1, 0], [0.3, 0.7,  0.4, 0.6], { classes: 2 }) // 0.5
 * @example categoricalAccuracy([[0, 1], [1, 0]], [[0.3, 0.7], [0.4, 0.6]]) // 0.5
 * @throws ShapeError on mismatched lengths or a bad `classes`; ValueError for a negative weight
 *   or an unknown option.
 */
export function categoricalAccuracy(yTrue: ArrayInput, yPred: ArrayInput, options?: CategoricalAccuracyOptions): number {
  const fn = "categoricalAccuracy";
  const o = toOptions(fn, options, CATEGORICAL_OPTIONS);
  const { yTrue: t, yPred: p, rows, rowLength } = pairedRows(fn, yTrue, yPred, "options.classes", o.classes, undefined);
  return weightedMean(fn, "categoricalAccuracyF32", t, false, p, rows, rowLength, o);
}

/**
 * Fraction of rows whose predicted class (argmax of the rows × classes yPred) equals the integer
 * label.
 * @example sparseCategoricalAccuracy([1, 0], [0.3, 0.7,  0.4, 0.6], { classes: 2 }) // 0.5
 * @throws LabelError for a label that is not an integer in [0, classes); ShapeError when
 *   yPred.length ≠ labels.length × classes.
 */
export function sparseCategoricalAccuracy(labels: ArrayInput, yPred: ArrayInput, options?: CategoricalAccuracyOptions): number {
  const fn = "sparseCategoricalAccuracy";
  return sparse(fn, "sparseCategoricalAccuracyF32", labels, yPred, toOptions(fn, options, CATEGORICAL_OPTIONS), {});
}

/**
 * Fraction of rows whose true class (argmax of the one-hot yTrue) is among the k (default 5)
 * highest-scoring classes of yPred (ties at the k-th place count, as tf.math.in_top_k).
 * @example topKCategoricalAccuracy([0, 0, 1], [0.5, 0.3, 0.2], { classes: 3, k: 2 }) // 0
 * @throws ShapeError on mismatched lengths, bad `classes` or a `k` that is not a positive integer;
 *   ValueError for a negative weight or an unknown option.
 */
export function topKCategoricalAccuracy(yTrue: ArrayInput, yPred: ArrayInput, options?: TopKAccuracyOptions): number {
  const fn = "topKCategoricalAccuracy";
  const o = toOptions(fn, options, TOP_K_OPTIONS);
  const { yTrue: t, yPred: p, rows, rowLength } = pairedRows(fn, yTrue, yPred, "options.classes", o.classes, undefined);
  const kk = kOption(fn, o.k);
  return weightedMean(fn, "topKCategoricalAccuracyF32", t, false, p, rows, rowLength, o, { k: kk });
}

/**
 * Fraction of rows whose integer label is among the k (default 5) highest-scoring classes.
 * @example sparseTopKCategoricalAccuracy([2], [0.5, 0.3, 0.2], { classes: 3, k: 2 }) // 0
 * @throws LabelError for a label outside [0, classes); ShapeError, ValueError as above.
 */
export function sparseTopKCategoricalAccuracy(labels: ArrayInput, yPred: ArrayInput, options?: TopKAccuracyOptions): number {
  const fn = "sparseTopKCategoricalAccuracy";
  const o = toOptions(fn, options, TOP_K_OPTIONS);
  return sparse(fn, "sparseTopKCategoricalAccuracyF32", labels, yPred, o, { k: kOption(fn, o.k) });
}

function kOption(fn: string, k: unknown): number {
  return positiveInteger(fn, "options.k", k, 5);
}

function sparse(
  fn: string, kernel: KernelName, labelsIn: unknown, yPredIn: unknown, o: CategoricalAccuracyOptions,
  params: Record<string, number>,
): number {
  const p = numericArray(fn, "yPred", yPredIn);
  const classes = rowLengthOf(fn, "options.classes", o.classes, undefined, "yPred", yPredIn);
  const rows = rowsOf(fn, "yPred", p.length, classes, "options.classes");
  const labels = toLabels(fn, "labels", labelsIn, classes);
  if (labels.length !== rows) {
    throw new ShapeError(fn, `labels.length (${labels.length}) must equal the number of rows of yPred (${rows} = ${p.length} / ${classes})`);
  }
  return weightedMean(fn, kernel, labels, true, p, rows, classes, o, params);
}
