import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";
import { CLASS_COUNTS, argmaxRef, oneHot, randomLabels, scores } from "../util/metrics-ref.js";

// ---- references, written from the Keras 3 definitions (keras/src/metrics/accuracy_metrics.py) ----
/** Σ w·a / Σ w (Keras's weighted Mean), 0 when Σ w = 0. */
function weightedMean(a: number[], w?: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let s = 0; s < a.length; s++) {
    const ws = w ? w[s] : 1;
    num += ws * a[s];
    den += ws;
  }
  return den === 0 ? 0 : num / den;
}

function binaryRef(t: ArrayLike<number>, p: ArrayLike<number>, F: number, threshold: number, w?: ArrayLike<number>): number {
  const a: number[] = [];
  for (let s = 0; s < t.length / F; s++) {
    let c = 0;
    for (let f = 0; f < F; f++) c += t[s * F + f] === (p[s * F + f] > threshold ? 1 : 0) ? 1 : 0;
    a.push(c / F);
  }
  return weightedMean(a, w);
}

/** tf.math.in_top_k: fewer than k classes score strictly higher than the target (NaN target: miss). */
function inTopK(p: ArrayLike<number>, start: number, C: number, target: number, k: number): boolean {
  const x = p[start + target];
  if (Number.isNaN(x)) return false;
  let higher = 0;
  for (let j = 0; j < C; j++) if (p[start + j] > x) higher++;
  return higher < k;
}

const rowsOf = (n: number, C: number) => Array.from({ length: n }, (_, s) => s);

describe("binaryAccuracy", () => {
  it("matches the reference at every tail length, thresholds 0.5 and 0.3, with and without weights", () => {
    for (const n of TAIL_LENGTHS) {
      const r = rng(n + 3);
      const t = Float32Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
      const p = uniform(n + 4, n, 0, 1);
      const w = uniform(n + 5, n, 0, 2);
      for (const threshold of [0.5, 0.3]) {
        const thr = Math.fround(threshold); // compared in float32 (documented)
        expectClose(sl.binaryAccuracy(t, p, { threshold }), binaryRef(t, p, 1, thr), 1e-15, 0, `n=${n}`);
        expectClose(sl.binaryAccuracy(t, p, { threshold, sampleWeight: w }), binaryRef(t, p, 1, thr, w), 1e-12, 0, `w n=${n}`);
      }
    }
  });

  it("rows × features: a sample's accuracy is the mean over its features", () => {
    for (const F of [1, 2, 3, 4, 5, 8, 9, 17]) {
      for (const rows of [0, 1, 3, 7, 33]) {
        const r = rng(F * 100 + rows);
        const t = Float32Array.from({ length: rows * F }, () => (r() < 0.5 ? 1 : 0));
        const p = uniform(F + rows, rows * F, 0, 1);
        const w = Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 0 : r()));
        expectClose(sl.binaryAccuracy(t, p, { features: F }), binaryRef(t, p, F, 0.5), 1e-14);
        expectClose(sl.binaryAccuracy(t, p, { features: F, sampleWeight: w }), binaryRef(t, p, F, 0.5, w), 1e-12);
      }
    }
  });

  it("hand-computed: [1,0,1,0] vs [0.9,0.2,0.4,0.6] is 0.5; a score equal to the threshold is a 0", () => {
    expect(sl.binaryAccuracy([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6])).toBe(0.5);
    expect(sl.binaryAccuracy([0, 1], [0.5, 0.5])).toBe(0.5);
    // strictly greater (Keras: y_pred > threshold): a score at the threshold predicts 0, in the
    // SIMD body and the scalar tail (every length up to 19), at the default and another threshold
    for (let n = 1; n <= 19; n++) {
      expect(sl.binaryAccuracy(new Float32Array(n), new Float32Array(n).fill(0.5)), `n = ${n}`).toBe(1);
      expect(sl.binaryAccuracy(new Float32Array(n).fill(1), new Float32Array(n).fill(0.5)), `n = ${n}`).toBe(0);
      expect(sl.binaryAccuracy(new Float32Array(n), new Float32Array(n).fill(0.3), { threshold: 0.3 }), `n = ${n}`).toBe(1);
    }
    expect(sl.binaryAccuracy([1, 0], [0.1, -0.1], { threshold: 0 })).toBe(1); // logits
    // NaN never exceeds the threshold: predicted 0
    expect(sl.binaryAccuracy([0, 1], [NaN, NaN])).toBe(0.5);
    // a non-binary target never matches (Keras compares y_true == prediction)
    expect(sl.binaryAccuracy([0.7], [0.9])).toBe(0);
  });

  it("empty input and all-zero weights give 0 (divide_no_nan)", () => {
    expect(sl.binaryAccuracy([], [])).toBe(0);
    expect(sl.binaryAccuracy([1, 0], [1, 0], { sampleWeight: [0, 0] })).toBe(0);
  });

  it("throws ShapeError for mismatched lengths", () => {
    expect(() => sl.binaryAccuracy([1, 0], [1])).toThrow(sl.ShapeError);
  });

  it("throws ValueError for a non-finite threshold", () => {
    expect(() => sl.binaryAccuracy([1], [1], { threshold: NaN })).toThrow(sl.ValueError);
  });

  it("throws ValueError for a negative weight", () => {
    expect(() => sl.binaryAccuracy([1], [1], { sampleWeight: [-1] })).toThrow(sl.ValueError);
  });
});

