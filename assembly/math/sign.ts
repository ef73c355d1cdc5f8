// sign(x): -1, 0 or +1, and NaN for NaN (the derivative of |x| as tfjs, PyTorch and JAX define it).

// @ts-ignore: decorator
@inline
export function signF32(x: f32): f32 {
  return x > 0 ? 1 : x < 0 ? -1 : x; // x is ±0 or NaN here
}

// @ts-ignore: decorator
@inline
export function signF32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  // copysign(1, x), then 0 where x == 0, then x itself where x is NaN (NaN != NaN)
  const s = v128.or(v128.and(x, i32x4.splat(0x80000000)), one);
  const nonzero = v128.and(s, f32x4.ne(x, f32x4.splat(0)));
  return v128.bitselect(x, nonzero, f32x4.ne(x, x));
}
