import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng } from "../util/rng.js";
import { binaryData } from "../util/metrics-ref.js";
import { precisionRecallCurveRef, rocCurveRef, stepSum, thresholdCountsRef, trapezoid } from "../util/curves-ref.mjs";

const U = 2 ** -53; // float64 unit roundoff

/** Same length and, element by element, the same number (NaN equal to NaN, −0 equal to +0). */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const same = actual[i] === expected[i] || (Number.isNaN(actual[i]) && Number.isNaN(expected[i]));
    if (!same) expect.fail(`${what}[${i}] = ${actual[i]}, expected ${expected[i]}`);
  }
}

function expectCurvesMatchReference(t: ArrayLike<number>, s: sl.NumericArray, w: ArrayLike<number> | undefined, what: string) {
  for (const drop of [true, false]) {
    const options = { dropIntermediate: drop, ...(w ? { sampleWeight: w as sl.NumericArray } : {}) };
    const roc = sl.rocCurve(t as sl.NumericArray, s, options);
    const rocRef = rocCurveRef(t, s as ArrayLike<number>, options);
    expect(roc.fpr).toBeInstanceOf(Float64Array);
    expectSame(roc.fpr, rocRef.fpr, `${what} drop=${drop} fpr`);
    expectSame(roc.tpr, rocRef.tpr, `${what} drop=${drop} tpr`);
    expectSame(roc.thresholds, rocRef.thresholds, `${what} drop=${drop} roc thresholds`);
    const pr = sl.precisionRecallCurve(t as sl.NumericArray, s, options);
    const prRef = precisionRecallCurveRef(t, s as ArrayLike<number>, options);
    expectSame(pr.precision, prRef.precision, `${what} drop=${drop} precision`);
    expectSame(pr.recall, prRef.recall, `${what} drop=${drop} recall`);
    expectSame(pr.thresholds, prRef.thresholds, `${what} drop=${drop} pr thresholds`);
  }
}

/** Weights with zeros, integers and fractions. */
function weightsOf(seed: number, n: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => {
    const u = r();
    return u < 0.1 ? 0 : u < 0.5 ? Math.floor(1 + 5 * r()) : 0.1 + 3 * r();
  });
}

// ---- weighted references from the definitions (pairs and thresholds), not from any curve ----
/** Σ over (positive i, negative j) of w_i·w_j·([s_i > s_j] + ½[s_i = s_j]) / (Σ w_pos · Σ w_neg). */
function weightedAucPairs(t: ArrayLike<number>, s: ArrayLike<number>, w: ArrayLike<number>): number {
  let num = 0, P = 0, N = 0;
  for (let i = 0; i < t.length; i++) (t[i] === 1 ? (P += w[i]) : (N += w[i]));
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== 1) continue;
    for (let j = 0; j < t.length; j++) {
      if (t[j] === 1) continue;
      num += w[i] * w[j] * (s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0);
    }
  }
  return num / (P * N);
}
/** Σ over the distinct scores of nonzero weight, highest first, of ΔR · precision, counting weights at score ≥ threshold. */
function weightedApThresholds(t: ArrayLike<number>, s: ArrayLike<number>, w: ArrayLike<number>): number {
  const ths = Array.from(new Set(Array.from(s).filter((_, i) => w[i] !== 0))).sort((a, b) => b - a);
  let P = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === 1) P += w[i];
  let ap = 0, prev = 0;
  for (const th of ths) {
    let tp = 0, fp = 0;
    for (let i = 0; i < t.length; i++) if (s[i] >= th) (t[i] === 1 ? (tp += w[i]) : (fp += w[i]));
    ap += (tp / P - prev) * (tp / (tp + fp));
    prev = tp / P;
  }
  return ap;
}

