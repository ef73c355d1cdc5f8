// Row-wise softmax and log-softmax over rows of C float32 values (the transforms of the
// cross-entropy family), stable for any finite inputs:
//   softmax(x)_c = exp(x_c − m) / S,   logSoftmax(x)_c = (x_c − m) − log S,
//   m = max_c x_c,  S = Σ_c exp(x_c − m).
// Logits of −Infinity give softmax 0 and log-softmax −Infinity. A row with one +Infinity (its max)
// gives the limit: softmax one-hot at it, log-softmax 0 there and −Infinity elsewhere. Two or
// more +Infinity: softmax 0 and log-softmax −Infinity at the finite entries (their limit), NaN at
// the +Infinity ones (no limit). All −Infinity (0/0) or a NaN give a NaN row.
// Error: softmax within a few ULP per element plus the relative error of S (softmax-rows.ts);
// log-softmax within 1 ULP of log S plus one rounding per element.
import { logF32 } from "../math/log";
import { EXP_UNSCALE } from "../math/exp";
import {
  BLOCK_LOG_SUM, BLOCK_MAX, BLOCK_SUM, LOG4_MAX_CLASSES, rowExpSumF32, rowInfIndexF32, rowMaxF32, rowScaleF32, rowsLog4F32, SEVERAL_INF,
} from "./softmax-rows";

/**
 * out_c = (c = j ? hit : miss) for c < n, j = the one +Infinity of the row (rowInfIndexF32); with
 * several +Infinity, NaN at them and miss elsewhere; a NaN row for a NaN.
 */
function infRowF32(xr: usize, o: usize, n: i32, hit: f32, miss: f32): void {
  const j = rowInfIndexF32(xr, n); // read before out (which may be x) is written
  for (let c = 0; c < n; c++) {
    const v = load<f32>(xr + (<usize>c << 2)); // read before out_c (which may be x_c) is written
    store<f32>(o + (<usize>c << 2), j == -1 ? NaN : j == SEVERAL_INF ? (v == Infinity ? NaN : miss) : c == j ? hit : miss);
  }
}

/** out = softmax of each row of x: exp(x_c − m) / S. out may equal x. */
export function softmaxRowsF32(x: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const m = rowMaxF32(x + off, classes);
    if (m == Infinity) {
      infRowF32(x + off, out + off, classes, 1, 0);
      continue;
    }
    const s = rowExpSumF32(x + off, classes, m, 0, out + off, -1); // 2^32·S: the stored exps carry the same scale
    rowScaleF32(out + off, classes, <f32>(1 / s), 0);
  }
}

/** out_c = x_c − (m + log S) for c < n (out may equal x). */
// @ts-ignore: decorator
@inline
function logSoftmaxRowFinishF32(xr: usize, o: usize, n: i32, m: f32, logS: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    const lv = f32x4.splat(logS);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const c = <usize>i << 2;
      v128.store(o + c, f32x4.sub(f32x4.sub(v128.load(xr + c), mv), lv));
    }
  }
  for (; i < n; i++) {
    const c = <usize>i << 2;
    store<f32>(o + c, load<f32>(xr + c) - m - logS);
  }
}

/**
 * out = log-softmax of each row of x: (x_c − m) − log S. out may equal x. For C ≤ LOG4_MAX_CLASSES
 * (SIMD build) four rows per step: max and S row by row, the four log S by one logF32x4.
 * scratch: BLOCK_BYTES (48) bytes, 16-byte aligned.
 */
export function logSoftmaxRowsF32(x: usize, rows: i32, classes: i32, out: usize, scratch: usize): void {
  const rowBytes = <usize>classes << 2;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        for (let k = 0; k < 4; k++) {
          const xr = x + <usize>(r + k) * rowBytes;
          const m = rowMaxF32(xr, classes);
          const o = scratch + (<usize>k << 2);
          store<f32>(o + BLOCK_MAX, m);
          store<f32>(o + BLOCK_SUM, m == Infinity ? 1 : <f32>(rowExpSumF32(xr, classes, m, 0, 0, -1) * EXP_UNSCALE));
        }
        rowsLog4F32(scratch);
        for (let k = 0; k < 4; k++) {
          const off = <usize>(r + k) * rowBytes;
          const o = scratch + (<usize>k << 2);
          const m = load<f32>(o + BLOCK_MAX);
          if (m == Infinity) infRowF32(x + off, out + off, classes, 0, -Infinity);
          else logSoftmaxRowFinishF32(x + off, out + off, classes, m, load<f32>(o + BLOCK_LOG_SUM));
        }
      }
    }
  }
  for (; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const m = rowMaxF32(x + off, classes);
    if (m == Infinity) infRowF32(x + off, out + off, classes, 0, -Infinity);
    else logSoftmaxRowFinishF32(x + off, out + off, classes, m, logF32(<f32>(rowExpSumF32(x + off, classes, m, 0, 0, -1) * EXP_UNSCALE)));
  }
}
