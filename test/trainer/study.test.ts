import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-wasm";
import * as tfjs from "../../src/tfjs/index.js";
import { machineInfo } from "../../src/trainer/experiment.js";
import { loadDigits, PIXELS, sampleSplit, selectDigits, type Dataset } from "../../src/trainer/data.js";
import { condition, describeGrid, studyGrid, type StudyConfig } from "../../src/trainer/grid.js";
import { writeReport } from "../../src/trainer/report.js";
import { permutation, rng } from "../../src/trainer/rng.js";
import { conditionData, runCondition, runStudy, type StudyResults } from "../../src/trainer/study.js";

// The study behind `npm start` on a tiny grid: a few hundred images, 1 epoch, 2 seeds.
const TINY: StudyConfig = {
  conditions: [condition([0, 1], "adam", 1e-3), condition([3, 5], "sgd", 0.01), condition([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "sgd", 0.01)],
  seeds: [5, 6],
  epochs: 1,
  batchSize: 16,
  size: { binary: { train: 96, val: 64 }, multiclass: { train: 160, val: 100 } },
};

let all: Dataset;
beforeAll(async () => {
  await tf.setBackend("wasm");
  await tfjs.ready();
  all = loadDigits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

describe("study on a tiny grid", () => {
  let study: StudyResults;
  let dir: string;
  let files: string[];
  const progress: [number, number][] = [];
  beforeAll(async () => {
    study = await runStudy(TINY, all, (done, total) => progress.push([done, total]));
    dir = mkdtempSync(join(tmpdir(), "simdloss-study-"));
    files = await writeReport({ study, machine: machineInfo() }, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every condition × seed × loss, measured before training and after each epoch", () => {
    expect(study.conditions.map((c) => c.condition.name)).toEqual(["0 vs 1, Adam 0.001", "3 vs 5, SGD 0.01", "10 digits, SGD 0.01"]);
    for (const c of study.conditions) {
      expect(c.runs.map((r) => `${r.seed}:${r.loss}`)).toEqual(["5:mse", "5:ce", "6:mse", "6:ce"]);
      expect([c.train, c.val]).toEqual(c.task === "binary" ? [96, 64] : [160, 100]);
      for (const r of c.runs) {
        expect(r.epochs.map((e) => e.epoch)).toEqual([0, 1]);
        for (const e of r.epochs) {
          for (const k of ["trainLoss", "valLoss", "trainAccuracy", "valAccuracy"] as const) expect(Number.isFinite(e[k]), k).toBe(true);
          expect(e.valAccuracy).toBeGreaterThanOrEqual(0);
          expect(e.valAccuracy).toBeLessThanOrEqual(1);
          expect(e.misclassified).toBe(Math.round((1 - e.trainAccuracy) * c.train));
          if (e.misclassified > 0) expect(e.gradMisclassified).toBeGreaterThan(0);
          else expect(e.gradMisclassified).toBeNull();
        }
      }
    }
  });

  it("the MSE and cross-entropy runs of a seed start from the same weights (equal epoch-0 predictions)", () => {
    for (const c of study.conditions) {
      for (const seed of TINY.seeds) {
        const [mse, ce] = ["mse", "ce"].map((l) => c.runs.find((r) => r.seed === seed && r.loss === l)!.epochs[0]);
        expect(ce.trainAccuracy).toBe(mse.trainAccuracy);
        expect(ce.valAccuracy).toBe(mse.valAccuracy);
        expect(ce.misclassified).toBe(mse.misclassified);
      }
      // …and different seeds do not.
      const a = c.runs[0].epochs[0];
      const b = c.runs[2].epochs[0];
      expect([a.trainLoss, a.valLoss]).not.toEqual([b.trainLoss, b.valLoss]);
    }
  });

  it("the validation confusion matrix agrees with the last epoch's validation accuracy; recall from it", () => {
    for (const c of study.conditions) {
      for (const r of c.runs) {
        const m = r.confusionMatrix;
        expect(m.flat().reduce((x, y) => x + y, 0)).toBe(c.val);
        const diagonal = m.reduce((x, row, i) => x + row[i], 0);
        expect(diagonal / c.val).toBeCloseTo(r.epochs[1].valAccuracy, 12);
        m.forEach((row, i) => {
          const support = row.reduce((x, y) => x + y, 0);
          expect(r.report[i].support).toBe(support);
          expect(r.report[i].recall).toBeCloseTo(support ? row[i] / support : 0, 12);
        });
      }
    }
  });

  it("the summaries are the seeds' means and standard deviations, and the verdict follows the rule", () => {
    study.summaries.forEach((s, i) => {
      const runs = study.conditions[i].runs;
      for (const loss of ["mse", "ce"] as const) {
        const v = runs.filter((r) => r.loss === loss).map((r) => r.epochs[1].valAccuracy);
        const mean = (v[0] + v[1]) / 2;
        expect(s.curves[loss][1].valAccuracy.mean).toBeCloseTo(mean, 12);
        expect(s.curves[loss][1].valAccuracy.sd).toBeCloseTo(Math.abs(v[0] - v[1]) / Math.SQRT2, 12);
      }
      const c = s.checkpoints[0];
      const outside = Math.abs(c.ce.mean - c.mse.mean) > c.ce.sd + c.mse.sd;
      expect(s.verdict).toBe(outside ? (c.ce.mean > c.mse.mean ? "holds" : "reversed") : "no difference");
      expect(s.sentence.startsWith(`${s.name}: `)).toBe(true);
    });
    expect(study.overall.join(" ")).toContain(`of ${TINY.conditions.length} conditions`);
  });

  it("reports progress in run-steps up to the planned total", () => {
    const total = TINY.conditions.reduce((a, c) => a + Math.ceil(c.digits.length === 2 ? 96 / 16 : 160 / 16) * 4, 0);
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress[progress.length - 1][0]).toBe(total);
  });

  it("writes the study's plots, its tables and sentences, and results.json with every run", () => {
    for (const f of ["report.md", "results.json", "study-val-accuracy.svg", "study-gradient.svg"]) {
      expect(files).toContain(f);
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(join(dir, "study-gradient.svg"), "utf8")).toMatch(/^<svg/);
    expect(files.filter((f) => f.startsWith("study-confusion-"))).toHaveLength(2);
    expect(files).not.toContain("sample.json"); // only the tutorial's experiment writes it
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("## The study: when does cross-entropy beat MSE?");
    for (const s of study.summaries) expect(md).toContain(s.sentence);
    expect(md).toContain(`### The clearest case: ${study.conditions[study.clearest].condition.name}`);
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(json.study.conditions).toHaveLength(3);
    expect(json.study.conditions[2].runs[3].epochs[1].valAccuracy).toBe(study.conditions[2].runs[3].epochs[1].valAccuracy);
    expect(json.study.summaries[0].sentence).toBe(study.summaries[0].sentence);
    expect(json.runs).toBeUndefined();
  });
});

describe("one condition's runs, trained together", () => {
  it("train exactly as each would alone: a plain tfjs-layers Sequential on the same batches gives the same model", async () => {
    const c = condition([4, 9], "adam", 1e-3);
    const seeds = [11, 12];
    const data = conditionData(all, c, seeds, { train: 80, val: 48 });
    const tensors = tf.memory().numTensors;
    const together = await runCondition(c, data, seeds, { epochs: 2, batchSize: 16 });
    expect(tf.memory().numTensors, "tensors left behind").toBe(tensors);

    // Seed 12 alone, written as a user would: Sequential, compile, fit on the seed's batch order.
    const seed = 12;
    const d = data[1];
    for (const [key, loss] of [["mse", tfjs.meanSquaredError()], ["ce", tfjs.binaryCrossentropy()]] as const) {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({ units: 64, activation: "relu", inputShape: [PIXELS], kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 * seed }) }),
          tfl.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 * seed + 1 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(1e-3), loss });
      const x = tf.tensor2d(d.train.x, [d.train.n, PIXELS]);
      const y = tf.tensor2d(Float32Array.from(d.train.labels), [d.train.n, 1]);
      const order = rng(seed + 1000);
      for (let epoch = 0; epoch < 2; epoch++) {
        const p = tf.tensor1d(permutation(d.train.n, order), "int32");
        await model.fit(tf.gather(x, p), tf.gather(y, p), { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
      }
      const out = (model.predict(tf.tensor2d(d.val.x, [d.val.n, PIXELS])) as tf.Tensor).dataSync();
      // Plain float64 validation loss of the lone model, by the loss's formula.
      let sum = 0;
      for (let i = 0; i < d.val.n; i++) {
        const t = d.val.labels[i];
        const q = Math.min(Math.max(out[i], 1e-7), 1 - 1e-7);
        sum += key === "mse" ? (out[i] - t) ** 2 : -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
      }
      const run = together.runs.find((r) => r.seed === seed && r.loss === key)!;
      expect(run.epochs[2].valLoss, key).toBeCloseTo(sum / d.val.n, 5);
      const right = Array.from(out).filter((p, i) => (p > 0.5 ? 1 : 0) === d.val.labels[i]).length;
      expect(run.epochs[2].valAccuracy, key).toBe(right / d.val.n);
      model.dispose();
    }
  });
});

describe("study data and grid", () => {
  it("selectDigits relabels by position; sampleSplit draws disjoint seeded samples", () => {
    const pair = selectDigits(all, [4, 9]);
    expect(pair.n).toBe(all.labels.filter((l) => l === 4 || l === 9).length);
    expect(new Set(pair.labels)).toEqual(new Set([0, 1]));
    const first4 = all.labels.indexOf(4);
    expect(pair.x.subarray(0, PIXELS)).toEqual(all.x.subarray(first4 * PIXELS, (first4 + 1) * PIXELS));
    const a = sampleSplit(pair, 3, { train: 50, val: 30 });
    const b = sampleSplit(pair, 3, { train: 50, val: 30 });
    expect(a.train.x).toEqual(b.train.x);
    const key = (d: Dataset, i: number) => d.x.subarray(i * PIXELS, (i + 1) * PIXELS).join(",");
    const trainRows = new Set(Array.from({ length: 50 }, (_, i) => key(a.train, i)));
    for (let i = 0; i < 30; i++) expect(trainRows.has(key(a.val, i))).toBe(false);
    const full = sampleSplit(pair, 3, "all");
    expect(full.train.n + full.val.n).toBe(pair.n);
    expect(full.train.n).toBe(Math.round(0.8 * pair.n));
    expect(() => sampleSplit(pair, 3, { train: pair.n, val: 1 })).toThrow(RangeError);
  });

  it("the default grid has the required pairs and optimizers, 3 seeds; --full is larger", () => {
    const g = studyGrid(false, 42);
    const names = g.conditions.map((c) => c.name);
    for (const pair of ["0 vs 1", "3 vs 5", "4 vs 9", "10 digits"]) {
      expect(names).toContain(`${pair}, Adam 0.001`);
      expect(names).toContain(`${pair}, SGD 0.01`);
    }
    expect(g.seeds).toEqual([42, 43, 44]);
    const f = studyGrid(true, 42);
    expect(f.conditions.length).toBeGreaterThan(g.conditions.length);
    expect([f.epochs, f.seeds.length, f.size.binary]).toEqual([10, 5, "all"]);
    expect(describeGrid(g)).toContain("3 seeds");
  });
});
