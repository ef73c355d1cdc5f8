// Categorical cross-entropy from logits with dense (one-hot or soft) targets (Keras 3:
// categorical_crossentropy with from_logits=True). See crossentropy.ts for the formulas, the
// export signature and the error bounds.
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import { expMinusF32, expMinusF32x4 } from "../math/exp";
import { logF32, logF32x4 } from "../math/log";
import {
  BLOCK_BYTES, BLOCK_LOG_SUM, BLOCK_SUM, LOG4_MAX_CLASSES, SMALL_CLASSES, gather4, rowMaxF32, rowsLog4F32,
} from "./softmax-rows";

// The kernel's scratch: the four-row block scratch of softmax-rows.ts (m_k, S_k, log S_k as
// float32), then per row k of the block, in float64: Σy'_k, Σy'·d_k and S_k. The row path uses
// the k = 0 slots of Σy' and Σy'·d.
const DENSE_SUM_Y: usize = BLOCK_BYTES; //        [48, 80)
const DENSE_SUM_YD: usize = BLOCK_BYTES + 32; //  [80, 112)
const DENSE_SUM_E: usize = BLOCK_BYTES + 64; //   [112, 144): 144 bytes in all

/**
 * S = Σ exp(d_c) with d_c = x_c − m (returned), and Σ y'_c and Σ y'_c·d_c (float64, stored at
 * sumYOut and sumYDOut), y' = a·y + b; stores exp(d_c) at e when e != 0.
 */
// @ts-ignore: decorator
@inline
function rowExpSumDenseF32(y: usize, x: usize, n: i32, m: f32, a: f32, b: f32, e: usize, sumYOut: usize, sumYDOut: usize): f64 {
  let sumE: f64 = 0;
  let sumY: f64 = 0;
  let sumYD: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const n16 = n & ~15;
    while (i < n16) {
      const end = min(i + SUM_BLOCK, n16);
      let ea = f32x4.splat(0);
      let eb = ea;
      let ya = ea;
      let yb = ea;
      let yda = ea;
      let ydb = ea;
      for (; i < end; i += 16) {
        const off = <usize>i << 2;
        const d0 = f32x4.sub(v128.load(x + off), mv);
        const d1 = f32x4.sub(v128.load(x + off, 16), mv);
        const d2 = f32x4.sub(v128.load(x + off, 32), mv);
        const d3 = f32x4.sub(v128.load(x + off, 48), mv);
        // four independent exp chains
        const x0 = expMinusF32x4(d0);
        const x1 = expMinusF32x4(d1);
        const x2 = expMinusF32x4(d2);
        const x3 = expMinusF32x4(d3);
        if (e) {
          v128.store(e + off, x0);
          v128.store(e + off, x1, 16);
          v128.store(e + off, x2, 32);
          v128.store(e + off, x3, 48);
        }
        const t0 = f32x4.add(f32x4.mul(av, v128.load(y + off)), bv);
        const t1 = f32x4.add(f32x4.mul(av, v128.load(y + off, 16)), bv);
        const t2 = f32x4.add(f32x4.mul(av, v128.load(y + off, 32)), bv);
        const t3 = f32x4.add(f32x4.mul(av, v128.load(y + off, 48)), bv);
        ea = f32x4.add(ea, f32x4.add(x0, x1));
        eb = f32x4.add(eb, f32x4.add(x2, x3));
        ya = f32x4.add(ya, f32x4.add(t0, t1));
        yb = f32x4.add(yb, f32x4.add(t2, t3));
        yda = f32x4.add(yda, f32x4.add(f32x4.mul(t0, d0), f32x4.mul(t1, d1)));
        ydb = f32x4.add(ydb, f32x4.add(f32x4.mul(t2, d2), f32x4.mul(t3, d3)));
      }
      sumE += hsumF32x4ToF64(f32x4.add(ea, eb));
      sumY += hsumF32x4ToF64(f32x4.add(ya, yb));
      sumYD += hsumF32x4ToF64(f32x4.add(yda, ydb));
    }
    const n4 = n & ~3;
    if (i < n4) {
      let ea = f32x4.splat(0);
      let ya = ea;
      let yda = ea;
      for (; i < n4; i += 4) {
        const off = <usize>i << 2;
        const d0 = f32x4.sub(v128.load(x + off), mv);
        const x0 = expMinusF32x4(d0);
        if (e) v128.store(e + off, x0);
        const t0 = f32x4.add(f32x4.mul(av, v128.load(y + off)), bv);
        ea = f32x4.add(ea, x0);
        ya = f32x4.add(ya, t0);
        yda = f32x4.add(yda, f32x4.mul(t0, d0));
      }
      sumE += hsumF32x4ToF64(ea);
      sumY += hsumF32x4ToF64(ya);
      sumYD += hsumF32x4ToF64(yda);
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const d = load<f32>(x + off) - m;
    const ev = expMinusF32(d);
    if (e) store<f32>(e + off, ev);
    const t = a * load<f32>(y + off) + b;
    sumE += <f64>ev;
    sumY += <f64>t;
    sumYD += <f64>(t * d);
  }
  store<f64>(sumYOut, sumY);
  store<f64>(sumYDOut, sumYD);
  return sumE;
}

