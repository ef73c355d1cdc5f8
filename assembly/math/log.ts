// log and log1p for float32, scalar and f32x4, one algorithm and one set of constants for all four.
//
// Both reduce their argument to 1 + f = (value)·2^−k with 1 + f in [√½, √2), i.e.
// f in [−0.2929, 0.4142], and return k·ln2 + log1p(f), where log1p(f) is Cephes's logf polynomial
// (Stephen L. Moshier, Cephes Math Library, logf.c; the same as sse_mathfun's log_ps):
//
//   log1p(f) ≈ f − f²/2 + f³·P(f),  P of degree 8 (Estrin's scheme: a short dependency chain),
//   k·ln2 = k·0.693359375 − k·2.12194440e-4
//
// with the ln2 split so that k·0.693359375 is exact and added last.
//
// log(x):   k and 1 + f from the bits of x (f = m − 1 is exact); subnormal x are first scaled
//           by 2^23 (exact) and k lowered by 23.
// log1p(x): k from the bits of u = 1 + x, and f computed without the rounding error of u:
//           f = x·2^−k + (2^−k − 1), where x·2^−k is an exponent subtraction (exact) and the sum
//           rounds once (after ARM's optimized-routines v_log1pf). For |x| < 0.29, k = 0 and f = x
//           exactly, so log1p(1e-10) = 1e-10.
//
// Special values (SIMD: bitselect, no branches; scalar: one branch to a cold path):
//   log:   ±0 → −Infinity, x < 0 → NaN, +Infinity → +Infinity, NaN → NaN.
//   log1p: −1 → −Infinity, x < −1 → NaN, +Infinity → +Infinity, NaN → NaN.
//
// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|) is here too (it needs exp.ts).
//
// Measured max error against float64 Math.log / Math.log1p rounded to float32 (every 61st float32
// bit pattern; dense sweeps and random inputs in test/math/vmath.test.ts): log 1 ULP
// (99.4% exact), log1p 1 ULP (99.6% exact). Scalar and SIMD give the same bits in the SIMD build
// (same operations in the same order; wasm has no FMA contraction); the relaxed build's f32x4
// forms use fused multiply-adds (madd.ts) and may differ from the scalar ones by 1 ULP.

import { expF32, expF32x4 } from "./exp";
import { laneSelect4, madd4, nmadd4 } from "./madd";
import { LN2 } from "./constants";

// bits of √½ ≈ 0.707106769 (0x3F3504F3): 1 + f = m is taken in [√½, √2)
const SQRT_HALF_BITS: i32 = 0x3f3504f3;
const MANTISSA_MASK: i32 = 0x007fffff;
const EXP_FIELD_MASK: i32 = 0xff800000; // sign and exponent: k << 23 after the offset
// 4 as float32 (0x40800000): 2^(2−k) = bits(0x40800000 − (k << 23)) stays normal for k ≤ 128
const FOUR_BITS: i32 = 0x40800000;
// 2^−126 (0x00800000): smallest normal float32; 2^23 (0x4B000000) scales subnormals up
const MIN_NORMAL: f32 = reinterpret<f32>(0x00800000);
const TWO_P23: f32 = reinterpret<f32>(0x4b000000);
// Cephes logf: ln2 = Q2 − Q1 (Q2 = 0.693359375 exact in 9 bits, 0x3F318000; Q1 = 2.12194442e-4, 0x395E8083)
const LN2_Q2: f32 = reinterpret<f32>(0x3f318000);
const LN2_Q1: f32 = reinterpret<f32>(0xb95e8083); // −2.12194442e-4
// Cephes logf polynomial P (P0 highest degree)
const P0: f32 = reinterpret<f32>(0x3d9021bb); //  0.0703768358 (7.0376836292E-2)
const P1: f32 = reinterpret<f32>(0xbdebd1b8); // −0.115146101 (−1.1514610310E-1)
const P2: f32 = reinterpret<f32>(0x3def251a); //  0.116769984 (1.1676998740E-1)
const P3: f32 = reinterpret<f32>(0xbdfe5d4f); // −0.12420141 (−1.2420140846E-1)
const P4: f32 = reinterpret<f32>(0x3e11e9bf); //  0.142493233 (1.4249322787E-1)
const P5: f32 = reinterpret<f32>(0xbe2aae50); // −0.166680574 (−1.6668057665E-1)
const P6: f32 = reinterpret<f32>(0x3e4cceac); //  0.200007141 (2.0000714765E-1)
const P7: f32 = reinterpret<f32>(0xbe7ffffc); // −0.24999994 (−2.4999993993E-1)
const P8: f32 = reinterpret<f32>(0x3eaaaaaa); //  0.333333313 (3.3333331174E-1)
const INF_BITS: i32 = 0x7f800000;
const NEG_INF_BITS: i32 = 0xff800000;
const NAN_BITS: i32 = 0x7fc00000;
// log1pUnit: smallest float32 u with fl(1 + u) ≥ 0x3FB504F3 (the bits of √2 that split k = 0 from
// k = 1 above): 0.414213508 (0x3ED413CB), one float below √2 − 1 rounded (0x3ED413CD), because
// 1 + u rounds up to 0x3FB504F3 from half an ULP below it
const UNIT_SPLIT: f32 = reinterpret<f32>(0x3ed413cb);

