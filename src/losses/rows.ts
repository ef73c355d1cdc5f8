// The pattern of every loss computed per row (cross-entropy, focal, cosine similarity,
// categorical hinge): `rowLoss(spec)` builds the public loss and its fused `...WithGrad` twin.
// Shared steps: the targets (float32 rows, or integer labels for the sparse losses) and the row
// length, the spec's options table into plain parameters, the per-row weights (sampleWeight ×
// classWeight, ignored rows), the reduction's divisor, and one kernel call of the table's
// (targets, yPred, rows, rowLength, sampleWeight, losses, grad, gradScale, params…) → Σ w·L form.
import { ShapeError, ValueError } from "../core/errors.js";
import {
  describe, innerLength, isNested, numericArray, pairedRows, rowLengthOf, rowsOf, type ArrayInput, type NestedArray, type NumericArray,
} from "../core/args.js";
import { argmaxRows } from "../core/argmax.js";
import type { KernelName } from "../core/kernel-table.js";
import { toClassLabels } from "../core/labels.js";
import { OptionReaders, toOptions, type OptionKeys, type OptionTable } from "../core/options.js";
import { applyDivisor, divisorOf, planReduction, type Reduction } from "../core/reduction.js";
import { runKernel } from "../core/run.js";
import {
  kernelParams, lossKeys, scaleLosses, type Evaluation, type GradOptions, type LossParams, type LossWithGrad,
} from "./elementwise.js";

/** How each row is weighted and how the weighted sum becomes the loss. */
export interface RowPlan {
  reduction: Reduction;
  /** Per-row weights for the kernel, as given or formed here (null: all 1). Ignored rows are skipped by the kernel. */
  weights: NumericArray | null;
  /** A scalar sampleWeight that multiplies every row's loss (1 without one). */
  scale: number;
  divisor: number;
}

/** `options.classWeight`: `classes` finite non-negative numbers (as given), or null. */
export function classWeightOption(fn: string, value: unknown, classes: number): NumericArray | null {
  if (value === undefined || value === null) return null;
  const cw = numericArray(fn, "options.classWeight", value);
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
 * Σw and the non-zero count are float64 over the weights as given; the kernel's per-row weights
 * are their float32 products.
 */
export function planRows(
  fn: string, reduction: unknown, sampleWeight: unknown, rows: number,
  classWeight: NumericArray | null, classOf: Int32Array | null, ignored: number,
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
    const w = (plan.weights === null ? plan.scale : plan.weights[r]) * (classWeight === null ? 1 : classWeight[c]);
    weights[r] = w;
    count++;
    weightSum += w;
    if (w !== 0) nonzero++;
  }
  return { reduction: plan.reduction, weights, scale: 1, divisor: divisorOf(plan.reduction, count, weightSum, nonzero) };
}

/** Options every row loss reads itself (the rest are the spec's). */
interface RowOptions {
  classes?: number;
  features?: number;
  classWeight?: ArrayInput;
  ignoreIndex?: number;
  reduction?: Reduction;
  sampleWeight?: number | ArrayInput;
}

interface RowSpec {
  name: string;
  /**
   * "dense": yTrue holds rows × rowLength targets; "sparse": one integer label per row (any
   * integer array; `options.ignoreIndex` marks rows to skip; `options.classes` may be inferred
   * from yPred's nested rows, or as yPred.length / labels.length).
   */
  targets: "dense" | "sparse";
  /** The option that gives the row length: `classes` (required for dense targets) or `features` (default 1). */
  rowLength: "classes" | "features";
  /** Whether `options.classWeight` applies (a row's class: its label, or the argmax of its yTrue row). */
  classWeight?: boolean;
  /** The loss's own options, each with its reader: with the shared ones, the keys it accepts. */
  options?: OptionTable;
  /** The kernel, which may depend on the parameters (e.g. fromLogits). */
  kernel: KernelName | ((params: LossParams) => KernelName);
}

/** The keys every row loss takes, by kind. */
function sharedKeys(spec: RowSpec): string[] {
  const keys = [spec.rowLength, "reduction", "sampleWeight"];
  if (spec.classWeight) keys.push("classWeight");
  if (spec.targets === "sparse") keys.push("ignoreIndex");
  return keys;
}

