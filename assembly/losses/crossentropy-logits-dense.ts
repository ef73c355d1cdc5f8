// Categorical cross-entropy from logits with dense (one-hot or soft) targets (Keras 3:
// categorical_crossentropy with from_logits=True). See crossentropy.ts for the formulas, the
// export signature and the error bounds.
//
// log S without cancellation (S = Σ_c e^(d_c), d_c = x_c − max): the exp pass sums the terms below
// the row's max, R = Σ_{x_c ≠ max} e^(x_c − M) (M the row's shift, exp.ts: no rounded x − max
// enters an exp), and counts the maxima, K = #{c: x_c = max} (one compare, an and-not and an
// integer add per vector), so with e_max = e^(max − M), S = K + R/e_max and
//   log S = log1p(u),  u = (K − 1) + R/e_max
// exact for the usual K = 1: a confident row (targets on the max) keeps R's relative precision
// however small. The gradient uses the same split: with the stored exps ê_c = e_max·e^(d_c),
// g_c = gw/(S·e_max)·((ê_c·Σy' − y'_c·e_max) − y'_c·u·e_max), so at the max with one-hot targets
// (ê = e_max, Σy' = y' = 1) the first difference is exactly 0 and g = −gw·u/S, not gw·(1/S − 1).
// A target of 0 at a logit of −Infinity adds 0 to Σy'·d (the limit of 0·log q), where the
// vector sum meets 0·(−∞) = NaN: a row whose Σy'·d is NaN sums it again term by term.
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import {
  expShiftClampF32, expShiftClampF32x4, expShiftMagicF32, expShiftMagicF32x4, expShiftNF32, expShiftNF32x4, expShiftVF32,
  expShiftVF32x4, expShiftedF32, expShiftedF32x4,
} from "../math/exp";
import { log1pF32, log1pF32x4 } from "../math/log";
import { FLT_MIN_NORMAL } from "../math/constants";
import { madd4, nmadd4 } from "../math/madd";
import {
  BLOCK_BYTES, BLOCK_LOG_SUM, BLOCK_MAX, BLOCK_SUM, LOG4_MAX_CLASSES, SMALL_CLASSES, gather4, scatter4, rowInfIndexF32, rowMaxF32, SEVERAL_INF,
  rowScaleF32, rowsLog1p4F32,
} from "./softmax-rows";

// The kernel's scratch: the four-row block scratch of softmax-rows.ts (m_k, u_k, log1p u_k as
// float32), then per row k of the block, in float64: Σy'_k, Σy'·d_k and u_k = S_k − 1. The row
// path uses the k = 0 slots.
const DENSE_SUM_Y: usize = BLOCK_BYTES; //        [48, 80)
const DENSE_SUM_YD: usize = BLOCK_BYTES + 32; //  [80, 112)
const DENSE_U: usize = BLOCK_BYTES + 64; //       [112, 144): 144 bytes in all

/**
 * u = (K − 1) + R/e_max (returned, float64; see the header) and Σ y'_c and Σ y'_c·d_c (float64,
 * stored at sumYOut and sumYDOut), y' = a·y + b, d_c = x_c − m; stores 2^32·e^(x_c − M) at e when
 * e != 0 (M: the row's shift, from shift and n_m, exp.ts). A NaN x_c stays in R (u is NaN).
 */
