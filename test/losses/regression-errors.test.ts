import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { KernelCall } from "../../src/core/call.js";

const f2 = new Float32Array(2);
type AnyFn = (...args: unknown[]) => unknown;
const mse = sl.meanSquaredError as unknown as AnyFn;
const mseGrad = sl.meanSquaredErrorWithGrad as unknown as AnyFn;
const huber = sl.huber as unknown as AnyFn;

describe("regression losses: every bad input is a typed error naming function, argument and value", () => {
  it("errors are SimdLossError subclasses with .fn and .name", () => {
    try {
      mse([1, 2, 3], [1, 2]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(sl.SimdLossError);
      expect(e).toBeInstanceOf(sl.ShapeError);
      expect(e).toBeInstanceOf(Error);
      expect((e as sl.SimdLossError).fn).toBe("meanSquaredError");
      expect((e as Error).name).toBe("ShapeError");
    }
  });

  it("mismatched lengths → ShapeError (the message names function, argument and values)", () => {
    expect(() => mse(new Float32Array(10), new Float32Array(12))).toThrow(
      new sl.ShapeError("meanSquaredError", "yTrue.length (10) must equal yPred.length (12)"),
    );
    expect(() => mseGrad([1], [1, 2])).toThrow(/^meanSquaredErrorWithGrad: yTrue.length \(1\) must equal yPred.length \(2\)$/);
  });

  it("features zero, negative, fractional, non-number → ShapeError", () => {
    for (const features of [0, -2, 1.5, NaN, "2"]) {
      expect(() => mse(f2, f2, { features })).toThrow(sl.ShapeError);
    }
    expect(() => mse(f2, f2, { features: 1.5 })).toThrow(/^meanSquaredError: options.features must be a positive integer, got number 1.5$/);
  });

  it("features not dividing the length → ShapeError", () => {
    expect(() => mse(new Float32Array(10), new Float32Array(10), { features: 3 })).toThrow(
      /^meanSquaredError: yPred.length \(10\) is not a multiple of options.features \(3\)$/,
    );
  });

  it("wrong array types → ArgumentTypeError", () => {
    expect(() => mse("1,2", f2)).toThrow(sl.ArgumentTypeError);
    expect(() => mse("1,2", f2)).toThrow(/^meanSquaredError: yTrue must be a Float32Array, another numeric typed array, or an array of numbers, got string "1,2"$/);
    expect(() => mse(f2, new BigInt64Array(2))).toThrow(/^meanSquaredError: yPred must be .* got BigInt64Array$/);
    expect(() => mse(f2, new DataView(new ArrayBuffer(8)))).toThrow(/got DataView$/);
    expect(() => mse(f2, { length: 2 })).toThrow(/got Object$/);
    expect(() => mse(f2, null)).toThrow(/got null$/);
    expect(() => mse(f2, undefined)).toThrow(/got undefined undefined$/);
    expect(() => mse([1, "2"], f2)).toThrow(/^meanSquaredError: yTrue\[1\] must be a number, got string "2"$/);
  });

  it("options that are not an object → ArgumentTypeError", () => {
    expect(() => mse(f2, f2, 3)).toThrow(/^meanSquaredError: options must be an object, got number 3$/);
    expect(() => mse(f2, f2, [])).toThrow(sl.ArgumentTypeError);
  });

  it("unknown or non-string reduction → ValueError / ArgumentTypeError", () => {
    expect(() => mse(f2, f2, { reduction: "avg" })).toThrow(sl.ValueError);
    expect(() => mse(f2, f2, { reduction: "avg" })).toThrow(/^meanSquaredError: options.reduction must be one of .*got 'avg'$/);
    expect(() => mse(f2, f2, { reduction: 1 })).toThrow(sl.ArgumentTypeError);
  });

  it("sampleWeight of the wrong length → ShapeError", () => {
    expect(() => mse(new Float32Array(6), new Float32Array(6), { features: 2, sampleWeight: [1, 1] })).toThrow(
      /^meanSquaredError: options.sampleWeight.length \(2\) must equal the number of samples \(3\)$/,
    );
  });

  it("negative, NaN or infinite weights → ValueError", () => {
    expect(() => mse(f2, f2, { sampleWeight: [1, -0.5] })).toThrow(/^meanSquaredError: options.sampleWeight\[1\] = -0.5 must be finite and non-negative$/);
    expect(() => mse(f2, f2, { sampleWeight: [NaN, 1] })).toThrow(sl.ValueError);
    expect(() => mse(f2, f2, { sampleWeight: [Infinity, 1] })).toThrow(sl.ValueError);
  });

  it("huber delta ≤ 0, NaN or non-number → ValueError", () => {
    for (const delta of [0, -1, NaN, Infinity, "1"]) expect(() => huber(f2, f2, { delta })).toThrow(sl.ValueError);
    expect(() => huber(f2, f2, { delta: 0 })).toThrow(/^huber: options.delta must be a finite number > 0, got number 0$/);
  });

  it("out of the wrong type or length → ArgumentTypeError / ShapeError", () => {
    expect(() => mseGrad(f2, f2, { out: new Float64Array(2) })).toThrow(/^meanSquaredErrorWithGrad: options.out must be a Float32Array, got Float64Array$/);
    expect(() => mseGrad(f2, f2, { out: new Float32Array(3) })).toThrow(/^meanSquaredErrorWithGrad: options.out.length \(3\) must equal 2$/);
  });

  it("a wasm trap inside a kernel call surfaces as KernelError, never a raw RuntimeError", () => {
    const call = new KernelCall("meanSquaredError");
    expect(() =>
      call.run(() => {
        throw new WebAssembly.RuntimeError("unreachable");
      }),
    ).toThrow(/^meanSquaredError: the (relaxed|simd|scalar) kernel failed: unreachable$/);
  });
});

describe("error names", () => {
  it("each class carries its own name, spelled out so that minified bundles keep it", async () => {
    const { buildSync } = await import("esbuild");
    const names = ["SimdLossError", "ShapeError", "LabelError", "ArgumentTypeError", "ValueError", "NotReadyError", "StaleViewError", "KernelError"];
    for (const name of names) {
      const Cls = (sl as unknown as Record<string, new (fn: string, m: string) => Error>)[name];
      expect(new Cls("f", "m").name).toBe(name);
    }
    // the same through a minified bundle of the source
    const out = buildSync({ entryPoints: ["src/core/errors.ts"], bundle: true, minify: true, format: "esm", write: false });
    const code = out.outputFiles[0].text;
    const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
    const minified = Object.values(mod) as (new (fn: string, m: string) => Error)[];
    expect(minified.map((C) => new C("f", "m").name).sort()).toEqual([...names].sort());
  });
});