const ONE_F: f32 = 1;
const HALF: f32 = 0.5;
const QUARTER: f32 = 0.25;
const MINUS_ONE: f32 = -1;
const TWENTY_THREE_F: f32 = reinterpret<f32>(23); // the i32 23 as lane bits
const SQRT_HALF_F: f32 = reinterpret<f32>(SQRT_HALF_BITS);
const MANTISSA_MASK_F: f32 = reinterpret<f32>(MANTISSA_MASK);
const EXP_FIELD_MASK_F: f32 = reinterpret<f32>(EXP_FIELD_MASK);
const FOUR_F: f32 = reinterpret<f32>(FOUR_BITS);
const INF_F: f32 = reinterpret<f32>(INF_BITS);
const NEG_INF_F: f32 = reinterpret<f32>(NEG_INF_BITS);
const NAN_F: f32 = reinterpret<f32>(NAN_BITS);
const MINUS_HALF: f32 = -0.5;

// Every constant splatted to four lanes in a 16-byte static segment of its own, named in K: V8
// materializes a v128.const with three instructions at each use inside a loop (and a scalar f32
// constant with two), whereas a load from a constant address is one instruction. Scalar code
// reads lane 0 of the same segment. Each name is its segment's address, so there is no index to
// keep in step with a table.
namespace K {
  export const P0: usize = memory.data<f32>([P0, P0, P0, P0], 16);
  export const P1: usize = memory.data<f32>([P1, P1, P1, P1], 16);
  export const P2: usize = memory.data<f32>([P2, P2, P2, P2], 16);
  export const P3: usize = memory.data<f32>([P3, P3, P3, P3], 16);
  export const P4: usize = memory.data<f32>([P4, P4, P4, P4], 16);
  export const P5: usize = memory.data<f32>([P5, P5, P5, P5], 16);
  export const P6: usize = memory.data<f32>([P6, P6, P6, P6], 16);
  export const P7: usize = memory.data<f32>([P7, P7, P7, P7], 16);
  export const P8: usize = memory.data<f32>([P8, P8, P8, P8], 16);
  export const Ln2Q1: usize = memory.data<f32>([LN2_Q1, LN2_Q1, LN2_Q1, LN2_Q1], 16);
  export const Ln2Q2: usize = memory.data<f32>([LN2_Q2, LN2_Q2, LN2_Q2, LN2_Q2], 16);
  export const Half: usize = memory.data<f32>([HALF, HALF, HALF, HALF], 16);
  export const One: usize = memory.data<f32>([ONE_F, ONE_F, ONE_F, ONE_F], 16);
  export const Quarter: usize = memory.data<f32>([QUARTER, QUARTER, QUARTER, QUARTER], 16);
  export const MinusOne: usize = memory.data<f32>([MINUS_ONE, MINUS_ONE, MINUS_ONE, MINUS_ONE], 16);
  export const MinNormal: usize = memory.data<f32>([MIN_NORMAL, MIN_NORMAL, MIN_NORMAL, MIN_NORMAL], 16);
  export const TwoP23: usize = memory.data<f32>([TWO_P23, TWO_P23, TWO_P23, TWO_P23], 16);
  export const TwentyThree: usize = memory.data<f32>([TWENTY_THREE_F, TWENTY_THREE_F, TWENTY_THREE_F, TWENTY_THREE_F], 16);
  export const SqrtHalf: usize = memory.data<f32>([SQRT_HALF_F, SQRT_HALF_F, SQRT_HALF_F, SQRT_HALF_F], 16);
  export const MantissaMask: usize = memory.data<f32>([MANTISSA_MASK_F, MANTISSA_MASK_F, MANTISSA_MASK_F, MANTISSA_MASK_F], 16);
  export const ExpFieldMask: usize = memory.data<f32>([EXP_FIELD_MASK_F, EXP_FIELD_MASK_F, EXP_FIELD_MASK_F, EXP_FIELD_MASK_F], 16);
  export const Four: usize = memory.data<f32>([FOUR_F, FOUR_F, FOUR_F, FOUR_F], 16);
  export const Inf: usize = memory.data<f32>([INF_F, INF_F, INF_F, INF_F], 16);
  export const NegInf: usize = memory.data<f32>([NEG_INF_F, NEG_INF_F, NEG_INF_F, NEG_INF_F], 16);
  export const NaN: usize = memory.data<f32>([NAN_F, NAN_F, NAN_F, NAN_F], 16);
  export const UnitSplit: usize = memory.data<f32>([UNIT_SPLIT, UNIT_SPLIT, UNIT_SPLIT, UNIT_SPLIT], 16);
  export const MinusHalf: usize = memory.data<f32>([MINUS_HALF, MINUS_HALF, MINUS_HALF, MINUS_HALF], 16);
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

// ---- shared core: k·ln2 + log1p(f) for f in [√½ − 1, √2 − 1] ---------------------------------

// @ts-ignore: decorator
@inline
function logCoreF32(f: f32, k: f32): f32 {
  // P(f) = P8 + P7·f + … + P0·f⁸ by Estrin's scheme (pairs, then powers f², f⁴): a short
  // dependency chain, so consecutive elements overlap in the CPU
  const z = f * f;
  const z2 = z * z;
  const a0 = k1(K.P7) * f + k1(K.P8);
  const a1 = k1(K.P5) * f + k1(K.P6);
  const a2 = k1(K.P3) * f + k1(K.P4);
  const a3 = k1(K.P1) * f + k1(K.P2);
  const b0 = a1 * z + a0;
  const b1 = a3 * z + a2;
  const p = (k1(K.P0) * z2 + b1) * z2 + b0;
  let y = p * f * z;
  y = y + k * k1(K.Ln2Q1);
  y = y - k1(K.Half) * z;
  return (f + y) + k * k1(K.Ln2Q2);
}

// @ts-ignore: decorator
@inline
function logCoreF32x4(f: v128, k: v128): v128 {
  const z = f32x4.mul(f, f);
  const z2 = f32x4.mul(z, z);
  const a0 = madd4(k4(K.P7), f, k4(K.P8));
  const a1 = madd4(k4(K.P5), f, k4(K.P6));
  const a2 = madd4(k4(K.P3), f, k4(K.P4));
  const a3 = madd4(k4(K.P1), f, k4(K.P2));
  const b0 = madd4(a1, z, a0);
  const b1 = madd4(a3, z, a2);
  const p = madd4(madd4(k4(K.P0), z2, b1), z2, b0);
  let y = f32x4.mul(f32x4.mul(p, f), z);
  y = madd4(k, k4(K.Ln2Q1), y);
  y = nmadd4(k4(K.Half), z, y);
  return madd4(k, k4(K.Ln2Q2), f32x4.add(f, y));
}

// ---- log ----------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function logSpecialF32(x: f32): f32 {
  if (x == 0) return -Infinity;
  if (x < 0) return NaN;
  return x; // +Infinity or NaN
}

