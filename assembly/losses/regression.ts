// Regression losses with Keras 3 semantics (keras/src/losses/losses.py), per element:
//
//   meanSquaredError              ℓ = (p − t)²                                ℓ' = 2(p − t)
//   meanAbsoluteError             ℓ = |p − t|                                 ℓ' = sign(p − t)
//   meanAbsolutePercentageError   ℓ = 100·|p − t| / max(|t|, ε)               ℓ' = 100·sign(p − t) / max(|t|, ε)
//   meanSquaredLogarithmicError   ℓ = (log1p(max(p, ε)) − log1p(max(t, ε)))²  ℓ' = 2·d / (1 + p), 0 where p < ε
//   huber (δ = k)                 ℓ = ½e² if |e| ≤ δ else δ|e| − ½δ²          ℓ' = e if |e| ≤ δ else δ·sign(e)
//   logCosh                       ℓ = log(cosh(e))                            ℓ' = tanh(e)
//
// with e = p − t and ε = 1e-7 (Keras's backend.epsilon()). The per-sample loss is the mean over
// the last axis (elementwise.ts). Error bounds, per element, against float64 on the same float32
// inputs: MSE, MAE, MAPE and Huber ≤ 2 ULP of the term; MSLE and logCosh ≤ 4 ULP of the term
// plus 1.2e-7 absolute (logCosh uses a series for |e| < 0.25 to avoid cancellation).
// Clamps use f32x4.pmax/pmin (pmax(a, b) = a < b ? b : a: one maxps/minps on x86, where f32x4.max/min
// take ~6 instructions for their NaN and ±0 rules), with the possibly-NaN operand first so NaN
// stays NaN as in the scalar max/min; the clamp bounds are > 0, so ±0 inputs clamp alike.
import { elementwiseLossF32 } from "./elementwise";
import { expF32, expF32x4 } from "../math/exp";
import { log1pF32, log1pF32x4 } from "../math/log";
import { signF32, signF32x4 } from "../math/sign";
import { EPSILON, LN2 } from "../math/constants";

// ---- terms ----------------------------------------------------------------------------------

@final @unmanaged
class SquaredError {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    const d = p - t;
    return d * d;
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const d = p - t;
    store<f32>(g, gs * (d + d));
    return d * d;
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    const d = f32x4.sub(p, t);
    return f32x4.mul(d, d);
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const d = f32x4.sub(p, t);
    v128.store(g, f32x4.mul(gs, f32x4.add(d, d)));
    return f32x4.mul(d, d);
  }
}

@final @unmanaged
class AbsoluteError {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    return Mathf.abs(p - t);
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const d = p - t;
    store<f32>(g, gs * signF32(d));
    return Mathf.abs(d);
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    return f32x4.abs(f32x4.sub(p, t));
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const d = f32x4.sub(p, t);
    v128.store(g, f32x4.mul(gs, signF32x4(d)));
    return f32x4.abs(d);
  }
}

@final @unmanaged
class AbsolutePercentageError {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    return (100 * Mathf.abs(p - t)) / Mathf.max(Mathf.abs(t), EPSILON);
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const d = p - t;
    const scale = <f32>100 / Mathf.max(Mathf.abs(t), EPSILON);
    store<f32>(g, gs * scale * signF32(d));
    return scale * Mathf.abs(d);
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    const den = f32x4.pmax(f32x4.abs(t), f32x4.splat(EPSILON));
    return f32x4.div(f32x4.mul(f32x4.splat(100), f32x4.abs(f32x4.sub(p, t))), den);
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const d = f32x4.sub(p, t);
    const scale = f32x4.div(f32x4.splat(100), f32x4.pmax(f32x4.abs(t), f32x4.splat(EPSILON)));
    v128.store(g, f32x4.mul(f32x4.mul(gs, scale), signF32x4(d)));
    return f32x4.mul(scale, f32x4.abs(d));
  }
}