// @ts-ignore: decorator
@inline
function rowExpSumDenseF32(y: usize, x: usize, n: i32, m: f32, a: f32, b: f32, e: usize, sumYOut: usize, sumYDOut: usize): f64 {
  const shift = expShiftVF32(m);
  const nm = expShiftNF32(m);
  const magic = expShiftMagicF32(nm);
  const clamp = expShiftClampF32(nm);
  let sumR: f64 = 0;
  let sumY: f64 = 0;
  let sumYD: f64 = 0;
  let maxima = 0;
  let eMax: f32;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    const sv = f32x4.splat(shift);
    const mg = f32x4.splat(magic);
    const cl = f32x4.splat(clamp);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const zero = f32x4.splat(0);
    eMax = f32x4.extract_lane(expShiftedF32x4(f32x4.sub(mv, sv), mg, cl, false), 0); // the bits of the max's own term
    let k = i32x4.splat(0); // −(count of maxima) per lane
    const n16 = n & ~15;
    while (i < n16) {
      const end = min(i + SUM_BLOCK, n16);
      let ea = zero;
      let eb = ea;
      let ya = ea;
      let yb = ea;
      let yda = ea;
      let ydb = ea;
      for (; i < end; i += 16) {
        const off = <usize>i << 2;
        const v0 = v128.load(x + off);
        const v1 = v128.load(x + off, 16);
        const v2 = v128.load(x + off, 32);
        const v3 = v128.load(x + off, 48);
        // four independent exp chains
        const x0 = expShiftedF32x4(f32x4.sub(v0, sv), mg, cl, false);
        const x1 = expShiftedF32x4(f32x4.sub(v1, sv), mg, cl, false);
        const x2 = expShiftedF32x4(f32x4.sub(v2, sv), mg, cl, false);
        const x3 = expShiftedF32x4(f32x4.sub(v3, sv), mg, cl, false);
        if (e) {
          v128.store(e + off, x0);
          v128.store(e + off, x1, 16);
          v128.store(e + off, x2, 32);
          v128.store(e + off, x3, 48);
        }
        // the maxima leave the sum and are counted
        const z0 = f32x4.eq(v0, mv);
        const z1 = f32x4.eq(v1, mv);
        const z2 = f32x4.eq(v2, mv);
        const z3 = f32x4.eq(v3, mv);
        k = i32x4.add(i32x4.add(k, i32x4.add(z0, z1)), i32x4.add(z2, z3));
        const t0 = madd4(av, v128.load(y + off), bv);
        const t1 = madd4(av, v128.load(y + off, 16), bv);
        const t2 = madd4(av, v128.load(y + off, 32), bv);
        const t3 = madd4(av, v128.load(y + off, 48), bv);
        ea = f32x4.add(ea, f32x4.add(v128.andnot(x0, z0), v128.andnot(x1, z1)));
        eb = f32x4.add(eb, f32x4.add(v128.andnot(x2, z2), v128.andnot(x3, z3)));
        ya = f32x4.add(ya, f32x4.add(t0, t1));
        yb = f32x4.add(yb, f32x4.add(t2, t3));
        yda = f32x4.add(yda, f32x4.add(f32x4.mul(t0, f32x4.sub(v0, mv)), f32x4.mul(t1, f32x4.sub(v1, mv))));
        ydb = f32x4.add(ydb, f32x4.add(f32x4.mul(t2, f32x4.sub(v2, mv)), f32x4.mul(t3, f32x4.sub(v3, mv))));
      }
      sumR += hsumF32x4ToF64(f32x4.add(ea, eb));
      sumY += hsumF32x4ToF64(f32x4.add(ya, yb));
      sumYD += hsumF32x4ToF64(f32x4.add(yda, ydb));
    }
    const n4 = n & ~3;
    if (i < n4) {
      let ea = zero;
      let ya = ea;
      let yda = ea;
      for (; i < n4; i += 4) {
        const off = <usize>i << 2;
        const v0 = v128.load(x + off);
        const x0 = expShiftedF32x4(f32x4.sub(v0, sv), mg, cl, false);
        if (e) v128.store(e + off, x0);
        const z0 = f32x4.eq(v0, mv);
        k = i32x4.add(k, z0);
        const t0 = madd4(av, v128.load(y + off), bv);
        ea = f32x4.add(ea, v128.andnot(x0, z0));
        ya = f32x4.add(ya, t0);
        yda = f32x4.add(yda, f32x4.mul(t0, f32x4.sub(v0, mv)));
      }
      sumR += hsumF32x4ToF64(ea);
      sumY += hsumF32x4ToF64(ya);
      sumYD += hsumF32x4ToF64(yda);
    }
    maxima = -(i32x4.extract_lane(k, 0) + i32x4.extract_lane(k, 1) + i32x4.extract_lane(k, 2) + i32x4.extract_lane(k, 3));
  } else {
    eMax = expShiftedF32(m - shift, magic, clamp);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const xv = load<f32>(x + off);
    const ev = expShiftedF32(xv - shift, magic, clamp);
    if (e) store<f32>(e + off, ev);
    const t = a * load<f32>(y + off) + b;
    if (xv == m) maxima++;
    else sumR += <f64>ev;
    sumY += <f64>t;
    sumYD += <f64>(t * (xv - m));
  }
  store<f64>(sumYOut, sumY);
  store<f64>(sumYDOut, sumYD);
  return <f64>(maxima - 1) + sumR / <f64>eMax;
}