/**
 * Natural logarithm for float32. Max error 1 ULP over all positive float32 (subnormals included);
 * ±0 → −Infinity, x < 0 → NaN, +Infinity → +Infinity, NaN → NaN. Same bits as logF32x4.
 */
// @ts-ignore: decorator
@inline
export function logF32(x: f32): f32 {
  if (!(x > 0 && x < Infinity)) return logSpecialF32(x);
  let kAdjust: i32 = 0;
  if (x < k1(K.MinNormal)) {
    x *= k1(K.TwoP23);
    kAdjust = 23;
  }
  const u = reinterpret<i32>(x) - SQRT_HALF_BITS;
  const k = (u >> 23) - kAdjust;
  const f = reinterpret<f32>((u & MANTISSA_MASK) + SQRT_HALF_BITS) - k1(K.One);
  return logCoreF32(f, <f32>k);
}

/** Natural logarithm on four float32 lanes; same algorithm, constants and bits as logF32. */
// @ts-ignore: decorator
@inline
export function logF32x4(x: v128): v128 {
  const tiny = f32x4.lt(x, k4(K.MinNormal)); // subnormal, 0 or negative
  const xs = v128.bitselect(f32x4.mul(x, k4(K.TwoP23)), x, tiny);
  const offset = k4(K.SqrtHalf);
  const u = i32x4.sub(xs, offset);
  const k = i32x4.sub(i32x4.shr_s(u, 23), v128.and(tiny, k4(K.TwentyThree)));
  const f = f32x4.sub(i32x4.add(v128.and(u, k4(K.MantissaMask)), offset), k4(K.One));
  let y = logCoreF32x4(f, f32x4.convert_i32x4_s(k));
  y = v128.bitselect(y, x, f32x4.lt(x, k4(K.Inf))); //                   +Infinity, NaN → x
  y = v128.bitselect(y, k4(K.NaN), f32x4.ge(x, f32x4.splat(0))); //        x < 0 → NaN
  return v128.bitselect(k4(K.NegInf), y, f32x4.eq(x, f32x4.splat(0))); // ±0 → −Infinity
}

