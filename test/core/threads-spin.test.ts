// The calling thread of the pool where it may not block (a browser's main thread, where
// Atomics.wait throws): it only spins while it waits for a chunk. Reproduced in Node by clearing
// pool.callerSleeps: calls give the bits of one thread and never call Atomics.wait on the calling
// thread, and a worker that hangs mid-chunk is still found lost at the deadline, its chunk
// computed again on the calling thread, and the workers replaced.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as sl from "../../src/index.js";
import { runtime } from "../../src/core/loader.js";
import { poolPolicy } from "../../src/core/run.js";
import type { Pool } from "../../src/core/pool.js";
import { BUILD } from "../setup.js";
import { uniform } from "../util/rng.js";

// the gradients below go to the pool too (by default calls with per-element outputs stay on the calling thread)
beforeAll(() => {
  poolPolicy.everyKernel = true;
});
afterAll(async () => {
  poolPolicy.everyKernel = false;
  await sl.ready({ build: BUILD, threads: 1 });
});

function pool(): Pool {
  const p = runtime("threadsSpinTest").threaded?.pool ?? null;
  if (p === null) throw new Error("no pool runs");
  return p;
}

describe(`threads, a calling thread that only spins (${BUILD} build)`, () => {
  const n = 3_000_001;
  const t = uniform(41, n, -2, 2);
  const p = uniform(42, n, -2, 2);
  const labels = Int32Array.from({ length: (n - 1) / 10 }, (_, i) => (i * 7) % 10);
  const results = () => {
    const mse = sl.meanSquaredErrorWithGrad(t, p);
    const ce = sl.sparseCategoricalCrossentropyWithGrad(labels, p.subarray(0, n - 1), { classes: 10, fromLogits: true });
    return { mse: mse.loss, mseGrad: Array.from(mse.grad.subarray(0, 1000)), ce: ce.loss, ceGrad: Array.from(ce.grad.subarray(-1000)) };
  };

  it("gives the bits of one thread without Atomics.wait, and finds a hanging worker's chunk lost at the deadline", async () => {
    await sl.ready({ build: BUILD, threads: 1 });
    const expected = results();
    await sl.ready({ build: BUILD, threads: 3 });
    const p0 = pool();
    expect(p0.callerSleeps).toBe(true); // Node's main thread may block
    p0.callerSleeps = false;
    const wait = vi.spyOn(Atomics, "wait");
    try {
      expect(results()).toEqual(expected);
      p0.lostAfterMs = 300;
      const restarted = p0.restarted;
      p0.injectFault(1, "hang");
      const start = performance.now();
      for (let i = 0; i < 10 && p0.restarted === restarted; i++) expect(results()).toEqual(expected);
      expect(p0.restarted, "the hanging worker's chunk was found lost").toBe(restarted + 1);
      expect(performance.now() - start).toBeGreaterThanOrEqual(300);
      expect(wait).not.toHaveBeenCalled();
    } finally {
      wait.mockRestore();
    }
    await p0.whenWorkers(2);
    expect(sl.backendInfo().threads).toBe(3);
    expect(results()).toEqual(expected);
  });
});
