// Calls of any kernel of the table through the executor (runKernel), with random inputs in each
// kernel's domain, on the copy path, the zero-copy path and mixes of the two; and bit-for-bit
// comparisons of their results. Shared by the executor and threads tests.
import { expect } from "vitest";
import * as sl from "../../src/index.js";
import { KERNELS, type KernelArg, type KernelName, type KernelSpec } from "../../src/core/kernel-table.js";
import { runKernel, type KernelRequest } from "../../src/core/run.js";
import { rng } from "../util/rng.js";

export const spec = (name: KernelName) => KERNELS[name] as KernelSpec;
export const SPLIT = (Object.keys(KERNELS) as KernelName[]).filter((n) => spec(n).split === "rows");
export const hasRowLength = (name: KernelName) => spec(name).args.some((a) => a.role === "rowLength");
export const arrays = (name: KernelName) =>
  spec(name).args.filter((a): a is Extract<KernelArg, { per: string }> => a.role === "input" || a.role === "output");
export const CONFUSION_CLASSES = 5;

/** Scalar parameters by name, each within its kernel's domain. */
export function paramsFor(name: KernelName, weighted: boolean): Record<string, number> {
  const all: Record<string, number> = {
    gradScale: 0.5, delta: 0.75, labelSmoothing: 0.1, posWeight: 2, gamma: 1.5, alpha: 0.3, applyClassBalancing: 1,
    binaryLabels: 1, threshold: 0.5, k: 2, classes: CONFUSION_CLASSES, copies: weighted ? 0 : 4,
  };
  const out: Record<string, number> = {};
  for (const a of spec(name).args) if (a.role === "param") out[a.name] = all[a.name];
  return out;
}

export type Inputs = Record<string, Float32Array | Int32Array | Float64Array>;

/** Random inputs of a call: float32 values in (0.05, 1), 0/1 where the kernel wants binary labels, class ids in range. */
export function inputsFor(name: KernelName, rows: number, rowLength: number, seed: number, weighted: boolean): Inputs {
  const r = rng(seed);
  const classes = name === "confusionFromLabelsF32" ? CONFUSION_CLASSES : rowLength;
  const out: Inputs = {};
  for (const a of arrays(name)) {
    if (a.role !== "input" || (a.optional && !weighted)) continue;
    const n = a.per === "element" ? rows * rowLength : rows;
    if (a.type === "i32") {
      out[a.name] = Int32Array.from({ length: n }, () => Math.floor(r() * classes));
    } else if (a.type === "f64") {
      out[a.name] = Float64Array.from({ length: n }, () => 0.05 + 0.95 * r());
    } else {
      const binary = a.name === "labels";
      out[a.name] = Float32Array.from({ length: n }, () => (binary ? (r() < 0.5 ? 0 : 1) : 0.05 + 0.95 * r()));
    }
  }
  return out;
}

export type Variant = "copy" | "copyInto" | "zeroCopy" | "mixed" | "converted";

export interface Run {
  value: number;
  outputs: Record<string, ArrayLike<number>>;
  free: () => void;
}

/** One runKernel call of the variant: every output the kernel has is requested. */
export function run(name: KernelName, rows: number, rowLength: number, inputs: Inputs, weighted: boolean, variant: Variant): Run {
  const buffers: sl.WasmFloat32Buffer[] = [];
  const resident = (x: Float32Array) => {
    const b = sl.allocFloat32(Math.max(x.length, 1));
    buffers.push(b);
    b.array.set(x);
    return b;
  };
  const ins: Record<string, Float32Array | Int32Array | Float64Array | number[]> = {};
  const residentIns: Record<string, sl.WasmFloat32Buffer> = {};
  let i = 0;
  for (const [k, x] of Object.entries(inputs)) {
    const odd = i++ % 2 === 1;
    if (x instanceof Float32Array && (variant === "zeroCopy" || (variant === "mixed" && odd))) residentIns[k] = resident(x);
    else if (x instanceof Float32Array && variant === "converted") ins[k] = odd ? Array.from(x) : Float64Array.from(x);
    else ins[k] = x;
  }
  const outs: Record<string, { into?: Float32Array; name: string }> = {};
  const residentOuts: Record<string, { buffer: sl.WasmFloat32Buffer; n: number }> = {};
  for (const a of arrays(name)) {
    if (a.role !== "output") continue;
    const n = a.per === "element" ? rows * rowLength : rows;
    if (a.type === "f32" && (variant === "zeroCopy" || variant === "mixed")) {
      residentOuts[a.name] = { buffer: resident(new Float32Array(n)), n };
      outs[a.name] = { name: a.name };
    } else {
      outs[a.name] = { into: a.type === "f32" && variant === "copyInto" ? new Float32Array(n).fill(NaN) : undefined, name: a.name };
    }
  }
  // views are taken after every allocation (an allocation may grow memory and detach earlier views)
  for (const [k, b] of Object.entries(residentIns)) ins[k] = b.array.subarray(0, inputs[k].length);
  for (const [k, { buffer, n }] of Object.entries(residentOuts)) outs[k].into = buffer.array.subarray(0, n);
  const request: KernelRequest = {
    rows, rowLength: hasRowLength(name) ? rowLength : 1, inputs: ins as KernelRequest["inputs"], outputs: outs, params: paramsFor(name, weighted),
  };
  const { value, outputs } = runKernel("executorTest", name, request);
  const copied: Record<string, ArrayLike<number>> = {};
  for (const [k, v] of Object.entries(outputs)) copied[k] = v.slice();
  return { value, outputs: copied, free: () => buffers.forEach((b) => b.free()) };
}

/** The bytes of a typed array. */
export const bytes = (x: ArrayLike<number>) => {
  const t = x as Float32Array;
  return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
};

/** The same bytes (float32 values bit for bit, NaN payloads and signed zeros included). */
export function expectSameBytes(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  const x = bytes(expected);
  const y = bytes(actual);
  expect(y.length, `${what}: length`).toBe(x.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) expect.fail(`${what}: differs at byte ${i}`);
}

export function expectIdentical(a: Run, b: Run, what: string): void {
  expect(Object.is(a.value, b.value), `${what}: value ${b.value} vs ${a.value}`).toBe(true);
  expect(Object.keys(b.outputs).sort(), what).toEqual(Object.keys(a.outputs).sort());
  for (const k of Object.keys(a.outputs)) expectSameBytes(b.outputs[k], a.outputs[k], `${what}: ${k}`);
}
