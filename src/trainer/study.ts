/**
 * The study: when does cross-entropy beat MSE? A grid of conditions (digit pair or all ten
 * digits × optimizer × learning rate); in each, for every seed, an MSE model and a
 * cross-entropy model from the same initial weights see the same data in the same batch order.
 *
 * Binary: Dense(64, relu) → Dense(1, sigmoid), `meanSquaredError()` against
 * `binaryCrossentropy()`. Ten digits: Dense(64, relu) → Dense(10, softmax), `meanSquaredError()`
 * on one-hot targets against `categoricalCrossentropy()`. Losses from simdloss/tfjs, trained by
 * tfjs-layers' model.compile / model.fit.
 *
 * One condition trains as one tfjs-layers model holding every run of it (seeds × losses) as
 * independent branches: one input per seed, two branches (MSE, cross-entropy) per input. fit
 * minimises the sum of the branches' batch-mean losses, whose gradient with respect to a
 * branch's weights is that branch's own; Adam and SGD update each weight element by element.
 * So each branch trains exactly as it would alone (checked by a test), and one fit step serves
 * all the runs of a condition.
 *
 * After each epoch (and before the first) every run is evaluated on its whole training and
 * validation sets with simdloss: loss, accuracy, and the mean |∂L/∂logit| over the misclassified
 * training samples (mechanism.ts). At the end, each run's validation confusion matrix and
 * per-class precision / recall.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import * as tfjs from "../tfjs/index.js";
import {
  argmax, binaryCrossentropy, categoricalCrossentropy, classificationReport, confusionMatrix, meanSquaredError,
} from "../index.js";
import { PIXELS, sampleSplit, selectDigits, type Dataset } from "./data.js";
import type { Condition, DataSize, StudyConfig } from "./grid.js";
import { clearestCase, overallSentences, summarize, type ConditionSummary } from "./claims.js";
import { logitGradientNorms, meanOverMisclassified, type StudyLoss } from "./mechanism.js";
import { permutation, rng } from "./rng.js";
import type { ConditionResult, StudyEpoch, StudyRun } from "./results.js";

export type { ConditionResult, StudyEpoch, StudyRun } from "./results.js";

export const STUDY_LOSSES: readonly StudyLoss[] = ["mse", "ce"];

/** What differs between one sigmoid output and ten softmax outputs. */
interface Head {
  task: ConditionResult["task"];
  units: number;
  activation: "sigmoid" | "softmax";
  losses: Record<StudyLoss, { name: string; tfjs: () => tfjs.TfjsLoss; value: (targets: Float32Array, outputs: Float32Array) => number }>;
}

const HEADS: Record<ConditionResult["task"], Head> = {
  binary: {
    task: "binary",
    units: 1,
    activation: "sigmoid",
    losses: {
      mse: { name: "tfjs.meanSquaredError()", tfjs: () => tfjs.meanSquaredError(), value: (t, p) => meanSquaredError(t, p) },
      ce: { name: "tfjs.binaryCrossentropy()", tfjs: () => tfjs.binaryCrossentropy(), value: (t, p) => binaryCrossentropy(t, p) },
    },
  },
  multiclass: {
    task: "multiclass",
    units: 10,
    activation: "softmax",
    losses: {
      mse: { name: "tfjs.meanSquaredError() on one-hot targets", tfjs: () => tfjs.meanSquaredError(), value: (t, p) => meanSquaredError(t, p, { features: 10 }) },
      ce: { name: "tfjs.categoricalCrossentropy()", tfjs: () => tfjs.categoricalCrossentropy(), value: (t, p) => categoricalCrossentropy(t, p, { classes: 10 }) },
    },
  },
};

const headOf = (c: Condition): Head => HEADS[c.digits.length === 2 ? "binary" : "multiclass"];

/** 0/1 targets for one sigmoid output, one-hot rows for softmax. */
function targetsOf(labels: Int32Array, units: number): Float32Array {
  if (units === 1) return Float32Array.from(labels);
  const t = new Float32Array(labels.length * units);
  labels.forEach((l, i) => (t[i * units + l] = 1));
  return t;
}

/** The predicted class of each row: p > 0.5 for one sigmoid output, else the first largest (simdloss argmax). */
function predictedClasses(outputs: Float32Array, units: number): Int32Array {
  return units === 1 ? Int32Array.from(outputs, (p) => (p > 0.5 ? 1 : 0)) : argmax(outputs, { classes: units });
}

