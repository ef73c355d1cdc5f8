// Categorical cross-entropy with Keras 3 semantics (keras/src/losses/losses.py and the JAX
// backend, keras/src/backend/jax/nn.py), dense and sparse targets, from logits or from
// probabilities, plus row-wise softmax and log-softmax. Rows are `classes` contiguous float32.
//
// Targets with label smoothing s: y'_c = (1 − s)·y_c + s/C (sparse: y = one-hot(label)).
//
// From logits (log-softmax, stable for any finite logits):
//   m = max_c x_c,  d_c = x_c − m,  S = Σ_c exp(d_c),  log q_c = d_c − log S
//   L = −Σ_c y'_c·log q_c = Σy'·log S − Σ_c y'_c·d_c          (sparse: log S − (1−s)·d_l − (s/C)·Σd)
//   ∂L/∂x_c = Σy'·q_c − y'_c                                     (one-hot: q_c − y'_c)
// From probabilities (Keras: renormalise each row, clip to [ε, 1 − ε], ε = 1e-7):
//   q_c = clip(p_c / Σp, ε, 1 − ε),  L = −Σ_c y'_c·log q_c
//   ∂L/∂p_j = (Σ_{c unclipped} y'_c − [j unclipped]·y'_j / q_j) / Σp
//
// Every loss export has the signature
//   (targets, x, rows, classes, w, lossOut, g, gs, smoothing) → Σ_r w_r·L_r   (float64)
// with targets = float32 rows (dense) or int32 labels (sparse; a negative label marks an ignored
// row: no loss, zero gradient), w = per-row weights (0 = none), lossOut = per-row w_r·L_r (0 = none),
// g = gradient output (0 = none) receiving gs·w_r·∂L_r/∂x.
//
// Speed (issue 4, "what the prototype learned"): per row one max pass and one exp+sum pass with
// eight independent f32x4 exp chains (softmax-rows.ts); the exps are stored into the gradient row
// and scaled in a third pass, never recomputed; sparse labels cost one log per row. For C ≤ 16
// the logits kernels take four rows per step, one row per lane, so per-row reductions vanish.
// Every exp here is of x − max ≤ 0, so it is expMinusF32x4 (assembly/math/exp.ts: one scale
// factor, no clamp; terms below 2^−126 flush to 0, far inside the error bounds below).
//
// Error bounds (float32 inputs, against float64 on the same inputs), per row, tested:
//   |L − L64| ≤ 3e-6 + 2e-6·|L|, from logits or probabilities (sum of exps: ≤ 16 terms per f32
//     lane before a float64 flush, see softmax-rows.ts; log S within a few ULP; the terms y'·d
//     are products rounded once)
//   |g − g64| ≤ 2e-6·|g64| + 3e-6·gs·w per element of the gradient.
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import { expMinusF32, expMinusF32x4 } from "../math/exp";
import { logF32, logF32x4 } from "../math/log";
import { rowExpSumF32, rowMaxF32, rowScaleF32, rowSumF32 } from "./softmax-rows";
import { EPSILON, ONE_MINUS_EPSILON, clipProbF32 } from "./prob-clip";

// ---- from logits, sparse labels --------------------------------------------------------------

/**
 * The end of one row of the sparse kernel, given its max m, S = Σ exp(x − m) (the exps already
 * stored into the gradient row when g != 0) and log S: returns w·L and writes lossOut and the
 * gradient row. An ignored row (label < 0) gets a zero loss and a zero gradient row.
 */
// @ts-ignore: decorator
@inline
function sparseRowFinishF32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
  m: f32, s: f32, logS: f32,
): f64 {
  const rowBytes = <usize>classes << 2;
  const xr = x + <usize>r * rowBytes;
  const gr = g ? g + <usize>r * rowBytes : 0;
  const label = load<i32>(labels + (<usize>r << 2));
  let weighted: f64 = 0;
  if (label >= 0) {
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    const dl = load<f32>(xr + (<usize>label << 2)) - m;
    let loss = logS - a * dl;
    if (b != 0) loss -= b * <f32>rowSumF32(xr, classes, m);
    if (gr) {
      // g_c = gs·w·(e_c / S − s/C), then − gs·w·(1 − s) at the label
      const gw = gs * ws;
      rowScaleF32(gr, classes, gw / s, -gw * b);
      const gl = gr + (<usize>label << 2);
      store<f32>(gl, load<f32>(gl) - gw * a);
    }
    weighted = <f64>ws * <f64>loss;
  } else if (gr) {
    memory.fill(gr, 0, rowBytes);
  }
  if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
  return weighted;
}

