// Row primitives of the softmax family (crossentropy-*.ts, softmax.ts, categorical-focal.ts): the
// max of a row, and the sum of exp(x − max) over a row, optionally storing the exps; and the
// scratch layout and helpers of the four-row blocks. A row is n contiguous float32.
//
// Two passes per row (max, then exp and sum) rather than an online max+sum: the row sits in L1
// after the first pass, and the online form costs 1.25 exps per element. The exp pass processes
// 32 elements per step as eight independent f32x4 exp chains (on a Zen 4 EPYC eight chains ran
// 7% faster than four, and two chains 15% slower) summed into two accumulators, then 4 at a
// time, then a scalar tail that uses the same math. The exponent x − max is ≤ 0, so the exp is
// expMinusF32x4 (one scale factor, no clamp: 22 vector operations instead of 26); it flushes terms below
// 2^−126 to 0, which cannot change a sum ≥ 1 (the max term is 1) and leaves softmax outputs
// (and the gradient) off by less than 1.2e-38 absolute.
// When no exps are stored (a loss-only sum), the terms are expMinusSumTermF32x4 instead: one pmax
// raises x − max to the cutoff rather than a compare and an and-not flushing below it (21 vector
// operations); each term below the cutoff then adds < 1.18e-38 to the sum, so a row of n
// elements is off by < n·1.18e-38 absolute (relative, the sum being ≥ 1), far below its float32
// rounding.
//
// Error: the sum is accumulated in two f32x4 accumulators flushed into float64 every
// EXP_SUM_BLOCK = 128 elements, so each lane adds at most 16 terms (23 in the last block, with
// the 4-wide tail): the relative error of the sum is at most 23·2⁻²⁴ ≈ 1.4e-6 (all terms are
// positive) plus the exp error of each term.
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import { expMinusF32, expMinusF32x4, expMinusSumTermF32x4 } from "../math/exp";
import { logF32x4 } from "../math/log";

/**
 * max over x[0..n); −Infinity for n = 0. The SIMD body uses f32x4.pmax (`x < m ? m : x`, one
 * maxps in V8) rather than f32x4.max, whose NaN and ±0 rules cost V8 eight instructions and a
 * long dependency chain per vector (sparse CE ran about 40% slower with it).
 * So a NaN element may or may not end up in the result; either way the row's exp(x − m) at that
 * element is NaN, so Σ exp, the loss and the softmax of that row are NaN, as with f32.max (and
 * only −0 versus +0 can differ otherwise, which no caller can tell apart: x − (±0) is x).
 */
// @ts-ignore: decorator
@inline
export function rowMaxF32(x: usize, n: i32): f32 {
  let m: f32 = -Infinity;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let m0 = f32x4.splat(-Infinity);
    let m1 = m0;
    let m2 = m0;
    let m3 = m0;
    const n16 = n & ~15;
    for (; i < n16; i += 16) {
      const p = x + (<usize>i << 2);
      m0 = f32x4.pmax(v128.load(p), m0);
      m1 = f32x4.pmax(v128.load(p, 16), m1);
      m2 = f32x4.pmax(v128.load(p, 32), m2);
      m3 = f32x4.pmax(v128.load(p, 48), m3);
    }
    const n4 = n & ~3;
    for (; i < n4; i += 4) m0 = f32x4.pmax(v128.load(x + (<usize>i << 2)), m0);
    // horizontal max by two shuffles, still one maxps each
    const v = f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3));
    const h = f32x4.pmax(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
    m = f32x4.extract_lane(f32x4.pmax(h, i32x4.shuffle(h, h, 1, 0, 3, 2)), 0);
  }
  // scalar max by select (one compare, no f32.max NaN/±0 fix-up); a NaN element is never selected,
  // which makes the row NaN all the same (see above)
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    m = select<f32>(v, m, v > m);
  }
  return m;
}