function accuracy(labels: Int32Array, predicted: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) right++;
  return right / labels.length;
}

/** The members of one condition's model, in output order: per seed, MSE then cross-entropy. */
export function members(seeds: readonly number[]): { seed: number; seedIndex: number; loss: StudyLoss }[] {
  return seeds.flatMap((seed, seedIndex) => STUDY_LOSSES.map((loss) => ({ seed, seedIndex, loss })));
}

/**
 * The model of one condition: per seed an input and two branches with the same initial weights
 * (Glorot uniform seeded by 2·seed and 2·seed + 1, zero biases).
 */
export function buildStudyModel(head: Head, seeds: readonly number[], lossesOf: readonly StudyLoss[] = STUDY_LOSSES): tfl.LayersModel {
  const inputs = seeds.map(() => tfl.input({ shape: [PIXELS] }));
  const outputs = seeds.flatMap((seed, s) =>
    lossesOf.map(() => {
      const hidden = tfl.layers.dense({
        units: 64, activation: "relu", kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 * seed }),
      }).apply(inputs[s]) as tfl.SymbolicTensor;
      return tfl.layers.dense({
        units: head.units, activation: head.activation, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 * seed + 1 }),
      }).apply(hidden) as tfl.SymbolicTensor;
    }),
  );
  return tfl.model({ inputs, outputs });
}

export function optimizerOf(c: Condition): tf.Optimizer {
  return c.optimizer === "adam" ? tf.train.adam(c.learningRate) : tf.train.sgd(c.learningRate);
}

/** The data of one condition: per seed a seeded training and validation sample. */
export function conditionData(all: Dataset, c: Condition, seeds: readonly number[], size: DataSize): { train: Dataset; val: Dataset }[] {
  const digits = selectDigits(all, c.digits);
  return seeds.map((seed) => sampleSplit(digits, seed, size));
}

/** Training steps (batches) per epoch of one run. */
export const stepsPerEpoch = (n: number, batchSize: number) => Math.ceil(n / batchSize);

/** Called after every fit step with the number of runs that step trained. */
export type OnStep = (runs: number) => void;

/**
 * Trains and measures one condition (every seed, both losses).
 * `data[s]` is seed s's sample (conditionData).
 */
export async function runCondition(
  c: Condition, data: { train: Dataset; val: Dataset }[], seeds: readonly number[], o: Pick<StudyConfig, "epochs" | "batchSize">,
  onStep: OnStep = () => {},
): Promise<ConditionResult> {
  const t0 = performance.now();
  const head = headOf(c);
  const who = members(seeds);
  const model = buildStudyModel(head, seeds);
  const optimizer = optimizerOf(c);
  model.compile({ optimizer, loss: who.map((m) => head.losses[m.loss].tfjs()) });

  const tensors = data.map((d) => ({
    xTrain: tf.tensor2d(d.train.x, [d.train.n, PIXELS]),
    xVal: tf.tensor2d(d.val.x, [d.val.n, PIXELS]),
    tTrain: targetsOf(d.train.labels, head.units),
    tVal: targetsOf(d.val.labels, head.units),
  }));
  const yTrain = tensors.map((t, s) => tf.tensor2d(t.tTrain, [data[s].train.n, head.units]));
  const batchOrder = seeds.map((seed) => rng(seed + 1000));
  const epochs: StudyEpoch[][] = who.map(() => []);
  let finalVal: Float32Array[] = [];

  const outputsOn = (which: "xTrain" | "xVal"): Float32Array[] => {
    const outs = tf.tidy(() => model.apply(tensors.map((t) => t[which])) as tf.Tensor[]);
    const arrays = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    return arrays;
  };
  const evaluate = (epoch: number) => {
    const train = outputsOn("xTrain");
    const val = outputsOn("xVal");
    who.forEach((m, i) => {
      const d = data[m.seedIndex];
      const t = tensors[m.seedIndex];
      const loss = head.losses[m.loss];
      const predictedTrain = predictedClasses(train[i], head.units);
      const norms = logitGradientNorms(m.loss, head.units, t.tTrain, train[i]);
      const mis = meanOverMisclassified(norms, d.train.labels, predictedTrain);
      epochs[i].push({
        epoch,
        trainLoss: loss.value(t.tTrain, train[i]),
        valLoss: loss.value(t.tVal, val[i]),
        trainAccuracy: accuracy(d.train.labels, predictedTrain),
        valAccuracy: accuracy(d.val.labels, predictedClasses(val[i], head.units)),
        misclassified: mis.count,
        gradMisclassified: mis.mean,
      });
    });
    finalVal = val;
  };

  evaluate(0);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    // Each seed's own seeded batch order, shared by its MSE and cross-entropy branches.
    const order = data.map((d, s) => permutation(d.train.n, batchOrder[s]));
    const xs = order.map((p, s) => tf.gather(tensors[s].xTrain, p));
    const ys = order.map((p, s) => tf.gather(yTrain[s], p));
    await model.fit(xs, who.map((m) => ys[m.seedIndex]), {
      epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0,
      callbacks: { onBatchEnd: async () => onStep(who.length) },
    });
    tf.dispose([...xs, ...ys]);
    evaluate(epoch);
  }
  model.dispose();
  optimizer.dispose(); // not owned by the model: compile was given the object
  tf.dispose([...tensors.flatMap((t) => [t.xTrain, t.xVal]), ...yTrain]);

  const classes = c.digits.map(String);
  const C = classes.length;
  const runs = who.map((m, i): StudyRun => {
    const labels = data[m.seedIndex].val.labels;
    const predicted = predictedClasses(finalVal[i], head.units);
    const matrix = confusionMatrix(labels, predicted, { classes: C });
    const report = classificationReport(labels, predicted, { classes: C, labelNames: classes });
    return {
      loss: m.loss,
      seed: m.seed,
      epochs: epochs[i],
      confusionMatrix: Array.from({ length: C }, (_, r) => Array.from(matrix.subarray(r * C, (r + 1) * C))),
      report: [...report.perClass.map((r, k) => ({ label: classes[k], ...r })), { label: "macro avg", ...report.macro }],
    };
  });
  return {
    condition: c,
    task: head.task,
    losses: { mse: head.losses.mse.name, ce: head.losses.ce.name },
    classes,
    train: data[0].train.n,
    val: data[0].val.n,
    runs,
    seconds: (performance.now() - t0) / 1000,
  };
}

