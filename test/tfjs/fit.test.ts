import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import * as tfjs from "../../src/tfjs/index.js";
import { rng, uniform } from "../util/rng.js";
import { BACKENDS, maxRelDiff, useBackend } from "./reference.js";
import {
  binaryFocalFromLogits64, categoricalFocalFromLogits64, fit64, huber64, type Activation,
} from "./fit-reference.js";

// model.fit and model.evaluate with a simdloss/tfjs loss against the same with tfjs-layers' own
// loss (or, for losses tfjs-layers lacks, a float64 model of tfjs-layers' trainer): the logged
// loss of every epoch, the trained weights and evaluate's value, with and without classWeight.
// tfjs-layers multiplies the per-sample losses that a loss returns by the class weights and
// takes the mean, so a loss must return one value per sample for classWeight to act as it does
// with tfjs's own losses. Agreement to 1e-5 relative (weights: relative to the largest element).
const TOL = 1e-5;

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
type ClassWeight = Record<number, number>;

interface Trained {
  history: number[];
  weights: Float32Array[];
  evaluated: number;
}

/** A seeded Dense(units, activation) on `inputs` features. */
function denseModel(inputs: number, units: number, activation: Activation | "softplus", seed: number): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        units, activation, inputShape: [inputs],
        kernelInitializer: tfl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed }),
        biasInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 1 }),
      }),
    ],
  });
}

interface Run {
  x: tf.Tensor;
  y: tf.Tensor;
  units: number;
  activation: Activation | "softplus";
  lr: number;
  epochs: number;
  batchSize: number;
  classWeight?: ClassWeight;
  /** Feed batches through fitDataset / evaluateDataset (model.fit's target shape check admits sparse labels only for tfjs's own loss). */
  dataset?: boolean;
  seed: number;
}

/**
 * A tfjs-layers Dataset of [x, y] batches, in order, as fitDataset and evaluateDataset read it
 * (they dispose each batch after use, so every pass makes new tensors).
 */
function batches(x: tf.Tensor, y: tf.Tensor, batchSize: number) {
  const n = x.shape[0];
  return {
    size: Math.ceil(n / batchSize),
    iterator: async () => {
      let s = 0;
      return {
        next: async () => {
          if (s >= n) return { value: null, done: true };
          const size = Math.min(batchSize, n - s);
          const value = { xs: tf.slice(x, s, size), ys: tf.slice(y, s, size) };
          s += size;
          return { value, done: false };
        },
      };
    },
  };
}

async function train(loss: string | LossFn, r: Run): Promise<Trained> {
  const model = denseModel(r.x.shape[1]!, r.units, r.activation, r.seed);
  model.compile({ optimizer: tf.train.sgd(r.lr), loss });
  let history: number[];
  let evaluated: tf.Scalar;
  if (r.dataset) {
    const data = batches(r.x, r.y, r.batchSize);
    const h = await model.fitDataset(data as never, { epochs: r.epochs, classWeight: r.classWeight, verbose: 0 });
    history = h.history.loss as number[];
    evaluated = (await model.evaluateDataset(data as never, {})) as tf.Scalar;
  } else {
    const h = await model.fit(r.x, r.y, {
      epochs: r.epochs, batchSize: r.batchSize, shuffle: false, classWeight: r.classWeight, verbose: 0,
    });
    history = h.history.loss as number[];
    evaluated = model.evaluate(r.x, r.y, { batchSize: r.batchSize }) as tf.Scalar;
  }
  const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  const out = { history, weights, evaluated: evaluated.dataSync()[0] };
  evaluated.dispose();
  model.dispose();
  return out;
}

function expectSameTraining(ours: Trained, theirs: Trained, what: string): void {
  expect(ours.history.length, what).toBe(theirs.history.length);
  expect(maxRelDiff(ours.history, theirs.history), `${what}: loss history ${ours.history} vs ${theirs.history}`).toBeLessThanOrEqual(TOL);
  expect(ours.weights.length, what).toBe(theirs.weights.length);
  for (let i = 0; i < ours.weights.length; i++) {
    expect(maxRelDiff(ours.weights[i], theirs.weights[i]), `${what}: weight ${i}`).toBeLessThanOrEqual(TOL);
  }
  expect(Math.abs(ours.evaluated - theirs.evaluated), `${what}: evaluate ${ours.evaluated} vs ${theirs.evaluated}`)
    .toBeLessThanOrEqual(TOL * Math.abs(theirs.evaluated));
}