/** e_max = 2^32·e^(m − M), the max's own term (as rowExpSumDenseF32 forms it). */
// @ts-ignore: decorator
@inline
function rowMaxTermF32(m: f32): f32 {
  const shift = expShiftVF32(m);
  const nm = expShiftNF32(m);
  if (ASC_FEATURE_SIMD) {
    return f32x4.extract_lane(
      expShiftedF32x4(f32x4.splat(m - shift), f32x4.splat(expShiftMagicF32(nm)), f32x4.splat(expShiftClampF32(nm)), false), 0,
    );
  }
  return expShiftedF32(m - shift, expShiftMagicF32(nm), expShiftClampF32(nm));
}

/** Σ y'_c·d_c with 0·(−∞) taken as 0 (a zero target at a logit of −Infinity), y' = a·y + b. */
function rowSumYDLimitF32(y: usize, x: usize, n: i32, m: f32, a: f32, b: f32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    const t = a * load<f32>(y + off) + b;
    if (t != 0) s += <f64>(t * (load<f32>(x + off) - m));
  }
  return s;
}

/**
 * g_c = k·((ê_c·A − y'_c·e_max) − y'_c·ue) for c < n, in place: the dense gradient from the stored
 * exps ê_c = e_max·e^(d_c) (see the header), A = Σy', ue = u·e_max, k = gw/(S·e_max), y' = a·y + b.
 */
// @ts-ignore: decorator
@inline
function rowDenseGradF32(g: usize, y: usize, n: i32, k: f32, A: f32, eMax: f32, ue: f32, a: f32, b: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const kv = f32x4.splat(k);
    const Av = f32x4.splat(A);
    const ev = f32x4.splat(eMax);
    const uv = f32x4.splat(ue);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      const yv = madd4(av, v128.load(y + off), bv);
      const t = f32x4.sub(f32x4.mul(v128.load(g + off), Av), f32x4.mul(yv, ev));
      v128.store(g + off, f32x4.mul(nmadd4(yv, uv, t), kv));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const yv = a * load<f32>(y + off) + b;
    store<f32>(g + off, ((load<f32>(g + off) * A - yv * eMax) - yv * ue) * k);
  }
}

/** rowDenseGradF32 for a row's gw, Σy', e_max and u: k = gw/(S·e_max), in two passes when that is a float32 subnormal. */
// @ts-ignore: decorator
@inline
function denseGradRowF32(g: usize, y: usize, n: i32, gw: f32, sumY: f64, eMax: f32, u: f64, a: f32, b: f32): void {
  const inv: f64 = 1 / ((1 + u) * <f64>eMax); // 1/(S·e_max) ≥ 2^−33/C: normal
  const k = <f32>(<f64>gw * inv);
  const ue = <f32>(u * <f64>eMax);
  if (k >= FLT_MIN_NORMAL || k == 0 || k != k) {
    rowDenseGradF32(g, y, n, k, <f32>sumY, eMax, ue, a, b);
  } else {
    rowDenseGradF32(g, y, n, <f32>inv, <f32>sumY, eMax, ue, a, b);
    rowScaleF32(g, n, gw, 0);
  }
}

