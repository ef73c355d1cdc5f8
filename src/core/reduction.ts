import { ArgumentTypeError, ShapeError, ValueError } from "./errors.js";
import { describe, toFloat32 } from "./args.js";

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
 * of an empty batch is 0.
 */
export type Reduction =
  | "sum_over_batch_size" | "mean" | "sum" | "none" | "mean_with_sample_weight" | "sum_by_nonzero_weights";

const REDUCTIONS: readonly Reduction[] = [
  "sum_over_batch_size", "mean", "sum", "none", "mean_with_sample_weight", "sum_by_nonzero_weights",
];

export interface ReductionPlan {
  reduction: Reduction;
  /** Float32 weights (one per sample) or null. */
  weights: Float32Array | null;
  /** The loss is total / divisor; 0 when divisor is 0. */
  divisor: number;
}

export function planReduction(fn: string, reductionOpt: unknown, sampleWeight: unknown, samples: number): ReductionPlan {
  const reduction = (reductionOpt ?? "sum_over_batch_size") as Reduction;
  if (typeof reduction !== "string") {
    throw new ArgumentTypeError(fn, `options.reduction must be a string, got ${describe(reduction)}`);
  }
  if (!REDUCTIONS.includes(reduction)) {
    throw new ValueError(fn, `options.reduction must be one of ${REDUCTIONS.map((r) => `'${r}'`).join(", ")}, got '${reduction}'`);
  }
  const checked = toSampleWeights(fn, "options.sampleWeight", sampleWeight, samples);
  const weights = checked?.weights ?? null;
  const divisor = divisorOf(reduction, samples, checked?.sum ?? samples, checked?.nonzero ?? samples);
  return { reduction, weights, divisor };
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

/**
 * Per-sample weights (null for none): one finite, non-negative number per sample, with their sum
 * and the count of non-zero ones. ShapeError for a wrong length, ValueError for a bad weight.
 */
export function toSampleWeights(
  fn: string, name: string, x: unknown, samples: number,
): { weights: Float32Array; sum: number; nonzero: number } | null {
  if (x === undefined || x === null) return null;
  const weights = toFloat32(fn, name, x);
  if (weights.length !== samples) {
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
  return { weights, sum, nonzero };
}

/** total / divisor with divide_no_nan semantics. */
export function applyDivisor(total: number, divisor: number): number {
  return divisor === 0 ? 0 : total / divisor;
}
