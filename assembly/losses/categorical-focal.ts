// Categorical focal cross-entropy (Lin et al. 2017), Keras 3 semantics
// (keras/src/losses/losses.py: categorical_focal_crossentropy), rows of C classes:
//
//   y'_c = (1 − s)·y_c + s/C,   L = −α·Σ_c (1 − q_c)^γ·y'_c·log q_c
//   from probabilities (Keras): q_c = clip(p_c / Σp, ε, 1 − ε)
//   from logits: q = softmax(x), log q_c = (x_c − max) − log S (exact; Keras clips softmax(x)
//     to [ε, 1 − ε] first, so the two agree unless some q_c < 1e-7)
//
// Gradient, with a_c = ∂L/∂q_c = −α·y'_c·((1 − q_c)^γ / q_c − γ·(1 − q_c)^(γ−1)·log q_c):
//   logits:        ∂L/∂x_j = b_j − q_j·Σ_c b_c,  b_c = a_c·q_c = −α·y'_c·((1−q_c)^γ − γ(1−q_c)^(γ−1)·q_c·log q_c)
//   probabilities: ∂L/∂p_j = ([j unclipped]·a_j − Σ_{c unclipped} a_c·q_c) / Σp  (unclipped: ε ≤ q ≤ 1 − ε,
//     bounds included, prob-clip.ts)
// At 1 − q = 0 the γ·(1 − q)^(γ−1) factor is taken as 0 (its limit for γ ≥ 1).
// From logits, limits where a logit is ±Infinity: a class with y'_c = 0 adds 0 (not 0·log 0), and
// q·log q is 0 at q = 0, so a logit of −Infinity gives +∞ where its target is > 0 and nothing
// else; a row with one +Infinity (its max) has q = one-hot there (the row is computed with
// d_c = 0 at it and −∞ elsewhere). With two or more +Infinity, q_c → 0 at the finite logits, whose
// terms are α·y'_c·(+∞) and gradient −α·y'_c; at the +Infinity ones q has no limit (a term in
// α·y'_c·[0, ∞], gradient NaN), so L is the finite logits' sum where the signs agree (as the
// dense cross-entropy, crossentropy-logits-dense.ts), else NaN. A NaN gives a NaN row.
//
// The row max and sum of exps use the SIMD row primitives; the per-class focal terms are scalar
// (one pow per element). Error bound per row (tested): |L − L64| ≤ 1e-5·|L| + 2e-6; gradient
// ≤ 1e-5 relative plus 2e-6. Both kernels take (y, x, rows, classes, w, lossOut, g, gs,
// labelSmoothing, γ, α) and return Σ_r w_r·L_r.
import { expMinusF32, EXP_UNSCALE } from "../math/exp";
import { logF32 } from "../math/log";
import { powF32 } from "../math/pow";
import { rowExpSumF32, rowInfIndexF32, rowMaxF32, rowSumF32, SEVERAL_INF } from "./softmax-rows";
import { clipPassesF32, clipProbF32 } from "./prob-clip";

/** γ·(1 − q)^(γ−1), 0 where 1 − q = 0 */
// @ts-ignore: decorator
@inline
function focalSlope(om: f32, gamma: f32): f32 {
  return om > 0 ? gamma * powF32(om, gamma - 1) : 0;
}

/** d_c = x_c − m, or for a row whose max is its one +Infinity (j ≥ 0): 0 at j and −∞ elsewhere. */
// @ts-ignore: decorator
@inline
function focalDiffF32(xc: f32, m: f32, c: i32, j: i32): f32 {
  return j >= 0 ? (c == j ? 0 : -Infinity) : xc - m;
}

/**
 * A focal row with several +Infinity logits (see the header): returns the unweighted loss and
 * writes the gradient row (times gw) when gr != 0.
 */
function focalSeveralInfRowF32(yr: usize, xr: usize, gr: usize, classes: i32, gw: f32, a: f32, b: f32, alpha: f32): f64 {
  let loss: f64 = 0;
  let pos = false;
  let neg = false;
  for (let c = 0; c < classes; c++) {
    const cb = <usize>c << 2;
    const t = alpha * (a * load<f32>(yr + cb) + b);
    const inf = load<f32>(xr + cb) == Infinity;
    if (inf) {
      pos = pos || t > 0;
      neg = neg || t < 0;
    } else if (t != 0) {
      loss += <f64>t * Infinity;
    }
    if (gr) store<f32>(gr + cb, inf ? NaN : -gw * t);
  }
  return (pos && loss != Infinity) || (neg && loss != -Infinity) ? NaN : loss;
}

