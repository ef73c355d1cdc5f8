/**
 * One training run of the experiment: a seeded Dense(64, relu) → Dense(1, sigmoid) (binary) or
 * Dense(64, relu) → Dense(10) (multiclass, logits) trained by Adam with a simdloss loss through
 * simdloss/tfjs, in a plain loop of optimizer.minimize steps over seeded mini-batches.
 *
 * After each epoch the model is evaluated on the whole training and validation sets (loss by the
 * simdloss loss, accuracy by the simdloss metric), so train and validation numbers come from the
 * same weights (Keras's fit logs a running average over the epoch's batches instead). At the first
 * batch of each epoch, before the step, the simdloss loss and its gradient (with respect to the
 * predictions and to every weight) are compared with tfjs's own loss. Then the first
 * `compareEpochs` epochs are repeated with tfjs's own loss, same start and same batches, to time
 * it against the simdloss loss and compare the weights.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import * as tfjs from "../tfjs/index.js";
import {
  binaryAccuracy, binaryCrossentropy, meanSquaredError, sparseCategoricalAccuracy, sparseCategoricalCrossentropy,
} from "../index.js";
import { PIXELS, type Dataset, type Split } from "./data.js";
import { permutation, rng } from "./rng.js";

export type LossKey = "mse" | "bce" | "scce";
export type Task = "binary" | "multiclass";
type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** What differs between the losses: the model's head, the two losses, how to score outputs. */
interface LossSpec {
  task: Task;
  /** The simdloss/tfjs expression used, for the report. */
  simdloss: string;
  /** tfjs's own loss it is checked and timed against, for the report. */
  tfjsOwn: string;
  classes: number;
  ours: () => Loss;
  theirs: () => Loss;
  /** The simdloss loss on plain arrays (labels, model outputs). */
  lossOf: (labels: Int32Array, out: Float32Array) => number;
  accuracyOf: (labels: Int32Array, out: Float32Array) => number;
  /** The predicted class of each sample. */
  predict: (out: Float32Array) => Int32Array;
  /**
   * The batch-mean loss and ∂loss/∂outputs in float64, written from the formula: the arbiter
   * when the simdloss and tfjs numbers differ (a diagnostic of the cross-check only).
   */
  reference64: (targets: ArrayLike<number>, out: ArrayLike<number>) => { loss: number; grad: Float64Array };
}

const asFloat = (labels: Int32Array) => Float32Array.from(labels);

function argmaxRows(out: Float32Array, classes: number): Int32Array {
  const n = out.length / classes;
  const pred = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (out[s * classes + c] > out[s * classes + best]) best = c;
    pred[s] = best;
  }
  return pred;
}

const EPSILON = 1e-7; // Keras's and tfjs's backend epsilon for float32

const sigmoidHead = {
  task: "binary" as const,
  classes: 2,
  accuracyOf: (labels: Int32Array, out: Float32Array) => binaryAccuracy(asFloat(labels), out),
  predict: (out: Float32Array) => Int32Array.from(out, (p) => (p > 0.5 ? 1 : 0)),
};

