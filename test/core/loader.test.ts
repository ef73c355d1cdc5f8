import { describe, expect, it, vi } from "vitest";
import * as sl from "../../src/index.js";
import { BUILD, RELAXED_SIMD } from "../setup.js";

describe("loader", () => {
  it("every function throws NotReadyError (naming itself) before ready()", async () => {
    vi.resetModules();
    const fresh = await import("../../src/index.js");
    expect(() => fresh.meanSquaredError([1], [1])).toThrow(fresh.NotReadyError);
    expect(() => fresh.meanSquaredError([1], [1])).toThrow(/^meanSquaredError: .*call `await ready\(\)` first/);
    expect(() => fresh.huberWithGrad([1], [1])).toThrow(/^huberWithGrad: /);
    expect(() => fresh.backendInfo()).toThrow(fresh.NotReadyError);
    expect(() => fresh.allocFloat32(4)).toThrow(fresh.NotReadyError);
    await fresh.ready({ simd: false });
    expect(fresh.meanSquaredError([2, 3], [1, 5])).toBe(2.5);
  });

  it("backendInfo() reports the build this project runs", () => {
    const info = sl.backendInfo();
    expect(info.build).toBe(BUILD);
    expect(typeof info.simdSupported).toBe("boolean");
    expect(typeof info.relaxedSimdSupported).toBe("boolean");
    expect(info.memoryBytes).toBeGreaterThanOrEqual(65536);
  });

  it("ready() with no option picks the fastest build the engine validates; build names one exactly", async () => {
    vi.resetModules();
    const fresh = await import("../../src/index.js");
    // Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd (the relaxed project has it); Node 22+ always
    const relaxed = RELAXED_SIMD;
    const info = await fresh.ready();
    expect(info.build).toBe(relaxed ? "relaxed" : "simd");
    expect(info.simdSupported).toBe(true);
    expect(info.relaxedSimdSupported).toBe(relaxed);
    expect((await fresh.ready({ simd: false })).build).toBe("scalar");
    expect((await fresh.ready({ simd: true })).build).toBe(relaxed ? "relaxed" : "simd");
    expect((await fresh.ready({ build: "simd" })).build).toBe("simd");
    expect((await fresh.ready({ build: "scalar" })).build).toBe("scalar");
    if (relaxed) expect((await fresh.ready({ build: "relaxed" })).build).toBe("relaxed");
    else await expect(fresh.ready({ build: "relaxed" })).rejects.toThrow(/^ready: options.build is "relaxed" but this engine does not validate the relaxed build/);
  });

  it("ready() rejects an unknown build name, and build together with simd", async () => {
    await expect(sl.ready({ build: "avx" as unknown as "simd" })).rejects.toThrow(sl.SimdLossError);
    await expect(sl.ready({ build: "avx" as unknown as "simd" })).rejects.toThrow(/^ready: options.build must be one of "relaxed", "simd", "scalar", got "avx"/);
    await expect(sl.ready({ build: "simd", simd: true })).rejects.toThrow(/^ready: give options.build or options.simd, not both/);
    // bad values are ValueErrors, as for every other function
    await expect(sl.ready({ build: "avx" as unknown as "simd" })).rejects.toThrow(sl.ValueError);
    await expect(sl.ready({ build: "simd", simd: true })).rejects.toThrow(sl.ValueError);
    expect(sl.backendInfo().build).toBe(BUILD);
  });

  it("ready() rejects options of the wrong type with ArgumentTypeError", async () => {
    await expect(sl.ready({ simd: "yes" as unknown as boolean })).rejects.toThrow(sl.ArgumentTypeError);
    await expect(sl.ready({ build: 3 as unknown as "simd" })).rejects.toThrow(sl.ArgumentTypeError);
    await expect(sl.ready({ build: 3 as unknown as "simd" })).rejects.toThrow(/^ready: options.build must be a string or undefined, got number 3/);
    await expect(sl.ready(null as unknown as undefined)).rejects.toThrow(sl.ArgumentTypeError);
    await expect(sl.ready("simd" as unknown as undefined)).rejects.toThrow(/^ready: options must be an object, got string "simd"/);
    expect(sl.backendInfo().build).toBe(BUILD);
  });

  it("ready() compiles each build once: repeated calls reuse the same instance (memory survives)", async () => {
    vi.resetModules();
    const fresh = await import("../../src/index.js");
    await fresh.ready({ simd: false });
    const buf = fresh.allocFloat32(8);
    buf.array.set([1, 2, 3, 4, 5, 6, 7, 8]);
    await fresh.ready({ simd: false });
    expect(Array.from(buf.array)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fresh.meanSquaredError(new Float32Array(8), buf.array)).toBe((1 + 4 + 9 + 16 + 25 + 36 + 49 + 64) / 8);
  });

  it("ready() rejects a non-boolean simd option", async () => {
    await expect(sl.ready({ simd: "yes" as unknown as boolean })).rejects.toThrow(/^ready: options.simd must be a boolean/);
    await sl.ready({ build: BUILD });
  });

  it("the SIMD and scalar builds give identical results on the same inputs", async () => {
    vi.resetModules();
    const fresh = await import("../../src/index.js");
    const yTrue = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i));
    const yPred = Float32Array.from({ length: 1001 }, (_, i) => Math.cos(i));
    await fresh.ready({ build: "simd" });
    const a = fresh.huberWithGrad(yTrue, yPred, { reduction: "none" });
    await fresh.ready({ build: "scalar" });
    const b = fresh.huberWithGrad(yTrue, yPred, { reduction: "none" });
    expect(Array.from(a.loss)).toEqual(Array.from(b.loss));
    expect(Array.from(a.grad)).toEqual(Array.from(b.grad));
    // and both are the float64 Huber term (δ = 1) to 2 ULP
    for (let i = 0; i < yTrue.length; i++) {
      const e = yPred[i] - yTrue[i];
      const loss = Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5;
      const grad = Math.abs(e) <= 1 ? e : Math.sign(e);
      expect(Math.abs(a.loss[i] - loss)).toBeLessThanOrEqual(2 ** -22 * Math.abs(loss));
      expect(Math.abs(a.grad[i] - grad)).toBeLessThanOrEqual(2 ** -22 * Math.abs(grad));
    }
  });

  it("each build's probe validates exactly when the build itself does (on this engine, with this project's flags)", async () => {
    const { probeBytes, wasmBytes, BUILDS } = await import("../../src/core/binaries.js");
    const relaxed = RELAXED_SIMD;
    for (const b of BUILDS) {
      const probe = probeBytes(b);
      expect(probe.length, `${b} probe is tiny`).toBeLessThan(100);
      const full = WebAssembly.validate((await wasmBytes(b)) as BufferSource);
      expect(WebAssembly.validate(probe as BufferSource), b).toBe(full);
      expect(full, b).toBe(b === "relaxed" ? relaxed : true);
    }
  });

  describe("when a probe validates but its full build does not", () => {
    // An engine that has the probe's instructions but rejects the build: simulated by a relaxed
    // build that is not valid wasm, and probes that all validate (the scalar build's probe).
    async function freshWithBrokenRelaxed() {
      vi.resetModules();
      const imported: string[] = [];
      vi.doMock("../../src/core/binaries.js", async (importOriginal) => {
        const real = await importOriginal<typeof import("../../src/core/binaries.js")>();
        return {
          ...real,
          probeBytes: () => real.probeBytes("scalar"),
          wasmBytes: async (b: "relaxed" | "simd" | "scalar") => {
            imported.push(b);
            return b === "relaxed" ? Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff) : real.wasmBytes(b);
          },
        };
      });
      const fresh = await import("../../src/index.js");
      vi.doUnmock("../../src/core/binaries.js");
      return { fresh, imported };
    }

    it("ready() falls back to the next build, imports no other build, and no longer claims the failed one", async () => {
      const { fresh, imported } = await freshWithBrokenRelaxed();
      const info = await fresh.ready();
      expect(info.build).toBe("simd");
      expect(info.relaxedSimdSupported).toBe(false);
      expect(info.simdSupported).toBe(true);
      expect(imported).toEqual(["relaxed", "simd"]);
      expect(fresh.meanSquaredError([2, 3], [1, 5])).toBe(2.5);
      expect((await fresh.ready({ simd: true })).build).toBe("simd");
      await expect(fresh.ready({ build: "relaxed" })).rejects.toThrow(/^ready: options.build is "relaxed" but this engine does not validate the relaxed build/);
      expect(fresh.backendInfo().build).toBe("simd");
      expect(imported).toEqual(["relaxed", "simd"]);
    });

    it("ready({ build }) naming the failing build rejects, and the runtime stays unloaded", async () => {
      const { fresh } = await freshWithBrokenRelaxed();
      await expect(fresh.ready({ build: "relaxed" })).rejects.toThrow(fresh.SimdLossError);
      expect(() => fresh.backendInfo()).toThrow(fresh.NotReadyError);
    });
  });
});
