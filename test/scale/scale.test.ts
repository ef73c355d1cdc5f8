// Any N on the copy path, with bounded module memory: MSE, sparse cross-entropy and metrics at
// 10⁸ elements, and MSE at N = 6·10⁸ (2.4 GB per array: beyond what 32-bit WebAssembly memory
// could hold, about 5 GB of JavaScript memory in all), each against a float64 reference written
// here, with module memory ≤ 16 MiB after the call and no whole-array copy in the process (RSS).
//
// Heavy (minutes, ~5 GB): skipped unless SIMDLOSS_SCALE=1, and meant for one worker on one build:
//   SIMDLOSS_SCALE=1 npx vitest run --project simd test/scale
import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectClose } from "../util/close.js";

const MODULE_MEMORY_LIMIT = 16 * 2 ** 20;
const TIMEOUT = 30 * 60_000;

/** n float32 values uniform in [lo, hi) from a 32-bit LCG (fast enough for 10⁹ values). */
function fill(seed: number, n: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  const k = (hi - lo) / 2 ** 32;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + k * s;
  }
  return out;
}

/** Runs f and returns its result with the growth of the process's resident memory during the call. */
function measured<T>(f: () => T): { result: T; rssGrowth: number } {
  const before = process.memoryUsage().rss;
  const result = f();
  return { result, rssGrowth: process.memoryUsage().rss - before };
}

/** MSE of n uniform values on the copy path against float64; module memory and RSS stay flat. */
function mseAtScale(n: number, seed: number): void {
  const t = fill(seed, n, -1, 1);
  const p = fill(seed + 1, n, -1, 1);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (p[i] - t[i]) ** 2;
  const { result, rssGrowth } = measured(() => sl.meanSquaredError(t, p));
  expectClose(result, sum / n, 1e-6, 0, "MSE");
  expect(sl.backendInfo().memoryBytes).toBeLessThanOrEqual(MODULE_MEMORY_LIMIT);
  expect(rssGrowth, "no whole-array copy").toBeLessThan(64 * 2 ** 20);
}

describe.skipIf(!process.env.SIMDLOSS_SCALE)("scale: any N on the copy path, module memory bounded", () => {
  it("MSE at N = 10⁸: the float64 value, module memory ≤ 16 MiB", () => mseAtScale(1e8, 1), TIMEOUT);

  it("sparse cross-entropy, its accuracy and confusion matrix at 10⁶ rows × 100 classes (10⁸ logits)", () => {
    const rows = 1e6;
    const C = 100;
    const logits = fill(3, rows * C, -4, 4);
    const labels = new Int32Array(rows);
    let s = 7;
    for (let r = 0; r < rows; r++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      labels[r] = s % C;
    }
    let total = 0;
    let hits = 0;
    const matrix = new Float64Array(C * C);
    for (let r = 0; r < rows; r++) {
      const o = r * C;
      let m = -Infinity;
      let best = 0;
      for (let c = 0; c < C; c++) {
        if (logits[o + c] > m) {
          m = logits[o + c];
          best = c;
        }
      }
      let z = 0;
      for (let c = 0; c < C; c++) z += Math.exp(logits[o + c] - m);
      total += Math.log(z) + m - logits[o + labels[r]];
      if (best === labels[r]) hits++;
      matrix[labels[r] * C + best]++;
    }
    const ce = measured(() => sl.sparseCategoricalCrossentropy(labels, logits, { classes: C, fromLogits: true }));
    expectClose(ce.result, total / rows, 1e-6, 0, "cross-entropy");
    expect(ce.rssGrowth).toBeLessThan(64 * 2 ** 20);
    expect(sl.sparseCategoricalAccuracy(labels, logits, { classes: C })).toBe(hits / rows);
    expect(Array.from(sl.confusionMatrixFromScores(labels, logits, { classes: C }))).toEqual(Array.from(matrix));
    expect(sl.backendInfo().memoryBytes).toBeLessThanOrEqual(MODULE_MEMORY_LIMIT);
  }, TIMEOUT);

  it("MSE at N = 6·10⁸ (2.4 GB per array, more than 32-bit WebAssembly memory holds): the float64 value", () => mseAtScale(6e8, 4), TIMEOUT);
});