/** g_c = g_c·k1 + y_c·k2 + k3 for c < n, in place (the dense gradient from stored exps). */
// @ts-ignore: decorator
@inline
function rowDenseGradF32(g: usize, y: usize, n: i32, k1: f32, k2: f32, k3: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v1 = f32x4.splat(k1);
    const v2 = f32x4.splat(k2);
    const v3 = f32x4.splat(k3);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      v128.store(g + off, f32x4.add(f32x4.mul(v128.load(g + off), v1), f32x4.add(f32x4.mul(v128.load(y + off), v2), v3)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(g + off, load<f32>(g + off) * k1 + (load<f32>(y + off) * k2 + k3));
  }
}

/**
 * The end of one row of the dense kernel, given S = Σ exp(d) (exps stored into the gradient row
 * when g != 0), log S, Σy' and Σy'·d: returns w·L and writes lossOut and the gradient row.
 */
// @ts-ignore: decorator
@inline
function denseRowFinishF32(
  y: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
  s: f64, logS: f32, sumY: f64, sumYD: f64,
): f64 {
  const off = <usize>r * (<usize>classes << 2);
  const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
  const loss = <f64>logS * sumY - sumYD;
  if (g) {
    // g_c = gs·w·(Σy'·e_c / S − a·y_c − b)
    const gw = gs * ws;
    rowDenseGradF32(g + off, y + off, classes, <f32>((<f64>gw * sumY) / s), -gw * a, -gw * b);
  }
  const weighted = <f64>ws * loss;
  if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
  return weighted;
}

/** One row of the dense kernel: returns w·L and writes lossOut / the gradient row. */
// @ts-ignore: decorator
@inline
function denseRowF32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, scratch: usize,
): f64 {
  const off = <usize>r * (<usize>classes << 2);
  const m = rowMaxF32(x + off, classes);
  const s = rowExpSumDenseF32(y + off, x + off, classes, m, a, b, g ? g + off : 0, scratch + DENSE_SUM_Y, scratch + DENSE_SUM_YD);
  return denseRowFinishF32(
    y, r, classes, w, lossOut, g, gs, a, b, s, logF32(<f32>s), load<f64>(scratch + DENSE_SUM_Y), load<f64>(scratch + DENSE_SUM_YD),
  );
}

/**
 * Four rows of the dense kernel for 16 < C ≤ LOG4_MAX_CLASSES (SIMD build): the passes of
 * denseRowF32 row by row, then the four log S in one logF32x4, then each row's loss and gradient.
 */
// @ts-ignore: decorator
@inline
function denseRowsLog4F32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, scratch: usize,
): f64 {
  const rowBytes = <usize>classes << 2;
  for (let k = 0; k < 4; k++) {
    const off = <usize>(r + k) * rowBytes;
    const m = rowMaxF32(x + off, classes);
    const o = scratch + (<usize>k << 3);
    const s = rowExpSumDenseF32(y + off, x + off, classes, m, a, b, g ? g + off : 0, o + DENSE_SUM_Y, o + DENSE_SUM_YD);
    store<f32>(scratch + (<usize>k << 2) + BLOCK_SUM, <f32>s);
    store<f64>(o + DENSE_SUM_E, s);
  }
  rowsLog4F32(scratch);
  let total: f64 = 0;
  for (let k = 0; k < 4; k++) {
    const o = scratch + (<usize>k << 3);
    total += denseRowFinishF32(
      y, r + k, classes, w, lossOut, g, gs, a, b,
      load<f64>(o + DENSE_SUM_E), load<f32>(scratch + (<usize>k << 2) + BLOCK_LOG_SUM), load<f64>(o + DENSE_SUM_Y), load<f64>(o + DENSE_SUM_YD),
    );
  }
  return total;
}

