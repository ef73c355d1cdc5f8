import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng } from "../util/rng.js";
import { binaryData, randomLabels } from "../util/metrics-ref.js";

// ---- references from the definitions, not from the histogram walk under test ----
/** Mann–Whitney: P(score of a positive > score of a negative) + ½ P(tie), over all pairs. */
function aucPairs(t: ArrayLike<number>, s: ArrayLike<number>): number {
  let wins = 0, pos = 0, neg = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 1) pos++;
    else neg++;
  }
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== 1) continue;
    for (let j = 0; j < t.length; j++) {
      if (t[j] === 1) continue;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return pos === 0 || neg === 0 ? NaN : wins / (pos * neg);
}

/** sklearn's AP: Σ (R_n − R_{n−1}) P_n over the distinct scores as thresholds, highest first. */
function apThresholds(t: ArrayLike<number>, s: ArrayLike<number>): number {
  const thresholds = Array.from(new Set(Array.from(s))).sort((a, b) => b - a);
  const P = Array.from(t).filter((x) => x === 1).length;
  if (P === 0) return NaN;
  let ap = 0, prevRecall = 0;
  for (const th of thresholds) {
    let tp = 0, fp = 0;
    for (let i = 0; i < t.length; i++) if (s[i] >= th) (t[i] === 1 ? tp++ : fp++);
    ap += (tp / P - prevRecall) * (tp / (tp + fp));
    prevRecall = tp / P;
  }
  return ap;
}