// ---- log1p --------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function log1pSpecialF32(x: f32): f32 {
  if (x == -1) return -Infinity;
  if (x < -1) return NaN;
  return x; // +Infinity or NaN
}

/**
 * log1p for finite x > −1, without the special-value handling of log1pF32 (NaN, ±Infinity and
 * x ≤ −1 give garbage): for arguments known to be in range, e.g. e^−|x| ∈ [0, 1] in softplus and
 * binary cross-entropy. Same bits as log1pF32 on (−1, FLT_MAX], so max error 1 ULP.
 */
// @ts-ignore: decorator
@inline
export function log1pFiniteF32(x: f32): f32 {
  const ku = (reinterpret<i32>(k1(K.One) + x) - SQRT_HALF_BITS) & EXP_FIELD_MASK; // k << 23
  const xs = reinterpret<f32>(reinterpret<i32>(x) - ku); // x·2^−k, exact
  const c = k1(K.Quarter) * reinterpret<f32>(FOUR_BITS - ku) - k1(K.One); // 2^−k − 1
  return logCoreF32(xs + c, <f32>(ku >> 23));
}

/** log1pFiniteF32 on four float32 lanes (finite x > −1 only; same bits as log1pF32x4 there). */
// @ts-ignore: decorator
@inline
export function log1pFiniteF32x4(x: v128): v128 {
  const one = k4(K.One);
  const ku = v128.and(i32x4.sub(f32x4.add(one, x), k4(K.SqrtHalf)), k4(K.ExpFieldMask)); // k << 23
  const xs = i32x4.sub(x, ku); // x·2^−k, exact
  const c = f32x4.sub(f32x4.mul(k4(K.Quarter), i32x4.sub(k4(K.Four), ku)), one); // 2^−k − 1
  return logCoreF32x4(f32x4.add(xs, c), f32x4.convert_i32x4_s(i32x4.shr_s(ku, 23)));
}

// ---- log1p on [0, 1] ------------------------------------------------------------------------
//
// For u = e^−|x| ∈ [0, 1] (softplus, binary cross-entropy from logits) 1 + u ∈ [1, 2], so k is 0
// or 1 and one compare finds it: k = 1 ⇔ fl(1 + u) ≥ √2 (as the bits 0x3FB504F3 used above)
// ⇔ u ≥ UNIT_SPLIT. Then f = u (k = 0) or f = u·½ − ½ (k = 1; u·½ is exact, so fused or not the
// sum rounds once), exactly the f and k of log1pFinite, and the same core: the same bits as
// log1pFiniteF32 / log1pFiniteF32x4 on [0, 1] in the SIMD and scalar builds (subnormals included;
// tested by a dense sweep of [0, 1] and every float around the split). The relaxed build's f32x4
// form evaluates P by Horner's scheme with fused multiply-adds and sums f + f²·(f·P − ½) by one
// more FMA (fewer operations than Estrin, fewer live registers in an 8-chain loop); there it is
// within 1 ULP of log1pFiniteF32x4. Max error 1 ULP in every build (measured on every 3rd
// float32 in [0, 1]: 99.75% exact in the relaxed build). Not for u outside [0, 1] or NaN.
//
// LOG1P_UNIT_LN2_NOTE: the relaxed form adds k·ln2 (k ∈ {0, 1}) as one add of (hi ? ln2_f32 : 0),
// ln2_f32 = 0x3F317218 (1.9e-9 above ln 2, 0.03 ULP of results in [ln2, 2·ln2]), instead of the
// two fused steps k·ln2_lo, k·ln2_hi: one rounding, one operation and two constants (1, ln2_lo)
// fewer per vector. Measured on every 31st float32 in [0, 1]: 99.743% exact (99.745% with the
// two steps), max 1 ULP; it speeds up BCE from logits together with the sum-term exp of
// binary-crossentropy.ts. The SIMD and scalar forms keep the split (their bits are unchanged).