describe("categorical and sparse categorical accuracy", () => {
  it("match the reference for every class count and tail length, with ties and weights", () => {
    for (const C of CLASS_COUNTS) {
      for (const rows of TAIL_LENGTHS) {
        const labels = randomLabels(rows + C, rows, C);
        const p = scores(rows * 7 + C, rows, C, rows % 2 === 1);
        const w = uniform(rows + 11, rows, 0, 3);
        const hits = rowsOf(rows, C).map((s) => (argmaxRef(p, s * C, C) === labels[s] ? 1 : 0));
        const what = `C=${C} rows=${rows}`;
        expectClose(sl.sparseCategoricalAccuracy(labels, p, { classes: C }), weightedMean(hits), 1e-15, 0, what);
        expectClose(sl.sparseCategoricalAccuracy(labels, p, { classes: C, sampleWeight: w }), weightedMean(hits, w), 1e-12, 0, what);
        const t = oneHot(labels, C);
        expectClose(sl.categoricalAccuracy(t, p, { classes: C }), weightedMean(hits), 1e-15, 0, what);
        expectClose(sl.categoricalAccuracy(t, p, { classes: C, sampleWeight: w }), weightedMean(hits, w), 1e-12, 0, what);
      }
    }
  });

  it("categoricalAccuracy takes the argmax of soft targets too", () => {
    // hand-computed: targets' argmax are [1, 0]; predictions' argmax are [1, 1]
    expect(sl.categoricalAccuracy([0.2, 0.8, 0.6, 0.4], [0.1, 0.9, 0.3, 0.7], { classes: 2 })).toBe(0.5);
  });

  it("hand-computed: ties go to the first class; NaN rows predict their first NaN", () => {
    expect(sl.sparseCategoricalAccuracy([0, 1], [0.5, 0.5, 0.5, 0.5], { classes: 2 })).toBe(0.5);
    expect(sl.sparseCategoricalAccuracy([2], [0.9, 0.1, NaN], { classes: 3 })).toBe(1);
  });

  it("empty input gives 0", () => {
    expect(sl.sparseCategoricalAccuracy([], [], { classes: 4 })).toBe(0);
    expect(sl.categoricalAccuracy([], [], { classes: 4 })).toBe(0);
  });

  it("throws LabelError for a label out of range", () => {
    expect(() => sl.sparseCategoricalAccuracy([0, 3], [1, 0, 0, 1, 0, 0], { classes: 3 })).toThrow(
      "sparseCategoricalAccuracy: labels[1] = 3 is out of range [0, 3)",
    );
  });

  it("throws LabelError for a non-integer label", () => {
    expect(() => sl.sparseCategoricalAccuracy([0.5], [1, 0], { classes: 2 })).toThrow(sl.LabelError);
  });

  it("throws LabelError for a float64 label that float32 would round to an integer", () => {
    expect(() => sl.sparseCategoricalAccuracy(Float64Array.from([1.0000000001]), [1, 0], { classes: 2 })).toThrow(
      "sparseCategoricalAccuracy: labels[0] = 1.0000000001 is not an integer",
    );
  });

  it("throws ShapeError when labels and rows of yPred differ", () => {
    expect(() => sl.sparseCategoricalAccuracy([0, 1, 1], [1, 0, 0, 1], { classes: 2 })).toThrow(sl.ShapeError);
  });

  it("throws ShapeError when categorical yTrue and yPred lengths differ", () => {
    expect(() => sl.categoricalAccuracy([1, 0], [1, 0, 0, 1], { classes: 2 })).toThrow(sl.ShapeError);
  });
});

