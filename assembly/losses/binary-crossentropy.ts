// Binary cross-entropy, Keras 3 semantics (keras/src/losses/losses.py: binary_crossentropy), per
// element, with z = t·(1 − s) + s/2 (label smoothing s, the driver's parameter k):
//
// From logits x (stable, as tf.nn.sigmoid_cross_entropy_with_logits):
//   ℓ = max(x, 0) − x·z + log1p(exp(−|x|))                         ℓ' = σ(x) − z
//   with posWeight w₊ (PyTorch's pos_weight; lw = 1 + (w₊ − 1)·z):
//   ℓ = (1 − z)·x + lw·(log1p(exp(−|x|)) + max(−x, 0))             ℓ' = lw·σ(x) − w₊·z
// At x = ±Infinity both formulas meet ∞ − ∞ or ∞·0; ℓ is then its limit (bceInfLimitS):
//   x → +∞: ℓ ~ x·(1 − z),  x → −∞: ℓ ~ |x|·w₊·z,  so ℓ = W·∞ with W = 1 − z or w₊·z, and 0 where
//   W = 0 (z = 1 at +∞, z = 0 at −∞): z = 1, x = +∞ gives 0; z = 0, x = +∞ gives +∞; z in (0, 1)
//   (label smoothing) gives +∞ on both sides; W is formed from the float32 z the kernel uses.
//   The gradients need nothing: σ(+∞) = 1 and σ(−∞) = 0 exactly, so ℓ' = 1 − z (lw − w₊z) or
//   −z (−w₊z), the limits of ℓ'. NaN in x or z stays NaN.
// Where the limits are taken: the scalar code tests |x| = ∞ (one well-predicted branch); the
// vector code computes the formulas, which at ±∞ give the limit already or NaN, and its drivers
// (elementwise.ts, and the sum loop below) redo a block of 256 elements by the scalar code when
// the block's sum is not finite: one compare per block, nothing per vector.
// From probabilities p (Keras clips to [ε, 1 − ε], ε = 1e-7):
//   ℓ = −(w₊·z·log p̄ + (1 − z)·log(1 − p̄)),  p̄ = clip(p)         ℓ' = (p̄·(1−z) − w₊·z·(1−p̄)) / (p̄(1−p̄)), 0 strictly outside [ε, 1 − ε] (the clip's gradient, prob-clip.ts)
//
// The terms (bceLogitsS/V, σ from e^−|x|, bceProbS/V and their gradients) are exported for
// binary-focal.ts, whose loss is a_t·u^γ times this one. The positive weight w₊ is the kernels'
// parameter posWeight (the driver's k1).
//
// Error bounds per element, against float64 on the same float32 inputs (tested):
//   |ℓ − ℓ64| ≤ 2⁻²¹·(|x| + ℓ) + 1.2e-7   (x = the logit; 0 for probabilities): a few roundings of
//   the largest term, plus the exp / log1p / log errors of the shared math; gradients ≤ 4e-6
//   relative plus 1e-6·scale absolute.
import { elementwiseLossF32, finiteOrRedoF32 } from "./elementwise";
import { SUM_BLOCK, hsumF32x4ToF64 } from "../math/sum";
import { expMinusF32, expMinusF32x4, expMinusSumTermF32x4 } from "../math/exp";
import { logF32, logF32x4, log1pUnitF32, log1pUnitF32x4 } from "../math/log";
import { laneSelect4, madd4, nmadd4 } from "../math/madd";
import { EXP_DENORM_CUTOFF } from "../math/constants";
import { clipBlocksF32x4, clipPassesF32, clipProbF32, clipProbF32x4 } from "./prob-clip";

/** z = t·(1 − s) + s/2 */
// @ts-ignore: decorator
@inline
export function smoothS(t: f32, s: f32): f32 {
  return s == 0 ? t : t * (1 - s) + <f32>0.5 * s;
}

// @ts-ignore: decorator
@inline
export function smoothV(t: v128, s: v128): v128 {
  return f32x4.add(f32x4.mul(t, f32x4.sub(f32x4.splat(1), s)), f32x4.mul(f32x4.splat(0.5), s));
}

