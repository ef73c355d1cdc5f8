/**
 * Every simdloss loss as a TensorFlow.js loss factory: `tfjs.meanSquaredError()` returns
 * `(yTrue: Tensor, yPred: Tensor) => Scalar` for `model.compile({ loss })`, `tf.grad` and
 * `optimizer.minimize`. Values come from the simdloss kernels, gradients from their fused
 * `...WithGrad` twins (see adapter.ts). Options are those of the simdloss function, minus
 * `features` / `classes`, which are read from yPred's last axis.
 */
import * as simdloss from "../index.js";
import type {
  BinaryCrossentropyOptions, BinaryFocalCrossentropyOptions, CategoricalCrossentropyOptions, CategoricalFocalCrossentropyOptions,
  CategoricalHingeOptions, HuberOptions, RegressionLossOptions, SparseCategoricalCrossentropyOptions,
} from "../index.js";
import { fromSimdLoss, type SimdLossPair, type TfjsLoss, type TfjsLossOptions } from "./adapter.js";

type Options<O> = TfjsLossOptions<O>;

/**
 * Mean squared error, mean of (yPred − yTrue)² — equals `tf.losses.meanSquaredError` and
 * tfjs-layers' `'meanSquaredError'`.
 * @example model.compile({ optimizer: "adam", loss: tfjs.meanSquaredError() })
 */
export const meanSquaredError = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss({ name: "meanSquaredError", loss: simdloss.meanSquaredError, withGrad: simdloss.meanSquaredErrorWithGrad }, options);

/** Mean absolute error, mean of |yPred − yTrue| — equals tfjs-layers' `'meanAbsoluteError'`. */
export const meanAbsoluteError = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss({ name: "meanAbsoluteError", loss: simdloss.meanAbsoluteError, withGrad: simdloss.meanAbsoluteErrorWithGrad }, options);

/** 100 · mean of |yPred − yTrue| / max(|yTrue|, 1e-7) — tfjs-layers' `'meanAbsolutePercentageError'`. */
export const meanAbsolutePercentageError = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(
    {
      name: "meanAbsolutePercentageError",
      loss: simdloss.meanAbsolutePercentageError,
      withGrad: simdloss.meanAbsolutePercentageErrorWithGrad,
    },
    options,
  );

/** Mean of (log1p(max(yPred, 1e-7)) − log1p(max(yTrue, 1e-7)))² — tfjs-layers' `'meanSquaredLogarithmicError'`. */
export const meanSquaredLogarithmicError = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(
    {
      name: "meanSquaredLogarithmicError",
      loss: simdloss.meanSquaredLogarithmicError,
      withGrad: simdloss.meanSquaredLogarithmicErrorWithGrad,
    },
    options,
  );

/** Huber loss with `delta` (default 1) — equals `tf.losses.huberLoss(yTrue, yPred, undefined, delta)`. */
export const huber = (options?: Options<HuberOptions>): TfjsLoss =>
  fromSimdLoss({ name: "huber", loss: simdloss.huber, withGrad: simdloss.huberWithGrad }, options);

/** Mean of log(cosh(yPred − yTrue)) — tfjs-layers' `'logcosh'`. */
export const logCosh = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss({ name: "logCosh", loss: simdloss.logCosh, withGrad: simdloss.logCoshWithGrad }, options);

/** Casts a simdloss loss pair (whose overloads and required options differ) to what fromSimdLoss takes. */
function pair<O>(
  name: string, loss: unknown, withGrad: unknown, targets: "dense" | "sparse" = "dense", lastAxis?: "classes",
): SimdLossPair<O> {
  return { name, loss: loss as SimdLossPair<O>["loss"], withGrad: withGrad as SimdLossPair<O>["withGrad"], targets, lastAxis };
}

/**
 * Binary cross-entropy over probabilities (default) or logits (`fromLogits: true`), mean over the
 * last axis then over samples — tfjs-layers' `'binaryCrossentropy'` for probabilities,
 * `tf.losses.sigmoidCrossEntropy` for logits. Options: `fromLogits`, `labelSmoothing`, `posWeight`.
 * @example model.compile({ optimizer: "adam", loss: tfjs.binaryCrossentropy() })
 */
export const binaryCrossentropy = (options?: Options<BinaryCrossentropyOptions>): TfjsLoss =>
  fromSimdLoss(pair<BinaryCrossentropyOptions>("binaryCrossentropy", simdloss.binaryCrossentropy, simdloss.binaryCrossentropyWithGrad), options);