describe("rocCurve and precisionRecallCurve: scikit-learn's examples and tests, by hand", () => {
  it("roc_curve's docstring: fpr [0, 0, ½, ½, 1], tpr [0, ½, ½, 1, 1], thresholds [∞, 0.8, 0.4, 0.35, 0.1]", () => {
    const roc = sl.rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    // float32 scores: the thresholds are the float32 values, exactly
    const f32 = sl.rocCurve([0, 0, 1, 1], Float32Array.from([0.1, 0.4, 0.35, 0.8]));
    expect(Array.from(f32.thresholds)).toEqual([Infinity, ...[0.8, 0.4, 0.35, 0.1].map(Math.fround)]);
  });

  it("precision_recall_curve's docstring: precision [½, ⅔, ½, 1, 1], recall [1, 1, ½, ½, 0], thresholds [0.1, 0.35, 0.4, 0.8]", () => {
    const pr = sl.precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(pr.precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(pr.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(pr.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it("test_roc_curve_drop_intermediate: collinear points go, corners stay", () => {
    // scores 1 (P), 0.7 (P), 0.6, 0.5, 0.2, 0 (N): TP 1 2 2 2 2 2, FP 0 0 1 2 3 4 → corners at 1, 0.7, 0
    expect(Array.from(sl.rocCurve([0, 0, 0, 0, 1, 1], [0, 0.2, 0.5, 0.6, 0.7, 1]).thresholds)).toEqual([Infinity, 1, 0.7, 0]);
    const t = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const s = [0, 0.1, 0.6, 0.6, 0.7, 0.8, 0.9, 0.6, 0.7, 0.8, 0.9, 0.9, 1];
    // TP 1 3 4 5 6 6 6, FP 0 1 2 3 5 6 7 at 1 0.9 0.8 0.7 0.6 0.1 0: 0.8 and 0.1 lie on straight segments
    expect(Array.from(sl.rocCurve(t, s).thresholds)).toEqual([Infinity, 1, 0.9, 0.7, 0.6, 0]);
    expect(Array.from(sl.rocCurve(t, s, { dropIntermediate: false }).thresholds)).toEqual([Infinity, 1, 0.9, 0.8, 0.7, 0.6, 0.1, 0]);
    expect(Array.from(sl.rocCurve(t, s).fpr)).toEqual([0, 0, 1 / 7, 3 / 7, 5 / 7, 1]);
    expect(Array.from(sl.rocCurve(t, s).tpr)).toEqual([0, 1 / 6, 3 / 6, 5 / 6, 1, 1]);
  });

  it("test_precision_recall_curve_drop_intermediate: inner points of a run of equal TP go", () => {
    const pr = (t: number[], s: number[]) => Array.from(sl.precisionRecallCurve(t, s, { dropIntermediate: true }).thresholds);
    expect(pr([0, 0, 0, 0, 1, 1], [0, 0.2, 0.5, 0.6, 0.7, 1])).toEqual([0, 0.7, 1]);
    expect(pr([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], [0, 0.1, 0.6, 0.6, 0.7, 0.8, 0.9, 0.6, 0.7, 0.8, 0.9, 0.9, 1])).toEqual([0, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(pr([0, 0, 0, 0], [0, 0.1, 0.2, 0.3])).toEqual([0, 0.3]);
    expect(pr([1, 1, 1, 1], [0, 0.1, 0.2, 0.3])).toEqual([0, 0.1, 0.2, 0.3]);
    // and the precision kept at a recall step is the one at its highest threshold
    const c = sl.precisionRecallCurve([0, 0, 0, 0, 1, 1], [0, 0.2, 0.5, 0.6, 0.7, 1], { dropIntermediate: true });
    expect(Array.from(c.precision)).toEqual([2 / 6, 1, 1, 1]);
    expect(Array.from(c.recall)).toEqual([1, 1, 0.5, 0]);
  });

  it("ties: one threshold per distinct score, a tied positive and negative move the ROC diagonally", () => {
    // scores 0.9 (P), 0.5 (P, N), 0.2 (N): TP 1 2 2, FP 0 1 2
    const roc = sl.rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], { dropIntermediate: false });
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.9, 0.5, 0.2]);
    const pr = sl.precisionRecallCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]);
    expect(Array.from(pr.precision)).toEqual([0.5, 2 / 3, 1, 1]);
    expect(Array.from(pr.recall)).toEqual([1, 1, 0.5, 0]);
    // every score tied: the diagonal, and the precision is the prevalence
    expect(Array.from(sl.rocCurve([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]).fpr)).toEqual([0, 1]);
    expect(Array.from(sl.precisionRecallCurve([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]).precision)).toEqual([0.6, 1]);
  });

  it("weights: TP and FP are sums of weights, and a weight-0 sample sets no threshold", () => {
    // scores 0.8 (P, 4), 0.4 (P, 2), 0.35 (N, 3), 0.1 (N, 1): TP 4 6 6 6, FP 0 0 3 4
    const w = { sampleWeight: [1, 2, 3, 4] };
    const roc = sl.rocCurve([0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8], w);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0, 0.75, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 4 / 6, 1, 1, 1]);
    const pr = sl.precisionRecallCurve([0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8], w);
    expect(Array.from(pr.precision)).toEqual([0.6, 6 / 9, 1, 1, 1]);
    expect(Array.from(pr.recall)).toEqual([1, 1, 1, 4 / 6, 0]);
    const zero = sl.rocCurve([0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8], { sampleWeight: [1, 1, 0, 1], dropIntermediate: false });
    expect(Array.from(zero.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.1]);
    expect(Array.from(zero.fpr)).toEqual([0, 0, 0, 1]);
  });

  it("integer weights equal repeated samples, and weights of 1 equal no weights", () => {
    const { t, s } = binaryData(11, 300, 10);
    const r = rng(12);
    const w = Float64Array.from(t, () => Math.floor(r() * 4)); // 0 … 3
    const rt: number[] = [], rs: number[] = [];
    t.forEach((y, i) => { for (let k = 0; k < w[i]; k++) { rt.push(y); rs.push(s[i]); } });
    for (const drop of [true, false]) {
      const a = sl.rocCurve(t, s, { sampleWeight: w, dropIntermediate: drop });
      const b = sl.rocCurve(rt, rs, { dropIntermediate: drop });
      expectSame(a.fpr, b.fpr, "fpr"); expectSame(a.tpr, b.tpr, "tpr"); expectSame(a.thresholds, b.thresholds, "thresholds");
      const p = sl.precisionRecallCurve(t, s, { sampleWeight: w, dropIntermediate: drop });
      const q = sl.precisionRecallCurve(rt, rs, { dropIntermediate: drop });
      expectSame(p.precision, q.precision, "precision"); expectSame(p.recall, q.recall, "recall"); expectSame(p.thresholds, q.thresholds, "thresholds");
      const ones = sl.precisionRecallCurve(t, s, { sampleWeight: new Float32Array(t.length).fill(1), dropIntermediate: drop });
      const none = sl.precisionRecallCurve(t, s, { dropIntermediate: drop });
      expectSame(ones.precision, none.precision, "ones precision"); expectSame(ones.recall, none.recall, "ones recall");
    }
  });
});

