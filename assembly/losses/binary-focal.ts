// Binary focal cross-entropy (Lin et al. 2017), Keras 3 semantics (keras/src/losses/losses.py:
// binary_focal_crossentropy), per element, with z = t·(1 − s) + s/2 and the BCE term ℓ_bce of
// binary-crossentropy.ts:
//
//   u = 1 − p_t = z·(1 − p) + (1 − z)·p,   ℓ = a_t·u^γ·ℓ_bce,
//   a_t = z·α + (1 − z)·(1 − α) with applyClassBalancing, else 1
//   ∂ℓ/∂p = a_t·(γ·u^(γ−1)·(1 − 2z)·ℓ_bce + u^γ·∂ℓ_bce/∂p)            (probabilities; p unclipped in u, as Keras)
//   ∂ℓ/∂x = a_t·(γ·u^(γ−1)·(1 − 2z)·σ(x)σ(−x)·ℓ_bce + u^γ·(σ(x) − z))  (logits)
// From logits we use the stable BCE and exact σ, where Keras applies sigmoid and then the
// clipped BCE: the two agree while |x| < 16 and differ beyond (Keras saturates at 16.12·u^γ).
// At u = 0 the γ·u^(γ−1) factor is taken as 0 (the limit for γ ≥ 1).
// At x = ±Infinity (from logits) ℓ is its limit: a_t times the BCE's limit (bceInfLimitS: W·∞,
// 0 where W = 0), since u → 1 − z or z, which is > 0 exactly where W > 0; 0 where a_t = 0. The
// gradient's first term γ·u^(γ−1)·(1 − 2z)·σ(x)σ(−x)·ℓ_bce tends to 0 (σ(x)σ(−x) ~ e^−|x| beats
// ℓ_bce ~ |x|), so ℓ' = a_t·u^γ·(σ(x) − z). The scalar code takes these limits; the vector code's
// formulas give them or NaN there (the loss ∞ or NaN, the gradient NaN), and the driver
// (elementwise.ts) redoes such a block by the scalar code (see binary-crossentropy.ts).
//
// Parameters: label smoothing s (the driver's k), γ (k1), α (k2), class balancing (k3: 1 or 0).
// Error bound per element, against float64 on the same float32 inputs (tested):
//   |ℓ − ℓ64| ≤ 1e-5·ℓ + 3e-7 (u^γ = exp(γ·log u) for γ ∉ {0, 1, 2}); gradients ≤ 4e-6 relative
//   plus 1e-6·scale absolute.
import { elementwiseLossF32 } from "./elementwise";
import { expMinusF32, expMinusF32x4 } from "../math/exp";
import { laneSelect4 } from "../math/madd";
import { powF32, powF32x4 } from "../math/pow";
import { clipProbF32, clipProbF32x4 } from "./prob-clip";
import {
  bceInfLimitS, bceLogitsS, bceLogitsV, bceProbGradS, bceProbGradV, bceProbS, bceProbV, negAbsV, sigmoidFromExpS, smoothS,
  smoothV,
} from "./binary-crossentropy";

/** a_t = z·α + (1 − z)·(1 − α) with class balancing, else 1 */
// @ts-ignore: decorator
@inline
function balanceS(z: f32, alpha: f32, balance: f32): f32 {
  return balance != 0 ? z * alpha + (1 - z) * (1 - alpha) : 1;
}

// @ts-ignore: decorator
@inline
function balanceV(z: v128, alpha: f32, balance: f32): v128 {
  if (balance == 0) return f32x4.splat(1);
  return f32x4.add(f32x4.mul(z, f32x4.splat(alpha)), f32x4.mul(f32x4.sub(f32x4.splat(1), z), f32x4.splat(1 - alpha)));
}