// ---- targets ----

const N = 10; // batches of 4, 4 and 2: the last one partial
const INPUTS = 4;

const columns = (v: Float32Array, units: number) => tf.tensor(v, [v.length / units, units]);
/** Integer classes in [0, classes), one per sample. */
const classIds = (seed: number, n: number, classes: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(r() * classes));
};
const oneHot = (ids: Float32Array, classes: number) => {
  const y = new Float32Array(ids.length * classes);
  ids.forEach((c, s) => (y[s * classes + c] = 1));
  return columns(y, classes);
};
/** Positive rows that sum to 1, each with a clear largest entry. */
const distributions = (seed: number, n: number, classes: number) => {
  const v = uniform(seed, n * classes, 0.05, 1);
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += v[s * classes + c];
    for (let c = 0; c < classes; c++) v[s * classes + c] /= sum;
  }
  return columns(v, classes);
};

const THREE_CLASSES: ClassWeight = { 0: 3, 1: 0.5, 2: 1.5 };

interface LayersCase {
  /** tfjs-layers' name for `compile({ loss })`. */
  layers: string;
  ours: () => LossFn;
  units: number;
  activation: Activation | "softplus";
  /** Targets of N samples; with units > 1 the class of a sample is the argmax of its row. */
  y: (seed: number) => tf.Tensor;
  classWeight: ClassWeight;
  lr?: number;
  dataset?: boolean;
}

