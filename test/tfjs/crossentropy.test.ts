import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfjs from "../../src/tfjs/index.js";
import { rng, uniform } from "../util/rng.js";
import { BACKENDS, layersLoss, maxRelDiff, useBackend, valueAndGrad } from "./reference.js";

// The cross-entropy losses as tfjs losses, against tfjs's own: value to 1e-5
// relative, gradients to 1e-5 relative to the largest element (see losses.test.ts). Probabilities
// stay in [0.02, 0.98]: nearer 0 or 1, tfjs-layers' own float32 route (clip, log(p / (1 − p)),
// sigmoid cross-entropy) loses digits in 1 − p, so the comparison would measure tfjs's rounding.
const TOL = 1e-5;

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

function compare(ours: Loss, theirs: Loss, yTrue: tf.Tensor, yPred: tf.Tensor, what: string): void {
  const a = valueAndGrad(ours, yTrue, yPred);
  const b = valueAndGrad(theirs, yTrue, yPred);
  expect(Math.abs(a.value - b.value), `${what}: ${a.value} vs ${b.value}`).toBeLessThanOrEqual(TOL * Math.abs(b.value));
  expect(maxRelDiff(a.grad, b.grad), `${what} gradient`).toBeLessThanOrEqual(TOL);
}

/** n labels in [0, classes). */
function labels(seed: number, n: number, classes: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(r() * classes));
}

const ROW_SHAPES: number[][] = [[37, 10], [64, 3], [3, 4, 5], [1, 2]];

for (const backend of BACKENDS) {
  describe(`cross-entropy through simdloss/tfjs on the ${backend} backend`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    it("binaryCrossentropy() = tfjs-layers 'binaryCrossentropy' (probabilities)", () => {
      let seed = 100;
      for (const shape of [[64, 1], [37, 10], [3, 4, 7]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        tf.tidy(() => {
          const yTrue = tf.tensor(labels(++seed, n, 2), shape);
          const yPred = tf.tensor(uniform(++seed, n, 0.02, 0.98), shape);
          compare(tfjs.binaryCrossentropy(), layersLoss("binaryCrossentropy"), yTrue, yPred, `${shape}`);
        });
      }
    });

    it("binaryCrossentropy({ fromLogits, labelSmoothing }) = tf.losses.sigmoidCrossEntropy", () => {
      let seed = 200;
      for (const smoothing of [0, 0.1]) {
        for (const shape of [[64, 1], [37, 10], [3, 4, 7]]) {
          const n = shape.reduce((a, b) => a * b, 1);
          tf.tidy(() => {
            const yTrue = tf.tensor(labels(++seed, n, 2), shape);
            const logits = tf.tensor(uniform(++seed, n, -8, 8), shape);
            compare(
              tfjs.binaryCrossentropy({ fromLogits: true, labelSmoothing: smoothing }),
              (t, p) => tf.losses.sigmoidCrossEntropy(t, p, undefined, smoothing),
              yTrue, logits, `${shape}, smoothing ${smoothing}`,
            );
          });
        }
      }
    });

    it("categoricalCrossentropy() = tfjs-layers 'categoricalCrossentropy'; fromLogits = tf.losses.softmaxCrossEntropy", () => {
      let seed = 300;
      for (const shape of ROW_SHAPES) {
        const classes = shape[shape.length - 1];
        const rows = shape.reduce((a, b) => a * b, 1) / classes;
        tf.tidy(() => {
          const oneHot = tf.cast(tf.reshape(tf.oneHot(tf.tensor1d(labels(++seed, rows, classes), "int32"), classes), shape), "float32");
          const logits = tf.tensor(uniform(++seed, rows * classes, -5, 5), shape);
          const probabilities = tf.softmax(logits);
          compare(tfjs.categoricalCrossentropy(), layersLoss("categoricalCrossentropy"), oneHot, probabilities, `${shape} probabilities`);
          // tf.losses.softmaxCrossEntropy smooths with classes = shape[1], not the last axis
          // (softmax_cross_entropy.ts), so smoothing is compared on rank-2 tensors only.
          for (const s of shape.length === 2 ? [0, 0.1] : [0]) {
            compare(
              tfjs.categoricalCrossentropy({ fromLogits: true, labelSmoothing: s }),
              (t, p) => tf.losses.softmaxCrossEntropy(t, p, undefined, s),
              oneHot, logits, `${shape} logits, smoothing ${s}`,
            );
          }
        });
      }
    });

    it("sparseCategoricalCrossentropy = tfjs-layers (probabilities), tf.losses.softmaxCrossEntropy (logits)", () => {
      let seed = 400;
      for (const shape of ROW_SHAPES) {
        const classes = shape[shape.length - 1];
        const rows = shape.reduce((a, b) => a * b, 1) / classes;
        tf.tidy(() => {
          const ids = labels(++seed, rows, classes);
          const sparse = tf.tensor(ids, shape.slice(0, -1));
          const oneHot = tf.cast(tf.reshape(tf.oneHot(tf.tensor1d(ids, "int32"), classes), shape), "float32");
          const logits = tf.tensor(uniform(++seed, rows * classes, -5, 5), shape);
          compare(
            tfjs.sparseCategoricalCrossentropy({ fromLogits: true }), (_t, p) => tf.losses.softmaxCrossEntropy(oneHot, p),
            sparse, logits, `${shape} logits`,
          );
          compare(
            tfjs.sparseCategoricalCrossentropy(), layersLoss("sparseCategoricalCrossentropy"),
            sparse, tf.softmax(logits), `${shape} probabilities`,
          );
        });
      }
    });

    it("sparse labels of shape [batch, 1] work too; one optimizer step = with tf.losses.softmaxCrossEntropy", () => {
      tf.tidy(() => {
        const ids = labels(500, 20, 4);
        const w0 = uniform(501, 6 * 4);
        const x = tf.tensor(uniform(502, 20 * 6), [20, 6]);
        const step = (loss: Loss, y: tf.Tensor) => {
          const w = tf.variable(tf.tensor(w0, [6, 4]));
          const opt = tf.train.adam(0.05);
          opt.minimize(() => loss(y, tf.matMul(x, w)));
          const out = w.dataSync().slice();
          w.dispose();
          opt.dispose();
          return out;
        };
        const ours = step(tfjs.sparseCategoricalCrossentropy({ fromLogits: true }), tf.tensor(ids, [20, 1]));
        const theirs = step((t, p) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(tf.reshape(t, [-1]), "int32"), 4), p), tf.tensor(ids, [20, 1]));
        expect(maxRelDiff(ours, theirs)).toBeLessThanOrEqual(TOL);
      });
    });
  });
}
