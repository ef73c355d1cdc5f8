/**
 * One training run of the experiment: a seeded Dense(64, relu) → Dense(1, sigmoid) (binary) or
 * Dense(64, relu) → Dense(10) (multiclass, logits) trained by Adam with a simdloss loss through
 * simdloss/tfjs, in a plain loop of optimizer.minimize steps over seeded mini-batches.
 *
 * After each epoch the model is evaluated on the whole training and validation sets (loss by the
 * simdloss loss, accuracy by the simdloss metric), so train and validation numbers come from the
 * same weights (Keras's fit logs a running average over the epoch's batches instead). At the first
 * batch of each epoch, before the step, the simdloss loss and its gradient (with respect to the
 * predictions and to every weight) are compared with tfjs's own loss. Then two fresh models
 * train `compareEpochs` epochs, one with each loss, alternating epoch by epoch, to time the
 * simdloss loss against tfjs's own and compare the weights.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import * as tfjs from "../tfjs/index.js";
import {
  argmax, binaryAccuracy, binaryCrossentropy, meanSquaredError, sparseCategoricalAccuracy, sparseCategoricalCrossentropy,
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
    simdloss: "tfjs.meanSquaredError({ reduction: 'sum_over_batch_size' })",
    tfjsOwn: "tf.losses.meanSquaredError",
    ours: () => tfjs.meanSquaredError({ reduction: "sum_over_batch_size" }),
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
    simdloss: "tfjs.binaryCrossentropy({ reduction: 'sum_over_batch_size' })",
    tfjsOwn: "tf.metrics.binaryCrossentropy (tfjs-layers' 'binaryCrossentropy' loss), mean over the batch",
    ours: () => tfjs.binaryCrossentropy({ reduction: "sum_over_batch_size" }),
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
    simdloss: "tfjs.sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'sum_over_batch_size' })",
    tfjsOwn: "tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits)",
    ours: () => tfjs.sparseCategoricalCrossentropy({ fromLogits: true, reduction: "sum_over_batch_size" }),
    theirs: () => (t, p) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(t, "int32"), 10), p),
    lossOf: (labels, out) => sparseCategoricalCrossentropy(labels, out, { classes: 10, fromLogits: true }),
    accuracyOf: (labels, out) => sparseCategoricalAccuracy(labels, out, { classes: 10 }),
    predict: (out) => argmax(out, { classes: 10 }),
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
  /** Median ms of the loss alone (value + ∂loss/∂outputs of one batch): tfjs's own, simdloss. */
  lossMilliseconds: number;
  simdlossLossMilliseconds: number;
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

/** Called after each batch (for the progress bar): training, then the timing comparison. */
export type OnBatch = (done: number, total: number, info: { phase: "simdloss" | "timing"; epoch: number }) => void;

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

/** Trains `model` epoch by epoch with Adam on seeded batches; `epoch()` returns its seconds of optimizer steps. */
function stepper(spec: LossSpec, model: tfl.Sequential, loss: Loss, train: Dataset, o: TrainOptions, onBatch: () => void) {
  const optimizer = tf.train.adam(0.001); // Keras's default learning rate
  const random = rng(o.seed + 1000); // the same batch order for every run
  let epoch = 0;
  return {
    epoch(onFirstBatch?: (epoch: number, x: tf.Tensor, y: tf.Tensor) => void): number {
      epoch++;
      let seconds = 0;
      epochBatches(train.n, o.batchSize, random).forEach((idx, b) => {
        tf.tidy(() => {
          const { x, y } = batchOf(spec, train, idx);
          if (b === 0) onFirstBatch?.(epoch, x, y);
          const t0 = performance.now();
          optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor));
          seconds += (performance.now() - t0) / 1000;
        });
        onBatch();
      });
      return seconds;
    },
    dispose: () => optimizer.dispose(),
  };
}

/** Median milliseconds of one loss + ∂loss/∂outputs on one batch (the loss alone, without the model). */
function lossMilliseconds(loss: Loss, x: tf.Tensor, y: tf.Tensor, model: tfl.Sequential, reps = 200): number {
  return tf.tidy(() => {
    const out = model.apply(x) as tf.Tensor;
    const once = () => tf.tidy(() => tf.grad((p: tf.Tensor) => loss(y, p))(out).dataSync());
    for (let i = 0; i < 20; i++) once(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      once();
      times.push(performance.now() - t0);
    }
    return median(times);
  });
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
  const perEpoch = Math.ceil(data.train.n / o.batchSize);
  let done = 0;
  const progress = (phase: "simdloss" | "timing", total: number, epoch: () => number) => () =>
    onBatch(++done, total, { phase, epoch: epoch() });
  let current = 0;
  const main = stepper(spec, model, ours, data.train, o, progress("simdloss", o.epochs * perEpoch, () => current));
  const stepSeconds: number[] = [];
  for (current = 1; current <= o.epochs; current++) {
    stepSeconds.push(main.epoch((epoch, x, y) => checks.push({ epoch, ...crossCheck(spec, model, ours, theirs, x, y) })));
    const tr = outputs(model, xTrain);
    const va = outputs(model, xVal);
    epochs.push({
      epoch: current,
      trainLoss: spec.lossOf(data.train.labels, tr),
      valLoss: spec.lossOf(data.val.labels, va),
      trainAccuracy: spec.accuracyOf(data.train.labels, tr),
      valAccuracy: spec.accuracyOf(data.val.labels, va),
    });
  }
  main.dispose();
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const testOutputs = outputs(model, xTest);

  // Timing against tfjs's own loss: two fresh models from the same start, trained on the same
  // batches, one epoch each in turn, so both see the same machine conditions.
  let tfjsOwn: TfjsOwnComparison | undefined;
  const k = Math.min(o.compareEpochs, o.epochs);
  if (k > 0) {
    done = 0;
    let e = 0;
    const tick = progress("timing", 2 * k * perEpoch, () => e);
    const [a, b] = [buildModel(spec, o.seed), buildModel(spec, o.seed)];
    const sa = stepper(spec, a, ours, data.train, o, tick);
    const sb = stepper(spec, b, theirs, data.train, o, tick);
    const ta: number[] = [];
    const tb: number[] = [];
    for (e = 1; e <= k; e++) {
      ta.push(sa.epoch());
      tb.push(sb.epoch());
    }
    sa.dispose();
    sb.dispose();
    const wa = a.getWeights().map((w) => w.dataSync());
    const wb = b.getWeights().map((w) => w.dataSync());
    const first = batchOf(spec, data.train, Int32Array.from({ length: Math.min(o.batchSize, data.train.n) }, (_, i) => i));
    tfjsOwn = {
      epochs: k,
      trainSeconds: sum(tb),
      simdlossSeconds: sum(ta),
      medianEpochSeconds: median(tb),
      simdlossMedianEpochSeconds: median(ta),
      valAccuracy: spec.accuracyOf(data.val.labels, outputs(b, xVal)),
      simdlossValAccuracy: spec.accuracyOf(data.val.labels, outputs(a, xVal)),
      maxRelWeightDiff: Math.max(...wa.map((w, i) => relDiff(w, wb[i]))),
      lossMilliseconds: lossMilliseconds(theirs, first.x, first.y, model),
      simdlossLossMilliseconds: lossMilliseconds(ours, first.x, first.y, model),
    };
    tf.dispose([first.x, first.y]);
    a.dispose();
    b.dispose();
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
