// Row primitives of the softmax family (crossentropy-*.ts, softmax.ts, categorical-focal.ts): the
// max of a row, the sum of exp(x − max) over a row (optionally leaving one element out of the sum,
// optionally storing the exps; or, for sums whose tiny terms do not matter, the cheaper unscaled
// expMinus form), the rows with a +Infinity, and the scratch layout and helpers of the four-row
// blocks. A row is n contiguous float32.
//
// Two passes per row (max, then exp and sum) rather than an online max+sum: the row sits in L1
// after the first pass, and the online form costs 1.25 exps per element. The exp pass processes
// 32 elements per step as eight independent f32x4 exp chains (on a Zen 4 EPYC eight chains ran
// 7% faster than four, and two chains 15% slower), summed as a tree into one accumulator, then 4
// at a time, then a scalar tail that uses the same math. The terms are expShiftedF32x4's
// 2^32·e^(x − M) (assembly/math/exp.ts) for the row's shift M: M = max (shift = max, n_m = 0), or
// for the cross-entropy kernels M = n_m·ln2 with the reduction done on x itself (shift = 0), so
// that no rounded x − max enters the exp; no flush compare, and normal down to true values of
// 2^−158, so that a sum without its largest terms (the loss of a confident row is log1p of such a
// sum, crossentropy.ts) keeps even its tiniest terms. Every caller divides by a sum of the same
// terms or multiplies by 2^−32 (EXP_UNSCALE, exact). When no exps are stored (a loss-only sum) the
// relaxed build takes the one-step reduction of the sum form.
//
// Leaving one element out (skip): the chunk of 32 holding it is summed with that lane masked, once
// per row (a branch per chunk, nothing per vector), as is the 4-wide tail; the element's exp is
// still stored.
//
// Error: each 32-element chunk is summed as a tree of its eight vectors (3 roundings per term),
// four chunks into one f32x4 accumulator, which is flushed into float64 every EXP_SUM_BLOCK = 128
// elements; the ≤ 7 vectors of the 4-wide tail go to an accumulator of their own. So every term
// sees at most 7 float32 roundings (7·2⁻²⁴ ≈ 4.2e-7 relative on a sum of positive terms) plus
// the error of its exp (2 ULP; in the relaxed build's loss-only sums ≤ |n|·1.9e-9 more, n the
// term's binary exponent: ≤ 2.1e-7 for terms above 1e-48).
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import {
  expMinusF32, expMinusF32x4, expMinusSumTermF32x4, expShiftClampF32, expShiftMagicF32, expShiftedF32, expShiftedF32x4,
} from "../math/exp";
import { logF32x4, log1pF32x4 } from "../math/log";

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

/** Lane indices of the eight vectors of a 32-element chunk, for the skipped element's mask. */
const IOTA32: usize = memory.data<i32>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
], 16);

/**
 * The tree sum of the eight exp vectors of the 32 elements at p (expShiftedF32x4 of x − sv, with
 * the row's magic and clamp), stored at q when q != 0. sumTerm: the exp's sum form (only when
 * nothing is stored). masked: element `rel` of the chunk is left out of the sum (still stored).
 * sumTerm and masked are compile-time constants at every call.
 */
