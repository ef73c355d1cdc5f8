// Confusion matrices, laid out as tf.math.confusionMatrix: m[t·C + q] (row = true class t,
// column = predicted class q), float64, C = classes. Each kernel first zeroes the C×C matrix at
// m, then adds w_s (1 when the weight pointer is 0) at [label_s, prediction_s] for every sample:
//
//   confusionFromLabelsF32      prediction_s = predictions[s]                    (a class id)
//   confusionFromScoresF32      prediction_s = argmax of row s of rows × C scores (argmax.ts)
//   confusionFromThresholdF32   prediction_s = p_s > threshold ? 1 : 0           (C = 2)
//
// Class labels and predictions arrive as int32 in [0, C) (checked in JavaScript); the binary
// labels of confusionFromThresholdF32 as float32 0 or 1.
// Unweighted counts are exact (float64 integers up to 2^53); weighted cells are float64 sums.
import { argmaxRowF32 } from "./argmax";

// @ts-ignore: decorator
@inline
function zeroMatrix(m: usize, classes: i32): void {
  memory.fill(m, 0, (<usize>classes * <usize>classes) << 3);
}

// @ts-ignore: decorator
@inline
function addCell(m: usize, classes: i32, t: i32, q: i32, w: usize, s: i32): void {
  const cell = m + ((<usize>t * <usize>classes + <usize>q) << 3);
  store<f64>(cell, load<f64>(cell) + (w ? <f64>load<f32>(w + (<usize>s << 2)) : 1.0));
}

export function confusionFromLabelsF32(labels: usize, predictions: usize, n: i32, classes: i32, w: usize, m: usize): void {
  zeroMatrix(m, classes);
  for (let s = 0; s < n; s++) {
    const off = <usize>s << 2;
    addCell(m, classes, load<i32>(labels + off), load<i32>(predictions + off), w, s);
  }
}

export function confusionFromScoresF32(labels: usize, p: usize, rows: i32, classes: i32, w: usize, m: usize): void {
  zeroMatrix(m, classes);
  const rowBytes = <usize>classes << 2;
  for (let s = 0; s < rows; s++) {
    const q = argmaxRowF32(p + <usize>s * rowBytes, classes);
    addCell(m, classes, load<i32>(labels + (<usize>s << 2)), q, w, s);
  }
}

export function confusionFromThresholdF32(labels: usize, p: usize, n: i32, threshold: f32, w: usize, m: usize): void {
  zeroMatrix(m, 2);
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
      store<f64>(m + 24, nTP); // [1, 1]
      store<f64>(m + 16, nTrue - nTP); // [1, 0]
      store<f64>(m + 8, nPredPos - nTP); // [0, 1]
      store<f64>(m, <f64>n4 - nTrue - nPredPos + nTP); // [0, 0]
    }
  }
  for (; s < n; s++) {
    const off = <usize>s << 2;
    addCell(m, 2, <i32>load<f32>(labels + off), load<f32>(p + off) > threshold ? 1 : 0, w, s);
  }
}

// @ts-ignore: decorator
@inline
function hsumI32x4(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}
