/**
 * Categorical cross-entropy (dense and sparse targets), softmax and log-softmax, with Keras 3
 * semantics (keras/src/losses/losses.py; the JAX backend's nn.py). Rows are `classes`
 * contiguous float32 values of yPred (logits when `fromLogits`, else probabilities).
 *
 * From logits: L = −Σ_c y'_c·log_softmax(x)_c, computed as Σy'·log S − Σ y'_c·(x_c − max)
 * with S = Σ exp(x_c − max), exact for logits of any magnitude. From probabilities (Keras):
 * each row is renormalised by its sum, clipped to [1e-7, 1 − 1e-7], then L = −Σ y'_c·log q_c.
 * Label smoothing s: y' = (1 − s)·y + s/C.
 */
import { ShapeError, ValueError } from "../core/errors.js";
import { pairedRows, describe, positiveInteger, rowsOf, toFloat32, toOptions, type NumericArray } from "../core/args.js";
import { KernelCall } from "../core/call.js";
import type { KernelExports } from "../core/exports.js";
import type { Reduction } from "../core/reduction.js";
import type { GradOptions } from "./elementwise.js";
import { toClassLabels } from "../core/labels.js";
import {
  argmaxRows, booleanOption, classWeightOption, labelSmoothingOption, planRows, requiredClasses,
  runRowLoss, type RowLossKernel, type RowLossFunction, type RowLossWithGradFunction,
} from "./rows.js";

export type { RowLossFunction, RowLossWithGradFunction };

export * from "./binary.js";
export * from "./focal.js";
export * from "./divergence.js";
export * from "./hinge.js";


/** Options of categoricalCrossentropy (Keras 3 names and defaults). */
export interface CategoricalCrossentropyOptions {
  /** Number of classes C: the length of each row. Required. */
  classes: number;
  /** yPred holds logits (true) or probabilities (false, default). */
  fromLogits?: boolean;
  /** s in [0, 1]: targets become (1 − s)·y + s/C. Default 0. */
  labelSmoothing?: number;
  /** One non-negative weight per class, multiplying the weight of each row of that class. */
  classWeight?: NumericArray;
  /** Default `'sum_over_batch_size'`. */
  reduction?: Reduction;
  /** One non-negative weight per row. */
  sampleWeight?: NumericArray;
}

/** Options of sparseCategoricalCrossentropy. */
export interface SparseCategoricalCrossentropyOptions extends Omit<CategoricalCrossentropyOptions, "classes"> {
  /** Number of classes C. Default yPred.length / labels.length. */
  classes?: number;
  /** Rows with this label add no loss and no gradient and are left out of the mean. */
  ignoreIndex?: number;
}

/** Options of softmax and logSoftmax. */
export interface SoftmaxOptions {
  /** Length of each row. Required. */
  classes: number;
  /** A Float32Array of x's length to write into. */
  out?: Float32Array;
}

type Result = { loss: number | Float32Array; grad?: Float32Array };

function categorical(fn: string, yTrueIn: unknown, yPredIn: unknown, optionsIn: unknown, withGrad: boolean): Result {
  const options = toOptions(fn, optionsIn as object | undefined) as Partial<CategoricalCrossentropyOptions & GradOptions>;
  const classes = requiredClasses(fn, options.classes);
  const { yTrue, yPred, rows } = pairedRows(fn, yTrueIn, yPredIn, classes, "options.classes");
  const fromLogits = booleanOption(fn, "options.fromLogits", options.fromLogits, false);
  const smoothing = labelSmoothingOption(fn, options.labelSmoothing);
  const classWeight = classWeightOption(fn, options.classWeight, classes);
  const classOf = classWeight === null ? null : argmaxRows(yTrue, rows, classes);
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, classWeight, classOf, 0);
  const kernel = (k: KernelExports): RowLossKernel => (fromLogits ? k.softmaxCrossEntropyDenseF32 : k.probCrossEntropyDenseF32);
  return runRowLoss(fn, kernel, yTrue, yPred, rows, classes, plan, smoothing, withGrad, options.out);
}

function sparse(fn: string, labelsIn: unknown, yPredIn: unknown, optionsIn: unknown, withGrad: boolean): Result {
  const options = toOptions(fn, optionsIn as object | undefined) as Partial<SparseCategoricalCrossentropyOptions & GradOptions>;
  const yPred = toFloat32(fn, "yPred", yPredIn);
  const count = (labelsIn as ArrayLike<unknown> | null)?.length;
  let classes: number;
  if (options.classes !== undefined) {
    classes = positiveInteger(fn, "options.classes", options.classes, 1);
  } else if (typeof count === "number" && count > 0 && yPred.length % count === 0 && yPred.length > 0) {
    classes = yPred.length / count;
  } else {
    throw new ShapeError(fn, `options.classes is required when it cannot be inferred from yPred.length (${yPred.length}) / labels.length (${describe(count)})`);
  }
  const rows = rowsOf(fn, "yPred", yPred.length, classes, "classes");
  const ignoreIndex = options.ignoreIndex;
  if (ignoreIndex !== undefined && (typeof ignoreIndex !== "number" || !Number.isInteger(ignoreIndex))) {
    throw new ValueError(fn, `options.ignoreIndex must be an integer, got ${describe(ignoreIndex)}`);
  }
  const fromLogits = booleanOption(fn, "options.fromLogits", options.fromLogits, false);
  const smoothing = labelSmoothingOption(fn, options.labelSmoothing);
  const classWeight = classWeightOption(fn, options.classWeight, classes);
  const { labels, ignored } = toClassLabels(fn, "labels", labelsIn, classes, ignoreIndex);
  if (labels.length !== rows) {
    throw new ShapeError(fn, `labels.length (${labels.length}) must equal the number of rows, yPred.length / classes (${rows})`);
  }
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, classWeight, labels, ignored);
  const kernel = (k: KernelExports): RowLossKernel => (fromLogits ? k.softmaxCrossEntropySparseF32 : k.probCrossEntropySparseF32);
  return runRowLoss(fn, kernel, labels, yPred, rows, classes, plan, smoothing, withGrad, options.out);
}