/** One row of the sparse kernel: returns w·L and writes lossOut / the gradient row. */
// @ts-ignore: decorator
@inline
function sparseRowF32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const label = load<i32>(labels + (<usize>r << 2));
  let m: f32 = 0;
  let s: f32 = 1;
  if (label >= 0) {
    const rowBytes = <usize>classes << 2;
    const xr = x + <usize>r * rowBytes;
    m = rowMaxF32(xr, classes);
    s = <f32>rowExpSumF32(xr, classes, m, g ? g + <usize>r * rowBytes : 0); // exps stored into the gradient row
  }
  return sparseRowFinishF32(labels, x, r, classes, w, lossOut, g, gs, a, b, m, s, logF32(s));
}

// Scratch of the four-row blocks (sparseRowsLog4F32, denseRowsLog4F32, logSoftmaxRowsF32): per
// row of the block its max, S (as float32 lanes, for one logF32x4), then log S; the dense block
// also keeps Σy', Σy'·d and S in float64.
const ROWS4: usize = memory.data(16 * 3, 16); // [0,16): m_k   [16,32): S_k   [32,48): log S_k
const ROWS4_F64: usize = memory.data(8 * 12, 16); // [0,32): Σy'_k   [32,64): Σy'·d_k   [64,96): S_k

/**
 * Rows with more than SMALL_CLASSES and at most this many classes take the four-row log blocks
 * (dense and log-softmax measured slower above 256: the four rows no longer stay in L1 between
 * the sum pass and the finishing pass; sparse gained ≤ 5% at C = 400 and 1000, within noise, so
 * it keeps the same limit).
 */
const LOG4_MAX_CLASSES: i32 = 256;

/**
 * log S of the four rows in the ROWS4 scratch by one logF32x4 (the same bits as four logF32 in
 * the SIMD build; within 1 ULP of them in the relaxed build).
 */
// @ts-ignore: decorator
@inline
function rowsLog4F32(): void {
  v128.store(ROWS4, logF32x4(v128.load(ROWS4, 16)), 32);
}

/**
 * Four rows of the sparse kernel for C > 16 (SIMD build): max and S = Σ exp row by row as in
 * sparseRowF32, then the four log S in one logF32x4 instead of four scalar logF32, then each
 * row's loss and gradient. Ignored rows (label < 0) take S = 1 and skip the passes.
 */
// @ts-ignore: decorator
@inline
function sparseRowsLog4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const rowBytes = <usize>classes << 2;
  for (let k = 0; k < 4; k++) {
    const q = r + k;
    let m: f32 = 0;
    let s: f32 = 1;
    if (load<i32>(labels + (<usize>q << 2)) >= 0) {
      const xr = x + <usize>q * rowBytes;
      m = rowMaxF32(xr, classes);
      s = <f32>rowExpSumF32(xr, classes, m, g ? g + <usize>q * rowBytes : 0);
    }
    store<f32>(ROWS4 + (<usize>k << 2), m);
    store<f32>(ROWS4 + (<usize>k << 2), s, 16);
  }
  rowsLog4F32();
  let total: f64 = 0;
  for (let k = 0; k < 4; k++) {
    const o = ROWS4 + (<usize>k << 2);
    total += sparseRowFinishF32(labels, x, r + k, classes, w, lossOut, g, gs, a, b, load<f32>(o), load<f32>(o, 16), load<f32>(o, 32));
  }
  return total;
}

/** Rows with at most this many classes are processed four at a time, one row per lane. */
const SMALL_CLASSES: i32 = 16;

/** x[r+k][c] for k = 0..3 (byte offset c, row stride in bytes): one row per lane. */
// @ts-ignore: decorator
@inline
function gather4(p: usize, stride: usize, c: usize): v128 {
  let v = v128.load32_zero(p + c);
  v = v128.load32_lane(p + stride + c, v, 1);
  v = v128.load32_lane(p + 2 * stride + c, v, 2);
  return v128.load32_lane(p + 3 * stride + c, v, 3);
}

