/**
 * Categorical focal cross-entropy (Lin et al. 2017), Keras 3 semantics
 * (keras/src/losses/losses.py: categorical_focal_crossentropy): per row of C classes,
 * L = −α·Σ_c (1 − q_c)^γ·y'_c·log q_c with y' = (1 − s)·y + s/C, and q = softmax(yPred) when
 * `fromLogits`, else yPred renormalised and clipped to [1e-7, 1 − 1e-7].
 */
import type { ArrayInput } from "../core/args.js";
import type { Reduction } from "../core/reduction.js";
import { FROM_LOGITS, LABEL_SMOOTHING, nonNegative } from "./elementwise.js";
import { rowLoss } from "./rows.js";

/** Options of categoricalFocalCrossentropy. */
export interface CategoricalFocalCrossentropyOptions {
  /** Number of classes C: the length of each row. Required with flat yPred (optional with nested rows: their inner length). */
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
  classWeight?: ArrayInput;
  /** Default `'sum_over_batch_size'`. */
  reduction?: Reduction;
  /** One non-negative weight per row, or one number for every row. */
  sampleWeight?: number | ArrayInput;
}

const focal = rowLoss<CategoricalFocalCrossentropyOptions>({
  name: "categoricalFocalCrossentropy",
  targets: "dense",
  rowLength: "classes",
  classWeight: true,
  options: { fromLogits: FROM_LOGITS, labelSmoothing: LABEL_SMOOTHING, gamma: nonNegative(2), alpha: nonNegative(0.25) },
  kernel: (p) => (p.fromLogits ? "categoricalFocalLogitsF32" : "categoricalFocalProbsF32"),
});

/**
 * Categorical focal cross-entropy: −α·Σ_c (1 − q_c)^γ·y'_c·log q_c per row (γ = 2, α = 0.25).
 * From logits we use the exact log-softmax where Keras clips softmax(x) to [1e-7, 1 − 1e-7]
 * (they agree unless a probability is below 1e-7).
 * @example categoricalFocalCrossentropy([0, 1], [0.2, 0.8], { classes: 2 }) // 0.25·0.04·−log 0.8
 * @throws ShapeError when lengths differ or classes is missing or does not divide the length;
 *   ValueError for labelSmoothing outside [0, 1], γ < 0, α < 0, negative weights.
 */
export const categoricalFocalCrossentropy = focal.loss;

/** categoricalFocalCrossentropy and its gradient (w.r.t. logits when fromLogits, else probabilities) in one call. */
export const categoricalFocalCrossentropyWithGrad = focal.withGrad;