/** log(1 + u) for u ∈ [0, 1]; same bits as log1pFiniteF32 there. */
// @ts-ignore: decorator
@inline
export function log1pUnitF32(u: f32): f32 {
  const hi = u >= k1(K.UnitSplit);
  const f = select<f32>(u * k1(K.Half) + k1(K.MinusHalf), u, hi);
  return logCoreF32(f, select<f32>(k1(K.One), 0, hi));
}

/** log(1 + u) on four float32 lanes, each in [0, 1]; same bits as log1pFiniteF32x4 there (within 1 ULP in the relaxed build). */
// @ts-ignore: decorator
@inline
export function log1pUnitF32x4(u: v128): v128 {
  const hi = f32x4.ge(u, k4(K.UnitSplit)); // k = 1 lanes
  const f = laneSelect4(madd4(u, k4(K.Half), k4(K.MinusHalf)), u, hi);
  if (ASC_FEATURE_RELAXED_SIMD) {
    // fused: P by Horner (8 FMAs, two live values), then f + f²·(f·P − ½), then + k·ln2 as one
    // add of (hi ? ln2_f32 : 0), rounded once (LOG1P_UNIT_LN2_NOTE)
    let p = madd4(k4(K.P0), f, k4(K.P1));
    p = madd4(p, f, k4(K.P2));
    p = madd4(p, f, k4(K.P3));
    p = madd4(p, f, k4(K.P4));
    p = madd4(p, f, k4(K.P5));
    p = madd4(p, f, k4(K.P6));
    p = madd4(p, f, k4(K.P7));
    p = madd4(p, f, k4(K.P8));
    const r = madd4(f32x4.mul(f, f), madd4(p, f, k4(K.MinusHalf)), f);
    return f32x4.add(r, v128.and(hi, k4(K.Ln2)));
  }
  return logCoreF32x4(f, v128.and(hi, k4(K.One)));
}

/**
 * log(1 + x) for float32, accurate for tiny x. Max error 1 ULP over (−1, FLT_MAX];
 * −1 → −Infinity, x < −1 → NaN, +Infinity → +Infinity, NaN → NaN. Same bits as log1pF32x4.
 */
// @ts-ignore: decorator
@inline
export function log1pF32(x: f32): f32 {
  if (!(x > -1 && x < Infinity)) return log1pSpecialF32(x);
  return log1pFiniteF32(x);
}

/** log(1 + x) on four float32 lanes; same algorithm, constants and bits as log1pF32. */
// @ts-ignore: decorator
@inline
export function log1pF32x4(x: v128): v128 {
  let y = log1pFiniteF32x4(x);
  const minusOne = k4(K.MinusOne);
  y = v128.bitselect(y, x, f32x4.lt(x, k4(K.Inf))); //             +Infinity, NaN → x
  y = v128.bitselect(y, k4(K.NaN), f32x4.ge(x, minusOne)); //         x < −1 → NaN
  return v128.bitselect(k4(K.NegInf), y, f32x4.eq(x, minusOne)); // −1 → −Infinity
}

// ---- softplus -----------------------------------------------------------------------------------

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|), the stable form (binary cross-entropy
 * from logits is softplus(x) − x·z). e^−|x| is in [0, 1], so log1p needs no special-value
 * selects. Max error 3 ULP (every 61st float32 bit pattern: 96.7% exact, 55 of 7e7 at 3 ULP;
 * e^−|x|'s 2 ULP carry over where softplus(x) ≈ e^x; test/math/vmath.test.ts); NaN → NaN, +Infinity → +Infinity,
 * −Infinity → 0; gradual underflow for x < −87.3 (softplus(x) ≈ e^x). Same bits as softplusF32x4.
 */
// @ts-ignore: decorator
@inline
export function softplusF32(x: f32): f32 {
  const m = select<f32>(0, x, x < 0); // max(x, 0), NaN stays NaN
  return m + log1pFiniteF32(expF32(-Mathf.abs(x)));
}

/** softplus on four float32 lanes; same algorithm, constants and bits as softplusF32. */
// @ts-ignore: decorator
@inline
export function softplusF32x4(x: v128): v128 {
  const m = f32x4.pmax(x, f32x4.splat(0)); // max(x, 0), NaN stays NaN
  return f32x4.add(m, log1pFiniteF32x4(expF32x4(f32x4.neg(f32x4.abs(x)))));
}