/**
 * Four rows at once for small C (SIMD build only), labels all ≥ 0: the same math as
 * sparseRowF32 with one row per lane, so the per-row reductions cost nothing extra.
 */
// @ts-ignore: decorator
@inline
function sparseRows4F32(
  labels: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const stride = <usize>classes << 2;
  const xr = x + <usize>r * stride;
  const gr = g ? g + <usize>r * stride : 0;
  const cEnd = <usize>classes << 2;
  let m = f32x4.splat(-Infinity);
  for (let c: usize = 0; c < cEnd; c += 4) m = f32x4.pmax(gather4(xr, stride, c), m); // pmax: see rowMaxF32
  let sum = f32x4.splat(0);
  let sumD = f32x4.splat(0);
  for (let c: usize = 0; c < cEnd; c += 4) {
    const d = f32x4.sub(gather4(xr, stride, c), m);
    const e = expMinusF32x4(d);
    sum = f32x4.add(sum, e);
    if (b != 0) sumD = f32x4.add(sumD, d);
    if (gr) {
      v128.store32_lane(gr + c, e, 0);
      v128.store32_lane(gr + stride + c, e, 1);
      v128.store32_lane(gr + 2 * stride + c, e, 2);
      v128.store32_lane(gr + 3 * stride + c, e, 3);
    }
  }
  const lp = labels + (<usize>r << 2);
  const l0 = <usize>load<i32>(lp) << 2;
  const l1 = <usize>load<i32>(lp, 4) << 2;
  const l2 = <usize>load<i32>(lp, 8) << 2;
  const l3 = <usize>load<i32>(lp, 12) << 2;
  let xl = v128.load32_zero(xr + l0);
  xl = v128.load32_lane(xr + stride + l1, xl, 1);
  xl = v128.load32_lane(xr + 2 * stride + l2, xl, 2);
  xl = v128.load32_lane(xr + 3 * stride + l3, xl, 3);
  let loss = f32x4.sub(logF32x4(sum), f32x4.mul(f32x4.splat(a), f32x4.sub(xl, m)));
  if (b != 0) loss = f32x4.sub(loss, f32x4.mul(f32x4.splat(b), sumD));
  const wv = w ? v128.load(w + (<usize>r << 2)) : f32x4.splat(1);
  const weighted = f32x4.mul(wv, loss);
  if (lossOut) v128.store(lossOut + (<usize>r << 2), weighted);
  if (gr) {
    const gw = f32x4.mul(f32x4.splat(gs), wv);
    const k = f32x4.div(gw, sum);
    const shift = f32x4.mul(gw, f32x4.splat(-b));
    const ga = f32x4.mul(gw, f32x4.splat(a));
    rowScaleF32(gr, classes, f32x4.extract_lane(k, 0), f32x4.extract_lane(shift, 0));
    rowScaleF32(gr + stride, classes, f32x4.extract_lane(k, 1), f32x4.extract_lane(shift, 1));
    rowScaleF32(gr + 2 * stride, classes, f32x4.extract_lane(k, 2), f32x4.extract_lane(shift, 2));
    rowScaleF32(gr + 3 * stride, classes, f32x4.extract_lane(k, 3), f32x4.extract_lane(shift, 3));
    store<f32>(gr + l0, load<f32>(gr + l0) - f32x4.extract_lane(ga, 0));
    store<f32>(gr + stride + l1, load<f32>(gr + stride + l1) - f32x4.extract_lane(ga, 1));
    store<f32>(gr + 2 * stride + l2, load<f32>(gr + 2 * stride + l2) - f32x4.extract_lane(ga, 2));
    store<f32>(gr + 3 * stride + l3, load<f32>(gr + 3 * stride + l3) - f32x4.extract_lane(ga, 3));
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
 * (SIMD build): four rows per step, one row per lane.
 */
export function softmaxCrossEntropySparseF32(
  labels: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32,
): f64 {
  const a: f32 = 1 - smoothing; // weight of the one-hot part
  const b: f32 = smoothing / <f32>classes; // uniform part
  let total: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= SMALL_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        const lp = labels + (<usize>r << 2);
        if ((load<i32>(lp) | load<i32>(lp, 4) | load<i32>(lp, 8) | load<i32>(lp, 12)) < 0) {
          // an ignored row in the block: row by row
          for (let k = 0; k < 4; k++) total += sparseRowF32(labels, x, r + k, classes, w, lossOut, g, gs, a, b);
        } else {
          total += sparseRows4F32(labels, x, r, classes, w, lossOut, g, gs, a, b);
        }
      }
    } else if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += sparseRowsLog4F32(labels, x, r, classes, w, lossOut, g, gs, a, b);
    }
  }
  for (; r < rows; r++) total += sparseRowF32(labels, x, r, classes, w, lossOut, g, gs, a, b);
  return total;
}

