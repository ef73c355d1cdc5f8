/**
 * ROC and precision–recall curves with scikit-learn's semantics (`roc_curve` and
 * `precision_recall_curve`, sklearn/metrics/_ranking.py, 1.8). The thresholds are the distinct
 * scores s_1 > s_2 > … > s_k; at s_i (predict positive when score ≥ s_i), TP_i and FP_i are the
 * number (or Σ weight) of positives and negatives scoring ≥ s_i, P = TP_k and N = FP_k:
 *
 *   rocCurve              fpr_i = FP_i / N,  tpr_i = TP_i / P, after a first point (0, 0) at +∞
 *   precisionRecallCurve  precision_i = TP_i / (TP_i + FP_i),  recall_i = TP_i / P, in increasing
 *                         threshold order, then a last point (precision 1, recall 0)
 *
 * Unweighted, TP_i and FP_i are exact counts from the same radix-sorted score histogram as
 * rocAuc and averagePrecision (auc.ts), and each rate is their ratio rounded once, so the
 * trapezoid sum over rocCurve is rocAuc and the step sum over precisionRecallCurve is
 * averagePrecision to float64 rounding. Weighted, TP_i and FP_i are float64 running sums in
 * scikit-learn's order (score descending, ties in input order), the sums its `cumulative_sum`
 * forms: exact for integer weights while the sums stay below 2^53.
 *
 * The weighted order comes from one radix sort (the kernel's radixSortF64) of 64-bit keys
 * (order-preserving key of the score in the high 32 bits, the reversed sample index in the low
 * 32), so the sorted keys carry the permutation. Float32 scores have exact 32-bit keys; float64
 * scores whose keys tie (equal sign, exponent and top 20 mantissa bits: within ~1e-6 relative)
 * are put in exact order afterwards.
 */
import { ValueError } from "../core/errors.js";
import { sameLength, type ArrayInput } from "../core/args.js";
import { booleanOption, optionKeys, toOptions } from "../core/options.js";
import { toSampleWeights } from "../core/reduction.js";
import { runKernel } from "../core/run.js";
import { binaryHistogram, binaryScores, type ScoreHistogram } from "./auc.js";
import { toBinaryLabels } from "./common.js";

/** sklearn's `roc_curve` result: fpr and tpr increasing, thresholds decreasing with thresholds[0] = +∞. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/**
 * sklearn's `precision_recall_curve` result: thresholds increasing; precision and recall have one
 * more element, the point (precision 1, recall 0) that has no threshold.
 */
export interface PrecisionRecallCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

export interface CurveOptions {
  /**
   * One finite, non-negative weight per sample (float64 values are used as they are). Samples of
   * weight 0 are left out, so their scores are not thresholds (as scikit-learn).
   */
  sampleWeight?: number | ArrayInput;
  /**
   * Leave out points the plot does not need. rocCurve (default true): points collinear with
   * both neighbours (the second difference of FP and of TP is 0). precisionRecallCurve (default
   * false): points whose TP equals both neighbours' (inner points of a vertical run).
   */
  dropIntermediate?: boolean;
}

/** TP_i and FP_i at each distinct score s_i, highest score first (sklearn's `confusion_matrix_at_thresholds`). */
interface ThresholdCounts {
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
}

const CURVE_OPTIONS = optionKeys("sampleWeight", "dropIntermediate");
const WEIGHTS = "options.sampleWeight";

function curveOptions(fn: string, options: CurveOptions | undefined, dropByDefault: boolean) {
  const o = toOptions(fn, options, CURVE_OPTIONS);
  return { sampleWeight: o.sampleWeight, dropIntermediate: booleanOption(dropByDefault)(fn, "options.dropIntermediate", o.dropIntermediate) };
}

/**
 * The counts at every threshold: exact counts from the histogram without weights (or with a
 * positive scalar weight, which scales TP and FP alike and so leaves every rate unchanged), else
 * float64 running sums of the weights as given (weightedCounts).
 */
function thresholdCounts(fn: string, yTrue: unknown, scoresIn: unknown, sampleWeight: unknown): ThresholdCounts {
  if (typeof sampleWeight === "number") toSampleWeights(fn, WEIGHTS, sampleWeight, 0); // checks the scalar
  if (sampleWeight === undefined || sampleWeight === null || (typeof sampleWeight === "number" && sampleWeight > 0)) {
    return countsOf(binaryHistogram(fn, yTrue, scoresIn));
  }
  const labels = toBinaryLabels(fn, "yTrue", yTrue);
  const scores = binaryScores(fn, scoresIn);
  sameLength(fn, "yTrue", labels, "scores", scores);
  const w = toSampleWeights(fn, WEIGHTS, sampleWeight, labels.length);
  return weightedCounts(fn, labels, scores, w.weights ?? new Float64Array(labels.length)); // a scalar 0: no sample counts
}

