// The gradient of the probability clip (assembly/losses/prob-clip.ts) at and around its bounds,
// through every loss that clips: TensorFlow's ClipByValue gradient (what Keras 3's ops.clip uses
// on the TensorFlow backend), tfjs's and PyTorch's clamp pass the incoming gradient where
// ε ≤ p ≤ 1 − ε, the bounds included, and give 0 only strictly outside. The references below are
// float64 and written from that rule; one test also asks tfjs itself (tf.grad through
// tf.clipByValue on the CPU backend).
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import * as sl from "../../src/index.js";
import { expectAllClose } from "../util/close.js";

const EPS = Math.fround(1e-7); // 0x33D6BF95
const ONE_MINUS_EPS = Math.fround(1 - 1e-7); // 0x3F7FFFFE = 1 − 2^−23
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The float32 after v (towards +∞) or before it, for positive v. */
const nextUp = (v: number) => ((f32[0] = v), (u32[0] += 1), f32[0]);
const nextDown = (v: number) => ((f32[0] = v), (u32[0] -= 1), f32[0]);
/** Does the clip pass the gradient at p (TensorFlow's rule)? */
const passes = (p: number) => p >= EPS && p <= ONE_MINUS_EPS;
const clip = (p: number) => Math.min(Math.max(p, EPS), ONE_MINUS_EPS);

// the bounds, the floats next to them on both sides, and two ordinary values
const AT_BOUNDS = [EPS, ONE_MINUS_EPS, nextDown(EPS), nextUp(EPS), nextDown(ONE_MINUS_EPS), nextUp(ONE_MINUS_EPS), 0, 1, 0.3];

type Fn = (a: unknown, b: unknown, o?: object) => unknown;
const gradOf = (name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: object) =>
  ((sl as unknown as Record<string, Fn>)[`${name}WithGrad`](yTrue, yPred, { reduction: "sum", ...o }) as sl.LossWithGrad).grad;