// ---- from logits, dense targets --------------------------------------------------------------

// Σ y' and Σ y'·d of the last row processed by rowExpSumDenseF32 (float64).
let rowSumY: f64 = 0;
let rowSumYD: f64 = 0;

/**
 * S = Σ exp(d_c) with d_c = x_c − m (returned), Σ y'_c and Σ y'_c·d_c (in rowSumY, rowSumYD),
 * y' = a·y + b; stores exp(d_c) at e when e != 0.
 */
// @ts-ignore: decorator
@inline
function rowExpSumDenseF32(y: usize, x: usize, n: i32, m: f32, a: f32, b: f32, e: usize): f64 {
  let sumE: f64 = 0;
  let sumY: f64 = 0;
  let sumYD: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const n16 = n & ~15;
    while (i < n16) {
      const end = min(i + SUM_BLOCK, n16);
      let ea = f32x4.splat(0);
      let eb = ea;
      let ya = ea;
      let yb = ea;
      let yda = ea;
      let ydb = ea;
      for (; i < end; i += 16) {
        const off = <usize>i << 2;
        const d0 = f32x4.sub(v128.load(x + off), mv);
        const d1 = f32x4.sub(v128.load(x + off, 16), mv);
        const d2 = f32x4.sub(v128.load(x + off, 32), mv);
        const d3 = f32x4.sub(v128.load(x + off, 48), mv);
        // four independent exp chains
        const x0 = expMinusF32x4(d0);
        const x1 = expMinusF32x4(d1);
        const x2 = expMinusF32x4(d2);
        const x3 = expMinusF32x4(d3);
        if (e) {
          v128.store(e + off, x0);
          v128.store(e + off, x1, 16);
          v128.store(e + off, x2, 32);
          v128.store(e + off, x3, 48);
        }
        const t0 = f32x4.add(f32x4.mul(av, v128.load(y + off)), bv);
        const t1 = f32x4.add(f32x4.mul(av, v128.load(y + off, 16)), bv);
        const t2 = f32x4.add(f32x4.mul(av, v128.load(y + off, 32)), bv);
        const t3 = f32x4.add(f32x4.mul(av, v128.load(y + off, 48)), bv);
        ea = f32x4.add(ea, f32x4.add(x0, x1));
        eb = f32x4.add(eb, f32x4.add(x2, x3));
        ya = f32x4.add(ya, f32x4.add(t0, t1));
        yb = f32x4.add(yb, f32x4.add(t2, t3));
        yda = f32x4.add(yda, f32x4.add(f32x4.mul(t0, d0), f32x4.mul(t1, d1)));
        ydb = f32x4.add(ydb, f32x4.add(f32x4.mul(t2, d2), f32x4.mul(t3, d3)));
      }
      sumE += hsumF32x4ToF64(f32x4.add(ea, eb));
      sumY += hsumF32x4ToF64(f32x4.add(ya, yb));
      sumYD += hsumF32x4ToF64(f32x4.add(yda, ydb));
    }
    const n4 = n & ~3;
    if (i < n4) {
      let ea = f32x4.splat(0);
      let ya = ea;
      let yda = ea;
      for (; i < n4; i += 4) {
        const off = <usize>i << 2;
        const d0 = f32x4.sub(v128.load(x + off), mv);
        const x0 = expMinusF32x4(d0);
        if (e) v128.store(e + off, x0);
        const t0 = f32x4.add(f32x4.mul(av, v128.load(y + off)), bv);
        ea = f32x4.add(ea, x0);
        ya = f32x4.add(ya, t0);
        yda = f32x4.add(yda, f32x4.mul(t0, d0));
      }
      sumE += hsumF32x4ToF64(ea);
      sumY += hsumF32x4ToF64(ya);
      sumYD += hsumF32x4ToF64(yda);
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const d = load<f32>(x + off) - m;
    const ev = expMinusF32(d);
    if (e) store<f32>(e + off, ev);
    const t = a * load<f32>(y + off) + b;
    sumE += <f64>ev;
    sumY += <f64>t;
    sumYD += <f64>(t * d);
  }
  rowSumY = sumY;
  rowSumYD = sumYD;
  return sumE;
}

