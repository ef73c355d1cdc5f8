import { describe, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { rng, uniform } from "../util/rng.js";

// An independent implementation as a second reference: TensorFlow.js's CPU backend
// (tf.losses.softmaxCrossEntropy / sigmoidCrossEntropy, float32, same formulas and smoothing).
describe("cross-check against TensorFlow.js (CPU backend)", () => {
  it("softmax cross-entropy, with label smoothing, and its gradient (tf.grad)", async () => {
    await tf.setBackend("cpu");
    const rows = 64;
    const C = 10;
    const r = rng(1);
    const labels = Int32Array.from({ length: rows }, () => Math.floor(r() * C));
    const logits = uniform(2, rows * C, -6, 6);
    for (const labelSmoothing of [0, 0.2]) {
      const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), C);
      const x = tf.tensor2d(logits, [rows, C]);
      const lossTf = tf.losses.softmaxCrossEntropy(onehot, x, undefined, labelSmoothing, tf.Reduction.MEAN);
      const gradTf = tf.grad((xx: tf.Tensor) => tf.losses.softmaxCrossEntropy(onehot, xx, undefined, labelSmoothing, tf.Reduction.MEAN))(x);
      const { loss, grad } = sl.sparseCategoricalCrossentropyWithGrad(labels, logits, { classes: C, fromLogits: true, labelSmoothing });
      expectClose(loss, (await lossTf.data())[0], 1e-5, 1e-6, `s=${labelSmoothing}`);
      expectAllClose(grad, await gradTf.data(), 1e-4, 1e-7, `grad s=${labelSmoothing}`);
      tf.dispose([onehot, x, lossTf, gradTf]);
    }
  });

  it("sigmoid cross-entropy from logits, with label smoothing", async () => {
    await tf.setBackend("cpu");
    const n = 1000;
    const r = rng(3);
    const z = Float32Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1));
    const x = uniform(4, n, -20, 20);
    for (const labelSmoothing of [0, 0.1]) {
      const lossTf = tf.losses.sigmoidCrossEntropy(tf.tensor1d(z), tf.tensor1d(x), undefined, labelSmoothing, tf.Reduction.MEAN);
      expectClose(sl.binaryCrossentropy(z, x, { fromLogits: true, labelSmoothing }), (await lossTf.data())[0], 1e-5, 1e-6);
      lossTf.dispose();
    }
  });
});