/**
 * A row whose max is +Infinity. With one +Infinity (rowInfIndexF32's j) the softmax tends to
 * one-hot(j), so L = Σ_{c ≠ j, y'_c ≠ 0} y'_c·(+∞) (0 when the targets sit at j alone) and
 * ∂L/∂x_c = Σy'·[c = j] − y'_c. With several, q_c → 0 at every finite x_c, whose terms
 * y'_c·(lse − x_c) are y'_c·(+∞); at a +Infinity x_c, lse − x_c has no limit but stays in [0, ∞],
 * so L is the finite logits' sum when that is +∞ (−∞) and every target at a +Infinity logit is
 * ≥ 0 (≤ 0) or when all of those are 0, else NaN; ∂L/∂x_c → −y'_c at the finite x_c, NaN at the
 * +Infinity ones. A NaN: NaN. Returns the unweighted loss and writes the gradient row (times gw)
 * when gr != 0.
 */
function denseInfRowF32(yr: usize, xr: usize, gr: usize, classes: i32, gw: f32, a: f32, b: f32): f64 {
  const j = rowInfIndexF32(xr, classes);
  let loss: f64 = j == -1 ? NaN : 0;
  let sumY: f64 = 0;
  let pos = false; // a target > 0 at a +Infinity logit (several)
  let neg = false; // a target < 0 there
  for (let c = 0; c < classes; c++) {
    const t = a * load<f32>(yr + (<usize>c << 2)) + b;
    sumY += <f64>t;
    const inf = load<f32>(xr + (<usize>c << 2)) == Infinity;
    if (j == SEVERAL_INF && inf) {
      pos = pos || t > 0;
      neg = neg || t < 0;
    } else if (c != j && t != 0) {
      loss += <f64>t * Infinity;
    }
    if (gr) store<f32>(gr + (<usize>c << 2), j == -1 || (j == SEVERAL_INF && inf) ? NaN : -gw * t);
  }
  if ((pos && loss != Infinity) || (neg && loss != -Infinity)) loss = NaN;
  if (gr && j >= 0) {
    const gj = gr + (<usize>j << 2);
    store<f32>(gj, <f32>(<f64>load<f32>(gj) + <f64>gw * sumY));
  }
  return loss;
}

/**
 * The end of one row of the dense kernel, given its max m, u = S − 1 (float64 and its float32
 * rounding's log1p), Σy' and Σy'·d (exps stored into the gradient row when g != 0): returns w·L
 * and writes lossOut and the gradient row.
 */
// @ts-ignore: decorator
@inline
function denseRowFinishF32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
  m: f32, u: f64, logS: f32, sumY: f64, sumYD: f64,
): f64 {
  const off = <usize>r * (<usize>classes << 2);
  const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
  const gw = gs * ws;
  let loss: f64;
  if (m == Infinity) {
    loss = denseInfRowF32(y + off, x + off, g ? g + off : 0, classes, gw, a, b);
  } else {
    if (sumYD != sumYD) sumYD = rowSumYDLimitF32(y + off, x + off, classes, m, a, b);
    loss = <f64>logS * sumY - sumYD;
    // g_c = gw/S·((e_c·Σy' − y'_c) − y'_c·u)
    if (g) denseGradRowF32(g + off, y + off, classes, gw, sumY, rowMaxTermF32(m), u, a, b);
  }
  const weighted = <f64>ws * loss;
  if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
  return weighted;
}

