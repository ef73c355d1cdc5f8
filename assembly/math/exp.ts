// exp for float32, scalar and f32x4, one algorithm and one set of constants for both.
//
// Algorithm (range reduction "rr2" + degree-5 polynomial, after XNNPACK's f32 exp kernels,
// e.g. src/f32-raddstoreexpminusmax and src/math/f32-expminus-*-rr2-p5.c; the two-factor scaling
// for the full range is ours):
//
//   x ← clamp(x, −104, 89)           (NaN passes through: pmin/pmax keep their first operand)
//   n = round(x / ln2)                magic-bias rounding: x·log2e + 1.5·2²³ leaves n in the low
//                                     mantissa bits; the bias 254 = 2·127 of both scale factors
//                                     below is folded into the magic constant (0x4B4000FE)
//   t = x − n·ln2_hi − n·ln2_lo       Cody–Waite two-constant split: n·ln2_hi is exact for
//                                     |n| ≤ 256, so t carries no cancellation error
//   e^t ≈ 1 + t·p(t)                  p of degree 4 (XNNPACK's c1..c5), |t| ≤ 0.35, evaluated
//                                     by Estrin's scheme (a shorter dependency chain than Horner)
//   exp(x) = (2^n1 + (t·2^n1)·p(t)) · 2^n2,   n1 = ⌊n/2⌋, n2 = n − n1
//
// Splitting 2^n into two normal factors (n ∈ [−150, 128], so n1, n2 ∈ [−75, 64]) makes every
// case come out of the same arithmetic, with no branch and no select after the clamp:
//   x > 88.72284 (ln FLT_MAX) and +Infinity → +Infinity (the last product overflows);
//   x < −87.33655 → correctly rounded subnormals (the last product rounds once), no flush to 0;
//   x < −103.97208 (ln 2^−150) and −Infinity → 0;  NaN → NaN.
//
// Relaxed-SIMD build: the f32x4 forms use fused multiply-adds (madd.ts) and evaluate p by
// Horner's scheme (4 FMAs, fewer operations than Estrin's 5 when fused); results may differ
// from the scalar form's by 1 ULP there, and the same error bound holds (tested).
//
// Measured max error: 2 ULP against float64 Math.exp rounded to float32 (every 61st float32 bit
// pattern, 7e7 inputs: 97.4% exact, 2.4% at 1 ULP, 0.15% at 2 ULP; the polynomial alone is off by
// up to 9.2e-8 relative). Subnormal results are within 1 subnormal ULP. Tested in
// test/math/vmath.test.ts. Scalar and SIMD give the same bits in the SIMD build (same operations
// in the same order; wasm has no FMA contraction).

import { madd4, nmadd4 } from "./madd";
import { EXP_DENORM_CUTOFF, LN2 } from "./constants";

// log2(e) = 1.44269502 (0x3FB8AA3B)
const LOG2E: f32 = reinterpret<f32>(0x3fb8aa3b);
// 1.5·2²³ + 254 = 12583166 (0x4B4000FE): rounds x·log2e to an integer n and stores n + 254
const MAGIC_BIAS: f32 = reinterpret<f32>(0x4b4000fe);
// ln2_hi = 0.693145752 (0x3F317200, 15 significant bits) and ln2_lo = 1.42860677e-6 (0x35BFBE8E)
const LN2_HI: f32 = reinterpret<f32>(0x3f317200);
const LN2_LO: f32 = reinterpret<f32>(0x35bfbe8e);
// minimax coefficients of (e^t − 1)/t on [−ln2/2, ln2/2] (XNNPACK's rr2-p5 set)
const C1: f32 = reinterpret<f32>(0x3f7ffffb); // 0.999999702 (0x1.FFFFF6p-1)
const C2: f32 = reinterpret<f32>(0x3efffee3); // 0.499991506 (0x1.FFFDC6p-2)
const C3: f32 = reinterpret<f32>(0x3e2aad40); // 0.166676521 (0x1.555A80p-3)
const C4: f32 = reinterpret<f32>(0x3d2b9d0d); // 0.0418978222 (0x1.573A1Ap-5)
const C5: f32 = reinterpret<f32>(0x3c07cfce); // 0.00828929059 (0x1.0F9F9Cp-7)
// clamp bounds: −104 (0xC2D00000) gives n = −150, exp rounds to 0; 89 (0x42B20000) gives n = 128
const X_MIN: f32 = reinterpret<f32>(0xc2d00000);
const X_MAX: f32 = reinterpret<f32>(0x42b20000);
// exponent field of a float32 (0x7F800000), also as the f32 with those bits (+Infinity)
const EXP_MASK: i32 = 0x7f800000;
const EXP_MASK_F: f32 = reinterpret<f32>(EXP_MASK);
// expMinus: 1.5·2²³ + 127 = 12583039 (0x4B40007F), the one-factor magic bias (bias 127 folded in)
const MAGIC_BIAS_1: f32 = reinterpret<f32>(0x4b40007f);
// expShifted: 1.5·2²³ = 12582912 (0x4B400000), to which the bias 127, the scale 32 and −n_m are added
const MAGIC_BIAS_0: f32 = reinterpret<f32>(0x4b400000);