/** g_c = g_c·k1 + y_c·k2 + k3 for c < n, in place (the dense gradient from stored exps). */
// @ts-ignore: decorator
@inline
function rowDenseGradF32(g: usize, y: usize, n: i32, k1: f32, k2: f32, k3: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v1 = f32x4.splat(k1);
    const v2 = f32x4.splat(k2);
    const v3 = f32x4.splat(k3);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      v128.store(g + off, f32x4.add(f32x4.mul(v128.load(g + off), v1), f32x4.add(f32x4.mul(v128.load(y + off), v2), v3)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(g + off, load<f32>(g + off) * k1 + (load<f32>(y + off) * k2 + k3));
  }
}

/**
 * The end of one row of the dense kernel, given S = Σ exp(d) (exps stored into the gradient row
 * when g != 0), log S, Σy' and Σy'·d: returns w·L and writes lossOut and the gradient row.
 */
// @ts-ignore: decorator
@inline
function denseRowFinishF32(
  y: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
  s: f64, logS: f32, sumY: f64, sumYD: f64,
): f64 {
  const off = <usize>r * (<usize>classes << 2);
  const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
  const loss = <f64>logS * sumY - sumYD;
  if (g) {
    // g_c = gs·w·(Σy'·e_c / S − a·y_c − b)
    const gw = gs * ws;
    rowDenseGradF32(g + off, y + off, classes, <f32>((<f64>gw * sumY) / s), -gw * a, -gw * b);
  }
  const weighted = <f64>ws * loss;
  if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
  return weighted;
}

/** One row of the dense kernel: returns w·L and writes lossOut / the gradient row. */
// @ts-ignore: decorator
@inline
function denseRowF32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const off = <usize>r * (<usize>classes << 2);
  const m = rowMaxF32(x + off, classes);
  const s = rowExpSumDenseF32(y + off, x + off, classes, m, a, b, g ? g + off : 0);
  return denseRowFinishF32(y, r, classes, w, lossOut, g, gs, a, b, s, logF32(<f32>s), rowSumY, rowSumYD);
}

/**
 * Four rows of the dense kernel for 16 < C ≤ LOG4_MAX_CLASSES (SIMD build): the passes of
 * denseRowF32 row by row, then the four log S in one logF32x4, then each row's loss and gradient.
 */
// @ts-ignore: decorator
@inline
function denseRowsLog4F32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const rowBytes = <usize>classes << 2;
  for (let k = 0; k < 4; k++) {
    const off = <usize>(r + k) * rowBytes;
    const m = rowMaxF32(x + off, classes);
    const s = rowExpSumDenseF32(y + off, x + off, classes, m, a, b, g ? g + off : 0);
    const o = ROWS4_F64 + (<usize>k << 3);
    store<f64>(o, rowSumY);
    store<f64>(o, rowSumYD, 32);
    store<f32>(ROWS4 + (<usize>k << 2), <f32>s, 16);
    store<f64>(ROWS4_F64 + (<usize>k << 3), s, 64);
  }
  rowsLog4F32();
  let total: f64 = 0;
  for (let k = 0; k < 4; k++) {
    const o = ROWS4_F64 + (<usize>k << 3);
    total += denseRowFinishF32(
      y, r + k, classes, w, lossOut, g, gs, a, b,
      load<f64>(o, 64), load<f32>(ROWS4 + (<usize>k << 2), 32), load<f64>(o), load<f64>(o, 32),
    );
  }
  return total;
}