/**
 * Categorical cross-entropy: yTrue holds one-hot (or soft) targets of yPred's shape, with
 * `classes` on the last axis; yPred holds probabilities or (`fromLogits: true`) logits. Equals
 * tfjs-layers' `'categoricalCrossentropy'` for probabilities and `tf.losses.softmaxCrossEntropy`
 * for logits.
 */
export const categoricalCrossentropy = (options?: Options<CategoricalCrossentropyOptions>): TfjsLoss =>
  fromSimdLoss(
    pair<CategoricalCrossentropyOptions>(
      "categoricalCrossentropy", simdloss.categoricalCrossentropy, simdloss.categoricalCrossentropyWithGrad, "dense", "classes",
    ),
    options,
  );

/**
 * Sparse categorical cross-entropy: yTrue holds one integer class per row of yPred (shape
 * `[batch]` or `[batch, 1]`), yPred has `classes` on its last axis, as probabilities or
 * (`fromLogits: true`) logits. With logits it equals `tf.losses.softmaxCrossEntropy(oneHot(yTrue), yPred)`.
 * @example model.compile({ optimizer: "adam", loss: tfjs.sparseCategoricalCrossentropy({ fromLogits: true }) })
 */
export const sparseCategoricalCrossentropy = (options?: Options<SparseCategoricalCrossentropyOptions>): TfjsLoss =>
  fromSimdLoss(
    pair<SparseCategoricalCrossentropyOptions>(
      "sparseCategoricalCrossentropy", simdloss.sparseCategoricalCrossentropy, simdloss.sparseCategoricalCrossentropyWithGrad, "sparse",
    ),
    options,
  );

/** Binary focal cross-entropy (Keras 3 `BinaryFocalCrossentropy`; tfjs has none). */
export const binaryFocalCrossentropy = (options?: Options<BinaryFocalCrossentropyOptions>): TfjsLoss =>
  fromSimdLoss(
    pair<BinaryFocalCrossentropyOptions>("binaryFocalCrossentropy", simdloss.binaryFocalCrossentropy, simdloss.binaryFocalCrossentropyWithGrad),
    options,
  );

/** Categorical focal cross-entropy over one-hot targets (Keras 3 `CategoricalFocalCrossentropy`; tfjs has none). */
export const categoricalFocalCrossentropy = (options?: Options<CategoricalFocalCrossentropyOptions>): TfjsLoss =>
  fromSimdLoss(
    pair<CategoricalFocalCrossentropyOptions>(
      "categoricalFocalCrossentropy", simdloss.categoricalFocalCrossentropy, simdloss.categoricalFocalCrossentropyWithGrad, "dense", "classes",
    ),
    options,
  );

/** Kullback-Leibler divergence, summed over the last axis — tfjs-layers' `'kullbackLeiblerDivergence'`. */
export const kullbackLeiblerDivergence = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(
    pair<RegressionLossOptions>("kullbackLeiblerDivergence", simdloss.kullbackLeiblerDivergence, simdloss.kullbackLeiblerDivergenceWithGrad),
    options,
  );

/** Poisson loss, mean of yPred − yTrue·log(yPred + 1e-7) — tfjs-layers' `'poisson'`. */
export const poisson = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(pair<RegressionLossOptions>("poisson", simdloss.poisson, simdloss.poissonWithGrad), options);

/** Cosine similarity loss −Σ ŷ·p̂ over the last axis — tfjs-layers' `'cosineProximity'`. */
export const cosineSimilarity = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(pair<RegressionLossOptions>("cosineSimilarity", simdloss.cosineSimilarity, simdloss.cosineSimilarityWithGrad), options);

/** Hinge loss, mean of max(1 − yTrue·yPred, 0), labels in {−1, 1} (all-{0, 1} labels converted) — tfjs-layers' `'hinge'` for ±1 labels. */
export const hinge = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(pair<RegressionLossOptions>("hinge", simdloss.hinge, simdloss.hingeWithGrad), options);

/** Squared hinge loss — tfjs-layers' `'squaredHinge'` for ±1 labels. */
export const squaredHinge = (options?: Options<RegressionLossOptions>): TfjsLoss =>
  fromSimdLoss(pair<RegressionLossOptions>("squaredHinge", simdloss.squaredHinge, simdloss.squaredHingeWithGrad), options);

/** Categorical hinge over one-hot targets — tfjs-layers' `'categoricalHinge'`. */
export const categoricalHinge = (options?: Options<CategoricalHingeOptions>): TfjsLoss =>
  fromSimdLoss(
    pair<CategoricalHingeOptions>("categoricalHinge", simdloss.categoricalHinge, simdloss.categoricalHingeWithGrad, "dense", "classes"),
    options,
  );