// Every constant splatted to four lanes in a 16-byte static segment of its own, named in K: V8
// materializes a v128.const with three instructions at each use inside a loop (and a scalar f32
// constant with two), whereas a load from a constant address is one instruction. Scalar code
// reads lane 0 of the same segment. Each name is its segment's address, so there is no index to
// keep in step with a table.
namespace K {
  export const XMin: usize = memory.data<f32>([X_MIN, X_MIN, X_MIN, X_MIN], 16);
  export const XMax: usize = memory.data<f32>([X_MAX, X_MAX, X_MAX, X_MAX], 16);
  export const Log2e: usize = memory.data<f32>([LOG2E, LOG2E, LOG2E, LOG2E], 16);
  export const Magic: usize = memory.data<f32>([MAGIC_BIAS, MAGIC_BIAS, MAGIC_BIAS, MAGIC_BIAS], 16);
  export const Ln2Hi: usize = memory.data<f32>([LN2_HI, LN2_HI, LN2_HI, LN2_HI], 16);
  export const Ln2Lo: usize = memory.data<f32>([LN2_LO, LN2_LO, LN2_LO, LN2_LO], 16);
  export const C5: usize = memory.data<f32>([C5, C5, C5, C5], 16);
  export const C4: usize = memory.data<f32>([C4, C4, C4, C4], 16);
  export const C3: usize = memory.data<f32>([C3, C3, C3, C3], 16);
  export const C2: usize = memory.data<f32>([C2, C2, C2, C2], 16);
  export const C1: usize = memory.data<f32>([C1, C1, C1, C1], 16);
  export const ExpMask: usize = memory.data<f32>([EXP_MASK_F, EXP_MASK_F, EXP_MASK_F, EXP_MASK_F], 16);
  export const Magic1: usize = memory.data<f32>([MAGIC_BIAS_1, MAGIC_BIAS_1, MAGIC_BIAS_1, MAGIC_BIAS_1], 16);
  export const Cutoff: usize = memory.data<f32>([EXP_DENORM_CUTOFF, EXP_DENORM_CUTOFF, EXP_DENORM_CUTOFF, EXP_DENORM_CUTOFF], 16);
  export const Ln2: usize = memory.data<f32>([LN2, LN2, LN2, LN2], 16);
}

// @ts-ignore: decorator
@inline
function k4(p: usize): v128 {
  return v128.load(p);
}

// @ts-ignore: decorator
@inline
function k1(p: usize): f32 {
  return load<f32>(p);
}

/**
 * e^x for float32. Max error 2 ULP (normal results; subnormal results within 1 subnormal ULP);
 * overflow to +Infinity, gradual underflow to subnormals and 0; NaN → NaN. Same bits as expF32x4.
 */