describe("extreme inputs", () => {
  it("probabilities exactly 0 and 1, ±1e4 logits and ±Infinity (hand-computed)", () => {
    expect(sl.binaryAccuracy([1, 0, 1, 0], [1, 0, 0, 1])).toBe(0.5);
    expect(sl.binaryAccuracy([1, 0, 1, 0], [1e4, -1e4, Infinity, -Infinity], { threshold: 0 })).toBe(1);
    const logits = [-1e4, 1e4, 0, 1e4, -Infinity, Infinity, -Infinity, 5];
    // rows (classes 4): argmax 1 (1e4 first), argmax 1 (Infinity)
    expect(sl.sparseCategoricalAccuracy([1, 1], logits, { classes: 4 })).toBe(1);
    // label 3 of row 0 (1e4) ties the max: in the top 1 by in_top_k, but argmax picks class 1
    expect(sl.sparseTopKCategoricalAccuracy([3, 0], logits, { classes: 4, k: 1 })).toBe(0.5);
    expect(sl.sparseCategoricalAccuracy([3], logits.slice(0, 4), { classes: 4 })).toBe(0);
  });
});

describe("top-k categorical accuracy", () => {
  it("matches tf.math.in_top_k's rule for every class count, k and tail length, with ties and weights", () => {
    for (const C of CLASS_COUNTS) {
      for (const k of [1, 2, 5, C]) {
        for (const rows of [0, 1, 3, 4, 5, 17, 33, 257]) {
          const labels = randomLabels(rows + C + k, rows, C);
          const p = scores(rows * 13 + C + k, rows, C, rows % 2 === 1);
          if (rows > 2) p[2 * C + labels[2]] = NaN; // a NaN target is a miss
          const w = uniform(rows + 2, rows, 0, 1);
          const hits = rowsOf(rows, C).map((s) => (inTopK(p, s * C, C, labels[s], k) ? 1 : 0));
          const what = `C=${C} k=${k} rows=${rows}`;
          expectClose(sl.sparseTopKCategoricalAccuracy(labels, p, { classes: C, k }), weightedMean(hits), 1e-15, 0, what);
          expectClose(sl.sparseTopKCategoricalAccuracy(labels, p, { classes: C, k, sampleWeight: w }), weightedMean(hits, w), 1e-12, 0, what);
          expectClose(sl.topKCategoricalAccuracy(oneHot(labels, C), p, { classes: C, k }), weightedMean(hits), 1e-15, 0, what);
        }
      }
    }
  });

  it("hand-computed: k defaults to 5; ties at the k-th place count", () => {
    const p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]; // label 5 has 5 classes above it: a miss at k = 5
    expect(sl.sparseTopKCategoricalAccuracy([5], p, { classes: 6 })).toBe(0);
    expect(sl.sparseTopKCategoricalAccuracy([4], p, { classes: 6 })).toBe(1);
    // classes 1 and 2 tie for 2nd place: both are in the top 2
    expect(sl.sparseTopKCategoricalAccuracy([2, 1], [0.5, 0.3, 0.3, 0.5, 0.3, 0.3], { classes: 3, k: 2 })).toBe(1);
    expect(sl.topKCategoricalAccuracy([0, 0, 1], [0.5, 0.3, 0.2], { classes: 3, k: 2 })).toBe(0);
  });

  it("throws ShapeError for k that is not a positive integer", () => {
    expect(() => sl.sparseTopKCategoricalAccuracy([0], [1, 0], { classes: 2, k: 0 })).toThrow(sl.ShapeError);
  });

  it("throws LabelError for a label out of range", () => {
    expect(() => sl.sparseTopKCategoricalAccuracy([-1], [1, 0], { classes: 2 })).toThrow(sl.LabelError);
  });
});
