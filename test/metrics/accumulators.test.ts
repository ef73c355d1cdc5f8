import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { rng, uniform } from "../util/rng.js";
import { argmaxRef, randomLabels, scores } from "../util/metrics-ref.js";

/** Splits [0, n) at the given cut points into contiguous shards. */
function shardsOf(n: number, cuts: number[]): [number, number][] {
  const points = Array.from(new Set(cuts.map((c) => c % (n + 1)))).sort((a, b) => a - b);
  const bounds = [0, ...points, n];
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push([bounds[i], bounds[i + 1]]);
  return out;
}

/**
 * Merges a list of accumulators in the order the picks say: repeatedly merge one (maybe through
 * JSON) into another, until one is left. Any merge tree and order can come out of this.
 */
function mergeAll<A extends { merge(o: A): A; toJSON(): unknown }>(accs: A[], picks: number[], revive: (j: unknown) => A): A {
  const list = accs.slice();
  let k = 0;
  while (list.length > 1) {
    const i = (picks[k++ % picks.length] ?? 0) % list.length;
    const [a] = list.splice(i, 1);
    const j = (picks[k++ % picks.length] ?? 0) % list.length;
    const viaJson = ((picks[k++ % picks.length] ?? 0) & 1) === 1;
    list[j].merge(viaJson ? revive(JSON.parse(JSON.stringify(a))) : a);
  }
  return list[0];
}