describe("rocCurve and precisionRecallCurve against scikit-learn's algorithm in float64", () => {
  it("every tail length, with and without ties, float64 and float32 scores, unweighted and weighted: the same numbers", () => {
    for (const n of TAIL_LENGTHS) {
      for (const levels of [0, 4, 20]) {
        const { t, s } = binaryData(n * 3 + levels, n, levels);
        const w = weightsOf(n + levels, n);
        expectCurvesMatchReference(t, s, undefined, `n=${n} levels=${levels}`);
        expectCurvesMatchReference(t, Float32Array.from(s), undefined, `float32 n=${n} levels=${levels}`);
        // weighted: the same running sums in the same order as scikit-learn, so the same bits
        expectCurvesMatchReference(t, s, w, `weighted n=${n} levels=${levels}`);
        expectCurvesMatchReference(t, Float32Array.from(s), Float32Array.from(w), `weighted float32 n=${n} levels=${levels}`);
        expectCurvesMatchReference(Array.from(t), Array.from(s), Array.from(w), `plain arrays n=${n} levels=${levels}`);
      }
    }
  });

  it("scores of every sign and magnitude: negatives, ±0, subnormals, huge values (weighted sort keys)", () => {
    const specials = [-1e300, -3e38, -1e10, -1, -1e-30, -1e-45, -5e-324, -0, 0, 5e-324, 1e-45, 1e-38, 1e-30, 0.5, 1, 7, 1e10, 3e38, 1e300];
    for (const n of [15, 64, 257, 1025]) {
      const r = rng(n);
      const t = Float32Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
      const s64 = Float64Array.from({ length: n }, () => specials[Math.floor(r() * specials.length)] * (r() < 0.2 ? 1 + 0.1 * r() : 1));
      const w = weightsOf(n + 1, n);
      expectCurvesMatchReference(t, s64, undefined, `float64 n=${n}`);
      expectCurvesMatchReference(t, s64, w, `weighted float64 n=${n}`);
      const s32 = Float32Array.from(s64, (x) => (Math.abs(x) > 3e38 ? Math.sign(x) * 3e38 : x));
      expectCurvesMatchReference(t, s32, undefined, `float32 n=${n}`);
      expectCurvesMatchReference(t, s32, w, `weighted float32 n=${n}`);
    }
    // hand-computed: −0 and +0 are one threshold
    expect(Array.from(sl.rocCurve([1, 0], [-0, 0], { sampleWeight: [1, 1] }).fpr)).toEqual([0, 1]);
    expect(Array.from(sl.rocCurve([1, 0], [-0, 0]).tpr)).toEqual([0, 1]);
  });

  it("float64 scores closer than their 32-bit sort keys resolve (weighted): exact order within a key", () => {
    // 2000 scores in [0.5, 0.5 + 1e-9): all share the top 32 bits of their keys, ties among them too
    const n = 2000;
    const r = rng(5);
    const t = Float32Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    const s = Float64Array.from({ length: n }, () => 0.5 + Math.floor(r() * 700) * 1e-12 * (1 + (r() < 0.5 ? 1 : 0) * 0.3));
    const w = weightsOf(6, n);
    expectCurvesMatchReference(t, s, w, "close float64");
    // and scores spread over a few keys, each key holding several distinct scores
    const s2 = Float64Array.from({ length: n }, () => [1, 2, 3][Math.floor(r() * 3)] + Math.floor(r() * 50) * 2 ** -40);
    expectCurvesMatchReference(t, s2, w, "several keys");
  });

  it("1e5 samples, heavy ties, weighted and unweighted: the same numbers", () => {
    const { t, s } = binaryData(21, 1e5, 1000);
    const w = weightsOf(22, 1e5);
    expectCurvesMatchReference(t, Float32Array.from(s), undefined, "1e5");
    expectCurvesMatchReference(t, s, w, "1e5 weighted");
  });

  it("leaves its inputs unchanged", () => {
    const { t, s } = binaryData(3, 500, 0);
    const s32 = Float32Array.from(s), w = weightsOf(4, 500);
    const copies = [Float32Array.from(t), Float32Array.from(s32), Float64Array.from(w)];
    sl.rocCurve(t, s32, { sampleWeight: w });
    sl.precisionRecallCurve(t, s32);
    expect([t, s32, w]).toEqual(copies);
  });

  it("zero-copy inputs (arrays in module memory) give the same curves", () => {
    const n = 3000;
    const { t, s } = binaryData(8, n, 50);
    const w = Float32Array.from(weightsOf(9, n));
    const bufs = [sl.allocFloat32(n), sl.allocFloat32(n), sl.allocFloat32(n)];
    try {
      bufs[0].array.set(t);
      bufs[1].array.set(s);
      bufs[2].array.set(w);
      const a = sl.rocCurve(bufs[0].array, bufs[1].array, { sampleWeight: bufs[2].array });
      const b = sl.rocCurve(t, Float32Array.from(s), { sampleWeight: w });
      expectSame(a.fpr, b.fpr, "fpr");
      expectSame(a.tpr, b.tpr, "tpr");
      expectSame(a.thresholds, b.thresholds, "thresholds");
    } finally {
      for (const b of bufs) b.free();
    }
  });
});

