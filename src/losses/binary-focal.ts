/**
 * Binary focal cross-entropy (Lin et al. 2017), Keras 3 semantics (keras/src/losses/losses.py):
 * a_t·u^γ·bce per element, u = z·(1 − p) + (1 − z)·p from probabilities, z·σ(−x) + (1 − z)·σ(x)
 * from logits, averaged over the last axis (`features`, default 1), then reduced over samples.
 */
import { booleanOption, numberOption } from "../core/options.js";
import { FROM_LOGITS, LABEL_SMOOTHING, elementwiseLoss, nonNegative, type ElementwiseLossOptions } from "./elementwise.js";

/** Options of binaryFocalCrossentropy. */
export interface BinaryFocalCrossentropyOptions extends ElementwiseLossOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  /** Focusing parameter γ ≥ 0. Default 2. */
  gamma?: number;
  /** Weight α in [0, 1] of the positive class when applyClassBalancing. Default 0.25. */
  alpha?: number;
  /** Weigh each term by α (positives) or 1 − α (negatives). Default false. */
  applyClassBalancing?: boolean;
}

const focal = elementwiseLoss<BinaryFocalCrossentropyOptions>({
  name: "binaryFocalCrossentropy",
  options: {
    fromLogits: FROM_LOGITS,
    applyClassBalancing: booleanOption(false),
    gamma: nonNegative(2),
    alpha: numberOption(0.25, (v) => v >= 0 && v <= 1, "a number in [0, 1]"),
    labelSmoothing: LABEL_SMOOTHING,
  },
  kernel: (p) => (p.fromLogits ? "binaryFocalLogitsF32" : "binaryFocalProbsF32"),
});

/**
 * Binary focal cross-entropy (Lin et al. 2017, as Keras): a_t·(1 − p_t)^γ·bce per element,
 * with p_t = z·p + (1 − z)·(1 − p), a_t = z·α + (1 − z)·(1 − α) if applyClassBalancing else 1.
 * Defaults γ = 2, α = 0.25. From logits we use the stable BCE where Keras clips sigmoid(x)
 * (the two agree for |x| < 16).
 * @throws as binaryCrossentropy; ValueError for γ < 0 or α outside [0, 1].
 */
export const binaryFocalCrossentropy = focal.loss;
/** binaryFocalCrossentropy and its gradient in one pass. */
export const binaryFocalCrossentropyWithGrad = focal.withGrad;
