// The cases the browser tests run inside headless Chromium and Firefox, on every build. Each case
// names an exported function, its arguments (made in Node from seeded data) and a check that
// compares the page's reply with a float64 reference computed here, in Node, from the formula.
//
// To cover a new kernel, append cases to CASES (the metric cases show the shape). kernels.test.ts
// fails while an exported function has no case here.
import { expect } from "vitest";
import { expectAllClose, expectClose } from "../util/close.js";
import { rng, uniform } from "../util/rng.js";
import { TERMS, reference } from "../util/regression-ref.js";
import { precisionRecallCurveRef, rocCurveRef } from "../util/curves-ref.mjs";
import { argmax64, bceFromLogits64, logSoftmax64, oneHot as oneHotRows, sigmoid64 } from "../util/reference.mjs";

/**
 * A typed array to build in the page; `wasm: true` puts it in module memory (zero-copy path).
 * Float32 data travels as the base64 of its bytes (exact, and fast for 1e5 elements).
 */
export interface ArrayArg {
  array: "f32" | "f64" | "i32" | "u8";
  values?: number[];
  b64?: string;
  wasm?: boolean;
}
export type Arg = ArrayArg | number | number[] | string | boolean | null | Record<string, unknown>;

/** What the page sends back (typed arrays arrive as { type, values }). */
export interface Reply {
  build: string;
  result?: unknown;
  error?: { name: string; message: string; classes: string[] };
  gradIsOut?: boolean;
}

export interface BrowserCase {
  name: string;
  /** The exported function to call. */
  fn: string;
  args: Arg[];
  options?: Record<string, unknown>;
  /** Pass options.out as a module-memory buffer of this length; the reply says whether grad is it. */
  gradOutInWasm?: number;
  /** Free the module-memory arguments before the call (expects StaleViewError). */
  freeBefore?: boolean;
  check: (reply: Reply) => void;
}

export const f32 = (values: ArrayLike<number>, wasm = false): ArrayArg => {
  const a = Float32Array.from(values);
  return { array: "f32", b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64"), wasm };
};

/** The typed array of a reply (float arrays arrive as base64 bytes), as numbers. */
export function arrayOf(value: unknown, type = "Float32Array"): number[] {
  const v = value as { type: string; values?: number[]; b64?: string };
  expect(v?.type, "typed array type").toBe(type);
  if (v.b64 === undefined) return v.values!;
  const bytes = Buffer.from(v.b64, "base64");
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength); // aligned
  return Array.from(type === "Float64Array" ? new Float64Array(copy) : new Float32Array(copy));
}

/** A reply as it left the page: numbers JSON cannot carry ({ number: "NaN" }) restored, recursively. */
export function decodeReply<T>(value: T): T {
  if (Array.isArray(value)) return value.map(decodeReply) as T;
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "number") return Number((value as unknown as { number: string }).number) as T;
  return Object.fromEntries(keys.map((k) => [k, decodeReply((value as Record<string, unknown>)[k])])) as T;
}

function ok(reply: Reply): unknown {
  if (reply.error) expect.fail(`unexpected ${reply.error.name}: ${reply.error.message}`);
  return reply.result;
}

/** The reply must be an error of class `cls` (checked with instanceof in the page) whose message contains `parts`. */
export function expectError(reply: Reply, cls: string, ...parts: string[]): void {
  expect(reply.error, `expected ${cls}, got result ${JSON.stringify(reply.result)?.slice(0, 200)}`).toBeDefined();
  expect(reply.error!.classes).toContain(cls);
  expect(reply.error!.classes).toContain("SimdLossError");
  expect(reply.error!.name).toBe(cls);
  for (const p of parts) expect(reply.error!.message).toContain(p);
}

// ---- regression losses: float64 references in test/util/regression-ref.ts ----

// Same bounds as test/losses/regression.test.ts: element terms within 2e-6 relative + 3e-7
// absolute (log-based terms); sums accumulate in float64 so they add nothing visible.
const REL = 2e-6;
const ABS = 3e-7;
const LENGTHS = [0, 1, 3, 4, 5, 7, 8, 17, 33, 257, 1025, 100_003];
/** 1e6 elements for the simplest and the most transcendental term (the rest run in Node's suite). */
const MILLION_FOR = ["meanSquaredError", "logCosh"];

