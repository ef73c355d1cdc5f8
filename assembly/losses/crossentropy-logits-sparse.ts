// Sparse categorical cross-entropy from logits (Keras 3: sparse_categorical_crossentropy with
// from_logits=True), rows of C float32 logits and one int32 label per row. See crossentropy.ts
// for the formulas, the export signature and the error bounds.
//
// The label's loss without cancellation: the exp pass leaves the label's term out of its sum,
// S' = Σ_{c ≠ l} e^(x_c − M) (softmax-rows.ts, skip = l; M the row's shift), the row takes
// e_l = e^(x_l − M) on its own, and
//   L_l = −log q_l = log1p(u),  u = S' / e_l
// which keeps S''s relative precision however small (a confident row's loss can be 1e-30), with
// no x − max rounded into any exp (exp.ts: the terms are reduced from x itself for |max| ≤ 200).
// When u ≥ 2^100 (L_l > 69) or e_l = 0, the row is computed as log(e_l + S') − (x_l − M) instead.
// That precise form is needed only when the label's logit is the row's max m (then L_l can be
// tiny). A row whose label's logit is finite and below a finite max (most rows of a random or
// untrained batch) has q_l ≤ 1/2, L_l ≥ ln 2, and takes the fast form: S = Σ_c e^(x_c − m) over
// the whole row by expMinus (softmax-rows.ts rowExpMinusSumF32: no label left out, no exp of its
// own, no 2^32 scale), L_l = log S − (x_l − m), within the general bound 3e-6 + 2e-6·|L|. The
// four-row blocks take the fast form when all four rows do, else the precise one. Non-finite rows
// (a ±Infinity label logit or max, a NaN max) take the precise form; a NaN elsewhere makes S NaN
// and the row NaN (loss and gradient) in both.
// With label smoothing L = a·L_l + b·Σ_c (L_l + x_l − x_c). The label's gradient likewise:
// q_l − y'_l = ((1 − y'_l)·e_l − y'_l·S') / S = ((1 − y'_l) − y'_l·u) / (1 + u), y'_l = a + b,
// not 1/S − 1.
import {
  EXP_UNSCALE, expMinusF32x4, expShiftClampF32, expShiftClampF32x4, expShiftMagicF32, expShiftMagicF32x4, expShiftNF32,
  expShiftNF32x4, expShiftVF32, expShiftVF32x4, expShiftedF32, expShiftedF32x4,
} from "../math/exp";
import { logF32, logF32x4, log1pF32, log1pF32x4 } from "../math/log";
import { FLT_MIN_NORMAL, LN2_F64 } from "../math/constants";
import {
  BLOCK_LOG_SUM, BLOCK_MAX, BLOCK_SUM, LOG4_MAX_CLASSES, SMALL_CLASSES, gather4, scatter4, rowExpMinusSumF32, rowExpSumF32,
  rowInfIndexF32, rowMaxF32, rowScaleF32, rowSumF32, rowsLog1p4F32, rowsLog4F32,
} from "./softmax-rows";

/** u = S'/e_l below this takes log1p(u) (in float32, also four rows at once); above, the row's log form. */
const U_MAX: f64 = 1.2676506002282294e30; // 2^100

/**
 * The gradient row from its stored exps e_c = 2^32·e^(x_c − M) (softmax-rows.ts):
 * g_c = gw·(e_c/S − b), then the label's entry gw·((1 − a − b)·e_l − (a + b)·S') / S, with
 * S = e_l + S' given by u = S'/e_l (u < U_MAX) or by sp = S' itself.
 */
