import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfjs from "../../src/tfjs/index.js";
import { rng, uniform } from "../util/rng.js";
import { BACKENDS, layersLoss, layersPerSample, maxRelDiff, useBackend, valueAndGrad, valuesAndVjp } from "./reference.js";

// The cross-entropy losses as tfjs losses, against tfjs's own, in both forms (see
// losses.test.ts): reduced (`reduction: 'sum_over_batch_size'`), value to 1e-5 relative and
// gradient to 1e-5 relative to the largest element; per sample (the default), the values and
// the vector-Jacobian product for a random dy, against tfjs's per-sample loss (tfjs-layers' own,
// or tf.losses.* with Reduction.NONE, averaged over the last axis where tfjs gives one value per
// element). Probabilities stay in [0.02, 0.98]: nearer 0 or 1, tfjs-layers' own float32 route
// (clip, log(p / (1 − p)), sigmoid cross-entropy) loses digits in 1 − p, so the comparison would
// measure tfjs's rounding.
const TOL = 1e-5;

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
const MEAN = { reduction: "sum_over_batch_size" } as const;
const NONE = tf.Reduction.NONE;

/**
 * ours(MEAN) against the reduced `theirs`, and ours() against `theirsPerSample` (default: tfjs's
 * per-sample values are theirs with Reduction.NONE, which the caller passes in).
 */
function compare(
  ours: (o?: typeof MEAN) => Loss, theirs: Loss, theirsPerSample: Loss, yTrue: tf.Tensor, yPred: tf.Tensor, what: string,
): void {
  const a = valueAndGrad(ours(MEAN), yTrue, yPred);
  const b = valueAndGrad(theirs, yTrue, yPred);
  expect(Math.abs(a.value - b.value), `${what}: ${a.value} vs ${b.value}`).toBeLessThanOrEqual(TOL * Math.abs(b.value));
  expect(maxRelDiff(a.grad, b.grad), `${what} gradient`).toBeLessThanOrEqual(TOL);
  const rows = yPred.shape.slice(0, -1);
  const dy = tf.tensor(uniform(rows.length * 7 + yPred.size, yPred.size / yPred.shape[yPred.rank - 1], -2, 2), rows);
  const c = valuesAndVjp(ours(), yTrue, yPred, dy);
  const d = valuesAndVjp(theirsPerSample, yTrue, yPred, dy);
  expect(c.shape, what).toEqual(rows);
  expect(maxRelDiff(c.values, d.values), `${what} per-sample values`).toBeLessThanOrEqual(TOL);
  expect(maxRelDiff(c.grad, d.grad), `${what} per-sample dy·gradient`).toBeLessThanOrEqual(TOL);
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
          compare(tfjs.binaryCrossentropy, layersLoss("binaryCrossentropy"), layersPerSample("binaryCrossentropy"), yTrue, yPred, `${shape}`);
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
              (o) => tfjs.binaryCrossentropy({ fromLogits: true, labelSmoothing: smoothing, ...o }),
              (t, p) => tf.losses.sigmoidCrossEntropy(t, p, undefined, smoothing),
              (t, p) => tf.mean(tf.losses.sigmoidCrossEntropy(t, p, undefined, smoothing, NONE), -1),
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
          compare(
            tfjs.categoricalCrossentropy, layersLoss("categoricalCrossentropy"), layersPerSample("categoricalCrossentropy"),
            oneHot, probabilities, `${shape} probabilities`,
          );
          // tf.losses.softmaxCrossEntropy smooths with classes = shape[1], not the last axis
          // (softmax_cross_entropy.ts), so smoothing is compared on rank-2 tensors only.
          for (const s of shape.length === 2 ? [0, 0.1] : [0]) {
            compare(
              (o) => tfjs.categoricalCrossentropy({ fromLogits: true, labelSmoothing: s, ...o }),
              (t, p) => tf.losses.softmaxCrossEntropy(t, p, undefined, s),
              (t, p) => tf.losses.softmaxCrossEntropy(t, p, undefined, s, NONE),
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
            (o) => tfjs.sparseCategoricalCrossentropy({ fromLogits: true, ...o }), (_t, p) => tf.losses.softmaxCrossEntropy(oneHot, p),
            (_t, p) => tf.losses.softmaxCrossEntropy(oneHot, p, undefined, undefined, NONE), sparse, logits, `${shape} logits`,
          );
          compare(
            tfjs.sparseCategoricalCrossentropy, layersLoss("sparseCategoricalCrossentropy"), layersPerSample("sparseCategoricalCrossentropy"),
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
        const step = (loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar, y: tf.Tensor) => {
          const w = tf.variable(tf.tensor(w0, [6, 4]));
          const opt = tf.train.adam(0.05);
          opt.minimize(() => loss(y, tf.matMul(x, w)));
          const out = w.dataSync().slice();
          w.dispose();
          opt.dispose();
          return out;
        };
        const ours = step(tfjs.sparseCategoricalCrossentropy({ fromLogits: true, ...MEAN }), tf.tensor(ids, [20, 1]));
        const theirs = step((t, p) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(tf.reshape(t, [-1]), "int32"), 4), p), tf.tensor(ids, [20, 1]));
        expect(maxRelDiff(ours, theirs)).toBeLessThanOrEqual(TOL);
      });
    });
  });
}
