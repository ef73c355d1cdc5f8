// Confusion matrices, laid out as tf.math.confusionMatrix: m[t·C + q] (row = true class t,
// column = predicted class q), float64, C = classes. Each kernel adds to the C×C matrix at m the
// sum of w_s (1 when the weight pointer is 0) at [label_s, prediction_s] over its samples (the
// caller zeroes m first; calls on consecutive ranges of samples accumulate into one matrix):
//
//   confusionFromLabelsF32      prediction_s = predictions[s]                    (a class id)
//   confusionFromScoresF32      prediction_s = argmax of row s of rows × C scores (argmax.ts)
//   confusionFromThresholdF32   prediction_s = p_s > threshold ? 1 : 0           (C = 2)
//
// Class ids arrive as int32. The first two kernels check them as they go (one unsigned compare
// each, never writing outside the matrix) and return the first sample s whose label (or
// prediction) is outside [0, C), or −1 when all are valid; JavaScript then builds the message.
// The binary labels of confusionFromThresholdF32 arrive as float32 0 or 1, checked in JavaScript.
//
// Unweighted, the class-id kernels count into `copies` int32 histograms of C×C at `counts`
// (scratch: sample s into histogram s % copies, copies = 1 or 4: four break the store-to-load
// chains when consecutive samples hit the same cell), then add them into m once, at the end of
// every call: a histogram cell counts at most n < 2^31 samples (n is an i32), so it cannot
// overflow whatever the caller's total, and the float64 cells stay exact up to 2^53. Weights
// arrive as float64 (as the caller gave them: 16777217 stays 16777217, 0.1 stays 0.1), and
// weighted cells are float64 sums of them in sample order.
import { ROW_PER_LANE_MAX_CLASSES, argmax2x4F32, argmax4RowsF32, argmax4RowsScalarF32, argmaxRowF32 } from "./argmax";

// @ts-ignore: decorator
@inline
function addWeight(m: usize, classes: i32, t: i32, q: i32, w: usize, s: i32): void {
  const cell = m + ((<usize>t * <usize>classes + <usize>q) << 3);
  store<f64>(cell, load<f64>(cell) + (w ? load<f64>(w + (<usize>s << 3)) : 1.0));
}

/** Is the class id outside [0, classes)? (one unsigned compare) */
// @ts-ignore: decorator
@inline
function outside(c: i32, classes: i32): bool {
  return <u32>c >= <u32>classes;
}

/** Increments the int32 at cell. */
// @ts-ignore: decorator
@inline
function increment(cell: usize): void {
  store<i32>(cell, load<i32>(cell) + 1);
}

/** Increments the int32 cell [t, q] of the histogram at h. */
// @ts-ignore: decorator
@inline
function count(h: usize, classes: i32, t: i32, q: i32): void {
  increment(h + ((<usize>t * <usize>classes + <usize>q) << 2));
}

/** m[i] += Σ_k counts[k·C² + i] as float64, for the `copies` histograms at counts. */
function countsToMatrix(counts: usize, copies: i32, classes: i32, m: usize): void {
  const cells = <usize>classes * <usize>classes;
  for (let i: usize = 0; i < cells; i++) {
    let c = 0;
    for (let k = 0; k < copies; k++) c += load<i32>(counts + ((<usize>k * cells + i) << 2));
    const cell = m + (i << 3);
    store<f64>(cell, load<f64>(cell) + <f64>c);
  }
}

/**
 * Confusion matrix of class ids; returns −1, or the first s with labels[s] or predictions[s]
 * outside [0, classes). Unweighted (w = 0) it counts into `copies` (1 or 4) int32 histograms
 * of classes² at `counts`; weighted, `counts` is unused.
 */
export function confusionFromLabelsF32(labels: usize, predictions: usize, n: i32, classes: i32, w: usize, m: usize, counts: usize, copies: i32): i32 {
  if (w != 0) {
    for (let s = 0; s < n; s++) {
      const off = <usize>s << 2;
      const t = load<i32>(labels + off);
      const q = load<i32>(predictions + off);
      if (outside(t, classes) || outside(q, classes)) return s;
      addWeight(m, classes, t, q, w, s);
    }
    return -1;
  }
  const cells = <usize>classes * <usize>classes;
  memory.fill(counts, 0, (<usize>copies * cells) << 2);
  const stride = copies == 4 ? cells << 2 : 0;
  const h1 = counts + stride;
  const h2 = h1 + stride;
  const h3 = h2 + stride;
  let s = 0;
  for (; s + 4 <= n; s += 4) {
    const off = <usize>s << 2;
    const t0 = load<i32>(labels + off);
    const t1 = load<i32>(labels + off, 4);
    const t2 = load<i32>(labels + off, 8);
    const t3 = load<i32>(labels + off, 12);
    const q0 = load<i32>(predictions + off);
    const q1 = load<i32>(predictions + off, 4);
    const q2 = load<i32>(predictions + off, 8);
    const q3 = load<i32>(predictions + off, 12);
    // one branch per 4 samples: the largest of the 8 ids as unsigned (negative ids are huge)
    const top = max(max(max(<u32>t0, <u32>t1), max(<u32>t2, <u32>t3)), max(max(<u32>q0, <u32>q1), max(<u32>q2, <u32>q3)));
    if (top >= <u32>classes) break; // the scalar loop below finds which sample
    count(counts, classes, t0, q0);
    count(h1, classes, t1, q1);
    count(h2, classes, t2, q2);
    count(h3, classes, t3, q3);
  }
  for (; s < n; s++) {
    const off = <usize>s << 2;
    const t = load<i32>(labels + off);
    const q = load<i32>(predictions + off);
    if (outside(t, classes) || outside(q, classes)) return s;
    count(counts, classes, t, q);
  }
  countsToMatrix(counts, copies, classes, m);
  return -1;
}

