/**
 * The experiment behind `npm start`: the tutorial's MNIST comparison of MSE and cross-entropy,
 * on real digits, with simdloss losses and metrics, as one `Results` object (results.json).
 */
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import { backendInfo, classificationReport, confusionMatrix, findLeakage } from "../index.js";
import { loadDigits, PIXELS, split, type Dataset, type Split } from "./data.js";
import { LOSSES, train, type CrossCheck, type EpochStats, type LossKey, type OnBatch, type Task, type TfjsOwnComparison } from "./train.js";

export interface ExperimentOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  losses: ("mse" | "bce")[];
  classes: (2 | 10)[];
  /** Keep only the first images of each digit (tests use a small subset). */
  perDigit?: number;
  /** Epochs to repeat with tfjs's own loss for the timing comparison (0 = none). */
  compareEpochs: number;
}

export interface RunResult {
  name: string;
  task: Task;
  loss: string;
  tfjsOwnLoss: string;
  epochs: EpochStats[];
  gap: { accuracy: number; loss: number };
  verdict: string;
  test: {
    size: number;
    accuracy: number;
    confusionMatrix: number[][];
    labels: string[];
    report: { precision: number; recall: number; f1: number; support: number; label: string }[];
    reportText: string;
  };
  crossCheck: CrossCheck;
  /** Wall seconds of the whole run (training, checks, evaluation). */
  seconds: number;
  /** Seconds spent in optimizer steps with the simdloss loss. */
  trainSeconds: number;
  tfjsOwn?: TfjsOwnComparison;
  /** Test outputs as probabilities (rows of `classes`), for demo/sample.json. */
  sample: { labels: number[]; probabilities: number[][]; classes: string[] };
}

export interface Results {
  runs: RunResult[];
  leakage: Record<Task, { trainVal: number; trainTest: number; valTest: number }>;
  data: Record<Task, { digits: number[]; train: number; val: number; test: number }>;
  claim: { statement: string; mseValAccuracy?: number; bceValAccuracy?: number; held?: boolean; verdict: string };
  config: ExperimentOptions & { backend: string };
  machine: Machine;
  seconds: number;
}

export interface Machine { cpu: string; cores: number; node: string; platform: string; tfjs: string; tfjsBackend: string; simdlossBuild: string }

/** Where the numbers were measured. */
export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, node: process.version, platform: `${process.platform} ${process.arch}`,
    tfjs: tf.version_core, tfjsBackend: tf.getBackend(), simdlossBuild: backendInfo().build,
  };
}

const TASK_DIGITS: Record<Task, number[]> = { binary: [0, 1], multiclass: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };

/** Exact copies of a row of one set in another (findLeakage, simdloss metrics). */
function leakage(s: Split) {
  const count = (a: Dataset, b: Dataset) => findLeakage(a.x, b.x, { rowLength: PIXELS }).count;
  return { trainVal: count(s.train, s.val), trainTest: count(s.train, s.test), valTest: count(s.val, s.test) };
}

/**
 * A plain-language overfitting verdict from the last epoch's train–validation gap and the
 * validation loss curve. Thresholds (stated in the report): a validation loss more than 10 %
 * above its best while training loss still falls is overfitting; an accuracy gap above 2
 * points is mild overfitting; otherwise none.
 */
export function overfittingVerdict(epochs: EpochStats[]): { gap: { accuracy: number; loss: number }; verdict: string } {
  const last = epochs[epochs.length - 1];
  const gap = { accuracy: last.trainAccuracy - last.valAccuracy, loss: last.valLoss - last.trainLoss };
  const best = epochs.reduce((a, e) => (e.valLoss < a.valLoss ? e : a), epochs[0]);
  const pts = (x: number) => `${(100 * x).toFixed(2)} points`;
  let verdict: string;
  if (epochs.length > 1 && last.valLoss > 1.1 * best.valLoss && last.trainLoss < best.trainLoss) {
    verdict = `Overfitting: validation loss rose ${(100 * (last.valLoss / best.valLoss - 1)).toFixed(0)} % above its best ` +
      `(epoch ${best.epoch}) while training loss kept falling; train accuracy is ${pts(gap.accuracy)} above validation.`;
  } else if (gap.accuracy > 0.02) {
    verdict = `Mild overfitting: train accuracy is ${pts(gap.accuracy)} above validation, though validation loss ` +
      `is still within 10 % of its best.`;
  } else {
    verdict = `No sign of overfitting: train and validation accuracy are within ${pts(Math.abs(gap.accuracy))} ` +
      `and validation loss is within 10 % of its best (epoch ${best.epoch}).`;
  }
  return { gap, verdict };
}

function softmaxRows(logits: Float32Array, classes: number): number[][] {
  const rows: number[][] = [];
  for (let s = 0; s < logits.length / classes; s++) {
    const row = Array.from(logits.subarray(s * classes, (s + 1) * classes));
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / z));
  }
  return rows;
}