/** Cumulative counts of a histogram (exact: integers). */
function countsOf(h: ScoreHistogram): ThresholdCounts {
  const k = h.values.length;
  const tps = new Float64Array(k);
  const fps = new Float64Array(k);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < k; i++) {
    tp += h.positives[i];
    fp += h.negatives[i];
    tps[i] = tp;
    fps[i] = fp;
  }
  return { thresholds: h.values, tps, fps };
}

/** Running weight sums over the samples of nonzero weight, in decreasing score order, ties in input order. */
function weightedCounts(fn: string, labels: Float32Array, scores: Float32Array | Float64Array, weights: ArrayLike<number>): ThresholdCounts {
  const n = labels.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i])) throw new ValueError(fn, `scores[${i}] = ${scores[i]} is not finite`);
    if (weights[i] !== 0) m++;
  }
  // The kept samples, copied (the inputs may be views of module memory, which the sort may grow):
  // score and signed weight side by side (+w positive, −w negative), one memory access per sample
  // when they are read in sorted order.
  const record = new Float64Array(2 * m);
  const keys = new Float64Array(m);
  const words = new Uint32Array(keys.buffer);
  const f32 = scores instanceof Float32Array;
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, f32 ? n : 2 * n);
  for (let i = 0, j = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    record[2 * j] = scores[i];
    record[2 * j + 1] = labels[i] === 1 ? w : -w;
    // order-preserving key of the float32 bits, or of the high word of the float64 bits
    const hi = f32 ? bits[i] : bits[2 * i + 1];
    const key = hi & 0x80000000 ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
    // K = key·2^32 + (m − 1 − j); the kernel sorts by its own key of the bits, so store the
    // bits whose key is K (the inverse transform: K ^ 2^63 when K's top bit is set, else ~K)
    const rev = m - 1 - j;
    if (key & 0x80000000) {
      words[2 * j + 1] = (key ^ 0x80000000) >>> 0;
      words[2 * j] = rev;
    } else {
      words[2 * j + 1] = ~key >>> 0;
      words[2 * j] = ~rev >>> 0;
    }
    j++;
  }
  if (m > 1) runKernel(fn, "radixSortF64", { rows: m, inouts: { x: keys }, names: { x: "scores" } });

  // Largest K first: scores descending, and j ascending within a key (K holds m − 1 − j).
  const order = new Uint32Array(m);
  for (let t = m - 1, q = 0; t >= 0; t--, q++) {
    const low = words[2 * t];
    order[q] = m - 1 - (words[2 * t + 1] & 0x80000000 ? ~low >>> 0 : low);
  }
  if (!f32) {
    // float64 scores sharing a 32-bit key: order them exactly (score descending, then j ascending)
    const score = (j: number) => record[2 * j];
    for (let a = 0; a < m; ) {
      const key = words[2 * (m - 1 - a) + 1];
      let b = a + 1;
      let mixed = false;
      while (b < m && words[2 * (m - 1 - b) + 1] === key) {
        if (score(order[b]) !== score(order[a])) mixed = true;
        b++;
      }
      if (mixed) order.subarray(a, b).sort((x, y) => score(y) - score(x) || x - y);
      a = b;
    }
  }

  const thresholds = new Float64Array(m);
  const tps = new Float64Array(m);
  const fps = new Float64Array(m);
  let tp = 0;
  let fp = 0;
  let k = 0;
  let previous = 0;
  for (let q = 0; q < m; q++) {
    const j = order[q];
    const v = record[2 * j];
    if (q > 0 && v !== previous) {
      thresholds[k] = previous; // the last score of the run, as scikit-learn's y_score[threshold_idxs]
      tps[k] = tp;
      fps[k] = fp;
      k++;
    }
    const w = record[2 * j + 1];
    if (w > 0) tp += w;
    else fp -= w;
    previous = v;
  }
  if (m > 0) {
    thresholds[k] = previous;
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return { thresholds: thresholds.subarray(0, k), tps: tps.subarray(0, k), fps: fps.subarray(0, k) };
}

