/**
 * Binary cross-entropy and binary focal cross-entropy, Keras 3 semantics
 * (keras/src/losses/losses.py). Element-wise terms, averaged over the last axis (`features`,
 * default 1), then reduced over samples; z = yTrue·(1 − s) + s/2 with label smoothing s.
 *
 * | function | from logits x | from probabilities p (clipped to [1e-7, 1 − 1e-7]) |
 * |---|---|---|
 * | binaryCrossentropy | max(x,0) − x·z + log1p(exp(−\|x\|)) | −(z·log p + (1−z)·log(1−p)) |
 * | binaryFocalCrossentropy | a_t·u^γ·bce, u = z·σ(−x) + (1−z)·σ(x) | a_t·u^γ·bce, u = z·(1−p) + (1−z)·p |
 */
import { finiteNumber } from "../core/args.js";
import { elementwiseLoss, type ElementwiseLossOptions } from "./elementwise.js";
import { booleanOption, labelSmoothingOption } from "./rows.js";

/** Options of binaryCrossentropy. */
export interface BinaryCrossentropyOptions extends ElementwiseLossOptions {
  /** yPred holds logits (true) or probabilities (false, default). */
  fromLogits?: boolean;
  /** s in [0, 1]: targets become yTrue·(1 − s) + s/2. Default 0. */
  labelSmoothing?: number;
  /** Weight of the positive term (PyTorch's pos_weight, one number). Default 1. */
  posWeight?: number;
}

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

const nonNegative = (fn: string, name: string, v: unknown, fallback: number) =>
  finiteNumber(fn, name, v, fallback, (x) => x >= 0, "a finite number ≥ 0");

const bce = elementwiseLoss<BinaryCrossentropyOptions>({
  name: "binaryCrossentropy",
  kernel: (k, o) => (o.fromLogits ? k.binaryCrossentropyLogitsF32 : k.binaryCrossentropyProbsF32),
  param: (fn, o) => {
    booleanOption(fn, "options.fromLogits", o.fromLogits, false);
    nonNegative(fn, "options.posWeight", o.posWeight, 1);
    return labelSmoothingOption(fn, o.labelSmoothing);
  },
  prepare: (k, o) => k.setBinaryParamsF32(o.posWeight ?? 1, 2, 0.25, 0),
});

const focal = elementwiseLoss<BinaryFocalCrossentropyOptions>({
  name: "binaryFocalCrossentropy",
  kernel: (k, o) => (o.fromLogits ? k.binaryFocalLogitsF32 : k.binaryFocalProbsF32),
  param: (fn, o) => {
    booleanOption(fn, "options.fromLogits", o.fromLogits, false);
    booleanOption(fn, "options.applyClassBalancing", o.applyClassBalancing, false);
    nonNegative(fn, "options.gamma", o.gamma, 2);
    finiteNumber(fn, "options.alpha", o.alpha, 0.25, (v) => v >= 0 && v <= 1, "a number in [0, 1]");
    return labelSmoothingOption(fn, o.labelSmoothing);
  },
  prepare: (k, o) => k.setBinaryParamsF32(1, o.gamma ?? 2, o.alpha ?? 0.25, o.applyClassBalancing ? 1 : 0),
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
