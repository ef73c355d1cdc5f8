import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { rng } from "../util/rng.js";

// Weights as the caller gives them: a weight of 16777217 (2^24 + 1) counts 16777217, 0.1 counts
// 0.1 (the float64 nearest 0.1, not float32's 0.100000001), and weighted cells and sums are
// float64 sums of those values, exact for integers up to 2^53. References are plain float64 sums
// written here from the definition.

const BIG = 16777217; // 2^24 + 1: float32 rounds it to 16777216
const U32MAX = 4294967295; // float32 rounds it to 4294967296

/** The weight arrays a caller may pass for the same float64 values. */
function weightForms(values: number[]): [string, sl.NumericArray][] {
  const forms: [string, sl.NumericArray][] = [["number[]", values], ["Float64Array", Float64Array.from(values)]];
  if (values.every((v) => Number.isInteger(v) && v >= 0 && v <= U32MAX)) forms.push(["Uint32Array", Uint32Array.from(values)]);
  return forms;
}

/** m[t·C + q] = Σ w over the samples (float64, in order). */
function confusionRef(t: ArrayLike<number>, q: ArrayLike<number>, C: number, w: ArrayLike<number>): number[] {
  const m = new Array<number>(C * C).fill(0);
  for (let s = 0; s < t.length; s++) m[t[s] * C + q[s]] += w[s];
  return m;
}

describe("confusion matrices take the weights as given", () => {
  it("scikit-learn's test_confusion_matrix_dtype: uint32 weights of 4294967295 give [4294967295, 8589934590]", () => {
    const y = [0, 1, 1];
    for (const [form, w] of weightForms([U32MAX, U32MAX, U32MAX])) {
      const m = sl.confusionMatrix(y, y, { sampleWeight: w });
      expect(m[0], form).toBe(4294967295);
      expect(m[3], form).toBe(8589934590);
      expect(Array.from(sl.confusionMatrix(y, y, { weights: w })), `${form} (weights alias)`).toEqual([4294967295, 0, 0, 8589934590]);
    }
  });

  it("a weight of 16777217 counts 16777217 and 0.1 counts 0.1, in every confusion matrix function", () => {
    const labels = [0, 1, 1, 0];
    const preds = [0, 1, 0, 1];
    const scores = [0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.4, 0.6]; // argmax = preds
    const binaryScores = [0.1, 0.9, 0.2, 0.8]; // > 0.5 = preds
    for (const values of [[BIG, BIG, 1, 0.1], [0.1, 0.2, 0.3, BIG * 4]]) {
      const expected = confusionRef(labels, preds, 2, values);
      for (const [form, w] of weightForms(values)) {
        const what = `${form} ${values}`;
        expect(Array.from(sl.confusionMatrix(labels, preds, { classes: 2, sampleWeight: w })), what).toEqual(expected);
        expect(Array.from(sl.confusionMatrixFromScores(labels, scores, { classes: 2, sampleWeight: w })), what).toEqual(expected);
        expect(Array.from(sl.binaryConfusionMatrix(labels, binaryScores, { sampleWeight: w })), what).toEqual(expected);
        const acc = new sl.ConfusionMatrixAccumulator({ classes: 2 });
        acc.update(labels, preds, { sampleWeight: w }).updateFromScores(labels, scores, { weights: w });
        expect(Array.from(acc.result()), what).toEqual(expected.map((x) => x + x));
      }
    }
  });

  it("weighted cells are float64 sums, exact for integer weights up to 2^53, across many chunks", () => {
    const n = 300_003; // several chunks of the executor
    const C = 5;
    const r = rng(11);
    const t = Int32Array.from({ length: n }, () => Math.floor(r() * C));
    const q = Int32Array.from({ length: n }, () => Math.floor(r() * C));
    const w = Float64Array.from({ length: n }, () => 2 ** 30 + 1 + Math.floor(r() * 1000)); // Σ < 2^53
    const scores = new Float32Array(n * C);
    for (let s = 0; s < n; s++) scores[s * C + q[s]] = 1;
    const expected = confusionRef(t, q, C, w);
    expect(Array.from(sl.confusionMatrix(t, q, { classes: C, sampleWeight: w }))).toEqual(expected);
    expect(Array.from(sl.confusionMatrixFromScores(t, scores, { classes: C, sampleWeight: w }))).toEqual(expected);
    const b = Float32Array.from(t, (x) => x & 1);
    const s = Float32Array.from(q, (x) => x & 1);
    expect(Array.from(sl.binaryConfusionMatrix(b, s, { sampleWeight: w }))).toEqual(confusionRef(b, s, 2, w));
  });

  it("classificationReport's support and scores come from the weights as given", () => {
    const labels = [0, 0, 1, 1];
    const preds = [0, 1, 1, 1];
    const w = [BIG, 1, 0.1, 0.2];
    const r = sl.classificationReport(labels, preds, { sampleWeight: Float64Array.from(w) });
    expect(r.perClass[0].support).toBe(BIG + 1);
    expect(r.perClass[0].recall).toBe(BIG / (BIG + 1));
    expect(r.perClass[1].support).toBe(0.1 + 0.2);
    expect(r.perClass[1].precision).toBe((0.1 + 0.2) / (1 + 0.1 + 0.2));
    expect(r.accuracy).toBe((BIG + 0.1 + 0.2) / (BIG + 1 + 0.1 + 0.2));
  });
});

