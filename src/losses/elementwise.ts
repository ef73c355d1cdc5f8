// The pattern of every loss whose per-sample value is the mean (KL: the sum) over the last axis
// of an element-wise term (assembly/losses/elementwise.ts): `elementwiseLoss(spec)` builds the
// public loss and its fused `...WithGrad` twin from the spec's options table and kernel choice.
import { pairedRows, type ArrayInput, type NumericArray } from "../core/args.js";
import type { KernelName } from "../core/kernel-table.js";
import {
  booleanOption, numberOption, OptionReaders, optionKeys, toOptions, type OptionKeys, type OptionTable,
} from "../core/options.js";
import { applyDivisor, planReduction, type Reduction } from "../core/reduction.js";
import { runKernel } from "../core/run.js";

/** Options shared by every loss whose per-sample value is a mean over the last axis. */
export interface ElementwiseLossOptions {
  /** Length of the last axis: the per-sample loss is the mean over it. Default 1, or the inner length of nested rows. */
  features?: number;
  /** Default `'sum_over_batch_size'` (Keras 3). `'none'` returns the per-sample losses. */
  reduction?: Reduction;
  /**
   * Non-negative weights: one per sample (yPred.length / features), one per element of yPred
   * (tfjs-core's `weights` of the full shape: each term weighted before the mean over the last
   * axis), or one number for every sample (Keras's scalar sample_weight).
   */
  sampleWeight?: number | ArrayInput;
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
  (yTrue: ArrayInput, yPred: ArrayInput, options: O & { reduction: "none" }): Float32Array;
  (yTrue: ArrayInput, yPred: ArrayInput, options?: O): number;
}

/** The fused loss-and-gradient twin of a LossFunction. */
export interface LossWithGradFunction<O> {
  (yTrue: ArrayInput, yPred: ArrayInput, options: O & GradOptions & { reduction: "none" }): LossWithGrad<Float32Array>;
  (yTrue: ArrayInput, yPred: ArrayInput, options?: O & GradOptions): LossWithGrad<number>;
}

/**
 * A loss's plain parameters, read from its options: numbers passed to the kernel by name (the
 * kernel table's parameter names, e.g. `labelSmoothing`, `posWeight`), booleans passed as 1 / 0,
 * or used only to choose the kernel (`fromLogits`).
 */
export type LossParams = Record<string, number | boolean>;

/** The kernel's scalar parameters: the loss's own, booleans as 1 / 0, and the gradient scale. */
export function kernelParams(params: LossParams, gradScale: number): Record<string, number> {
  const out: Record<string, number> = { gradScale };
  for (const k in params) out[k] = +params[k];
  return out;
}

/** The result of one evaluation: the reduced loss (or per-sample losses) and, if asked, the gradient. */
export type Evaluation = { loss: number | Float32Array; grad?: Float32Array };

/** `out` (the gradient's destination) is an option of the `...WithGrad` twins only. */
export const GRAD_OPTIONS = ["out"] as const;

/** The keys a loss accepts: the family's shared ones and its own table's, and for the twin `out` too. */
export function lossKeys(shared: readonly string[], own: OptionTable | undefined): { loss: OptionKeys; withGrad: OptionKeys } {
  const loss = optionKeys(...shared, ...Object.keys(own ?? {}));
  return { loss, withGrad: loss.and(...GRAD_OPTIONS) };
}

/** Every value of a per-sample loss array times a scalar weight (in place). */
export function scaleLosses(losses: Float32Array, scale: number): Float32Array {
  if (scale !== 1) for (let i = 0; i < losses.length; i++) losses[i] *= scale;
  return losses;
}

/** The options every element-wise loss takes. */
const SHARED_OPTIONS = ["features", "reduction", "sampleWeight"];

interface Spec {
  name: string;
  /** The loss's own options, each with its reader: with the shared ones, the keys it accepts. */
  options?: OptionTable;
  /**
   * Kernel parameters that depend on the data (hinge's label form): yTrue is checked but not
   * converted, so read its values through Math.fround as the kernel sees them.
   */
  fromData?: (yTrue: NumericArray) => Record<string, number>;
  /** The kernel, which may depend on the parameters (e.g. fromLogits). */
  kernel: KernelName | ((params: LossParams) => KernelName);
  /** The per-sample loss is the sum over the last axis (KL, as Keras), not the mean. */
  sumsLastAxis?: boolean;
}