const LAYERS_CASES: LayersCase[] = [
  {
    layers: "binaryCrossentropy", ours: () => tfjs.binaryCrossentropy(), units: 1, activation: "sigmoid",
    y: (seed) => columns(classIds(seed, N, 2), 1), classWeight: { 0: 5, 1: 1 },
  },
  {
    layers: "categoricalCrossentropy", ours: () => tfjs.categoricalCrossentropy(), units: 3, activation: "softmax",
    y: (seed) => oneHot(classIds(seed, N, 3), 3), classWeight: THREE_CLASSES,
  },
  {
    // model.fit admits [batch, 1] labels only for tfjs's own sparse loss, so both go through fitDataset
    layers: "sparseCategoricalCrossentropy", ours: () => tfjs.sparseCategoricalCrossentropy(), units: 3, activation: "softmax",
    y: (seed) => tf.tensor1d(classIds(seed, N, 3)), classWeight: THREE_CLASSES, dataset: true,
  },
  {
    layers: "meanSquaredError", ours: () => tfjs.meanSquaredError(), units: 3, activation: "linear",
    y: (seed) => columns(uniform(seed, N * 3, -1, 1), 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "meanAbsoluteError", ours: () => tfjs.meanAbsoluteError(), units: 3, activation: "linear",
    y: (seed) => columns(uniform(seed, N * 3, -1, 1), 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "meanAbsolutePercentageError", ours: () => tfjs.meanAbsolutePercentageError(), units: 3, activation: "linear",
    y: (seed) => columns(uniform(seed, N * 3, 0.5, 2), 3), classWeight: THREE_CLASSES, lr: 0.001,
  },
  {
    layers: "meanSquaredLogarithmicError", ours: () => tfjs.meanSquaredLogarithmicError(), units: 3, activation: "softplus",
    y: (seed) => columns(uniform(seed, N * 3, 0, 3), 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "hinge", ours: () => tfjs.hinge(), units: 1, activation: "linear",
    y: (seed) => columns(Float32Array.from(classIds(seed, N, 2), (c) => 2 * c - 1), 1), classWeight: { [-1]: 4, 1: 1 },
  },
  {
    layers: "squaredHinge", ours: () => tfjs.squaredHinge(), units: 1, activation: "linear",
    y: (seed) => columns(Float32Array.from(classIds(seed, N, 2), (c) => 2 * c - 1), 1), classWeight: { [-1]: 4, 1: 1 },
  },
  {
    layers: "categoricalHinge", ours: () => tfjs.categoricalHinge(), units: 3, activation: "linear",
    y: (seed) => oneHot(classIds(seed, N, 3), 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "logcosh", ours: () => tfjs.logCosh(), units: 3, activation: "linear",
    y: (seed) => columns(uniform(seed, N * 3, -2, 2), 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "kullbackLeiblerDivergence", ours: () => tfjs.kullbackLeiblerDivergence(), units: 3, activation: "softmax",
    y: (seed) => distributions(seed, N, 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "poisson", ours: () => tfjs.poisson(), units: 3, activation: "softplus",
    y: (seed) => columns(uniform(seed, N * 3, 0, 3), 3), classWeight: THREE_CLASSES,
  },
  {
    layers: "cosineProximity", ours: () => tfjs.cosineSimilarity(), units: 3, activation: "linear",
    y: (seed) => columns(uniform(seed, N * 3, -1, 1), 3), classWeight: THREE_CLASSES,
  },
];

/** The classWeight of every sample of y (argmax of a row, or the value of a one-column target). */
function sampleWeights(y: tf.Tensor, classWeight: ClassWeight): number[] {
  const v = y.dataSync();
  const k = y.rank === 1 ? 1 : y.shape[1]!;
  return Array.from({ length: y.shape[0] }, (_, s) => {
    const row = Array.from(v.subarray(s * k, (s + 1) * k));
    return classWeight[k === 1 ? row[0] : row.indexOf(Math.max(...row))];
  });
}

for (const backend of BACKENDS) {
  describe(`model.fit and model.evaluate with simdloss/tfjs losses on the ${backend} backend`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    it("fit with classWeight {0: 5, 1: 1}: binaryCrossentropy() trains as tfjs-layers' 'binaryCrossentropy' (loss 22.594 then 1.458)", async () => {
      // 4 samples, Dense(1, sigmoid) with a kernel of ones, SGD 0.1, one batch per epoch
      const xs = [[1, 2], [3, 4], [5, 6], [7, 8]];
      const ys = [0, 1, 1, 0];
      const classWeight = { 0: 5, 1: 1 };
      const fitOnce = async (loss: string | LossFn) => {
        const model = tfl.sequential({
          layers: [tfl.layers.dense({ units: 1, activation: "sigmoid", inputShape: [2], kernelInitializer: "ones" })],
        });
        model.compile({ optimizer: tf.train.sgd(0.1), loss });
        const [x, y] = [tf.tensor2d(xs), tf.tensor2d(ys, [4, 1])];
        const h = await model.fit(x, y, { classWeight, epochs: 2, batchSize: 4, verbose: 0 });
        const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
        tf.dispose([x, y]);
        model.dispose();
        return { history: h.history.loss as number[], weights };
      };
      const theirs = await fitOnce("binaryCrossentropy");
      const ours = await fitOnce(tfjs.binaryCrossentropy());
      // tfjs-layers' numbers; the first is mean(w·L) at the initial weights, written from the
      // formula (z = row sums; tfjs's sigmoid output is float32, then clipped to [1e-7, 1 − 1e-7])
      expect(theirs.history.map((v) => Number(v.toFixed(3)))).toEqual([22.594, 1.458]);
      const first = xs.reduce((acc, row, s) => {
        const p = Math.min(Math.max(Math.fround(1 / (1 + Math.exp(-(row[0] + row[1])))), 1e-7), 1 - 1e-7);
        return acc + classWeight[ys[s] as 0 | 1] * -(ys[s] * Math.log(p) + (1 - ys[s]) * Math.log(1 - p));
      }, 0) / 4;
      expect(Math.abs(theirs.history[0] - first)).toBeLessThanOrEqual(TOL * first);
      // ... and simdloss/tfjs trains exactly the same
      expect(maxRelDiff(ours.history, theirs.history), `${ours.history} vs ${theirs.history}`).toBeLessThanOrEqual(TOL);
      for (let i = 0; i < 2; i++) expect(maxRelDiff(ours.weights[i], theirs.weights[i]), `weight ${i}`).toBeLessThanOrEqual(TOL);
    });

    for (const c of LAYERS_CASES) {
      it(`${c.layers}: fit (3 epochs, batches 4, 4, 2) and evaluate, with and without classWeight, = tfjs-layers' '${c.layers}'`, async () => {
        const seed = c.layers.length * 31;
        const x = columns(uniform(seed, N * INPUTS, -1, 1), INPUTS);
        const y = c.y(seed + 1);
        const run: Run = {
          x, y, units: c.units, activation: c.activation, lr: c.lr ?? 0.1, epochs: 3, batchSize: 4, dataset: c.dataset, seed: seed + 2,
        };
        const plain = await train(c.ours(), run);
        expectSameTraining(plain, await train(c.layers, run), "without classWeight");
        const weighted = { ...run, classWeight: c.classWeight };
        const ours = await train(c.ours(), weighted);
        expectSameTraining(ours, await train(c.layers, weighted), "with classWeight");
        // the class weights did change the training (the weights are not all 1 on these targets)
        const w = sampleWeights(y, c.classWeight);
        expect(new Set(w).size, `class weights ${w}`).toBeGreaterThan(1);
        expect(maxRelDiff(ours.history, plain.history)).toBeGreaterThan(1e-3);
        tf.dispose([x, y]);
      });
    }

    // Losses tfjs-layers lacks, against the float64 model of its trainer.
    const FLOAT64_CASES = [
      {
        name: "huber({ delta: 0.5 }): L_s = mean over the last axis of Huber(e)",
        ours: () => tfjs.huber({ delta: 0.5 }), perSample: huber64(0.5), units: 3, activation: "linear" as const,
        y: (seed: number) => uniform(seed, N * 3, -2, 2),
      },
      {
        name: "binaryFocalCrossentropy({ fromLogits }): L_s = mean over the last axis of (1 − p_t)^γ·bce",
        ours: () => tfjs.binaryFocalCrossentropy({ fromLogits: true }), perSample: binaryFocalFromLogits64(2), units: 3,
        activation: "linear" as const, y: (seed: number) => Float32Array.from(classIds(seed, N * 3, 2)),
      },
      {
        name: "categoricalFocalCrossentropy({ fromLogits }): L_s = −α·Σ_c (1 − q_c)^γ·y_c·log q_c",
        ours: () => tfjs.categoricalFocalCrossentropy({ fromLogits: true }), perSample: categoricalFocalFromLogits64(2, 0.25),
        units: 3, activation: "linear" as const, y: (seed: number) => oneHot(classIds(seed, N, 3), 3).dataSync() as Float32Array,
      },
    ];
    for (const c of FLOAT64_CASES) {
      it(`${c.name}: fit with and without classWeight = float64 model of tfjs-layers' trainer`, async () => {
        const seed = c.name.length * 17;
        const xv = uniform(seed, N * INPUTS, -1, 1);
        const yv = c.y(seed + 1);
        const x = columns(xv, INPUTS);
        const y = columns(yv, c.units);
        for (const classWeight of [undefined, THREE_CLASSES]) {
          const model = denseModel(INPUTS, c.units, c.activation, seed + 2);
          const [kernel, bias] = model.getWeights().map((w) => Array.from(w.dataSync()));
          model.compile({ optimizer: tf.train.sgd(0.1), loss: c.ours() });
          const h = await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, classWeight, verbose: 0 });
          const [k1, b1] = model.getWeights().map((w) => w.dataSync());
          const rows = (v: ArrayLike<number>, k: number) => Array.from({ length: v.length / k }, (_, s) => Array.from(v).slice(s * k, (s + 1) * k));
          const ref = fit64({
            x: rows(xv, INPUTS), y: rows(yv, c.units), kernel: rows(kernel, c.units), bias, activation: c.activation,
            perSample: c.perSample, classWeight, lr: 0.1, epochs: 3, batchSize: 4,
          });
          const what = classWeight ? "with classWeight" : "without classWeight";
          expect(maxRelDiff(h.history.loss as number[], ref.history), `${what}: ${h.history.loss} vs ${ref.history}`).toBeLessThanOrEqual(TOL);
          expect(maxRelDiff(k1, ref.kernel.flat()), `${what}: kernel`).toBeLessThanOrEqual(TOL);
          expect(maxRelDiff(b1, ref.bias), `${what}: bias`).toBeLessThanOrEqual(TOL);
          model.dispose();
        }
        tf.dispose([x, y]);
      });
    }

    it("tfjs-layers' fit and evaluate take no sampleWeight (classWeight is the way to weigh samples)", async () => {
      const model = denseModel(2, 1, "sigmoid", 3);
      model.compile({ optimizer: "sgd", loss: tfjs.binaryCrossentropy() });
      const [x, y] = [tf.ones([4, 2]), tf.ones([4, 1])];
      await expect(model.fit(x, y, { sampleWeight: tf.ones([4]) } as never)).rejects.toThrow("sample weight is not supported yet");
      tf.dispose([x, y]);
      model.dispose();
    });
  });
}