@final @unmanaged
class BinaryFocalProbs {
  @inline lossS(t: f32, p: f32, s: f32, gamma: f32, alpha: f32, balance: f32): f32 {
    const z: f32 = smoothS(t, s);
    const u: f32 = z * (1 - p) + (1 - z) * p;
    return balanceS(z, alpha, balance) * powF32(u, gamma) * bceProbS(z, clipProbF32(p), 1);
  }
  @inline lossGradS(t: f32, p: f32, s: f32, gamma: f32, alpha: f32, balance: f32, gs: f32, g: usize): f32 {
    const z: f32 = smoothS(t, s);
    const pc: f32 = clipProbF32(p);
    const u: f32 = z * (1 - p) + (1 - z) * p;
    const a: f32 = balanceS(z, alpha, balance);
    const f: f32 = powF32(u, gamma);
    const bce: f32 = bceProbS(z, pc, 1);
    const df: f32 = u > 0 ? gamma * powF32(u, gamma - 1) * (1 - 2 * z) : 0;
    store<f32>(g, gs * a * (df * bce + f * bceProbGradS(z, p, pc, 1)));
    return a * f * bce;
  }
  @inline lossV(t: v128, p: v128, s: v128, gamma: f32, alpha: f32, balance: f32): v128 {
    const z = smoothV(t, s);
    const one = f32x4.splat(1);
    const u = f32x4.add(f32x4.mul(z, f32x4.sub(one, p)), f32x4.mul(f32x4.sub(one, z), p));
    return f32x4.mul(f32x4.mul(balanceV(z, alpha, balance), powF32x4(u, gamma)), bceProbV(z, clipProbF32x4(p), 1));
  }
  @inline lossGradV(t: v128, p: v128, s: v128, gamma: f32, alpha: f32, balance: f32, gs: v128, g: usize): v128 {
    const z = smoothV(t, s);
    const one = f32x4.splat(1);
    const pc = clipProbF32x4(p);
    const u = f32x4.add(f32x4.mul(z, f32x4.sub(one, p)), f32x4.mul(f32x4.sub(one, z), p));
    const a = balanceV(z, alpha, balance);
    const f = powF32x4(u, gamma);
    const bce = bceProbV(z, pc, 1);
    const du = f32x4.mul(f32x4.mul(f32x4.splat(gamma), powF32x4(u, gamma - 1)), f32x4.sub(one, f32x4.add(z, z)));
    const df = v128.and(du, v128.or(f32x4.gt(u, f32x4.splat(0)), f32x4.ne(u, u)));
    v128.store(g, f32x4.mul(f32x4.mul(gs, a), f32x4.add(f32x4.mul(df, bce), f32x4.mul(f, bceProbGradV(z, p, pc, 1)))));
    return f32x4.mul(f32x4.mul(a, f), bce);
  }
}

/** ℓ at x = ±Infinity: a_t times the BCE's limit, 0 where a_t = 0 (see the header). */
// @ts-ignore: decorator
@inline
function focalInfLimitS(x: f32, z: f32, a: f32): f32 {
  return a == 0 ? 0 : a * bceInfLimitS(x, z, 1);
}

