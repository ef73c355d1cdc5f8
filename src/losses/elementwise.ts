// The pattern of every loss whose per-sample value is the mean over the last axis of an
// element-wise term (assembly/losses/elementwise.ts): `elementwiseLoss(spec)` builds the public
// loss and its fused `...WithGrad` twin from the spec's option check and kernel choice.
import { pairedRows, finiteNumber, positiveInteger, toOptions, type NumericArray } from "../core/args.js";
import type { KernelName } from "../core/kernel-table.js";
import { applyDivisor, planReduction, type Reduction } from "../core/reduction.js";
import { runKernel } from "../core/run.js";

/** Options shared by every loss whose per-sample value is a mean over the last axis. */
export interface ElementwiseLossOptions {
  /** Length of the last axis: the per-sample loss is the mean over it. Default 1. */
  features?: number;
  /** Default `'sum_over_batch_size'` (Keras 3). `'none'` returns the per-sample losses. */
  reduction?: Reduction;
  /** One non-negative weight per sample (length = yPred.length / features). */
  sampleWeight?: NumericArray;
}

/** Extra option of the `...WithGrad` twins. */
export interface GradOptions {
  /** Float32Array of yPred's length to write the gradient into (it may live in module memory). */
  out?: Float32Array;
}

/** What a `...WithGrad` function returns. */
export interface LossWithGrad<L = number> {
  /** The reduced loss (or, for `'none'`, the per-sample losses). */
  loss: L;
  /** ∂loss/∂yPred (for `'none'`, the gradient of the sum of the per-sample losses). */
  grad: Float32Array;
}

/** A loss function: a number, or the per-sample Float32Array for `reduction: 'none'`. */
export interface LossFunction<O> {
  (yTrue: NumericArray, yPred: NumericArray, options: O & { reduction: "none" }): Float32Array;
  (yTrue: NumericArray, yPred: NumericArray, options?: O): number;
}

/** The fused loss-and-gradient twin of a LossFunction. */
export interface LossWithGradFunction<O> {
  (yTrue: NumericArray, yPred: NumericArray, options: O & GradOptions & { reduction: "none" }): LossWithGrad<Float32Array>;
  (yTrue: NumericArray, yPred: NumericArray, options?: O & GradOptions): LossWithGrad<number>;
}

/**
 * A loss's plain parameters, read from its options: numbers passed to the kernel by name (the
 * kernel table's parameter names, e.g. `labelSmoothing`, `posWeight`), booleans passed as 1 / 0,
 * or used only to choose the kernel (`fromLogits`).
 */
export type LossParams = Record<string, number | boolean>;

/** The kernel's scalar parameters: booleans as 1 / 0. */
export function kernelParams(params: LossParams): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Number(v);
  return out;
}

/** The result of one evaluation: the reduced loss (or per-sample losses) and, if asked, the gradient. */
export type Evaluation = { loss: number | Float32Array; grad?: Float32Array };

interface Spec<O extends ElementwiseLossOptions, P extends LossParams> {
  name: string;
  /**
   * Checks the options (and yTrue, for parameters that depend on the data: checked but not
   * converted, so read its values through Math.fround as the kernel sees them) and returns the
   * plain parameters; throws the typed error of a bad option. Default: no parameters.
   */
  params?: (fn: string, options: Partial<O>, yTrue: NumericArray) => P;
  /** The kernel, which may depend on the parameters (e.g. fromLogits). */
  kernel: KernelName | ((params: P) => KernelName);
}

function evaluate<O extends ElementwiseLossOptions, P extends LossParams>(
  spec: Spec<O, P>, fn: string, yTrueIn: unknown, yPredIn: unknown, optionsIn: O | undefined, withGrad: boolean,
): Evaluation {
  const options = toOptions(fn, optionsIn) as Partial<O & GradOptions>;
  const features = positiveInteger(fn, "options.features", options.features, 1);
  const { yTrue, yPred, rows } = pairedRows(fn, yTrueIn, yPredIn, features, "options.features");
  const plan = planReduction(fn, options.reduction, options.sampleWeight, rows);
  const params = spec.params ? spec.params(fn, options, yTrue) : ({} as P);
  const none = plan.reduction === "none";
  const kernel = typeof spec.kernel === "string" ? spec.kernel : spec.kernel(params);
  const { value, outputs } = runKernel(fn, kernel, {
    rows,
    rowLength: features,
    inputs: { yTrue, yPred, sampleWeight: plan.weights },
    outputs: { losses: none && { name: "losses" }, grad: withGrad && { into: options.out, name: "options.out" } },
    params: { ...kernelParams(params), gradScale: plan.divisor === 0 ? 0 : 1 / (plan.divisor * features) },
    names: { sampleWeight: "options.sampleWeight" },
  });
  return {
    loss: none ? (outputs.losses as Float32Array) : applyDivisor(value, plan.divisor),
    grad: withGrad ? (outputs.grad as Float32Array) : undefined,
  };
}

/** Builds the public loss and its fused `...WithGrad` twin from a spec. */
export function elementwiseLoss<O extends ElementwiseLossOptions, P extends LossParams = LossParams>(spec: Spec<O, P>): {
  loss: LossFunction<O>;
  withGrad: LossWithGradFunction<O>;
} {
  const gradName = `${spec.name}WithGrad`;
  const loss = (yTrue: NumericArray, yPred: NumericArray, options?: O) =>
    evaluate(spec, spec.name, yTrue, yPred, options, false).loss;
  const withGrad = (yTrue: NumericArray, yPred: NumericArray, options?: O & GradOptions) =>
    evaluate(spec, gradName, yTrue, yPred, options, true);
  return { loss: loss as LossFunction<O>, withGrad: withGrad as LossWithGradFunction<O> };
}

/** Reads a positive finite option (e.g. Huber's delta). */
export function positiveOption(fn: string, name: string, value: unknown, fallback: number): number {
  return finiteNumber(fn, name, value, fallback, (v) => v > 0, "a finite number > 0");
}

/** Reads a finite option ≥ 0 (e.g. γ, posWeight). */
export function nonNegativeOption(fn: string, name: string, value: unknown, fallback: number): number {
  return finiteNumber(fn, name, value, fallback, (v) => v >= 0, "a finite number ≥ 0");
}
