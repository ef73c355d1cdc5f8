/**
 * Every simdloss loss as a TensorFlow.js loss factory, generated from one table: `meanSquaredError()`
 * returns `(yTrue: Tensor, yPred: Tensor) => Tensor` of per-sample losses for
 * `model.compile({ loss })` (as tfjs-layers' own losses), and `meanSquaredError({ reduction:
 * 'sum_over_batch_size' })` a Scalar for `optimizer.minimize` and `tf.grad` of the batch loss.
 * Values come from the simdloss kernels, gradients from their fused `...WithGrad` twins (see
 * adapter.ts). Options are those of the simdloss function, minus `features` / `classes`, which
 * are read from yPred's last axis.
 */
import * as simdloss from "../index.js";
import type {
  BinaryCrossentropyOptions, BinaryFocalCrossentropyOptions, CategoricalCrossentropyOptions, CategoricalFocalCrossentropyOptions,
  CategoricalHingeOptions, HuberOptions, RegressionLossOptions, SparseCategoricalCrossentropyOptions,
} from "../index.js";
import { fromSimdLoss, type SimdLossPair, type TfjsLossFactory } from "./adapter.js";

/** How one simdloss loss meets tensors: yTrue's layout, and the option yPred's last axis sets. */
interface Entry<O> {
  targets: "dense" | "sparse";
  lastAxis: "features" | "classes";
  /** The simdloss options type (never set; carries O for the factory's type). */
  options?: O;
}

const features = <O>(): Entry<O> => ({ targets: "dense", lastAxis: "features" });
const classes = <O>(targets: "dense" | "sparse" = "dense"): Entry<O> => ({ targets, lastAxis: "classes" });

/**
 * Every loss of simdloss/tfjs, by simdloss name (the loss is `simdloss[name]`, its fused twin
 * `simdloss[name + "WithGrad"]`). `features` losses average (or, for KL and cosine, sum) over
 * the last axis; `classes` losses take one row of classes per sample.
 */
const TABLE = {
  meanSquaredError: features<RegressionLossOptions>(),
  meanAbsoluteError: features<RegressionLossOptions>(),
  meanAbsolutePercentageError: features<RegressionLossOptions>(),
  meanSquaredLogarithmicError: features<RegressionLossOptions>(),
  huber: features<HuberOptions>(),
  logCosh: features<RegressionLossOptions>(),
  binaryCrossentropy: features<BinaryCrossentropyOptions>(),
  binaryFocalCrossentropy: features<BinaryFocalCrossentropyOptions>(),
  kullbackLeiblerDivergence: features<RegressionLossOptions>(),
  poisson: features<RegressionLossOptions>(),
  cosineSimilarity: features<RegressionLossOptions>(),
  hinge: features<RegressionLossOptions>(),
  squaredHinge: features<RegressionLossOptions>(),
  categoricalCrossentropy: classes<CategoricalCrossentropyOptions>(),
  sparseCategoricalCrossentropy: classes<SparseCategoricalCrossentropyOptions>("sparse"),
  categoricalFocalCrossentropy: classes<CategoricalFocalCrossentropyOptions>(),
  categoricalHinge: classes<CategoricalHingeOptions>(),
};

type Name = keyof typeof TABLE;
type OptionsOf<N extends Name> = (typeof TABLE)[N] extends Entry<infer O> ? O : never;

/** The factory of one table entry, over the simdloss pair of that name. */
function factory<N extends Name>(name: N): TfjsLossFactory<OptionsOf<N>> {
  const api = simdloss as unknown as Record<string, unknown>;
  const pair = { name, loss: api[name], withGrad: api[`${name}WithGrad`], ...TABLE[name] } as SimdLossPair<object>;
  if (typeof pair.loss !== "function" || typeof pair.withGrad !== "function") {
    throw new Error(`simdloss/tfjs: simdloss exports no ${name} and ${name}WithGrad pair`);
  }
  return ((options?: object) => fromSimdLoss(pair, options)) as TfjsLossFactory<OptionsOf<N>>;
}

// Per-sample semantics below are L_s for one sample s (one row of yPred's last axis). The
// default result is the tensor of L_s; under a reducing `reduction`, that reduction of them.

/**
 * Mean squared error, L_s = mean of (yPred − yTrue)² over the last axis — tfjs-layers'
 * `'meanSquaredError'`; reduced, `tf.losses.meanSquaredError`.
 * @example model.compile({ optimizer: "adam", loss: tfjs.meanSquaredError() })
 */
export const meanSquaredError = factory("meanSquaredError");

/** Mean absolute error, L_s = mean of |yPred − yTrue| — tfjs-layers' `'meanAbsoluteError'`. */
export const meanAbsoluteError = factory("meanAbsoluteError");

