import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-wasm";
import { CliError, parseCli } from "../../src/trainer/cli.js";
import { machineInfo, overfittingVerdict, runExperiment, type ExperimentOptions, type Results } from "../../src/trainer/experiment.js";
import { writeReport } from "../../src/trainer/report.js";

// The trainer behind `npm start` on a small subset (40 images per digit, 1 epoch): the report
// files exist, every number is finite, the numbers agree with each other, and the simdloss
// losses agree with tfjs's own at the checked batch.
const OPTIONS: ExperimentOptions = {
  epochs: 1, batchSize: 16, seed: 7, losses: ["mse", "bce"], classes: [2, 10], perDigit: 40, compareEpochs: 1,
};
const RUNS = ["0 vs 1, MSE", "0 vs 1, BCE", "10 digits, SCCE"];

describe("trainer on a small subset", () => {
  let results: Results;
  let dir: string;
  let files: string[];
  beforeAll(async () => {
    await tf.setBackend("wasm");
    dir = mkdtempSync(join(tmpdir(), "simdloss-trainer-"));
    results = runExperiment(OPTIONS, () => () => {});
    files = await writeReport({ faithful: results, machine: machineInfo() }, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes report.md, results.json, sample.json and the SVG plots", () => {
    for (const f of ["report.md", "results.json", "sample.json", "sample-binary.json", "loss-curves.svg", "accuracy-curves.svg", "roc-0-vs-1.svg", "roc-10-digits-scce.svg"]) {
      expect(files).toContain(f);
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(files.filter((f) => f.startsWith("confusion-") && f.endsWith(".svg"))).toHaveLength(RUNS.length);
    expect(readFileSync(join(dir, "loss-curves.svg"), "utf8")).toMatch(/^<svg/);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    for (const r of results.runs) expect(md).toContain(`### ${r.name}`);
    expect(md).not.toContain("## The study");
  });

  it("results.json has the documented schema, with finite numbers", () => {
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(json.runs.map((r: { name: string }) => r.name)).toEqual(RUNS);
    for (const r of json.runs) {
      expect(["binary", "multiclass"]).toContain(r.task);
      expect(typeof r.loss).toBe("string");
      expect(r.epochs).toHaveLength(1);
      for (const e of r.epochs) {
        for (const k of ["trainLoss", "valLoss", "trainAccuracy", "valAccuracy"]) expect(Number.isFinite(e[k]), k).toBe(true);
        expect(e.trainAccuracy).toBeGreaterThanOrEqual(0);
        expect(e.trainAccuracy).toBeLessThanOrEqual(1);
      }
      for (const k of ["accuracy"]) expect(Number.isFinite(r.test[k])).toBe(true);
      expect(Number.isFinite(r.crossCheck.maxRelLossDiff) && Number.isFinite(r.crossCheck.maxRelGradDiff)).toBe(true);
      expect(r.seconds).toBeGreaterThan(0);
    }
    expect(json.leakage.binary).toBeDefined();
    expect(json.machine.node).toBe(process.version);
  });

  it("confusion matrix total = test size, and accuracy from its diagonal = the reported test accuracy", () => {
    for (const r of results.runs) {
      const m = r.test.confusionMatrix;
      const total = m.flat().reduce((a, b) => a + b, 0);
      const diagonal = m.reduce((a, row, i) => a + row[i], 0);
      expect(total, r.name).toBe(r.test.size);
      expect(r.test.size).toBe(results.data[r.task].test);
      expect(diagonal / total, r.name).toBeCloseTo(r.test.accuracy, 12);
    }
  });

  it("the split sizes add up and no image is shared between train, validation and test", () => {
    expect(results.data.binary.train + results.data.binary.val + results.data.binary.test).toBe(80);
    expect(results.data.multiclass.train + results.data.multiclass.val + results.data.multiclass.test).toBe(400);
    for (const l of Object.values(results.leakage)) expect(l).toEqual({ trainVal: 0, trainTest: 0, valTest: 0 });
  });

  it("the simdloss losses agree with tfjs's own at the checked batch (loss and gradients < 1e-5 relative)", () => {
    for (const r of results.runs) {
      expect(r.crossCheck.perEpoch).toHaveLength(1);
      expect(r.crossCheck.maxRelLossDiff, r.name).toBeLessThan(1e-5);
      expect(r.crossCheck.maxRelGradDiff, r.name).toBeLessThan(1e-5);
    }
  });

  it("sample.json is { labels, probabilities, classes } with probability rows summing to 1", () => {
    const s = JSON.parse(readFileSync(join(dir, "sample.json"), "utf8"));
    expect(s.classes).toHaveLength(10);
    expect(s.labels).toHaveLength(results.data.multiclass.test);
    expect(s.probabilities).toHaveLength(s.labels.length);
    for (const row of s.probabilities) expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it("results.json has each run's test ROC curves (rocCurve): every point counted again from the test predictions", () => {
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    results.runs.forEach((run, k) => {
      const curves = json.runs[k].roc as { label: string; auc: number; fpr: number[]; tpr: number[]; thresholds: (number | null)[] }[];
      const { labels, probabilities } = run.sample;
      const columns = run.task === "binary" ? [1] : Array.from({ length: 10 }, (_, c) => c);
      expect(curves.map((c) => c.label)).toEqual(run.task === "binary" ? [run.name] : columns.map((c) => `digit ${c}`));
      curves.forEach((curve, j) => {
        const c = columns[j];
        const positive = labels.map((l) => l === c);
        const P = positive.filter(Boolean).length;
        const N = labels.length - P;
        // a point at threshold t: the share of positives and of negatives whose score is ≥ t
        expect(curve.thresholds[0]).toBeNull(); // +∞ in JSON
        expect([curve.fpr[0], curve.tpr[0]]).toEqual([0, 0]);
        for (let i = 1; i < curve.thresholds.length; i++) {
          const t = curve.thresholds[i]!;
          let tp = 0, fp = 0;
          probabilities.forEach((row, s) => { if (row[c] >= t) (positive[s] ? tp++ : fp++); });
          expect(curve.tpr[i], `${run.name} ${curve.label} tpr at ${t}`).toBe(tp / P);
          expect(curve.fpr[i], `${run.name} ${curve.label} fpr at ${t}`).toBe(fp / N);
        }
        expect(curve.fpr.at(-1)).toBe(1);
        // the area: pairs (positive, negative) ranked right, ties ½
        let wins = 0;
        probabilities.forEach((a, i) => { if (positive[i]) probabilities.forEach((b, m) => { if (!positive[m]) wins += a[c] > b[c] ? 1 : a[c] === b[c] ? 0.5 : 0; }); });
        expect(curve.auc).toBeCloseTo(wins / (P * N), 12);
      });
      const svg = readFileSync(join(dir, run.task === "binary" ? "roc-0-vs-1.svg" : "roc-10-digits-scce.svg"), "utf8");
      expect(svg).toMatch(/^<svg/);
      for (const curve of curves) expect(svg).toContain(`${curve.label} (AUC ${curve.auc.toFixed(4)})`);
    });
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("![ROC curves](roc-0-vs-1.svg)");
    expect(md).toContain("![ROC curves](roc-10-digits-scce.svg)");
  });

  it("sample-binary.json holds the binary cross-entropy run's P(digit 1), in the demo's binary form", () => {
    const s = JSON.parse(readFileSync(join(dir, "sample-binary.json"), "utf8"));
    const bce = results.runs.find((r) => r.name === "0 vs 1, BCE")!;
    expect(s.labels).toEqual(bce.sample.labels);
    expect(s.probabilities).toEqual(bce.sample.probabilities.map((row) => row[1]));
    expect(s.classes).toEqual(["0", "1"]);
  });

  it("is seeded: a second run gives the same numbers", () => {
    const again = runExperiment({ ...OPTIONS, classes: [2], losses: ["mse"], compareEpochs: 0 }, () => () => {});
    const first = results.runs[0];
    expect(again.runs[0].epochs).toEqual(first.epochs);
    expect(again.runs[0].test.confusionMatrix).toEqual(first.test.confusionMatrix);
  });
});

describe("trainer flags and verdicts", () => {
  it("parses the documented flags", () => {
    expect(parseCli([])).toEqual({
      epochs: 5, batchSize: 32, losses: ["mse", "bce"], classes: [2, 10], backend: "wasm", out: "report", seed: 42,
      perDigit: undefined, compareEpochs: 1, parts: ["faithful", "study"], full: false,
    });
    expect(parseCli(["--full", "--only", "study"])).toMatchObject({ parts: ["study"], full: true });
    expect(parseCli(["--only", "faithful"])).toMatchObject({ parts: ["faithful"], full: false });
    expect(parseCli(["--epochs", "2", "--batch-size", "8", "--loss", "bce", "--classes", "10", "--backend", "cpu", "--out", "x", "--compare-epochs", "0"]))
      .toMatchObject({ epochs: 2, batchSize: 8, losses: ["bce"], classes: [10], backend: "cpu", out: "x", compareEpochs: 0 });
    expect(parseCli(["--help"])).toBe("help");
  });

  it.each([
    [["--epochs", "0"], "--epochs must be a positive integer, got '0'"],
    [["--batch-size", "1.5"], "--batch-size must be a positive integer, got '1.5'"],
    [["--loss", "hinge"], "--loss must be one of mse, bce, all, got 'hinge'"],
    [["--classes", "3"], "--classes must be one of 2, 10, all, got '3'"],
    [["--backend", "webgl"], "--backend must be one of wasm, cpu, got 'webgl'"],
    [["--out", ""], "--out must name a folder, got ''"],
    [["--seed", "x1"], "--seed must be a non-negative integer, got 'x1'"],
    [["--epoch", "3"], "Unknown option '--epoch'"],
    [["--only", "both"], "--only must be one of faithful, study, all, got 'both'"],
  ])("rejects %j with a clear message", (argv, message) => {
    expect(() => parseCli(argv as string[])).toThrow(CliError);
    expect(() => parseCli(argv as string[])).toThrow(message);
  });

  it("the built trainer prints --help, and exits 2 with the message for a bad flag", () => {
    const help = execFileSync(process.execPath, ["dist/trainer.js", "--help"], { encoding: "utf8" });
    expect(help).toContain("--batch-size N");
    expect(help).toContain("--full");
    const bad = spawnSync(process.execPath, ["dist/trainer.js", "--loss", "l1"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("trainer: --loss must be one of mse, bce, all, got 'l1'");
  });

  it("overfitting verdicts: rising validation loss, an accuracy gap, or neither (hand-made curves)", () => {
    const e = (epoch: number, trainLoss: number, valLoss: number, trainAccuracy: number, valAccuracy: number) =>
      ({ epoch, trainLoss, valLoss, trainAccuracy, valAccuracy });
    expect(overfittingVerdict([e(1, 0.5, 0.5, 0.9, 0.9), e(2, 0.2, 0.3, 0.95, 0.93), e(3, 0.1, 0.4, 0.99, 0.93)]).verdict).toMatch(/^Overfitting/);
    expect(overfittingVerdict([e(1, 0.5, 0.5, 0.9, 0.9), e(2, 0.2, 0.3, 0.99, 0.95)]).verdict).toMatch(/^Mild overfitting/);
    const none = overfittingVerdict([e(1, 0.5, 0.5, 0.9, 0.9), e(2, 0.2, 0.25, 0.96, 0.955)]);
    expect(none.verdict).toMatch(/^No sign of overfitting/);
    expect(none.gap.accuracy).toBeCloseTo(0.005, 12);
    expect(none.gap.loss).toBeCloseTo(0.05, 12);
  });
});