/** One row of the dense kernel: returns w·L and writes lossOut / the gradient row. */
// @ts-ignore: decorator
@inline
function denseRowF32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, scratch: usize,
): f64 {
  const off = <usize>r * (<usize>classes << 2);
  const m = rowMaxF32(x + off, classes);
  let u: f64 = 0;
  if (m != Infinity) {
    u = rowExpSumDenseF32(y + off, x + off, classes, m, a, b, g ? g + off : 0, scratch + DENSE_SUM_Y, scratch + DENSE_SUM_YD);
  }
  return denseRowFinishF32(
    y, x, r, classes, w, lossOut, g, gs, a, b, m, u, log1pF32(<f32>u), load<f64>(scratch + DENSE_SUM_Y), load<f64>(scratch + DENSE_SUM_YD),
  );
}

/**
 * Four rows of the dense kernel for 16 < C ≤ LOG4_MAX_CLASSES (SIMD build): the passes of
 * denseRowF32 row by row, then the four log1p u in one log1pF32x4, then each row's loss and gradient.
 */
// @ts-ignore: decorator
@inline
function denseRowsLog4F32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, scratch: usize,
): f64 {
  const rowBytes = <usize>classes << 2;
  for (let k = 0; k < 4; k++) {
    const off = <usize>(r + k) * rowBytes;
    const m = rowMaxF32(x + off, classes);
    const o = scratch + (<usize>k << 3);
    let u: f64 = 0;
    if (m != Infinity) {
      u = rowExpSumDenseF32(y + off, x + off, classes, m, a, b, g ? g + off : 0, o + DENSE_SUM_Y, o + DENSE_SUM_YD);
    }
    store<f32>(scratch + (<usize>k << 2) + BLOCK_MAX, m);
    store<f32>(scratch + (<usize>k << 2) + BLOCK_SUM, <f32>u);
    store<f64>(o + DENSE_U, u);
  }
  rowsLog1p4F32(scratch);
  let total: f64 = 0;
  for (let k = 0; k < 4; k++) {
    const o = scratch + (<usize>k << 3);
    const o4 = scratch + (<usize>k << 2);
    total += denseRowFinishF32(
      y, x, r + k, classes, w, lossOut, g, gs, a, b, load<f32>(o4 + BLOCK_MAX), load<f64>(o + DENSE_U), load<f32>(o4 + BLOCK_LOG_SUM),
      load<f64>(o + DENSE_SUM_Y), load<f64>(o + DENSE_SUM_YD),
    );
  }
  return total;
}

/**
 * Four rows at once for small C (SIMD build only), one row per lane, every max finite (else the
 * caller goes row by row): the math of denseRowF32. Returns NaN, having written nothing the row
 * path does not rewrite, when a row's loss is NaN (a NaN, or 0·(−∞) in Σy'·d), for the caller to
 * take the block row by row.
 */