const round = (x: number, d = 6) => Number(x.toFixed(d));

function runOne(key: LossKey, data: Split, o: ExperimentOptions, onBatch: OnBatch): RunResult {
  const spec = LOSSES[key];
  const t0 = performance.now();
  const outcome = train(key, data, o, onBatch);
  const labels = data.test.labels;
  const predicted = spec.predict(outcome.testOutputs);
  const names = TASK_DIGITS[spec.task].map(String);
  const matrix = confusionMatrix(labels, predicted, { classes: spec.classes });
  const report = classificationReport(labels, predicted, { classes: spec.classes, labelNames: names });
  const C = spec.classes;
  const sampleProbabilities = spec.task === "binary"
    ? Array.from(outcome.testOutputs, (p) => [round(1 - p), round(p)])
    : softmaxRows(outcome.testOutputs, C).map((r) => r.map((v) => round(v)));
  return {
    name: `${spec.task === "binary" ? "0 vs 1" : "10 digits"}, ${key.toUpperCase()}`,
    task: spec.task,
    loss: spec.simdloss,
    tfjsOwnLoss: spec.tfjsOwn,
    epochs: outcome.epochs,
    ...overfittingVerdict(outcome.epochs),
    test: {
      size: data.test.n,
      accuracy: spec.accuracyOf(labels, outcome.testOutputs),
      confusionMatrix: Array.from({ length: C }, (_, t) => Array.from(matrix.subarray(t * C, (t + 1) * C))),
      labels: names,
      report: [
        ...report.perClass.map((r, i) => ({ label: names[i], ...r })),
        { label: "macro avg", ...report.macro },
        { label: "weighted avg", ...report.weighted },
      ],
      reportText: report.format(4),
    },
    crossCheck: outcome.crossCheck,
    seconds: (performance.now() - t0) / 1000,
    trainSeconds: outcome.trainSeconds,
    tfjsOwn: outcome.tfjsOwn,
    sample: { labels: Array.from(labels), probabilities: sampleProbabilities, classes: names },
  };
}

/** The planned runs, in order: binary MSE, binary BCE, multiclass SCCE (as selected). */
export function plannedRuns(o: Pick<ExperimentOptions, "losses" | "classes">): LossKey[] {
  const runs: LossKey[] = [];
  if (o.classes.includes(2)) runs.push(...o.losses);
  if (o.classes.includes(10)) runs.push("scce");
  return runs;
}

export function runExperiment(o: ExperimentOptions, onRunStart: (name: LossKey, index: number, count: number) => OnBatch): Results {
  const t0 = performance.now();
  const tasks = [...new Set(plannedRuns(o).map((k) => LOSSES[k].task))];
  const splits = {} as Record<Task, Split>;
  const leak = {} as Results["leakage"];
  const dataInfo = {} as Results["data"];
  for (const task of tasks) {
    splits[task] = split(loadDigits(TASK_DIGITS[task], o.perDigit), o.seed);
    leak[task] = leakage(splits[task]);
    const s = splits[task];
    dataInfo[task] = { digits: TASK_DIGITS[task], train: s.train.n, val: s.val.n, test: s.test.n };
  }
  const keys = plannedRuns(o);
  const runs = keys.map((k, i) => runOne(k, splits[LOSSES[k].task], o, onRunStart(k, i, keys.length)));

  const final = (k: LossKey) => {
    const r = runs[keys.indexOf(k)];
    return r ? r.epochs[r.epochs.length - 1].valAccuracy : undefined;
  };
  const mse = final("mse");
  const bce = final("bce");
  const statement = "The tutorial claims ~80 % validation accuracy with MSE and ~97 % with cross-entropy on 0-vs-1 MNIST.";
  let claim: Results["claim"] = { statement, verdict: "Not tested: run both --loss mse and --loss bce on --classes 2." };
  if (mse !== undefined && bce !== undefined) {
    // "Held" = cross-entropy beat MSE by at least 10 points of validation accuracy (the claim's 17).
    const held = bce - mse >= 0.1;
    const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
    claim = {
      statement, mseValAccuracy: mse, bceValAccuracy: bce, held,
      verdict: held
        ? `Held: cross-entropy reached ${pct(bce)} against ${pct(mse)} for MSE.`
        : `Did not hold: MSE reached ${pct(mse)} and binary cross-entropy ${pct(bce)} validation accuracy after ${o.epochs} epochs ` +
          `(a difference of ${(100 * (bce - mse)).toFixed(2)} points, not ~17).`,
    };
  }
  return {
    runs,
    leakage: leak,
    data: dataInfo,
    claim,
    config: { ...o, backend: tf.getBackend() },
    machine: machineInfo(),
    seconds: (performance.now() - t0) / 1000,
  };
}