describe("probability clip: the gradient passes at the bounds (tf.clip_by_value's rule)", () => {
  it("the test's values are what they claim: ε and 1 − ε in float32, and their neighbours", () => {
    expect(EPS).toBe(1.0000000116860974e-7);
    expect(ONE_MINUS_EPS).toBe(1 - 2 ** -23);
    expect([passes(EPS), passes(ONE_MINUS_EPS), passes(nextDown(EPS)), passes(nextUp(ONE_MINUS_EPS))]).toEqual([true, true, false, false]);
  });

  it("binaryCrossentropy from probabilities: ∂ℓ/∂p = −w₊z/p + (1 − z)/(1 − p) at p = ε and p = 1 − ε, 0 strictly outside", () => {
    for (const posWeight of [1, 3]) {
      for (const z of [0, 1, 0.3]) {
        const p = Float32Array.from(AT_BOUNDS);
        const t = new Float32Array(p.length).fill(z);
        // every position of a SIMD body and of the scalar tail: repeat the pattern with offsets
        for (const shift of [0, 1, 2, 3]) {
          const pp = Float32Array.from({ length: p.length + shift }, (_, i) => (i < shift ? 0.5 : p[i - shift]));
          const tt = Float32Array.from({ length: pp.length }, (_, i) => (i < shift ? z : t[i - shift]));
          const want = Array.from(pp, (v, i) => (passes(v) ? -posWeight * tt[i] / clip(v) + (1 - tt[i]) / (1 - clip(v)) : 0));
          expectAllClose(gradOf("binaryCrossentropy", tt, pp, { posWeight }), want, 4e-6, 0, `z=${z} posWeight=${posWeight} shift=${shift}`);
        }
      }
    }
  });

  it("binaryFocalCrossentropy from probabilities: the clipped BCE's gradient passes at the bounds", () => {
    const gamma = 2;
    for (const z of [0, 1]) {
      const p = Float32Array.from(AT_BOUNDS);
      const t = new Float32Array(p.length).fill(z);
      const want = Array.from(p, (v) => {
        const u = z * (1 - v) + (1 - z) * v; // unclipped, as Keras
        const pc = clip(v);
        const bce = -(z * Math.log(pc) + (1 - z) * Math.log(1 - pc));
        const dbce = passes(v) ? -z / pc + (1 - z) / (1 - pc) : 0;
        const du = u > 0 ? gamma * u ** (gamma - 1) * (1 - 2 * z) : 0;
        return du * bce + u ** gamma * dbce;
      });
      expectAllClose(gradOf("binaryFocalCrossentropy", t, p, { gamma }), want, 1e-5, 1e-7, `z=${z}`);
    }
  });

  it("binaryCrossentropy at the bounds equals tfjs's tf.grad through tf.clipByValue (CPU backend, float32)", async () => {
    await tf.setBackend("cpu");
    for (const z of [0, 1, 0.3]) {
      const p = Float32Array.from(AT_BOUNDS);
      const t = new Float32Array(p.length).fill(z);
      const zt = tf.tensor1d(t);
      const bce = (q: tf.Tensor) => {
        const c = tf.clipByValue(q, EPS, ONE_MINUS_EPS);
        return tf.neg(tf.sum(tf.add(tf.mul(zt, tf.log(c)), tf.mul(tf.sub(1, zt), tf.log(tf.sub(1, c))))));
      };
      const gt = tf.grad(bce)(tf.tensor1d(p));
      const want = await gt.data();
      expectAllClose(gradOf("binaryCrossentropy", t, p, {}), want, 2e-6, 0, `z=${z}`);
      // tfjs passes the gradient at both bounds and blocks it strictly outside
      expect([want[0] !== 0, want[1] !== 0, want[2], want[5]]).toEqual([true, true, 0, 0]);
      tf.dispose([zt, gt]);
    }
  });

  // a row that sums to exactly 1 in float32 and float64, so q = p exactly: q₀ = ε (passes), q₁ = 1 − ε
  // (passes), q₂ = 2^−23 − ε ≈ 1.9e-8 (clipped), zeros (clipped); in SIMD lanes and in the scalar tail
  const ROWS = [
    [EPS, ONE_MINUS_EPS, 2 ** -23 - EPS],
    [EPS, ONE_MINUS_EPS, 2 ** -23 - EPS, 0, 0],
    [0, 0, 2 ** -23 - EPS, ONE_MINUS_EPS, EPS],
    [0, 0, 0, 0, 2 ** -23 - EPS, 0, ONE_MINUS_EPS, 0, EPS],
  ];

  /** ∂L/∂p of L = −Σ y'·log clip(p_c / Σp) in float64, with the clip's rule. */
  function cceGrad(y: number[], p: number[]): number[] {
    const S = p.reduce((a, b) => a + b, 0);
    const q = p.map((v) => v / S);
    const sumFree = y.reduce((a, v, c) => a + (passes(q[c]) ? v : 0), 0);
    return q.map((qc, j) => (sumFree - (passes(qc) ? y[j] / clip(qc) : 0)) / S);
  }

  it("categoricalCrossentropy and sparseCategoricalCrossentropy from probabilities: q = ε and q = 1 − ε pass the gradient", () => {
    for (const row of ROWS) {
      const C = row.length;
      const p = Float32Array.from(row);
      expect(p.reduce((a, b) => a + b, 0)).toBe(1);
      for (let label = 0; label < C; label++) {
        const y = Array.from({ length: C }, (_, c) => (c === label ? 1 : 0));
        const what = `row ${row} label ${label}`;
        expectAllClose(gradOf("sparseCategoricalCrossentropy", [label], p, { classes: C }), cceGrad(y, row), 2e-6, 0, `sparse ${what}`);
        expectAllClose(gradOf("categoricalCrossentropy", y, p, { classes: C }), cceGrad(y, row), 2e-6, 0, `dense ${what}`);
        // label smoothing takes the kernels' general path (every class has a target)
        const s = 0.1;
        const ys = y.map((v) => v * (1 - s) + s / C);
        expectAllClose(gradOf("sparseCategoricalCrossentropy", [label], p, { classes: C, labelSmoothing: s }), cceGrad(ys, row), 2e-6, 1e-9, `sparse s=0.1 ${what}`);
      }
    }
  });

  it("categoricalFocalCrossentropy from probabilities: q = ε and q = 1 − ε pass the gradient", () => {
    const alpha = 0.25;
    const gamma = 2;
    for (const row of ROWS) {
      const C = row.length;
      const p = Float32Array.from(row);
      for (let label = 0; label < C; label++) {
        const y = Array.from({ length: C }, (_, c) => (c === label ? 1 : 0));
        // a_c = ∂L/∂q_c where the clip passes, L = −α Σ (1 − q)^γ y log q; ∂L/∂p_j = (a_j − Σ a_c q_c) / Σp
        const a = row.map((qc, c) => (passes(qc)
          ? -alpha * y[c] * ((1 - clip(qc)) ** gamma / clip(qc) - gamma * (1 - clip(qc)) ** (gamma - 1) * Math.log(clip(qc)))
          : 0));
        const aq = a.reduce((acc, v, c) => acc + v * clip(row[c]), 0);
        const want = a.map((aj) => aj - aq);
        expectAllClose(gradOf("categoricalFocalCrossentropy", y, p, { classes: C }), want, 1e-5, 1e-9, `row ${row} label ${label}`);
      }
    }
  });

  it("kullbackLeiblerDivergence: p = ε passes the gradient −t̄/p̄ (clip to [ε, 1]); p just below ε gives 0", () => {
    const p = Float32Array.of(EPS, nextDown(EPS), 1, nextUp(EPS), 0.5);
    const t = Float32Array.of(0.5, 0.5, 0.5, 0.5, 0.5);
    const want = Array.from(p, (v) => (v >= EPS && v <= 1 ? -0.5 / v : 0));
    expectAllClose(gradOf("kullbackLeiblerDivergence", t, p, {}), want, 2e-6, 0);
  });

  it("meanSquaredLogarithmicError: max(p, ε) passes the gradient at p = ε (TensorFlow's Maximum gradient), 0 below", () => {
    const p = Float32Array.of(EPS, nextDown(EPS), nextUp(EPS), 0.5, 0);
    const t = Float32Array.of(1, 1, 1, 1, 1);
    const want = Array.from(p, (v) => (v >= EPS ? (2 * (Math.log1p(v) - Math.log(2))) / (1 + v) : 0));
    expectAllClose(gradOf("meanSquaredLogarithmicError", t, p, {}), want, 4e-6, 0);
  });
});