// @ts-ignore: decorator
@inline
function sparseGradRowF32(gr: usize, classes: i32, label: i32, gw: f32, a: f32, b: f32, u: f64, sp: f64): void {
  const gl = gr + (<usize>label << 2);
  const el: f64 = <f64>load<f32>(gl);
  const ab: f64 = <f64>a + <f64>b;
  let sInv: f64; // 1/S
  let ql: f64; // q_l − (a + b)
  if (u < U_MAX) {
    sInv = 1 / (el * (1 + u));
    ql = ((1 - ab) - ab * u) / (1 + u);
  } else {
    sInv = 1 / (el + sp);
    ql = ((1 - ab) * el - ab * sp) * sInv;
  }
  const k = <f32>(<f64>gw * sInv);
  if (k >= FLT_MIN_NORMAL || k == 0 || k != k) {
    rowScaleF32(gr, classes, k, -gw * b);
  } else {
    // gw/S is a float32 subnormal (S ≥ 2^31, so gw < ~2.5e-29): q_c first, then gw·q_c
    rowScaleF32(gr, classes, <f32>sInv, 0);
    rowScaleF32(gr, classes, gw, -gw * b);
  }
  store<f32>(gl, <f32>(<f64>gw * ql));
}

/**
 * A row whose max is +Infinity. With one +Infinity (rowInfIndexF32's j) the softmax tends to
 * one-hot(j), so L = Σ_{c ≠ j} y'_c·(+∞) = +∞ unless every y'_c with c ≠ j is 0 (then 0), and
 * ∂L/∂x = one-hot(j) − y'. With several, q_c → 0 at every finite x_c: L = Σ_c y'_c·(lse − x_c)
 * has terms ≥ 0, +∞ at a finite x_c with y'_c > 0, so L = +∞ when there is one (else NaN: no
 * limit), and ∂L/∂x_c → −y'_c at the finite x_c, NaN at the +Infinity ones. A NaN in the row:
 * NaN (loss and gradient). Returns the unweighted loss; writes the gradient row (scaled by gw)
 * when gr != 0.
 */
function sparseInfRowF32(xr: usize, gr: usize, classes: i32, label: i32, gw: f32, a: f32, b: f32): f32 {
  const j = rowInfIndexF32(xr, classes);
  if (j == -1) {
    if (gr) for (let c = 0; c < classes; c++) store<f32>(gr + (<usize>c << 2), NaN);
    return NaN;
  }
  if (gr) {
    for (let c = 0; c < classes; c++) store<f32>(gr + (<usize>c << 2), -gw * b);
    const gl = gr + (<usize>label << 2);
    store<f32>(gl, load<f32>(gl) - gw * a);
    if (j >= 0) {
      const gj = gr + (<usize>j << 2);
      store<f32>(gj, load<f32>(gj) + gw);
    } else {
      for (let c = 0; c < classes; c++) if (load<f32>(xr + (<usize>c << 2)) == Infinity) store<f32>(gr + (<usize>c << 2), NaN);
    }
  }
  if (j >= 0) return (label != j && a + b != 0) || (b != 0 && classes > 1) ? Infinity : 0;
  // several: a target > 0 at a finite logit (the label's, or any with b > 0) makes L = +∞
  if (a + b != 0 && load<f32>(xr + (<usize>label << 2)) != Infinity) return Infinity;
  if (b != 0) for (let c = 0; c < classes; c++) if (load<f32>(xr + (<usize>c << 2)) != Infinity) return Infinity;
  return NaN;
}

/** Whether x[0..n) holds a NaN. */
function rowHasNaNF32(x: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (load<f32>(x + (<usize>i << 2)) != load<f32>(x + (<usize>i << 2))) return true;
  return false;
}

/**
 * The end of one row of the sparse kernel, given its max m (finite, or +Infinity: then the
 * one-hot limit), L_l = −log q_l and u = S'/e_l (sp = S', used when u ≥ U_MAX), the row's exps
 * stored into its gradient row when g != 0: returns w·L and writes lossOut and the gradient row.
 * An ignored row (label < 0) gets a zero loss and a zero gradient row.
 */