@final @unmanaged
class SquaredLogarithmicError {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    const d = log1pF32(Mathf.max(p, EPSILON)) - log1pF32(Mathf.max(t, EPSILON));
    return d * d;
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const pc = Mathf.max(p, EPSILON);
    const d = log1pF32(pc) - log1pF32(Mathf.max(t, EPSILON));
    // max(p, ε) passes the gradient to p where p ≥ ε (TensorFlow's Maximum gradient, ties included)
    store<f32>(g, p < EPSILON ? 0 : (gs * (d + d)) / (1 + pc));
    return d * d;
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    const eps = f32x4.splat(EPSILON);
    const d = f32x4.sub(log1pF32x4(f32x4.pmax(p, eps)), log1pF32x4(f32x4.pmax(t, eps)));
    return f32x4.mul(d, d);
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const eps = f32x4.splat(EPSILON);
    const pc = f32x4.pmax(p, eps);
    const d = f32x4.sub(log1pF32x4(pc), log1pF32x4(f32x4.pmax(t, eps)));
    const grad = f32x4.div(f32x4.mul(gs, f32x4.add(d, d)), f32x4.add(f32x4.splat(1), pc));
    v128.store(g, v128.andnot(grad, f32x4.lt(p, eps)));
    return f32x4.mul(d, d);
  }
}

@final @unmanaged
class HuberError {
  @inline lossS(t: f32, p: f32, delta: f32, k1: f32, k2: f32, k3: f32): f32 {
    const e = p - t;
    const a = Mathf.abs(e);
    return a <= delta ? <f32>0.5 * e * e : delta * a - <f32>0.5 * delta * delta;
  }
  @inline lossGradS(t: f32, p: f32, delta: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const e = p - t;
    const a = Mathf.abs(e);
    const inside = a <= delta;
    store<f32>(g, gs * (inside ? e : delta * signF32(e)));
    return inside ? <f32>0.5 * e * e : delta * a - <f32>0.5 * delta * delta;
  }
  @inline lossV(t: v128, p: v128, delta: v128, k1: f32, k2: f32, k3: f32): v128 {
    const half = f32x4.splat(0.5);
    const e = f32x4.sub(p, t);
    const a = f32x4.abs(e);
    const quadratic = f32x4.mul(half, f32x4.mul(e, e));
    const linear = f32x4.sub(f32x4.mul(delta, a), f32x4.mul(half, f32x4.mul(delta, delta)));
    return v128.bitselect(quadratic, linear, f32x4.le(a, delta));
  }
  @inline lossGradV(t: v128, p: v128, delta: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const half = f32x4.splat(0.5);
    const e = f32x4.sub(p, t);
    const a = f32x4.abs(e);
    const inside = f32x4.le(a, delta);
    const quadratic = f32x4.mul(half, f32x4.mul(e, e));
    const linear = f32x4.sub(f32x4.mul(delta, a), f32x4.mul(half, f32x4.mul(delta, delta)));
    v128.store(g, f32x4.mul(gs, v128.bitselect(e, f32x4.mul(delta, signF32x4(e)), inside)));
    return v128.bitselect(quadratic, linear, inside);
  }
}

// log cosh e and tanh e. For |e| ≥ 0.25: log cosh e = |e| − ln 2 + log1p(exp(−2|e|)) and
// tanh |e| = (1 − exp(−2|e|)) / (1 + exp(−2|e|)). For |e| < 0.25 both cancel, so Taylor series:
//   log cosh e = e²/2 − e⁴/12 + e⁶/45 − 17e⁸/2520   (next term 31e¹⁰/14175 < 2e-9 relative)
//   tanh e     = e − e³/3 + 2e⁵/15 − 17e⁷/315       (next term 62e⁹/2835 < 4e-7 relative)
const SERIES_LIMIT: f32 = 0.25;
const C_LC2: f32 = 0.5;
const C_LC4: f32 = -1.0 / 12.0;
const C_LC6: f32 = 1.0 / 45.0;
const C_LC8: f32 = -17.0 / 2520.0;
const C_TH3: f32 = -1.0 / 3.0;
const C_TH5: f32 = 2.0 / 15.0;
const C_TH7: f32 = -17.0 / 315.0;

