/**
 * Categorical focal cross-entropy (Lin et al. 2017), Keras 3 semantics
 * (keras/src/losses/losses.py: categorical_focal_crossentropy): per row of C classes,
 * L = −α·Σ_c (1 − q_c)^γ·y'_c·log q_c with y' = (1 − s)·y + s/C, and q = softmax(yPred) when
 * `fromLogits`, else yPred renormalised and clipped to [1e-7, 1 − 1e-7].
 */
import { pairedRows, finiteNumber, toOptions, type NumericArray } from "../core/args.js";
import type { KernelExports } from "../core/exports.js";
import type { Reduction } from "../core/reduction.js";
import type { GradOptions } from "./elementwise.js";
import {
  argmaxRows, booleanOption, classWeightOption, labelSmoothingOption, planRows, requiredClasses, runRowLoss,
  type RowLossFunction, type RowLossKernel, type RowLossWithGradFunction,
} from "./rows.js";

/** Options of categoricalFocalCrossentropy. */
export interface CategoricalFocalCrossentropyOptions {
  /** Number of classes C: the length of each row. Required. */
  classes: number;
  /** yPred holds logits (true) or probabilities (false, default). */
  fromLogits?: boolean;
  /** s in [0, 1]: targets become (1 − s)·y + s/C. Default 0. */
  labelSmoothing?: number;
  /** Focusing parameter γ ≥ 0. Default 2. */
  gamma?: number;
  /** Weight α ≥ 0 of every term. Default 0.25. */
  alpha?: number;
  /** One non-negative weight per class, multiplying the weight of each row of that class (argmax of yTrue). */
  classWeight?: NumericArray;
  /** Default `'sum_over_batch_size'`. */
  reduction?: Reduction;
  /** One non-negative weight per row. */
  sampleWeight?: NumericArray;
}

function focal(fn: string, yTrueIn: unknown, yPredIn: unknown, optionsIn: unknown, withGrad: boolean) {
  const options = toOptions(fn, optionsIn as object | undefined) as Partial<CategoricalFocalCrossentropyOptions & GradOptions>;
  const classes = requiredClasses(fn, options.classes);
  const { yTrue, yPred, rows } = pairedRows(fn, yTrueIn, yPredIn, classes, "options.classes");
  const fromLogits = booleanOption(fn, "options.fromLogits", options.fromLogits, false);
  const smoothing = labelSmoothingOption(fn, options.labelSmoothing);
  const gamma = finiteNumber(fn, "options.gamma", options.gamma, 2, (v) => v >= 0, "a finite number ≥ 0");
  const alpha = finiteNumber(fn, "options.alpha", options.alpha, 0.25, (v) => v >= 0, "a finite number ≥ 0");
  const classWeight = classWeightOption(fn, options.classWeight, classes);
  const classOf = classWeight === null ? null : argmaxRows(yTrue, rows, classes);
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, classWeight, classOf, 0);
  const kernel = (k: KernelExports): RowLossKernel => {
    k.setCategoricalFocalParamsF32(gamma, alpha);
    return fromLogits ? k.categoricalFocalLogitsF32 : k.categoricalFocalProbsF32;
  };
  return runRowLoss(fn, kernel, yTrue, yPred, rows, classes, plan, smoothing, withGrad, options.out);
}

/**
 * Categorical focal cross-entropy: −α·Σ_c (1 − q_c)^γ·y'_c·log q_c per row (γ = 2, α = 0.25).
 * From logits we use the exact log-softmax where Keras clips softmax(x) to [1e-7, 1 − 1e-7]
 * (they agree unless a probability is below 1e-7).
 * @example categoricalFocalCrossentropy([0, 1], [0.2, 0.8], { classes: 2 }) // 0.25·0.04·−log 0.8
 * @throws ShapeError when lengths differ or classes is missing or does not divide the length;
 *   ValueError for labelSmoothing outside [0, 1], γ < 0, α < 0, negative weights.
 */
export const categoricalFocalCrossentropy = ((yTrue: NumericArray, yPred: NumericArray, options: CategoricalFocalCrossentropyOptions) =>
  focal("categoricalFocalCrossentropy", yTrue, yPred, options, false).loss) as RowLossFunction<NumericArray, CategoricalFocalCrossentropyOptions>;

/** categoricalFocalCrossentropy and its gradient (w.r.t. logits when fromLogits, else probabilities) in one call. */
export const categoricalFocalCrossentropyWithGrad = ((yTrue: NumericArray, yPred: NumericArray, options: CategoricalFocalCrossentropyOptions & GradOptions) =>
  focal("categoricalFocalCrossentropyWithGrad", yTrue, yPred, options, true)) as RowLossWithGradFunction<NumericArray, CategoricalFocalCrossentropyOptions>;