// ---- BCE from logits -------------------------------------------------------------------------

// e = e^−|x| ∈ [0, 1] by expMinus (subnormal e flushed to 0: changes ℓ by < 1.2e-38) and
// log1p(e) by log1pUnit (k ∈ {0, 1} from one compare, no special-value selects: its argument is
// in [0, 1]; NaN x gives NaN through max(x, 0)). The same formulas in the lossV/lossS policy
// (weighted paths, the focal-free drivers), in the dedicated sum loop below and in binary focal.
//
// max(x, 0) is f32x4.pmax(x, 0) = (x < 0 ? 0 : x): one maxps on x86 where f32x4.max takes ~6
// instructions for its NaN and ±0 rules; NaN x stays NaN (x is the first operand), and x = −0
// gives −0 instead of +0, which leaves −0 − x·z + log1p(1) unchanged. x·z is subtracted by
// nmadd4 (fused in the relaxed build).

// @ts-ignore: decorator
@inline
export function bceLogitsS(x: f32, z: f32, e: f32): f32 {
  return max<f32>(x, 0) - x * z + log1pUnitF32(e);
}

// @ts-ignore: decorator
@inline
export function bceLogitsV(x: v128, z: v128, e: v128, zero: v128): v128 {
  return f32x4.add(nmadd4(x, z, f32x4.pmax(x, zero)), log1pUnitF32x4(e));
}

/** σ(x) from e = e^−|x|: 1/(1+e) for x ≥ 0, e/(1+e) for x < 0 (NaN x: NaN either way) */
// @ts-ignore: decorator
@inline
export function sigmoidFromExpS(x: f32, e: f32): f32 {
  return (x >= 0 ? 1 : e) / (1 + e);
}

// @ts-ignore: decorator
@inline
export function sigmoidFromExpV(x: v128, e: v128, zero: v128, one: v128): v128 {
  return f32x4.div(laneSelect4(one, e, f32x4.ge(x, zero)), f32x4.add(one, e));
}

/** σ(x) − z from e = e^−|x| */
// @ts-ignore: decorator
@inline
function bceLogitsGradV(x: v128, z: v128, e: v128, zero: v128, one: v128): v128 {
  return f32x4.sub(sigmoidFromExpV(x, e, zero, one), z);
}

// @ts-ignore: decorator
@inline
export function negAbsV(x: v128): v128 {
  return v128.or(x, f32x4.splat(-0.0)); // −|x|: set the sign bit
}

/** ℓ at x = ±Infinity (the limit): W·∞ with W = 1 − z (x = +∞) or w₊·z (x = −∞), and 0 where W = 0. */
// @ts-ignore: decorator
@inline
export function bceInfLimitS(x: f32, z: f32, posWeight: f32): f32 {
  const w: f32 = x > 0 ? 1 - z : posWeight * z;
  return w == 0 ? 0 : w * Infinity; // NaN z: NaN
}

/** bceLogitsS with the limit at x = ±Infinity. */
// @ts-ignore: decorator
@inline
function bceLogitsLimitS(x: f32, z: f32, e: f32): f32 {
  return Mathf.abs(x) == Infinity ? bceInfLimitS(x, z, 1) : bceLogitsS(x, z, e);
}

@final @unmanaged
class BinaryCrossEntropyLogits {
  @inline lossS(t: f32, x: f32, s: f32, k1: f32, k2: f32, k3: f32): f32 {
    return bceLogitsLimitS(x, smoothS(t, s), expMinusF32(-Mathf.abs(x)));
  }
  @inline lossGradS(t: f32, x: f32, s: f32, k1: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const z: f32 = smoothS(t, s);
    const e: f32 = expMinusF32(-Mathf.abs(x));
    store<f32>(g, gs * (sigmoidFromExpS(x, e) - z));
    return bceLogitsLimitS(x, z, e);
  }
  @inline lossV(t: v128, x: v128, s: v128, k1: f32, k2: f32, k3: f32): v128 {
    return bceLogitsV(x, smoothV(t, s), expMinusF32x4(negAbsV(x)), f32x4.splat(0));
  }
  @inline lossGradV(t: v128, x: v128, s: v128, k1: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const z = smoothV(t, s);
    const zero = f32x4.splat(0);
    const e = expMinusF32x4(negAbsV(x));
    v128.store(g, f32x4.mul(gs, bceLogitsGradV(x, z, e, zero, f32x4.splat(1))));
    return bceLogitsV(x, z, e, zero);
  }
}

