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
import { pairedRows, positiveInteger, toOptions, type NumericArray } from "../core/args.js";
import { elementwiseLoss, type ElementwiseLossOptions, type GradOptions } from "./elementwise.js";
import { planRows, runRowLoss, type RowLossFunction, type RowLossWithGradFunction } from "./rows.js";

const kl = elementwiseLoss<ElementwiseLossOptions>({
  name: "kullbackLeiblerDivergence",
  kernel: (k) => k.kullbackLeiblerDivergenceF32,
  param: (fn, o) => o.features ?? 1, // the driver averages over features; Keras sums
});
const poissonLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "poisson", kernel: (k) => k.poissonF32 });

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

function cosine(fn: string, yTrueIn: unknown, yPredIn: unknown, optionsIn: unknown, withGrad: boolean) {
  const options = toOptions(fn, optionsIn as object | undefined) as Partial<ElementwiseLossOptions & GradOptions>;
  const features = positiveInteger(fn, "options.features", options.features, 1);
  const { yTrue, yPred, rows } = pairedRows(fn, yTrueIn, yPredIn, features, "options.features");
  const plan = planRows(fn, options.reduction, options.sampleWeight, rows, null, null, 0);
  return runRowLoss(fn, (k) => k.cosineSimilarityF32, yTrue, yPred, rows, features, plan, 0, withGrad, options.out);
}

/**
 * Cosine similarity loss −Σ ŷ·p̂ per row of `features` (Keras: l2-normalise both with
 * v / max(‖v‖, 1e-7), so a zero vector gives 0). Values in [−1, 1]; −1 is best.
 * @example cosineSimilarity([0, 1, 1, 1], [1, 0, 1, 1], { features: 2, reduction: 'none' }) // [−0, −1]
 */
export const cosineSimilarity = ((yTrue: NumericArray, yPred: NumericArray, options?: ElementwiseLossOptions) =>
  cosine("cosineSimilarity", yTrue, yPred, options, false).loss) as RowLossFunction<NumericArray, ElementwiseLossOptions | undefined>;
/** cosineSimilarity and its gradient −ŷ/‖p‖ + (ŷ·p̂)·p̂/‖p‖ in one call. */
export const cosineSimilarityWithGrad = ((yTrue: NumericArray, yPred: NumericArray, options?: ElementwiseLossOptions & GradOptions) =>
  cosine("cosineSimilarityWithGrad", yTrue, yPred, options, true)) as RowLossWithGradFunction<NumericArray, ElementwiseLossOptions | undefined>;
