import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { LOSSES, axisOption, type LossCase } from "../util/public-api.js";
import { rng } from "../util/rng.js";

// The weights of the losses: the denominators of the reductions come from the weights as the
// caller gives them (float64, not rounded to float32), and per-element weights of yPred's full
// shape (tfjs-core's `weights`) for the element-wise losses.

const BIG = 16777217; // 2^24 + 1: float32 rounds it to 16777216
const REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight", "sum_by_nonzero_weights"] as const;

describe("the reduction's denominator comes from the weights as given", () => {
  // Σ w·L is the same number in both calls, so sum / mean is the denominator itself (to rounding).
  it("every loss: 'mean_with_sample_weight' divides by Σ w of the float64 weights", () => {
    for (const c of LOSSES) {
      const { yTrue, yPred } = c.data(3, 2, 5);
      const axis = axisOption(c, 2);
      for (const w of [[BIG, BIG, 1], [0.1, 0.7, 0.3]]) {
        const sum = c.loss(yTrue, yPred, { ...axis, reduction: "sum", sampleWeight: Float64Array.from(w) }) as number;
        const mean = c.loss(yTrue, yPred, { ...axis, reduction: "mean_with_sample_weight", sampleWeight: Float64Array.from(w) }) as number;
        expectClose(sum / mean, w[0] + w[1] + w[2], 4e-16, 0, `${c.name} ${w}`);
      }
    }
  });

  it("every loss: 'sum_by_nonzero_weights' counts a weight that float32 would round to 0", () => {
    for (const c of LOSSES) {
      const { yTrue, yPred } = c.data(3, 2, 6);
      const axis = axisOption(c, 2);
      const w = [1e-300, 1, 2];
      const sum = c.loss(yTrue, yPred, { ...axis, reduction: "sum", sampleWeight: w }) as number;
      const mean = c.loss(yTrue, yPred, { ...axis, reduction: "sum_by_nonzero_weights", sampleWeight: w }) as number;
      expectClose(sum / mean, 3, 4e-16, 0, c.name);
    }
  });

  it("classWeight: Σ sampleWeight·classWeight in float64", () => {
    const labels = [0, 1, 1];
    const logits = [5, 0, 0, 0, 1, 0];
    const o = { classes: 2, fromLogits: true, classWeight: [BIG, 1], sampleWeight: [1, 0.1, 0.7] };
    const sum = sl.sparseCategoricalCrossentropy(labels, logits, { ...o, reduction: "sum" });
    const mean = sl.sparseCategoricalCrossentropy(labels, logits, { ...o, reduction: "mean_with_sample_weight" });
    expectClose(sum / mean, BIG + 0.1 + 0.7, 4e-16);
  });
});

/** A case's per-element terms ℓ (its loss with features = 1 and reduction 'none', unweighted). */
function terms(c: LossCase, yTrue: Float32Array | Int32Array, yPred: Float32Array): Float32Array {
  return c.loss(yTrue, yPred, { features: 1, reduction: "none" }) as Float32Array;
}

/** KL's per-sample loss is a sum over the last axis (Keras); the others' a mean. */
const rowScale = (c: LossCase, F: number) => (c.name === "kullbackLeiblerDivergence" ? 1 : 1 / F);

