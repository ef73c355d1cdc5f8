import { beforeAll, describe, expect, it } from "vitest";
import { ready } from "../../src/index.js";
import { logitGradientNorms, meanOverMisclassified } from "../../src/trainer/mechanism.js";
import { rng } from "../util/rng.js";

// The study's gradient measure, |∂L/∂logit| per sample from simdloss's fused gradients chained
// through the output activation, against float64 written from each loss's formula on the same
// float32 predictions.

beforeAll(async () => {
  await ready();
});

// The Keras probability clip of cross-entropy from probabilities, [ε, 1 − ε] with ε = 1e-7, as
// float32 bounds; simdloss's gradient is 0 where the clip is active, bounds included.
const LO = Math.fround(1e-7);
const HI = Math.fround(1 - 1e-7);

/** n sigmoid outputs from logits spread over [−span, span] (some confidently wrong), 0/1 targets. */
function sigmoidCase(seed: number, n: number, span: number) {
  const r = rng(seed);
  const z = Array.from({ length: n }, () => span * (2 * r() - 1));
  return { y: Float32Array.from(z, () => (r() < 0.5 ? 0 : 1)), p: Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v))) };
}

/** n softmax rows of C from logits in [−span, span], one-hot targets. */
function softmaxCase(seed: number, n: number, C: number, span: number) {
  const r = rng(seed);
  const p = new Float32Array(n * C);
  const y = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: C }, () => span * (2 * r() - 1));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, c) => (p[i * C + c] = v / s));
    y[i * C + Math.floor(r() * C)] = 1;
  }
  return { y, p };
}

/** ∂L/∂z of one softmax row, from ∂L/∂p in float64: J^T g with J = diag(p) − p pᵀ. */
function chainSoftmax(p: number[], g: number[]): number[] {
  const dot = p.reduce((a, pk, k) => a + pk * g[k], 0);
  return p.map((pc, c) => pc * (g[c] - dot));
}

const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

function expectClose(got: Float64Array, want: number[], rel: number) {
  expect(got.length).toBe(want.length);
  const scale = Math.max(...want.map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    // Relative per sample where the value is not tiny against the largest (MSE's vanishing gradients are).
    if (err > rel * Math.max(Math.abs(want[i]), 1e-3 * scale)) expect.fail(`sample ${i}: ${got[i]} vs ${want[i]}`);
  }
}

describe("logitGradientNorms, one sigmoid output", () => {
  it.each([[1, 257, 4], [2, 100, 20]])("MSE: |2(p − y)·p(1 − p)| (seed %i, %i samples, logits up to ±%i)", (seed, n, span) => {
    const { y, p } = sigmoidCase(seed, n, span);
    const want = Array.from(p, (pi, i) => Math.abs(2 * (pi - y[i]) * pi * (1 - pi)));
    expectClose(logitGradientNorms("mse", 1, y, p), want, 1e-6);
  });

  it.each([[3, 257, 4], [4, 100, 20]])("binary cross-entropy: |p − y| inside the clip, 0 outside (seed %i, %i samples, ±%i)", (seed, n, span) => {
    const { y, p } = sigmoidCase(seed, n, span);
    // the clip passes the gradient at its bounds (as tf.clip_by_value): 0 only strictly outside
    const want = Array.from(p, (pi, i) => (pi < LO || pi > HI ? 0 : Math.abs(pi - y[i])));
    expectClose(logitGradientNorms("ce", 1, y, p), want, 1e-6);
  });

  it("a confidently wrong sample: MSE's gradient vanishes, cross-entropy's stays near 1", () => {
    const y = Float32Array.of(1, 0);
    const p = Float32Array.of(1 / (1 + Math.exp(10)), 1 / (1 + Math.exp(-10))); // z = −10 for y = 1, z = 10 for y = 0
    const mse = logitGradientNorms("mse", 1, y, p);
    const ce = logitGradientNorms("ce", 1, y, p);
    for (let i = 0; i < 2; i++) {
      expect(mse[i]).toBeLessThan(1e-4);
      expect(ce[i]).toBeGreaterThan(0.9999);
    }
  });
});

describe("logitGradientNorms, ten softmax outputs", () => {
  it.each([[5, 33, 3], [6, 20, 12]])("MSE on one-hot: ‖J^T · 2(p − y)/C‖ (seed %i, %i rows, logits up to ±%i)", (seed, n, span) => {
    const C = 10;
    const { y, p } = softmaxCase(seed, n, C, span);
    const want = Array.from({ length: n }, (_, i) => {
      const pi = Array.from(p.subarray(i * C, (i + 1) * C));
      return norm(chainSoftmax(pi, pi.map((v, c) => (2 * (v - y[i * C + c])) / C)));
    });
    expectClose(logitGradientNorms("mse", C, y, p), want, 1e-5);
  });

  it.each([[7, 33, 3], [8, 20, 6]])("categorical cross-entropy: ‖p − y‖ (seed %i, %i rows, logits up to ±%i)", (seed, n, span) => {
    const C = 10;
    const { y, p } = softmaxCase(seed, n, C, span);
    const want = Array.from({ length: n }, (_, i) => norm(Array.from({ length: C }, (_, c) => p[i * C + c] - y[i * C + c])));
    expectClose(logitGradientNorms("ce", C, y, p), want, 1e-5);
  });
});

describe("meanOverMisclassified", () => {
  it("averages over the wrong predictions only; null when there is none", () => {
    expect(meanOverMisclassified([1, 2, 3, 4], [0, 1, 1, 0], [1, 1, 0, 0])).toEqual({ mean: 2, count: 2 });
    expect(meanOverMisclassified([1, 2], [0, 1], [0, 1])).toEqual({ mean: null, count: 0 });
  });
});
