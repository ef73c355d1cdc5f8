// Tiny per-sample cross-entropies from logits (assembly/losses/crossentropy-logits-*.ts): a
// confident, correct row has a loss of 1e-3 … 1e-30, which a kernel forming log S with S = 1 + ε
// in float32 loses (log of 1 + 1e-8 is 0). The kernels compute −log q_l = log1p(S'/e_l) with S'
// the sum of the other terms (sparse) or log1p((K − 1) + R/e_max) (dense), reduce every exp from
// x itself (no rounded x − max), and form the label's gradient as −S'/S. Bound under test: per row
// |L − L64| ≤ 2e-6·L (crossentropy.ts), the label's gradient within 2e-6 relative, every other
// entry within 2e-6 relative (plus 1e-44 absolute for results in float32's subnormal range);
// 2e-5 for the relaxed build where its multiply-adds are not fused (JavaScriptCore).
//
// Reference: float64, −log q_l = log1p(Σ_{c ≠ l} exp(x_c − x_l)) and q_c = exp(x_c − x_l)/(1 + T),
// q_l − 1 = −T/(1 + T), T = Σ_{c ≠ l} exp(x_c − x_l): no cancellation anywhere.
import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectClose } from "../util/close.js";
import { rng } from "../util/rng.js";
import { BUILD, RELAXED_MADD_FUSED } from "../setup.js";

/** The loss of one row and its gradient (one-hot target at l), float64, from the formulas above. */
function tinyRow64(x: ArrayLike<number>, l: number): { loss: number; grad: number[] } {
  let T = 0;
  for (let c = 0; c < x.length; c++) if (c !== l) T += Math.exp(x[c] - x[l]);
  const grad = Array.from(x, (v, c) => (c === l ? -T / (1 + T) : Math.exp(v - x[l]) / (1 + T)));
  return { loss: Math.log1p(T), grad };
}

// V8 fuses the relaxed build's multiply-adds; JavaScriptCore (Bun, Safari) runs them as a
// multiply and an add. The loss-only sums' one-step reduction t = x − k·ln2 then rounds k·ln2
// (up to |k|·ln2·2^−24, k up to ~450 here): measured up to 1.4e-5 relative there, so 2e-5 for
// that engine and build, 2e-6 everywhere else
const REL = BUILD === "relaxed" && !RELAXED_MADD_FUSED ? 2e-5 : 2e-6;
const CLASSES = [...Array.from({ length: 33 }, (_, i) => i + 1), 64, 100, 255, 256, 257, 1000];

type Any = (a: unknown, b: unknown, o?: object) => unknown;
const scce = sl.sparseCategoricalCrossentropy as unknown as Any;
const scceG = sl.sparseCategoricalCrossentropyWithGrad as unknown as Any;
const cce = sl.categoricalCrossentropy as unknown as Any;
const cceG = sl.categoricalCrossentropyWithGrad as unknown as Any;

/**
 * rows × C logits: row r's label logit is `at` (a float32), every other logit at − gap − a spread
 * in [0, 6); the gaps walk from 4 to about 69 + ln C over the rows, so the losses run from about
 * 1e-2 down to 1e-30.
 */
function confidentRows(rows: number, C: number, seed: number, at: (r: number) => number) {
  const r = rng(seed);
  const labels = Int32Array.from({ length: rows }, () => Math.floor(r() * C));
  const x = new Float32Array(rows * C);
  for (let i = 0; i < rows; i++) {
    const top = Math.fround(at(i));
    const gap = 4 + ((66 + Math.log(C)) * i) / Math.max(1, rows - 1);
    for (let c = 0; c < C; c++) x[i * C + c] = c === labels[i] ? top : top - gap - 6 * r();
  }
  return { labels, x };
}

function check(labels: Int32Array, x: Float32Array, C: number, what: string) {
  const rows = labels.length;
  const oneHot = new Float32Array(rows * C);
  for (let i = 0; i < rows; i++) oneHot[i * C + labels[i]] = 1;
  const o = { classes: C, fromLogits: true, reduction: "none" };
  const sparse = scce(labels, x, o) as Float32Array;
  const dense = cce(oneHot, x, o) as Float32Array;
  const sg = scceG(labels, x, o) as sl.LossWithGrad<Float32Array>;
  const dg = cceG(oneHot, x, o) as sl.LossWithGrad<Float32Array>;
  for (let i = 0; i < rows; i++) {
    const row = x.subarray(i * C, (i + 1) * C);
    const ref = tinyRow64(row, labels[i]);
    const w = `${what} row ${i} (L64 = ${ref.loss.toExponential(3)})`;
    expectClose(sparse[i], ref.loss, REL, 0, `${w} sparse`);
    expectClose(dense[i], ref.loss, REL, 0, `${w} dense`);
    expectClose(sg.loss[i], ref.loss, REL, 0, `${w} sparse WithGrad`);
    expectClose(dg.loss[i], ref.loss, REL, 0, `${w} dense WithGrad`);
    for (let c = 0; c < C; c++) {
      expectClose(sg.grad[i * C + c], ref.grad[c], REL, 1e-44, `${w} sparse grad[${c}]`);
      expectClose(dg.grad[i * C + c], ref.grad[c], REL, 1e-44, `${w} dense grad[${c}]`);
    }
  }
}

