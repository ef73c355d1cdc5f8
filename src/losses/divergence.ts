/**
 * Kullback-Leibler divergence, Poisson and cosine similarity, Keras 3 semantics
 * (keras/src/losses/losses.py), ε = 1e-7, over rows of `features` values (default 1):
 *
 * | function | per-sample loss |
 * |---|---|
 * | kullbackLeiblerDivergence | Σ t̄·log(t̄/p̄), t̄ = clip(yTrue, ε, 1), p̄ = clip(yPred, ε, 1) (a sum, as Keras) |
 * | poisson | mean of yPred − yTrue·log(yPred + ε) |
 * | cosineSimilarity | −Σ ŷ·p̂ with v̂ = v / max(‖v‖, ε) (between −1 and 1; 0 for a zero vector) |
 */
import { elementwiseLoss, type ElementwiseLossOptions } from "./elementwise.js";
import { rowLoss } from "./rows.js";

// the kernel sums over the row (the driver's mean times the row length), as Keras
const kl = elementwiseLoss<ElementwiseLossOptions>({
  name: "kullbackLeiblerDivergence",
  kernel: "kullbackLeiblerDivergenceF32",
  sumsLastAxis: true,
});
const poissonLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "poisson", kernel: "poissonF32" });
const cosine = rowLoss<ElementwiseLossOptions | undefined>({
  name: "cosineSimilarity",
  targets: "dense",
  rowLength: "features",
  kernel: "cosineSimilarityF32",
});

/**
 * Kullback-Leibler divergence Σ t̄·log(t̄ / p̄) over each row of `features`, both clipped to [1e-7, 1].
 * @example kullbackLeiblerDivergence([0.5, 0.5], [0.25, 0.75], { features: 2 }) // 0.1438
 * @throws ShapeError on mismatched lengths or features not dividing them; ValueError for a bad reduction or weight.
 */
export const kullbackLeiblerDivergence = kl.loss;
/** kullbackLeiblerDivergence and its gradient −t̄/p̄ (0 where yPred is clipped) in one pass. */
export const kullbackLeiblerDivergenceWithGrad = kl.withGrad;

/**
 * Poisson loss: mean over the last axis of yPred − yTrue·log(yPred + 1e-7).
 * @example poisson([1], [1]) // 1 − log(1 + 1e-7)
 */
export const poisson = poissonLoss.loss;
/** poisson and its gradient 1 − yTrue/(yPred + 1e-7) in one pass. */
export const poissonWithGrad = poissonLoss.withGrad;

/**
 * Cosine similarity loss −Σ ŷ·p̂ per row of `features` (Keras: l2-normalise both with
 * v / max(‖v‖, 1e-7), so a zero vector gives 0). Values in [−1, 1]; −1 is best.
 * @example cosineSimilarity([0, 1, 1, 1], [1, 0, 1, 1], { features: 2, reduction: 'none' }) // [−0, −1]
 */
export const cosineSimilarity = cosine.loss;
/** cosineSimilarity and its gradient −ŷ/‖p‖ + (ŷ·p̂)·p̂/‖p‖ in one call. */
export const cosineSimilarityWithGrad = cosine.withGrad;