describe("agreement with rocAuc and averagePrecision", () => {
  it("the trapezoid sum over rocCurve is rocAuc, the step sum over precisionRecallCurve is averagePrecision", () => {
    for (const n of [2, 3, 17, 257, 1025, 5000]) {
      for (const levels of [0, 3, 50]) {
        const { t, s } = binaryData(n + 7 * levels, n, levels);
        for (const scores of [s, Float32Array.from(s)]) {
          const auc = sl.rocAuc(t, scores);
          const ap = sl.averagePrecision(t, scores);
          for (const drop of [true, false]) {
            const roc = sl.rocCurve(t, scores, { dropIntermediate: drop });
            const pr = sl.precisionRecallCurve(t, scores, { dropIntermediate: drop });
            // each rate is rounded once, each term and sum add a rounding: a few units of 2^-53 per point
            expectClose(trapezoid(roc.fpr, roc.tpr), auc, 0, 4 * (roc.fpr.length + 2) * U, `ROC n=${n} levels=${levels} drop=${drop}`);
            expectClose(stepSum(pr.precision, pr.recall), ap, 0, 4 * (pr.recall.length + 2) * U, `PR n=${n} levels=${levels} drop=${drop}`);
          }
        }
      }
    }
  });

  it("weighted: the trapezoid and step sums equal the weighted pair count and threshold-by-threshold AP", () => {
    for (const n of [5, 33, 400]) {
      for (const levels of [0, 6]) {
        const { t, s } = binaryData(n * 5 + levels, n, levels);
        const w = weightsOf(n + 3, n);
        const roc = sl.rocCurve(t, s, { sampleWeight: w });
        const pr = sl.precisionRecallCurve(t, s, { sampleWeight: w });
        expectClose(trapezoid(roc.fpr, roc.tpr), weightedAucPairs(t, s, w), 1e-12, 0, `ROC n=${n} levels=${levels}`);
        expectClose(stepSum(pr.precision, pr.recall), weightedApThresholds(t, s, w), 1e-12, 0, `PR n=${n} levels=${levels}`);
      }
    }
  });

  it("dropping intermediate points changes neither area", () => {
    const { t, s } = binaryData(99, 3000, 0); // no ties: runs of one class make collinear points
    const full = sl.rocCurve(t, s, { dropIntermediate: false });
    const light = sl.rocCurve(t, s);
    expect(light.fpr.length).toBeLessThan(full.fpr.length);
    expectClose(trapezoid(light.fpr, light.tpr), trapezoid(full.fpr, full.tpr), 1e-13);
    const prFull = sl.precisionRecallCurve(t, s);
    const prLight = sl.precisionRecallCurve(t, s, { dropIntermediate: true });
    expect(prLight.recall.length).toBeLessThan(prFull.recall.length);
    expectClose(stepSum(prLight.precision, prLight.recall), stepSum(prFull.precision, prFull.recall), 1e-13);
  });
});