// @ts-ignore: decorator
@inline
function sparseRowFinishF32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
  m: f32, ll: f32, u: f64, sp: f64,
): f64 {
  const rowBytes = <usize>classes << 2;
  const xr = x + <usize>r * rowBytes;
  const gr = g ? g + <usize>r * rowBytes : 0;
  const label = load<i32>(labels + (<usize>r << 2));
  let weighted: f64 = 0;
  if (label >= 0) {
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    const gw = gs * ws;
    let loss: f32;
    if (m == Infinity) {
      loss = sparseInfRowF32(xr, gr, classes, label, gw, a, b);
    } else {
      loss = a * ll;
      // smoothing: b·Σ_c (L_l + x_l − x_c)
      if (b != 0) {
        loss += b * (<f32>classes * ll - <f32>rowSumF32(xr, classes, load<f32>(xr + (<usize>label << 2))));
        // ∞ − ∞ from a −Infinity logit (max finite): every term y'_c·(lse − x_c) is ≥ 0 and one is +∞
        if (loss != loss && m != -Infinity && !rowHasNaNF32(xr, classes)) loss = Infinity;
      }
      if (gr) sparseGradRowF32(gr, classes, label, gw, a, b, u, sp);
    }
    weighted = <f64>ws * <f64>loss;
  } else if (gr) {
    memory.fill(gr, 0, rowBytes);
  }
  if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
  return weighted;
}

/** Whether a row (label ≥ 0) with label logit xl and max m takes the fast form: −∞ < xl < m < +∞. */
// @ts-ignore: decorator
@inline
function sparseFastF32(xl: f32, m: f32): bool {
  return xl > -Infinity && xl < m && m < Infinity;
}

/**
 * The fast form's S = Σ_c e^(x_c − m) over the whole row, storing the row's exps into its
 * gradient row when gr != 0.
 */
// @ts-ignore: decorator
@inline
function sparseFastSumF32(xr: usize, gr: usize, classes: i32, m: f32): f64 {
  return rowExpMinusSumF32(xr, classes, m, gr);
}

/** The fast form's S' = S − e_l for the gradient (e_l stored in the gradient row), 0 without one. */
// @ts-ignore: decorator
@inline
function sparseFastSpF32(gr: usize, label: i32, s: f64): f64 {
  return gr ? s - <f64>load<f32>(gr + (<usize>label << 2)) : 0;
}

/**
 * The precise sums of one row (label ≥ 0) given its max m: S' (to spOut, scaled by 2^32·e^−M)
 * and u = S'/e_l (returned), storing the row's exps into its gradient row when gr != 0; u is 0
 * and nothing is summed when the max is +Infinity.
 */
// @ts-ignore: decorator
@inline
function sparseRowSumsF32(xr: usize, gr: usize, classes: i32, label: i32, m: f32, spOut: usize): f64 {
  store<f64>(spOut, 0);
  if (m == Infinity) return 0;
  const shift = expShiftVF32(m);
  const nm = expShiftNF32(m);
  const sp = rowExpSumF32(xr, classes, shift, nm, gr, label); // S', the label left out
  store<f64>(spOut, sp);
  const v = load<f32>(xr + (<usize>label << 2)) - shift;
  let el: f32;
  if (gr) {
    el = load<f32>(gr + (<usize>label << 2));
  } else if (ASC_FEATURE_SIMD) {
    // the same (sum) form as the row's terms, so that the ratio S'/e_l carries no common error
    el = f32x4.extract_lane(expShiftedF32x4(f32x4.splat(v), f32x4.splat(expShiftMagicF32(nm)), f32x4.splat(expShiftClampF32(nm)), true), 0);
  } else {
    el = expShiftedF32(v, expShiftMagicF32(nm), expShiftClampF32(nm));
  }
  return sp / <f64>el;
}

/**
 * L_l = −log q_l of one row from u = S'/e_l: log1p(u) below U_MAX, else log(e_l + S') − (x_l − M)
 * with S' = sp (a label far below the max, e_l = 0 included; M = shift + n_m·ln2).
 */
