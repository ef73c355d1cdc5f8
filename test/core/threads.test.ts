// The thread pool (src/core/pool.ts) under the executor (src/core/run.ts):
// - every kernel of the table gives bit-identical results (values, outputs, accumulators) at 1, 2,
//   3 and 4 threads, on the copy path and the zero-copy path, at sizes of many chunks (more
//   chunks than lanes, so lanes are reused), on any number of cores;
// - a bad class id is the first bad row of the whole call at every thread count (LabelError naming
//   it through the public API);
// - a worker that dies or hangs mid-chunk costs a wait, never a hang or a wrong number: the call
//   finishes on the calling thread and the pool replaces the worker;
// - small calls and memory-bound kernels never reach the pool; ready({ threads }) and close()
//   switch the pool on and off, and zero-copy buffers stay where they are.
import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import * as sl from "../../src/index.js";
import { runtime } from "../../src/core/loader.js";
import type { Pool } from "../../src/core/pool.js";
import { chunkRows, poolPolicy, runKernel } from "../../src/core/run.js";
import type { KernelName } from "../../src/core/kernel-table.js";
import { BUILD } from "../setup.js";
import { SPLIT, bytes, hasRowLength, inputsFor, run, spec, type Run } from "./kernel-calls.js";
import { rng, uniform } from "../util/rng.js";

const THREADS = [1, 2, 3, 4];

afterAll(async () => {
  await sl.ready({ build: BUILD, threads: 1 });
});

/** The pool the runtime runs now (the tests' handle on its hooks). */
function pool(): Pool {
  const p = runtime("threadsTest").threaded?.pool ?? null;
  if (p === null) throw new Error("no pool runs");
  return p;
}

