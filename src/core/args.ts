import { ArgumentTypeError, ShapeError, ValueError } from "./errors.js";
import { assertFreshView } from "./views.js";

/** What every array argument accepts, flat. Float32Array is the fast path; the rest are converted. */
export type NumericArray = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray
  | Int16Array | Uint16Array | Int32Array | Uint32Array | readonly number[];

/**
 * Rows as Keras and tfjs users write them (what `tensor.arraySync()` returns): arrays of rows,
 * nested to any depth, the innermost rows arrays of numbers or numeric typed arrays, every row of
 * a level the same length. `[[0.1, 0.9], [0.8, 0.2]]` is 2 rows of 2.
 */
export type NestedArray = readonly (readonly number[] | Exclude<NumericArray, readonly number[]> | NestedArray)[];

/** What the public functions accept for an array argument: a flat NumericArray or nested rows. */
export type ArrayInput = NumericArray | NestedArray;

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

/** A numeric typed array (not a DataView or a BigInt array). */
function isNumericView(x: unknown): x is Exclude<NumericArray, readonly number[]> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView || x instanceof BigInt64Array || x instanceof BigUint64Array);
}

/** Is x an array of rows (its first element an array or a typed array) rather than of numbers? */
export function isNested(x: unknown): x is NestedArray {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === "object" && x[0] !== null;
}

/**
 * `x` checked, not converted: a Float32Array (a zero-copy view made stale by memory growth or
 * free() is a StaleViewError), another numeric typed array, or an array whose every element is
 * a number. The executor converts other arrays to float32 chunk by chunk as it copies them
 * into module memory, so a large array is never converted whole. Nested rows (NestedArray) are
 * flattened, row-major, into a Float64Array (every value kept exactly); rows of unequal length
 * are a ShapeError naming the row.
 */
export function numericArray(fn: string, name: string, x: unknown): NumericArray {
  if (x instanceof Float32Array) {
    assertFreshView(fn, name, x);
    return x;
  }
  if (ArrayBuffer.isView(x)) {
    if (!isNumericView(x)) throw new ArgumentTypeError(fn, `${name} must be ${ACCEPTED}, got ${describe(x)}`);
    return x;
  }
  if (Array.isArray(x)) {
    const a = x as readonly unknown[];
    if (isNested(a)) return flatten(fn, name, a);
    for (let i = 0; i < a.length; i++) {
      if (typeof a[i] !== "number") {
        throw new ArgumentTypeError(fn, `${name}[${i}] must be a number, got ${describe(a[i])}`);
      }
    }
    return a as number[];
  }
  throw new ArgumentTypeError(fn, `${name} must be ${ACCEPTED}, got ${describe(x)}`);
}

/** The lengths of nested rows along their first elements: [x.length, x[0].length, x[0][0].length, …]. */
function dimsOf(fn: string, name: string, x: NestedArray): number[] {
  const dims = [x.length];
  let path = name;
  let row: unknown = x;
  while (Array.isArray(row) || isNumericView(row)) {
    const r = row as ArrayLike<unknown>;
    if (r.length === 0) throw new ShapeError(fn, `${path} is empty`);
    if (row !== x) dims.push(r.length);
    if (!Array.isArray(row)) break;
    row = r[0];
    path += "[0]";
  }
  return dims;
}

/** Nested rows flattened row-major into a Float64Array, every row checked against the first one's shape. */
function flatten(fn: string, name: string, x: NestedArray): Float64Array {
  const dims = dimsOf(fn, name, x);
  let total = 1;
  for (const d of dims) total *= d;
  const out = new Float64Array(total);
  fill(fn, name, x, dims, 0, out, 0, []);
  return out;
}

/** `name[i][j]…` for the indices of a path. */
const at = (name: string, path: readonly number[]) => name + path.map((i) => `[${i}]`).join("");