// From logits: e = e^−|x|, bce and σ(x) exactly as the BCE above (bceLogitsS / bceLogitsV), and
// σ(−x) = 1 − σ(x) from the same e without cancellation.
@final @unmanaged
class BinaryFocalLogits {
  @inline lossS(t: f32, x: f32, s: f32, gamma: f32, alpha: f32, balance: f32): f32 {
    const z: f32 = smoothS(t, s);
    if (Mathf.abs(x) == Infinity) return focalInfLimitS(x, z, balanceS(z, alpha, balance));
    const e: f32 = expMinusF32(-Mathf.abs(x));
    const sigma: f32 = sigmoidFromExpS(x, e); // σ(x)
    const sigmaN: f32 = (x >= 0 ? e : 1) / (1 + e); // σ(−x) = 1 − σ(x), without cancellation
    const u: f32 = z * sigmaN + (1 - z) * sigma;
    return balanceS(z, alpha, balance) * powF32(u, gamma) * bceLogitsS(x, z, e);
  }
  @inline lossGradS(t: f32, x: f32, s: f32, gamma: f32, alpha: f32, balance: f32, gs: f32, g: usize): f32 {
    const z: f32 = smoothS(t, s);
    const e: f32 = expMinusF32(-Mathf.abs(x));
    const sigma: f32 = sigmoidFromExpS(x, e);
    const sigmaN: f32 = (x >= 0 ? e : 1) / (1 + e);
    const u: f32 = z * sigmaN + (1 - z) * sigma;
    const a: f32 = balanceS(z, alpha, balance);
    const f: f32 = powF32(u, gamma);
    if (Mathf.abs(x) == Infinity) {
      store<f32>(g, gs * a * (f * (sigma - z)));
      return focalInfLimitS(x, z, a);
    }
    const bce: f32 = bceLogitsS(x, z, e);
    const df: f32 = u > 0 ? gamma * powF32(u, gamma - 1) * (1 - 2 * z) * sigma * sigmaN : 0;
    store<f32>(g, gs * a * (df * bce + f * (sigma - z)));
    return a * f * bce;
  }
  @inline lossV(t: v128, x: v128, s: v128, gamma: f32, alpha: f32, balance: f32): v128 {
    const z = smoothV(t, s);
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    const e = expMinusF32x4(negAbsV(x));
    const pos = f32x4.ge(x, zero);
    const den = f32x4.add(one, e);
    const sigma = f32x4.div(laneSelect4(one, e, pos), den);
    const sigmaN = f32x4.div(laneSelect4(e, one, pos), den);
    const u = f32x4.add(f32x4.mul(z, sigmaN), f32x4.mul(f32x4.sub(one, z), sigma));
    return f32x4.mul(f32x4.mul(balanceV(z, alpha, balance), powF32x4(u, gamma)), bceLogitsV(x, z, e, zero));
  }
  @inline lossGradV(t: v128, x: v128, s: v128, gamma: f32, alpha: f32, balance: f32, gs: v128, g: usize): v128 {
    const z = smoothV(t, s);
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    const e = expMinusF32x4(negAbsV(x));
    const pos = f32x4.ge(x, zero);
    const den = f32x4.add(one, e);
    const sigma = f32x4.div(laneSelect4(one, e, pos), den);
    const sigmaN = f32x4.div(laneSelect4(e, one, pos), den);
    const u = f32x4.add(f32x4.mul(z, sigmaN), f32x4.mul(f32x4.sub(one, z), sigma));
    const bce = bceLogitsV(x, z, e, zero);
    const a = balanceV(z, alpha, balance);
    const f = powF32x4(u, gamma);
    const du = f32x4.mul(
      f32x4.mul(f32x4.mul(f32x4.splat(gamma), powF32x4(u, gamma - 1)), f32x4.sub(one, f32x4.add(z, z))),
      f32x4.mul(sigma, sigmaN),
    );
    const df = v128.and(du, v128.or(f32x4.gt(u, zero), f32x4.ne(u, u)));
    v128.store(g, f32x4.mul(f32x4.mul(gs, a), f32x4.add(f32x4.mul(df, bce), f32x4.mul(f, f32x4.sub(sigma, z)))));
    return f32x4.mul(f32x4.mul(a, f), bce);
  }
}

// ---- exports: (t, x, rows, features, w, lossOut, g, gs, labelSmoothing, γ, α, balance) → Σ_s w_s·L_s

export function binaryFocalLogitsF32(
  t: usize, x: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32,
  s: f32, gamma: f32, alpha: f32, applyClassBalancing: i32,
): f64 {
  return elementwiseLossF32<BinaryFocalLogits>(t, x, rows, features, w, lossOut, g, gs, s, gamma, alpha, applyClassBalancing ? 1 : 0);
}

export function binaryFocalProbsF32(
  t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32,
  s: f32, gamma: f32, alpha: f32, applyClassBalancing: i32,
): f64 {
  return elementwiseLossF32<BinaryFocalProbs>(t, p, rows, features, w, lossOut, g, gs, s, gamma, alpha, applyClassBalancing ? 1 : 0);
}