function regressionCases(): BrowserCase[] {
  const cases: BrowserCase[] = [];
  let seed = 1000;
  for (const name of Object.keys(TERMS)) {
    const lo = name === "meanSquaredLogarithmicError" ? -0.5 : -3;
    for (const n of MILLION_FOR.includes(name) ? [...LENGTHS, 1_000_000] : LENGTHS) {
      const yTrue = uniform(++seed, n, lo, 3);
      const yPred = uniform(++seed, n, lo, 3);
      const ref = reference(name, yTrue, yPred);
      cases.push({
        name: `${name} n=${n}`, fn: name, args: [f32(yTrue), f32(yPred)],
        check: (r) => expectClose(ok(r) as number, ref.loss, REL, ABS),
      });
      cases.push({
        name: `${name}WithGrad n=${n}`, fn: `${name}WithGrad`, args: [f32(yTrue), f32(yPred)],
        check: (r) => {
          const { loss, grad } = ok(r) as { loss: number; grad: unknown };
          expectClose(loss, ref.loss, REL, ABS, "loss");
          expectAllClose(arrayOf(grad), ref.grad, REL, 2e-6 * ref.scale, "grad");
        },
      });
    }
    // options: features, reduction 'none' / 'sum', sample weights, Huber's delta
    const F = 4;
    const rows = 67;
    const yTrue = uniform(++seed, rows * F, lo, 3);
    const yPred = uniform(++seed, rows * F, lo, 3);
    const r = rng(++seed);
    const sampleWeight = Array.from({ length: rows }, () => Math.fround(r() * 2));
    const delta = name === "huber" ? 0.5 : undefined;
    const o = { features: F, sampleWeight, ...(delta ? { delta } : {}) };
    const none = reference(name, yTrue, yPred, { ...o, reduction: "none" });
    const sum = reference(name, yTrue, yPred, { ...o, reduction: "sum" });
    cases.push({
      name: `${name} features=4 sampleWeight reduction=none`, fn: name, args: [f32(yTrue), f32(yPred)],
      options: { ...o, reduction: "none" },
      check: (res) => expectAllClose(arrayOf(ok(res)), none.perSample, REL, ABS, "per-sample"),
    });
    cases.push({
      name: `${name}WithGrad features=4 sampleWeight reduction=sum`, fn: `${name}WithGrad`,
      args: [f32(yTrue), f32(yPred)], options: { ...o, reduction: "sum" },
      check: (res) => {
        const { loss, grad } = ok(res) as { loss: number; grad: unknown };
        expectClose(loss, sum.loss, REL, ABS * rows, "loss");
        expectAllClose(arrayOf(grad), sum.grad, REL, 2e-6, "grad");
      },
    });
    // zero-copy: both inputs and the gradient output live in module memory
    const n = 1027;
    const zt = uniform(++seed, n, lo, 3);
    const zp = uniform(++seed, n, lo, 3);
    const zref = reference(name, zt, zp);
    cases.push({
      name: `${name}WithGrad zero-copy (inputs and out in module memory)`, fn: `${name}WithGrad`,
      args: [f32(zt, true), f32(zp, true)], gradOutInWasm: n,
      check: (res) => {
        const { loss, grad } = ok(res) as { loss: number; grad: unknown };
        expect(res.gradIsOut, "grad is the options.out buffer").toBe(true);
        expectClose(loss, zref.loss, REL, ABS, "loss");
        expectAllClose(arrayOf(grad), zref.grad, REL, 2e-6 * zref.scale, "grad");
      },
    });
  }
  // hand-computed small cases and extreme inputs
  cases.push(
    { name: "meanSquaredError([2, 3], [1, 5]) = (1 + 4) / 2 = 2.5 (by hand)", fn: "meanSquaredError",
      args: [[2, 3], [1, 5]], check: (r) => expect(ok(r)).toBe(2.5) },
    { name: "meanAbsoluteError of Float64Array and Int32Array inputs: |1−4| = 3 (by hand)", fn: "meanAbsoluteError",
      args: [{ array: "f64", values: [1] }, { array: "i32", values: [4] }], check: (r) => expect(ok(r)).toBe(3) },
    { name: "meanSquaredError NaN propagates", fn: "meanSquaredError",
      args: [f32([0, 1, 2, 3, 4]), f32([0, 1, NaN, 3, 4])], check: (r) => expect(ok(r)).toBeNaN() },
    { name: "meanSquaredError Infinity gives Infinity", fn: "meanSquaredError",
      args: [f32([0]), f32([Infinity])], check: (r) => expect(ok(r)).toBe(Infinity) },
    { name: "logCosh at ±1e4 = 1e4 − ln 2 (by hand: log cosh x ≈ |x| − ln 2)", fn: "logCosh",
      args: [f32([0, 0]), f32([1e4, -1e4])], check: (r) => expectClose(ok(r) as number, 1e4 - Math.LN2, 1e-7) },
  );
  // errors: one per class the regression family throws
  cases.push(
    { name: "ShapeError on mismatched lengths", fn: "meanSquaredError", args: [f32([1, 2, 3]), f32([1, 2])],
      check: (r) => expectError(r, "ShapeError", "meanSquaredError", "yTrue.length (3)", "yPred.length (2)") },
    { name: "ShapeError when features does not divide the length", fn: "huberWithGrad", args: [f32([1, 2, 3]), f32([1, 2, 3])],
      options: { features: 2 }, check: (r) => expectError(r, "ShapeError", "huberWithGrad") },
    { name: "ArgumentTypeError on a string argument", fn: "meanAbsoluteError", args: ["abc", f32([1, 2, 3])],
      check: (r) => expectError(r, "ArgumentTypeError", "meanAbsoluteError", "yTrue") },
    { name: "ValueError on an unknown reduction", fn: "logCosh", args: [f32([1]), f32([2])], options: { reduction: "avg" },
      check: (r) => expectError(r, "ValueError", "logCosh", "avg") },
    { name: "ValueError on a negative Huber delta", fn: "huber", args: [f32([1]), f32([2])], options: { delta: -1 },
      check: (r) => expectError(r, "ValueError", "huber", "delta") },
    { name: "StaleViewError on a freed module-memory buffer", fn: "meanSquaredError", args: [f32([1, 2], true), f32([3, 4])],
      freeBefore: true, check: (r) => expectError(r, "StaleViewError") },
  );
  return cases;
}