const shardArb = fc.record({
  n: fc.integer({ min: 0, max: 300 }),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe("LossAccumulator", () => {
  it("property: any sharding, merged in any order (some through JSON), equals the one-shot result bit for bit", () => {
    fc.assert(
      fc.property(shardArb, fc.boolean(), ({ n, cuts, picks, seed }, weighted) => {
        // losses over many magnitudes, so that a naive float64 sum would depend on the order
        const r = rng(seed);
        const losses = Float64Array.from({ length: n }, () => (r() - 0.2) * 10 ** Math.floor(r() * 30 - 10));
        const w = weighted ? uniform(seed + 1, n, 0, 3) : undefined;
        const oneShot = new sl.LossAccumulator().update(losses, w);
        const accs = shardsOf(n, cuts).map(([a, b]) =>
          new sl.LossAccumulator().update(losses.subarray(a, b), w?.subarray(a, b)));
        const merged = mergeAll(accs, picks, sl.LossAccumulator.fromJSON);
        expect(Object.is(merged.result(), oneShot.result())).toBe(true);
        expect(Object.is(merged.total, oneShot.total)).toBe(true);
        expect(Object.is(merged.count, oneShot.count)).toBe(true);
        // and against a plain float64 sum, within its own rounding (≤ n·2⁻⁵² of Σ|w·L|)
        let total = 0;
        let abs = 0;
        let count = 0;
        for (let i = 0; i < n; i++) {
          const wi = w ? w[i] : 1;
          total += wi * losses[i];
          abs += Math.abs(wi * losses[i]);
          count += wi;
        }
        expect(Math.abs(merged.total - total)).toBeLessThanOrEqual((n + 1) * 2 ** -52 * abs);
        expect(Math.abs(merged.count - count)).toBeLessThanOrEqual((n + 1) * 2 ** -52 * count);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it("the result is the correctly rounded Σ w·L / Σ w (hand-computed cases)", () => {
    // hand-computed: 1e100 + 1 − 1e100 = 1 exactly (a naive left-to-right float64 sum gives 0)
    const acc = new sl.LossAccumulator().update([1e100, 1, -1e100]);
    expect(acc.total).toBe(1);
    expect(acc.count).toBe(3);
    expect(acc.result()).toBe(1 / 3);
    // 0.1 ten times: the exact sum of the ten float64 values 0.1, rounded once, is 1
    expect(new sl.LossAccumulator().update(new Array(10).fill(0.1)).total).toBe(1);
    // scalar weight: mean loss 2.5 over a batch of 4, then 1 over a batch of 2 → (10 + 2) / 6
    expect(new sl.LossAccumulator().update(2.5, 4).update(1, 2).result()).toBe(2);
  });

  it("total is the exact sum correctly rounded: BigInt reference on values k·2^e, e ∈ [−60, 0]", () => {
    // every value is an integer multiple of 2^-60, so 2^60·Σ is an exact BigInt, and Number()
    // of a BigInt rounds to nearest, ties to even; scaling by 2^-60 is then exact
    const r = rng(12);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(r() * 200);
      const values = Array.from({ length: n }, () => {
        const k = Math.floor((r() - 0.5) * 2 ** 53);
        return k * 2 ** -Math.floor(r() * 61);
      });
      let exact = 0n;
      for (const v of values) exact += BigInt(v * 2 ** 60);
      expect(new sl.LossAccumulator().update(values).total, `trial ${trial}`).toBe(Number(exact) * 2 ** -60);
    }
  });

  it("empty gives 0; Infinity and NaN losses propagate and survive JSON", () => {
    expect(new sl.LossAccumulator().result()).toBe(0);
    const inf = new sl.LossAccumulator().update([1, Infinity]);
    expect(inf.result()).toBe(Infinity);
    expect(sl.LossAccumulator.fromJSON(JSON.parse(JSON.stringify(inf))).result()).toBe(Infinity);
    expect(new sl.LossAccumulator().update([Infinity, -Infinity]).result()).toBeNaN();
  });

  it("throws ShapeError when weights and values differ in length", () => {
    expect(() => new sl.LossAccumulator().update([1, 2], [1])).toThrow(sl.ShapeError);
  });

  it("throws ValueError for a negative weight", () => {
    expect(() => new sl.LossAccumulator().update([1], [-1])).toThrow(sl.ValueError);
  });

  it("throws ValueError for JSON of another accumulator", () => {
    expect(() => sl.LossAccumulator.fromJSON({ type: "AucAccumulator" })).toThrow(sl.ValueError);
  });
});

describe("ConfusionMatrixAccumulator", () => {
  it("property: any sharding, merged in any order (some through JSON), equals the one-shot matrix exactly", () => {
    fc.assert(
      fc.property(shardArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.boolean(), ({ n, cuts, picks, seed }, C, fromScores, weighted) => {
        const labels = randomLabels(seed, n, C);
        const p = scores(seed + 1, n, C, true);
        const predictions = randomLabels(seed + 2, n, C);
        // integer weights: their sums are exact, so merging must be exact
        const r = rng(seed + 3);
        const w = weighted ? Float32Array.from({ length: n }, () => Math.floor(r() * 5)) : undefined;
        const feed = (acc: sl.ConfusionMatrixAccumulator, a: number, b: number) =>
          fromScores
            ? acc.updateFromScores(labels.subarray(a, b), p.subarray(a * C, b * C), { weights: w?.subarray(a, b) })
            : acc.update(labels.subarray(a, b), predictions.subarray(a, b), { weights: w?.subarray(a, b) });
        const oneShot = feed(new sl.ConfusionMatrixAccumulator({ classes: C }), 0, n).result();
        const direct = fromScores
          ? sl.confusionMatrixFromScores(labels, p, { classes: C, weights: w })
          : sl.confusionMatrix(labels, predictions, { classes: C, weights: w });
        expect(oneShot).toEqual(direct);
        // the matrix counted here from the definition (ties in the scores: NumPy's first argmax)
        const reference = new Float64Array(C * C);
        for (let s = 0; s < n; s++) {
          const q = fromScores ? argmaxRef(p, s * C, C) : predictions[s];
          reference[labels[s] * C + q] += w ? w[s] : 1;
        }
        expect(oneShot).toEqual(reference);
        const accs = shardsOf(n, cuts).map(([a, b]) => feed(new sl.ConfusionMatrixAccumulator({ classes: C }), a, b));
        const merged = mergeAll(accs, picks, sl.ConfusionMatrixAccumulator.fromJSON);
        expect(merged.result()).toEqual(oneShot);
        expect(merged.report().format()).toBe(sl.classificationReportFromMatrix(oneShot).format());
      }),
      { numRuns: 200, seed: 6 },
    );
  });

  it("throws ShapeError when merging accumulators of different class counts", () => {
    const a = new sl.ConfusionMatrixAccumulator({ classes: 2 });
    expect(() => a.merge(new sl.ConfusionMatrixAccumulator({ classes: 3 }))).toThrow(sl.ShapeError);
  });

  it("throws LabelError for a label out of range in update", () => {
    expect(() => new sl.ConfusionMatrixAccumulator({ classes: 2 }).update([2], [0])).toThrow(sl.LabelError);
  });

  it("throws ShapeError for JSON whose matrix has the wrong size", () => {
    expect(() => sl.ConfusionMatrixAccumulator.fromJSON({ type: "ConfusionMatrixAccumulator", classes: 2, matrix: [1, 2, 3] })).toThrow(sl.ShapeError);
  });
});

/**
 * ROC AUC as the Mann–Whitney statistic (pairs of a positive above a negative, ties ½: the
 * integer 2·U over 2·P·N, rounded once) and average precision Σ (R_k − R_{k−1})·P_k over the
 * distinct scores, decreasing; NaN where undefined (as scikit-learn).
 */
function aucReference(t: ArrayLike<number>, s: ArrayLike<number>): { auc: number; ap: number } {
  let twiceU = 0;
  let P = 0;
  let N = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 1) P++;
    else N++;
    if (t[i] !== 1) continue;
    for (let j = 0; j < t.length; j++) if (t[j] !== 1) twiceU += s[i] > s[j] ? 2 : s[i] === s[j] ? 1 : 0;
  }
  const thresholds = Array.from(new Set(Array.from(s))).sort((a, b) => b - a);
  let ap = 0;
  let prevRecall = 0;
  for (const th of thresholds) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < t.length; i++) if (s[i] >= th) (t[i] === 1 ? tp++ : fp++);
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return { auc: P === 0 || N === 0 ? NaN : twiceU / (2 * P * N), ap: P === 0 ? NaN : ap };
}

describe("AucAccumulator", () => {
  it("property: any sharding, merged in any order (some through JSON), equals one-shot rocAuc and averagePrecision bit for bit", () => {
    fc.assert(
      fc.property(shardArb, fc.integer({ min: 0, max: 20 }), fc.boolean(), ({ n, cuts, picks, seed }, levels, f32) => {
        const r = rng(seed);
        const t = Float32Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
        const raw = Float64Array.from(t, (y) => r() + 0.4 * y);
        // levels > 0: heavy ties; float32 or float64 scores
        const s64 = levels > 0 ? raw.map((x) => Math.floor(x * levels) / levels) : raw;
        const s = f32 ? Float32Array.from(s64) : s64;
        const accs = shardsOf(n, cuts).map(([a, b]) => new sl.AucAccumulator().update(t.subarray(a, b), s.subarray(a, b)));
        const merged = mergeAll(accs, picks, sl.AucAccumulator.fromJSON);
        expect(Object.is(merged.result(), sl.rocAuc(t, s))).toBe(true);
        expect(Object.is(merged.averagePrecision(), sl.averagePrecision(t, s))).toBe(true);
        // and against the definitions, counted pair by pair and threshold by threshold
        const ref = aucReference(t, s);
        expect(Object.is(merged.result(), ref.auc)).toBe(true);
        if (Number.isNaN(ref.ap)) expect(merged.averagePrecision()).toBeNaN();
        else expect(Math.abs(merged.averagePrecision() - ref.ap)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it("many small batches: the histogram holds one entry per distinct score", () => {
    const acc = new sl.AucAccumulator();
    for (let b = 0; b < 100; b++) acc.update([0, 1, 1], [b % 10, b % 10, 0.5]);
    expect(acc.distinctScores).toBe(11);
    // hand-computed: negatives at 0..9 (10 each); positives at 0..9 (10 each) and 100 at 0.5.
    // Pairs: same-level ties 10·10·10·½ = 500; positive level i > negative level j: 100·45 = 4500;
    // 0.5 beats the 10 negatives at 0: 100·10 = 1000. AUC = 6000 / (200·100).
    expect(acc.result()).toBe(6000 / 20000);
  });

  it("empty and single-class streams give NaN", () => {
    expect(new sl.AucAccumulator().result()).toBeNaN();
    expect(new sl.AucAccumulator().update([1, 1], [0.2, 0.3]).result()).toBeNaN();
  });

  it("throws ValueError for JSON whose scores are not decreasing", () => {
    expect(() => sl.AucAccumulator.fromJSON({ type: "AucAccumulator", values: [1, 2], positives: [1, 0], negatives: [0, 1] })).toThrow(sl.ValueError);
  });

  it("throws LabelError for a non-binary label in update", () => {
    expect(() => new sl.AucAccumulator().update([3], [0.5])).toThrow(sl.LabelError);
  });
});