describe("tiny per-sample cross-entropies from logits: relative error ≤ 2e-6 down to 1e-30", () => {
  it("10 classes, the label's logit 0 and the other nine at −d: L = log1p(9·e^−d) from 4e-4 to 1e-29", () => {
    // the measurements behind the fix: 4e-4 was off by 1.2e-4 relative, 1e-6 by 6 %, 2e-8 came out 0
    const ds = [8, 10, 12, 14, 16, 17, 18, 20, 22, 25, 30, 35, 40, 50, 60, 65, 68];
    const x = new Float32Array(ds.length * 10);
    ds.forEach((d, r) => {
      for (let c = 1; c < 10; c++) x[r * 10 + c] = -d;
    });
    const labels = new Int32Array(ds.length);
    const none = scce(labels, x, { classes: 10, fromLogits: true, reduction: "none" }) as Float32Array;
    ds.forEach((d, r) => {
      const L64 = Math.log1p(9 * Math.exp(-d));
      expect(L64).toBeGreaterThan(1e-30);
      expectClose(none[r], L64, REL, 0, `d = ${d}`);
    });
    check(labels, x, 10, "label 0");
  });

  it("the label's logit not 0 (±3.7, 12.3, −57.1, 150, −190): no rounded x − max enters an exp", () => {
    // with a max of 12.3, x − max for x = −57.7 rounds by up to 2^−18 = 3.8e-6, a relative error of
    // e^(x − max) of that size: the kernels reduce x itself
    for (const top of [3.7, -3.7, 12.3, -57.1, 150.4, -190.2]) {
      for (const C of [2, 10, 17, 100]) {
        const { labels, x } = confidentRows(9, C, C + Math.round(top * 10), () => top);
        check(labels, x, C, `top=${top} C=${C}`);
      }
    }
  });

  it("every C = 1…33, 64, 100, 255, 256, 257, 1000 (SIMD tails, the four-row blocks and their tails), nine rows from 1e-2 to 1e-30", () => {
    for (const C of CLASSES) {
      const { labels, x } = confidentRows(9, C, 7 * C, (r) => 10 * Math.sin(C + r));
      check(labels, x, C, `C=${C}`);
    }
  });

  it("losses below 1e-30 down to float32's subnormal range keep their relative precision to 1e-5", () => {
    for (const C of [2, 10, 100]) {
      const x = new Float32Array(3 * C);
      const gaps = [75, 85, 95]; // L ≈ (C − 1)·e^−gap: 1e-33 … 5e-40 (subnormal)
      gaps.forEach((g, r) => {
        for (let c = 1; c < C; c++) x[r * C + c] = -g;
      });
      const labels = new Int32Array(3);
      const none = scce(labels, x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
      gaps.forEach((g, r) => {
        const L64 = Math.log1p((C - 1) * Math.exp(-g));
        expectClose(none[r], L64, L64 > 1.2e-38 ? 1e-5 : 2e-2, 1.5e-45, `C=${C} gap=${g}`);
      });
    }
  });

  it("the loss-only sum drops terms below e^(max − 110) to exactly 0: a confident row with C − 1 logits 120 below gives exactly 0", () => {
    // true L = (C − 1)·e^−120 ≈ 7.7e-50 · (C − 1): below any float32, so 0 (not C·1.2e-38)
    for (const C of [17, 100, 257, 1000]) {
      const x = new Float32Array(C).fill(-120);
      x[3] = 0;
      expect((scce([3], x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array)[0]).toBe(0);
      expect((cce(Float32Array.from({ length: C }, (_, c) => (c === 3 ? 1 : 0)), x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array)[0]).toBe(0);
    }
  });

  it("weighted, summed and mean reductions of tiny losses: relative error ≤ 2e-6", () => {
    for (const C of [5, 33, 100]) {
      const { labels, x } = confidentRows(13, C, C, (r) => r - 6);
      const w = Float32Array.from({ length: 13 }, (_, i) => 0.5 + (i % 3));
      let sum = 0;
      for (let i = 0; i < 13; i++) sum += w[i] * tinyRow64(x.subarray(i * C, (i + 1) * C), labels[i]).loss;
      const o = { classes: C, fromLogits: true, sampleWeight: w, reduction: "sum" };
      expectClose(scce(labels, x, o) as number, sum, REL, 0, `C=${C} sum`);
      expectClose((scceG(labels, x, o) as sl.LossWithGrad).loss, sum, REL, 0, `C=${C} sum WithGrad`);
    }
  });
});
