// Categorical cross-entropy from probabilities, dense and sparse targets (Keras 3: each row is
// renormalised by its sum, then clipped to [ε, 1 − ε]). See crossentropy.ts for the formulas,
// the export signature and the error bounds.
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import { logF32, logF32x4 } from "../math/log";
import { rowSumF32 } from "./softmax-rows";
import { clipBlocksF32x4, clipPassesF32, clipProbF32, clipProbF32x4 } from "./prob-clip";
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

/**
 * −Σ_c y'_c·log q_c with q_c = clip(p_c / s, ε, 1 − ε) (returned), and Σ_{c unclipped} y'_c
 * (float64, stored at sumUOut).
 */
// @ts-ignore: decorator
@inline
function rowProbLossF32<T>(t: usize, label: i32, p: usize, n: i32, s: f32, a: f32, b: f32, sumUOut: usize): f64 {
  const targets = changetype<T>(0);
  let loss: f64 = 0;
  let sumU: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(s);
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const n4 = n & ~3;
    while (i < n4) {
      const end = min(i + SUM_BLOCK, n4);
      let l0 = f32x4.splat(0);
      let u0 = l0;
      for (; i < end; i += 4) {
        const q = f32x4.div(v128.load(p + (<usize>i << 2)), sv);
        const yv = targets.yV(t, label, i, av, bv);
        l0 = f32x4.add(l0, f32x4.mul(yv, logF32x4(clipProbF32x4(q))));
        u0 = f32x4.add(u0, v128.andnot(yv, clipBlocksF32x4(q)));
      }
      loss += hsumF32x4ToF64(l0);
      sumU += hsumF32x4ToF64(u0);
    }
  }
  for (; i < n; i++) {
    const q = load<f32>(p + (<usize>i << 2)) / s;
    const yv = targets.yS(t, label, i, a, b);
    loss += <f64>(yv * logF32(clipProbF32(q)));
    if (clipPassesF32(q)) sumU += <f64>yv;
  }
  store<f64>(sumUOut, sumU);
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
    const n4 = n & ~3;
    for (; i < n4; i += 4) {
      const off = <usize>i << 2;
      const q = f32x4.div(v128.load(p + off), sv);
      const yv = targets.yV(t, label, i, av, bv);
      const inner = v128.andnot(f32x4.div(yv, q), clipBlocksF32x4(q));
      v128.store(g + off, f32x4.mul(kv, f32x4.sub(uv, inner)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const q = load<f32>(p + off) / s;
    const inner: f32 = clipPassesF32(q) ? targets.yS(t, label, i, a, b) / q : 0;
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
  scratch: usize,
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
          const free = clipPassesF32(raw);
          rowFillF32(gr, classes, free ? k : k * 0);
          if (free) store<f32>(gr + lb, k * (1 - 1 / q));
        }
      } else {
        loss = rowProbLossF32<T>(t, label, p + off, classes, s, a, b, scratch);
        if (gr) rowProbGradF32<T>(t, label, p + off, gr, classes, s, a, b, (gs * ws) / s, <f32>load<f64>(scratch));
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

/** Dense categorical cross-entropy from probabilities (rows renormalised, then clipped); scratch: 8 bytes. */
export function probCrossEntropyDenseF32(
  y: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32, scratch: usize,
): f64 {
  return probCrossEntropyF32<DenseTargets>(y, false, p, rows, classes, w, lossOut, g, gs, smoothing, scratch);
}

/** Sparse categorical cross-entropy from probabilities (rows renormalised, then clipped); scratch: 8 bytes. */
export function probCrossEntropySparseF32(
  labels: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32, smoothing: f32, scratch: usize,
): f64 {
  return probCrossEntropyF32<SparseTargets>(labels, true, p, rows, classes, w, lossOut, g, gs, smoothing, scratch);
}
