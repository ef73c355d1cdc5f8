import { describe, positiveInteger, toFloat32 } from "../core/args.js";
import type { KernelCall } from "../core/call.js";
import { LabelError, ShapeError, ValueError } from "../core/errors.js";

/**
 * Class ids as float32 for the kernels, after checking that each is an integer in
 * [0, classes): LabelError otherwise, naming the first offending index and value.
 */
export function toLabels(fn: string, name: string, x: unknown, classes: number): Float32Array {
  const labels = toFloat32(fn, name, x);
  const original = x as ArrayLike<number>;
  // the float32 copy may have rounded a non-integer (Float64Array, number[]) or a large integer
  // to an integer: then compare with the unconverted values too
  const integerTyped = x instanceof Int8Array || x instanceof Uint8Array || x instanceof Uint8ClampedArray
    || x instanceof Int16Array || x instanceof Uint16Array || x instanceof Int32Array || x instanceof Uint32Array;
  const exact = labels === x || (integerTyped && classes <= 1 << 24);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!(v >= 0 && v < classes && Math.floor(v) === v) || (!exact && original[i] !== v)) {
      throw new LabelError(fn, `${name}[${i}] = ${original[i]} is not an integer in [0, ${classes})`);
    }
  }
  return labels;
}

/** Binary labels: each must be exactly 0 or 1 (LabelError otherwise). */
export function toBinaryLabels(fn: string, name: string, x: unknown): Float32Array {
  const labels = toFloat32(fn, name, x);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new LabelError(fn, `${name}[${i}] = ${labels[i]} must be 0 or 1`);
    }
  }
  return labels;
}

/** The `classes` option: a positive integer, required. */
export function classesOption(fn: string, value: unknown, name = "options.classes"): number {
  if (value === undefined) throw new ShapeError(fn, `${name} is required (the number of classes), got undefined`);
  return positiveInteger(fn, name, value, 0);
}

/** Optional per-sample weights: finite and non-negative, one per sample. */
export function toWeights(fn: string, name: string, x: unknown, samples: number): Float32Array | null {
  if (x === undefined || x === null) return null;
  const w = toFloat32(fn, name, x);
  if (w.length !== samples) {
    throw new ShapeError(fn, `${name}.length (${w.length}) must equal the number of samples (${samples})`);
  }
  for (let i = 0; i < w.length; i++) {
    if (!(w[i] >= 0) || w[i] === Infinity) throw new ValueError(fn, `${name}[${i}] = ${w[i]} must be finite and non-negative`);
  }
  return w;
}

/** A threshold: a finite number (or ±Infinity is refused as meaningless). */
export function thresholdOption(fn: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(fn, `options.threshold must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** Reserves an output of n int32 values. */
export function int32Output(call: KernelCall, name: string, n: number): number {
  return call.output(name, n);
}

/** Reads back an output of n int32 values reserved with int32Output. */
export function int32Result(call: KernelCall, ptr: number, n: number): Int32Array {
  const copy = call.result(ptr, n);
  return new Int32Array(copy.buffer, copy.byteOffset, n);
}

/** Reserves an output of n float64 values. */
export function float64Output(call: KernelCall, name: string, n: number): number {
  return call.output(name, 2 * n);
}

/** Reads back an output of n float64 values reserved with float64Output. */
export function float64Result(call: KernelCall, ptr: number, n: number): Float64Array {
  const copy = call.result(ptr, 2 * n);
  return new Float64Array(copy.buffer, copy.byteOffset, n);
}