const NO_PARAMS = new OptionReaders({});

function evaluate(
  spec: Spec, readers: OptionReaders<OptionTable>, keys: OptionKeys, fn: string, yTrueIn: unknown, yPredIn: unknown,
  optionsIn: (ElementwiseLossOptions & GradOptions) | undefined, withGrad: boolean,
): Evaluation {
  const options = toOptions(fn, optionsIn, keys);
  const { yTrue, yPred, rows, rowLength: features } = pairedRows(fn, yTrueIn, yPredIn, "options.features", options.features, 1);
  const plan = planReduction(fn, options.reduction, options.sampleWeight, rows, rows * features);
  const own = readers.read(fn, options as Record<string, unknown>);
  const none = plan.reduction === "none";
  const kernel = typeof spec.kernel === "string" ? spec.kernel : spec.kernel(own);
  // Per-element weights: the kernel runs on the rows × features elements as rows of one element,
  // each weighted by its own weight; Σ_s L_s is then c·Σ_e W_e·ℓ_e with c = 1/features (1 for a
  // loss that sums the last axis), and the gradient of element e is c·W_e·ℓ'_e / divisor.
  const perElement = plan.perElement;
  const c = perElement && !spec.sumsLastAxis ? 1 / features : 1;
  const gradScale = plan.divisor === 0 ? 0 : (plan.scale * c) / (plan.divisor * (perElement ? 1 : features));
  const params = kernelParams(own, gradScale);
  if (spec.fromData) Object.assign(params, spec.fromData(yTrue));
  const { value, outputs } = runKernel(fn, kernel, {
    rows: perElement ? rows * features : rows,
    rowLength: perElement ? 1 : features,
    inputs: { yTrue, yPred, sampleWeight: plan.weights },
    outputs: { losses: none && { name: "losses" }, grad: withGrad && { into: options.out, name: "options.out" } },
    params,
    names: { sampleWeight: "options.sampleWeight" },
  });
  let loss: number | Float32Array;
  if (!none) loss = applyDivisor(value * c, plan.divisor, plan.scale);
  else if (perElement) loss = rowSums(outputs.losses as Float32Array, rows, features, c);
  else loss = scaleLosses(outputs.losses as Float32Array, plan.scale);
  return { loss, grad: withGrad ? (outputs.grad as Float32Array) : undefined };
}

/** c · Σ over each row of `features` values (float64 sums), one per row. */
function rowSums(x: Float32Array, rows: number, features: number, c: number): Float32Array {
  const out = new Float32Array(rows);
  for (let s = 0, i = 0; s < rows; s++) {
    let sum = 0;
    for (const end = i + features; i < end; i++) sum += x[i];
    out[s] = c * sum;
  }
  return out;
}

/** Builds the public loss and its fused `...WithGrad` twin from a spec. */
export function elementwiseLoss<O extends ElementwiseLossOptions>(spec: Spec): {
  loss: LossFunction<O>;
  withGrad: LossWithGradFunction<O>;
} {
  const gradName = `${spec.name}WithGrad`;
  const readers = spec.options ? new OptionReaders(spec.options) : NO_PARAMS;
  const keys = lossKeys(SHARED_OPTIONS, spec.options);
  const loss = (yTrue: ArrayInput, yPred: ArrayInput, options?: O) =>
    evaluate(spec, readers, keys.loss, spec.name, yTrue, yPred, options, false).loss;
  const withGrad = (yTrue: ArrayInput, yPred: ArrayInput, options?: O & GradOptions) =>
    evaluate(spec, readers, keys.withGrad, gradName, yTrue, yPred, options, true);
  return { loss: loss as LossFunction<O>, withGrad: withGrad as LossWithGradFunction<O> };
}

// ---- option readers the losses share ----------------------------------------------------------------

/** `fromLogits` (default false). */
export const FROM_LOGITS = booleanOption(false);

/** `labelSmoothing` in [0, 1] (default 0). */
export const LABEL_SMOOTHING = numberOption(0, (v) => v >= 0 && v <= 1, "a number in [0, 1]");

/** A finite option > 0 (e.g. Huber's delta). */
export const positive = (fallback: number) => numberOption(fallback, (v) => v > 0, "a finite number > 0");

/** A finite option ≥ 0 (e.g. γ, posWeight). */
export const nonNegative = (fallback: number) => numberOption(fallback, (v) => v >= 0, "a finite number ≥ 0");