// @ts-ignore: decorator
@inline
function sparseLabelLossF32(xr: usize, classes: i32, label: i32, m: f32, u: f64, sp: f64): f32 {
  if (u < U_MAX) return log1pF32(<f32>u);
  const xl = load<f32>(xr + (<usize>label << 2));
  const shift = expShiftVF32(m);
  const nm = expShiftNF32(m);
  const el = <f64>expShiftedF32(xl - shift, expShiftMagicF32(nm), expShiftClampF32(nm));
  // log((e_l + S')·2^−32) + M − x_l, M = shift + n_m·ln2 (NaN u: NaN)
  return logF32(<f32>((el + sp) * EXP_UNSCALE)) + <f32>(<f64>shift + <f64>nm * LN2_F64 - <f64>xl);
}

/**
 * One row of the sparse kernel, in the fast or the precise form: returns w·L and writes lossOut /
 * the gradient row. scratch: BLOCK_BYTES bytes.
 */
// @ts-ignore: decorator
@inline
function sparseRowF32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, scratch: usize,
): f64 {
  const label = load<i32>(labels + (<usize>r << 2));
  let m: f32 = 0;
  let u: f64 = 0;
  let sp: f64 = 0;
  let ll: f32 = 0;
  if (label >= 0) {
    const rowBytes = <usize>classes << 2;
    const xr = x + <usize>r * rowBytes;
    const gr = g ? g + <usize>r * rowBytes : 0;
    m = rowMaxF32(xr, classes);
    const xl = load<f32>(xr + (<usize>label << 2));
    if (sparseFastF32(xl, m)) {
      const s = sparseFastSumF32(xr, gr, classes, m);
      ll = logF32(<f32>s) - (xl - m);
      u = U_MAX; // the gradient from S' = S − e_l
      sp = sparseFastSpF32(gr, label, s);
    } else {
      u = sparseRowSumsF32(xr, gr, classes, label, m, scratch + BLOCK_SUM);
      sp = load<f64>(scratch + BLOCK_SUM);
      if (m != Infinity) ll = sparseLabelLossF32(xr, classes, label, m, u, sp);
    }
  }
  return sparseRowFinishF32(labels, x, r, classes, w, lossOut, g, gs, a, b, m, ll, u, sp);
}

/**
 * Four rows of the sparse kernel for C > 16 (SIMD build): the four maxima, then, when every row
 * takes the fast form, S row by row and the four log S in one logF32x4; else u row by row as in
 * sparseRowF32 and the four log1p u in one log1pF32x4 (instead of four scalar logs); then each
 * row's loss and gradient. Ignored rows (label < 0) take S = 1 or u = 0 and skip the passes. A
 * precise block with a +Infinity max or a u ≥ U_MAX (or NaN) is done again row by row (returns
 * NaN for the caller).
 */
// @ts-ignore: decorator
@inline
function sparseRowsLog4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, block: usize,
): f64 {
  const rowBytes = <usize>classes << 2;
  let fast = true;
  for (let k = 0; k < 4; k++) {
    const q = r + k;
    const label = load<i32>(labels + (<usize>q << 2));
    let m: f32 = 0;
    if (label >= 0) {
      const xr = x + <usize>q * rowBytes;
      m = rowMaxF32(xr, classes);
      fast = fast && sparseFastF32(load<f32>(xr + (<usize>label << 2)), m);
    }
    store<f32>(block + (<usize>k << 2) + BLOCK_MAX, m);
  }
  if (fast) {
    for (let k = 0; k < 4; k++) {
      const q = r + k;
      const o = block + (<usize>k << 2);
      let s: f32 = 1;
      if (load<i32>(labels + (<usize>q << 2)) >= 0) {
        s = <f32>sparseFastSumF32(x + <usize>q * rowBytes, g ? g + <usize>q * rowBytes : 0, classes, load<f32>(o + BLOCK_MAX));
      }
      store<f32>(o + BLOCK_SUM, s);
    }
    rowsLog4F32(block);
    let total: f64 = 0;
    for (let k = 0; k < 4; k++) {
      const q = r + k;
      const o = block + (<usize>k << 2);
      const label = load<i32>(labels + (<usize>q << 2));
      const m = load<f32>(o + BLOCK_MAX);
      let ll: f32 = 0;
      let sp: f64 = 0;
      if (label >= 0) {
        ll = load<f32>(o + BLOCK_LOG_SUM) - (load<f32>(x + <usize>q * rowBytes + (<usize>label << 2)) - m);
        // S' = S − e_l for the gradient, S from its float32 copy
        sp = sparseFastSpF32(g ? g + <usize>q * rowBytes : 0, label, <f64>load<f32>(o + BLOCK_SUM));
      }
      total += sparseRowFinishF32(labels, x, q, classes, w, lossOut, g, gs, a, b, m, ll, U_MAX, sp);
    }
    return total;
  }
  return sparseRowsLog1p4F32(labels, x, r, classes, w, lossOut, g, gs, a, b, block);
}

