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
import { numericArray, pairedRows, positiveInteger, rowsOf, toOptions, type NumericArray } from "../core/args.js";
import { ShapeError } from "../core/errors.js";
import type { KernelName } from "../core/kernel-table.js";
import { applyDivisor, planReduction } from "../core/reduction.js";
import { runKernel } from "../core/run.js";
import { classesOption, thresholdOption, toLabels } from "./common.js";

export interface BinaryAccuracyOptions {
  /** A prediction counts as 1 when it is > threshold. Default 0.5 (use 0 for logits). */
  threshold?: number;
  /** Length of the last axis: a sample's accuracy is the mean over it. Default 1. */
  features?: number;
  /** One non-negative weight per sample. */
  sampleWeight?: NumericArray;
}

export interface CategoricalAccuracyOptions {
  /** Number of classes (row length of yPred). Required. */
  classes: number;
  /** One non-negative weight per sample (row). */
  sampleWeight?: NumericArray;
}

export interface TopKAccuracyOptions extends CategoricalAccuracyOptions {
  /** How many of the highest-scoring classes count as a hit. Default 5. */
  k?: number;
}

/**
 * Σ w·a / Σ w of one accuracy kernel (its Σ_s w_s·a_s over rows of rowLength), with the weights
 * checked as everywhere else (planReduction).
 */
function weightedMean(
  fn: string, kernel: KernelName, targets: { yTrue: NumericArray } | { labels: Int32Array }, yPred: NumericArray, rows: number,
  rowLength: number, sampleWeight: unknown, params: Record<string, number> = {},
): number {
  const plan = planReduction(fn, "mean_with_sample_weight", sampleWeight, rows);
  const { value } = runKernel(fn, kernel, {
    rows,
    rowLength,
    inputs: { ...targets, yPred, sampleWeight: plan.weights },
    params,
    names: { sampleWeight: "options.sampleWeight" },
  });
  return applyDivisor(value, plan.divisor);
}

/**
 * Fraction of predictions that match binary targets after thresholding:
 * mean of [yTrue == (yPred > threshold ? 1 : 0)] (Keras `binary_accuracy`).
 * @example binaryAccuracy([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6]) // 0.5
 * @throws ShapeError on mismatched lengths or a bad `features`; ValueError for a non-finite
 *   threshold or a negative weight; ArgumentTypeError for non-numeric arrays.
 */
export function binaryAccuracy(yTrue: NumericArray, yPred: NumericArray, options?: BinaryAccuracyOptions): number {
  const fn = "binaryAccuracy";
  const o = toOptions(fn, options);
  const threshold = Math.fround(thresholdOption(fn, o.threshold, 0.5));
  const features = positiveInteger(fn, "options.features", o.features, 1);
  const { yTrue: t, yPred: p, rows } = pairedRows(fn, yTrue, yPred, features, "options.features");
  return weightedMean(fn, "binaryAccuracyF32", { yTrue: t }, p, rows, features, o.sampleWeight, { threshold });
}

/**
 * Fraction of rows whose predicted class (argmax of yPred) equals the true class (argmax of
 * the one-hot yTrue). yTrue and yPred are rows × classes.
 * @example categoricalAccuracy([0, 1,  1, 0], [0.3, 0.7,  0.4, 0.6], { classes: 2 }) // 0.5
 * @throws ShapeError on mismatched lengths or a bad `classes`; ValueError for a negative weight.
 */
export function categoricalAccuracy(yTrue: NumericArray, yPred: NumericArray, options: CategoricalAccuracyOptions): number {
  const fn = "categoricalAccuracy";
  const o = toOptions(fn, options);
  const classes = classesOption(fn, o.classes);
  const { yTrue: t, yPred: p, rows } = pairedRows(fn, yTrue, yPred, classes, "options.classes");
  return weightedMean(fn, "categoricalAccuracyF32", { yTrue: t }, p, rows, classes, o.sampleWeight);
}

/**
 * Fraction of rows whose predicted class (argmax of the rows × classes yPred) equals the integer
 * label.
 * @example sparseCategoricalAccuracy([1, 0], [0.3, 0.7,  0.4, 0.6], { classes: 2 }) // 0.5
 * @throws LabelError for a label that is not an integer in [0, classes); ShapeError when
 *   yPred.length ≠ labels.length × classes.
 */
export function sparseCategoricalAccuracy(labels: NumericArray, yPred: NumericArray, options: CategoricalAccuracyOptions): number {
  const fn = "sparseCategoricalAccuracy";
  return sparse(fn, "sparseCategoricalAccuracyF32", labels, yPred, options, {});
}

/**
 * Fraction of rows whose true class (argmax of the one-hot yTrue) is among the k (default 5)
 * highest-scoring classes of yPred (ties at the k-th place count, as tf.math.in_top_k).
 * @example topKCategoricalAccuracy([0, 0, 1], [0.5, 0.3, 0.2], { classes: 3, k: 2 }) // 0
 * @throws ShapeError on mismatched lengths, bad `classes` or a `k` that is not a positive integer;
 *   ValueError for a negative weight.
 */
export function topKCategoricalAccuracy(yTrue: NumericArray, yPred: NumericArray, options: TopKAccuracyOptions): number {
  const fn = "topKCategoricalAccuracy";
  const o = toOptions(fn, options);
  const classes = classesOption(fn, o.classes);
  const { yTrue: t, yPred: p, rows } = pairedRows(fn, yTrue, yPred, classes, "options.classes");
  const kk = kOption(fn, o.k);
  return weightedMean(fn, "topKCategoricalAccuracyF32", { yTrue: t }, p, rows, classes, o.sampleWeight, { k: kk });
}

/**
 * Fraction of rows whose integer label is among the k (default 5) highest-scoring classes.
 * @example sparseTopKCategoricalAccuracy([2], [0.5, 0.3, 0.2], { classes: 3, k: 2 }) // 0
 * @throws LabelError for a label outside [0, classes); ShapeError, ValueError as above.
 */
export function sparseTopKCategoricalAccuracy(labels: NumericArray, yPred: NumericArray, options: TopKAccuracyOptions): number {
  const fn = "sparseTopKCategoricalAccuracy";
  const kk = kOption(fn, toOptions(fn, options).k);
  return sparse(fn, "sparseTopKCategoricalAccuracyF32", labels, yPred, options, { k: kk });
}

function kOption(fn: string, k: unknown): number {
  return positiveInteger(fn, "options.k", k, 5);
}

function sparse(
  fn: string, kernel: KernelName, labelsIn: unknown, yPredIn: unknown, options: CategoricalAccuracyOptions | undefined,
  params: Record<string, number>,
): number {
  const o = toOptions(fn, options);
  const p = numericArray(fn, "yPred", yPredIn);
  const classes = classesOption(fn, o.classes);
  const rows = rowsOf(fn, "yPred", p.length, classes, "options.classes");
  const labels = toLabels(fn, "labels", labelsIn, classes);
  if (labels.length !== rows) {
    throw new ShapeError(fn, `labels.length (${labels.length}) must equal the number of rows of yPred (${rows} = ${p.length} / ${classes})`);
  }
  return weightedMean(fn, kernel, { labels }, p, rows, classes, o.sampleWeight, params);
}