// @ts-ignore: decorator
@inline
export function expF32(x: f32): f32 {
  const lo = k1(K.XMin);
  const hi = k1(K.XMax);
  x = select<f32>(lo, x, x < lo);
  x = select<f32>(hi, x, hi < x);
  const magic = k1(K.Magic);
  let vn = x * k1(K.Log2e) + magic;
  const b = reinterpret<i32>(vn);
  const s1 = (b << 22) & EXP_MASK; // (⌊n/2⌋ + 127) << 23
  const s2 = (b << 23) - s1; //          (n − ⌊n/2⌋ + 127) << 23
  vn -= magic;
  let t = x - vn * k1(K.Ln2Hi);
  t = t - vn * k1(K.Ln2Lo);
  // p(t) = C1 + C2·t + C3·t² + C4·t³ + C5·t⁴ by Estrin's scheme (short dependency chain)
  const t2 = t * t;
  const a0 = k1(K.C2) * t + k1(K.C1);
  const a1 = k1(K.C4) * t + k1(K.C3);
  const p = (k1(K.C5) * t2 + a1) * t2 + a0;
  // (1 + t·p)·2^n1 as 2^n1 + (t·2^n1)·p: the same bits (scaling by 2^n1 is exact), no constant 1
  const scale1 = reinterpret<f32>(s1);
  return ((t * scale1) * p + scale1) * reinterpret<f32>(s2);
}

/**
 * p(t) = C1 + C2·t + C3·t² + C4·t³ + C5·t⁴ on four lanes: Estrin's scheme with separate multiply
 * and add (the same bits as the scalar code), Horner's scheme with fused multiply-adds in the
 * relaxed build.
 */
// @ts-ignore: decorator
@inline
function polyF32x4(t: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    let p = madd4(k4(K.C5), t, k4(K.C4));
    p = madd4(p, t, k4(K.C3));
    p = madd4(p, t, k4(K.C2));
    return madd4(p, t, k4(K.C1));
  }
  const t2 = f32x4.mul(t, t);
  const a0 = f32x4.add(f32x4.mul(k4(K.C2), t), k4(K.C1));
  const a1 = f32x4.add(f32x4.mul(k4(K.C4), t), k4(K.C3));
  return f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(k4(K.C5), t2), a1), t2), a0);
}

/** e^x on four float32 lanes; same algorithm, constants and bits as expF32 (within 1 ULP in the relaxed build). No branches. */
// @ts-ignore: decorator
@inline
export function expF32x4(x: v128): v128 {
  x = f32x4.pmax(x, k4(K.XMin)); // pmax/pmin return x when x is NaN
  x = f32x4.pmin(x, k4(K.XMax));
  const magic = k4(K.Magic);
  let vn = madd4(x, k4(K.Log2e), magic);
  const s1 = v128.and(i32x4.shl(vn, 22), k4(K.ExpMask));
  const s2 = i32x4.sub(i32x4.shl(vn, 23), s1);
  vn = f32x4.sub(vn, magic);
  let t = nmadd4(vn, k4(K.Ln2Hi), x);
  t = nmadd4(vn, k4(K.Ln2Lo), t);
  const p = polyF32x4(t);
  return f32x4.mul(madd4(f32x4.mul(t, s1), p, s1), s2);
}

// ---- expMinus: e^x for x ≤ 0, the fast form for softmax and softplus ---------------------------
//
// For x ≤ 0 (x − max in a softmax row, −|x| in softplus) a single scale factor 2^n suffices
// (XNNPACK's f32-raddstoreexpminusmax, rr2-p5): no clamp, no second factor, the +127 bias folded
// into the magic constant, and results below 2^−126 flushed to 0 by one compare:
//
//   n = round(x / ln2) (magic bias 0x4B40007F), s = 2^n from the low bits, t as in expF32,
//   e^x = (t·s)·p(t) + s,  0 where x < −87.3365402 (the result would be subnormal)
//
// Same polynomial and reduction as expF32; the results differ from expF32's by at most 1 ULP
// (where x·log2e is a tie the two magic constants round n differently, and near the cutoff t·2^n
// is subnormal). Max error 2 ULP on [−87.3365402, 0] (measured: dense sweep and every 1009th
// negative bit pattern); 0 below (the true value is < 2^−126 = 1.2e-38); −Infinity → 0;
// NaN → NaN. Not for x > 0 (no overflow handling). 22 vector operations instead of expF32x4's 26.
// Tested in test/math/vmath.test.ts against float64 and expF32.