describe("per-element weights of the element-wise losses (tfjs-core's `weights` of the full shape)", () => {
  const elementwise = LOSSES.filter((c) => c.elementwise);
  const rows = 9;
  const F = 4;

  it("each term is weighted before the mean over the last axis; denominators Σ W / F and count(W ≠ 0) / F", () => {
    const r = rng(17);
    for (const c of elementwise) {
      const { yTrue, yPred } = c.data(rows, F, 31);
      const W = Float64Array.from({ length: rows * F }, (_, i) => (i % 5 === 0 ? 0 : r() * 3));
      const l = terms(c, yTrue, yPred);
      const perSample = Array.from({ length: rows }, (_, s) => {
        let x = 0;
        for (let f = 0; f < F; f++) x += W[s * F + f] * l[s * F + f];
        return x * rowScale(c, F);
      });
      const total = perSample.reduce((a, b) => a + b, 0);
      const sumW = W.reduce((a, b) => a + b, 0);
      const nonzero = W.filter((w) => w !== 0).length;
      const expected: Record<string, number> = {
        sum_over_batch_size: total / rows,
        sum: total,
        mean_with_sample_weight: total / (sumW / F),
        sum_by_nonzero_weights: total / (nonzero / F),
      };
      for (const [reduction, value] of Object.entries(expected)) {
        expectClose(c.loss(yTrue, yPred, { features: F, reduction, sampleWeight: W }) as number, value, 2e-6, 1e-9, `${c.name} ${reduction}`);
      }
      expectAllClose(c.loss(yTrue, yPred, { features: F, reduction: "none", sampleWeight: W }) as Float32Array, perSample, 2e-6, 1e-7, `${c.name} none`);
    }
  });

  it("weights constant along each row equal per-sample weights, for every reduction, value and gradient", () => {
    const r = rng(18);
    for (const c of elementwise) {
      const { yTrue, yPred } = c.data(rows, F, 32);
      const w = Array.from({ length: rows }, (_, s) => (s === 3 ? 0 : r() * 2));
      const W = w.flatMap((x) => new Array(F).fill(x));
      for (const reduction of REDUCTIONS) {
        const a = c.withGrad(yTrue, yPred, { features: F, reduction, sampleWeight: W });
        const b = c.withGrad(yTrue, yPred, { features: F, reduction, sampleWeight: w });
        const what = `${c.name} ${reduction}`;
        if (typeof b.loss === "number") expectClose(a.loss as number, b.loss, 2e-6, 1e-9, what);
        else expectAllClose(a.loss as Float32Array, b.loss, 2e-6, 1e-7, what);
        expectAllClose(a.grad, b.grad, 2e-6, 1e-9, `${what} grad`);
      }
    }
  });

  it("the gradient is that of the weighted loss: 2·W·(p − t) / Σ W for MSE with 'mean_with_sample_weight'", () => {
    const c = LOSSES.find((x) => x.name === "meanSquaredError")!;
    const { yTrue, yPred } = c.data(rows, F, 33);
    const W = Float64Array.from({ length: rows * F }, (_, i) => (i % 3) * 0.5);
    const sumW = W.reduce((a, b) => a + b, 0);
    const { grad } = c.withGrad(yTrue, yPred, { features: F, reduction: "mean_with_sample_weight", sampleWeight: W });
    // loss = Σ W·(p − t)² / F / (Σ W / F) = Σ W·(p − t)² / Σ W, so ∂/∂p_e = 2·W_e·(p_e − t_e) / Σ W
    expectAllClose(grad, Array.from(W, (w, i) => (2 * w * (yPred[i] - yTrue[i])) / sumW), 1e-6, 1e-9);
  });

  it("tfjs-core agrees: MEAN is 'mean_with_sample_weight' and SUM_BY_NONZERO_WEIGHTS is 'sum_by_nonzero_weights' (with F·)", async () => {
    await tf.setBackend("cpu");
    const r = rng(19);
    const x = Float32Array.from({ length: rows * F }, () => r() * 6 - 3);
    const t = Float32Array.from({ length: rows * F }, () => (r() < 0.5 ? 0 : 1));
    const W = Float32Array.from({ length: rows * F }, (_, i) => (i % 7 === 0 ? 0 : r() * 2));
    const shape: [number, number] = [rows, F];
    type TfLoss = (l: tf.Tensor, p: tf.Tensor, w: tf.Tensor, reduction: tf.Reduction) => tf.Tensor;
    const pairs: [string, TfLoss, object][] = [
      ["meanSquaredError", (l, p, w, red) => tf.losses.meanSquaredError(l, p, w, red), {}],
      ["meanAbsoluteError", (l, p, w, red) => tf.losses.absoluteDifference(l, p, w, red), {}],
      ["huber", (l, p, w, red) => tf.losses.huberLoss(l, p, w, 0.7, red), { delta: 0.7 }],
      ["binaryCrossentropy", (l, p, w, red) => tf.losses.sigmoidCrossEntropy(l, p, w, 0, red), { fromLogits: true }],
      ["hinge", (l, p, w, red) => tf.losses.hingeLoss(l, p, w, red), {}],
    ];
    for (const [name, tfLoss, options] of pairs) {
      const loss = (sl as unknown as Record<string, (a: unknown, b: unknown, o: object) => number>)[name];
      const withGrad = (sl as unknown as Record<string, (a: unknown, b: unknown, o: object) => { grad: Float32Array }>)[`${name}WithGrad`];
      const [l, p, w] = [tf.tensor2d(t, shape), tf.tensor2d(x, shape), tf.tensor2d(W, shape)];
      const o = { ...options, features: F, sampleWeight: W };
      const mean = (await tfLoss(l, p, w, tf.Reduction.MEAN).data())[0];
      const nonzero = (await tfLoss(l, p, w, tf.Reduction.SUM_BY_NONZERO_WEIGHTS).data())[0];
      const sum = (await tfLoss(l, p, w, tf.Reduction.SUM).data())[0];
      expectClose(loss(t, x, { ...o, reduction: "mean_with_sample_weight" }), mean, 1e-5, 1e-7, `${name} MEAN`);
      expectClose(loss(t, x, { ...o, reduction: "sum_by_nonzero_weights" }), nonzero, 1e-5, 1e-7, `${name} SUM_BY_NONZERO_WEIGHTS`);
      expectClose(F * loss(t, x, { ...o, reduction: "sum" }), sum, 1e-5, 1e-6, `${name} SUM`);
      const g = await tf.grad((pp: tf.Tensor) => tfLoss(l, pp, w, tf.Reduction.MEAN))(p).data();
      expectAllClose(withGrad(t, x, { ...o, reduction: "mean_with_sample_weight" }).grad, g, 1e-4, 1e-7, `${name} grad`);
      tf.dispose([l, p, w]);
    }
  });

  it("nested per-element weights of yPred's nested shape", () => {
    const W = [[1, 0], [2, 0.5]];
    expect(sl.meanSquaredError([[1, 2], [3, 4]], [[0, 0], [0, 0]], { sampleWeight: W, reduction: "none" })).toEqual(
      Float32Array.of((1 * 1 + 0 * 4) / 2, (2 * 9 + 0.5 * 16) / 2),
    );
  });

  it("row losses take one weight per row (or a scalar): full-shape weights are a ShapeError", () => {
    for (const c of LOSSES.filter((x) => !x.elementwise)) {
      const { yTrue, yPred } = c.data(3, 2, 9);
      expect(() => c.loss(yTrue, yPred, { ...axisOption(c, 2), sampleWeight: new Array(6).fill(1) }), c.name).toThrow(
        /options\.sampleWeight\.length \(6\) must equal the number of samples \(3\)/,
      );
    }
    expect(() => sl.meanSquaredError([1, 2, 3, 4], [1, 2, 3, 4], { features: 2, sampleWeight: [1, 2, 3] })).toThrow(
      /options\.sampleWeight\.length \(3\) must equal the number of samples \(2\)/,
    );
  });
});
