// The driver shared by every loss whose per-sample value is the mean over the last axis of an
// element-wise term ℓ(t, p):
//
//   L_s   = (1/F) · Σ_f ℓ(t_sf, p_sf)                      per-sample loss (F = features)
//   total = Σ_s w_s · L_s                                  returned in float64
//   g_sf  = gs · w_s · ∂ℓ/∂p (t_sf, p_sf)                  when a gradient buffer is given
//
// JavaScript applies the reduction to `total` and passes its scale (divided by F) as `gs`, so a
// fused call reads each element once and writes its gradient in the same pass.
//
// A term is a policy class (see regression.ts) with four inline methods, the same math twice:
//   lossS(t, p, k, k1, k2, k3): f32              lossV(t, p, k, k1, k2, k3): v128
//   lossGradS(t, p, k, k1, k2, k3, gs, g): f32   lossGradV(t, p, k, k1, k2, k3, gs, g): v128
// (the gradient forms also store gs·ℓ' at g), where k is the loss's main parameter (Huber's
// delta, the label smoothing of the binary losses), passed to the vector methods splatted once
// per call, and k1, k2, k3 are further scalar parameters
// (the positive weight of BCE; γ, α and class balancing of binary focal). Terms ignore the ones
// they do not use. Every parameter is an argument of the kernel: nothing is kept between calls.
//
// Non-finite blocks: the vector body sums SUM_BLOCK elements at a time; when a block's sum is not
// finite (a NaN, or an infinite term), the block is done again by the scalar methods, which is
// where a term handles its special inputs (e.g. the limits of binary cross-entropy at logits of
// ±Infinity, where its vector formula gives NaN). One compare per block; finite blocks are never
// redone, and for terms whose scalar and vector methods agree a redone block gives the same values.
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";

/**
 * Σ ℓ over elements [start, end) by the term's scalar methods; writes gs·ℓ' to g when g != 0.
 * Not inlined: one copy per term serves the tails and the redone blocks.
 */
function scalarTermsF32<L>(t: usize, p: usize, start: i32, end: i32, g: usize, gs: f32, k: f32, k1: f32, k2: f32, k3: f32): f64 {
  const l = changetype<L>(0);
  let total: f64 = 0;
  if (g) {
    for (let i = start; i < end; i++) {
      const off = <usize>i << 2;
      total += <f64>l.lossGradS(load<f32>(t + off), load<f32>(p + off), k, k1, k2, k3, gs, g + off);
    }
  } else {
    for (let i = start; i < end; i++) {
      const off = <usize>i << 2;
      total += <f64>l.lossS(load<f32>(t + off), load<f32>(p + off), k, k1, k2, k3);
    }
  }
  return total;
}

/**
 * `sum` (a vector body's sum of elements [start, end)) if it is finite, else the sum of those
 * elements again by the term's scalar methods (rewriting their gradients when g != 0).
 */
// @ts-ignore: decorator
@inline
export function finiteOrRedoF32<L>(
  sum: f64, t: usize, p: usize, start: i32, end: i32, g: usize, gs: f32, k: f32, k1: f32, k2: f32, k3: f32,
): f64 {
  return Math.abs(sum) < Infinity ? sum : scalarTermsF32<L>(t, p, start, end, g, gs, k, k1, k2, k3);
}

/** Σ ℓ over n contiguous elements; writes gs·ℓ' to g when g != 0. Blocked float32 → float64. */
// @ts-ignore: decorator
@inline
function sumTermsF32<L>(t: usize, p: usize, n: i32, g: usize, gs: f32, k: f32, k1: f32, k2: f32, k3: f32): f64 {
  const l = changetype<L>(0);
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const kv = f32x4.splat(k);
    const gv = f32x4.splat(gs);
    const n8 = n & ~7;
    while (i < n8) {
      const start = i;
      const end = min(i + SUM_BLOCK, n8);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      if (g) {
        for (; i < end; i += 8) {
          const off = <usize>i << 2;
          a0 = f32x4.add(a0, l.lossGradV(v128.load(t + off), v128.load(p + off), kv, k1, k2, k3, gv, g + off));
          a1 = f32x4.add(a1, l.lossGradV(v128.load(t + off, 16), v128.load(p + off, 16), kv, k1, k2, k3, gv, g + off + 16));
        }
      } else {
        for (; i < end; i += 8) {
          const off = <usize>i << 2;
          a0 = f32x4.add(a0, l.lossV(v128.load(t + off), v128.load(p + off), kv, k1, k2, k3));
          a1 = f32x4.add(a1, l.lossV(v128.load(t + off, 16), v128.load(p + off, 16), kv, k1, k2, k3));
        }
      }
      total += finiteOrRedoF32<L>(hsumF32x4ToF64(a0) + hsumF32x4ToF64(a1), t, p, start, i, g, gs, k, k1, k2, k3);
    }
  }
  return total + scalarTermsF32<L>(t, p, i, n, g, gs, k, k1, k2, k3);
}

