import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import * as tfjs from "../../src/tfjs/index.js";
import { meanSquaredError, meanSquaredErrorWithGrad } from "../../src/index.js";
import { uniform } from "../util/rng.js";
import { BACKENDS, maxRelDiff, useBackend } from "./reference.js";

// The simdloss losses inside tfjs's own training machinery: optimizer.minimize (with the reduced
// form) and model.compile + model.fit (with the per-sample form) give the same weights as tfjs's
// own loss, from the same start. fit.test.ts covers fit and evaluate with classWeight.
const TOL = 1e-5;

/** A seeded Dense(8, relu) → Dense(units) model; the same seed gives the same weights. */
function smallModel(units: number, activation: "sigmoid" | "linear"): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, activation: "relu", inputShape: [5], kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) }),
      tfl.layers.dense({ units, activation, kernelInitializer: tfl.initializers.glorotUniform({ seed: 8 }) }),
    ],
  });
}

const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => w.dataSync() as Float32Array);

function oneStep(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor, units: number,
): Float32Array[] {
  const model = smallModel(units, "sigmoid");
  optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor));
  const w = weightsOf(model);
  model.dispose();
  optimizer.dispose();
  return w;
}

for (const backend of BACKENDS) {
  describe(`training with simdloss/tfjs on the ${backend} backend`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    const x = () => tf.tensor(uniform(11, 40 * 5), [40, 5]);
    const y = (units: number) => tf.tensor(uniform(12, 40 * units, 0, 1), [40, units]);

    for (const [opt, make] of [["sgd", () => tf.train.sgd(0.1)], ["adam", () => tf.train.adam(0.01)]] as const) {
      for (const units of [1, 3]) {
        it(`one ${opt} step of optimizer.minimize, ${units} output(s): same weights as with tf.losses.meanSquaredError`, () => {
          const xs = x();
          const ys = y(units);
          const ours = oneStep(tfjs.meanSquaredError({ reduction: "sum_over_batch_size" }), make(), xs, ys, units);
          const theirs = oneStep((t, p) => tf.losses.meanSquaredError(t, p), make(), xs, ys, units);
          const start = smallModel(units, "sigmoid");
          const before = weightsOf(start);
          start.dispose();
          expect(ours.length).toBe(4);
          for (let i = 0; i < ours.length; i++) {
            expect(maxRelDiff(ours[i], theirs[i]), `weight ${i}`).toBeLessThanOrEqual(TOL);
            // the step did move the weights (the test would otherwise compare two unchanged models)
            expect(maxRelDiff(ours[i], before[i]), `weight ${i} moved`).toBeGreaterThan(1e-4);
          }
          tf.dispose([xs, ys]);
        });
      }
    }

    it("model.compile({ loss: tfjs.huber() }) + fit for 2 epochs = compile with tf.losses.huberLoss", async () => {
      const xs = x();
      const ys = y(1);
      const train = async (loss: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor) => {
        const model = smallModel(1, "linear");
        model.compile({ optimizer: tf.train.adam(0.01), loss });
        const h = await model.fit(xs, ys, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
        const w = weightsOf(model);
        model.dispose();
        return { w, losses: h.history.loss as number[] };
      };
      const ours = await train(tfjs.huber());
      const theirs = await train((t, p) => tf.losses.huberLoss(t, p));
      for (let i = 0; i < ours.w.length; i++) expect(maxRelDiff(ours.w[i], theirs.w[i]), `weight ${i}`).toBeLessThanOrEqual(TOL);
      expect(maxRelDiff(ours.losses, theirs.losses)).toBeLessThanOrEqual(TOL);
      tf.dispose([xs, ys]);
    });

    it("a training step calls the fused ...WithGrad kernel once and the loss-only kernel never; evaluation the reverse", () => {
      const calls = { loss: 0, withGrad: 0 };
      const counted = tfjs.fromSimdLoss({
        name: "meanSquaredError",
        loss: (t, p, o) => (calls.loss++, meanSquaredError(t, p, o)),
        withGrad: (t, p, o) => (calls.withGrad++, meanSquaredErrorWithGrad(t, p, o)),
      });
      tf.tidy(() => {
        const yTrue = tf.tensor(uniform(20, 12), [4, 3]);
        const yPred = tf.tensor(uniform(21, 12), [4, 3]);
        tf.grad((p: tf.Tensor) => counted(yTrue, p))(yPred).dataSync();
        expect(calls).toEqual({ loss: 0, withGrad: 1 });
        counted(yTrue, yPred).dataSync();
        expect(calls).toEqual({ loss: 1, withGrad: 1 });
      });
    });

    it("the gradient with respect to yTrue is zero (targets are constants)", () => {
      tf.tidy(() => {
        const g = tf.grad((t: tf.Tensor) => tfjs.meanSquaredError()(t, tf.ones([3, 2])))(tf.zeros([3, 2]));
        expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
      });
    });

    it("leaks no tensors: a tf.grad inside tf.tidy leaves the tensor count unchanged", () => {
      const yTrue = tf.tensor(uniform(22, 12), [4, 3]);
      const yPred = tf.tensor(uniform(23, 12), [4, 3]);
      const loss = tfjs.logCosh();
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p))(yPred);
      });
      loss(yTrue, yPred).dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([yTrue, yPred]);
    });
  });
}

describe("how simdloss/tfjs reads tensors", () => {
  afterAll(() => useBackend("cpu"));

  it("wasm backend: tensors still held by another backend, int32 labels and reshaped tensors give tfjs's numbers", async () => {
    await useBackend("cpu");
    const ids = Int32Array.from(uniform(30, 12, 0, 4), (v) => Math.floor(v));
    const fromCpu = tf.tensor(uniform(31, 12 * 4, -3, 3), [12, 4]);
    await useBackend("wasm");
    tf.tidy(() => {
      const labels = tf.tensor1d(ids, "int32");
      const logits = tf.reshape(tf.add(fromCpu, 0), [3, 4, 4]); // made on wasm, shares its data with the sum
      const reference = (p: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 4), tf.reshape(p, [12, 4]), undefined, undefined, tf.Reduction.NONE);
      const dy = tf.tensor(uniform(32, 12), [12]);
      for (const p of [fromCpu, logits]) {
        const ours = tf.valueAndGrad((q: tf.Tensor) => tf.reshape(tfjs.sparseCategoricalCrossentropy({ fromLogits: true })(labels, q), [12]))(p, dy);
        const theirs = tf.valueAndGrad((q: tf.Tensor) => reference(q))(p, dy);
        expect(maxRelDiff(ours.value.dataSync(), theirs.value.dataSync())).toBeLessThanOrEqual(TOL);
        expect(maxRelDiff(ours.grad.dataSync(), theirs.grad.dataSync())).toBeLessThanOrEqual(TOL);
      }
    });
    fromCpu.dispose();
  });
});