/** e^x for x ≤ 0 or NaN; 0 where the result would be subnormal (x < −87.3365). Same bits as expMinusF32x4. */
// @ts-ignore: decorator
@inline
export function expMinusF32(x: f32): f32 {
  const magic = k1(K.Magic1);
  let vn = x * k1(K.Log2e) + magic;
  const s = reinterpret<f32>(reinterpret<i32>(vn) << 23);
  vn -= magic;
  let t = x - vn * k1(K.Ln2Hi);
  t = t - vn * k1(K.Ln2Lo);
  const t2 = t * t;
  const a0 = k1(K.C2) * t + k1(K.C1);
  const a1 = k1(K.C4) * t + k1(K.C3);
  const p = (k1(K.C5) * t2 + a1) * t2 + a0;
  const f = (t * s) * p + s;
  return select<f32>(0, f, x < k1(K.Cutoff));
}

/** e^x on four float32 lanes, each ≤ 0 or NaN; same algorithm, constants and bits as expMinusF32 (within 1 ULP in the relaxed build). */
// @ts-ignore: decorator
@inline
export function expMinusF32x4(x: v128): v128 {
  const magic = k4(K.Magic1);
  let vn = madd4(x, k4(K.Log2e), magic);
  const s = i32x4.shl(vn, 23);
  vn = f32x4.sub(vn, magic);
  let t = nmadd4(vn, k4(K.Ln2Hi), x);
  t = nmadd4(vn, k4(K.Ln2Lo), t);
  const p = polyF32x4(t);
  const f = madd4(f32x4.mul(t, s), p, s);
  return v128.andnot(f, f32x4.lt(x, k4(K.Cutoff)));
}

// ---- expMinus as a term of a sum (loss-only row sums) ------------------------------------------
//
// Where only Σ e^(x_i) is wanted (x_i ≤ 0, one term ≥ 1: the max of a softmax row), the flush to
// 0 below the cutoff costs a compare and an and-not per vector. expMinusSumTermF32x4 instead
// raises x to the cutoff first (one pmax, which keeps a NaN x: NaN < cutoff is false), so a lane
// below −87.3365402 (and −Infinity) yields e^cutoff, a value below 1.1755e-38 (2^−126 to within
// 1.2e-6 relative; t·2^n is subnormal there) instead of its true value in [0, 1.1755e-38). A sum
// of n terms is therefore larger than the sum of the flushed expMinusF32x4 terms by less than
// n·1.18e-38 absolute, relative < n·1.18e-38 when the sum is ≥ 1: invisible after rounding to
// float32 for any n < 2^100. In the SIMD build lanes at or above the cutoff give exactly
// expMinusF32x4's bits: 21 vector operations instead of 22.
//
// RELAXED_SUM_TERM_NOTE: in the relaxed build (fused multiply-adds) the reduction is one fused
// step t = x − n·ln2_f32 with ln2_f32 = 0x3F317218, 1.9e-9 above ln 2, instead of the two-part
// Cody–Waite split: one operation and one constant register fewer in the eight-chain sum loop
// (measurably faster on sparse CE; the timings are in the commit history). The fused
// product n·ln2_f32 is exact before its one rounding, so the only added error is n·1.9e-9 in t,
// i.e. |n|·1.9e-9 relative in a term e^x ≈ 2^n (≤ 2.4e-7 at the cutoff, n = −126). In a sum
// with a largest term 1 (a softmax row of C terms) the added relative error of the sum is at
// most 1.9e-9 times the term-weighted mean of |n|, which is below log2(C) + 1: 1.4e-8 at C = 100,
// 4e-8 at C = 10⁶, under the float32 rounding of the sum (6e-8). Tested through the
// cross-entropy tests (C up to 1001) at their bound.

/** e^x on four lanes, x ≤ 0 or NaN, as a sum term: x < −87.3365 gives e^−87.3365 ≈ 1.18e-38, not 0. */
// @ts-ignore: decorator
@inline
export function expMinusSumTermF32x4(x: v128): v128 {
  x = f32x4.pmax(x, k4(K.Cutoff)); // x first: a NaN x passes through
  const magic = k4(K.Magic1);
  let vn = madd4(x, k4(K.Log2e), magic);
  const s = i32x4.shl(vn, 23);
  vn = f32x4.sub(vn, magic);
  let t: v128;
  if (ASC_FEATURE_RELAXED_SIMD) {
    t = nmadd4(vn, k4(K.Ln2), x); // one fused step (RELAXED_SUM_TERM_NOTE)
  } else {
    t = nmadd4(vn, k4(K.Ln2Hi), x);
    t = nmadd4(vn, k4(K.Ln2Lo), t);
  }
  const p = polyF32x4(t);
  return madd4(f32x4.mul(t, s), p, s);
}

