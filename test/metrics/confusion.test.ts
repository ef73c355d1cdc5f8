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

/** Exact equality of two matrices, reporting the first differing cell (cheap for 1000² cells). */
function expectSameMatrix(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) expect.fail(`${what}: m[${i}] = ${actual[i]}, expected ${expected[i]}`);
  }
}

/** |actual − expected| ≤ rel·|expected| cell by cell, reporting the first failure (cheap for 1000² cells). */
function expectCloseMatrix(actual: Float64Array, expected: Float64Array, rel: number, what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rel * Math.abs(expected[i]))) expect.fail(`${what}: m[${i}] = ${actual[i]}, expected ${expected[i]}`);
  }
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

  it("Int32Array class ids (checked in the kernel): exact counts for 1..17, 64, 65 and 1000 classes, every tail length, with weights", () => {
    // 64 and 65 classes sit either side of the switch from 4 histograms to 1
    for (const C of [...Array.from({ length: 17 }, (_, i) => i + 1), 64, 65, 1000]) {
      for (const n of C === 1000 ? [1, 5, 1025] : C >= 64 ? [0, 1, 5, 257, 1025] : TAIL_LENGTHS) {
        const t = Int32Array.from(randomLabels(n + 7 * C, n, C));
        const q = Int32Array.from(randomLabels(n * 5 + C, n, C));
        expectSameMatrix(sl.confusionMatrix(t, q, { classes: C }), confusionRef(t, q, C), `C=${C} n=${n}`);
        const w = uniform(n + 3, n, 0, 2);
        expectCloseMatrix(sl.confusionMatrix(t, q, { classes: C, weights: w }), confusionRef(t, q, C, w), 1e-12, `w C=${C} n=${n}`);
      }
    }
  });

  it("every sample in one cell (consecutive increments of the same histogram cell)", () => {
    const n = 1001;
    const t = new Int32Array(n).fill(2);
    const q = new Int32Array(n).fill(1);
    const expected = new Float64Array(9);
    expected[2 * 3 + 1] = n; // hand-computed: all n samples at [2, 1]
    expect(sl.confusionMatrix(t, q, { classes: 3 })).toEqual(expected);
  });

  it("throws LabelError naming the first bad Int32Array label or prediction, wherever it sits, weighted or not", () => {
    for (const n of [1, 3, 4, 5, 8, 9, 17]) {
      for (const at of [0, n - 1, n >> 1]) {
        for (const bad of [-1, 3, 2 ** 31 - 1, -(2 ** 31)]) {
          for (const weights of [undefined, new Float32Array(n).fill(1)]) {
            const t = new Int32Array(n).fill(1);
            const q = new Int32Array(n).fill(2);
            q[at] = bad;
            expect(() => sl.confusionMatrix(t, q, { classes: 3, weights }), `n=${n} at=${at}`).toThrow(`confusionMatrix: predictions[${at}] = ${bad} is out of range [0, 3)`);
            // a bad label is reported before a bad prediction, even when the prediction comes first
            t[n - 1] = bad;
            expect(() => sl.confusionMatrix(t, q, { classes: 3, weights }), `n=${n} at=${at}`).toThrow(`confusionMatrix: labels[${n - 1}] = ${bad} is out of range [0, 3)`);
          }
        }
      }
    }
    expect(() => sl.confusionMatrix(Int32Array.of(0, 5), Int32Array.of(0, 1), { classes: 2 })).toThrow(sl.LabelError);
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

  it("1..17 and 1000 classes, Int32Array labels, NaN and ±Infinity rows in every lane of a 4-row group, ties, weights", () => {
    for (const C of [...Array.from({ length: 17 }, (_, i) => i + 1), 1000]) {
      for (const rows of C === 1000 ? [1, 5, 9] : TAIL_LENGTHS) {
        const r = rng(C * 7 + rows);
        const t = Int32Array.from(randomLabels(rows + 11 * C, rows, C));
        const p = scores(rows * 13 + C, rows, C, rows % 2 === 1);
        for (let row = 0; row < rows; row++) {
          const pick = r();
          if (pick < 0.1) p[row * C + Math.floor(r() * C)] = NaN;
          else if (pick < 0.15) {
            p[row * C + Math.floor(r() * C)] = Infinity;
            p[row * C + Math.floor(r() * C)] = -Infinity;
          }
        }
        const q = Array.from({ length: rows }, (_, s) => argmaxRef(p, s * C, C));
        expectSameMatrix(sl.confusionMatrixFromScores(t, p, { classes: C }), confusionRef(t, q, C), `C=${C} rows=${rows}`);
        const w = uniform(rows + 2, rows, 0, 2);
        expectCloseMatrix(sl.confusionMatrixFromScores(t, p, { classes: C, weights: w }), confusionRef(t, q, C, w), 1e-12, `w C=${C} rows=${rows}`);
      }
    }
  });

  it("throws LabelError naming the first bad Int32Array label, in a 4-row group or the tail, weighted or not", () => {
    for (const C of [2, 3, 10, 17]) {
      for (const rows of [1, 4, 5, 9]) {
        for (const at of [0, rows - 1, rows >> 1]) {
          for (const weights of [undefined, new Float32Array(rows).fill(1)]) {
            const t = new Int32Array(rows);
            t[at] = at % 2 === 0 ? C : -3;
            if (at + 1 < rows) t[rows - 1] = C + 1; // a later bad label is not the one named
            expect(() => sl.confusionMatrixFromScores(t, scores(at, rows, C), { classes: C, weights }), `C=${C} rows=${rows} at=${at}`)
              .toThrow(`confusionMatrixFromScores: labels[${at}] = ${t[at]} is out of range [0, ${C})`);
          }
        }
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