export function categoricalFocalLogitsF32(
  y: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32,
  smoothing: f32, gamma: f32, alpha: f32,
): f64 {
  const a: f32 = 1 - smoothing;
  const b: f32 = smoothing / <f32>classes;
  const rowBytes = <usize>classes << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const xr = x + off;
    const yr = y + off;
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    let m = rowMaxF32(xr, classes);
    // a +Infinity max: d_c = 0 at the one +Infinity and −∞ elsewhere (m = NaN: a NaN row)
    const inf = m == Infinity;
    const j = inf ? rowInfIndexF32(xr, classes) : -1;
    if (j == SEVERAL_INF) {
      const weighted = <f64>ws * focalSeveralInfRowF32(yr, xr, g ? g + off : 0, classes, gs * ws, a, b, alpha);
      if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
      total += weighted;
      continue;
    }
    if (inf && j < 0) m = NaN;
    const s = inf && j >= 0 ? <f32>1 : <f32>(rowExpSumF32(xr, classes, m, 0, 0, -1) * EXP_UNSCALE);
    const invS: f32 = 1 / s;
    const logS = logF32(s);
    let loss: f64 = 0;
    let sumB: f64 = 0;
    for (let c = 0; c < classes; c++) {
      const cb = <usize>c << 2;
      const d = focalDiffF32(load<f32>(xr + cb), m, c, j);
      const q = expMinusF32(d) * invS;
      const lq = d - logS;
      const yc = a * load<f32>(yr + cb) + b;
      const om: f32 = 1 - q;
      const f = powF32(om, gamma);
      if (yc != 0) loss -= <f64>(alpha * f * yc * lq); // a zero target adds 0, even at log q = −∞
      if (g) {
        const qlq: f32 = q == 0 ? 0 : q * lq; // q·log q → 0 as q → 0
        const bc = yc == 0 ? <f32>0 : -alpha * yc * (f - focalSlope(om, gamma) * qlq);
        store<f32>(g + off + cb, bc);
        sumB += <f64>bc;
      }
    }
    if (g) {
      const gw = gs * ws;
      const sb = <f32>sumB;
      for (let c = 0; c < classes; c++) {
        const gp = g + off + (<usize>c << 2);
        const q = expMinusF32(focalDiffF32(load<f32>(xr + (<usize>c << 2)), m, c, j)) * invS;
        store<f32>(gp, gw * (load<f32>(gp) - q * sb));
      }
    }
    const weighted = <f64>ws * loss;
    if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
    total += weighted;
  }
  return total;
}

export function categoricalFocalProbsF32(
  y: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32,
  smoothing: f32, gamma: f32, alpha: f32,
): f64 {
  const a: f32 = 1 - smoothing;
  const b: f32 = smoothing / <f32>classes;
  const rowBytes = <usize>classes << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const pr = p + off;
    const yr = y + off;
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    const s = <f32>rowSumF32(pr, classes, 0);
    let loss: f64 = 0;
    let sumAQ: f64 = 0;
    for (let c = 0; c < classes; c++) {
      const cb = <usize>c << 2;
      const raw = load<f32>(pr + cb) / s;
      const q = clipProbF32(raw);
      const lq = logF32(q);
      const yc = a * load<f32>(yr + cb) + b;
      const om: f32 = 1 - q;
      const f = powF32(om, gamma);
      loss -= <f64>(alpha * f * yc * lq);
      if (g) {
        const free = clipPassesF32(raw);
        const ac: f32 = free ? -alpha * yc * (f / q - focalSlope(om, gamma) * lq) : 0;
        store<f32>(g + off + cb, ac);
        sumAQ += <f64>(ac * q);
      }
    }
    if (g) {
      const k = (gs * ws) / s;
      const saq = <f32>sumAQ;
      for (let c = 0; c < classes; c++) {
        const gp = g + off + (<usize>c << 2);
        store<f32>(gp, k * (load<f32>(gp) - saq));
      }
    }
    const weighted = <f64>ws * loss;
    if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
    total += weighted;
  }
  return total;
}
