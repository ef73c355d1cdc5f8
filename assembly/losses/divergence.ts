// Kullback-Leibler divergence, Poisson and cosine similarity, Keras 3 semantics
// (keras/src/losses/losses.py), ε = 1e-7:
//
//   kullbackLeiblerDivergence  L = Σ_c t̄·log(t̄ / p̄),  t̄ = clip(t, ε, 1), p̄ = clip(p, ε, 1)   (a sum over the row)
//                              ∂L/∂p = −t̄ / p̄ where ε ≤ p ≤ 1, else 0 (the clip's gradient, prob-clip.ts)
//   poisson                    L = mean_c (p − t·log(p + ε))                    ∂ℓ/∂p = 1 − t / (p + ε)
//   cosineSimilarity           L = −Σ_c ŷ_c·p̂_c,  v̂ = v·min(1/‖v‖, 1/ε)   (Keras's l2 normalize)
//                              ∂L/∂p = −ŷ·n_p + (ŷ·p̂)·n_p·p̂  while ‖p‖ > ε (n_p = 1/‖p‖); −ŷ/ε below
//
// KL and Poisson are element-wise terms on the shared driver (elementwise.ts); the KL kernel
// passes k = features, by which its term is multiplied, so that the driver's mean is Keras's sum.
// Error bounds (tested): KL and Poisson ≤ 4e-6 relative plus 1e-6 absolute per term; cosine
// ≤ 4e-6·|L| + 1e-6 per row (float64 row sums); gradients ≤ 1e-5 relative plus 1e-6.
// Clamps use f32x4.pmax/pmin (pmax(a, b) = a < b ? b : a: one maxps/minps on x86, where f32x4.max/min
// take ~6 instructions for their NaN and ±0 rules), with the possibly-NaN operand first so NaN
// stays NaN as in the scalar max/min; the clamp bounds are > 0, so ±0 inputs clamp alike.
import { elementwiseLossF32 } from "./elementwise";
import { logF32, logF32x4 } from "../math/log";
import { EPSILON } from "../math/constants";

@final @unmanaged
class KullbackLeibler {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    const tc = min<f32>(max<f32>(t, EPSILON), 1);
    const pc = min<f32>(max<f32>(p, EPSILON), 1);
    return k * tc * logF32(tc / pc);
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const tc = min<f32>(max<f32>(t, EPSILON), 1);
    const pc = min<f32>(max<f32>(p, EPSILON), 1);
    // the clip passes the gradient on [ε, 1], bounds included; NaN p stays NaN
    store<f32>(g, !(p < EPSILON || p > 1) ? -gs * k * (tc / pc) : 0);
    return k * tc * logF32(tc / pc);
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    const one = f32x4.splat(1);
    const eps = f32x4.splat(EPSILON);
    const tc = f32x4.pmin(f32x4.pmax(t, eps), one);
    const pc = f32x4.pmin(f32x4.pmax(p, eps), one);
    return f32x4.mul(f32x4.mul(k, tc), logF32x4(f32x4.div(tc, pc)));
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const one = f32x4.splat(1);
    const eps = f32x4.splat(EPSILON);
    const tc = f32x4.pmin(f32x4.pmax(t, eps), one);
    const pc = f32x4.pmin(f32x4.pmax(p, eps), one);
    const r = f32x4.div(tc, pc);
    const clipped = v128.or(f32x4.lt(p, eps), f32x4.gt(p, one));
    v128.store(g, v128.andnot(f32x4.neg(f32x4.mul(f32x4.mul(gs, k), r)), clipped));
    return f32x4.mul(f32x4.mul(k, tc), logF32x4(r));
  }
}

@final @unmanaged
class Poisson {
  @inline lossS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32): f32 {
    return p - t * logF32(p + EPSILON);
  }
  @inline lossGradS(t: f32, p: f32, k: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    store<f32>(g, gs * (1 - t / (p + EPSILON)));
    return p - t * logF32(p + EPSILON);
  }
  @inline lossV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32): v128 {
    return f32x4.sub(p, f32x4.mul(t, logF32x4(f32x4.add(p, f32x4.splat(EPSILON)))));
  }
  @inline lossGradV(t: v128, p: v128, k: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const pe = f32x4.add(p, f32x4.splat(EPSILON));
    v128.store(g, f32x4.mul(gs, f32x4.sub(f32x4.splat(1), f32x4.div(t, pe))));
    return f32x4.sub(p, f32x4.mul(t, logF32x4(pe)));
  }
}

