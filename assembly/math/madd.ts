// Multiply-add on four float32 lanes: fused (one rounding, FMA) in the relaxed-SIMD build, a
// multiply then an add (two roundings) in the plain SIMD build.
//
// Relaxed SIMD's f32x4.relaxed_madd may be fused or not, at the engine's choice; V8 fuses it on
// x86 CPUs with FMA3 and on ARM64, JavaScriptCore (Safari, Bun) does not. Unfused, the result is
// within half an ULP of a·b, then rounded once more for the add. Two relaxed-build paths are
// written for the fused form and are looser unfused (tested on both kinds of engine, see
// RELAXED_MADD_FUSED in test/setup.ts):
// - the one-step exp reduction t = x − n·ln2 (exp.ts, RELAXED_SUM_TERM_NOTE; log.ts's
//   log1pUnit): unfused, n·ln2 is rounded, adding up to ½ ULP of |n·ln2| < 88, i.e. 3.8e-6
//   relative, to a term e^x (binary cross-entropy from logits: 4.2e-6 instead of 1e-6 relative
//   for tiny losses); in a softmax sum, terms far below the largest add almost nothing;
// - Horner polynomials: log1pUnit 2 ULP instead of 1.
// Kernels that want the same bits in every build must not use these (none of the metrics do).
//
// ASC_FEATURE_RELAXED_SIMD is a compile-time constant: the branch not taken is removed.

/** a·b + c on four float32 lanes (fused in the relaxed build). */
// @ts-ignore: decorator
@inline
export function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** c − a·b on four float32 lanes (fused in the relaxed build). */
// @ts-ignore: decorator
@inline
export function nmadd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

/**
 * Per lane: a where mask is set, else b — only for masks whose every 32-bit lane is all ones or
 * all zeros (a comparison's result). Relaxed build: i32x4.relaxed_laneselect (one blendvps on
 * x86, which reads only each lane's top bit); otherwise v128.bitselect (and, andnot, or). For
 * such masks the two give the same bits.
 */
// @ts-ignore: decorator
@inline
export function laneSelect4(a: v128, b: v128, mask: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_laneselect(a, b, mask);
  return v128.bitselect(a, b, mask);
}
