// Keras's probability clip, shared by every loss on probabilities (binary, categorical, focal):
// p → clip(p, ε, 1 − ε) before the log, ε = 1e-7.
//
// Its gradient is TensorFlow's (ClipByValue's registered gradient, which Keras 3's ops.clip uses
// on the TensorFlow backend), tfjs's and PyTorch's (clamp): the incoming gradient passes where
// ε ≤ p ≤ 1 − ε, bounds included, and is 0 only strictly outside. (JAX's jnp.clip, a maximum and
// a minimum, passes half of it at a bound.)

import { EPSILON, ONE_MINUS_EPSILON } from "../math/constants";

/**
 * clip(q, ε, 1 − ε) by two selects (compare and pick) instead of f32.max/f32.min, whose NaN and
 * ±0 rules V8 compiles to several instructions each: the same value for every q (ε > 0), and a
 * NaN q passes through as NaN (both compares are false).
 */
// @ts-ignore: decorator
@inline
export function clipProbF32(q: f32): f32 {
  q = select<f32>(EPSILON, q, q < EPSILON);
  return select<f32>(ONE_MINUS_EPSILON, q, q > ONE_MINUS_EPSILON);
}

/** clipProbF32 on four lanes (pmax/pmin with q first: a NaN lane stays NaN). */
// @ts-ignore: decorator
@inline
export function clipProbF32x4(q: v128): v128 {
  return f32x4.pmin(f32x4.pmax(q, f32x4.splat(EPSILON)), f32x4.splat(ONE_MINUS_EPSILON));
}

/**
 * Does the clip pass the gradient at q? True for ε ≤ q ≤ 1 − ε (the bounds included) and for NaN
 * (so that a NaN input keeps a NaN gradient); false strictly outside.
 */
// @ts-ignore: decorator
@inline
export function clipPassesF32(q: f32): bool {
  return !(q < EPSILON || q > ONE_MINUS_EPSILON);
}

/** clipPassesF32 on four lanes, as a mask of the lanes strictly outside [ε, 1 − ε] (0 = passes). */
// @ts-ignore: decorator
@inline
export function clipBlocksF32x4(q: v128): v128 {
  return v128.or(f32x4.lt(q, f32x4.splat(EPSILON)), f32x4.gt(q, f32x4.splat(ONE_MINUS_EPSILON)));
}