export const LOSSES: Record<LossKey, LossSpec> = {
  mse: {
    ...sigmoidHead,
    simdloss: "tfjs.meanSquaredError()",
    tfjsOwn: "tf.losses.meanSquaredError",
    ours: () => tfjs.meanSquaredError(),
    theirs: () => (t, p) => tf.losses.meanSquaredError(t, p),
    lossOf: (labels, out) => meanSquaredError(asFloat(labels), out),
    // mean((p − y)²); d/dp = 2(p − y) / n
    reference64: (y, p) => ({
      loss: Array.from(p, (pi, i) => (pi - y[i]) ** 2).reduce((a, b) => a + b, 0) / p.length,
      grad: Float64Array.from(p, (pi, i) => (2 * (pi - y[i])) / p.length),
    }),
  },
  bce: {
    ...sigmoidHead,
    simdloss: "tfjs.binaryCrossentropy()",
    tfjsOwn: "tf.metrics.binaryCrossentropy (tfjs-layers' 'binaryCrossentropy' loss), mean over the batch",
    ours: () => tfjs.binaryCrossentropy(),
    theirs: () => (t, p) => tf.mean(tfl.metrics.binaryCrossentropy(t, p)),
    lossOf: (labels, out) => binaryCrossentropy(asFloat(labels), out),
    // q = clip(p, ε, 1 − ε); mean(−y log q − (1 − y) log(1 − q)); d/dp = (q − y) / (q (1 − q)) / n inside the clip, 0 outside
    reference64: (y, p) => {
      const q = Array.from(p, (pi) => Math.min(Math.max(pi, EPSILON), 1 - EPSILON));
      return {
        loss: q.map((qi, i) => -y[i] * Math.log(qi) - (1 - y[i]) * Math.log(1 - qi)).reduce((a, b) => a + b, 0) / p.length,
        grad: Float64Array.from(p, (pi, i) => (pi < EPSILON || pi > 1 - EPSILON ? 0 : (pi - y[i]) / (pi * (1 - pi)) / p.length)),
      };
    },
  },
  scce: {
    task: "multiclass",
    classes: 10,
    simdloss: "tfjs.sparseCategoricalCrossentropy({ fromLogits: true })",
    tfjsOwn: "tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits)",
    ours: () => tfjs.sparseCategoricalCrossentropy({ fromLogits: true }),
    theirs: () => (t, p) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(t, "int32"), 10), p),
    lossOf: (labels, out) => sparseCategoricalCrossentropy(labels, out, { classes: 10, fromLogits: true }),
    accuracyOf: (labels, out) => sparseCategoricalAccuracy(labels, out, { classes: 10 }),
    predict: (out) => argmaxRows(out, 10),
    // mean(logsumexp(z) − z_label); d/dz = (softmax(z) − onehot(label)) / n
    reference64: (labels, z) => {
      const n = labels.length;
      const grad = new Float64Array(z.length);
      let loss = 0;
      for (let s = 0; s < n; s++) {
        let m = -Infinity;
        for (let c = 0; c < 10; c++) m = Math.max(m, z[s * 10 + c]);
        let sum = 0;
        for (let c = 0; c < 10; c++) sum += Math.exp(z[s * 10 + c] - m);
        loss += m + Math.log(sum) - z[s * 10 + labels[s]];
        for (let c = 0; c < 10; c++) grad[s * 10 + c] = (Math.exp(z[s * 10 + c] - m) / sum - (c === labels[s] ? 1 : 0)) / n;
      }
      return { loss: loss / n, grad };
    },
  },
};

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  /**
   * Also train this many epochs with tfjs's own loss (same start, same batches) to time it
   * against the simdloss loss over the same epochs and compare the weights; 0 = skip.
   */
  compareEpochs: number;
}

export interface EpochStats {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
}

export interface CrossCheck {
  /** max over the checked batches of |ours − tfjs| / |tfjs| for the loss value. */
  maxRelLossDiff: number;
  /** max over the checked batches and tensors of max|ours − tfjs| / max|tfjs| for gradients. */
  maxRelGradDiff: number;
  perEpoch: {
    epoch: number;
    relLossDiff: number;
    relGradDiff: number;
    /** Relative error against the float64 formula of the loss and of ∂loss/∂outputs, per side. */
    vsFloat64: { simdloss: { loss: number; grad: number }; tfjs: { loss: number; grad: number } };
  }[];
}

export interface TfjsOwnComparison {
  epochs: number;
  /** Seconds of optimizer steps over those epochs: tfjs's own loss, and the simdloss loss. */
  trainSeconds: number;
  simdlossSeconds: number;
  /** Median over those epochs of one epoch's optimizer-step seconds (robust to a cold first epoch). */
  medianEpochSeconds: number;
  simdlossMedianEpochSeconds: number;
  /** Validation accuracy after those epochs: tfjs's own loss, and the simdloss loss. */
  valAccuracy: number;
  simdlossValAccuracy: number;
  /** max over the weight tensors of max|w_simdloss − w_tfjs| / max|w_tfjs| after those epochs. */
  maxRelWeightDiff: number;
}