// ---- binary and sparse cross-entropy with default options, two accuracies, a LabelError ----
// References from the Keras 3 formulas, on inputs away from the ε = 1e-7 clip and from ties, so
// the clipping convention and tie-breaking do not matter.
function defaultOptionCases(): BrowserCase[] {
  const r = rng(77);
  const n = 1029;
  const t: number[] = Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  const p = Array.from({ length: n }, () => Math.fround(0.02 + 0.96 * r()));
  const bce = t.reduce((s, ti, i) => s - (ti * Math.log(p[i]) + (1 - ti) * Math.log(1 - p[i])), 0) / n;
  const bacc = t.reduce((s, ti, i) => s + (ti === (p[i] > 0.5 ? 1 : 0) ? 1 : 0), 0) / n;

  const rows = 257;
  const C = 10;
  const labels = Array.from({ length: rows }, () => Math.floor(r() * C));
  const probs: number[] = [];
  for (let i = 0; i < rows; i++) {
    const e = Array.from({ length: C }, () => Math.exp(4 * r() - 2));
    const s = e.reduce((a, b) => a + b, 0);
    for (const v of e) probs.push(Math.fround(v / s));
  }
  const row = (i: number) => probs.slice(i * C, i * C + C);
  const rowSum = (i: number) => row(i).reduce((a, b) => a + b, 0);
  const scce = labels.reduce((s, l, i) => s - Math.log(probs[i * C + l] / rowSum(i)), 0) / rows;
  const sacc = labels.reduce((s, l, i) => s + (argmax64(probs, i * C, C) === l ? 1 : 0), 0) / rows;
  const i32 = (v: number[]): ArrayArg => ({ array: "i32", values: v });
  return [
    { name: "binaryCrossentropy, default options", fn: "binaryCrossentropy", args: [f32(t), f32(p)],
      check: (res) => expectClose(ok(res) as number, bce, 1e-5, 1e-6) },
    { name: "sparseCategoricalCrossentropy on probabilities, default options", fn: "sparseCategoricalCrossentropy",
      args: [i32(labels), f32(probs)], options: { classes: C },
      check: (res) => expectClose(ok(res) as number, scce, 1e-5, 1e-6) },
    { name: "sparseCategoricalCrossentropy LabelError on a label out of range", fn: "sparseCategoricalCrossentropy",
      args: [i32([0, 12]), f32(probs.slice(0, 2 * C))], options: { classes: C },
      check: (res) => expectError(res, "LabelError", "labels[1] = 12") },
    { name: "binaryAccuracy, default threshold 0.5", fn: "binaryAccuracy", args: [f32(t), f32(p)],
      check: (res) => expectClose(ok(res) as number, bacc, 1e-12) },
    { name: "sparseCategoricalAccuracy on softmax rows", fn: "sparseCategoricalAccuracy",
      args: [i32(labels), f32(probs)], options: { classes: C },
      check: (res) => expectClose(ok(res) as number, sacc, 1e-12) },
  ];
}