// ---- expShifted: 2^32·e^(v − n_m·ln2), the terms of the softmax rows -------------------------
//
// A softmax row sums e^(x − M) for a shift M ≥ max − 0.35, and the loss of a confident row is
// log1p of a sum of terms far below the largest (crossentropy.ts), as small as 1e-30 or less.
// Two things then matter that do not for a sum ≥ 1:
//
// 1. The scale. expMinus flushes results below 2^−126 = 1.2e-38 to 0 (or, as a sum term, raises
//    them to the cutoff): (C − 1)·1.2e-38 is 1.2e-5 of a 1e-30 sum at C = 1000. These forms return
//    2^32·e^(…) instead, with the 2^32 folded into the magic bias (the exponent field holds
//    n + 127 + 32): the same mantissas as expMinus where that is normal, and normal results down
//    to true values of 2^−158 = 2.7e-48 (C·2.7e-48 is 2.7e-15 of a 1e-30 sum at C = 10⁹).
// 2. The argument. x − max rounded to float32 is off by up to 2^−25·|x − max| (3.8e-6 at
//    |x − max| = 70 unless the max is 0), which becomes the relative error of e^(x − max). So
//    for rows whose max m has |m| ≤ EXP_EXACT_MAX (exp-row parameters below) the row's shift is
//    M = n_m·ln2, n_m = round(m/ln2), and each term is reduced from x itself: Cody–Waite's
//    t = x − k·ln2_hi − k·ln2_lo with k = round(x/ln2) (k·ln2_hi is exact for |k| < 512, and
//    x − k·ln2_hi is then exact: both are within a factor of 2 or k = 0), and 2^(k − n_m) comes from
//    the magic bias, which holds −n_m as well. No rounded difference enters the exp. For larger
//    |m| the shift is m itself (v = x − m, n_m = 0): x − m is then exact for every x within a
//    factor of 2 of m, and the others have |x − m| > |m|/2 > 100, terms below e^−100.
//
// In both cases the caller passes v (x, or x − m) and the row's magic bias 1.5·2²³ + 159 − n_m and
// clamp (n_m − 159)·ln2 (expShiftMagicF32, expShiftClampF32). One pmax raises v to the clamp,
// where k − n_m = −159 leaves the exponent field 0, so the scale factor is the float 0 and the
// result exactly 0 (no flush compare: 21 vector operations, one fewer than expMinusF32x4); just
// above it t·2^(k−n_m) may be subnormal, within 2^−149 (absolute). NaN → NaN (pmax keeps its
// first operand); −Infinity → 0. Max error 2 ULP for results ≥ 2^−124 (true values ≥ 2^−156), as
// expMinus, whose polynomial and reduction these are. The relaxed build's sum form (sumTerm =
// true) takes the one fused reduction step of RELAXED_SUM_TERM_NOTE above: |k|·1.9e-9 more
// relative error, the same for terms of similar k, so a ratio of two terms (the loss is log1p of
// S'/e_label) carries |k₁ − k₂|·1.9e-9 ≤ 3e-7 for the terms that matter. Where relaxed_madd is
// not fused (JavaScriptCore), k·ln2 is rounded first: up to |k|·ln2·2^−24 absolute on t, not
// common to the terms (measured 1.4e-5 relative on a tiny loss at |k| ≈ 450).

/** Rows whose max m has |m| ≤ this take the exact shift M = round(m/ln2)·ln2 (|k| < 512 for every term). */
export const EXP_EXACT_MAX: f32 = 200;

/** n_m = round(m/ln2) for |m| ≤ EXP_EXACT_MAX, else 0 (the shift is then m itself). */
// @ts-ignore: decorator
@inline
export function expShiftNF32(m: f32): f32 {
  return Mathf.abs(m) <= EXP_EXACT_MAX ? nearest<f32>(m * k1(K.Log2e)) : 0;
}

