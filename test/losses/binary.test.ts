import { describe, expect, it } from "vitest";
import { BUILD, RELAXED_MADD_FUSED } from "../setup.js";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";

// ---- float64 references from the Keras 3 formulas (keras/src/losses/losses.py) -----------------
const EPS = Math.fround(1e-7);
const ONE_MINUS_EPS = Math.fround(1 - 1e-7);
const clip = (p: number) => Math.min(Math.max(p, EPS), ONE_MINUS_EPS);
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

interface O {
  fromLogits?: boolean;
  labelSmoothing?: number;
  posWeight?: number;
  gamma?: number;
  alpha?: number;
  applyClassBalancing?: boolean;
  features?: number;
  reduction?: string;
  sampleWeight?: ArrayLike<number>;
}

type Term = (t: number, x: number, o: O) => { loss: number; grad: number };

const bceTerm: Term = (t, x, o) => {
  const s = o.labelSmoothing ?? 0;
  const z = t * (1 - s) + 0.5 * s;
  const pw = o.posWeight ?? 1;
  if (o.fromLogits) {
    const lw = 1 + (pw - 1) * z;
    const loss = (1 - z) * x + lw * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0));
    return { loss, grad: lw * sigmoid(x) - pw * z };
  }
  const p = clip(x);
  const loss = -(pw * z * Math.log(p) + (1 - z) * Math.log(1 - p));
  const free = x >= EPS && x <= ONE_MINUS_EPS; // the clip's gradient passes at the bounds (tf.clip_by_value)
  return { loss, grad: free ? -pw * z / p + (1 - z) / (1 - p) : 0 };
};

const focalTerm: Term = (t, x, o) => {
  const s = o.labelSmoothing ?? 0;
  const z = t * (1 - s) + 0.5 * s;
  const gamma = o.gamma ?? 2;
  const alpha = o.alpha ?? 0.25;
  const at = o.applyClassBalancing ? z * alpha + (1 - z) * (1 - alpha) : 1;
  const b = bceTerm(t, x, { fromLogits: o.fromLogits, labelSmoothing: s });
  const p = o.fromLogits ? sigmoid(x) : x;
  const u = z * (1 - p) + (1 - z) * p;
  const f = u ** gamma;
  const du = u > 0 ? gamma * u ** (gamma - 1) * (1 - 2 * z) : 0; // ∂u^γ/∂p
  const dpdx = o.fromLogits ? p * (1 - p) : 1;
  return { loss: at * f * b.loss, grad: at * (du * dpdx * b.loss + f * b.grad) };
};

const TERMS: Record<string, Term> = { binaryCrossentropy: bceTerm, binaryFocalCrossentropy: focalTerm };
const NAMES = Object.keys(TERMS);
type Fn = (a: unknown, b: unknown, o?: object) => unknown;
const lossFn = (name: string) => (sl as unknown as Record<string, Fn>)[name];
const gradFn = (name: string) => (sl as unknown as Record<string, Fn>)[`${name}WithGrad`];

function reference(name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: O = {}) {
  const F = o.features ?? 1;
  const rows = yPred.length / F;
  const w = (r: number) => (o.sampleWeight ? o.sampleWeight[r] : 1);
  const perSample: number[] = [];
  const terms = Array.from(yPred, (x, i) => TERMS[name](yTrue[i], x, o));
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let f = 0; f < F; f++) sum += terms[r * F + f].loss;
    perSample.push(w(r) * (sum / F));
    total += w(r) * (sum / F);
  }
  let divisor = rows;
  const reduction = o.reduction ?? "sum_over_batch_size";
  if (reduction === "sum" || reduction === "none") divisor = 1;
  if (reduction === "mean_with_sample_weight" && o.sampleWeight) divisor = Array.from(o.sampleWeight).reduce((a, b) => a + b, 0);
  if (reduction === "sum_by_nonzero_weights" && o.sampleWeight) divisor = Array.from(o.sampleWeight).filter((v) => v !== 0).length;
  const scale = divisor === 0 ? 0 : 1 / divisor;
  const grad = terms.map((t, i) => (scale * w(Math.floor(i / F)) * t.grad) / F);
  return { perSample, loss: divisor === 0 ? 0 : total / divisor, grad, scale };
}