/** Four rows at once for small C (SIMD build only), one row per lane: the math of denseRowF32. */
// @ts-ignore: decorator
@inline
function denseRows4F32(
  y: usize, x: usize, r: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, a: f32, b: f32,
): f64 {
  const stride = <usize>classes << 2;
  const off = <usize>r * stride;
  const xr = x + off;
  const yr = y + off;
  const gr = g ? g + off : 0;
  const cEnd = <usize>classes << 2;
  const av = f32x4.splat(a);
  const bv = f32x4.splat(b);
  let m = f32x4.splat(-Infinity);
  for (let c: usize = 0; c < cEnd; c += 4) m = f32x4.pmax(gather4(xr, stride, c), m); // pmax: see rowMaxF32
  let sum = f32x4.splat(0);
  let sumY = sum;
  let sumYD = sum;
  for (let c: usize = 0; c < cEnd; c += 4) {
    const d = f32x4.sub(gather4(xr, stride, c), m);
    const e = expMinusF32x4(d);
    const t = f32x4.add(f32x4.mul(av, gather4(yr, stride, c)), bv);
    sum = f32x4.add(sum, e);
    sumY = f32x4.add(sumY, t);
    sumYD = f32x4.add(sumYD, f32x4.mul(t, d));
    if (gr) {
      v128.store32_lane(gr + c, e, 0);
      v128.store32_lane(gr + stride + c, e, 1);
      v128.store32_lane(gr + 2 * stride + c, e, 2);
      v128.store32_lane(gr + 3 * stride + c, e, 3);
    }
  }
  const loss = f32x4.sub(f32x4.mul(logF32x4(sum), sumY), sumYD);
  const wv = w ? v128.load(w + (<usize>r << 2)) : f32x4.splat(1);
  if (lossOut) v128.store(lossOut + (<usize>r << 2), f32x4.mul(wv, loss));
  if (gr) {
    const gw = f32x4.mul(f32x4.splat(gs), wv);
    const k1 = f32x4.div(f32x4.mul(gw, sumY), sum);
    const k2 = f32x4.neg(f32x4.mul(gw, av));
    const k3 = f32x4.neg(f32x4.mul(gw, bv));
    rowDenseGradF32(gr, yr, classes, f32x4.extract_lane(k1, 0), f32x4.extract_lane(k2, 0), f32x4.extract_lane(k3, 0));
    rowDenseGradF32(gr + stride, yr + stride, classes, f32x4.extract_lane(k1, 1), f32x4.extract_lane(k2, 1), f32x4.extract_lane(k3, 1));
    rowDenseGradF32(gr + 2 * stride, yr + 2 * stride, classes, f32x4.extract_lane(k1, 2), f32x4.extract_lane(k2, 2), f32x4.extract_lane(k3, 2));
    rowDenseGradF32(gr + 3 * stride, yr + 3 * stride, classes, f32x4.extract_lane(k1, 3), f32x4.extract_lane(k2, 3), f32x4.extract_lane(k3, 3));
  }
  return <f64>f32x4.extract_lane(wv, 0) * <f64>f32x4.extract_lane(loss, 0)
    + <f64>f32x4.extract_lane(wv, 1) * <f64>f32x4.extract_lane(loss, 1)
    + <f64>f32x4.extract_lane(wv, 2) * <f64>f32x4.extract_lane(loss, 2)
    + <f64>f32x4.extract_lane(wv, 3) * <f64>f32x4.extract_lane(loss, 3);
}

/** Dense softmax cross-entropy from logits: targets are rows of (soft) labels; C ≤ 16 four rows per step, one per lane; C ≤ 256 four log S per logF32x4. */
export function softmaxCrossEntropyDenseF32(
  y: usize, x: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32,
): f64 {
  const a: f32 = 1 - smoothing;
  const b: f32 = smoothing / <f32>classes;
  let total: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= SMALL_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += denseRows4F32(y, x, r, classes, w, lossOut, g, gs, a, b);
    } else if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) total += denseRowsLog4F32(y, x, r, classes, w, lossOut, g, gs, a, b);
    }
  }
  for (; r < rows; r++) total += denseRowF32(y, x, r, classes, w, lossOut, g, gs, a, b);
  return total;
}

// ---- from probabilities ----------------------------------------------------------------------
// The targets of a row as a policy (changetype<T>(0), see elementwise.ts): y'_c from a float32
// row t (dense) or from the row's label (sparse), with y' = a·y + b.

@final @unmanaged
class DenseTargets {
  @inline yS(t: usize, label: i32, c: i32, a: f32, b: f32): f32 {
    return a * load<f32>(t + (<usize>c << 2)) + b;
  }
  @inline yV(t: usize, label: i32, c: i32, a: v128, b: v128): v128 {
    return f32x4.add(f32x4.mul(a, v128.load(t + (<usize>c << 2))), b);
  }
}