// @ts-ignore: decorator
@inline
function expChunk32F32(p: usize, q: usize, sv: v128, mg: v128, cl: v128, sumTerm: bool, masked: bool, rel: i32): v128 {
  // eight independent exp chains
  let e0 = expShiftedF32x4(f32x4.sub(v128.load(p, 0), sv), mg, cl, sumTerm);
  let e1 = expShiftedF32x4(f32x4.sub(v128.load(p, 16), sv), mg, cl, sumTerm);
  let e2 = expShiftedF32x4(f32x4.sub(v128.load(p, 32), sv), mg, cl, sumTerm);
  let e3 = expShiftedF32x4(f32x4.sub(v128.load(p, 48), sv), mg, cl, sumTerm);
  let e4 = expShiftedF32x4(f32x4.sub(v128.load(p, 64), sv), mg, cl, sumTerm);
  let e5 = expShiftedF32x4(f32x4.sub(v128.load(p, 80), sv), mg, cl, sumTerm);
  let e6 = expShiftedF32x4(f32x4.sub(v128.load(p, 96), sv), mg, cl, sumTerm);
  let e7 = expShiftedF32x4(f32x4.sub(v128.load(p, 112), sv), mg, cl, sumTerm);
  if (q) {
    v128.store(q, e0, 0);
    v128.store(q, e1, 16);
    v128.store(q, e2, 32);
    v128.store(q, e3, 48);
    v128.store(q, e4, 64);
    v128.store(q, e5, 80);
    v128.store(q, e6, 96);
    v128.store(q, e7, 112);
  }
  if (masked) {
    const r = i32x4.splat(rel);
    e0 = v128.andnot(e0, i32x4.eq(r, v128.load(IOTA32, 0)));
    e1 = v128.andnot(e1, i32x4.eq(r, v128.load(IOTA32, 16)));
    e2 = v128.andnot(e2, i32x4.eq(r, v128.load(IOTA32, 32)));
    e3 = v128.andnot(e3, i32x4.eq(r, v128.load(IOTA32, 48)));
    e4 = v128.andnot(e4, i32x4.eq(r, v128.load(IOTA32, 64)));
    e5 = v128.andnot(e5, i32x4.eq(r, v128.load(IOTA32, 80)));
    e6 = v128.andnot(e6, i32x4.eq(r, v128.load(IOTA32, 96)));
    e7 = v128.andnot(e7, i32x4.eq(r, v128.load(IOTA32, 112)));
  }
  return f32x4.add(f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3)), f32x4.add(f32x4.add(e4, e5), f32x4.add(e6, e7)));
}

/**
 * Σ_{i ≠ skip} 2^32·e^(x_i − M) over i < n, in float64 (skip < 0 or ≥ n: every i; see the error
 * note above), for the row's shift M given as (shift, n_m): the exp of x_i − shift, shifted by
 * n_m·ln2 more (expShiftedF32x4). When e != 0, also stores 2^32·e^(x_i − M) at e for every i,
 * skip included (e may equal x: each element is read before it is written).
 */
// @ts-ignore: decorator
@inline
export function rowExpSumF32(x: usize, n: i32, shift: f32, nm: f32, e: usize, skip: i32): f64 {
  const magic = expShiftMagicF32(nm);
  const clamp = expShiftClampF32(nm);
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(shift);
    const mg = f32x4.splat(magic);
    const cl = f32x4.splat(clamp);
    const n32 = n & ~31;
    // the 32-element chunk holding skip (−1: none)
    const skipChunk = skip >= 0 && skip < n32 ? skip & ~31 : -1;
    while (i < n32) {
      const end = min(i + EXP_SUM_BLOCK, n32);
      let a = f32x4.splat(0);
      if (e) {
        for (; i < end; i += 32) {
          const off = <usize>i << 2;
          if (i == skipChunk) a = f32x4.add(a, expChunk32F32(x + off, e + off, sv, mg, cl, false, true, skip - i));
          else a = f32x4.add(a, expChunk32F32(x + off, e + off, sv, mg, cl, false, false, 0));
        }
      } else {
        // no exps stored: the sum form of the exp
        for (; i < end; i += 32) {
          const off = <usize>i << 2;
          if (i == skipChunk) a = f32x4.add(a, expChunk32F32(x + off, 0, sv, mg, cl, true, true, skip - i));
          else a = f32x4.add(a, expChunk32F32(x + off, 0, sv, mg, cl, true, false, 0));
        }
      }
      total += hsumF32x4ToF64(a);
    }
    // fewer than 32 left: one chain, 4 at a time, skip masked by lane index
    const n4 = n & ~3;
    if (i < n4) {
      let a = f32x4.splat(0);
      let rel = i32x4.splat(skip - i); // skip's index relative to the vector
      const iota = v128.load(IOTA32);
      const four = i32x4.splat(4);
      for (; i < n4; i += 4) {
        const off = <usize>i << 2;
        const v = f32x4.sub(v128.load(x + off), sv);
        let ev: v128;
        if (e) {
          ev = expShiftedF32x4(v, mg, cl, false);
          v128.store(e + off, ev);
        } else {
          ev = expShiftedF32x4(v, mg, cl, true);
        }
        a = f32x4.add(a, v128.andnot(ev, i32x4.eq(iota, rel)));
        rel = i32x4.sub(rel, four);
      }
      total += hsumF32x4ToF64(a);
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const ev = expShiftedF32(load<f32>(x + off) - shift, magic, clamp);
    if (e) store<f32>(e + off, ev);
    if (i != skip) total += <f64>ev;
  }
  return total;
}