describe("undefined cases and errors", () => {
  it("no negatives: fpr is NaN; no positives: tpr is NaN and recall is NaN (averagePrecision is NaN there)", () => {
    const onlyPos = sl.rocCurve([1, 1, 1], [0.1, 0.2, 0.3]);
    expect(Array.from(onlyPos.fpr).every(Number.isNaN)).toBe(true);
    expect(Array.from(onlyPos.tpr)).toEqual([0, 1 / 3, 1]);
    const onlyNeg = sl.rocCurve([0, 0], [0.1, 0.2]);
    expect(Array.from(onlyNeg.tpr).every(Number.isNaN)).toBe(true);
    expect(Array.from(onlyNeg.fpr)).toEqual([0, 0.5, 1]);
    const pr = sl.precisionRecallCurve([0, 0], [0.1, 0.2]);
    expect(Array.from(pr.precision)).toEqual([0, 0, 1]);
    expectAllClose(pr.recall, [NaN, NaN, 0], 0);
    expect(sl.averagePrecision([0, 0], [0.1, 0.2])).toBeNaN();
    expect(stepSum(pr.precision, pr.recall)).toBeNaN();
    // only positives: precision is 1 everywhere (averagePrecision 1)
    expect(Array.from(sl.precisionRecallCurve([1, 1], [0.1, 0.2]).precision)).toEqual([1, 1, 1]);
  });

  it("no samples, or every weight 0: the point at +∞ alone (ROC), the last point alone (PR)", () => {
    for (const roc of [sl.rocCurve([], []), sl.rocCurve([0, 1], [0.2, 0.4], { sampleWeight: [0, 0] })]) {
      expectAllClose(roc.fpr, [NaN], 0);
      expectAllClose(roc.tpr, [NaN], 0);
      expect(Array.from(roc.thresholds)).toEqual([Infinity]);
    }
    for (const pr of [sl.precisionRecallCurve([], []), sl.precisionRecallCurve([0, 1], [0.2, 0.4], { sampleWeight: [0, 0] })]) {
      expect(Array.from(pr.precision)).toEqual([1]);
      expect(Array.from(pr.recall)).toEqual([0]);
      expect(pr.thresholds.length).toBe(0);
    }
    // one sample: (0, 0) at +∞, then the sample's point
    expect(Array.from(sl.rocCurve([1], [0.5]).tpr)).toEqual([0, 1]);
  });

  it("throws LabelError for a label other than 0 or 1", () => {
    expect(() => sl.rocCurve([0, 2], [0.1, 0.2])).toThrow(sl.LabelError);
    expect(() => sl.precisionRecallCurve([0, 0.5], [0.1, 0.2], { sampleWeight: [1, 1] })).toThrow("precisionRecallCurve: yTrue[1] = 0.5 must be 0 or 1");
  });

  it("throws ShapeError for mismatched lengths of scores or weights", () => {
    expect(() => sl.rocCurve([0, 1], [0.1])).toThrow("rocCurve: yTrue.length (2) must equal scores.length (1)");
    expect(() => sl.rocCurve([0, 1], [0.1], { sampleWeight: [1, 1] })).toThrow(sl.ShapeError);
    expect(() => sl.precisionRecallCurve([0, 1], [0.1, 0.2], { sampleWeight: [1] }))
      .toThrow("precisionRecallCurve: options.sampleWeight.length (1) must equal the number of samples (2)");
  });

  it("throws ValueError for a NaN or infinite score, a bad weight, an unknown option", () => {
    expect(() => sl.rocCurve([0, 1], [0.1, NaN])).toThrow("rocCurve: scores[1] = NaN is not finite");
    expect(() => sl.rocCurve([0, 1], [Infinity, 0.1], { sampleWeight: [1, 1] })).toThrow("rocCurve: scores[0] = Infinity is not finite");
    expect(() => sl.rocCurve([0, 1], [0.5, NaN], { sampleWeight: [1, 0] })).toThrow(sl.ValueError); // even at weight 0
    expect(() => sl.rocCurve([0, 1], [0.1, 0.2], { sampleWeight: [1, -1] })).toThrow("rocCurve: options.sampleWeight[1] = -1 must be finite and non-negative");
    expect(() => sl.precisionRecallCurve([0, 1], [0.1, 0.2], { sampleWeight: [NaN, 1] })).toThrow(sl.ValueError);
    expect(() => sl.precisionRecallCurve([0, 1], [0.1, 0.2], { sampleWeight: Float64Array.of(1, Infinity) })).toThrow(sl.ValueError);
    expect(() => sl.rocCurve([0, 1], [0.1, 0.2], { sampleWieght: [1, 1] } as never)).toThrow("rocCurve: options.sampleWieght is not an option");
    expect(() => sl.precisionRecallCurve([0, 1], [0.1, 0.2], { reduction: "sum" } as never)).toThrow(sl.ValueError);
  });

  it("throws ArgumentTypeError for a non-boolean dropIntermediate and for weights that are not numbers", () => {
    expect(() => sl.rocCurve([0, 1], [0.1, 0.2], { dropIntermediate: "yes" } as never)).toThrow("rocCurve: options.dropIntermediate must be a boolean, got string \"yes\"");
    expect(() => sl.rocCurve([0, 1], [0.1, 0.2], { sampleWeight: "11" } as never)).toThrow(sl.ArgumentTypeError);
    expect(() => sl.rocCurve([0, 1], [0.1, 0.2], null as never)).toThrow(sl.ArgumentTypeError);
  });
});

describe("the reference itself", () => {
  it("counts per threshold as scikit-learn's confusion_matrix_at_thresholds docstring", () => {
    // fps [0, 1, 1, 2], tps [1, 1, 2, 2], thresholds [0.8, 0.4, 0.35, 0.1]
    expect(thresholdCountsRef([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toEqual({ thresholds: [0.8, 0.4, 0.35, 0.1], tps: [1, 1, 2, 2], fps: [0, 1, 1, 2] });
  });
});
