import { ArgumentTypeError, ShapeError, ValueError } from "./errors.js";
import { assertFreshView } from "./views.js";

/** What every array argument accepts. Float32Array is the fast path; the rest are converted. */
export type NumericArray = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray
  | Int16Array | Uint16Array | Int32Array | Uint32Array | readonly number[];

/** A short description of a value for error messages. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return `Array(${x.length})`;
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  if (typeof x === "string") return `string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "…" : x)}`;
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return `${typeof x} ${String(x)}`;
}

const ACCEPTED = "a Float32Array, another numeric typed array, or an array of numbers";

/**
 * `x` checked, not converted: a Float32Array (a zero-copy view made stale by memory growth or
 * free() is a StaleViewError), another numeric typed array, or an array whose every element is
 * a number. The executor converts other arrays to float32 chunk by chunk as it copies them
 * into module memory, so a large array is never converted whole.
 */
export function numericArray(fn: string, name: string, x: unknown): NumericArray {
  if (x instanceof Float32Array) {
    assertFreshView(fn, name, x);
    return x;
  }
  if (ArrayBuffer.isView(x)) {
    if (x instanceof DataView || x instanceof BigInt64Array || x instanceof BigUint64Array) {
      throw new ArgumentTypeError(fn, `${name} must be ${ACCEPTED}, got ${describe(x)}`);
    }
    return x as NumericArray;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== "number") {
        throw new ArgumentTypeError(fn, `${name}[${i}] must be a number, got ${describe(x[i])}`);
      }
    }
    return x as number[];
  }
  throw new ArgumentTypeError(fn, `${name} must be ${ACCEPTED}, got ${describe(x)}`);
}

/**
 * `x` as a Float32Array: itself when it already is one, else a converted copy (for values read
 * in JavaScript; arrays only passed to kernels need numericArray alone). Errors as numericArray.
 */
export function toFloat32(fn: string, name: string, x: unknown): Float32Array {
  const checked = numericArray(fn, name, x);
  return checked instanceof Float32Array ? checked : Float32Array.from(checked);
}

/** An options object, or {} for undefined; anything else is an ArgumentTypeError. */
export function toOptions<T extends object>(fn: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ArgumentTypeError(fn, `options must be an object, got ${describe(options)}`);
  }
  return options;
}

/** A whole number ≥ 1 (features, classes, …); `fallback` when undefined. */
export function positiveInteger(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 0x7fffffff) {
    throw new ShapeError(fn, `${name} must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

/** A finite number, `fallback` when undefined, checked by `ok` (which names the domain). */
export function finiteNumber(
  fn: string, name: string, value: unknown, fallback: number,
  ok: (v: number) => boolean = () => true, domain = "a finite number",
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new ValueError(fn, `${name} must be ${domain}, got ${describe(value)}`);
  }
  return value;
}

export function sameLength(fn: string, aName: string, a: ArrayLike<unknown>, bName: string, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw new ShapeError(fn, `${aName}.length (${a.length}) must equal ${bName}.length (${b.length})`);
  }
}

/** rows = length / features, or a ShapeError when features does not divide the length. */
export function rowsOf(fn: string, name: string, length: number, features: number, featuresName = "features"): number {
  if (length % features !== 0) {
    throw new ShapeError(fn, `${name}.length (${length}) is not a multiple of ${featuresName} (${features})`);
  }
  return length / features;
}

/**
 * The (yTrue, yPred) pair of a loss or metric: both checked (numericArray, not converted) and of
 * equal length, split into rows of `rowLength` (`options.features` or `options.classes`, already
 * checked).
 */
export function pairedRows(
  fn: string, yTrueIn: unknown, yPredIn: unknown, rowLength: number, rowLengthName: string,
): { yTrue: NumericArray; yPred: NumericArray; rows: number } {
  const yTrue = numericArray(fn, "yTrue", yTrueIn);
  const yPred = numericArray(fn, "yPred", yPredIn);
  sameLength(fn, "yTrue", yTrue, "yPred", yPred);
  return { yTrue, yPred, rows: rowsOf(fn, "yPred", yPred.length, rowLength, rowLengthName) };
}
