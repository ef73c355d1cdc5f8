// Hinge losses, Keras 3 semantics (keras/src/losses/losses.py):
//
//   hinge            ℓ = max(1 − t·p, 0)          ∂ℓ/∂p = −t where 1 − t·p > 0, else 0
//   squaredHinge     ℓ = max(1 − t·p, 0)²         ∂ℓ/∂p = −2t·max(1 − t·p, 0)
//   categoricalHinge L = max(neg − pos + 1, 0),  pos = Σ_c t_c·p_c,  neg = max_c (1 − t_c)·p_c
//                    ∂L/∂p_c = −t_c + (1 − t_c)·[c = first argmax of (1 − t)·p] where L > 0, else 0
//
// hinge and squaredHinge average over the last axis (elementwise.ts). Keras turns labels in
// {0, 1} into {−1, 1} when every label of the call is 0 or 1; JavaScript checks that and passes
// binaryLabels = 1 (t ← 2t − 1) or 0 (labels as given), the driver's k. Error bound (tested): ≤ 2e-6 relative plus
// 2e-7 absolute per term and per categorical-hinge row (float64 row sum).
// Clamps use f32x4.pmax/pmin (pmax(a, b) = a < b ? b : a: one maxps/minps on x86, where f32x4.max/min
// take ~6 instructions for their NaN and ±0 rules), with the possibly-NaN operand first so NaN
// stays NaN as in the scalar max. pmax(m, 0) and max(m, 0) differ only at m = −0, and the margin
// m = 1 − t'·p is never −0 (x − x rounds to +0).
import { elementwiseLossF32 } from "./elementwise";

/** t' = 2t − 1 when k = 1, t when k = 0: t·(1 + k) − k */
// @ts-ignore: decorator
@inline
function labelS(t: f32, k: f32): f32 {
  return t * (1 + k) - k;
}

// @ts-ignore: decorator
@inline
function labelV(t: v128, k: v128): v128 {
  return f32x4.sub(f32x4.mul(t, f32x4.add(f32x4.splat(1), k)), k);
}

@final @unmanaged
class Hinge {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    return max<f32>(1 - labelS(t, k) * p, 0);
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const tl = labelS(t, k);
    const m: f32 = 1 - tl * p;
    // NaN margin: NaN gradient
    store<f32>(g, m > 0 ? -gs * tl : m != m ? m : 0);
    return max<f32>(m, 0);
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    return f32x4.pmax(f32x4.sub(f32x4.splat(1), f32x4.mul(labelV(t, k), p)), f32x4.splat(0));
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const tl = labelV(t, k);
    const m = f32x4.sub(f32x4.splat(1), f32x4.mul(tl, p));
    const active = f32x4.gt(m, f32x4.splat(0));
    const nan = f32x4.ne(m, m);
    v128.store(g, v128.or(v128.and(f32x4.neg(f32x4.mul(gs, tl)), active), v128.and(m, nan)));
    return f32x4.pmax(m, f32x4.splat(0));
  }
}

@final @unmanaged
class SquaredHinge {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    const m = max<f32>(1 - labelS(t, k) * p, 0);
    return m * m;
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const tl = labelS(t, k);
    const m = max<f32>(1 - tl * p, 0);
    store<f32>(g, <f32>-2 * gs * tl * m);
    return m * m;
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    const m = f32x4.pmax(f32x4.sub(f32x4.splat(1), f32x4.mul(labelV(t, k), p)), f32x4.splat(0));
    return f32x4.mul(m, m);
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const tl = labelV(t, k);
    const m = f32x4.pmax(f32x4.sub(f32x4.splat(1), f32x4.mul(tl, p)), f32x4.splat(0));
    v128.store(g, f32x4.mul(f32x4.mul(f32x4.splat(-2), gs), f32x4.mul(tl, m)));
    return f32x4.mul(m, m);
  }
}

/** binaryLabels = 1: labels in {0, 1} are mapped to {−1, 1} (t ← 2t − 1); 0: labels as given. */
export function hingeF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32, binaryLabels: f32): f64 {
  return elementwiseLossF32<Hinge>(t, p, rows, features, w, lossOut, g, gs, binaryLabels);
}

export function squaredHingeF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32, binaryLabels: f32): f64 {
  return elementwiseLossF32<SquaredHinge>(t, p, rows, features, w, lossOut, g, gs, binaryLabels);
}

/** Categorical hinge per row (see above). */
export function categoricalHingeF32(
  y: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32,
): f64 {
  const rowBytes = <usize>classes << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    let pos: f64 = 0;
    let neg: f32 = -Infinity;
    let arg = 0;
    let nan = false;
    for (let c = 0; c < classes; c++) {
      const cb = <usize>c << 2;
      const t = load<f32>(y + off + cb);
      const pv = load<f32>(p + off + cb);
      pos += <f64>t * <f64>pv;
      const v: f32 = (1 - t) * pv;
      if (v > neg) {
        neg = v;
        arg = c;
      }
      if (v != v) nan = true;
    }
    const loss: f64 = nan ? NaN : max<f64>(<f64>neg - pos + 1, 0);
    if (g) {
      const gw = gs * ws;
      const active = loss > 0 || nan;
      for (let c = 0; c < classes; c++) {
        const cb = <usize>c << 2;
        const t = load<f32>(y + off + cb);
        const d: f32 = nan ? NaN : active ? -t + (c == arg ? 1 - t : 0) : 0;
        store<f32>(g + off + cb, gw * d);
      }
    }
    const weighted = <f64>ws * loss;
    if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
    total += weighted;
  }
  return total;
}