/**
 * Categorical cross-entropy of one-hot (or soft) targets yTrue against yPred, rows of
 * `options.classes`: L = −Σ_c y'_c·log q_c with q = softmax(yPred) when `fromLogits`, else
 * q = clip(yPred / rowsum, 1e-7, 1 − 1e-7) (Keras). Reduced over rows (default: mean).
 *
 * @example
 * categoricalCrossentropy([0, 1, 0], [0.05, 0.95, 0], { classes: 3 }) // 0.0513 = −log 0.95
 * categoricalCrossentropy([0, 1], [2, 2], { classes: 2, fromLogits: true }) // log 2
 * @throws ShapeError when lengths differ, `classes` is missing or does not divide the length, or a
 *   weight array has the wrong length; ValueError for labelSmoothing outside [0, 1], negative
 *   weights, an unknown reduction; ArgumentTypeError for non-numeric arrays or a non-boolean
 *   fromLogits; NotReadyError before `await ready()`.
 */
export const categoricalCrossentropy = ((yTrue: NumericArray, yPred: NumericArray, options: CategoricalCrossentropyOptions) =>
  categorical("categoricalCrossentropy", yTrue, yPred, options, false).loss) as RowLossFunction<NumericArray, CategoricalCrossentropyOptions>;

/**
 * categoricalCrossentropy and its gradient in one pass: ∂loss/∂logits = scale·w·(Σy'·softmax − y')
 * when `fromLogits`, else ∂loss/∂probabilities (zero where the clip is active).
 */
export const categoricalCrossentropyWithGrad = ((yTrue: NumericArray, yPred: NumericArray, options: CategoricalCrossentropyOptions & GradOptions) =>
  categorical("categoricalCrossentropyWithGrad", yTrue, yPred, options, true)) as RowLossWithGradFunction<NumericArray, CategoricalCrossentropyOptions>;

/**
 * Cross-entropy of integer class labels (one per row) against yPred rows: L = −log q_label
 * (with label smoothing: −(1 − s)·log q_label − (s/C)·Σ_c log q_c). Labels may be any integer
 * typed array, a Float32Array/Float64Array of integral values, or number[].
 *
 * @example
 * sparseCategoricalCrossentropy([1], [0.05, 0.95, 0]) // 0.0513 (classes inferred: 3)
 * sparseCategoricalCrossentropy(Int32Array.of(0, 2), logits, { classes: 10, fromLogits: true, ignoreIndex: -100 })
 * @throws LabelError for a label that is not an integer in [0, classes) and not ignoreIndex,
 *   e.g. `sparseCategoricalCrossentropy: labels[17] = 12 is out of range [0, 10)`; ShapeError,
 *   ValueError, ArgumentTypeError as categoricalCrossentropy.
 */
export const sparseCategoricalCrossentropy = ((labels: NumericArray, yPred: NumericArray, options?: SparseCategoricalCrossentropyOptions) =>
  sparse("sparseCategoricalCrossentropy", labels, yPred, options, false).loss) as RowLossFunction<NumericArray, SparseCategoricalCrossentropyOptions | undefined>;

/** sparseCategoricalCrossentropy and its gradient (softmax − one-hot, scaled, for logits) in one pass. */
export const sparseCategoricalCrossentropyWithGrad = ((labels: NumericArray, yPred: NumericArray, options?: SparseCategoricalCrossentropyOptions & GradOptions) =>
  sparse("sparseCategoricalCrossentropyWithGrad", labels, yPred, options, true)) as RowLossWithGradFunction<NumericArray, SparseCategoricalCrossentropyOptions | undefined>;

function rowTransform(fn: string, xIn: unknown, optionsIn: unknown, log: boolean): Float32Array {
  const options = toOptions(fn, optionsIn as object | undefined) as Partial<SoftmaxOptions>;
  const x = toFloat32(fn, "x", xIn);
  const classes = requiredClasses(fn, options.classes);
  const rows = rowsOf(fn, "x", x.length, classes, "classes");
  const call = new KernelCall(fn);
  const px = call.input("x", x);
  const out = call.output("options.out", x.length, options.out);
  call.commit();
  call.run((k) => (log ? k.logSoftmaxRowsF32 : k.softmaxRowsF32)(px, rows, classes, out));
  return call.result(out, x.length, options.out);
}

/**
 * Softmax of each row of x (rows of `options.classes`): exp(x_c − max) / Σ exp(x − max).
 * @example softmax([0, 0, Math.log(2)], { classes: 3 }) // [0.25, 0.25, 0.5]
 * @throws ShapeError when classes is missing or does not divide x.length, or out has the wrong length.
 */
export function softmax(x: NumericArray, options: SoftmaxOptions): Float32Array {
  return rowTransform("softmax", x, options, false);
}

/**
 * Log-softmax of each row of x: (x_c − max) − log Σ exp(x − max), exact for any finite logits.
 * @example logSoftmax([0, 0], { classes: 2 }) // [−0.693, −0.693]
 * @throws ShapeError as softmax.
 */
export function logSoftmax(x: NumericArray, options: SoftmaxOptions): Float32Array {
  return rowTransform("logSoftmax", x, options, true);
}