/** The integer labels of a sparse row loss, with the classes count and the number of ignored rows. */
function sparseTargets(fn: string, labelsIn: unknown, yPredIn: unknown, yPred: NumericArray, options: RowOptions) {
  const labels = isNested(labelsIn) ? numericArray(fn, "labels", labelsIn) : labelsIn;
  const count = (labels as ArrayLike<unknown> | null)?.length;
  let classes: number;
  if (options.classes !== undefined || innerLength(yPredIn) !== undefined) {
    classes = rowLengthOf(fn, "options.classes", options.classes, undefined, "yPred", yPredIn);
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
  const checked = toClassLabels(fn, "labels", labels, classes, ignoreIndex);
  if (checked.labels.length !== rows) {
    throw new ShapeError(fn, `labels.length (${checked.labels.length}) must equal the number of rows, yPred.length / classes (${rows})`);
  }
  return { classes, rows, labels: checked.labels, ignored: checked.ignored };
}

function evaluateRows(
  spec: RowSpec, readers: OptionReaders<OptionTable>, keys: OptionKeys, fn: string, targetsIn: unknown, yPredIn: unknown,
  optionsIn: (RowOptions & GradOptions) | undefined, withGrad: boolean,
): Evaluation {
  const options = toOptions(fn, optionsIn, keys);
  let targets: NumericArray;
  let yPred: NumericArray;
  let rows: number;
  let rowLength: number;
  let classWeight: NumericArray | null = null;
  let classOf: Int32Array | null = null;
  let ignored = 0;
  if (spec.targets === "sparse") {
    yPred = numericArray(fn, "yPred", yPredIn);
    const sparse = sparseTargets(fn, targetsIn, yPredIn, yPred, options);
    ({ rows, classes: rowLength, labels: classOf, ignored } = sparse);
    targets = classOf;
  } else {
    const fallback = spec.rowLength === "classes" ? undefined : 1;
    ({ yTrue: targets, yPred, rows, rowLength } = pairedRows(fn, targetsIn, yPredIn, `options.${spec.rowLength}`, options[spec.rowLength], fallback));
  }
  const own = readers.read(fn, options as Record<string, unknown>);
  if (spec.classWeight) {
    classWeight = classWeightOption(fn, options.classWeight, rowLength);
    if (classWeight !== null && classOf === null) classOf = argmaxRows(fn, targets, rows, rowLength);
  }
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, classWeight, classOf, ignored);
  const none = plan.reduction === "none";
  const kernel = typeof spec.kernel === "string" ? spec.kernel : spec.kernel(own);
  const { value, outputs } = runKernel(fn, kernel, {
    rows,
    rowLength,
    inputs: spec.targets === "sparse"
      ? { labels: targets, yPred, sampleWeight: plan.weights }
      : { yTrue: targets, yPred, sampleWeight: plan.weights },
    outputs: { losses: none && { name: "losses" }, grad: withGrad && { into: options.out, name: "options.out" } },
    params: kernelParams(own, plan.divisor === 0 ? 0 : plan.scale / plan.divisor),
    names: { sampleWeight: "options.sampleWeight" },
  });
  return {
    loss: none ? scaleLosses(outputs.losses as Float32Array, plan.scale) : applyDivisor(value, plan.divisor, plan.scale),
    grad: withGrad ? (outputs.grad as Float32Array) : undefined,
  };
}

/** `[options?]` when the options may be left out (O includes undefined), else `[options]`. */
type OptionsArg<O> = undefined extends O ? [options?: O] : [options: O];

/**
 * A loss of (targets, yPred, options): a number, or per-row losses for reduction 'none'. With
 * nested yPred rows every option may be left out (their inner length is the row length); with
 * a flat yPred the options are required when the row length is (`classes` of dense targets).
 */
export interface RowLossFunction<T, O> {
  (targets: T, yPred: NestedArray, options: Partial<NonNullable<O>> & { reduction: "none" }): Float32Array;
  (targets: T, yPred: NestedArray, options?: Partial<NonNullable<O>>): number;
  (targets: T, yPred: NumericArray, options: NonNullable<O> & { reduction: "none" }): Float32Array;
  (targets: T, yPred: NumericArray, ...options: OptionsArg<O>): number;
}

/** The fused loss-and-gradient twin of a RowLossFunction. */
export interface RowLossWithGradFunction<T, O> {
  (targets: T, yPred: NestedArray, options: Partial<NonNullable<O>> & GradOptions & { reduction: "none" }): LossWithGrad<Float32Array>;
  (targets: T, yPred: NestedArray, options?: Partial<NonNullable<O>> & GradOptions): LossWithGrad<number>;
  (targets: T, yPred: NumericArray, options: NonNullable<O> & GradOptions & { reduction: "none" }): LossWithGrad<Float32Array>;
  (targets: T, yPred: NumericArray, ...options: OptionsArg<O extends undefined ? O : O & GradOptions>): LossWithGrad<number>;
}

/** Builds the public row loss and its fused `...WithGrad` twin from a spec. */
export function rowLoss<O>(spec: RowSpec): {
  loss: RowLossFunction<ArrayInput, O>;
  withGrad: RowLossWithGradFunction<ArrayInput, O>;
} {
  const gradName = `${spec.name}WithGrad`;
  const readers = new OptionReaders(spec.options ?? {});
  const keys = lossKeys(sharedKeys(spec), spec.options);
  const loss = (targets: ArrayInput, yPred: ArrayInput, options?: O) =>
    evaluateRows(spec, readers, keys.loss, spec.name, targets, yPred, options as RowOptions | undefined, false).loss;
  const withGrad = (targets: ArrayInput, yPred: ArrayInput, options?: O) =>
    evaluateRows(spec, readers, keys.withGrad, gradName, targets, yPred, options as RowOptions | undefined, true);
  return { loss: loss as RowLossFunction<ArrayInput, O>, withGrad: withGrad as RowLossWithGradFunction<ArrayInput, O> };
}

export type { NumericArray };