/**
 * features == 1 with weights or per-sample output: each element is a sample.
 * lossOut[i] = w_i·ℓ_i, g_i = gs·w_i·ℓ'_i, returns Σ w_i·ℓ_i (w ≡ 1 when w == 0).
 */
// @ts-ignore: decorator
@inline
function weightedTermsF32<L>(t: usize, p: usize, n: i32, w: usize, lossOut: usize, g: usize, gs: f32, k: f32, k1: f32, k2: f32, k3: f32): f64 {
  const l = changetype<L>(0);
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const kv = f32x4.splat(k);
    const gv = f32x4.splat(gs);
    const ones = f32x4.splat(1);
    const n4 = n & ~3;
    while (i < n4) {
      const start = i;
      const end = min(i + SUM_BLOCK, n4);
      let acc = f32x4.splat(0);
      for (; i < end; i += 4) {
        const off = <usize>i << 2;
        const wv = w ? v128.load(w + off) : ones;
        const tv = v128.load(t + off);
        const pv = v128.load(p + off);
        const lv = f32x4.mul(wv, g ? l.lossGradV(tv, pv, kv, k1, k2, k3, f32x4.mul(gv, wv), g + off) : l.lossV(tv, pv, kv, k1, k2, k3));
        if (lossOut) v128.store(lossOut + off, lv);
        acc = f32x4.add(acc, lv);
      }
      const sum = hsumF32x4ToF64(acc);
      // not finite: the block again by the scalar code below (see the header)
      total += Math.abs(sum) < Infinity ? sum : weightedScalarF32<L>(t, p, start, i, w, lossOut, g, gs, k, k1, k2, k3);
    }
  }
  return total + weightedScalarF32<L>(t, p, i, n, w, lossOut, g, gs, k, k1, k2, k3);
}

/** weightedTermsF32's scalar code for elements [start, end): returns Σ w_i·ℓ_i (not inlined, as scalarTermsF32). */
function weightedScalarF32<L>(
  t: usize, p: usize, start: i32, end: i32, w: usize, lossOut: usize, g: usize, gs: f32, k: f32, k1: f32, k2: f32, k3: f32,
): f64 {
  const l = changetype<L>(0);
  let total: f64 = 0;
  for (let i = start; i < end; i++) {
    const off = <usize>i << 2;
    const ws: f32 = w ? load<f32>(w + off) : 1;
    const tv = load<f32>(t + off);
    const pv = load<f32>(p + off);
    const lv = ws * (g ? l.lossGradS(tv, pv, k, k1, k2, k3, gs * ws, g + off) : l.lossS(tv, pv, k, k1, k2, k3));
    if (lossOut) store<f32>(lossOut + off, lv);
    total += <f64>lv;
  }
  return total;
}

/**
 * The whole driver: rows × features elements at t and p (float32), optional per-sample weights
 * w (rows floats, 0 = none), optional per-sample output lossOut (rows floats, 0 = none),
 * optional gradient output g (rows × features floats, 0 = none); parameters k, k1, k2, k3 of the
 * term. Returns Σ_s w_s · L_s.
 */
// @ts-ignore: decorator
@inline
export function elementwiseLossF32<L>(
  t: usize, p: usize, rows: i32, features: i32,
  w: usize, lossOut: usize, g: usize, gs: f32, k: f32, k1: f32 = 0, k2: f32 = 0, k3: f32 = 0,
): f64 {
  if (w == 0 && lossOut == 0) {
    return sumTermsF32<L>(t, p, rows * features, g, gs, k, k1, k2, k3) / <f64>features;
  }
  if (features == 1) {
    return weightedTermsF32<L>(t, p, rows, w, lossOut, g, gs, k, k1, k2, k3);
  }
  let total: f64 = 0;
  const rowBytes = <usize>features << 2;
  for (let s = 0; s < rows; s++) {
    const off = <usize>s * rowBytes;
    const ws: f32 = w ? load<f32>(w + (<usize>s << 2)) : 1;
    const rowLoss = sumTermsF32<L>(t + off, p + off, features, g ? g + off : 0, gs * ws, k, k1, k2, k3) / <f64>features;
    const weighted = <f64>ws * rowLoss;
    if (lossOut) store<f32>(lossOut + (<usize>s << 2), <f32>weighted);
    total += weighted;
  }
  return total;
}