@final @unmanaged
class SparseTargets {
  @inline yS(t: usize, label: i32, c: i32, a: f32, b: f32): f32 {
    return c == label ? a + b : b;
  }
  @inline yV(t: usize, label: i32, c: i32, a: v128, b: v128): v128 {
    const hit = i32x4.eq(i32x4.add(i32x4(0, 1, 2, 3), i32x4.splat(c)), i32x4.splat(label));
    return f32x4.add(v128.and(a, hit), b);
  }
}

// Σ_{c unclipped} y'_c of the last row processed by rowProbLossF32 (float64).
let rowSumYUnclipped: f64 = 0;

/** −Σ_c y'_c·log q_c with q_c = clip(p_c / s, ε, 1 − ε); also Σ_{unclipped} y'_c. */
// @ts-ignore: decorator
@inline
function rowProbLossF32<T>(t: usize, label: i32, p: usize, n: i32, s: f32, a: f32, b: f32): f64 {
  const targets = changetype<T>(0);
  let loss: f64 = 0;
  let sumU: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(s);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const lo = f32x4.splat(EPSILON);
    const hi = f32x4.splat(ONE_MINUS_EPSILON);
    const n4 = n & ~3;
    while (i < n4) {
      const end = min(i + SUM_BLOCK, n4);
      let l0 = f32x4.splat(0);
      let u0 = l0;
      for (; i < end; i += 4) {
        const q = f32x4.div(v128.load(p + (<usize>i << 2)), sv);
        const yv = targets.yV(t, label, i, av, bv);
        // pmax/pmin (one maxps/minps each) with q first: a NaN q passes through, as with max/min
        l0 = f32x4.add(l0, f32x4.mul(yv, logF32x4(f32x4.pmin(f32x4.pmax(q, lo), hi))));
        u0 = f32x4.add(u0, v128.and(yv, v128.and(f32x4.gt(q, lo), f32x4.lt(q, hi))));
      }
      loss += hsumF32x4ToF64(l0);
      sumU += hsumF32x4ToF64(u0);
    }
  }
  for (; i < n; i++) {
    const q = load<f32>(p + (<usize>i << 2)) / s;
    const yv = targets.yS(t, label, i, a, b);
    loss += <f64>(yv * logF32(clipProbF32(q)));
    if (q > EPSILON && q < ONE_MINUS_EPSILON) sumU += <f64>yv;
  }
  rowSumYUnclipped = sumU;
  return -loss;
}

/** g_j = k·(sumU − [j unclipped]·y'_j / q_j) with q_j = p_j / s. */
// @ts-ignore: decorator
@inline
function rowProbGradF32<T>(t: usize, label: i32, p: usize, g: usize, n: i32, s: f32, a: f32, b: f32, k: f32, sumU: f32): void {
  const targets = changetype<T>(0);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(s);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const kv = f32x4.splat(k);
    const uv = f32x4.splat(sumU);
    const lo = f32x4.splat(EPSILON);
    const hi = f32x4.splat(ONE_MINUS_EPSILON);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      const q = f32x4.div(v128.load(p + off), sv);
      const yv = targets.yV(t, label, i, av, bv);
      const inner = v128.and(f32x4.div(yv, q), v128.and(f32x4.gt(q, lo), f32x4.lt(q, hi)));
      v128.store(g + off, f32x4.mul(kv, f32x4.sub(uv, inner)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const q = load<f32>(p + off) / s;
    const inner: f32 = q > EPSILON && q < ONE_MINUS_EPSILON ? targets.yS(t, label, i, a, b) / q : 0;
    store<f32>(g + off, k * (sumU - inner));
  }
}

/** x[i] = v for i < n. */
// @ts-ignore: decorator
@inline
function rowFillF32(x: usize, n: i32, v: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vv = f32x4.splat(v);
    for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), vv);
  }
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline
function probCrossEntropyF32<T>(
  targets: usize, sparse: bool, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32,
): f64 {
  const a: f32 = 1 - smoothing;
  const b: f32 = smoothing / <f32>classes;
  const rowBytes = <usize>classes << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const gr = g ? g + off : 0;
    const t = sparse ? 0 : targets + off;
    const label = sparse ? load<i32>(targets + (<usize>r << 2)) : 0;
    let weighted: f32 = 0;
    if (label >= 0) {
      const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
      const s = <f32>rowSumF32(p + off, classes, 0);
      let loss: f64;
      if (sparse && b == 0) {
        // one-hot targets: one log per row, −log clip(p_l / Σp); the gradient is k·[l unclipped]
        // everywhere, minus k/q_l at the label
        const lb = <usize>label << 2;
        const raw = load<f32>(p + off + lb) / s;
        const q = clipProbF32(raw);
        loss = -<f64>logF32(q);
        if (gr) {
          const k = (gs * ws) / s;
          const free = raw > EPSILON && raw < ONE_MINUS_EPSILON;
          rowFillF32(gr, classes, free ? k : k * 0);
          if (free) store<f32>(gr + lb, k * (1 - 1 / q));
        }
      } else {
        loss = rowProbLossF32<T>(t, label, p + off, classes, s, a, b);
        if (gr) rowProbGradF32<T>(t, label, p + off, gr, classes, s, a, b, (gs * ws) / s, <f32>rowSumYUnclipped);
      }
      weighted = <f32>(<f64>ws * loss);
      total += <f64>ws * loss;
    } else if (gr) {
      memory.fill(gr, 0, rowBytes);
    }
    if (lossOut) store<f32>(lossOut + (<usize>r << 2), weighted);
  }
  return total;
}

