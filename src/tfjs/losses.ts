/**
 * Every simdloss loss as a TensorFlow.js loss factory: `tfjs.meanSquaredError()` returns
 * `(yTrue: Tensor, yPred: Tensor) => Scalar` for `model.compile({ loss })`, `tf.grad` and
 * `optimizer.minimize`. Values come from the simdloss kernels, gradients from their fused
 * `...WithGrad` twins (see adapter.ts). Options are those of the simdloss function, minus
 * `features` / `classes`, which are read from yPred's last axis.
 */
import * as simdloss from "../index.js";
import type { HuberOptions, NumericArray, Reduction, RegressionLossOptions } from "../index.js";
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

// Cross-entropy (issue 4) is built on another branch; until it is merged these factories look the
// functions up by name and throw a clear error when they are missing.
// TODO(issue 4): import BinaryCrossentropyOptions / SparseCategoricalCrossentropyOptions from "../index.js".

/** Options of `tfjs.binaryCrossentropy` (Keras 3 names and defaults). */
export interface BinaryCrossentropyOptions {
  /** yPred holds logits instead of probabilities. Default false. */
  fromLogits?: boolean;
  /** Targets become z·(1 − s) + 0.5·s. Default 0. */
  labelSmoothing?: number;
  reduction?: Reduction;
  sampleWeight?: NumericArray;
}

/** Options of `tfjs.categoricalCrossentropy` (Keras 3 names and defaults). */
export interface CategoricalCrossentropyOptions {
  /** yPred holds logits instead of probabilities. Default false. */
  fromLogits?: boolean;
  /** Targets become y·(1 − s) + s/classes. Default 0. */
  labelSmoothing?: number;
  reduction?: Reduction;
  sampleWeight?: NumericArray;
}

/** Options of `tfjs.sparseCategoricalCrossentropy` (Keras 3 names and defaults). */
export interface SparseCategoricalCrossentropyOptions {
  /** yPred holds logits instead of probabilities. Default false. */
  fromLogits?: boolean;
  reduction?: Reduction;
  sampleWeight?: NumericArray;
}

function planned<O>(name: string, targets: "dense" | "sparse", lastAxis?: "classes"): SimdLossPair<O> {
  const lib = simdloss as unknown as Record<string, unknown>;
  const loss = lib[name];
  const withGrad = lib[`${name}WithGrad`];
  if (typeof loss !== "function" || typeof withGrad !== "function") {
    throw new Error(`tfjs.${name}: this build of simdloss has no ${name} / ${name}WithGrad yet (cross-entropy, issue 4)`);
  }
  return { name, loss: loss as SimdLossPair<O>["loss"], withGrad: withGrad as SimdLossPair<O>["withGrad"], targets, lastAxis };
}

/**
 * Binary cross-entropy over probabilities (default) or logits (`fromLogits: true`), mean over the
 * last axis then over samples — tfjs-layers' `'binaryCrossentropy'` for probabilities,
 * `tf.losses.sigmoidCrossEntropy` for logits.
 * @example model.compile({ optimizer: "adam", loss: tfjs.binaryCrossentropy() })
 */
export const binaryCrossentropy = (options?: BinaryCrossentropyOptions): TfjsLoss =>
  fromSimdLoss(planned<BinaryCrossentropyOptions>("binaryCrossentropy", "dense"), options);

/**
 * Categorical cross-entropy: yTrue holds one-hot (or soft) targets of yPred's shape, with
 * `classes` on the last axis; yPred holds probabilities or (`fromLogits: true`) logits. Equals
 * tfjs-layers' `'categoricalCrossentropy'` for probabilities and `tf.losses.softmaxCrossEntropy`
 * for logits.
 */
export const categoricalCrossentropy = (options?: CategoricalCrossentropyOptions): TfjsLoss =>
  fromSimdLoss(planned<CategoricalCrossentropyOptions>("categoricalCrossentropy", "dense", "classes"), options);

/**
 * Sparse categorical cross-entropy: yTrue holds one integer class per row of yPred (shape
 * `[batch]` or `[batch, 1]`), yPred has `classes` on its last axis, as probabilities or
 * (`fromLogits: true`) logits. With logits it equals `tf.losses.softmaxCrossEntropy(oneHot(yTrue), yPred)`.
 * @example model.compile({ optimizer: "adam", loss: tfjs.sparseCategoricalCrossentropy({ fromLogits: true }) })
 */
export const sparseCategoricalCrossentropy = (options?: SparseCategoricalCrossentropyOptions): TfjsLoss =>
  fromSimdLoss(planned<SparseCategoricalCrossentropyOptions>("sparseCategoricalCrossentropy", "sparse"), options);