/** Four rows at once for small C (SIMD build only), one row per lane: the math of denseRowF32. */
// @ts-ignore: decorator
@inline
function denseRows4F32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const stride = <usize>classes << 2;
  const off = <usize>r * stride;
  const xr = x + off;
  const yr = y + off;
  const gr = g ? g + off : 0;
  const cEnd = <usize>classes << 2;
  const av = f32x4.splat(a);
  const bv = f32x4.splat(b);
  let m = f32x4.splat(-Infinity);
  for (let c: usize = 0; c < cEnd; c += 4) m = f32x4.pmax(gather4(xr, stride, c), m); // pmax: see rowMaxF32
  let sum = f32x4.splat(0);
  let sumY = sum;
  let sumYD = sum;
  for (let c: usize = 0; c < cEnd; c += 4) {
    const d = f32x4.sub(gather4(xr, stride, c), m);
    const e = expMinusF32x4(d);
    const t = f32x4.add(f32x4.mul(av, gather4(yr, stride, c)), bv);
    sum = f32x4.add(sum, e);
    sumY = f32x4.add(sumY, t);
    sumYD = f32x4.add(sumYD, f32x4.mul(t, d));
    if (gr) {
      v128.store32_lane(gr + c, e, 0);
      v128.store32_lane(gr + stride + c, e, 1);
      v128.store32_lane(gr + 2 * stride + c, e, 2);
      v128.store32_lane(gr + 3 * stride + c, e, 3);
    }
  }
  const loss = f32x4.sub(f32x4.mul(logF32x4(sum), sumY), sumYD);
  const wv = w ? v128.load(w + (<usize>r << 2)) : f32x4.splat(1);
  if (lossOut) v128.store(lossOut + (<usize>r << 2), f32x4.mul(wv, loss));
  if (gr) {
    const gw = f32x4.mul(f32x4.splat(gs), wv);
    const k1 = f32x4.div(f32x4.mul(gw, sumY), sum);
    const k2 = f32x4.neg(f32x4.mul(gw, av));
    const k3 = f32x4.neg(f32x4.mul(gw, bv));
    rowDenseGradF32(gr, yr, classes, f32x4.extract_lane(k1, 0), f32x4.extract_lane(k2, 0), f32x4.extract_lane(k3, 0));
    rowDenseGradF32(gr + stride, yr + stride, classes, f32x4.extract_lane(k1, 1), f32x4.extract_lane(k2, 1), f32x4.extract_lane(k3, 1));
    rowDenseGradF32(gr + 2 * stride, yr + 2 * stride, classes, f32x4.extract_lane(k1, 2), f32x4.extract_lane(k2, 2), f32x4.extract_lane(k3, 2));
    rowDenseGradF32(gr + 3 * stride, yr + 3 * stride, classes, f32x4.extract_lane(k1, 3), f32x4.extract_lane(k2, 3), f32x4.extract_lane(k3, 3));
  }
  return <f64>f32x4.extract_lane(wv, 0) * <f64>f32x4.extract_lane(loss, 0)
    + <f64>f32x4.extract_lane(wv, 1) * <f64>f32x4.extract_lane(loss, 1)
    + <f64>f32x4.extract_lane(wv, 2) * <f64>f32x4.extract_lane(loss, 2)
    + <f64>f32x4.extract_lane(wv, 3) * <f64>f32x4.extract_lane(loss, 3);
}

/**
 * Dense softmax cross-entropy from logits: targets are rows of (soft) labels; C ≤ 16 four rows per
 * step, one per lane; C ≤ 256 four log S per logF32x4. scratch: 144 bytes, 16-byte aligned (see
 * DENSE_SUM_Y).
 */
export function softmaxCrossEntropyDenseF32(
  y: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32, scratch: usize,
): f64 {
  const a: f32 = 1 - smoothing;
  const b: f32 = smoothing / <f32>classes;
  let total: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= SMALL_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += denseRows4F32(y, x, r, classes, w, lossOut, g, gs, a, b);
    } else if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += denseRowsLog4F32(y, x, r, classes, w, lossOut, g, gs, a, b, scratch);
    }
  }
  for (; r < rows; r++) total += denseRowF32(y, x, r, classes, w, lossOut, g, gs, a, b, scratch);
  return total;
}
