import { ArgumentTypeError, LabelError, ShapeError } from "./errors.js";
import { describe, isNested, numericArray, positiveInteger } from "./args.js";

/** `options.classes` (or another name): a required positive integer. */
export function requiredClasses(fn: string, value: unknown, name = "options.classes"): number {
  if (value === undefined) throw new ShapeError(fn, `${name} must be a positive integer, got undefined`);
  return positiveInteger(fn, name, value, 1);
}

/**
 * Integer class labels as an Int32Array, checked once at the boundary: each must be an integer in
 * [0, classes), or equal `ignoreIndex` (stored as −1 and counted in `ignored`). Accepts any integer
 * typed array, a Float32Array / Float64Array of integral values, number[], or nested rows of them
 * (flattened: `[[1], [0]]`, Keras's [batch, 1] labels, is [1, 0]). An Int32Array without
 * ignoreIndex is returned as it is (callers must not write to it).
 * LabelError names the first offending index and value, e.g. `labels[17] = 12 is out of range [0, 10)`.
 */
export function toClassLabels(
  fn: string, name: string, labelsIn: unknown, classes: number, ignoreIndex?: number,
): { labels: Int32Array; ignored: number } {
  const labels = isNested(labelsIn) ? numericArray(fn, name, labelsIn) : labelsIn;
  if (!(Array.isArray(labels) || (ArrayBuffer.isView(labels) && !(labels instanceof DataView)))
    || labels instanceof BigInt64Array || labels instanceof BigUint64Array) {
    throw new ArgumentTypeError(fn, `${name} must be an integer typed array or an array of numbers, got ${describe(labels)}`);
  }
  // fast path: an Int32Array needs only the range check, and is used as it is (no copy)
  if (labels instanceof Int32Array && ignoreIndex === undefined) {
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i];
      if (v < 0 || v >= classes) throw new LabelError(fn, `${name}[${i}] = ${v} is out of range [0, ${classes})`);
    }
    return { labels, ignored: 0 };
  }
  const src = labels as ArrayLike<unknown>;
  const typed = ArrayBuffer.isView(labels);
  const out = new Int32Array(src.length);
  let ignored = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i] as number;
    if (!typed && typeof v !== "number") throw new ArgumentTypeError(fn, `${name}[${i}] must be a number, got ${describe(v)}`);
    if (v === ignoreIndex) {
      out[i] = -1;
      ignored++;
    } else if (v >= 0 && v < classes && (v | 0) === v) {
      out[i] = v;
    } else if (!Number.isInteger(v)) {
      throw new LabelError(fn, `${name}[${i}] = ${v} is not an integer`);
    } else {
      throw new LabelError(fn, `${name}[${i}] = ${v} is out of range [0, ${classes})`);
    }
  }
  return { labels: out, ignored };
}