/** The value subtracted from x before the exp: 0 for |m| ≤ EXP_EXACT_MAX (shift n_m·ln2 inside the exp), else m. */
// @ts-ignore: decorator
@inline
export function expShiftVF32(m: f32): f32 {
  return Mathf.abs(m) <= EXP_EXACT_MAX ? 0 : m;
}

/** The magic bias 1.5·2²³ + 127 + 32 − n_m (exact: an integer below 2²⁴). */
// @ts-ignore: decorator
@inline
export function expShiftMagicF32(nm: f32): f32 {
  return (MAGIC_BIAS_0 + <f32>159) - nm;
}

/** The clamp (n_m − 159)·ln2, where the result is exactly 0. */
// @ts-ignore: decorator
@inline
export function expShiftClampF32(nm: f32): f32 {
  return (nm - <f32>159) * LN2;
}

/** expShiftNF32, expShiftVF32, expShiftMagicF32 and expShiftClampF32 on four lanes (one row per lane). */
// @ts-ignore: decorator
@inline
export function expShiftNF32x4(m: v128): v128 {
  const exact = f32x4.le(f32x4.abs(m), f32x4.splat(EXP_EXACT_MAX));
  return v128.and(f32x4.nearest(f32x4.mul(m, k4(K.Log2e))), exact);
}

// @ts-ignore: decorator
@inline
export function expShiftVF32x4(m: v128): v128 {
  return v128.andnot(m, f32x4.le(f32x4.abs(m), f32x4.splat(EXP_EXACT_MAX)));
}

// @ts-ignore: decorator
@inline
export function expShiftMagicF32x4(nm: v128): v128 {
  return f32x4.sub(f32x4.splat(MAGIC_BIAS_0 + <f32>159), nm);
}

// @ts-ignore: decorator
@inline
export function expShiftClampF32x4(nm: v128): v128 {
  return f32x4.mul(f32x4.sub(nm, f32x4.splat(159)), k4(K.Ln2));
}

/** 2^(32 − n_m)·e^v for v ≤ n_m·ln2 + 0.35 or NaN (scalar); magic and clamp from n_m. Same bits as expShiftedF32x4(…, false). */
// @ts-ignore: decorator
@inline
export function expShiftedF32(v: f32, magic: f32, clamp: f32): f32 {
  v = select<f32>(clamp, v, v < clamp); // NaN stays NaN
  let vn = v * k1(K.Log2e) + magic;
  const s = reinterpret<f32>(reinterpret<i32>(vn) << 23);
  vn -= magic;
  let t = v - vn * k1(K.Ln2Hi);
  t = t - vn * k1(K.Ln2Lo);
  const t2 = t * t;
  const a0 = k1(K.C2) * t + k1(K.C1);
  const a1 = k1(K.C4) * t + k1(K.C3);
  const p = (k1(K.C5) * t2 + a1) * t2 + a0;
  return (t * s) * p + s;
}

/**
 * expShiftedF32 on four lanes (magic and clamp per lane: one row's, splatted, or one row per
 * lane). sumTerm: the relaxed build's one-step reduction, for terms that are only summed (a
 * compile-time constant at every call).
 */
// @ts-ignore: decorator
@inline
export function expShiftedF32x4(v: v128, magic: v128, clamp: v128, sumTerm: bool): v128 {
  v = f32x4.pmax(v, clamp); // v first: a NaN v passes through
  let vn = madd4(v, k4(K.Log2e), magic);
  const s = i32x4.shl(vn, 23);
  vn = f32x4.sub(vn, magic);
  let t: v128;
  if (ASC_FEATURE_RELAXED_SIMD && sumTerm) {
    t = nmadd4(vn, k4(K.Ln2), v); // one fused step (RELAXED_SUM_TERM_NOTE)
  } else {
    t = nmadd4(vn, k4(K.Ln2Hi), v);
    t = nmadd4(vn, k4(K.Ln2Lo), t);
  }
  const p = polyF32x4(t);
  return madd4(f32x4.mul(t, s), p, s);
}

/** 2^−32, the inverse of expShifted's scale (exact). */
export const EXP_UNSCALE: f64 = 2.3283064365386963e-10;