/**
 * The precise form of sparseRowsLog4F32 (the maxima in the block scratch), not inlined: the fast
 * block's loop stays small. Returns NaN, for the caller to go row by row, when a max is +Infinity
 * or a u ≥ U_MAX (or NaN).
 */
function sparseRowsLog1p4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, block: usize,
): f64 {
  const rowBytes = <usize>classes << 2;
  let plain = true;
  for (let k = 0; k < 4; k++) {
    const q = r + k;
    const o = block + (<usize>k << 2);
    const label = load<i32>(labels + (<usize>q << 2));
    let u: f64 = 0;
    if (label >= 0) {
      // S' goes to the log1p slots for now (8 bytes at 32 … are overwritten below)
      const m = load<f32>(o + BLOCK_MAX);
      u = sparseRowSumsF32(x + <usize>q * rowBytes, g ? g + <usize>q * rowBytes : 0, classes, label, m, block + BLOCK_LOG_SUM);
      plain = plain && u < U_MAX && m != Infinity;
    }
    store<f32>(o + BLOCK_SUM, <f32>u);
  }
  if (!plain) return NaN;
  rowsLog1p4F32(block);
  let total: f64 = 0;
  for (let k = 0; k < 4; k++) {
    const o = block + (<usize>k << 2);
    const u = <f64>load<f32>(o + BLOCK_SUM);
    total += sparseRowFinishF32(labels, x, r + k, classes, w, lossOut, g, gs, a, b, load<f32>(o + BLOCK_MAX), load<f32>(o + BLOCK_LOG_SUM), u, 0);
  }
  return total;
}

/** The four labels' logits x[r+k][l_k] (labels at lp, all ≥ 0; xr = row r, row stride in bytes). */
// @ts-ignore: decorator
@inline
function gatherLabels4F32(xr: usize, stride: usize, lp: usize): v128 {
  let xl = v128.load32_zero(xr + (<usize>load<i32>(lp) << 2));
  xl = v128.load32_lane(xr + stride + (<usize>load<i32>(lp, 4) << 2), xl, 1);
  xl = v128.load32_lane(xr + 2 * stride + (<usize>load<i32>(lp, 8) << 2), xl, 2);
  return v128.load32_lane(xr + 3 * stride + (<usize>load<i32>(lp, 12) << 2), xl, 3);
}

/**
 * Four rows at once for small C (SIMD build only), labels all ≥ 0 and every max m finite (else the
 * caller goes row by row): the same math as sparseRowF32 with one row per lane, so the per-row
 * reductions cost nothing extra. fast (a compile-time constant; the caller's choice when all four
 * rows take the fast form): expMinus of x − m, S over the whole row, L_l = log S − (x_l − m). Else the
 * precise form: each lane its own shift, the label's term left out of S' by a lane compare per
 * column; returns NaN, for the caller to go row by row, when a u ≥ U_MAX (or NaN): nothing
 * written then is left unrewritten by the row path.
 */