/**
 * Confusion matrix of labels against argmax(scores rows); returns −1, or the first s with
 * labels[s] outside [0, classes). `counts`/`copies` as confusionFromLabelsF32; `scratch`: 16 bytes
 * (the scalar build's four argmaxes per step).
 */
export function confusionFromScoresF32(
  labels: usize, p: usize, rows: i32, classes: i32, w: usize, m: usize, counts: usize, copies: i32, scratch: usize,
): i32 {
  const rowBytes = <usize>classes << 2;
  if (w != 0) {
    for (let s = 0; s < rows; s++) {
      const t = load<i32>(labels + (<usize>s << 2));
      if (outside(t, classes)) return s;
      addWeight(m, classes, t, argmaxRowF32(p + <usize>s * rowBytes, classes), w, s);
    }
    return -1;
  }
  const cells = <usize>classes * <usize>classes;
  memory.fill(counts, 0, (<usize>copies * cells) << 2);
  const stride = copies == 4 ? cells << 2 : 0;
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= ROW_PER_LANE_MAX_CLASSES) {
      // 4 rows per step, one per lane (argmax.ts); lane k counts into histogram k
      const lane = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(<i32>stride));
      const C = i32x4.splat(classes);
      for (; s + 4 <= rows; s += 4) {
        const t = v128.load(labels + (<usize>s << 2));
        if (i32x4.bitmask(v128.not(i32x4.lt_u(t, C))) != 0) break; // the scalar loop finds which
        const at = p + <usize>s * rowBytes;
        let q = classes == 2 ? argmax2x4F32(at) : argmax4RowsF32(at, classes, rowBytes);
        if (i32x4.bitmask(q) != 0) { // −1 lanes: rows with NaN (rare)
          q = i32x4.replace_lane(q, 0, argmaxRowF32(at, classes));
          q = i32x4.replace_lane(q, 1, argmaxRowF32(at + rowBytes, classes));
          q = i32x4.replace_lane(q, 2, argmaxRowF32(at + (rowBytes << 1), classes));
          q = i32x4.replace_lane(q, 3, argmaxRowF32(at + rowBytes * 3, classes));
        }
        const cell = i32x4.add(lane, i32x4.shl(i32x4.add(i32x4.mul(t, C), q), 2));
        increment(counts + <usize>i32x4.extract_lane(cell, 0));
        increment(counts + <usize>i32x4.extract_lane(cell, 1));
        increment(counts + <usize>i32x4.extract_lane(cell, 2));
        increment(counts + <usize>i32x4.extract_lane(cell, 3));
      }
    }
  } else {
    // scalar build: 4 rows at once (argmax.ts), sample s + k into histogram k
    const q = scratch;
    for (; s + 4 <= rows; s += 4) {
      const off = <usize>s << 2;
      const t0 = load<i32>(labels + off);
      const t1 = load<i32>(labels + off, 4);
      const t2 = load<i32>(labels + off, 8);
      const t3 = load<i32>(labels + off, 12);
      if (<u32>max(max(<u32>t0, <u32>t1), max(<u32>t2, <u32>t3)) >= <u32>classes) break; // the loop below finds which
      argmax4RowsScalarF32(p + <usize>s * rowBytes, classes, rowBytes, q);
      count(counts, classes, t0, load<i32>(q));
      count(counts + stride, classes, t1, load<i32>(q, 4));
      count(counts + (stride << 1), classes, t2, load<i32>(q, 8));
      count(counts + stride * 3, classes, t3, load<i32>(q, 12));
    }
  }
  for (; s < rows; s++) {
    const t = load<i32>(labels + (<usize>s << 2));
    if (outside(t, classes)) return s;
    count(counts + <usize>(s & 3) * stride, classes, t, argmaxRowF32(p + <usize>s * rowBytes, classes));
  }
  countsToMatrix(counts, copies, classes, m);
  return -1;
}

export function confusionFromThresholdF32(labels: usize, p: usize, n: i32, threshold: f32, w: usize, m: usize): void {
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    if (w == 0) {
      // unweighted: count the four cells 4 lanes at a time (t ∈ {0, 1}), then add them once
      const th = f32x4.splat(threshold);
      const one = f32x4.splat(1);
      let tp = i32x4.splat(0);
      let pp = i32x4.splat(0);
      let tt = i32x4.splat(0);
      const n4 = n & ~3;
      for (; s < n4; s += 4) {
        const off = <usize>s << 2;
        const positive = f32x4.gt(v128.load(p + off), th);
        const truth = f32x4.eq(v128.load(labels + off), one);
        tp = i32x4.sub(tp, v128.and(positive, truth));
        pp = i32x4.sub(pp, positive);
        tt = i32x4.sub(tt, truth);
      }
      const nTP = <f64>hsumI32x4(tp);
      const nPredPos = <f64>hsumI32x4(pp);
      const nTrue = <f64>hsumI32x4(tt);
      store<f64>(m + 24, load<f64>(m + 24) + nTP); // [1, 1]
      store<f64>(m + 16, load<f64>(m + 16) + (nTrue - nTP)); // [1, 0]
      store<f64>(m + 8, load<f64>(m + 8) + (nPredPos - nTP)); // [0, 1]
      store<f64>(m, load<f64>(m) + (<f64>n4 - nTrue - nPredPos + nTP)); // [0, 0]
    }
  }
  for (; s < n; s++) {
    const off = <usize>s << 2;
    addWeight(m, 2, <i32>load<f32>(labels + off), load<f32>(p + off) > threshold ? 1 : 0, w, s);
  }
}

// @ts-ignore: decorator
@inline
function hsumI32x4(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}
