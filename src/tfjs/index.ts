/**
 * `simdloss/tfjs`: every simdloss loss as a TensorFlow.js loss. The value comes from the simdloss
 * kernel, the gradient from its fused `...WithGrad` twin through `tf.customGrad`. Needs
 * `@tensorflow/tfjs-core` (a peer dependency) and, as every simdloss function, `await ready()`.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { ready, meanSquaredError } from "simdloss/tfjs";
 * await ready();
 * model.compile({ optimizer: "adam", loss: meanSquaredError() });
 * const g = tf.grad((p) => meanSquaredError()(yTrue, p))(yPred); // ∂loss/∂yPred from the fused kernel
 */
export { ready, backendInfo } from "../index.js";
export {
  fromSimdLoss, type TfjsLoss, type TfjsScalarLoss, type TfjsLossFactory, type TfjsLossOptions, type ScalarReduction,
  type SimdLossPair,
} from "./adapter.js";
export * from "./losses.js";
