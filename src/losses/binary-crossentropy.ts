/**
 * Binary cross-entropy, Keras 3 semantics (keras/src/losses/losses.py). Element-wise terms,
 * averaged over the last axis (`features`, default 1), then reduced over samples;
 * z = yTrue·(1 − s) + s/2 with label smoothing s.
 *
 * | from logits x | from probabilities p (clipped to [1e-7, 1 − 1e-7]) |
 * |---|---|
 * | max(x,0) − x·z + log1p(exp(−\|x\|)) | −(z·log p + (1−z)·log(1−p)) |
 */
import { FROM_LOGITS, LABEL_SMOOTHING, elementwiseLoss, nonNegative, type ElementwiseLossOptions } from "./elementwise.js";

/** Options of binaryCrossentropy. */
export interface BinaryCrossentropyOptions extends ElementwiseLossOptions {
  /** yPred holds logits (true) or probabilities (false, default). */
  fromLogits?: boolean;
  /** s in [0, 1]: targets become yTrue·(1 − s) + s/2. Default 0. */
  labelSmoothing?: number;
  /** Weight of the positive term (PyTorch's pos_weight, one number). Default 1. */
  posWeight?: number;
}

const bce = elementwiseLoss<BinaryCrossentropyOptions>({
  name: "binaryCrossentropy",
  options: { fromLogits: FROM_LOGITS, posWeight: nonNegative(1), labelSmoothing: LABEL_SMOOTHING },
  kernel: (p) => (p.fromLogits ? "binaryCrossentropyLogitsF32" : "binaryCrossentropyProbsF32"),
});

/**
 * Binary cross-entropy, mean over the last axis. From logits (stable for any x):
 * max(x,0) − x·z + log1p(exp(−|x|)); from probabilities (Keras): clip p to [1e-7, 1 − 1e-7],
 * then −(z·log p + (1 − z)·log(1 − p)), so y = 1, p = 0 gives 16.118095.
 * @example binaryCrossentropy([1, 0], [0.9, 0.2]) // 0.164 = −(log 0.9 + log 0.8) / 2
 * @example binaryCrossentropy([1], [0], { fromLogits: true }) // log 2
 * @throws ShapeError on mismatched lengths or features not dividing them; ValueError for
 *   labelSmoothing outside [0, 1], a negative posWeight, a bad reduction or weight;
 *   ArgumentTypeError for non-numeric arrays or a non-boolean fromLogits.
 */
export const binaryCrossentropy = bce.loss;
/** binaryCrossentropy and its gradient (σ(x) − z for logits; (p − z)/(p(1 − p)) for probabilities) in one pass. */
export const binaryCrossentropyWithGrad = bce.withGrad;