/** Σ (x_i − shift) over i < n, in float32 blocks flushed into float64. */
// @ts-ignore: decorator
@inline
export function rowSumF32(x: usize, n: i32, shift: f32): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const hv = f32x4.splat(shift);
    const n8 = n & ~7;
    while (i < n8) {
      const end = min(i + SUM_BLOCK, n8);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      for (; i < end; i += 8) {
        const p = x + (<usize>i << 2);
        a0 = f32x4.add(a0, f32x4.sub(v128.load(p), hv));
        a1 = f32x4.add(a1, f32x4.sub(v128.load(p, 16), hv));
      }
      total += hsumF32x4ToF64(a0) + hsumF32x4ToF64(a1);
    }
  }
  for (; i < n; i++) total += <f64>(load<f32>(x + (<usize>i << 2)) - shift);
  return total;
}

/** Elements per float32 block of rowExpSumF32 before a flush into float64 (a multiple of 32). */
const EXP_SUM_BLOCK: i32 = 128;

/**
 * Σ exp(x_i − m) over i < n, in float64 (see the error note above). When e != 0, also stores
 * exp(x_i − m) at e (e may equal x: each element is read before it is written).
 */
// @ts-ignore: decorator
@inline
export function rowExpSumF32(x: usize, n: i32, m: f32, e: usize): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    // two accumulators, not four: with four, V8 spilled inside the loop (measured 7% slower)
    let a0 = f32x4.splat(0);
    let a1 = a0;
    const n32 = n & ~31;
    while (i < n32) {
      const end = min(i + EXP_SUM_BLOCK, n32);
      if (e) {
        for (; i < end; i += 32) {
          const off = <usize>i << 2;
          const p = x + off;
          // eight independent exp chains
          const e0 = expMinusF32x4(f32x4.sub(v128.load(p, 0), mv));
          const e1 = expMinusF32x4(f32x4.sub(v128.load(p, 16), mv));
          const e2 = expMinusF32x4(f32x4.sub(v128.load(p, 32), mv));
          const e3 = expMinusF32x4(f32x4.sub(v128.load(p, 48), mv));
          const e4 = expMinusF32x4(f32x4.sub(v128.load(p, 64), mv));
          const e5 = expMinusF32x4(f32x4.sub(v128.load(p, 80), mv));
          const e6 = expMinusF32x4(f32x4.sub(v128.load(p, 96), mv));
          const e7 = expMinusF32x4(f32x4.sub(v128.load(p, 112), mv));
          const q = e + off;
          v128.store(q, e0, 0);
          v128.store(q, e1, 16);
          v128.store(q, e2, 32);
          v128.store(q, e3, 48);
          v128.store(q, e4, 64);
          v128.store(q, e5, 80);
          v128.store(q, e6, 96);
          v128.store(q, e7, 112);
          a0 = f32x4.add(a0, e0);
          a1 = f32x4.add(a1, e1);
          a0 = f32x4.add(a0, e2);
          a1 = f32x4.add(a1, e3);
          a0 = f32x4.add(a0, e4);
          a1 = f32x4.add(a1, e5);
          a0 = f32x4.add(a0, e6);
          a1 = f32x4.add(a1, e7);
        }
      } else {
        // no exps stored: sum terms (clamped at the cutoff instead of flushed to 0, see exp.ts)
        for (; i < end; i += 32) {
          const p = x + (<usize>i << 2);
          const e0 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 0), mv));
          const e1 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 16), mv));
          const e2 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 32), mv));
          const e3 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 48), mv));
          const e4 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 64), mv));
          const e5 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 80), mv));
          const e6 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 96), mv));
          const e7 = expMinusSumTermF32x4(f32x4.sub(v128.load(p, 112), mv));
          a0 = f32x4.add(a0, e0);
          a1 = f32x4.add(a1, e1);
          a0 = f32x4.add(a0, e2);
          a1 = f32x4.add(a1, e3);
          a0 = f32x4.add(a0, e4);
          a1 = f32x4.add(a1, e5);
          a0 = f32x4.add(a0, e6);
          a1 = f32x4.add(a1, e7);
        }
      }
      if (i < n32) {
        // a full block and more to come: flush (the last block is flushed with the tail below)
        total += hsumF32x4ToF64(f32x4.add(a0, a1));
        a0 = f32x4.splat(0);
        a1 = a0;
      }
    }
    // fewer than 32 left: one chain, into the same accumulators (a single flush per row)
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      const d = f32x4.sub(v128.load(x + off), mv);
      let ev: v128;
      if (e) {
        ev = expMinusF32x4(d);
        v128.store(e + off, ev);
      } else {
        ev = expMinusSumTermF32x4(d);
      }
      a0 = f32x4.add(a0, ev);
    }
    total += hsumF32x4ToF64(f32x4.add(a0, a1));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const ev = expMinusF32(load<f32>(x + off) - m);
    if (e) store<f32>(e + off, ev);
    total += <f64>ev;
  }
  return total;
}

