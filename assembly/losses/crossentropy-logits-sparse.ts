// Sparse categorical cross-entropy from logits (Keras 3: sparse_categorical_crossentropy with
// from_logits=True), rows of C float32 logits and one int32 label per row. See crossentropy.ts
// for the formulas, the export signature and the error bounds.
import { expMinusF32x4 } from "../math/exp";
import { logF32, logF32x4 } from "../math/log";
import {
  BLOCK_LOG_SUM, BLOCK_MAX, BLOCK_SUM, LOG4_MAX_CLASSES, SMALL_CLASSES, gather4, rowExpSumF32, rowMaxF32, rowScaleF32,
  rowSumF32, rowsLog4F32,
} from "./softmax-rows";

/**
 * The end of one row of the sparse kernel, given its max m, S = Σ exp(x − m) (the exps already
 * stored into the gradient row when g != 0) and log S: returns w·L and writes lossOut and the
 * gradient row. An ignored row (label < 0) gets a zero loss and a zero gradient row.
 */
// @ts-ignore: decorator
@inline
function sparseRowFinishF32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
  m: f32, s: f32, logS: f32,
): f64 {
  const rowBytes = <usize>classes << 2;
  const xr = x + <usize>r * rowBytes;
  const gr = g ? g + <usize>r * rowBytes : 0;
  const label = load<i32>(labels + (<usize>r << 2));
  let weighted: f64 = 0;
  if (label >= 0) {
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    const dl = load<f32>(xr + (<usize>label << 2)) - m;
    let loss = logS - a * dl;
    if (b != 0) loss -= b * <f32>rowSumF32(xr, classes, m);
    if (gr) {
      // g_c = gs·w·(e_c / S − s/C), then − gs·w·(1 − s) at the label
      const gw = gs * ws;
      rowScaleF32(gr, classes, gw / s, -gw * b);
      const gl = gr + (<usize>label << 2);
      store<f32>(gl, load<f32>(gl) - gw * a);
    }
    weighted = <f64>ws * <f64>loss;
  } else if (gr) {
    memory.fill(gr, 0, rowBytes);
  }
  if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
  return weighted;
}

/** One row of the sparse kernel: returns w·L and writes lossOut / the gradient row. */
// @ts-ignore: decorator
@inline
function sparseRowF32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const label = load<i32>(labels + (<usize>r << 2));
  let m: f32 = 0;
  let s: f32 = 1;
  if (label >= 0) {
    const rowBytes = <usize>classes << 2;
    const xr = x + <usize>r * rowBytes;
    m = rowMaxF32(xr, classes);
    s = <f32>rowExpSumF32(xr, classes, m, g ? g + <usize>r * rowBytes : 0); // exps stored into the gradient row
  }
  return sparseRowFinishF32(labels, x, r, classes, w, lossOut, g, gs, a, b, m, s, logF32(s));
}

/**
 * Four rows of the sparse kernel for C > 16 (SIMD build): max and S = Σ exp row by row as in
 * sparseRowF32, then the four log S in one logF32x4 instead of four scalar logF32, then each
 * row's loss and gradient. Ignored rows (label < 0) take S = 1 and skip the passes.
 */
// @ts-ignore: decorator
@inline
function sparseRowsLog4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, block: usize,
): f64 {
  const rowBytes = <usize>classes << 2;
  for (let k = 0; k < 4; k++) {
    const q = r + k;
    let m: f32 = 0;
    let s: f32 = 1;
    if (load<i32>(labels + (<usize>q << 2)) >= 0) {
      const xr = x + <usize>q * rowBytes;
      m = rowMaxF32(xr, classes);
      s = <f32>rowExpSumF32(xr, classes, m, g ? g + <usize>q * rowBytes : 0);
    }
    const o = block + (<usize>k << 2);
    store<f32>(o + BLOCK_MAX, m);
    store<f32>(o + BLOCK_SUM, s);
  }
  rowsLog4F32(block);
  let total: f64 = 0;
  for (let k = 0; k < 4; k++) {
    const o = block + (<usize>k << 2);
    total += sparseRowFinishF32(
      labels, x, r + k, classes, w, lossOut, g, gs, a, b, load<f32>(o + BLOCK_MAX), load<f32>(o + BLOCK_SUM), load<f32>(o + BLOCK_LOG_SUM),
    );
  }
  return total;
}

/**
 * Four rows at once for small C (SIMD build only), labels all ≥ 0: the same math as
 * sparseRowF32 with one row per lane, so the per-row reductions cost nothing extra.
 */