describe("accuracy metrics take the weights as given", () => {
  // two samples, the first right and the second wrong: Σ w·a / Σ w = BIG / (BIG + 1)
  const expected = BIG / (BIG + 1);
  it("binary, categorical, sparse and top-k accuracy: BIG / (BIG + 1) exactly", () => {
    for (const [form, w] of weightForms([BIG, 1])) {
      expect(sl.binaryAccuracy([1, 0], [0.9, 0.9], { sampleWeight: w }), form).toBe(expected);
      expect(sl.categoricalAccuracy([1, 0, 0, 1], [0.9, 0.1, 0.9, 0.1], { classes: 2, sampleWeight: w }), form).toBe(expected);
      expect(sl.sparseCategoricalAccuracy([0, 1], [0.9, 0.1, 0.9, 0.1], { classes: 2, sampleWeight: w }), form).toBe(expected);
      const p3 = [0.5, 0.3, 0.2, 0.5, 0.3, 0.2];
      expect(sl.topKCategoricalAccuracy([0, 1, 0, 0, 0, 1], p3, { classes: 3, k: 2, sampleWeight: w }), form).toBe(expected);
      expect(sl.sparseTopKCategoricalAccuracy([1, 2], p3, { classes: 3, k: 2, sampleWeight: w }), form).toBe(expected);
    }
  });

  it("0.1 weighs 0.1: binaryAccuracy with weights [0.1, 0.9] is 0.1 / (0.1 + 0.9) = 0.1", () => {
    expect(sl.binaryAccuracy([1, 0], [0.9, 0.9], { sampleWeight: [0.1, 0.9] })).toBe(0.1);
    expect(sl.sparseCategoricalAccuracy([0, 1], [0.9, 0.1, 0.9, 0.1], { classes: 2, sampleWeight: [0.3, 0.7] })).toBe(0.3);
  });

  it("binaryAccuracy over features: Σ w·(matches / F) / Σ w with the weights as given", () => {
    const F = 3;
    const yTrue = [1, 0, 1, 0, 0, 0];
    const yPred = [0.9, 0.1, 0.1, 0.9, 0.9, 0.1]; // row 0: 2 of 3 match, row 1: 1 of 3
    const w = [BIG, 3];
    expect(sl.binaryAccuracy(yTrue, yPred, { features: F, sampleWeight: w })).toBe((BIG * (2 / 3) + 3 * (1 / 3)) / (BIG + 3));
  });
});

describe("curves take the weights as given", () => {
  it("rocCurve and precisionRecallCurve: uint32 weights of 4294967295 sum exactly", () => {
    const w = Uint32Array.of(U32MAX, U32MAX, U32MAX, U32MAX);
    const pr = sl.precisionRecallCurve([1, 1, 0, 1], [0.9, 0.8, 0.7, 0.6], { sampleWeight: w });
    // thresholds increasing: 0.6 (TP 3, FP 1), 0.7 (2, 1), 0.8 (2, 0), 0.9 (1, 0)
    expect(Array.from(pr.recall)).toEqual([1, 2 / 3, 2 / 3, 1 / 3, 0]);
    expect(pr.precision[0]).toBe((3 * U32MAX) / (4 * U32MAX));
  });
});