/**
 * Σ exp(x_i − m) over i < n for the row's max m, unscaled, in float64, storing the exps at e when
 * e != 0 (e may equal x): expMinusF32x4 of x − m (results below 2^−126 flushed to 0; the loss-only
 * sums take expMinusSumTermF32x4), in two accumulators flushed every EXP_SUM_BLOCK elements (≤ 16
 * float32 roundings per term). A cheaper form of rowExpSumF32 (no per-row magic and clamp) for
 * sums ≥ 1 whose tiny terms do not matter: the sparse cross-entropy rows whose label is below the max.
 */
// @ts-ignore: decorator
@inline
export function rowExpMinusSumF32(x: usize, n: i32, m: f32, e: usize): f64 {
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

/** rowInfIndexF32's answer for a row with two or more +Infinity and no NaN. */
export const SEVERAL_INF: i32 = -2;

/**
 * The index of the one +Infinity of x[0..n) when the row holds exactly one and no NaN;
 * SEVERAL_INF (−2) for two or more +Infinity and no NaN (the softmax has no limit at those
 * entries, and tends to 0 at every finite one); −1 for a row holding a NaN. For rows whose max is
 * +Infinity, where exp(x − max) is NaN: the softmax of a row with one tends to one-hot(j).
 */
export function rowInfIndexF32(x: usize, n: i32): i32 {
  let j = -1;
  for (let i = 0; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v != v) return -1;
    if (v == Infinity) j = j == -1 ? i : SEVERAL_INF;
  }
  return j;
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
// by the caller (16-byte aligned): per row k of the block its max m_k (the dense kernel: its count
// K_k of maxima), then the float32 value whose log (log-softmax: S_k) or log1p (cross-entropy:
// u_k = S_k − 1 formed without cancellation, crossentropy.ts) the block takes in one f32x4 call,
// then that log. The dense kernel adds per-row float64 sums after them.
/** Byte offset of m_k (float32, k = 0..3) in the block scratch. */
export const BLOCK_MAX: usize = 0;
/** Byte offset of the argument of the block's log or log1p (float32). */
export const BLOCK_SUM: usize = 16;
/** Byte offset of its log or log1p (float32). */
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

/** log1p u_k of the four rows of the block scratch at `block` by one log1pF32x4 (the same bits as four log1pF32). */
// @ts-ignore: decorator
@inline
export function rowsLog1p4F32(block: usize): void {
  v128.store(block + BLOCK_LOG_SUM, log1pF32x4(v128.load(block + BLOCK_SUM)));
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

/** The inverse of gather4: lane k of v to p[r+k][c] (byte offset c, row stride in bytes). */
// @ts-ignore: decorator
@inline
export function scatter4(p: usize, stride: usize, c: usize, v: v128): void {
  v128.store32_lane(p + c, v, 0);
  v128.store32_lane(p + stride + c, v, 1);
  v128.store32_lane(p + 2 * stride + c, v, 2);
  v128.store32_lane(p + 3 * stride + c, v, 3);
}