/** Indices 0 … k−1 to keep: all, or those where `keep(i)` holds for 0 < i < k − 1, and both ends. */
function kept(k: number, drop: boolean, keep: (i: number) => boolean): Uint32Array {
  const out = new Uint32Array(k);
  let n = 0;
  for (let i = 0; i < k; i++) if (!drop || k <= 2 || i === 0 || i === k - 1 || keep(i)) out[n++] = i;
  return out.subarray(0, n);
}

/**
 * The receiver operating characteristic of binary labels and scores: scikit-learn's
 * `roc_curve(y_true, y_score, sample_weight=…, drop_intermediate=True)`. fpr_i = FP_i / N and
 * tpr_i = TP_i / P at each distinct score s_i (predict positive when score ≥ s_i), highest
 * first, after the point (0, 0) at threshold +∞. With `dropIntermediate` (the default), points
 * collinear with both neighbours are left out; the area is unchanged.
 *
 * No negatives (or no positives): fpr (or tpr) is all NaN, as scikit-learn (which also warns).
 * No samples (or all weights 0): the single point at +∞, with NaN rates.
 * @example rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 * @throws LabelError for a label other than 0 or 1; ShapeError for mismatched lengths (scores,
 *   sampleWeight); ValueError for a NaN or infinite score, a negative or non-finite weight, or an
 *   unknown option; ArgumentTypeError for a non-boolean dropIntermediate.
 */
export function rocCurve(yTrue: ArrayInput, scores: ArrayInput, options?: CurveOptions): RocCurve {
  const fn = "rocCurve";
  const o = curveOptions(fn, options, true);
  const { thresholds: s, tps, fps } = thresholdCounts(fn, yTrue, scores, o.sampleWeight);
  const k = s.length;
  // a corner where the second difference of FP or of TP is not 0 (np.diff(x, 2), in float64 as numpy)
  const idx = kept(k, o.dropIntermediate, (i) => fps[i + 1] - fps[i] - (fps[i] - fps[i - 1]) !== 0 || tps[i + 1] - tps[i] - (tps[i] - tps[i - 1]) !== 0);
  const N = k > 0 ? fps[k - 1] : 0;
  const P = k > 0 ? tps[k - 1] : 0;
  const fpr = new Float64Array(idx.length + 1);
  const tpr = new Float64Array(idx.length + 1);
  const thresholds = new Float64Array(idx.length + 1);
  thresholds[0] = Infinity;
  for (let q = 0; q < idx.length; q++) {
    const i = idx[q];
    fpr[q + 1] = fps[i] / N;
    tpr[q + 1] = tps[i] / P;
    thresholds[q + 1] = s[i];
  }
  if (!(N > 0)) fpr.fill(NaN);
  if (!(P > 0)) tpr.fill(NaN);
  return { fpr, tpr, thresholds };
}

/**
 * Precision and recall at every threshold: scikit-learn's `precision_recall_curve(y_true,
 * y_score, sample_weight=…, drop_intermediate=False)`. precision_i = TP_i / (TP_i + FP_i) and
 * recall_i = TP_i / P at each distinct score s_i (predict positive when score ≥ s_i), in
 * increasing threshold order (recall decreasing), then the point (precision 1, recall 0), which
 * has no threshold. Σ (R_n − R_{n+1}) · P_n over the points is averagePrecision.
 *
 * No positives: recall is NaN (undefined, as averagePrecision is NaN there), where
 * scikit-learn sets it to 1 with a warning. No samples (or all weights 0): only the last point.
 * @example precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // precision [0.5, 2/3, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 * @throws as rocCurve.
 */
export function precisionRecallCurve(yTrue: ArrayInput, scores: ArrayInput, options?: CurveOptions): PrecisionRecallCurve {
  const fn = "precisionRecallCurve";
  const o = curveOptions(fn, options, false);
  const { thresholds: s, tps, fps } = thresholdCounts(fn, yTrue, scores, o.sampleWeight);
  const k = s.length;
  const idx = kept(k, o.dropIntermediate, (i) => tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]);
  const P = k > 0 ? tps[k - 1] : 0;
  const m = idx.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    const i = idx[q];
    const out = m - 1 - q; // reversed: thresholds increasing
    const predicted = tps[i] + fps[i];
    precision[out] = predicted !== 0 ? tps[i] / predicted : 0;
    recall[out] = P > 0 ? tps[i] / P : NaN;
    thresholds[out] = s[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}