describe("rocAuc and averagePrecision", () => {
  it("hand-computed: scikit-learn's docstring data, no ties", () => {
    // pairs (pos, neg): 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 → 3/4.
    expect(sl.rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    // thresholds 0.8 (P=1, R=1/2), 0.4 (P=1/2), 0.35 (P=2/3, R=1): AP = ½·1 + ½·⅔ = 5/6
    expectClose(sl.averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 5 / 6, 1e-15);
  });

  it("hand-computed: a positive tied with a negative counts ½, and AP takes one step per distinct score", () => {
    // pairs: 0.5 vs 0.5 → ½, 0.5 > 0.2, 0.9 > 0.5, 0.9 > 0.2 → 3.5/4
    expect(sl.rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    // thresholds 0.9 (TP 1, FP 0), 0.5 (TP 2, FP 1): AP = ½·1 + ½·⅔
    expectClose(sl.averagePrecision([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 5 / 6, 1e-15);
    // every score tied: the ROC is the diagonal (½) and AP is the prevalence (3/5)
    expect(sl.rocAuc([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expectClose(sl.prAuc([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3]), 0.6, 1e-15);
    // perfect and reversed rankings
    expect(sl.rocAuc([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(sl.rocAuc([1, 1, 0, 0], [1, 2, 3, 4])).toBe(0);
  });

  it("matches Mann–Whitney pair counting and threshold-by-threshold AP at every tail length, with and without ties", () => {
    for (const n of TAIL_LENGTHS) {
      for (const levels of [0, 4, 20]) {
        const { t, s } = binaryData(n * 3 + levels, n, levels);
        expectClose(sl.rocAuc(t, s), aucPairs(t, s), 1e-14, 0, `n=${n} levels=${levels}`);
        expectClose(sl.averagePrecision(t, s), apThresholds(t, s), 1e-12, 0, `AP n=${n} levels=${levels}`);
        const f32 = Float32Array.from(s);
        expectClose(sl.rocAuc(t, f32), aucPairs(t, f32), 1e-14, 0, `float32 n=${n}`);
      }
    }
  });

  it("scores of every sign and magnitude (radix-sort keys): negatives, ±0, subnormals, huge values", () => {
    const specials = [-3e38, -1e10, -1, -1e-30, -1e-45, -0, 0, 1e-45, 1e-38, 1e-30, 0.5, 1, 7, 1e10, 3e38];
    for (const n of [15, 64, 257, 1025]) {
      const r = rng(n);
      const t = Float32Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
      const s64 = Float64Array.from({ length: n }, () => specials[Math.floor(r() * specials.length)] * (r() < 0.2 ? 1 + 0.1 * r() : 1)); // stays below float32 max
      expectClose(sl.rocAuc(t, s64), aucPairs(t, s64), 1e-14, 0, `float64 n=${n}`);
      expectClose(sl.averagePrecision(t, s64), apThresholds(t, s64), 1e-12, 0, `AP float64 n=${n}`);
      const s32 = Float32Array.from(s64);
      expectClose(sl.rocAuc(t, s32), aucPairs(t, s32), 1e-14, 0, `float32 n=${n}`);
      expectClose(sl.averagePrecision(t, s32), apThresholds(t, s32), 1e-12, 0, `AP float32 n=${n}`);
    }
    // hand-computed: −0 and +0 are the same score, so a positive at −0 ties a negative at +0 (½)
    expect(sl.rocAuc([1, 0], [-0, 0])).toBe(0.5);
    expect(sl.rocAuc([1, 0], Float32Array.from([-0, 0]))).toBe(0.5);
  });

  it("1e6 scores: equals the rank-sum (Mann–Whitney U) formula", () => {
    const { t, s } = binaryData(5, 1e6, 1000);
    // U = Σ over positives of (negatives strictly below + ½ negatives tied), from a count of
    // negatives per quantised level (scores are k/1000, so level k = round(1000·score))
    const key = (x: number) => Math.round(x * 1000);
    const negAt = new Float64Array(2001);
    let neg = 0;
    for (let i = 0; i < t.length; i++) if (t[i] === 0) { negAt[key(s[i])]++; neg++; }
    const below = new Float64Array(2002);
    for (let k = 0; k < 2001; k++) below[k + 1] = below[k] + negAt[k];
    let u = 0, pos = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== 1) continue;
      pos++;
      u += below[key(s[i])] + 0.5 * negAt[key(s[i])];
    }
    expectClose(sl.rocAuc(t, s), u / (pos * neg), 1e-12);
  });

  it("single-class and empty inputs are undefined: NaN, as current scikit-learn", () => {
    expect(sl.rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN();
    expect(sl.rocAuc([0, 0], [0.1, 0.2])).toBeNaN();
    expect(sl.rocAuc([], [])).toBeNaN();
    expect(sl.averagePrecision([0, 0], [0.1, 0.2])).toBeNaN();
    expect(sl.averagePrecision([], [])).toBeNaN();
    expect(sl.averagePrecision([1, 1], [0.1, 0.2])).toBe(1); // only positives: precision is always 1
  });

  it("throws LabelError for a label other than 0 or 1", () => {
    expect(() => sl.rocAuc([0, 2], [0.1, 0.2])).toThrow("rocAuc: yTrue[1] = 2 must be 0 or 1");
  });

  it("throws ShapeError for mismatched lengths", () => {
    expect(() => sl.rocAuc([0, 1], [0.1])).toThrow(sl.ShapeError);
  });

  it("throws ValueError for a NaN score", () => {
    expect(() => sl.averagePrecision([0, 1], [0.1, NaN])).toThrow("averagePrecision: scores[1] = NaN is not finite");
  });
});

describe("one-vs-rest rocAuc", () => {
  it("macro average of per-class pair counts (class c vs rest, scored by column c)", () => {
    for (const C of [2, 3, 5, 10]) {
      for (const rows of [3, 17, 100]) {
        const labels = randomLabels(rows + C, rows, C);
        for (let c = 0; c < C; c++) labels[c] = c; // every class present
        const r = rng(rows * C);
        const p = Float64Array.from({ length: rows * C }, () => Math.floor(r() * 8) / 8);
        const per = Array.from({ length: C }, (_, c) => aucPairs(Array.from(labels, (l) => (l === c ? 1 : 0)), Array.from({ length: rows }, (_, s) => p[s * C + c])));
        const got = sl.rocAucOneVsRest(labels, p, { classes: C });
        for (let c = 0; c < C; c++) expectClose(got.perClass[c], per[c], 1e-14, 0, `C=${C} rows=${rows} class ${c}`);
        expectClose(got.macro, per.reduce((a, b) => a + b, 0) / C, 1e-14);
        expect(sl.rocAuc(labels, p, { classes: C })).toBe(got.macro);
      }
    }
  });

  it("a class absent from the labels makes its AUC and the macro average NaN", () => {
    const got = sl.rocAucOneVsRest([0, 1, 0, 1], [0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.5, 0.4, 0.1, 0.2, 0.5, 0.3], { classes: 3 });
    expect(got.perClass[2]).toBeNaN();
    expect(got.macro).toBeNaN();
  });

  it("throws ShapeError when scores is not labels × classes", () => {
    expect(() => sl.rocAuc([0, 1], [0.5, 0.5, 0.5], { classes: 2 })).toThrow(sl.ShapeError);
  });

  it("throws LabelError for a label out of range", () => {
    expect(() => sl.rocAucOneVsRest([0, 3], [1, 0, 0, 1, 0, 0], { classes: 3 })).toThrow(sl.LabelError);
  });
});