/** x[i] = x[i]·s + shift for i < n, in place. */
// @ts-ignore: decorator
@inline
export function rowScaleF32(x: usize, n: i32, s: f32, shift: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(s);
    const hv = f32x4.splat(shift);
    const n8 = n & ~7;
    for (; i < n8; i += 8) {
      const p = x + (<usize>i << 2);
      v128.store(p, f32x4.add(f32x4.mul(v128.load(p), sv), hv));
      v128.store(p, f32x4.add(f32x4.mul(v128.load(p, 16), sv), hv), 16);
    }
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const p = x + (<usize>i << 2);
      v128.store(p, f32x4.add(f32x4.mul(v128.load(p), sv), hv));
    }
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    store<f32>(p, load<f32>(p) * s + shift);
  }
}


// ---- four rows at a time (the cross-entropy and log-softmax kernels) ------------------------

// Scratch of the four-row blocks (sparseRowsLog4F32, denseRowsLog4F32, logSoftmaxRowsF32), given
// by the caller (16-byte aligned): per row k of the block its max m_k, S_k (as float32 lanes, for
// one logF32x4), then log S_k. The dense kernel adds Σy'_k, Σy'·d_k and S_k in float64 after them.
/** Byte offset of m_k (float32, k = 0..3) in the block scratch. */
export const BLOCK_MAX: usize = 0;
/** Byte offset of S_k (float32). */
export const BLOCK_SUM: usize = 16;
/** Byte offset of log S_k (float32). */
export const BLOCK_LOG_SUM: usize = 32;
/** Bytes of the float32 part of the block scratch (sparse cross-entropy, log-softmax). */
export const BLOCK_BYTES: usize = 48;

/**
 * Rows with more than SMALL_CLASSES and at most this many classes take the four-row log blocks
 * (dense and log-softmax measured slower above 256: the four rows no longer stay in L1 between
 * the sum pass and the finishing pass; sparse gained ≤ 5% at C = 400 and 1000, within noise, so
 * it keeps the same limit).
 */
export const LOG4_MAX_CLASSES: i32 = 256;

/**
 * log S_k of the four rows of the block scratch at `block` by one logF32x4 (the same bits as four
 * logF32 in the SIMD build; within 1 ULP of them in the relaxed build).
 */
// @ts-ignore: decorator
@inline
export function rowsLog4F32(block: usize): void {
  v128.store(block + BLOCK_LOG_SUM, logF32x4(v128.load(block + BLOCK_SUM)));
}

/** Rows with at most this many classes are processed four at a time, one row per lane. */
export const SMALL_CLASSES: i32 = 16;

/** x[r+k][c] for k = 0..3 (byte offset c, row stride in bytes): one row per lane. */
// @ts-ignore: decorator
@inline
export function gather4(p: usize, stride: usize, c: usize): v128 {
  let v = v128.load32_zero(p + c);
  v = v128.load32_lane(p + stride + c, v, 1);
  v = v128.load32_lane(p + 2 * stride + c, v, 2);
  return v128.load32_lane(p + 3 * stride + c, v, 3);
}
