/**
 * `simdloss/tfjs`: every simdloss loss as a TensorFlow.js loss. The value comes from the simdloss
 * kernel, the gradient from its fused `...WithGrad` twin through `tf.customGrad`. Each factory
 * returns per-sample losses by default (for `model.compile`, so that `fit` with `classWeight`
 * and `evaluate` match tfjs-layers), or one Scalar with a reducing `reduction` (for
 * `optimizer.minimize` and `tf.grad` of the batch loss). Needs `@tensorflow/tfjs-core` (a peer
 * dependency) and, as every simdloss function, `await ready()`.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { ready, binaryCrossentropy, meanSquaredError } from "simdloss/tfjs";
 * await ready();
 * model.compile({ optimizer: "adam", loss: binaryCrossentropy() });
 * await model.fit(xs, ys, { classWeight: { 0: 5, 1: 1 } });
 * const mse = meanSquaredError({ reduction: "sum_over_batch_size" });
 * const g = tf.grad((p) => mse(yTrue, p))(yPred); // ∂loss/∂yPred from the fused kernel
 */
export { ready, backendInfo } from "../index.js";
export {
  fromSimdLoss, type TfjsLoss, type TfjsScalarLoss, type TfjsLossFactory, type TfjsLossOptions, type ScalarReduction,
  type SimdLossPair,
} from "./adapter.js";
export * from "./losses.js";