// BCE_SUM_TERM_NOTE: in the relaxed build the sum loops take e = e^−|x| from
// expMinusSumTermF32x4 (exp.ts, RELAXED_SUM_TERM_NOTE): one fused reduction step with ln2_f32 and
// a pmax to the cutoff instead of a compare and an and-not, so two operations and one constant
// register fewer per vector in the eight-chain loop (V8 spills about a third of that loop's
// instructions). Its effects on ℓ: e carries |n|·1.9e-9 more relative error (n = round(−|x|/ln2),
// ≤ 2.4e-7), i.e. log1p(e) gains < |x|·2.8e-9·e absolute, far inside the 2⁻²¹·|x| term of the
// BCE bound; below the cutoff (|x| > 87.3365) e is ≈ 1.1755e-38 instead of 0, adding < 1.2e-38
// to ℓ. The gradient flushes those lanes back to 0 (bceGradExpV), so σ(x) − z stays exactly
// 0 or ±1 for saturated logits. Together with LOG1P_UNIT_LN2_NOTE (log.ts) this makes the loss
// and the fused gradient about a tenth faster (timings in the commit history). The SIMD and
// scalar builds are unchanged (same bits as the elementwise policy).

/** e^−|x| for the BCE sum loops: expMinusF32x4, or expMinusSumTermF32x4 in the relaxed build. */
// @ts-ignore: decorator
@inline
function bceExpV(x: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return expMinusSumTermF32x4(negAbsV(x));
  return expMinusF32x4(negAbsV(x));
}

/**
 * bceExpV's e for the gradient: in the relaxed build lanes with −|x| below the cutoff are set to
 * 0 as expMinusF32x4 does, so σ(x) − z is exactly 0 or ±1 for saturated logits (tested).
 */
// @ts-ignore: decorator
@inline
function bceGradExpV(x: v128, e: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.andnot(e, f32x4.lt(negAbsV(x), f32x4.splat(EXP_DENORM_CUTOFF)));
  return e;
}

/** z for four elements: t itself, or t·(1 − s) + s/2 as a·t + b when smoothing (a, b hoisted). */
// @ts-ignore: decorator
@inline
function targetsV(t: v128, smooth: bool, a: v128, b: v128): v128 {
  return smooth ? madd4(t, a, b) : t;
}

/**
 * Σ_i ℓ_i over n contiguous elements for plain BCE from logits (no posWeight, no per-sample
 * weights or outputs: the headline case), writing g_i = gs·(σ(x_i) − z_i) when g != 0. The
 * policy's arithmetic with eight independent f32x4 chains per step (32 elements: V8 does not
 * reorder instructions; measured on a Zen 4 EPYC, 8 chains ran 1.25× faster than 4 and 16
 * chains slower again), the smoothing branch and the constants out of the loop, and four
 * float32 accumulators flushed into float64 every SUM_BLOCK elements (16 terms per lane).
 */
