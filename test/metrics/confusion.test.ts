import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectAllClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";
import { CLASS_COUNTS, argmaxRef, randomLabels, scores } from "../util/metrics-ref.js";

/** The matrix by definition: m[t·C + q] += w for each sample (rows = true, columns = predicted). */
function confusionRef(t: ArrayLike<number>, q: ArrayLike<number>, C: number, w?: ArrayLike<number>): Float64Array {
  const m = new Float64Array(C * C);
  for (let s = 0; s < t.length; s++) m[t[s] * C + q[s]] += w ? w[s] : 1;
  return m;
}

describe("confusionMatrix", () => {
  it("counts exactly for every class count and tail length, and sums weights", () => {
    for (const C of CLASS_COUNTS) {
      for (const n of TAIL_LENGTHS) {
        const t = randomLabels(n + C, n, C);
        const q = randomLabels(n * 3 + C, n, C);
        expect(Array.from(sl.confusionMatrix(t, q, { classes: C })), `C=${C} n=${n}`).toEqual(Array.from(confusionRef(t, q, C)));
        const w = uniform(n, n, 0, 2);
        expectAllClose(sl.confusionMatrix(t, q, { classes: C, weights: w }), confusionRef(t, q, C, w), 1e-12, 0, `w C=${C} n=${n}`);
      }
    }
  });

  it("hand-computed, tf.math.confusionMatrix's docstring example: rows are true classes", () => {
    // tf.math.confusion_matrix([1, 2, 4], [2, 2, 4]) ==
    // [[0 0 0 0 0] [0 0 1 0 0] [0 0 1 0 0] [0 0 0 0 0] [0 0 0 0 1]]
    const m = sl.confusionMatrix([1, 2, 4], [2, 2, 4]);
    const expected = new Float64Array(25);
    expected[1 * 5 + 2] = 1;
    expected[2 * 5 + 2] = 1;
    expected[4 * 5 + 4] = 1;
    expect(m).toEqual(expected);
    expect(sl.confusionMatrix([0, 1, 1], [0, 0, 1], { classes: 2 })).toEqual(Float64Array.from([1, 0, 1, 1]));
  });

  it("empty input gives a zero matrix", () => {
    expect(sl.confusionMatrix([], [], { classes: 3 })).toEqual(new Float64Array(9));
  });

  it("throws LabelError for a prediction out of range", () => {
    expect(() => sl.confusionMatrix([0, 1], [0, 2], { classes: 2 })).toThrow("confusionMatrix: predictions[1] = 2 is out of range [0, 2)");
  });

  it("throws LabelError for a non-integer label", () => {
    expect(() => sl.confusionMatrix([0.5], [0], { classes: 2 })).toThrow(sl.LabelError);
  });

  it("throws ShapeError for mismatched lengths", () => {
    expect(() => sl.confusionMatrix([0, 1], [0], { classes: 2 })).toThrow(sl.ShapeError);
  });

  it("throws ArgumentTypeError for a missing argument (never a raw TypeError)", () => {
    expect(() => sl.confusionMatrix(undefined as never, [0], { classes: 2 })).toThrow(sl.ArgumentTypeError);
    expect(() => sl.confusionMatrixFromScores(undefined as never, [0, 1], { classes: 2 })).toThrow(sl.ArgumentTypeError);
    expect(() => sl.rocAuc(undefined as never, [0, 1], { classes: 2 })).toThrow(sl.ArgumentTypeError);
  });

  it("throws ShapeError for weights of the wrong length", () => {
    expect(() => sl.confusionMatrix([0, 1], [0, 1], { classes: 2, weights: [1] })).toThrow(sl.ShapeError);
  });
});

describe("confusionMatrixFromScores", () => {
  it("equals counting argmax(scores) for every class count and tail length, with ties, NaN and weights", () => {
    for (const C of CLASS_COUNTS) {
      for (const rows of TAIL_LENGTHS) {
        const t = randomLabels(rows + 5 * C, rows, C);
        const p = scores(rows * 5 + C, rows, C, rows % 2 === 0);
        if (rows > 3) p[3 * C + (C - 1)] = NaN;
        const q = Array.from({ length: rows }, (_, s) => argmaxRef(p, s * C, C));
        expect(Array.from(sl.confusionMatrixFromScores(t, p, { classes: C })), `C=${C} rows=${rows}`).toEqual(Array.from(confusionRef(t, q, C)));
        const w = uniform(rows + 1, rows, 0, 2);
        expectAllClose(sl.confusionMatrixFromScores(t, p, { classes: C, weights: w }), confusionRef(t, q, C, w), 1e-12);
      }
    }
  });

  it("1e6 predictions from 10-class probabilities: exact counts", () => {
    const rows = 1e6;
    const C = 10;
    const p = scores(77, rows, C);
    const t = randomLabels(78, rows, C);
    const q = Array.from({ length: rows }, (_, s) => argmaxRef(p, s * C, C));
    expect(Array.from(sl.confusionMatrixFromScores(t, p, { classes: C }))).toEqual(Array.from(confusionRef(t, q, C)));
  });

  it("throws ShapeError when labels and rows of scores differ", () => {
    expect(() => sl.confusionMatrixFromScores([0], [0.5, 0.5, 0.1, 0.9], { classes: 2 })).toThrow(sl.ShapeError);
  });
});

describe("binaryConfusionMatrix", () => {
  it("[TN, FP, FN, TP] at every tail length, thresholds 0.5 and 0 (logits), with and without weights", () => {
    for (const n of TAIL_LENGTHS) {
      const r = rng(n + 9);
      const t = Float32Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
      const p = uniform(n + 10, n, -1, 1.5);
      if (n > 5) p[5] = NaN; // never above the threshold: predicted 0
      for (const threshold of [0.5, 0]) {
        const q = Array.from(p, (x) => (x > threshold ? 1 : 0));
        expect(Array.from(sl.binaryConfusionMatrix(t, p, { threshold })), `n=${n}`).toEqual(Array.from(confusionRef(t, q, 2)));
        const w = uniform(n + 11, n, 0, 2);
        expectAllClose(sl.binaryConfusionMatrix(t, p, { threshold, weights: w }), confusionRef(t, q, 2, w), 1e-12);
      }
    }
  });

  it("hand-computed: [0, 1, 1] vs [0.7, 0.9, 0.2] is TN 0, FP 1, FN 1, TP 1", () => {
    expect(sl.binaryConfusionMatrix([0, 1, 1], [0.7, 0.9, 0.2])).toEqual(Float64Array.from([0, 1, 1, 1]));
  });

  it("throws LabelError for a label other than 0 or 1", () => {
    expect(() => sl.binaryConfusionMatrix([0, 2], [0.1, 0.2])).toThrow("binaryConfusionMatrix: yTrue[1] = 2 must be 0 or 1");
  });
});