export interface StudyResults {
  config: StudyConfig;
  conditions: ConditionResult[];
  /** Means and spreads over seeds, comparisons and sentences, derived from `conditions` (claims.ts). */
  summaries: ConditionSummary[];
  overall: string[];
  /** Index in `conditions` of the clearest case (its confusion matrices are in the report). */
  clearest: number;
  seconds: number;
}

/** Progress of the whole study: run-steps done and planned (a run-step = one batch of one run). */
export type OnStudyProgress = (done: number, total: number, info: { condition: string; index: number; count: number }) => void;

const sizeOf = (c: Condition, config: StudyConfig) => config.size[headOf(c).task];

/** Training images per run of a condition, from the digit counts alone. */
function trainCount(all: Dataset, c: Condition, size: DataSize): number {
  if (size !== "all") return size.train;
  let n = 0;
  for (let i = 0; i < all.n; i++) if (c.digits.includes(all.labels[i])) n++;
  return Math.round(0.8 * n);
}

/**
 * Runs every condition of the grid on `all` (the ten digits, labelled by digit), in order,
 * reusing each digit set's samples across optimizers, then derives the findings.
 */
export async function runStudy(config: StudyConfig, all: Dataset, onProgress: OnStudyProgress = () => {}): Promise<StudyResults> {
  const t0 = performance.now();
  const runsPer = members(config.seeds).length;
  const steps = config.conditions.map((c) => config.epochs * stepsPerEpoch(trainCount(all, c, sizeOf(c, config)), config.batchSize) * runsPer);
  const total = steps.reduce((a, b) => a + b, 0);
  let done = 0;
  let cached: { key: string; data: { train: Dataset; val: Dataset }[] } | undefined;
  const conditions: ConditionResult[] = [];
  for (const [index, c] of config.conditions.entries()) {
    const key = c.digits.join(",");
    if (cached?.key !== key) cached = { key, data: conditionData(all, c, config.seeds, sizeOf(c, config)) };
    const info = { condition: c.name, index, count: config.conditions.length };
    onProgress(done, total, info);
    conditions.push(await runCondition(c, cached.data, config.seeds, config, (runs) => onProgress((done += runs), total, info)));
  }
  const summaries = conditions.map(summarize);
  return {
    config, conditions, summaries, overall: overallSentences(summaries), clearest: clearestCase(summaries),
    seconds: (performance.now() - t0) / 1000,
  };
}
