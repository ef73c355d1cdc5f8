import { ArgumentTypeError, ShapeError, ValueError } from "./errors.js";
import { describe, numericArray, type NumericArray } from "./args.js";

/**
 * How per-sample losses L_s (weighted by w_s) become one number:
 *
 * | reduction                   | result                    | origin                      |
 * |-----------------------------|---------------------------|-----------------------------|
 * | `'sum_over_batch_size'`     | Σ w·L / batch size        | Keras 3 default             |
 * | `'mean'`                    | Σ w·L / batch size        | Keras 3 alias of the above  |
 * | `'sum'`                     | Σ w·L                     | Keras, tfjs, PyTorch        |
 * | `'none'`                    | the w·L array itself      | Keras, tfjs, PyTorch        |
 * | `'mean_with_sample_weight'` | Σ w·L / Σ w               | Keras; PyTorch's weighted mean |
 * | `'sum_by_nonzero_weights'`  | Σ w·L / count(w ≠ 0)      | tfjs default                |
 *
 * Without sampleWeight, w ≡ 1. A zero denominator gives 0 (Keras's `divide_no_nan`): the loss
 * of an empty batch is 0. The denominators Σ w and count(w ≠ 0) are float64 sums over the
 * weights as the caller gives them (a Float64Array or number[] is not rounded to float32).
 */
export type Reduction =
  | "sum_over_batch_size" | "mean" | "sum" | "none" | "mean_with_sample_weight" | "sum_by_nonzero_weights";

const REDUCTIONS: readonly Reduction[] = [
  "sum_over_batch_size", "mean", "sum", "none", "mean_with_sample_weight", "sum_by_nonzero_weights",
];

export interface ReductionPlan {
  reduction: Reduction;
  /**
   * Weights for the kernel, checked but as given (the executor converts them chunk by chunk), or
   * null: one per sample, or one per element when `perElement`.
   */
  weights: NumericArray | null;
  /** The weights are one per element (rows × rowLength), not one per sample. */
  perElement: boolean;
  /** A scalar sampleWeight, which multiplies every sample's loss; 1 without one. */
  scale: number;
  /** The loss is scale · total / divisor; 0 when divisor is 0. */
  divisor: number;
}

/** The reduction option, checked (ArgumentTypeError for a non-string, ValueError for an unknown one). */
export function reductionOption(fn: string, value: unknown): Reduction {
  if (value === undefined) return "sum_over_batch_size";
  if (typeof value !== "string") {
    throw new ArgumentTypeError(fn, `options.reduction must be a string, got ${describe(value)}`);
  }
  if (!REDUCTIONS.includes(value as Reduction)) {
    throw new ValueError(fn, `options.reduction must be one of ${REDUCTIONS.map((r) => `'${r}'`).join(", ")}, got '${value}'`);
  }
  return value as Reduction;
}

/**
 * The reduction of `samples` per-sample losses, with `sampleWeight` (none, a scalar, one weight
 * per sample, or, when `elements` is given, one per element of the samples' rows of
 * elements / samples: then Σ w and count(w ≠ 0) count elements, divided by the row length).
 */
export function planReduction(
  fn: string, reductionOpt: unknown, sampleWeight: unknown, samples: number, elements?: number,
): ReductionPlan {
  const reduction = reductionOption(fn, reductionOpt);
  if (sampleWeight === undefined || sampleWeight === null) {
    return { reduction, weights: null, perElement: false, scale: 1, divisor: divisorOf(reduction, samples, samples, samples) };
  }
  const w = toSampleWeights(fn, "options.sampleWeight", sampleWeight, samples, elements);
  if (w.weights === null) {
    return { reduction, weights: null, perElement: false, scale: w.scale, divisor: divisorOf(reduction, samples, w.sum, w.nonzero) };
  }
  const perElement = w.weights.length !== samples;
  const per = perElement ? w.weights.length / samples : 1;
  return { reduction, weights: w.weights, perElement, scale: 1, divisor: divisorOf(reduction, samples, w.sum / per, w.nonzero / per) };
}

/** The reduction's denominator, given the number of samples, Σw and count(w ≠ 0). */
export function divisorOf(reduction: Reduction, samples: number, weightSum: number, nonzero: number): number {
  switch (reduction) {
    case "sum":
    case "none":
      return 1;
    case "mean_with_sample_weight":
      return weightSum;
    case "sum_by_nonzero_weights":
      return nonzero;
    default:
      return samples;
  }
}

/** Checked sample weights: an array (scale 1) or a scalar (weights null); Σ w and count(w ≠ 0) over the samples. */
export interface SampleWeights {
  weights: NumericArray | null;
  scale: number;
  sum: number;
  nonzero: number;
}

/**
 * Sample weights as the caller gives them: a finite non-negative number (Keras's scalar
 * sample_weight: every sample weighs it), or an array (flat or nested: numericArray) of one
 * finite non-negative weight per sample, or, when `elements` is given, one per element. Σ w and
 * count(w ≠ 0) are float64 over the values as given. ShapeError for a wrong length, ValueError
 * for a bad weight.
 */
export function toSampleWeights(fn: string, name: string, x: unknown, samples: number, elements?: number): SampleWeights {
  if (typeof x === "number") {
    if (!(x >= 0) || x === Infinity) throw new ValueError(fn, `${name} = ${x} must be finite and non-negative`);
    return { weights: null, scale: x, sum: x * samples, nonzero: x === 0 ? 0 : samples };
  }
  const weights = numericArray(fn, name, x);
  if (weights.length !== samples && weights.length !== elements) {
    throw new ShapeError(fn, `${name}.length (${weights.length}) must equal the number of samples (${samples})`);
  }
  let sum = 0;
  let nonzero = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || w === Infinity) throw new ValueError(fn, `${name}[${i}] = ${w} must be finite and non-negative`);
    sum += w;
    if (w !== 0) nonzero++;
  }
  return { weights, scale: 1, sum, nonzero };
}

/** scale · total / divisor with divide_no_nan semantics. */
export function applyDivisor(total: number, divisor: number, scale = 1): number {
  return divisor === 0 ? 0 : (scale === 1 ? total : total * scale) / divisor;
}