// @ts-ignore: decorator
@inline
function sumBceLogitsF32(t: usize, x: usize, n: i32, g: usize, gs: f32, s: f32, smooth: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  const sa: f32 = 1 - s;
  const sb: f32 = <f32>0.5 * s;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    const av = f32x4.splat(sa);
    const bv = f32x4.splat(sb);
    const gv = f32x4.splat(gs);
    const n16 = n & ~31;
    while (i < n16) {
      const start = i;
      const end = min(i + SUM_BLOCK, n16);
      let a0 = zero;
      let a1 = zero;
      let a2 = zero;
      let a3 = zero;
      for (; i < end; i += 32) {
        const off = <usize>i << 2;
        const x0 = v128.load(x + off, 0);
        const x1 = v128.load(x + off, 16);
        const x2 = v128.load(x + off, 32);
        const x3 = v128.load(x + off, 48);
        const x4 = v128.load(x + off, 64);
        const x5 = v128.load(x + off, 80);
        const x6 = v128.load(x + off, 96);
        const x7 = v128.load(x + off, 112);
        const e0 = bceExpV(x0);
        const e1 = bceExpV(x1);
        const e2 = bceExpV(x2);
        const e3 = bceExpV(x3);
        const e4 = bceExpV(x4);
        const e5 = bceExpV(x5);
        const e6 = bceExpV(x6);
        const e7 = bceExpV(x7);
        const z0 = targetsV(v128.load(t + off, 0), smooth, av, bv);
        const z1 = targetsV(v128.load(t + off, 16), smooth, av, bv);
        const z2 = targetsV(v128.load(t + off, 32), smooth, av, bv);
        const z3 = targetsV(v128.load(t + off, 48), smooth, av, bv);
        const z4 = targetsV(v128.load(t + off, 64), smooth, av, bv);
        const z5 = targetsV(v128.load(t + off, 80), smooth, av, bv);
        const z6 = targetsV(v128.load(t + off, 96), smooth, av, bv);
        const z7 = targetsV(v128.load(t + off, 112), smooth, av, bv);
        if (g) {
          const q = g + off;
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x0, z0, bceGradExpV(x0, e0), zero, one)), 0);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x1, z1, bceGradExpV(x1, e1), zero, one)), 16);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x2, z2, bceGradExpV(x2, e2), zero, one)), 32);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x3, z3, bceGradExpV(x3, e3), zero, one)), 48);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x4, z4, bceGradExpV(x4, e4), zero, one)), 64);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x5, z5, bceGradExpV(x5, e5), zero, one)), 80);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x6, z6, bceGradExpV(x6, e6), zero, one)), 96);
          v128.store(q, f32x4.mul(gv, bceLogitsGradV(x7, z7, bceGradExpV(x7, e7), zero, one)), 112);
        }
        a0 = f32x4.add(a0, bceLogitsV(x0, z0, e0, zero));
        a1 = f32x4.add(a1, bceLogitsV(x1, z1, e1, zero));
        a2 = f32x4.add(a2, bceLogitsV(x2, z2, e2, zero));
        a3 = f32x4.add(a3, bceLogitsV(x3, z3, e3, zero));
        a0 = f32x4.add(a0, bceLogitsV(x4, z4, e4, zero));
        a1 = f32x4.add(a1, bceLogitsV(x5, z5, e5, zero));
        a2 = f32x4.add(a2, bceLogitsV(x6, z6, e6, zero));
        a3 = f32x4.add(a3, bceLogitsV(x7, z7, e7, zero));
      }
      total += finiteOrRedoF32<BinaryCrossEntropyLogits>(
        hsumF32x4ToF64(f32x4.add(a0, a1)) + hsumF32x4ToF64(f32x4.add(a2, a3)), t, x, start, i, g, gs, s, 1, 0, 0,
      );
    }
    // fewer than 32 left: one chain, 4 at a time
    const n4 = n & ~3;
    if (i < n4) {
      const start = i;
      let a = zero;
      for (; i < n4; i += 4) {
        const off = <usize>i << 2;
        const xv = v128.load(x + off);
        const ev = bceExpV(xv);
        const zv = targetsV(v128.load(t + off), smooth, av, bv);
        if (g) v128.store(g + off, f32x4.mul(gv, bceLogitsGradV(xv, zv, bceGradExpV(xv, ev), zero, one)));
        a = f32x4.add(a, bceLogitsV(xv, zv, ev, zero));
      }
      total += finiteOrRedoF32<BinaryCrossEntropyLogits>(hsumF32x4ToF64(a), t, x, start, i, g, gs, s, 1, 0, 0);
    }
  }
  // the rest (and the whole array in the scalar build): the policy's scalar code
  const l = changetype<BinaryCrossEntropyLogits>(0);
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const tv = load<f32>(t + off);
    const xv = load<f32>(x + off);
    total += <f64>(g ? l.lossGradS(tv, xv, s, 1, 0, 0, gs, g + off) : l.lossS(tv, xv, s, 1, 0, 0));
  }
  return total;
}

