// u^e for u ≥ 0, the focal losses' (1 − p_t)^γ: exact for e ∈ {0, 1, 2} (the common γ), else
// exp(e·log u), within the error of expF32 and logF32 (a few ULP for |e·log u| ≲ 10; the
// relative error grows with |e·log u|, as for any exp∘log power).
import { expF32, expF32x4 } from "./exp";
import { logF32, logF32x4 } from "./log";

/** u^e for u ≥ 0 (u = 0: 1 when e = 0, else 0); exact squares for e = 2, identity for e = 1. */
// @ts-ignore: decorator
@inline
export function powF32(u: f32, e: f32): f32 {
  if (e == 2) return u * u;
  if (e == 1) return u;
  if (e == 0) return 1;
  return u > 0 ? expF32(e * logF32(u)) : 0;
}

/** powF32 on four lanes (u = 0 or NaN lanes: 0 unless e ∈ {0, 1, 2}). */
// @ts-ignore: decorator
@inline
export function powF32x4(u: v128, e: f32): v128 {
  if (e == 2) return f32x4.mul(u, u);
  if (e == 1) return u;
  if (e == 0) return f32x4.splat(1);
  return v128.and(expF32x4(f32x4.mul(f32x4.splat(e), logF32x4(u))), f32x4.gt(u, f32x4.splat(0)));
}
