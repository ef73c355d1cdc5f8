/**
 * Hinge losses, Keras 3 semantics (keras/src/losses/losses.py):
 *
 * | function | per-sample loss |
 * |---|---|
 * | hinge | mean over the last axis of max(1 − t·p, 0) |
 * | squaredHinge | mean of max(1 − t·p, 0)² |
 * | categoricalHinge | max(neg − pos + 1, 0), pos = Σ t·p, neg = max (1 − t)·p, over rows of `classes` |
 *
 * For hinge and squaredHinge, labels are expected in {−1, 1}; when every label of the call is 0
 * or 1 they are turned into −1 and 1 (as Keras does).
 */
import type { ArrayInput, NumericArray } from "../core/args.js";
import type { Reduction } from "../core/reduction.js";
import { elementwiseLoss, type ElementwiseLossOptions } from "./elementwise.js";
import { rowLoss } from "./rows.js";

/**
 * binaryLabels = 1 when every label is 0 or 1 (the kernel maps them to ±1), else 0 (Keras's
 * convert_binary_labels_to_hinge).
 */
function binaryLabels(yTrue: NumericArray): { binaryLabels: number } {
  for (let i = 0; i < yTrue.length; i++) {
    const t = Math.fround(yTrue[i]); // the float32 label the kernel reads
    if (t !== 0 && t !== 1) return { binaryLabels: 0 };
  }
  return { binaryLabels: 1 };
}

const hingeLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "hinge", kernel: "hingeF32", fromData: binaryLabels });
const squaredHingeLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "squaredHinge", kernel: "squaredHingeF32", fromData: binaryLabels });

/**
 * Hinge loss: mean of max(1 − yTrue·yPred, 0); labels in {−1, 1} (or all in {0, 1}, converted).
 * @example hinge([1, -1], [0.5, 0.5]) // (0.5 + 1.5) / 2 = 1
 */
export const hinge = hingeLoss.loss;
/** hinge and its gradient (−t where the margin is active) in one pass. */
export const hingeWithGrad = hingeLoss.withGrad;

/** Squared hinge loss: mean of max(1 − yTrue·yPred, 0)². */
export const squaredHinge = squaredHingeLoss.loss;
/** squaredHinge and its gradient −2t·max(1 − t·p, 0) in one pass. */
export const squaredHingeWithGrad = squaredHingeLoss.withGrad;

/** Options of categoricalHinge. */
export interface CategoricalHingeOptions {
  /** Number of classes C: the length of each row. Required with flat yPred (optional with nested rows: their inner length). */
  classes: number;
  reduction?: Reduction;
  /** One non-negative weight per row, or one number for every row. */
  sampleWeight?: number | ArrayInput;
}

const categorical = rowLoss<CategoricalHingeOptions>({
  name: "categoricalHinge",
  targets: "dense",
  rowLength: "classes",
  kernel: "categoricalHingeF32",
});

/**
 * Categorical hinge: max(neg − pos + 1, 0) per row, pos = Σ t·p, neg = max_c (1 − t_c)·p_c.
 * @example categoricalHinge([0, 1], [0.3, 0.7], { classes: 2 }) // 0.3 − 0.7 + 1 = 0.6
 * @throws ShapeError when classes is missing or does not divide the length.
 */
export const categoricalHinge = categorical.loss;
/** categoricalHinge and its gradient in one call (−t_c, plus 1 − t_c at the argmax of (1 − t)·p, where the loss is positive). */
export const categoricalHingeWithGrad = categorical.withGrad;