// @ts-ignore: decorator
@inline
function sparseRows4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, m: v128, xl: v128,
  fast: bool,
): f64 {
  const stride = <usize>classes << 2;
  const xr = x + <usize>r * stride;
  const gr = g ? g + <usize>r * stride : 0;
  const cEnd = <usize>classes << 2;
  const lp = labels + (<usize>r << 2);
  const lv = v128.load(lp); // the four labels
  // each row's shift (exp.ts; the fast form's exp takes x − m)
  const nm = expShiftNF32x4(m);
  const shift = expShiftVF32x4(m);
  const mg = expShiftMagicF32x4(nm);
  const cl = expShiftClampF32x4(nm);
  const l0 = <usize>load<i32>(lp) << 2;
  const l1 = <usize>load<i32>(lp, 4) << 2;
  const l2 = <usize>load<i32>(lp, 8) << 2;
  const l3 = <usize>load<i32>(lp, 12) << 2;
  let col = i32x4.splat(0);
  const one = i32x4.splat(1);
  let sum = f32x4.splat(0); // S' (fast: S)
  let sumD = f32x4.splat(0); // Σ_c (x_c − x_l)
  for (let c: usize = 0; c < cEnd; c += 4) {
    const xc = gather4(xr, stride, c);
    const e = fast ? expMinusF32x4(f32x4.sub(xc, m)) : expShiftedF32x4(f32x4.sub(xc, shift), mg, cl, false);
    if (fast) {
      sum = f32x4.add(sum, e);
    } else {
      sum = f32x4.add(sum, v128.andnot(e, i32x4.eq(col, lv)));
      col = i32x4.add(col, one);
    }
    if (b != 0) sumD = f32x4.add(sumD, f32x4.sub(xc, xl));
    if (gr) scatter4(gr, stride, c, e);
  }
  let u: v128;
  let ll: v128;
  if (fast) {
    u = f32x4.splat(<f32>U_MAX); // the gradient from S' = S − e_l
    ll = f32x4.sub(logF32x4(sum), f32x4.sub(xl, m));
  } else {
    const el = expShiftedF32x4(f32x4.sub(xl, shift), mg, cl, false);
    u = f32x4.div(sum, el);
    if (!i32x4.all_true(f32x4.lt(u, f32x4.splat(<f32>U_MAX)))) return NaN;
    ll = log1pF32x4(u);
  }
  let loss = f32x4.mul(f32x4.splat(a), ll);
  if (b != 0) loss = f32x4.add(loss, f32x4.mul(f32x4.splat(b), f32x4.sub(f32x4.mul(f32x4.splat(<f32>classes), ll), sumD)));
  const wv = w ? v128.load(w + (<usize>r << 2)) : f32x4.splat(1);
  const weighted = f32x4.mul(wv, loss);
  if (lossOut) v128.store(lossOut + (<usize>r << 2), weighted);
  if (gr) {
    const gw = f32x4.mul(f32x4.splat(gs), wv);
    // fast: S' = S − e_l (u = U_MAX); precise: u
    const sp0 = fast ? sparseFastSpF32(gr, <i32>(l0 >> 2), <f64>f32x4.extract_lane(sum, 0)) : 0;
    const sp1 = fast ? sparseFastSpF32(gr + stride, <i32>(l1 >> 2), <f64>f32x4.extract_lane(sum, 1)) : 0;
    const sp2 = fast ? sparseFastSpF32(gr + 2 * stride, <i32>(l2 >> 2), <f64>f32x4.extract_lane(sum, 2)) : 0;
    const sp3 = fast ? sparseFastSpF32(gr + 3 * stride, <i32>(l3 >> 2), <f64>f32x4.extract_lane(sum, 3)) : 0;
    sparseGradRowF32(gr, classes, <i32>(l0 >> 2), f32x4.extract_lane(gw, 0), a, b, <f64>f32x4.extract_lane(u, 0), sp0);
    sparseGradRowF32(gr + stride, classes, <i32>(l1 >> 2), f32x4.extract_lane(gw, 1), a, b, <f64>f32x4.extract_lane(u, 1), sp1);
    sparseGradRowF32(gr + 2 * stride, classes, <i32>(l2 >> 2), f32x4.extract_lane(gw, 2), a, b, <f64>f32x4.extract_lane(u, 2), sp2);
    sparseGradRowF32(gr + 3 * stride, classes, <i32>(l3 >> 2), f32x4.extract_lane(gw, 3), a, b, <f64>f32x4.extract_lane(u, 3), sp3);
  }
  // same float64 accumulation as the row path: Σ w·L with w·L formed in float64
  return <f64>f32x4.extract_lane(wv, 0) * <f64>f32x4.extract_lane(loss, 0)
    + <f64>f32x4.extract_lane(wv, 1) * <f64>f32x4.extract_lane(loss, 1)
    + <f64>f32x4.extract_lane(wv, 2) * <f64>f32x4.extract_lane(loss, 2)
    + <f64>f32x4.extract_lane(wv, 3) * <f64>f32x4.extract_lane(loss, 3);
}