/** A 32-bit FNV-1a hash of an array's bytes. */
function hash(x: ArrayLike<number>): number {
  const b = bytes(x);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

/** A call's result in a few bytes: the value's bits and each output's length and hash. */
function digest(r: Run): string {
  const value = new Uint8Array(Float64Array.of(r.value).buffer).join(",");
  const outs = Object.keys(r.outputs).sort().map((k) => `${k}:${r.outputs[k].length}:${hash(r.outputs[k])}`);
  return [value, ...outs].join(" ");
}

/** Rows for about 9.5 chunks of the kernel (more chunks than the 8 lanes of 4 threads), and the row length. */
function shapeOf(name: KernelName): { rows: number; rowLength: number } {
  const rowLength = hasRowLength(name) ? 19 : 1;
  return { rows: Math.floor(9.5 * chunkRows(name, 1, rowLength)) + 3, rowLength };
}

describe(`threads (${BUILD} build)`, () => {
  it("ready({ threads }) takes 1 to 64 or 'auto' and says the count in backendInfo().threads", async () => {
    expect(sl.backendInfo().threadsSupported).toBe(true); // Node and Bun: worker_threads
    await expect(sl.ready({ build: BUILD, threads: 0 })).rejects.toThrow(sl.ValueError);
    await expect(sl.ready({ build: BUILD, threads: 2.5 })).rejects.toThrow(/^ready: options.threads must be "auto" or an integer in \[1, 64\], got 2.5/);
    await expect(sl.ready({ build: BUILD, threads: 65 })).rejects.toThrow(sl.ValueError);
    await expect(sl.ready({ build: BUILD, threads: "many" as unknown as number })).rejects.toThrow(sl.ArgumentTypeError);
    expect((await sl.ready({ build: BUILD, threads: 3 })).threads).toBe(3);
    expect(sl.backendInfo().threads).toBe(3);
    expect(sl.backendInfo().build).toBe(BUILD);
    const auto = (await sl.ready({ build: BUILD, threads: "auto" })).threads;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(8);
    expect((await sl.ready({ build: BUILD, threads: 1 })).threads).toBe(1);
    expect(runtime("threadsTest").threaded).toBeNull();
    expect((await sl.ready({ build: BUILD, threads: 2 })).threads).toBe(2);
    await sl.close();
    expect(sl.backendInfo().threads).toBe(1);
    expect(runtime("threadsTest").threaded).toBeNull();
    // left out, the setting stays; a build switch takes it along
    expect((await sl.ready({ build: BUILD })).threads).toBe(1);
    await sl.ready({ build: BUILD, threads: 2 });
    const other = BUILD === "scalar" ? "simd" : "scalar";
    expect(await sl.ready({ build: other })).toMatchObject({ build: other, threads: 2 });
    expect(await sl.ready({ build: BUILD })).toMatchObject({ build: BUILD, threads: 2 });
    await sl.close();
  });

  it("the default in Node and Bun is one thread per available core (at most 8)", async () => {
    vi.resetModules();
    const fresh = await import("../../src/index.js");
    const cores = Math.min(8, availableParallelism());
    const info = await fresh.ready({ build: BUILD });
    expect(info.threads).toBe(cores);
    const { runtime: freshRuntime } = await import("../../src/core/loader.js");
    expect(freshRuntime("threadsTest").threaded === null).toBe(cores === 1);
    await fresh.close();
    expect(fresh.backendInfo().threads).toBe(1);
    // close() is a setting: a later ready() without threads keeps it
    expect((await fresh.ready({ build: BUILD })).threads).toBe(1);
  });

  it("every kernel of the table: bit-identical at 1, 2, 3 and 4 threads, copy and zero-copy paths", async () => {
    // memory-bound kernels too: the pool takes every kernel that may split, for this test
    poolPolicy.everyKernel = true;
    onTestFinished(() => {
      poolPolicy.everyKernel = false;
    });
    const reference = new Map<string, string>();
    for (const threads of THREADS) {
      expect((await sl.ready({ build: BUILD, threads })).threads).toBe(threads);
      let seed = 100;
      for (const name of SPLIT) {
        const { rows, rowLength } = shapeOf(name);
        const weighted = seed % 2 === 0;
        const inputs = inputsFor(name, rows, rowLength, seed++, weighted);
        for (const variant of ["copy", "zeroCopy"] as const) {
          const r = run(name, rows, rowLength, inputs, weighted, variant);
          r.free();
          const key = `${name} ${variant}`;
          const d = digest(r);
          if (threads === 1) reference.set(key, d);
          else expect(d, `${key} rows=${rows} at ${threads} threads against 1 thread`).toBe(reference.get(key));
        }
      }
    }
  });

  it("a bad class id is the first bad row of the whole call at every thread count", async () => {
    const name = "confusionFromLabelsF32";
    const chunk = chunkRows(name, 1, 1);
    const rows = 9 * chunk + 5;
    const labels = new Int32Array(rows).map((_, i) => i % 5);
    const predictions = new Int32Array(rows).map((_, i) => (i * 3) % 5);
    // bad rows in chunks 6 and 3 (predictions) and 7 (labels): the first is in chunk 3
    labels[6 * chunk + 11] = 9;
    predictions[3 * chunk + 17] = -1;
    labels[7 * chunk] = 5;
    const first = 3 * chunk + 17;
    for (const threads of THREADS) {
      await sl.ready({ build: BUILD, threads });
      const { value } = runKernel("threadsTest", name, { rows, inputs: { labels, predictions }, params: { classes: 5, copies: 4 } });
      expect(value, `${threads} threads`).toBe(first);
      expect(() => sl.confusionMatrix(labels, predictions, { classes: 5 })).toThrow(sl.LabelError);
      expect(() => sl.confusionMatrix(labels, predictions, { classes: 5 })).toThrow(`confusionMatrix: labels[${6 * chunk + 11}] = 9 is out of range [0, 5)`);
      // and the pool keeps working
      const good = labels.map((_, i) => i % 5);
      const m = sl.confusionMatrix(good, predictions.map((q) => (q < 0 ? 0 : q)), { classes: 5 });
      expect(m.reduce((a, b) => a + b, 0)).toBe(rows);
    }
  });

  describe("a worker that stops mid-chunk", () => {
    // the gradients below go to the pool too (by default calls with per-element outputs stay on the calling thread)
    beforeAll(() => {
      poolPolicy.everyKernel = true;
    });
    afterAll(() => {
      poolPolicy.everyKernel = false;
    });
    const n = 3_000_001;
    const t = uniform(21, n, -2, 2);
    const p = uniform(22, n, -2, 2);
    const labels = Int32Array.from({ length: n / 10 }, (_, i) => i % 10);

    /** The results of a few calls, each spanning many chunks. */
    const results = () => {
      const { loss, grad } = sl.meanSquaredErrorWithGrad(t, p);
      const ce = sl.sparseCategoricalCrossentropyWithGrad(labels, p.subarray(0, n - 1), { classes: 10, fromLogits: true });
      return { loss, grad: hash(grad), ce: ce.loss, ceGrad: hash(ce.grad) };
    };

    for (const fault of ["exit", "hang"] as const) {
      it(`(${fault}): the call finishes with the same bits on the calling thread, and the worker is replaced`, async () => {
        await sl.ready({ build: BUILD, threads: 1 });
        const expected = results();
        await sl.ready({ build: BUILD, threads: 3 });
        expect(results()).toEqual(expected);
        const before = pool();
        before.lostAfterMs = 300;
        for (const worker of [1, 2]) {
          const restarted = before.restarted;
          before.injectFault(worker, fault);
          // the worker fails on the next chunk it claims (a call may run without it on a loaded machine)
          for (let i = 0; i < 10 && before.restarted === restarted; i++) {
            expect(results(), `worker ${worker}`).toEqual(expected);
          }
          expect(before.restarted, `worker ${worker} failed and the pool restarted`).toBe(restarted + 1);
          await before.whenWorkers(2);
        }
        expect(sl.backendInfo().threads).toBe(3);
        expect(results()).toEqual(expected);
      });
    }

    it("a worker terminated from outside between calls is replaced", async () => {
      await sl.ready({ build: BUILD, threads: 1 });
      const expected = results();
      await sl.ready({ build: BUILD, threads: 2 });
      const p0 = pool();
      await p0.terminateWorker(1);
      await p0.whenWorkers(1);
      expect(results()).toEqual(expected);
      expect(sl.backendInfo().threads).toBe(2);
    });
  });

  it("calls under two chunks, memory-bound kernels, zero-copy arrays and per-element outputs never reach the pool", async () => {
    await sl.ready({ build: BUILD, threads: 2 });
    const begin = vi.spyOn(pool(), "begin");
    const r = rng(5);
    const labels = Int32Array.from({ length: 32 }, () => Math.floor(r() * 10));
    const logits = uniform(6, 320, -3, 3);
    const value = sl.sparseCategoricalCrossentropy(labels, logits, { classes: 10, fromLogits: true });
    sl.sparseCategoricalCrossentropyWithGrad(labels, logits, { classes: 10, fromLogits: true });
    // one chunk of binary cross-entropy from logits, then two
    const one = chunkRows("binaryCrossentropyLogitsF32", 1, 1);
    const x = uniform(7, 2 * one, -3, 3);
    const y = uniform(8, 2 * one, 0, 1);
    sl.binaryCrossentropy(y.subarray(0, one), x.subarray(0, one), { fromLogits: true });
    expect(begin).not.toHaveBeenCalled();
    sl.binaryCrossentropy(y, x, { fromLogits: true });
    expect(begin).toHaveBeenCalledTimes(1);
    // memory-bound kernels, however large
    sl.meanSquaredError(new Float32Array(1_000_000), new Float32Array(1_000_000));
    sl.sparseCategoricalAccuracy(new Int32Array(100_000), new Float32Array(1_000_000), { classes: 10 });
    expect(begin).toHaveBeenCalledTimes(1);
    // a zero-copy input, or a zero-copy out
    const zx = sl.allocFloat32(x.length);
    zx.array.set(x);
    sl.binaryCrossentropy(y, zx.array, { fromLogits: true });
    const zOut = sl.allocFloat32(x.length);
    sl.binaryCrossentropyWithGrad(y, x, { fromLogits: true, out: zOut.array });
    expect(begin).toHaveBeenCalledTimes(1);
    // per-element outputs (a gradient) stay too; per-row ones go
    sl.binaryCrossentropyWithGrad(y, x, { fromLogits: true });
    sl.softmax(uniform(9, 200_000, -3, 3), { classes: 10 });
    expect(begin).toHaveBeenCalledTimes(1);
    sl.binaryCrossentropy(y, x, { fromLogits: true, reduction: "none" });
    expect(begin).toHaveBeenCalledTimes(2);
    zx.free();
    zOut.free();
    begin.mockRestore();
    await sl.ready({ build: BUILD, threads: 1 });
    expect(sl.sparseCategoricalCrossentropy(labels, logits, { classes: 10, fromLogits: true })).toBe(value);
  });

  it("switching threads on and off leaves zero-copy buffers as they are; in-place calls stay exact", async () => {
    await sl.ready({ build: BUILD, threads: 1 });
    const n = 2_000_003;
    const t = uniform(31, n, 0, 1);
    const buf = sl.allocFloat32(n);
    buf.array.set(uniform(32, n, -4, 4));
    const options = { fromLogits: true };
    const expected = sl.binaryCrossentropyWithGrad(t, buf.array, options);
    const view = buf.array;
    const contents = hash(view);
    await sl.ready({ build: BUILD, threads: 4 });
    expect(buf.array).toBe(view); // not moved: the threads have a memory of their own
    expect(hash(buf.array)).toBe(contents);
    const begin = vi.spyOn(pool(), "begin");
    // zero-copy inputs are read in place on the calling thread
    const inPlace = sl.binaryCrossentropyWithGrad(t, buf.array, options);
    expect(begin).not.toHaveBeenCalled();
    expect(inPlace.loss).toBe(expected.loss);
    // and, sent to the pool, copied into the threads' memory chunk by chunk
    poolPolicy.everyKernel = true;
    onTestFinished(() => {
      poolPolicy.everyKernel = false;
    });
    const shared = sl.binaryCrossentropyWithGrad(t, buf.array, options);
    expect(shared.loss).toBe(expected.loss);
    expect(hash(shared.grad)).toBe(hash(expected.grad));
    // the gradient written over its own input, chunk by chunk on every thread
    sl.binaryCrossentropyWithGrad(t, buf.array, { ...options, out: buf.array });
    expect(begin).toHaveBeenCalledTimes(2);
    expect(hash(buf.array)).toBe(hash(expected.grad));
    await sl.close();
    expect(hash(buf.array)).toBe(hash(expected.grad));
    buf.free();
  });
});
