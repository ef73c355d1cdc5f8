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
import { pairedRows, toOptions, type NumericArray } from "../core/args.js";
import type { Reduction } from "../core/reduction.js";
import { elementwiseLoss, type ElementwiseLossOptions, type GradOptions } from "./elementwise.js";
import { planRows, requiredClasses, runRowLoss, type RowLossFunction, type RowLossWithGradFunction } from "./rows.js";

/** 1 when every label is 0 or 1 (convert to ±1), else 0 (Keras's convert_binary_labels_to_hinge). */
function binaryLabels(_fn: string, _o: unknown, yTrue: Float32Array): number {
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] !== 0 && yTrue[i] !== 1) return 0;
  return 1;
}

const hingeLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "hinge", kernel: (k) => k.hingeF32, param: binaryLabels });
const squaredHingeLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "squaredHinge", kernel: (k) => k.squaredHingeF32, param: binaryLabels });

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
  /** Number of classes C: the length of each row. Required. */
  classes: number;
  reduction?: Reduction;
  sampleWeight?: NumericArray;
}

function categorical(fn: string, yTrueIn: unknown, yPredIn: unknown, optionsIn: unknown, withGrad: boolean) {
  const options = toOptions(fn, optionsIn as object | undefined) as Partial<CategoricalHingeOptions & GradOptions>;
  const classes = requiredClasses(fn, options.classes);
  const { yTrue, yPred, rows } = pairedRows(fn, yTrueIn, yPredIn, classes, "options.classes");
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, null, null, 0);
  return runRowLoss(fn, (k) => k.categoricalHingeF32, yTrue, yPred, rows, classes, plan, 0, withGrad, options.out);
}

/**
 * Categorical hinge: max(neg − pos + 1, 0) per row, pos = Σ t·p, neg = max_c (1 − t_c)·p_c.
 * @example categoricalHinge([0, 1], [0.3, 0.7], { classes: 2 }) // 0.3 − 0.7 + 1 = 0.6
 * @throws ShapeError when classes is missing or does not divide the length.
 */
export const categoricalHinge = ((yTrue: NumericArray, yPred: NumericArray, options: CategoricalHingeOptions) =>
  categorical("categoricalHinge", yTrue, yPred, options, false).loss) as RowLossFunction<NumericArray, CategoricalHingeOptions>;
/** categoricalHinge and its gradient in one call (−t_c, plus 1 − t_c at the argmax of (1 − t)·p, where the loss is positive). */
export const categoricalHingeWithGrad = ((yTrue: NumericArray, yPred: NumericArray, options: CategoricalHingeOptions & GradOptions) =>
  categorical("categoricalHingeWithGrad", yTrue, yPred, options, true)) as RowLossWithGradFunction<NumericArray, CategoricalHingeOptions>;