/** L_s = 100 · mean of |yPred − yTrue| / max(|yTrue|, 1e-7) — tfjs-layers' `'meanAbsolutePercentageError'`. */
export const meanAbsolutePercentageError = factory("meanAbsolutePercentageError");

/** L_s = mean of (log1p(max(yPred, 1e-7)) − log1p(max(yTrue, 1e-7)))² — tfjs-layers' `'meanSquaredLogarithmicError'`. */
export const meanSquaredLogarithmicError = factory("meanSquaredLogarithmicError");

/**
 * Huber loss with `delta` (default 1), L_s = mean over the last axis of ½e² (|e| ≤ δ) or
 * δ(|e| − ½δ), e = yPred − yTrue, as Keras's Huber (tfjs-layers has no huber);
 * reduced, `tf.losses.huberLoss(yTrue, yPred, undefined, delta)`.
 */
export const huber = factory("huber");

/** L_s = mean of log(cosh(yPred − yTrue)) — tfjs-layers' `'logcosh'`. */
export const logCosh = factory("logCosh");

/**
 * Binary cross-entropy over probabilities (default) or logits (`fromLogits: true`), L_s = mean
 * over the last axis — tfjs-layers' `'binaryCrossentropy'` for probabilities;
 * `tf.losses.sigmoidCrossEntropy` (reduced) for logits. Options: `fromLogits`, `labelSmoothing`, `posWeight`.
 * @example model.compile({ optimizer: "adam", loss: tfjs.binaryCrossentropy() })
 */
export const binaryCrossentropy = factory("binaryCrossentropy");

/**
 * Binary focal cross-entropy, L_s = mean over the last axis of a_t·(1 − p_t)^γ·bce (Keras 3
 * `BinaryFocalCrossentropy`; tfjs has none).
 */
export const binaryFocalCrossentropy = factory("binaryFocalCrossentropy");

/** Kullback-Leibler divergence, L_s = Σ over the last axis — tfjs-layers' `'kullbackLeiblerDivergence'`. */
export const kullbackLeiblerDivergence = factory("kullbackLeiblerDivergence");

/** Poisson loss, L_s = mean of yPred − yTrue·log(yPred + 1e-7) — tfjs-layers' `'poisson'`. */
export const poisson = factory("poisson");

/** Cosine similarity loss, L_s = −Σ ŷ·p̂ over the last axis — tfjs-layers' `'cosineProximity'`. */
export const cosineSimilarity = factory("cosineSimilarity");

/** Hinge loss, L_s = mean of max(1 − yTrue·yPred, 0), labels in {−1, 1} (all-{0, 1} labels converted) — tfjs-layers' `'hinge'` for ±1 labels. */
export const hinge = factory("hinge");

/** Squared hinge loss, L_s = mean of max(1 − yTrue·yPred, 0)² — tfjs-layers' `'squaredHinge'` for ±1 labels. */
export const squaredHinge = factory("squaredHinge");

/**
 * Categorical cross-entropy: yTrue holds one-hot (or soft) targets of yPred's shape, with
 * `classes` on the last axis; yPred holds probabilities or (`fromLogits: true`) logits. L_s is
 * the row's loss — tfjs-layers' `'categoricalCrossentropy'` for probabilities;
 * `tf.losses.softmaxCrossEntropy` (reduced) for logits.
 */
export const categoricalCrossentropy = factory("categoricalCrossentropy");

/**
 * Sparse categorical cross-entropy: yTrue holds one integer class per row of yPred (shape
 * `[batch]` or `[batch, 1]`), yPred has `classes` on its last axis, as probabilities or
 * (`fromLogits: true`) logits. L_s = −log q_label — tfjs-layers' `'sparseCategoricalCrossentropy'`
 * for probabilities; with logits, `tf.losses.softmaxCrossEntropy(oneHot(yTrue), yPred)` (reduced).
 * @example model.compile({ optimizer: "adam", loss: tfjs.sparseCategoricalCrossentropy({ fromLogits: true }) })
 */
export const sparseCategoricalCrossentropy = factory("sparseCategoricalCrossentropy");

/**
 * Categorical focal cross-entropy over one-hot targets, L_s = −α·Σ_c (1 − q_c)^γ·y_c·log q_c
 * per row (Keras 3 `CategoricalFocalCrossentropy`; tfjs has none).
 */
export const categoricalFocalCrossentropy = factory("categoricalFocalCrossentropy");

/** Categorical hinge over one-hot targets, L_s = max(neg − pos + 1, 0) per row — tfjs-layers' `'categoricalHinge'`. */
export const categoricalHinge = factory("categoricalHinge");