// @ts-ignore: decorator
@inline function logCoshSeriesF32(z: f32): f32 {
  return z * (C_LC2 + z * (C_LC4 + z * (C_LC6 + z * C_LC8)));
}
// @ts-ignore: decorator
@inline function logCoshSeriesF32x4(z: v128): v128 {
  return f32x4.mul(z, f32x4.add(f32x4.splat(C_LC2), f32x4.mul(z, f32x4.add(f32x4.splat(C_LC4),
    f32x4.mul(z, f32x4.add(f32x4.splat(C_LC6), f32x4.mul(z, f32x4.splat(C_LC8))))))));
}

@final @unmanaged
class LogCoshError {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    const e = p - t;
    const a = Mathf.abs(e);
    if (a < SERIES_LIMIT) {
      return logCoshSeriesF32(e * e);
    }
    return a - LN2 + log1pF32(expF32(<f32>-2 * a));
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const e = p - t;
    const a = Mathf.abs(e);
    if (a < SERIES_LIMIT) {
      const z = e * e;
      store<f32>(g, gs * (e + e * z * (C_TH3 + z * (C_TH5 + z * C_TH7))));
      return logCoshSeriesF32(z);
    }
    const x = expF32(<f32>-2 * a);
    store<f32>(g, gs * copysign<f32>((1 - x) / (1 + x), e));
    return a - LN2 + log1pF32(x);
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    const e = f32x4.sub(p, t);
    const a = f32x4.abs(e);
    const z = f32x4.mul(e, e);
    const series = logCoshSeriesF32x4(z);
    const x = expF32x4(f32x4.mul(f32x4.splat(-2), a));
    const direct = f32x4.add(f32x4.sub(a, f32x4.splat(LN2)), log1pF32x4(x));
    return v128.bitselect(series, direct, f32x4.lt(a, f32x4.splat(SERIES_LIMIT)));
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const e = f32x4.sub(p, t);
    const a = f32x4.abs(e);
    const small = f32x4.lt(a, f32x4.splat(SERIES_LIMIT));
    const z = f32x4.mul(e, e);
    const series = logCoshSeriesF32x4(z);
    const tanhSeries = f32x4.add(e, f32x4.mul(f32x4.mul(e, z), f32x4.add(f32x4.splat(C_TH3),
      f32x4.mul(z, f32x4.add(f32x4.splat(C_TH5), f32x4.mul(z, f32x4.splat(C_TH7)))))));
    const x = expF32x4(f32x4.mul(f32x4.splat(-2), a));
    const one = f32x4.splat(1);
    const tanhAbs = f32x4.div(f32x4.sub(one, x), f32x4.add(one, x));
    // copysign(tanh|e|, e); NaN stays NaN
    const tanhDirect = v128.or(tanhAbs, v128.and(e, i32x4.splat(0x80000000)));
    v128.store(g, f32x4.mul(gs, v128.bitselect(tanhSeries, tanhDirect, small)));
    const direct = f32x4.add(f32x4.sub(a, f32x4.splat(LN2)), log1pF32x4(x));
    return v128.bitselect(series, direct, small);
  }
}

// ---- exports: (t, p, rows, features, w, lossOut, g, gs[, delta]) → Σ_s w_s·L_s --------------

export function meanSquaredErrorF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<SquaredError>(t, p, rows, features, w, lossOut, g, gs, 0);
}

export function meanAbsoluteErrorF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<AbsoluteError>(t, p, rows, features, w, lossOut, g, gs, 0);
}

export function meanAbsolutePercentageErrorF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<AbsolutePercentageError>(t, p, rows, features, w, lossOut, g, gs, 0);
}

export function meanSquaredLogarithmicErrorF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<SquaredLogarithmicError>(t, p, rows, features, w, lossOut, g, gs, 0);
}

export function huberF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32, delta: f32): f64 {
  return elementwiseLossF32<HuberError>(t, p, rows, features, w, lossOut, g, gs, delta);
}

export function logCoshF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<LogCoshError>(t, p, rows, features, w, lossOut, g, gs, 0);
}