/** Soft or hard targets and logits / probabilities. */
function inputs(n: number, seed: number, fromLogits: boolean, hard = false) {
  const r = rng(seed);
  const yTrue = Float32Array.from({ length: n }, () => (hard ? (r() < 0.5 ? 0 : 1) : r()));
  const yPred = fromLogits ? uniform(seed + 1, n, -8, 8) : uniform(seed + 1, n, 0.001, 0.999);
  return { yTrue, yPred };
}

// Error bounds (assembly/losses/binary-crossentropy.ts, binary-focal.ts): BCE 2⁻²¹·(|x| + ℓ) + 1.2e-7; focal 1e-5·ℓ + 3e-7.
const REL = 1e-5;
const ABS = 3e-7;
const OPTION_SETS: O[] = [
  {}, { labelSmoothing: 0.2 }, { posWeight: 3 }, { gamma: 0 }, { gamma: 1.5, alpha: 0.6, applyClassBalancing: true },
  { gamma: 3, labelSmoothing: 0.1 },
];
const applies = (name: string, o: O) =>
  name === "binaryCrossentropy" ? o.gamma === undefined && o.alpha === undefined : o.posWeight === undefined;

describe("binary cross-entropy family", () => {
  for (const name of NAMES) {
    describe(name, () => {
      for (const fromLogits of [true, false]) {
        const kind = fromLogits ? "logits" : "probabilities";
        it(`${kind}: matches float64 at every tail length, for each option set`, () => {
          for (const base of OPTION_SETS.filter((o) => applies(name, o))) {
            for (const n of TAIL_LENGTHS) {
              const { yTrue, yPred } = inputs(n, n + 3, fromLogits);
              const o = { ...base, fromLogits };
              const ref = reference(name, yTrue, yPred, o);
              const what = `${JSON.stringify(base)} n=${n}`;
              expectClose(lossFn(name)(yTrue, yPred, o) as number, ref.loss, REL, ABS, what);
              const { loss, grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad;
              expectClose(loss, ref.loss, REL, ABS, `${what} WithGrad`);
              expectAllClose(grad, ref.grad, 4e-6, 3e-6 * ref.scale, `${what} grad`);
            }
          }
        });

        it(`${kind}: features, every reduction, sample weights`, () => {
          for (const F of [1, 3, 8, 17]) {
            const rows = 6;
            const { yTrue, yPred } = inputs(rows * F, F, fromLogits, true);
            const sampleWeight = Float32Array.of(1, 0, 2.5, 0.5, 1, 3);
            for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight", "sum_by_nonzero_weights", "none"]) {
              const o = { fromLogits, features: F, reduction, sampleWeight };
              const ref = reference(name, yTrue, yPred, o);
              const { loss, grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad<number | Float32Array>;
              if (reduction === "none") expectAllClose(loss as Float32Array, ref.perSample, REL, ABS);
              else expectClose(loss as number, ref.loss, REL, ABS, `F=${F} ${reduction}`);
              expectAllClose(grad, ref.grad, 4e-6, 1e-6, `F=${F} ${reduction} grad`);
            }
          }
        });

        it(`${kind}: gradient matches the float64 analytic gradient and central finite differences`, () => {
          for (const base of OPTION_SETS.filter((o) => applies(name, o))) {
            const { yTrue, yPred } = inputs(12, 5, fromLogits);
            const o = { ...base, fromLogits, features: 3 };
            const y64 = Float64Array.from(yPred);
            const ref = reference(name, yTrue, y64, o);
            const { grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad;
            for (let i = 0; i < y64.length; i++) {
              const h = fromLogits ? 1e-6 : 1e-8;
              const up = Float64Array.from(y64); up[i] += h;
              const dn = Float64Array.from(y64); dn[i] -= h;
              const fd = (reference(name, yTrue, up, o).loss - reference(name, yTrue, dn, o).loss) / (2 * h);
              expectClose(ref.grad[i], fd, 1e-5, 1e-7, `${JSON.stringify(base)} analytic vs fd[${i}]`);
              expectClose(grad[i], fd, 2e-5, 1e-6, `${JSON.stringify(base)} kernel vs fd[${i}]`);
            }
          }
        });
      }

      it("NaN in one sample gives NaN for that sample only", () => {
        for (const fromLogits of [true, false]) {
          const { yTrue, yPred } = inputs(12, 8, fromLogits);
          yPred[5] = NaN;
          const o = { fromLogits, features: 4 };
          expect(lossFn(name)(yTrue, yPred, o)).toBeNaN();
          const none = lossFn(name)(yTrue, yPred, { ...o, reduction: "none" }) as Float32Array;
          expect([0, 1, 2].map((i) => Number.isNaN(none[i]))).toEqual([false, true, false]);
          const { grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad;
          expect(Array.from(grad, (g, i) => (Number.isNaN(g) ? i : -1)).filter((i) => i >= 0)).toEqual([5]);
        }
      });

      it("label smoothing outside [0, 1] → ValueError; non-boolean fromLogits → ArgumentTypeError", () => {
        expect(() => lossFn(name)([1], [0.5], { labelSmoothing: 2 })).toThrowError(sl.ValueError);
        expect(() => lossFn(name)([1], [0.5], { labelSmoothing: -1 })).toThrowError(`${name}: options.labelSmoothing must be a number in [0, 1], got number -1`);
        expect(() => lossFn(name)([1], [0.5], { fromLogits: 1 })).toThrowError(sl.ArgumentTypeError);
        expect(() => lossFn(name)([1, 0, 1], [0.5, 0.5, 0.5], { features: 2 })).toThrowError(sl.ShapeError);
      });
    });
  }

  it("binaryCrossentropy from logits, tiny losses (z = 0, x in [−87, −20]): relative error ≤ 1e-6 per element, in the sum and in the gradient", () => {
    // ℓ = log1p(e^x) ≈ e^x ∈ [1.6e-38, 2.1e-9]: below any absolute floor, so only a relative check
    // sees a wrong value here (e.g. 0 for x < −20). The exp (2 ULP, plus ≤ 2.4e-7 from the relaxed
    // build's one-step reduction) and log1p (1 ULP) errors stay under 1e-6 relative. On an engine
    // that does not fuse relaxed_madd (JavaScriptCore) the relaxed build's one-step reduction
    // t = x − n·ln2 rounds n·ln2 (|n·ln2| < 88) to half an ULP, 2⁻¹⁸: up to 3.8e-6 more, 4.2e-6 in all.
    const tol = BUILD === "relaxed" && !RELAXED_MADD_FUSED ? 4.2e-6 : 1e-6;
    const n = 4099;
    const x = uniform(97, n, -87, -20);
    const z = new Float32Array(n);
    // the stable form with z = 0 (bceTerm's posWeight form cancels here): ℓ = log1p(e^x), ℓ' = σ(x)
    const ref = Array.from(x, (v) => ({ loss: Math.log1p(Math.exp(v)), grad: sigmoid(v) }));
    const none = sl.binaryCrossentropy(z, x, { fromLogits: true, reduction: "none" });
    for (let i = 0; i < n; i++) expectClose(none[i], ref[i].loss, tol, 0, `ℓ(x = ${x[i]})`);
    // the unweighted mean takes the dedicated 32-per-step loop (every tail: n = 4099)
    for (const m of [n, 31, 33, 65]) {
      const mean = ref.slice(0, m).reduce((a, t) => a + t.loss, 0) / m;
      expectClose(sl.binaryCrossentropy(z.subarray(0, m), x.subarray(0, m), { fromLogits: true }), mean, tol, 0, `mean of ${m}`);
      const { loss, grad } = sl.binaryCrossentropyWithGrad(z.subarray(0, m), x.subarray(0, m), { fromLogits: true, reduction: "sum" });
      expectClose(loss, mean * m, tol, 0, `sum of ${m}`);
      for (let i = 0; i < m; i++) expectClose(grad[i], ref[i].grad, tol, 0, `σ(x = ${x[i]})`);
    }
    // binary focal from logits, γ = 1: ℓ = u·ℓ_bce with u = σ(x), as tiny as ℓ_bce, so ℓ ≈ e^(2x): the
    // check stops at x = −43, below which ℓ is a float32 subnormal (< 1.18e-38, fewer significant bits)
    const focal = sl.binaryFocalCrossentropy(z, x, { fromLogits: true, gamma: 1, reduction: "none" });
    for (let i = 0; i < n; i++) {
      if (x[i] > -43) expectClose(focal[i], sigmoid(x[i]) * ref[i].loss, 1e-5, 0, `focal ℓ(x = ${x[i]})`);
    }
  });

  it("binaryCrossentropy error bound per element: |ℓ − ℓ64| ≤ 2⁻²¹·(|x| + ℓ) + 1.2e-7", () => {
    const n = 20000;
    const r = rng(99);
    const z = Float32Array.from({ length: n }, () => (r() < 0.3 ? Math.round(r()) : r()));
    for (const fromLogits of [true, false]) {
      const x = fromLogits ? uniform(100, n, -60, 60) : uniform(101, n, 0, 1);
      const none = sl.binaryCrossentropy(z, x, { fromLogits, reduction: "none" });
      for (let i = 0; i < n; i++) {
        const ref = bceTerm(z[i], x[i], { fromLogits }).loss;
        const tol = 2 ** -21 * ((fromLogits ? Math.abs(x[i]) : 0) + ref) + 1.2e-7;
        if (!(Math.abs(none[i] - ref) <= tol)) expect.fail(`fromLogits=${fromLogits} z=${z[i]} x=${x[i]}: ${none[i]} vs ${ref}`);
      }
    }
  });

  it("binaryCrossentropy from logits, unweighted sum (the dedicated 32-per-step loop): within the summed per-element bound", () => {
    // the per-element bound above, summed, plus the blocked float32 → float64 summation error
    // (≤ 16 terms per float32 lane before each flush: 16·2⁻²⁴ relative)
    const n = 20000;
    const r = rng(98);
    const z = Float32Array.from({ length: n }, () => (r() < 0.3 ? Math.round(r()) : r()));
    const x = uniform(102, n, -60, 60);
    for (const labelSmoothing of [0, 0.1]) {
      let ref = 0;
      let tol = 0;
      for (let i = 0; i < n; i++) {
        const l = bceTerm(z[i], x[i], { fromLogits: true, labelSmoothing }).loss;
        ref += l;
        tol += 2 ** -21 * (Math.abs(x[i]) + l) + 1.2e-7 + 16 * 2 ** -24 * l;
      }
      const got = sl.binaryCrossentropy(z, x, { fromLogits: true, labelSmoothing, reduction: "sum" }) as number;
      expect(Math.abs(got - ref), `labelSmoothing ${labelSmoothing}: ${got} vs ${ref}`).toBeLessThanOrEqual(tol);
      const { loss } = sl.binaryCrossentropyWithGrad(z, x, { fromLogits: true, labelSmoothing, reduction: "sum" });
      expect(Math.abs(loss - ref)).toBeLessThanOrEqual(tol);
    }
  });

  it("binaryCrossentropy from logits, unweighted sum: logits in [−120, 120] (past the exp cutoff |x| = 87.34) within the summed bound, gradients exact where saturated", () => {
    // large |x| exercise the exp's reduction at large |n| and the flush below e^−87.3365 (the
    // relaxed build's sum loop raises e to the cutoff for the loss and flushes it for σ)
    const n = 4096 + 29;
    const r = rng(77);
    const z = Float32Array.from({ length: n }, () => (r() < 0.5 ? Math.round(r()) : r()));
    const x = uniform(78, n, -120, 120);
    let ref = 0;
    let tol = 0;
    for (let i = 0; i < n; i++) {
      const l = bceTerm(z[i], x[i], { fromLogits: true }).loss;
      ref += l;
      tol += 2 ** -21 * (Math.abs(x[i]) + l) + 1.2e-7 + 16 * 2 ** -24 * l;
    }
    const got = sl.binaryCrossentropy(z, x, { fromLogits: true, reduction: "sum" }) as number;
    expect(Math.abs(got - ref), `${got} vs ${ref}`).toBeLessThanOrEqual(tol);
    const { loss, grad } = sl.binaryCrossentropyWithGrad(z, x, { fromLogits: true, reduction: "sum" });
    expect(Math.abs(loss - ref)).toBeLessThanOrEqual(tol);
    for (let i = 0; i < n; i++) {
      const want = sigmoid(x[i]) - z[i];
      if (Math.abs(x[i]) > 87.34) {
        // σ(x) is 0 (x < −87.34: e^x < 2^−126 is flushed) or 1 (x > 87.34: 1/(1 + e^−x) rounds to 1)
        expect(grad[i], `x = ${x[i]}, z = ${z[i]}`).toBe(Math.fround((x[i] > 0 ? 1 : 0) - z[i]));
      } else if (Math.abs(grad[i] - want) > 4e-6 * Math.abs(want) + 1e-6) {
        expect.fail(`grad at x = ${x[i]}, z = ${z[i]}: ${grad[i]} vs ${want}`);
      }
    }
  });

  it("binaryCrossentropy from logits, unweighted sum: ±1e4 exact and NaN propagates inside the SIMD body", () => {
    // 64 elements: all in the 32-per-step loop. Hand-computed: ℓ(z=1, x=−1e4) = 1e4, ℓ(z=0, x=1e4) = 1e4,
    // ℓ(z=1, x=1e4) = ℓ(z=0, x=−1e4) = 0 (e^−1e4 flushes to 0, log1p(0) = 0)
    const yTrue = new Float32Array(64);
    const yPred = new Float32Array(64);
    for (let i = 0; i < 64; i++) {
      yTrue[i] = i & 1;
      yPred[i] = (i & 2 ? 1 : -1) * 1e4; // i%4: (0,−1e4) → 0, (1,−1e4) → 1e4, (0,1e4) → 1e4, (1,1e4) → 0
    }
    expect(sl.binaryCrossentropy(yTrue, yPred, { fromLogits: true, reduction: "sum" })).toBe(32 * 1e4);
    const { grad } = sl.binaryCrossentropyWithGrad(yTrue, yPred, { fromLogits: true, reduction: "sum" });
    for (let i = 0; i < 64; i++) expect(grad[i]).toBe((i & 2 ? 1 : 0) - (i & 1));
    yPred[37] = NaN;
    expect(sl.binaryCrossentropy(yTrue, yPred, { fromLogits: true })).toBeNaN();
    expect(sl.binaryCrossentropyWithGrad(yTrue, yPred, { fromLogits: true }).grad[37]).toBeNaN();
  });

  describe("±Infinity logits give the limits of the loss and its gradient (NaN stays NaN)", () => {
    // Float64 reasoning, from the formulas: with z the (smoothed) target, W = 1 − z at x = +∞ and
    // W = w₊·z at x = −∞, ℓ ~ |x|·W, so ℓ → +∞ where W > 0 and ℓ → 0 where W = 0 (z = 1 at +∞,
    // z = 0 at −∞); ℓ' = lw·σ(x) − w₊·z → 1 − z at +∞ (σ = 1, lw = 1 + (w₊ − 1)z) and −w₊·z at −∞.
    // Focal: u → 1 − z (+∞) or z (−∞), and u > 0 exactly where W > 0, so ℓ = a_t·u^γ·ℓ_bce → a_t·∞
    // or 0; its gradient's first term (σ(x)σ(−x)·ℓ_bce ~ |x|e^−|x|) → 0, leaving a_t·u^γ·(σ − z).
    const INF_CASES = [
      { t: 1, x: Infinity }, { t: 0, x: -Infinity }, { t: 0, x: Infinity }, { t: 1, x: -Infinity },
      { t: 0.25, x: Infinity }, { t: 0.25, x: -Infinity },
    ];
    const limit = (t: number, x: number, o: O) => {
      const s = o.labelSmoothing ?? 0;
      const z = t * (1 - s) + 0.5 * s;
      const pw = o.posWeight ?? 1;
      const W = x > 0 ? 1 - z : pw * z;
      const U = x > 0 ? 1 - z : z;
      const sigma = x > 0 ? 1 : 0;
      if (o.gamma !== undefined) {
        const alpha = o.alpha ?? 0.25;
        const at = o.applyClassBalancing ? z * alpha + (1 - z) * (1 - alpha) : 1;
        return { loss: W > 0 && at > 0 ? Infinity : 0, grad: at * U ** o.gamma * (sigma - z) };
      }
      return { loss: W > 0 ? Infinity : 0, grad: (1 + (pw - 1) * z) * sigma - pw * z };
    };
    const VARIANTS: [string, O][] = [
      ["binaryCrossentropy", {}], ["binaryCrossentropy", { labelSmoothing: 0.1 }], ["binaryCrossentropy", { posWeight: 3 }],
      ["binaryCrossentropy", { posWeight: 0.5, labelSmoothing: 0.2 }],
      ["binaryFocalCrossentropy", { gamma: 2 }], ["binaryFocalCrossentropy", { gamma: 0.5, labelSmoothing: 0.1 }],
      ["binaryFocalCrossentropy", { gamma: 2, alpha: 0.25, applyClassBalancing: true }],
    ];

    it("the six cases of binaryCrossentropy([1, 0, 0, 1, …], [+∞, −∞, +∞, −∞, …]): 0, 0, +∞, +∞; gradients 0, 0, 1, −1", () => {
      const none = sl.binaryCrossentropy([1, 0, 0, 1], [Infinity, -Infinity, Infinity, -Infinity], { fromLogits: true, reduction: "none" });
      expect(Array.from(none)).toEqual([0, 0, Infinity, Infinity]);
      const { grad } = sl.binaryCrossentropyWithGrad([1, 0, 0, 1], [Infinity, -Infinity, Infinity, -Infinity], { fromLogits: true, reduction: "sum" });
      expect(Array.from(grad)).toEqual([0, 0, 1, -1]);
      // with label smoothing z is in (0, 1): +∞ on both sides
      expect(Array.from(sl.binaryCrossentropy([1, 0, 0, 1], [Infinity, -Infinity, Infinity, -Infinity], { fromLogits: true, labelSmoothing: 0.1, reduction: "none" })))
        .toEqual([Infinity, Infinity, Infinity, Infinity]);
      // the zero limits add nothing to a sum or a mean
      expect(sl.binaryCrossentropy([1, 0], [Infinity, -Infinity], { fromLogits: true })).toBe(0);
    });

    for (const [name, base] of VARIANTS) {
      it(`${name} ${JSON.stringify(base)}: every case at every position of the SIMD body, the 32-per-step loop and the scalar tail; per sample, summed, weighted and with features`, () => {
        for (const n of [1, 4, 5, 31, 32, 33, 64, 67, 257, 300]) {
          for (const c of INF_CASES) {
            for (const at of new Set([0, n >> 1, n - 1, Math.min(n - 1, 255), Math.min(n - 1, 256)])) {
              const yTrue = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : 0.5));
              const yPred = uniform(n * 7 + at, n, -6, 6);
              yTrue[at] = c.t;
              yPred[at] = c.x;
              const o = { ...base, fromLogits: true };
              const what = `n=${n} x[${at}]=${c.x} t=${c.t}`;
              const lim = limit(c.t, c.x, o);
              const ref = reference(name, yTrue, yPred.map((v, i) => (i === at ? 0 : v)), { ...o, reduction: "none" });
              const perSample = ref.perSample.map((v, i) => (i === at ? lim.loss : v));
              const refGrad = ref.grad.map((v, i) => (i === at ? lim.grad : v));
              expectAllClose(lossFn(name)(yTrue, yPred, { ...o, reduction: "none" }) as Float32Array, perSample, REL, ABS, `${what} none`);
              const sum = perSample.reduce((a, b) => a + b, 0);
              expectClose(lossFn(name)(yTrue, yPred, { ...o, reduction: "sum" }) as number, sum, REL, ABS * n, `${what} sum`);
              const g = gradFn(name)(yTrue, yPred, { ...o, reduction: "sum" }) as sl.LossWithGrad;
              expectClose(g.loss, sum, REL, ABS * n, `${what} sum WithGrad`);
              expectAllClose(g.grad, refGrad, 4e-6, 1e-6, `${what} grad`);
              const w = Float32Array.from({ length: n }, (_, i) => 0.5 + (i % 4));
              const gw = gradFn(name)(yTrue, yPred, { ...o, reduction: "none", sampleWeight: w }) as sl.LossWithGrad<Float32Array>;
              expectAllClose(gw.loss, perSample.map((v, i) => (v === 0 ? 0 : w[i] * v)), REL, ABS * 4, `${what} weighted`);
              expectAllClose(gw.grad, refGrad.map((v, i) => w[i] * v), 4e-6, 4e-6, `${what} weighted grad`);
              if (n % 4 === 0) {
                // features = 4: the row holding the infinity has the mean of its four terms
                const rowLoss = lossFn(name)(yTrue, yPred, { ...o, features: 4, reduction: "none" }) as Float32Array;
                const r = at >> 2;
                const want = [0, 1, 2, 3].reduce((a, k) => a + perSample[r * 4 + k], 0) / 4;
                expectClose(rowLoss[r], want, REL, ABS, `${what} features=4`);
              }
            }
          }
        }
      });
    }

    it("NaN logits or targets next to ±Infinity stay NaN, in every path", () => {
      for (const [name, base] of VARIANTS) {
        for (const n of [3, 40]) {
          const yTrue = new Float32Array(n).fill(1);
          const yPred = new Float32Array(n).fill(Infinity);
          yPred[1] = NaN;
          yTrue[2] = NaN;
          const o = { ...base, fromLogits: true };
          const none = lossFn(name)(yTrue, yPred, { ...o, reduction: "none" }) as Float32Array;
          const lim = limit(1, Infinity, o);
          expect([none[0], none[1], none[2]], `${name} ${JSON.stringify(base)} n=${n}`).toEqual([lim.loss, NaN, NaN]);
          expect(lossFn(name)(yTrue, yPred, { ...o, reduction: "sum" }), `${name} n=${n} sum`).toBeNaN();
          const { grad } = gradFn(name)(yTrue, yPred, { ...o, reduction: "sum" }) as sl.LossWithGrad;
          expect(grad[0], `${name} n=${n} grad`).toBeCloseTo(lim.grad, 6);
          expect([grad[1], grad[2]], `${name} n=${n} grad`).toEqual([NaN, NaN]);
        }
      }
    });
  });

  it("binaryCrossentropy: logits of ±1e4 give the exact float32 answer", () => {
    const yTrue = Float32Array.of(1, 0, 1, 0, 0.25);
    const yPred = Float32Array.of(1e4, -1e4, -1e4, 1e4, 1e4);
    const none = sl.binaryCrossentropy(yTrue, yPred, { fromLogits: true, reduction: "none" });
    expect(Array.from(none)).toEqual([0, 0, 1e4, 1e4, 7500]);
    const { grad } = sl.binaryCrossentropyWithGrad(yTrue, yPred, { fromLogits: true, reduction: "sum" });
    expect(Array.from(grad)).toEqual([0, 0, -1, 1, 0.75]);
    expect(sl.binaryCrossentropy([1], [-1e4], { fromLogits: true, posWeight: 2 })).toBe(2e4);
    // focal: u = 1 at the wrong extreme, so the loss is bce itself
    expect(Array.from(sl.binaryFocalCrossentropy(yTrue.subarray(0, 4), yPred.subarray(0, 4), { fromLogits: true, reduction: "none" }))).toEqual([0, 0, 1e4, 1e4]);
  });

  it("binaryCrossentropy: probabilities of exactly 0 and 1 give the clipped value (16.118095 for y = 1, p = 0)", () => {
    // hand-computed: −log(float32(1e-7)) = 16.1180953…; −log(1 − float32(1 − 1e-7)) = −log(2^-23) = 15.9423851…
    const none = sl.binaryCrossentropy(Float32Array.of(1, 0, 1, 0), Float32Array.of(0, 1, 1, 0), { reduction: "none" });
    expectClose(none[0], 16.118095, 1e-7);
    expectClose(none[0], -Math.log(EPS), 1e-7);
    expectClose(none[1], 23 * Math.LN2, 1e-7);
    expectClose(none[2], -Math.log(ONE_MINUS_EPS), 1e-6);
    // Keras computes log(1 − p) in float32: 1 − float32(1e-7) rounds to 1 − 2^-23
    expectClose(none[3], -Math.log(Math.fround(1 - EPS)), 1e-6);
    const { grad } = sl.binaryCrossentropyWithGrad(Float32Array.of(1, 0, 1, 0), Float32Array.of(0, 1, 1, 0));
    expect(Array.from(grad)).toEqual([0, 0, 0, 0]);
    expectClose(sl.binaryFocalCrossentropy([1], [0]) as number, 16.118095, 1e-7); // u = 1
  });

  it("binaryCrossentropy([1, 0], [0.9, 0.2]) is −(log 0.9 + log 0.8)/2 (hand-computed)", () => {
    expectClose(sl.binaryCrossentropy([1, 0], [0.9, 0.2]), -(Math.log(Math.fround(0.9)) + Math.log(1 - Math.fround(0.2))) / 2, 1e-6);
    expectClose(sl.binaryCrossentropy([1], [0], { fromLogits: true }), Math.LN2, 1e-7);
  });

  it("1e6 elements from logits match float64", () => {
    const { yTrue, yPred } = inputs(1e6, 17, true);
    const ref = reference("binaryCrossentropy", yTrue, yPred, { fromLogits: true, features: 10 });
    expectClose(sl.binaryCrossentropy(yTrue, yPred, { fromLogits: true, features: 10 }), ref.loss, 1e-6);
  });

  it("invalid posWeight, gamma, alpha → ValueError", () => {
    expect(() => sl.binaryCrossentropy([1], [0.5], { posWeight: -1 })).toThrowError(sl.ValueError);
    expect(() => sl.binaryFocalCrossentropy([1], [0.5], { gamma: -1 })).toThrowError("binaryFocalCrossentropy: options.gamma must be a finite number ≥ 0, got number -1");
    expect(() => sl.binaryFocalCrossentropy([1], [0.5], { alpha: 2 })).toThrowError(sl.ValueError);
  });

  it("property: random shapes and options match the float64 reference", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        fc.constantFrom(...OPTION_SETS),
        fc.constantFrom("sum_over_batch_size", "sum", "mean_with_sample_weight", "none"),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (name, rows, F, fromLogits, base, reduction, weighted, seed) => {
          if (!applies(name, base)) return;
          const { yTrue, yPred } = inputs(rows * F, seed, fromLogits);
          const sampleWeight = weighted ? uniform(seed + 2, rows, 0, 2) : undefined;
          const o = { ...base, fromLogits, features: F, reduction, sampleWeight };
          const ref = reference(name, yTrue, yPred, o);
          const { loss, grad } = gradFn(name)(yTrue, yPred, o) as sl.LossWithGrad<number | Float32Array>;
          if (reduction === "none") expectAllClose(loss as Float32Array, ref.perSample, REL, ABS);
          else expectClose(loss as number, ref.loss, REL, ABS);
          expectAllClose(grad, ref.grad, 4e-6, 1e-6 * Math.max(1, ref.scale));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
