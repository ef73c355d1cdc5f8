import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { uniform } from "../util/rng.js";

describe("memory", () => {
  it("stays bounded by the largest single working set across 1e6 calls of varying sizes", () => {
    // working set of the largest call: 2 inputs + gradient of 4096 floats = 48 KiB (+ alignment)
    const big = uniform(1, 4096);
    sl.meanSquaredErrorWithGrad(big, big);
    const after = sl.backendInfo().memoryBytes;
    for (let i = 0; i < 1_000_000; i++) {
      const n = (i * 7919) % 4097;
      const x = big.subarray(0, n);
      if (i % 3 === 0) sl.meanSquaredErrorWithGrad(x, x);
      else sl.meanAbsoluteError(x, x, { reduction: i % 2 ? "none" : "sum" });
    }
    expect(sl.backendInfo().memoryBytes).toBe(after);
  });

  it("zero-copy: arrays living in module memory are read in place and give the same answer", () => {
    const yTrue = uniform(2, 1000);
    const yPred = uniform(3, 1000);
    const expected = sl.meanSquaredError(yTrue, yPred);
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += (yPred[i] - yTrue[i]) ** 2;
    expect(Math.abs(expected - sum / 1000)).toBeLessThanOrEqual(1e-6 * (sum / 1000)); // float64, written here
    const t = sl.allocFloat32(1000);
    const p = sl.allocFloat32(1000);
    t.array.set(yTrue);
    p.array.set(yPred);
    expect(sl.meanSquaredError(t.array, p.array)).toBe(expected);
    // a subarray of a buffer is in place too
    expect(sl.meanSquaredError(t.array.subarray(0, 500), p.array.subarray(0, 500))).toBe(
      sl.meanSquaredError(yTrue.subarray(0, 500), yPred.subarray(0, 500)),
    );
    t.free();
    p.free();
  });

  it("zero-copy: the gradient can be written straight into a buffer in module memory", () => {
    const yTrue = uniform(4, 100);
    const yPred = uniform(5, 100);
    const g = sl.allocFloat32(100);
    const { grad } = sl.meanSquaredErrorWithGrad(yTrue, yPred, { out: g.array });
    for (let i = 0; i < 100; i++) expect(Math.abs(g.array[i] - (2 * (yPred[i] - yTrue[i])) / 100)).toBeLessThanOrEqual(2 ** -22 * Math.abs(g.array[i]));
    expect(grad.buffer).toBe(g.array.buffer);
    g.free();
  });

  it("a view made stale by memory growth throws StaleViewError, never a wrong number", () => {
    const buf = sl.allocFloat32(16);
    buf.array.fill(1);
    const stale = buf.array;
    // force growth: a zero-copy buffer larger than the memory there is
    const huge = sl.allocFloat32(sl.backendInfo().memoryBytes / 2);
    // detached by growth (a shared memory's old buffer stays, shorter: threads run)
    expect(stale.buffer).not.toBe(buf.array.buffer);
    huge.free();
    expect(() => sl.meanSquaredError(new Float32Array(16), stale)).toThrow(sl.StaleViewError);
    expect(() => sl.meanSquaredError(new Float32Array(16), stale)).toThrow(/^meanSquaredError: yPred is a stale view/);
    // the buffer itself is fine: re-read the view
    expect(sl.meanSquaredError(new Float32Array(16), buf.array)).toBe(1);
    buf.free();
  });

  it("a view of a freed buffer throws StaleViewError; freed memory is reused", () => {
    const a = sl.allocFloat32(64);
    const view = a.array;
    a.free();
    expect(a.isFreed).toBe(true);
    expect(() => a.array).toThrow(sl.StaleViewError);
    expect(() => sl.meanSquaredError(new Float32Array(64), view)).toThrow(sl.StaleViewError);
    const before = sl.backendInfo().memoryBytes;
    for (let i = 0; i < 10_000; i++) sl.allocFloat32(64).free();
    expect(sl.backendInfo().memoryBytes).toBe(before);
  });

  it("allocFloat32 rejects a non-positive or non-integer length", () => {
    expect(() => sl.allocFloat32(0)).toThrow(sl.ShapeError);
    expect(() => sl.allocFloat32(1.5)).toThrow(/^allocFloat32: length must be a positive integer, got number 1.5/);
  });

  it("running out of addressable memory is a KernelError, not a RangeError", () => {
    // 2^30 floats (4 GiB) cannot fit in 32-bit wasm memory beside anything else
    const before = sl.backendInfo().memoryBytes;
    expect(() => sl.allocFloat32(2 ** 30)).toThrow(sl.KernelError);
    expect(() => sl.allocFloat32(2 ** 30)).toThrow(/^allocFloat32: could not grow WebAssembly memory/);
    expect(sl.backendInfo().memoryBytes).toBe(before);
  });
});