/** Σ over each row (the driver's mean times k = features). */
export function kullbackLeiblerDivergenceF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<KullbackLeibler>(t, p, rows, features, w, lossOut, g, gs, <f32>features);
}

export function poissonF32(t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32): f64 {
  return elementwiseLossF32<Poisson>(t, p, rows, features, w, lossOut, g, gs, 0);
}

/** Cosine similarity loss per row (see above). */
export function cosineSimilarityF32(
  y: usize, p: usize, rows: i32, classes: i32, w: usize, lossOut: usize, g: usize, gs: f32,
): f64 {
  const invEps: f64 = 1 / <f64>EPSILON;
  const rowBytes = <usize>classes << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const ws: f32 = w ? load<f32>(w + (<usize>r << 2)) : 1;
    // Σ y·p, Σ y², Σ p² of the row: float32 lanes flushed into float64 every 256 elements
    const yr = y + off;
    const pr = p + off;
    let yp: f64 = 0;
    let yy: f64 = 0;
    let pp: f64 = 0;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const n4 = classes & ~3;
      while (i < n4) {
        const end = min(i + 256, n4);
        let sYP = f32x4.splat(0);
        let sYY = sYP;
        let sPP = sYP;
        for (; i < end; i += 4) {
          const o = <usize>i << 2;
          const yv = v128.load(yr + o);
          const pv = v128.load(pr + o);
          sYP = f32x4.add(sYP, f32x4.mul(yv, pv));
          sYY = f32x4.add(sYY, f32x4.mul(yv, yv));
          sPP = f32x4.add(sPP, f32x4.mul(pv, pv));
        }
        yp += <f64>f32x4.extract_lane(sYP, 0) + <f64>f32x4.extract_lane(sYP, 1) + <f64>f32x4.extract_lane(sYP, 2) + <f64>f32x4.extract_lane(sYP, 3);
        yy += <f64>f32x4.extract_lane(sYY, 0) + <f64>f32x4.extract_lane(sYY, 1) + <f64>f32x4.extract_lane(sYY, 2) + <f64>f32x4.extract_lane(sYY, 3);
        pp += <f64>f32x4.extract_lane(sPP, 0) + <f64>f32x4.extract_lane(sPP, 1) + <f64>f32x4.extract_lane(sPP, 2) + <f64>f32x4.extract_lane(sPP, 3);
      }
    }
    for (; i < classes; i++) {
      const o = <usize>i << 2;
      const yv = <f64>load<f32>(yr + o);
      const pv = <f64>load<f32>(pr + o);
      yp += yv * pv;
      yy += yv * yv;
      pp += pv * pv;
    }
    const ny = min<f64>(1 / Math.sqrt(yy), invEps);
    const np = min<f64>(1 / Math.sqrt(pp), invEps);
    const cos = yp * ny * np;
    const loss = -cos;
    if (g) {
      // ∂L/∂p_c = −ny·np·y_c + cos·np²·p_c (‖p‖ > ε), else −ny·y_c/ε
      const gw = <f64>gs * <f64>ws;
      const big = np < invEps;
      const ky = -gw * ny * np;
      const kp = big ? gw * cos * np * np : 0;
      // in float64: the two terms cancel when the row is nearly parallel to y
      for (let c = 0; c < classes; c++) {
        const cb = <usize>c << 2;
        store<f32>(g + off + cb, <f32>(ky * <f64>load<f32>(y + off + cb) + kp * <f64>load<f32>(p + off + cb)));
      }
    }
    const weighted = <f64>ws * loss;
    if (lossOut) store<f32>(lossOut + (<usize>r << 2), <f32>weighted);
    total += weighted;
  }
  return total;
}
