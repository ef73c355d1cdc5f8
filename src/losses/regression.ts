/**
 * Regression losses, Keras 3 semantics (keras/src/losses/losses.py). Each per-sample loss is the
 * mean over the last axis (`features`, default 1) of an element-wise term, e = yPred − yTrue:
 *
 * | function                      | term                                         |
 * |-------------------------------|----------------------------------------------|
 * | meanSquaredError              | e²                                           |
 * | meanAbsoluteError             | \|e\|                                        |
 * | meanAbsolutePercentageError   | 100·\|e\| / max(\|yTrue\|, 1e-7)             |
 * | meanSquaredLogarithmicError   | (log(max(yPred,1e-7)+1) − log(max(yTrue,1e-7)+1))² |
 * | huber                         | ½e² if \|e\| ≤ δ, else δ·\|e\| − ½δ² (δ = 1) |
 * | logCosh                       | log(cosh(e))                                 |
 *
 * Terms are computed in float32 (a term beyond float32's range, e.g. e² for |e| > 1.8e19, is
 * +Infinity, as in any float32 library) and summed in blocked float32 flushed into float64, so a
 * mean over 1e7 elements matches a float64 reference to ~1e-9 relative error.
 */
import { elementwiseLoss, positive, type ElementwiseLossOptions } from "./elementwise.js";

export type { ElementwiseLossOptions as RegressionLossOptions };

/** Options of `huber`: `delta` (default 1) is where the loss turns from quadratic to linear. */
export interface HuberOptions extends ElementwiseLossOptions {
  delta?: number;
}

const mse = elementwiseLoss<ElementwiseLossOptions>({ name: "meanSquaredError", kernel: "meanSquaredErrorF32" });
const mae = elementwiseLoss<ElementwiseLossOptions>({ name: "meanAbsoluteError", kernel: "meanAbsoluteErrorF32" });
const mape = elementwiseLoss<ElementwiseLossOptions>({
  name: "meanAbsolutePercentageError",
  kernel: "meanAbsolutePercentageErrorF32",
});
const msle = elementwiseLoss<ElementwiseLossOptions>({
  name: "meanSquaredLogarithmicError",
  kernel: "meanSquaredLogarithmicErrorF32",
});
const huberLoss = elementwiseLoss<HuberOptions>({
  name: "huber",
  kernel: "huberF32",
  options: { delta: positive(1) },
});
const logCoshLoss = elementwiseLoss<ElementwiseLossOptions>({ name: "logCosh", kernel: "logCoshF32" });

/**
 * Mean squared error: mean over the last axis of (yPred − yTrue)², then reduced over samples.
 * @example meanSquaredError([2, 3], [1, 5]) // 2.5
 * @throws ShapeError on mismatched lengths or a `features` that does not divide them;
 *   ArgumentTypeError on non-numeric arrays; ValueError on a bad reduction or negative weight;
 *   NotReadyError before `await ready()`.
 */
export const meanSquaredError = mse.loss;
/** meanSquaredError and its gradient 2(yPred − yTrue)·scale in one pass. */
export const meanSquaredErrorWithGrad = mse.withGrad;

/** Mean absolute error: mean of |yPred − yTrue|. Gradient sign(yPred − yTrue) (0 at 0). */
export const meanAbsoluteError = mae.loss;
/** meanAbsoluteError and its gradient in one pass. */
export const meanAbsoluteErrorWithGrad = mae.withGrad;

/** Mean absolute percentage error: 100 · mean of |yPred − yTrue| / max(|yTrue|, 1e-7). */
export const meanAbsolutePercentageError = mape.loss;
/** meanAbsolutePercentageError and its gradient in one pass. */
export const meanAbsolutePercentageErrorWithGrad = mape.withGrad;

/** Mean squared logarithmic error: mean of (log1p(max(yPred, 1e-7)) − log1p(max(yTrue, 1e-7)))². */
export const meanSquaredLogarithmicError = msle.loss;
/** meanSquaredLogarithmicError and its gradient in one pass (0 where yPred ≤ 1e-7). */
export const meanSquaredLogarithmicErrorWithGrad = msle.withGrad;

/** Huber loss with `delta` (default 1): quadratic within delta of the target, linear beyond. */
export const huber = huberLoss.loss;
/** huber and its gradient (e clipped to [−delta, delta]) in one pass. */
export const huberWithGrad = huberLoss.withGrad;

/** Log-cosh: mean of log(cosh(yPred − yTrue)). Gradient tanh(yPred − yTrue). */
export const logCosh = logCoshLoss.loss;
/** logCosh and its gradient in one pass. */
export const logCoshWithGrad = logCoshLoss.withGrad;
