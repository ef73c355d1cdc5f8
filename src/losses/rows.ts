// The pattern of every loss computed per row (cross-entropy, focal, cosine similarity,
// categorical hinge): `rowLoss(spec)` builds the public loss and its fused `...WithGrad` twin.
// Shared steps: the targets (float32 rows, or integer labels for the sparse losses) and the row
// length, the spec's option check into plain parameters, the per-row weights (sampleWeight ×
// classWeight, ignored rows), the reduction's divisor, and one kernel call of the table's
// (targets, yPred, rows, rowLength, sampleWeight, losses, grad, gradScale, params…) → Σ w·L form.
import { ArgumentTypeError, ShapeError, ValueError } from "../core/errors.js";
import {
  describe, finiteNumber, numericArray, pairedRows, positiveInteger, rowsOf, toFloat32, toOptions, type NumericArray,
} from "../core/args.js";
import { argmaxRows } from "../core/argmax.js";
import type { KernelName } from "../core/kernel-table.js";
import { requiredClasses, toClassLabels } from "../core/labels.js";
import { applyDivisor, divisorOf, planReduction, type Reduction } from "../core/reduction.js";
import { runKernel } from "../core/run.js";
import { kernelParams, type Evaluation, type GradOptions, type LossParams, type LossWithGrad } from "./elementwise.js";

/** How each row is weighted and how the weighted sum becomes the loss. */
export interface RowPlan {
  reduction: Reduction;
  /** Per-row weights for the kernel (null: all 1). Ignored rows are skipped by the kernel. */
  weights: Float32Array | null;
  divisor: number;
}

/** `options.fromLogits` and other boolean options: a boolean, `fallback` when undefined. */
export function booleanOption(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentTypeError(fn, `${name} must be a boolean, got ${describe(value)}`);
  return value;
}

/** `options.labelSmoothing` in [0, 1]. */
export function labelSmoothingOption(fn: string, value: unknown): number {
  return finiteNumber(fn, "options.labelSmoothing", value, 0, (v) => v >= 0 && v <= 1, "a number in [0, 1]");
}

/** `options.classWeight`: `classes` finite non-negative numbers, or null. */
export function classWeightOption(fn: string, value: unknown, classes: number): Float32Array | null {
  if (value === undefined || value === null) return null;
  const cw = toFloat32(fn, "options.classWeight", value);
  if (cw.length !== classes) {
    throw new ShapeError(fn, `options.classWeight.length (${cw.length}) must equal classes (${classes})`);
  }
  for (let c = 0; c < cw.length; c++) {
    if (!(cw[c] >= 0) || cw[c] === Infinity) {
      throw new ValueError(fn, `options.classWeight[${c}] = ${cw[c]} must be finite and non-negative`);
    }
  }
  return cw;
}

/**
 * The reduction plan of a row-wise loss. Each row's weight is sampleWeight[r] · classWeight[class
 * of r] (Keras's `class_weight` in `fit`); ignored rows (classOf[r] < 0) count nowhere: not in
 * the batch size, not in Σw, not in the non-zero count (Keras's mask, PyTorch's ignore_index).
 */
export function planRows(
  fn: string, reduction: unknown, sampleWeight: unknown, rows: number,
  classWeight: Float32Array | null, classOf: Int32Array | null, ignored: number,
): RowPlan {
  const plan = planReduction(fn, reduction, sampleWeight, rows);
  if (classWeight === null && ignored === 0) return plan;
  const weights = new Float32Array(rows);
  let count = 0;
  let weightSum = 0;
  let nonzero = 0;
  for (let r = 0; r < rows; r++) {
    const c = classOf === null ? 0 : classOf[r];
    if (c < 0) continue;
    const w = (plan.weights === null ? 1 : plan.weights[r]) * (classWeight === null ? 1 : classWeight[c]);
    weights[r] = w;
    count++;
    weightSum += w;
    if (w !== 0) nonzero++;
  }
  return { reduction: plan.reduction, weights, divisor: divisorOf(plan.reduction, count, weightSum, nonzero) };
}

/** Options every row loss reads itself (the rest are the spec's). */
interface RowOptions {
  classes?: number;
  features?: number;
  classWeight?: NumericArray;
  ignoreIndex?: number;
  reduction?: Reduction;
  sampleWeight?: NumericArray;
}

interface RowSpec<P extends LossParams> {
  name: string;
  /**
   * "dense": yTrue holds rows × rowLength targets; "sparse": one integer label per row (any
   * integer array; `options.ignoreIndex` marks rows to skip; `options.classes` may be inferred
   * as yPred.length / labels.length).
   */
  targets: "dense" | "sparse";
  /** The option that gives the row length: `classes` (required for dense targets) or `features` (default 1). */
  rowLength: "classes" | "features";
  /** Whether `options.classWeight` applies (a row's class: its label, or the argmax of its yTrue row). */
  classWeight?: boolean;
  /** Checks the spec's own options and returns the plain parameters; throws the typed error of a bad option. */
  params?: (fn: string, options: Record<string, unknown>) => P;
  /** The kernel, which may depend on the parameters (e.g. fromLogits). */
  kernel: KernelName | ((params: P) => KernelName);
}

