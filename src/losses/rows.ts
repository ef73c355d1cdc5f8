// Shared plumbing of the row-wise losses (cross-entropy, focal, cosine, categorical hinge): the
// per-row weights (sampleWeight × classWeight, ignored rows), the reduction's divisor, and one
// kernel call with the (targets, x, rows, classes, w, lossOut, g, gs, k) → Σ w·L signature.
import { ArgumentTypeError, ShapeError, ValueError } from "../core/errors.js";
import { describe, finiteNumber, toFloat32, type NumericArray } from "../core/args.js";
export { requiredClasses } from "../core/labels.js";
import { KernelCall } from "../core/call.js";
import { argmax } from "../metrics/argmax.js";
import type { KernelExports } from "../core/exports.js";
import { applyDivisor, divisorOf, planReduction, type Reduction } from "../core/reduction.js";
import type { ElementwiseKernel } from "./kernels.js";
import type { GradOptions, LossWithGrad } from "./elementwise.js";

/** The kernels of the row-wise losses share the element-wise losses' signature. */
export type RowLossKernel = ElementwiseKernel;

/** How each row is weighted and how the weighted sum becomes the loss. */
export interface RowPlan {
  reduction: Reduction;
  /** Per-row weights for the kernel (null: all 1). Ignored rows are skipped by the kernel. */
  weights: Float32Array | null;
  divisor: number;
}

/** `options.fromLogits`: a boolean, false by default. */
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

/** The class of each one-hot (or soft) target row, as Keras's class_weight reads it: its argmax. */
export function argmaxRows(y: Float32Array, rows: number, classes: number): Int32Array {
  return argmax(y.subarray(0, rows * classes), { classes });
}

/** One kernel call: the reduced loss (or per-row losses for 'none') and, if asked, the gradient. */
export function runRowLoss(
  fn: string, kernel: (k: KernelExports) => RowLossKernel, targets: Float32Array | Int32Array, yPred: Float32Array,
  rows: number, classes: number, plan: RowPlan, k: number, withGrad: boolean, out: unknown,
): { loss: number | Float32Array; grad?: Float32Array } {
  const none = plan.reduction === "none";
  const n = yPred.length;
  const call = new KernelCall(fn);
  const t = call.input("yTrue", targets);
  const p = call.input("yPred", yPred);
  const w = call.input("options.sampleWeight", plan.weights);
  const lossOut = none ? call.output("losses", rows) : 0;
  const g = withGrad ? call.output("options.out", n, out) : 0;
  call.commit();
  const gs = plan.divisor === 0 ? 0 : 1 / plan.divisor;
  const total = call.run((kx) => kernel(kx)(t, p, rows, classes, w, lossOut, g, gs, k));
  return {
    loss: none ? call.result(lossOut, rows) : applyDivisor(total, plan.divisor),
    grad: withGrad ? call.result(g, n, out as Float32Array | undefined) : undefined,
  };
}



/** A loss of (targets, yPred, options): a number, or per-row losses for reduction 'none'. */
/** `[options?]` when the options may be left out (O includes undefined), else `[options]`. */
type OptionsArg<O> = undefined extends O ? [options?: O] : [options: O];

export interface RowLossFunction<T, O> {
  (targets: T, yPred: NumericArray, options: NonNullable<O> & { reduction: "none" }): Float32Array;
  (targets: T, yPred: NumericArray, ...options: OptionsArg<O>): number;
}

/** The fused loss-and-gradient twin of a RowLossFunction. */
export interface RowLossWithGradFunction<T, O> {
  (targets: T, yPred: NumericArray, options: NonNullable<O> & GradOptions & { reduction: "none" }): LossWithGrad<Float32Array>;
  (targets: T, yPred: NumericArray, ...options: OptionsArg<O extends undefined ? O : O & GradOptions>): LossWithGrad<number>;
}

export type { NumericArray };
