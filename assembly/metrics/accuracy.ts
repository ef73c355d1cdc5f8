// Accuracy metrics with Keras 3 semantics (keras/src/metrics/accuracy_metrics.py). Each kernel
// returns Σ_s w_s · a_s in float64, where a_s ∈ [0, 1] is sample s's accuracy and w_s its weight
// (w ≡ 1 when the weight pointer is 0; float64 weights, as the caller gave them); JavaScript
// divides by Σ w (Keras's weighted Mean).
//
//   binaryAccuracyF32                 a_s = (1/F) Σ_f [t_sf == (p_sf > threshold ? 1 : 0)]
//   categoricalAccuracyF32            a_s = [argmax t_s == argmax p_s]
//   sparseCategoricalAccuracyF32      a_s = [label_s == argmax p_s]
//   topKCategoricalAccuracyF32        a_s = [p_s[c] is not NaN and #{j : p_sj > p_s[c]} < k],
//                                     c = argmax t_s
//   sparseTopKCategoricalAccuracyF32  the same with c = label_s
//
// The top-k rule is tf.math.in_top_k's: classes tied with the target at the k-th place all
// count as in the top k. argmax is argmax.ts's (first index on ties, first NaN if any).
// Labels arrive as float32 holding integers in [0, classes) (checked in JavaScript).
// Exact: comparisons and integer counts; only the weighted sum rounds (float64, one add per sample).
import { argmaxRowF32 } from "./argmax";

/** Number of i in [0, n) with t[i] == (p[i] > threshold ? 1 : 0). */
// @ts-ignore: decorator
@inline
function countBinaryMatchesF32(t: usize, p: usize, n: i32, threshold: f32): i32 {
  let count = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const th = f32x4.splat(threshold);
    const one = f32x4.splat(1);
    let acc = i32x4.splat(0);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      const predicted = v128.and(f32x4.gt(v128.load(p + off), th), one); // 1.0 or 0.0 per lane
      acc = i32x4.sub(acc, f32x4.eq(v128.load(t + off), predicted)); // a true lane is −1
    }
    count = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const predicted: f32 = load<f32>(p + off) > threshold ? 1 : 0;
    count += i32(load<f32>(t + off) == predicted);
  }
  return count;
}

/** Number of j in [0, n) with p[j] > x. */
// @ts-ignore: decorator
@inline
function countGreaterF32(p: usize, n: i32, x: f32): i32 {
  let count = 0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const xv = f32x4.splat(x);
    let acc = i32x4.splat(0);
    const n4 = n & ~3;
    for (; j < n4; j += 4) acc = i32x4.sub(acc, f32x4.gt(v128.load(p + (<usize>j << 2)), xv));
    count = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  }
  for (; j < n; j++) count += i32(load<f32>(p + (<usize>j << 2)) > x);
  return count;
}

// @ts-ignore: decorator
@inline
function weightOf(w: usize, s: i32): f64 {
  return w ? load<f64>(w + (<usize>s << 3)) : 1.0;
}

export function binaryAccuracyF32(t: usize, p: usize, rows: i32, features: i32, threshold: f32, w: usize): f64 {
  if (w == 0) {
    // Σ_s (c_s / F) = (Σ_s c_s) / F: one count over all elements (exact up to 2^31 elements)
    return <f64>countBinaryMatchesF32(t, p, rows * features, threshold) / <f64>features;
  }
  let total: f64 = 0;
  const rowBytes = <usize>features << 2;
  for (let s = 0; s < rows; s++) {
    const off = <usize>s * rowBytes;
    const c = countBinaryMatchesF32(t + off, p + off, features, threshold);
    total += weightOf(w, s) * (<f64>c / <f64>features);
  }
  return total;
}

export function categoricalAccuracyF32(t: usize, p: usize, rows: i32, classes: i32, w: usize): f64 {
  let total: f64 = 0;
  const rowBytes = <usize>classes << 2;
  for (let s = 0; s < rows; s++) {
    const off = <usize>s * rowBytes;
    if (argmaxRowF32(t + off, classes) == argmaxRowF32(p + off, classes)) total += weightOf(w, s);
  }
  return total;
}

export function sparseCategoricalAccuracyF32(labels: usize, p: usize, rows: i32, classes: i32, w: usize): f64 {
  let total: f64 = 0;
  const rowBytes = <usize>classes << 2;
  for (let s = 0; s < rows; s++) {
    const label = load<i32>(labels + (<usize>s << 2));
    if (label == argmaxRowF32(p + <usize>s * rowBytes, classes)) total += weightOf(w, s);
  }
  return total;
}

/** Σ_s w_s·[target of row s is in the top k], the target class of row s being targetOf(s). */
// @ts-ignore: decorator
@inline
function topKF32(t: usize, p: usize, rows: i32, classes: i32, k: i32, w: usize, oneHot: bool): f64 {
  let total: f64 = 0;
  const rowBytes = <usize>classes << 2;
  for (let s = 0; s < rows; s++) {
    const row = p + <usize>s * rowBytes;
    const c = oneHot ? argmaxRowF32(t + <usize>s * rowBytes, classes) : load<i32>(t + (<usize>s << 2));
    const target = load<f32>(row + (<usize>c << 2));
    if (target == target && countGreaterF32(row, classes, target) < k) total += weightOf(w, s);
  }
  return total;
}

/** Top-k accuracy of one-hot targets: t is rows × classes, the target class is argmax t_s. */
export function topKCategoricalAccuracyF32(t: usize, p: usize, rows: i32, classes: i32, k: i32, w: usize): f64 {
  return topKF32(t, p, rows, classes, k, w, true);
}

/** Top-k accuracy of int32 labels (one per row). */
export function sparseTopKCategoricalAccuracyF32(labels: usize, p: usize, rows: i32, classes: i32, k: i32, w: usize): f64 {
  return topKF32(labels, p, rows, classes, k, w, false);
}