/** Dense categorical cross-entropy from probabilities (rows renormalised, then clipped). */
export function probCrossEntropyDenseF32(
  y: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32,
): f64 {
  return probCrossEntropyF32<DenseTargets>(y, false, p, rows, classes, w, lossOut, g, gs, smoothing);
}

/** Sparse categorical cross-entropy from probabilities (rows renormalised, then clipped). */
export function probCrossEntropySparseF32(
  labels: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32,
): f64 {
  return probCrossEntropyF32<SparseTargets>(labels, true, p, rows, classes, w, lossOut, g, gs, smoothing);
}

// ---- softmax and log-softmax over rows -------------------------------------------------------

/** out = softmax of each row of x: exp(x_c − m) / S. out may equal x. */
export function softmaxRowsF32(x: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const m = rowMaxF32(x + off, classes);
    const s = rowExpSumF32(x + off, classes, m, out + off);
    rowScaleF32(out + off, classes, <f32>(1 / s), 0);
  }
}

/** out_c = x_c − (m + log S) for c < n (out may equal x). */
// @ts-ignore: decorator
@inline
function logSoftmaxRowFinishF32(xr: usize, o: usize, n: i32, m: f32, logS: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    const lv = f32x4.splat(logS);
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const c = <usize>i << 2;
      v128.store(o + c, f32x4.sub(f32x4.sub(v128.load(xr + c), mv), lv));
    }
  }
  for (; i < n; i++) {
    const c = <usize>i << 2;
    store<f32>(o + c, load<f32>(xr + c) - m - logS);
  }
}

/**
 * out = log-softmax of each row of x: (x_c − m) − log S. out may equal x. For C ≤ LOG4_MAX_CLASSES
 * (SIMD build) four rows per step: max and S row by row, the four log S by one logF32x4.
 */
export function logSoftmaxRowsF32(x: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = <usize>classes << 2;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes <= LOG4_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        for (let k = 0; k < 4; k++) {
          const xr = x + <usize>(r + k) * rowBytes;
          const m = rowMaxF32(xr, classes);
          store<f32>(ROWS4 + (<usize>k << 2), m);
          store<f32>(ROWS4 + (<usize>k << 2), <f32>rowExpSumF32(xr, classes, m, 0), 16);
        }
        rowsLog4F32();
        for (let k = 0; k < 4; k++) {
          const off = <usize>(r + k) * rowBytes;
          const o = ROWS4 + (<usize>k << 2);
          logSoftmaxRowFinishF32(x + off, out + off, classes, load<f32>(o), load<f32>(o, 32));
        }
      }
    }
  }
  for (; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const m = rowMaxF32(x + off, classes);
    logSoftmaxRowFinishF32(x + off, out + off, classes, m, logF32(<f32>rowExpSumF32(x + off, classes, m, 0)));
  }
}