export interface RunOutcome {
  epochs: EpochStats[];
  crossCheck: CrossCheck;
  /** Model outputs on the test set (probabilities, or logits for multiclass). */
  testOutputs: Float32Array;
  /** Seconds of optimizer steps with the simdloss loss (all epochs). */
  trainSeconds: number;
  /** The first `epochs` epochs again with tfjs's own loss, when compared. */
  tfjsOwn?: TfjsOwnComparison;
}

/** Called after each batch (for the progress bar). */
export type OnBatch = (done: number, total: number, info: { phase: "simdloss" | "tfjs"; epoch: number; loss?: number }) => void;

/** The seeded model: the same seed gives the same initial weights for every loss. */
export function buildModel(spec: LossSpec, seed: number): tfl.Sequential {
  const binary = spec.task === "binary";
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 64, activation: "relu", inputShape: [PIXELS], kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({
        units: binary ? 1 : 10, activation: binary ? "sigmoid" : "linear", kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
}

/** The model's outputs on a whole set, in one forward pass (faster than predict's batches here). */
function outputs(model: tfl.Sequential, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.apply(x) as tf.Tensor).dataSync() as Float32Array);
}

/** The rows `idx` of a set as tensors, assembled in JS (cheaper than tf.gather on the wasm backend). */
function batchOf(spec: LossSpec, data: Dataset, idx: Int32Array): { x: tf.Tensor; y: tf.Tensor } {
  const x = new Float32Array(idx.length * PIXELS);
  const y = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    x.set(data.x.subarray(idx[i] * PIXELS, (idx[i] + 1) * PIXELS), i * PIXELS);
    y[i] = data.labels[idx[i]];
  }
  return { x: tf.tensor2d(x, [idx.length, PIXELS]), y: spec.task === "binary" ? tf.tensor2d(y, [idx.length, 1]) : tf.tensor1d(y) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** max|a − b| / max|b| (the error relative to the largest element). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return a.length !== b.length ? Infinity : den === 0 ? num : num / den;
}

/** The simdloss loss vs tfjs's own on one batch, with the current weights: value and gradients. */
function crossCheck(spec: LossSpec, model: tfl.Sequential, ours: Loss, theirs: Loss, x: tf.Tensor, y: tf.Tensor) {
  return tf.tidy(() => {
    const out = model.apply(x) as tf.Tensor;
    const ref = spec.reference64(y.dataSync(), out.dataSync());
    const run = (loss: Loss) => {
      const { value, grads } = tf.variableGrads(() => loss(y, model.apply(x, { training: true }) as tf.Tensor));
      const gOut = tf.grad((p: tf.Tensor) => loss(y, p))(out);
      const names = Object.keys(grads).sort();
      return { value: value.dataSync()[0], grads: [gOut, ...names.map((n) => grads[n])].map((g) => g.dataSync()) };
    };
    const a = run(ours);
    const b = run(theirs);
    const relLossDiff = Math.abs(a.value - b.value) / Math.abs(b.value);
    const relGradDiff = Math.max(...a.grads.map((g, i) => relDiff(g, b.grads[i])));
    const vs = (side: typeof a) => ({ loss: Math.abs(side.value - ref.loss) / Math.abs(ref.loss), grad: relDiff(side.grads[0], ref.grad) });
    return { relLossDiff, relGradDiff, vsFloat64: { simdloss: vs(a), tfjs: vs(b) } };
  });
}

/** The batches of one epoch: a seeded permutation of the training rows, cut in batchSize pieces. */
function epochBatches(n: number, batchSize: number, random: () => number): Int32Array[] {
  const p = permutation(n, random);
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i += batchSize) out.push(p.subarray(i, Math.min(n, i + batchSize)));
  return out;
}

