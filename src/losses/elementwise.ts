import { pairedRows, finiteNumber, positiveInteger, toOptions, type NumericArray } from "../core/args.js";
import { KernelCall } from "../core/call.js";
import type { KernelExports } from "../core/exports.js";
import type { ElementwiseKernel } from "./kernels.js";
import { applyDivisor, planReduction, type Reduction } from "../core/reduction.js";

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

interface Spec<O extends ElementwiseLossOptions> {
  name: string;
  /** The kernel, which may depend on the options (e.g. fromLogits). */
  kernel: (k: KernelExports, options: Partial<O>) => ElementwiseKernel;
  /** The kernel's scalar parameter k (Huber's delta), read and checked from the options (and yTrue). */
  param?: (fn: string, options: Partial<O>, yTrue: Float32Array) => number;
  /** Sets further kernel parameters (module state) right before the kernel runs. */
  prepare?: (k: KernelExports, options: Partial<O>) => void;
}

function evaluate<O extends ElementwiseLossOptions>(
  spec: Spec<O>, fn: string, yTrueIn: unknown, yPredIn: unknown, optionsIn: O | undefined, withGrad: boolean,
): { loss: number | Float32Array; grad?: Float32Array } {
  const options = toOptions(fn, optionsIn) as Partial<O & GradOptions>;
  const features = positiveInteger(fn, "options.features", options.features, 1);
  const { yTrue, yPred, rows } = pairedRows(fn, yTrueIn, yPredIn, features, "options.features");
  const plan = planReduction(fn, options.reduction, options.sampleWeight, rows);
  const k = spec.param ? spec.param(fn, options, yTrue) : 0;
  const none = plan.reduction === "none";
  const n = yPred.length;

  const call = new KernelCall(fn);
  const t = call.input("yTrue", yTrue);
  const p = call.input("yPred", yPred);
  const w = call.input("options.sampleWeight", plan.weights);
  const lossOut = none ? call.output("losses", rows) : 0;
  const g = withGrad ? call.output("options.out", n, options.out) : 0;
  call.commit();
  const gs = plan.divisor === 0 ? 0 : 1 / (plan.divisor * features);
  const total = call.run((kx) => {
    spec.prepare?.(kx, options);
    return spec.kernel(kx, options)(t, p, rows, features, w, lossOut, g, gs, k);
  });
  return {
    loss: none ? call.result(lossOut, rows) : applyDivisor(total, plan.divisor),
    grad: withGrad ? call.result(g, n, options.out) : undefined,
  };
}

/** Builds the public loss and its fused `...WithGrad` twin from a kernel. */
export function elementwiseLoss<O extends ElementwiseLossOptions>(spec: Spec<O>): {
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