// ---- metrics: float64 references written from the definitions (Keras 3 / scikit-learn) ----

/** Numbers of a reply's typed array or plain array. */
function nums(value: unknown): number[] {
  if (Array.isArray(value)) return value as number[];
  const v = value as { type: string };
  return arrayOf(value, v?.type);
}

/** Exact binary ROC AUC by counting pairs: P(s_pos > s_neg) + ½ P(s_pos = s_neg). */
function aucPairs(y: number[], s: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** scikit-learn's average precision: Σ (R_n − R_{n−1})·P_n over the distinct scores, decreasing. */
function averagePrecision64(y: number[], s: number[]): number {
  const positives = y.filter((v) => v === 1).length;
  const thresholds = [...new Set(s)].sort((a, b) => b - a);
  let ap = 0;
  let prevRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < y.length; i++) if (s[i] >= t) (y[i] === 1 ? tp++ : fp++);
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

function metricsCases(): BrowserCase[] {
  const r = rng(4242);
  const rows = 203;
  const C = 7;
  const labels = Array.from({ length: rows }, () => Math.floor(r() * C));
  const scores = Array.from({ length: rows * C }, () => Math.fround(r()));
  const weights = Array.from({ length: rows }, () => Math.fround(r() * 2));
  const row = (i: number) => scores.slice(i * C, i * C + C);
  const predicted = Array.from({ length: rows }, (_, i) => argmax64(scores, i * C, C));
  const oneHot = oneHotRows(labels, C);
  const i32 = (v: number[]): ArrayArg => ({ array: "i32", values: v });
  const f64 = (v: number[]): ArrayArg => ({ array: "f64", values: v });
  const weightedMean = (a: number[], w?: number[]) =>
    a.reduce((s, x, i) => s + x * (w ? w[i] : 1), 0) / (w ? w.reduce((x, y) => x + y, 0) : a.length);
  const inTopK = (i: number, target: number, k: number) => row(i).filter((v) => v > row(i)[target]).length < k;

  // confusion counts, row = true class, column = prediction
  const matrix = new Array<number>(C * C).fill(0);
  const weighted = new Array<number>(C * C).fill(0);
  labels.forEach((l, i) => {
    matrix[l * C + predicted[i]]++;
    weighted[l * C + predicted[i]] += weights[i];
  });
  const perClass = Array.from({ length: C }, (_, c) => {
    const tp = matrix[c * C + c];
    let predictedC = 0;
    let support = 0;
    for (let k = 0; k < C; k++) {
      predictedC += matrix[k * C + c];
      support += matrix[c * C + k];
    }
    const precision = predictedC ? tp / predictedC : 0;
    const recall = support ? tp / support : 0;
    return { precision, recall, f1: 2 * tp / (predictedC + support) || 0, support };
  });
  const checkReport = (res: Reply) => {
    const rep = ok(res) as { perClass: { precision: number; recall: number; f1: number; support: number }[]; accuracy: number; macro: { f1: number }; formatted: string };
    expect(rep.perClass).toHaveLength(C);
    rep.perClass.forEach((got, c) => {
      for (const key of ["precision", "recall", "f1", "support"] as const) expectClose(got[key], perClass[c][key], 1e-12, 0, `class ${c} ${key}`);
    });
    expectClose(rep.accuracy, labels.filter((l, i) => l === predicted[i]).length / rows, 1e-12);
    expectClose(rep.macro.f1, perClass.reduce((a, x) => a + x.f1, 0) / C, 1e-12);
    expect(rep.formatted).toMatch(/precision\s+recall\s+f1-score\s+support/);
    expect(rep.formatted).toMatch(/weighted avg/);
  };

  // binary data with tied scores (steps of 1/16, exact in float32) for the ranking metrics
  const n = 301;
  const y = Array.from({ length: n }, () => (r() < 0.35 ? 1 : 0));
  const s = y.map((v) => Math.floor((r() + 0.3 * v) * 16) / 16);
  const ovr = Array.from({ length: C }, (_, c) => aucPairs(labels.map((l) => (l === c ? 1 : 0)), labels.map((_, i) => scores[i * C + c])));
  const threshold = Math.fround(0.3); // compared in float32
  const bin = y.map((t, i) => (t === (s[i] > threshold ? 1 : 0) ? 1 : 0));
  const binWeights = Array.from({ length: n }, () => Math.fround(r() * 2));

  // leakage: validation rows 2, 5, 9 copy training rows 11, 0, 39; row 9 also has a −0 where training has +0
  const L = 8;
  const train = Array.from({ length: 40 * L }, () => Math.fround(r()));
  train.splice(39 * L, L, ...train.slice(11 * L, 11 * L + L).map((v, j) => (j === 3 ? 0 : v)));
  const val = Array.from({ length: 12 * L }, () => Math.fround(r()));
  val.splice(2 * L, L, ...train.slice(11 * L, 11 * L + L));
  val.splice(5 * L, L, ...train.slice(0, L));
  val.splice(9 * L, L, ...train.slice(39 * L, 40 * L).map((v, j) => (j === 3 ? -0 : v)));
  const rowsOf = (a: number[]) => Array.from({ length: a.length / L }, (_, i) => a.slice(i * L, i * L + L));
  const leaks = rowsOf(val).flatMap((v, i) => {
    const t = rowsOf(train).findIndex((tr) => tr.every((x, j) => x === v[j])); // −0 === 0 in JS
    return t < 0 ? [] : [[i, t]];
  });

  return [
    { name: "argmax (first index of the maximum)", fn: "argmax", args: [f32(scores)], options: { classes: C },
      check: (res) => expect(arrayOf(ok(res), "Int32Array")).toEqual(predicted) },
    { name: "binaryAccuracy threshold 0.3, sampleWeight", fn: "binaryAccuracy", args: [f32(y), f32(s)],
      options: { threshold: 0.3, sampleWeight: binWeights },
      check: (res) => expectClose(ok(res) as number, weightedMean(bin, binWeights), 1e-12) },
    { name: "categoricalAccuracy", fn: "categoricalAccuracy", args: [f32(oneHot), f32(scores)], options: { classes: C },
      check: (res) => expectClose(ok(res) as number, weightedMean(labels.map((l, i) => (l === predicted[i] ? 1 : 0))), 1e-12) },
    { name: "sparseCategoricalAccuracy with sampleWeight", fn: "sparseCategoricalAccuracy", args: [i32(labels), f32(scores)],
      options: { classes: C, sampleWeight: weights },
      check: (res) => expectClose(ok(res) as number, weightedMean(labels.map((l, i) => (l === predicted[i] ? 1 : 0)), weights), 1e-12) },
    { name: "topKCategoricalAccuracy k=3", fn: "topKCategoricalAccuracy", args: [f32(oneHot), f32(scores)], options: { classes: C, k: 3 },
      check: (res) => expectClose(ok(res) as number, weightedMean(labels.map((l, i) => (inTopK(i, l, 3) ? 1 : 0))), 1e-12) },
    { name: "sparseTopKCategoricalAccuracy k=2", fn: "sparseTopKCategoricalAccuracy", args: [i32(labels), f32(scores)], options: { classes: C, k: 2 },
      check: (res) => expectClose(ok(res) as number, weightedMean(labels.map((l, i) => (inTopK(i, l, 2) ? 1 : 0))), 1e-12) },
    { name: "confusionMatrix (counts)", fn: "confusionMatrix", args: [i32(labels), i32(predicted)], options: { classes: C },
      check: (res) => expect(arrayOf(ok(res), "Float64Array")).toEqual(matrix) },
    { name: "confusionMatrixFromScores (weighted)", fn: "confusionMatrixFromScores", args: [i32(labels), f32(scores)],
      options: { classes: C, weights },
      check: (res) => expectAllClose(arrayOf(ok(res), "Float64Array"), weighted, 1e-12, 1e-12) },
    { name: "binaryConfusionMatrix → [TN, FP, FN, TP]", fn: "binaryConfusionMatrix", args: [f32(y), f32(s)], options: { threshold: 0.3 },
      check: (res) => {
        const pos = s.map((v) => v > threshold);
        const count = (t: number, p: boolean) => y.filter((v, i) => v === t && pos[i] === p).length;
        expect(nums(ok(res))).toEqual([count(0, false), count(0, true), count(1, false), count(1, true)]);
      } },
    { name: "classificationReport", fn: "classificationReport", args: [i32(labels), i32(predicted)], options: { classes: C },
      check: checkReport },
    { name: "classificationReportFromMatrix", fn: "classificationReportFromMatrix", args: [f64(matrix)], check: checkReport },
    { name: "rocAuc binary, tied scores (pair counting)", fn: "rocAuc", args: [f32(y), f32(s)],
      check: (res) => expectClose(ok(res) as number, aucPairs(y, s), 1e-12) },
    { name: "rocAuc one-vs-rest macro", fn: "rocAuc", args: [i32(labels), f32(scores)], options: { classes: C },
      check: (res) => expectClose(ok(res) as number, ovr.reduce((a, b) => a + b, 0) / C, 1e-12) },
    { name: "rocAucOneVsRest per class", fn: "rocAucOneVsRest", args: [i32(labels), f32(scores)], options: { classes: C },
      check: (res) => {
        const { macro, perClass: got } = ok(res) as { macro: number; perClass: unknown };
        expectAllClose(nums(got), ovr, 1e-12, 0, "perClass");
        expectClose(macro, ovr.reduce((a, b) => a + b, 0) / C, 1e-12);
      } },
    { name: "averagePrecision, tied scores", fn: "averagePrecision", args: [f32(y), f32(s)],
      check: (res) => expectClose(ok(res) as number, averagePrecision64(y, s), 1e-12) },
    { name: "prAuc = averagePrecision", fn: "prAuc", args: [f32(y), f32(s)],
      check: (res) => expectClose(ok(res) as number, averagePrecision64(y, s), 1e-12) },
    // the curves: the same bits as scikit-learn's algorithm in float64 (the ROC's leading +∞ left out of the comparison)
    { name: "rocCurve, tied scores, sampleWeight", fn: "rocCurve", args: [f32(y), f32(s)], options: { sampleWeight: binWeights },
      check: (res) => {
        const got = ok(res) as Record<"fpr" | "tpr" | "thresholds", unknown>;
        const want = rocCurveRef(y, s, { sampleWeight: binWeights });
        for (const key of ["fpr", "tpr", "thresholds"] as const) expect(nums(got[key]).slice(1), key).toEqual(want[key].slice(1));
      } },
    { name: "precisionRecallCurve, tied scores", fn: "precisionRecallCurve", args: [f32(y), f32(s)],
      check: (res) => {
        const got = ok(res) as Record<"precision" | "recall" | "thresholds", unknown>;
        const want = precisionRecallCurveRef(y, s);
        for (const key of ["precision", "recall", "thresholds"] as const) expect(nums(got[key]), key).toEqual(want[key]);
      } },
    { name: "findLeakage (−0 equals +0; first training row)", fn: "findLeakage", args: [f32(train), f32(val)], options: { rowLength: L },
      check: (res) => {
        const got = ok(res) as { count: number; valIndices: unknown; trainIndices: unknown };
        expect(got.count).toBe(leaks.length);
        expect(nums(got.valIndices)).toEqual(leaks.map(([v]) => v));
        expect(nums(got.trainIndices)).toEqual(leaks.map(([, t]) => t));
      } },
    { name: "LabelError on a label out of range", fn: "confusionMatrix", args: [i32([0, 9]), i32([0, 1])], options: { classes: 3 },
      check: (res) => expectError(res, "LabelError", "confusionMatrix", "labels[1] = 9") },
    { name: "LabelError on a binary label other than 0/1", fn: "rocAuc", args: [f32([0, 2]), f32([0.1, 0.2])],
      check: (res) => expectError(res, "LabelError", "rocAuc", "[1] = 2") },
    { name: "ValueError on a NaN score", fn: "averagePrecision", args: [f32([0, 1]), f32([0.1, NaN])],
      check: (res) => expectError(res, "ValueError", "averagePrecision") },
    { name: "ShapeError when classes does not divide the scores", fn: "argmax", args: [f32([1, 2, 3])], options: { classes: 2 },
      check: (res) => expectError(res, "ShapeError", "argmax") },
  ];
}

// ---- cross-entropy family: float64 references from the Keras 3 formulas ----
// Loss values on probabilities and on logits against the formula; gradients (…WithGrad) against
// central finite differences of the same float64 reference, on inputs away from clips and kinks.

type RowLoss = (t: number[], p: number[]) => number; // one sample: target row, prediction row
const CLIP = (v: number) => Math.min(Math.max(v, 1e-7), 1 - 1e-7);
const normalised = (p: number[]) => {
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((v) => CLIP(v / sum));
};
const bceProb = (z: number, p: number) => -(z * Math.log(CLIP(p)) + (1 - z) * Math.log(1 - CLIP(p)));
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const focal = (z: number, p: number, bce: number) => (1 - (z * p + (1 - z) * (1 - p))) ** 2 * bce; // γ = 2, no class balancing

const ROW_LOSSES: Record<string, { logits?: RowLoss; probs: RowLoss; sparse?: boolean; elementwise?: boolean }> = {
  categoricalCrossentropy: {
    logits: (t, x) => -logSoftmax64(x).reduce((a, l, c) => a + t[c] * l, 0),
    probs: (t, p) => -normalised(p).reduce((a, q, c) => a + t[c] * Math.log(q), 0),
  },
  sparseCategoricalCrossentropy: {
    sparse: true,
    logits: (t, x) => -logSoftmax64(x)[t[0]],
    probs: (t, p) => -Math.log(normalised(p)[t[0]]),
  },
  categoricalFocalCrossentropy: {
    logits: (t, x) => -0.25 * logSoftmax64(x).reduce((a, l, c) => a + (1 - Math.exp(l)) ** 2 * t[c] * l, 0),
    probs: (t, p) => -0.25 * normalised(p).reduce((a, q, c) => a + (1 - q) ** 2 * t[c] * Math.log(q), 0),
  },
  categoricalHinge: {
    probs: (t, p) => Math.max(Math.max(...p.map((v, c) => (1 - t[c]) * v)) - p.reduce((a, v, c) => a + t[c] * v, 0) + 1, 0),
  },
  binaryCrossentropy: {
    elementwise: true,
    logits: (t, x) => mean(x.map((v, i) => bceFromLogits64(t[i], v))),
    probs: (t, p) => mean(p.map((v, i) => bceProb(t[i], v))),
  },
  binaryFocalCrossentropy: {
    elementwise: true,
    logits: (t, x) => mean(x.map((v, i) => focal(t[i], sigmoid64(v), bceFromLogits64(t[i], v)))),
    probs: (t, p) => mean(p.map((v, i) => focal(t[i], v, bceProb(t[i], v)))),
  },
  kullbackLeiblerDivergence: {
    elementwise: true,
    probs: (t, p) => t.reduce((a, v, i) => a + Math.min(Math.max(v, 1e-7), 1) * Math.log(Math.min(Math.max(v, 1e-7), 1) / Math.min(Math.max(p[i], 1e-7), 1)), 0),
  },
  poisson: { elementwise: true, probs: (t, p) => mean(p.map((v, i) => v - t[i] * Math.log(v + 1e-7))) },
  cosineSimilarity: {
    elementwise: true,
    probs: (t, p) => {
      const norm = (v: number[]) => Math.max(Math.sqrt(v.reduce((a, x) => a + x * x, 0)), 1e-7);
      return -t.reduce((a, v, i) => a + v * p[i], 0) / (norm(t) * norm(p));
    },
  },
  hinge: { elementwise: true, probs: (t, p) => mean(p.map((v, i) => Math.max(1 - t[i] * v, 0))) },
  squaredHinge: { elementwise: true, probs: (t, p) => mean(p.map((v, i) => Math.max(1 - t[i] * v, 0) ** 2)) },
};

function crossentropyCases(): BrowserCase[] {
  const cases: BrowserCase[] = [];
  let seed = 9000;
  for (const [name, loss] of Object.entries(ROW_LOSSES)) {
    for (const [rows, C, withGrad] of [[67, 7, false], [5, 4, true]] as const) {
      const r = rng(++seed);
      // targets: one-hot rows (row-wise), 0/1 (binary), ±1 (hinge), positive values (KLD, Poisson, cosine)
      const labels = Array.from({ length: rows }, () => Math.floor(r() * C));
      const target = (i: number, c: number): number => {
        if (!loss.elementwise) return labels[i] === c ? 1 : 0;
        if (name.startsWith("binary")) return r() < 0.4 ? 1 : 0;
        if (name.endsWith("inge")) return r() < 0.5 ? -1 : 1;
        return Math.fround(0.05 + 0.9 * r());
      };
      const t = Array.from({ length: rows }, (_, i) => Array.from({ length: C }, (_, c) => target(i, c)));
      for (const fromLogits of loss.logits ? [false, true] : [false]) {
        const x = Array.from({ length: rows }, () =>
          Array.from({ length: C }, () => Math.fround(fromLogits ? 6 * r() - 3 : name.endsWith("inge") ? 4 * r() - 2 : 0.05 + 0.9 * r())));
        const fn = fromLogits ? loss.logits! : loss.probs;
        const rowT = (i: number) => (loss.sparse ? [labels[i]] : t[i]);
        const total = (xs: number[][]) => xs.reduce((a, row, i) => a + fn(rowT(i), row), 0) / rows;
        const options = { ...(loss.elementwise ? { features: C } : { classes: C }), ...(fromLogits ? { fromLogits } : {}) };
        const yTrue = loss.sparse ? { array: "i32" as const, values: labels } : f32(t.flat());
        const what = `${name}${withGrad ? "WithGrad" : ""} ${rows}×${C}${fromLogits ? " fromLogits" : ""}`;
        if (!withGrad) {
          const ref = total(x);
          cases.push({ name: what, fn: name, args: [yTrue, f32(x.flat())], options,
            check: (res) => expectClose(ok(res) as number, ref, 1e-5, 1e-6) });
          continue;
        }
        // ∂/∂x of the mean loss by central differences of the float64 reference
        const ref = total(x);
        const fd = x.flatMap((row, i) => row.map((v, c) => {
          const h = 1e-5 * Math.max(1, Math.abs(v));
          const at = (d: number) => total(x.map((rr, ii) => (ii === i ? rr.map((w, cc) => (cc === c ? w + d : w)) : rr)));
          return (at(h) - at(-h)) / (2 * h);
        }));
        cases.push({ name: what, fn: `${name}WithGrad`, args: [yTrue, f32(x.flat())], options,
          check: (res) => {
            const { loss: l, grad } = ok(res) as { loss: number; grad: unknown };
            expectClose(l, ref, 1e-5, 1e-6, "loss");
            expectAllClose(arrayOf(grad), fd, 1e-3, 1e-5, "grad vs finite differences");
          } });
      }
    }
  }
  // softmax and logSoftmax: row-wise transforms
  const r = rng(31337);
  const C = 9;
  const x = Array.from({ length: 13 * C }, () => Math.fround(20 * r() - 10));
  const rowsOfX = Array.from({ length: 13 }, (_, i) => x.slice(i * C, i * C + C));
  const ls = rowsOfX.flatMap((row) => logSoftmax64(row));
  cases.push(
    { name: "softmax rows", fn: "softmax", args: [f32(x)], options: { classes: C },
      check: (res) => expectAllClose(arrayOf(ok(res)), ls.map(Math.exp), 1e-5, 1e-9) },
    { name: "logSoftmax rows", fn: "logSoftmax", args: [f32(x)], options: { classes: C },
      check: (res) => expectAllClose(arrayOf(ok(res)), ls, 1e-5, 1e-6) },
  );
  return cases;
}

export const CASES: BrowserCase[] = [...regressionCases(), ...metricsCases(), ...crossentropyCases(), ...defaultOptionCases()];

/** Exported functions that are infrastructure, not kernels (covered by every case). */
export const NOT_KERNELS = ["ready", "close", "backendInfo", "allocFloat32"];
