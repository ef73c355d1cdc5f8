import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers tfjs-core's gradients in Node
import "@tensorflow/tfjs-backend-wasm";
import { useTransposeFirstMatMul } from "../../src/trainer/wasm-matmul.js";
import { uniform } from "../util/rng.js";

// The trainer's wasm BatchMatMul wrapper (transpose first, then the untransposed kernel) against
// float64 products written from the definition, for every transpose combination.

const original = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc;

beforeAll(async () => {
  useTransposeFirstMatMul();
  await tf.setBackend("wasm");
  await tf.ready();
});

/** out[b][i][j] = Σ_k A[b][i][k]·B[b][k][j] in float64, A and B given with their transposes applied. */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], tA: boolean, tB: boolean): number[] {
  const [batch, ar, ac] = aShape.length === 3 ? aShape : [1, ...aShape];
  const [bBatch, br, bc] = bShape.length === 3 ? bShape : [1, ...bShape];
  const m = tA ? ac : ar;
  const k = tA ? ar : ac;
  const n = tB ? br : bc;
  const A = (s: number, i: number, j: number) => (tA ? a[s * ar * ac + j * ac + i] : a[s * ar * ac + i * ac + j]);
  const B = (s: number, i: number, j: number) => (tB ? b[s * br * bc + j * bc + i] : b[s * br * bc + i * bc + j]);
  const out: number[] = [];
  for (let s = 0; s < Math.max(batch, bBatch); s++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let q = 0; q < k; q++) sum += A(batch === 1 ? 0 : s, i, q) * B(bBatch === 1 ? 0 : s, q, j);
        out.push(sum);
      }
    }
  }
  return out;
}

describe("useTransposeFirstMatMul", () => {
  it("replaces the wasm backend's BatchMatMul kernel", () => {
    expect(tf.getKernel("BatchMatMul", "wasm")!.kernelFunc).not.toBe(original);
  });

  it.each([
    [false, false], [true, false], [false, true], [true, true],
  ])("transposeA %s, transposeB %s: rank 2 (a Dense layer's shapes) and rank 3", (tA, tB) => {
    for (const [aShape, bShape] of [
      [tA ? [37, 5] : [5, 37], tB ? [9, 37] : [37, 9]],
      [tA ? [3, 6, 4] : [3, 4, 6], tB ? [3, 7, 6] : [3, 6, 7]],
      [tA ? [1, 6, 4] : [1, 4, 6], tB ? [3, 7, 6] : [3, 6, 7]], // broadcast batch
    ]) {
      const a = uniform(11, aShape.reduce((x, y) => x * y, 1));
      const b = uniform(12, bShape.reduce((x, y) => x * y, 1));
      const got = tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), tA, tB).dataSync());
      const want = reference(a, aShape, b, bShape, tA, tB);
      expect(got.length).toBe(want.length);
      want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThan(1e-5 * (1 + Math.abs(w))));
    }
  });

  it("gradients through it match the formula, and its temporary transposes are freed", () => {
    const x = tf.tensor2d(uniform(1, 32 * 20), [32, 20]);
    const w = tf.tensor2d(uniform(2, 20 * 8), [20, 8]);
    const dy = tf.tensor2d(uniform(3, 32 * 8), [32, 8]);
    const before = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) {
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b))([x, w], dy);
      const wantDw = reference(x.dataSync() as Float32Array, [32, 20], dy.dataSync() as Float32Array, [32, 8], true, false);
      const wantDx = reference(dy.dataSync() as Float32Array, [32, 8], w.dataSync() as Float32Array, [20, 8], false, true);
      dw.dataSync().forEach((v, k) => expect(Math.abs(v - wantDw[k])).toBeLessThan(1e-5 * (1 + Math.abs(wantDw[k]))));
      dx.dataSync().forEach((v, k) => expect(Math.abs(v - wantDx[k])).toBeLessThan(1e-5 * (1 + Math.abs(wantDx[k]))));
      tf.dispose([dx, dw]);
    }
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