/** The integer labels of a sparse row loss, with the classes count and the number of ignored rows. */
function sparseTargets(fn: string, labelsIn: unknown, yPred: NumericArray, options: RowOptions) {
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
  return { classes, rows, ignoreIndex };
}

function evaluateRows<P extends LossParams>(
  spec: RowSpec<P>, fn: string, targetsIn: unknown, yPredIn: unknown, optionsIn: unknown, withGrad: boolean,
): Evaluation {
  const options = toOptions(fn, optionsIn as object | undefined) as RowOptions & GradOptions & Record<string, unknown>;
  let targets: NumericArray;
  let yPred: NumericArray;
  let rows: number;
  let rowLength: number;
  let params: P;
  let classWeight: Float32Array | null = null;
  let classOf: Int32Array | null = null;
  let ignored = 0;
  if (spec.targets === "sparse") {
    yPred = numericArray(fn, "yPred", yPredIn);
    const shape = sparseTargets(fn, targetsIn, yPred, options);
    ({ rows, classes: rowLength } = shape);
    params = spec.params ? spec.params(fn, options) : ({} as P);
    if (spec.classWeight) classWeight = classWeightOption(fn, options.classWeight, rowLength);
    const checked = toClassLabels(fn, "labels", targetsIn, rowLength, shape.ignoreIndex);
    targets = checked.labels;
    ignored = checked.ignored;
    if (targets.length !== rows) {
      throw new ShapeError(fn, `labels.length (${targets.length}) must equal the number of rows, yPred.length / classes (${rows})`);
    }
    classOf = targets;
  } else {
    rowLength = spec.rowLength === "classes"
      ? requiredClasses(fn, options.classes)
      : positiveInteger(fn, "options.features", options.features, 1);
    const paired = pairedRows(fn, targetsIn, yPredIn, rowLength, `options.${spec.rowLength}`);
    ({ yTrue: targets, yPred, rows } = paired);
    params = spec.params ? spec.params(fn, options) : ({} as P);
    if (spec.classWeight) {
      classWeight = classWeightOption(fn, options.classWeight, rowLength);
      if (classWeight !== null) classOf = argmaxRows(fn, paired.yTrue, rows, rowLength);
    }
  }
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, classWeight, classOf, ignored);
  const none = plan.reduction === "none";
  const kernel = typeof spec.kernel === "string" ? spec.kernel : spec.kernel(params);
  const { value, outputs } = runKernel(fn, kernel, {
    rows,
    rowLength,
    inputs: { [spec.targets === "sparse" ? "labels" : "yTrue"]: targets, yPred, sampleWeight: plan.weights },
    outputs: { losses: none && { name: "losses" }, grad: withGrad && { into: options.out, name: "options.out" } },
    params: { ...kernelParams(params), gradScale: plan.divisor === 0 ? 0 : 1 / plan.divisor },
    names: { sampleWeight: "options.sampleWeight" },
  });
  return {
    loss: none ? (outputs.losses as Float32Array) : applyDivisor(value, plan.divisor),
    grad: withGrad ? (outputs.grad as Float32Array) : undefined,
  };
}

/** `[options?]` when the options may be left out (O includes undefined), else `[options]`. */
type OptionsArg<O> = undefined extends O ? [options?: O] : [options: O];

/** A loss of (targets, yPred, options): a number, or per-row losses for reduction 'none'. */
export interface RowLossFunction<T, O> {
  (targets: T, yPred: NumericArray, options: NonNullable<O> & { reduction: "none" }): Float32Array;
  (targets: T, yPred: NumericArray, ...options: OptionsArg<O>): number;
}

/** The fused loss-and-gradient twin of a RowLossFunction. */
export interface RowLossWithGradFunction<T, O> {
  (targets: T, yPred: NumericArray, options: NonNullable<O> & GradOptions & { reduction: "none" }): LossWithGrad<Float32Array>;
  (targets: T, yPred: NumericArray, ...options: OptionsArg<O extends undefined ? O : O & GradOptions>): LossWithGrad<number>;
}

/** Builds the public row loss and its fused `...WithGrad` twin from a spec. */
export function rowLoss<O, P extends LossParams = LossParams>(spec: RowSpec<P>): {
  loss: RowLossFunction<NumericArray, O>;
  withGrad: RowLossWithGradFunction<NumericArray, O>;
} {
  const gradName = `${spec.name}WithGrad`;
  const loss = (targets: NumericArray, yPred: NumericArray, options?: O) =>
    evaluateRows(spec, spec.name, targets, yPred, options, false).loss;
  const withGrad = (targets: NumericArray, yPred: NumericArray, options?: O) =>
    evaluateRows(spec, gradName, targets, yPred, options, true);
  return { loss: loss as RowLossFunction<NumericArray, O>, withGrad: withGrad as RowLossWithGradFunction<NumericArray, O> };
}

export type { NumericArray };