// @ts-ignore: decorator
@inline
function sparseRows4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const stride = <usize>classes << 2;
  const xr = x + <usize>r * stride;
  const gr = g ? g + <usize>r * stride : 0;
  const cEnd = <usize>classes << 2;
  let m = f32x4.splat(-Infinity);
  for (let c: usize = 0; c < cEnd; c += 4) m = f32x4.pmax(gather4(xr, stride, c), m); // pmax: see rowMaxF32
  let sum = f32x4.splat(0);
  let sumD = f32x4.splat(0);
  for (let c: usize = 0; c < cEnd; c += 4) {
    const d = f32x4.sub(gather4(xr, stride, c), m);
    const e = expMinusF32x4(d);
    sum = f32x4.add(sum, e);
    if (b != 0) sumD = f32x4.add(sumD, d);
    if (gr) {
      v128.store32_lane(gr + c, e, 0);
      v128.store32_lane(gr + stride + c, e, 1);
      v128.store32_lane(gr + 2 * stride + c, e, 2);
      v128.store32_lane(gr + 3 * stride + c, e, 3);
    }
  }
  const lp = labels + (<usize>r << 2);
  const l0 = <usize>load<i32>(lp) << 2;
  const l1 = <usize>load<i32>(lp, 4) << 2;
  const l2 = <usize>load<i32>(lp, 8) << 2;
  const l3 = <usize>load<i32>(lp, 12) << 2;
  let xl = v128.load32_zero(xr + l0);
  xl = v128.load32_lane(xr + stride + l1, xl, 1);
  xl = v128.load32_lane(xr + 2 * stride + l2, xl, 2);
  xl = v128.load32_lane(xr + 3 * stride + l3, xl, 3);
  let loss = f32x4.sub(logF32x4(sum), f32x4.mul(f32x4.splat(a), f32x4.sub(xl, m)));
  if (b != 0) loss = f32x4.sub(loss, f32x4.mul(f32x4.splat(b), sumD));
  const wv = w ? v128.load(w + (<usize>r << 2)) : f32x4.splat(1);
  const weighted = f32x4.mul(wv, loss);
  if (lossOut) v128.store(lossOut + (<usize>r << 2), weighted);
  if (gr) {
    const gw = f32x4.mul(f32x4.splat(gs), wv);
    const k = f32x4.div(gw, sum);
    const shift = f32x4.mul(gw, f32x4.splat(-b));
    const ga = f32x4.mul(gw, f32x4.splat(a));
    rowScaleF32(gr, classes, f32x4.extract_lane(k, 0), f32x4.extract_lane(shift, 0));
    rowScaleF32(gr + stride, classes, f32x4.extract_lane(k, 1), f32x4.extract_lane(shift, 1));
    rowScaleF32(gr + 2 * stride, classes, f32x4.extract_lane(k, 2), f32x4.extract_lane(shift, 2));
    rowScaleF32(gr + 3 * stride, classes, f32x4.extract_lane(k, 3), f32x4.extract_lane(shift, 3));
    store<f32>(gr + l0, load<f32>(gr + l0) - f32x4.extract_lane(ga, 0));
    store<f32>(gr + stride + l1, load<f32>(gr + stride + l1) - f32x4.extract_lane(ga, 1));
    store<f32>(gr + 2 * stride + l2, load<f32>(gr + 2 * stride + l2) - f32x4.extract_lane(ga, 2));
    store<f32>(gr + 3 * stride + l3, load<f32>(gr + 3 * stride + l3) - f32x4.extract_lane(ga, 3));
  }
  // same float64 accumulation as the row path: Σ w·L with w·L formed in float64
  return <f64>f32x4.extract_lane(wv, 0) * <f64>f32x4.extract_lane(loss, 0)
    + <f64>f32x4.extract_lane(wv, 1) * <f64>f32x4.extract_lane(loss, 1)
    + <f64>f32x4.extract_lane(wv, 2) * <f64>f32x4.extract_lane(loss, 2)
    + <f64>f32x4.extract_lane(wv, 3) * <f64>f32x4.extract_lane(loss, 3);
}

/**
 * Sparse softmax cross-entropy from logits (the headline kernel). Large C: two passes per row
 * (max, then exp+sum storing the exps into the gradient row, then one scaling pass). C ≤ 16
 * (SIMD build): four rows per step, one row per lane. scratch: BLOCK_BYTES (48) bytes, 16-byte
 * aligned, for the four-row blocks.
 */
export function softmaxCrossEntropySparseF32(
  labels: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32, scratch: usize,
): f64 {
  const a: f32 = 1 - smoothing; // weight of the one-hot part
  const b: f32 = smoothing / <f32>classes; // uniform part
  let total: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= SMALL_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        const lp = labels + (<usize>r << 2);
        if ((load<i32>(lp) | load<i32>(lp, 4) | load<i32>(lp, 8) | load<i32>(lp, 12)) < 0) {
          // an ignored row in the block: row by row
          for (let k = 0; k < 4; k++) total += sparseRowF32(labels, x, r + k, classes, w, lossOut, g, gs, a, b);
        } else {
          total += sparseRows4F32(labels, x, r, classes, w, lossOut, g, gs, a, b);
        }
      }
    } else if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += sparseRowsLog4F32(labels, x, r, classes, w, lossOut, g, gs, a, b, scratch);
    }
  }
  for (; r < rows; r++) total += sparseRowF32(labels, x, r, classes, w, lossOut, g, gs, a, b);
  return total;
}