function fill(
  fn: string, name: string, x: ArrayLike<unknown>, dims: readonly number[], level: number, out: Float64Array, start: number, path: number[],
): number {
  const n = dims[level];
  if (level === dims.length - 1) {
    if (isNumericView(x)) {
      out.set(x, start);
      return start + n;
    }
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (typeof v !== "number") {
        const where = at(name, [...path, i]);
        if (Array.isArray(v) || ArrayBuffer.isView(v)) throw new ShapeError(fn, `${where} must be a number, got ${describe(v)}`);
        throw new ArgumentTypeError(fn, `${where} must be a number, got ${describe(v)}`);
      }
      out[start + i] = v;
    }
    return start + n;
  }
  const first = () => at(name, new Array(level + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const row = x[i];
    path.push(i);
    if (!Array.isArray(row) && !isNumericView(row)) {
      throw new ArgumentTypeError(fn, `${at(name, path)} must be an array like ${first()}, got ${describe(row)}`);
    }
    if (row.length !== dims[level + 1]) {
      throw new ShapeError(fn, `${at(name, path)}.length (${row.length}) must equal ${first()}.length (${dims[level + 1]})`);
    }
    start = fill(fn, name, row as ArrayLike<unknown>, dims, level + 1, out, start, path);
    path.pop();
  }
  return start;
}

/**
 * The length of the innermost rows of nested rows (the last axis: features or classes), or
 * undefined for a flat array or anything else. Reads the first row only: numericArray checks the
 * others.
 */
export function innerLength(x: unknown): number | undefined {
  if (!isNested(x)) return undefined;
  let row: unknown = x[0];
  while (Array.isArray(row) && row.length > 0 && typeof row[0] === "object" && row[0] !== null) row = row[0];
  return (row as ArrayLike<unknown>).length;
}

/**
 * A row length (`options.features`, `options.classes`, …): the option when given (a positive
 * integer, which must equal the inner length of nested inputs), else the inner length of the
 * nested inputs (which must agree), else `fallback` (undefined: the option is required, a
 * ShapeError). `a` and `b` are the raw inputs whose last axis it is.
 */
export function rowLengthOf(
  fn: string, option: string, value: unknown, fallback: number | undefined,
  aName: string, a: unknown, bName?: string, b?: unknown,
): number {
  const ia = innerLength(a);
  const ib = innerLength(b);
  if (ia !== undefined && ib !== undefined && ia !== ib) {
    throw new ShapeError(fn, `the inner length of ${aName} (${ia}) must equal the inner length of ${bName} (${ib})`);
  }
  const inner = ia ?? ib;
  if (value === undefined) {
    if (inner !== undefined && inner > 0) return inner;
    if (fallback === undefined) throw new ShapeError(fn, `${option} must be a positive integer, got undefined`);
    return fallback;
  }
  const n = positiveInteger(fn, option, value, 0);
  if (inner !== undefined && inner !== n) {
    throw new ShapeError(fn, `${option} (${n}) must equal the inner length of ${ia !== undefined ? aName : bName} (${inner})`);
  }
  return n;
}

/**
 * `x` as a Float32Array: itself when it already is one, else a converted copy (for values read
 * in JavaScript; arrays only passed to kernels need numericArray alone). Errors as numericArray.
 */
export function toFloat32(fn: string, name: string, x: unknown): Float32Array {
  const checked = numericArray(fn, name, x);
  return checked instanceof Float32Array ? checked : Float32Array.from(checked);
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
 * The (yTrue, yPred) pair of a loss or metric: both checked (numericArray: flat arrays as they
 * are, nested rows flattened) and of equal length, split into rows of the row length
 * `option` gives (rowLengthOf: the option, else the inputs' inner length, else `fallback`).
 */
export function pairedRows(
  fn: string, yTrueIn: unknown, yPredIn: unknown, option: string, value: unknown, fallback: number | undefined,
): { yTrue: NumericArray; yPred: NumericArray; rows: number; rowLength: number } {
  const yTrue = numericArray(fn, "yTrue", yTrueIn);
  const yPred = numericArray(fn, "yPred", yPredIn);
  const rowLength = rowLengthOf(fn, option, value, fallback, "yTrue", yTrueIn, "yPred", yPredIn);
  sameLength(fn, "yTrue", yTrue, "yPred", yPred);
  return { yTrue, yPred, rows: rowsOf(fn, "yPred", yPred.length, rowLength, option), rowLength };
}