/** Optimizer steps over all epochs; `onEpochStart`/`onEpochEnd` hook the checks and the evaluation. */
function fit(
  spec: LossSpec, model: tfl.Sequential, loss: Loss, train: Dataset, o: TrainOptions, onBatch: OnBatch, phase: "simdloss" | "tfjs",
  hooks: { onEpochStart?: (epoch: number, x: tf.Tensor, y: tf.Tensor) => void; onEpochEnd?: (epoch: number) => void } = {},
  epochs = o.epochs,
): number[] {
  const optimizer = tf.train.adam(0.001); // Keras's default learning rate
  const random = rng(o.seed + 1000); // the same batch order for every run
  const n = train.n;
  const perEpoch = Math.ceil(n / o.batchSize);
  const seconds: number[] = [];
  let done = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    seconds.push(0);
    const batches = epochBatches(n, o.batchSize, random);
    batches.forEach((idx, b) => {
      tf.tidy(() => {
        const { x, y } = batchOf(spec, train, idx);
        if (b === 0) hooks.onEpochStart?.(epoch, x, y);
        const t0 = performance.now();
        optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor));
        seconds[epoch - 1] += (performance.now() - t0) / 1000;
      });
      onBatch(++done, epochs * perEpoch, { phase, epoch });
    });
    hooks.onEpochEnd?.(epoch);
  }
  optimizer.dispose();
  return seconds;
}

/** Trains one loss on one split; see the file comment. */
export function train(key: LossKey, data: Split, o: TrainOptions, onBatch: OnBatch = () => {}): RunOutcome {
  const spec = LOSSES[key];
  const ours = spec.ours();
  const theirs = spec.theirs();
  const [xTrain, xVal, xTest] = [data.train, data.val, data.test].map((d) => tf.tensor2d(d.x, [d.n, PIXELS]));

  const model = buildModel(spec, o.seed);
  const epochs: EpochStats[] = [];
  const checks: CrossCheck["perEpoch"] = [];
  const k = Math.min(o.compareEpochs, o.epochs);
  let weightsAtK: Float32Array[] = [];
  const stepSeconds = fit(spec, model, ours, data.train, o, onBatch, "simdloss", {
    onEpochStart: (epoch, x, y) => checks.push({ epoch, ...crossCheck(spec, model, ours, theirs, x, y) }),
    onEpochEnd: (epoch) => {
      const tr = outputs(model, xTrain);
      const va = outputs(model, xVal);
      epochs.push({
        epoch,
        trainLoss: spec.lossOf(data.train.labels, tr),
        valLoss: spec.lossOf(data.val.labels, va),
        trainAccuracy: spec.accuracyOf(data.train.labels, tr),
        valAccuracy: spec.accuracyOf(data.val.labels, va),
      });
      if (epoch === k) weightsAtK = model.getWeights().map((w) => w.dataSync() as Float32Array);
    },
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const testOutputs = outputs(model, xTest);

  let tfjsOwn: TfjsOwnComparison | undefined;
  if (k > 0) {
    const twin = buildModel(spec, o.seed);
    const seconds = fit(spec, twin, theirs, data.train, o, onBatch, "tfjs", {}, k);
    const b = twin.getWeights().map((w) => w.dataSync());
    tfjsOwn = {
      epochs: k,
      trainSeconds: sum(seconds),
      simdlossSeconds: sum(stepSeconds.slice(0, k)),
      medianEpochSeconds: median(seconds),
      simdlossMedianEpochSeconds: median(stepSeconds.slice(0, k)),
      valAccuracy: spec.accuracyOf(data.val.labels, outputs(twin, xVal)),
      simdlossValAccuracy: epochs[k - 1].valAccuracy,
      maxRelWeightDiff: Math.max(...weightsAtK.map((w, i) => relDiff(w, b[i]))),
    };
    twin.dispose();
  }
  model.dispose();
  tf.dispose([xTrain, xVal, xTest]);

  const crossCheckResult: CrossCheck = {
    maxRelLossDiff: Math.max(0, ...checks.map((c) => c.relLossDiff)),
    maxRelGradDiff: Math.max(0, ...checks.map((c) => c.relGradDiff)),
    perEpoch: checks,
  };
  return { epochs, crossCheck: crossCheckResult, testOutputs, trainSeconds: sum(stepSeconds), tfjsOwn };
}