// @ts-ignore: decorator
@inline
function denseRows4F32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32, m: v128,
): f64 {
  const stride = <usize>classes << 2;
  const off = <usize>r * stride;
  const xr = x + off;
  const yr = y + off;
  const gr = g ? g + off : 0;
  const cEnd = <usize>classes << 2;
  const av = f32x4.splat(a);
  const bv = f32x4.splat(b);
  const zero = f32x4.splat(0);
  // each row's shift (exp.ts)
  const nm = expShiftNF32x4(m);
  const sv = expShiftVF32x4(m);
  const mg = expShiftMagicF32x4(nm);
  const cl = expShiftClampF32x4(nm);
  let sumR = zero;
  let k = i32x4.splat(0); // −(count of maxima)
  let sumY = zero;
  let sumYD = zero;
  for (let c: usize = 0; c < cEnd; c += 4) {
    const xc = gather4(xr, stride, c);
    const e = expShiftedF32x4(f32x4.sub(xc, sv), mg, cl, false);
    const t = madd4(av, gather4(yr, stride, c), bv);
    const z = f32x4.eq(xc, m);
    sumR = f32x4.add(sumR, v128.andnot(e, z));
    k = i32x4.add(k, z);
    sumY = f32x4.add(sumY, t);
    sumYD = f32x4.add(sumYD, f32x4.mul(t, f32x4.sub(xc, m)));
    if (gr) scatter4(gr, stride, c, e);
  }
  // u = (K − 1) + R/e_max
  const eMax = expShiftedF32x4(f32x4.sub(m, sv), mg, cl, false);
  const u = f32x4.add(f32x4.convert_i32x4_s(i32x4.sub(i32x4.splat(-1), k)), f32x4.div(sumR, eMax));
  const loss = f32x4.sub(f32x4.mul(log1pF32x4(u), sumY), sumYD);
  if (v128.any_true(f32x4.ne(loss, loss))) return NaN;
  const wv = w ? v128.load(w + (<usize>r << 2)) : f32x4.splat(1);
  if (lossOut) v128.store(lossOut + (<usize>r << 2), f32x4.mul(wv, loss));
  if (gr) {
    const gw = f32x4.mul(f32x4.splat(gs), wv);
    denseGradRowF32(gr, yr, classes, f32x4.extract_lane(gw, 0), f32x4.extract_lane(sumY, 0), f32x4.extract_lane(eMax, 0), f32x4.extract_lane(u, 0), a, b);
    denseGradRowF32(gr + stride, yr + stride, classes, f32x4.extract_lane(gw, 1), f32x4.extract_lane(sumY, 1), f32x4.extract_lane(eMax, 1), f32x4.extract_lane(u, 1), a, b);
    denseGradRowF32(gr + 2 * stride, yr + 2 * stride, classes, f32x4.extract_lane(gw, 2), f32x4.extract_lane(sumY, 2), f32x4.extract_lane(eMax, 2), f32x4.extract_lane(u, 2), a, b);
    denseGradRowF32(gr + 3 * stride, yr + 3 * stride, classes, f32x4.extract_lane(gw, 3), f32x4.extract_lane(sumY, 3), f32x4.extract_lane(eMax, 3), f32x4.extract_lane(u, 3), a, b);
  }
  return <f64>f32x4.extract_lane(wv, 0) * <f64>f32x4.extract_lane(loss, 0)
    + <f64>f32x4.extract_lane(wv, 1) * <f64>f32x4.extract_lane(loss, 1)
    + <f64>f32x4.extract_lane(wv, 2) * <f64>f32x4.extract_lane(loss, 2)
    + <f64>f32x4.extract_lane(wv, 3) * <f64>f32x4.extract_lane(loss, 3);
}

/**
 * Dense softmax cross-entropy from logits: targets are rows of (soft) labels; C ≤ 16 four rows per
 * step, one per lane; C ≤ 256 four log1p u per log1pF32x4. scratch: 144 bytes, 16-byte aligned
 * (see DENSE_SUM_Y).
 */
export function softmaxCrossEntropyDenseF32(
  y: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32, scratch: usize,
): f64 {
  const a: f32 = 1 - smoothing;
  const b: f32 = smoothing / <f32>classes;
  let total: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= SMALL_CLASSES) {
      const stride = <usize>classes << 2;
      for (; r + 4 <= rows; r += 4) {
        const xr = x + <usize>r * stride;
        let m = f32x4.splat(-Infinity);
        for (let c: usize = 0; c < stride; c += 4) m = f32x4.pmax(gather4(xr, stride, c), m); // pmax: see rowMaxF32
        let block: f64 = NaN;
        if (!v128.any_true(f32x4.eq(m, f32x4.splat(Infinity)))) block = denseRows4F32(y, x, r, classes, w, lossOut, g, gs, a, b, m);
        if (block != block) {
          // a +Infinity max, a NaN or 0·(−∞) in the block: row by row
          block = 0;
          for (let k = 0; k < 4; k++) block += denseRowF32(y, x, r + k, classes, w, lossOut, g, gs, a, b, scratch);
        }
        total += block;
      }
    } else if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += denseRowsLog4F32(y, x, r, classes, w, lossOut, g, gs, a, b, scratch);
    }
  }
  for (; r < rows; r++) total += denseRowF32(y, x, r, classes, w, lossOut, g, gs, a, b, scratch);
  return total;
}