// Two separate (not inlined) functions, without and with smoothing: V8 compiles each loop as a
// small function of its own (measured 2-4% faster than the same loops inside the export).
function sumBceLogitsPlainF32(t: usize, x: usize, n: i32, g: usize, gs: f32): f64 {
  return sumBceLogitsF32(t, x, n, g, gs, 0, false);
}

function sumBceLogitsSmoothF32(t: usize, x: usize, n: i32, g: usize, gs: f32, s: f32): f64 {
  return sumBceLogitsF32(t, x, n, g, gs, s, true);
}

@final @unmanaged
class BinaryCrossEntropyLogitsPosWeight {
  @inline lossS(t: f32, x: f32, s: f32, posWeight: f32, k2: f32, k3: f32): f32 {
    const z: f32 = smoothS(t, s);
    if (Mathf.abs(x) == Infinity) return bceInfLimitS(x, z, posWeight);
    const lw: f32 = 1 + (posWeight - 1) * z;
    return (1 - z) * x + lw * (log1pUnitF32(expMinusF32(-Mathf.abs(x))) + max<f32>(-x, 0));
  }
  @inline lossGradS(t: f32, x: f32, s: f32, posWeight: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const z: f32 = smoothS(t, s);
    const lw: f32 = 1 + (posWeight - 1) * z;
    const e: f32 = expMinusF32(-Mathf.abs(x));
    const sigma: f32 = (x >= 0 ? 1 : e) / (1 + e);
    store<f32>(g, gs * (lw * sigma - posWeight * z));
    if (Mathf.abs(x) == Infinity) return bceInfLimitS(x, z, posWeight);
    return (1 - z) * x + lw * (log1pUnitF32(e) + max<f32>(-x, 0));
  }
  @inline lossV(t: v128, x: v128, s: v128, posWeight: f32, k2: f32, k3: f32): v128 {
    const z = smoothV(t, s);
    const one = f32x4.splat(1);
    const lw = f32x4.add(one, f32x4.mul(f32x4.splat(posWeight - 1), z));
    const sp = f32x4.add(log1pUnitF32x4(expMinusF32x4(negAbsV(x))), f32x4.pmax(f32x4.neg(x), f32x4.splat(0)));
    return f32x4.add(f32x4.mul(f32x4.sub(one, z), x), f32x4.mul(lw, sp));
  }
  @inline lossGradV(t: v128, x: v128, s: v128, posWeight: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const z = smoothV(t, s);
    const one = f32x4.splat(1);
    const lw = f32x4.add(one, f32x4.mul(f32x4.splat(posWeight - 1), z));
    const e = expMinusF32x4(negAbsV(x));
    const sigma = f32x4.div(v128.bitselect(one, e, f32x4.ge(x, f32x4.splat(0))), f32x4.add(one, e));
    v128.store(g, f32x4.mul(gs, f32x4.sub(f32x4.mul(lw, sigma), f32x4.mul(f32x4.splat(posWeight), z))));
    const sp = f32x4.add(log1pUnitF32x4(e), f32x4.pmax(f32x4.neg(x), f32x4.splat(0)));
    return f32x4.add(f32x4.mul(f32x4.sub(one, z), x), f32x4.mul(lw, sp));
  }
}

// ---- BCE from probabilities ------------------------------------------------------------------

/** −(w₊·z·log p̄ + (1 − z)·log(1 − p̄)) */
// @ts-ignore: decorator
@inline
export function bceProbS(z: f32, pc: f32, posWeight: f32): f32 {
  return -(posWeight * z * logF32(pc) + (1 - z) * logF32(1 - pc));
}