/**
 * Sparse softmax cross-entropy from logits (the headline kernel). Large C: two passes per row
 * (max, then exp+sum storing the exps into the gradient row, then one scaling pass). C ≤ 16
 * (SIMD build): four rows per step, one row per lane. scratch: BLOCK_BYTES (48) bytes, 16-byte
 * aligned, for the four-row blocks.
 */
export function softmaxCrossEntropySparseF32(
  labels: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32, scratch: usize,
): f64 {
  const a: f32 = 1 - smoothing; // weight of the one-hot part
  const b: f32 = smoothing / <f32>classes; // uniform part
  let total: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= SMALL_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        const lp = labels + (<usize>r << 2);
        const xr = x + <usize>r * (<usize>classes << 2);
        const stride = <usize>classes << 2;
        let m = f32x4.splat(-Infinity);
        for (let c: usize = 0; c < stride; c += 4) m = f32x4.pmax(gather4(xr, stride, c), m); // pmax: see rowMaxF32
        let block: f64 = NaN;
        if ((load<i32>(lp) | load<i32>(lp, 4) | load<i32>(lp, 8) | load<i32>(lp, 12)) >= 0 && !v128.any_true(f32x4.eq(m, f32x4.splat(Infinity)))) {
          const xl = gatherLabels4F32(xr, stride, lp);
          // the fast form when every row has −∞ < x_l < m (m finite here, or NaN: precise)
          if (i32x4.all_true(v128.and(f32x4.lt(xl, m), f32x4.gt(xl, f32x4.splat(-Infinity))))) {
            block = sparseRows4F32(labels, x, r, classes, w, lossOut, g, gs, a, b, m, xl, true);
          } else {
            block = sparseRows4F32(labels, x, r, classes, w, lossOut, g, gs, a, b, m, xl, false);
          }
        }
        if (block != block) {
          // an ignored row, a +Infinity max, a loss beyond log1p's range or a NaN: row by row
          block = 0;
          for (let k = 0; k < 4; k++) block += sparseRowF32(labels, x, r + k, classes, w, lossOut, g, gs, a, b, scratch);
        }
        total += block;
      }
    } else if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        let block = sparseRowsLog4F32(labels, x, r, classes, w, lossOut, g, gs, a, b, scratch);
        if (block != block) {
          // a +Infinity max, a loss beyond log1p's range or a NaN in the block: row by row
          block = 0;
          for (let k = 0; k < 4; k++) block += sparseRowF32(labels, x, r + k, classes, w, lossOut, g, gs, a, b, scratch);
        }
        total += block;
      }
    }
  }
  for (; r < rows; r++) total += sparseRowF32(labels, x, r, classes, w, lossOut, g, gs, a, b, scratch);
  return total;
}