// @ts-ignore: decorator
@inline
export function bceProbV(z: v128, pc: v128, posWeight: f32): v128 {
  const one = f32x4.splat(1);
  return f32x4.neg(f32x4.add(
    f32x4.mul(f32x4.mul(f32x4.splat(posWeight), z), logF32x4(pc)),
    f32x4.mul(f32x4.sub(one, z), logF32x4(f32x4.sub(one, pc))),
  ));
}

/** ∂bce/∂p = (p̄(1 − z) − w₊·z·(1 − p̄)) / (p̄(1 − p̄)), 0 strictly outside [ε, 1 − ε] (prob-clip.ts) */
// @ts-ignore: decorator
@inline
export function bceProbGradS(z: f32, p: f32, pc: f32, posWeight: f32): f32 {
  // NaN p passes the clip, so its gradient stays NaN
  return clipPassesF32(p) ? (pc * (1 - z) - posWeight * z * (1 - pc)) / (pc * (1 - pc)) : 0;
}

// @ts-ignore: decorator
@inline
export function bceProbGradV(z: v128, p: v128, pc: v128, posWeight: f32): v128 {
  const one = f32x4.splat(1);
  const omp = f32x4.sub(one, pc);
  const d = f32x4.div(
    f32x4.sub(f32x4.mul(pc, f32x4.sub(one, z)), f32x4.mul(f32x4.mul(f32x4.splat(posWeight), z), omp)),
    f32x4.mul(pc, omp),
  );
  // NaN p passes (clipBlocksF32x4 is false there), so its gradient stays NaN
  return v128.andnot(d, clipBlocksF32x4(p));
}

@final @unmanaged
class BinaryCrossEntropyProbs {
  @inline lossS(t: f32, p: f32, s: f32, posWeight: f32, k2: f32, k3: f32): f32 {
    return bceProbS(smoothS(t, s), clipProbF32(p), posWeight);
  }
  @inline lossGradS(t: f32, p: f32, s: f32, posWeight: f32, k2: f32, k3: f32, gs: f32, g: usize): f32 {
    const z: f32 = smoothS(t, s);
    const pc: f32 = clipProbF32(p);
    store<f32>(g, gs * bceProbGradS(z, p, pc, posWeight));
    return bceProbS(z, pc, posWeight);
  }
  @inline lossV(t: v128, p: v128, s: v128, posWeight: f32, k2: f32, k3: f32): v128 {
    return bceProbV(smoothV(t, s), clipProbF32x4(p), posWeight);
  }
  @inline lossGradV(t: v128, p: v128, s: v128, posWeight: f32, k2: f32, k3: f32, gs: v128, g: usize): v128 {
    const z = smoothV(t, s);
    const pc = clipProbF32x4(p);
    v128.store(g, f32x4.mul(gs, bceProbGradV(z, p, pc, posWeight)));
    return bceProbV(z, pc, posWeight);
  }
}

// ---- exports: (t, x, rows, features, w, lossOut, g, gs, labelSmoothing, posWeight) → Σ_s w_s·L_s ---

export function binaryCrossentropyLogitsF32(
  t: usize, x: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32, s: f32, posWeight: f32,
): f64 {
  if (posWeight != 1) return elementwiseLossF32<BinaryCrossEntropyLogitsPosWeight>(t, x, rows, features, w, lossOut, g, gs, s, posWeight);
  if (w == 0 && lossOut == 0) {
    // the headline case: one dedicated loop over all elements (the driver's sumTerms path)
    const n = rows * features;
    const sum = s == 0 ? sumBceLogitsPlainF32(t, x, n, g, gs) : sumBceLogitsSmoothF32(t, x, n, g, gs, s);
    return sum / <f64>features;
  }
  return elementwiseLossF32<BinaryCrossEntropyLogits>(t, x, rows, features, w, lossOut, g, gs, s);
}

export function binaryCrossentropyProbsF32(
  t: usize, p: usize, rows: i32, features: i32, w: usize, lossOut: usize, g: usize, gs: f32, s: f32, posWeight: f32,
): f64 {
  return elementwiseLossF32<BinaryCrossEntropyProbs>(t, p, rows, features, w, lossOut, g, gs, s, posWeight);
}
