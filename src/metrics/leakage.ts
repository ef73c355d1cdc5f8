/**
 * Data-leakage check: which validation rows are exact copies of a training row. The kernel
 * hashes every row of both sets (assembly/metrics/leakage.ts); rows whose hashes match are then
 * compared value by value, so the answer is exact whatever the hash collisions.
 */
import { numericArray, rowLengthOf, rowsOf, type ArrayInput, type NumericArray } from "../core/args.js";
import { optionKeys, toOptions } from "../core/options.js";
import { runKernel } from "../core/run.js";

export interface FindLeakageOptions {
  /** Values per row (the features of one example); must divide both lengths. Required with flat rows; default the inner length of nested rows. */
  rowLength?: number;
}

const LEAKAGE_OPTIONS = optionKeys("rowLength");

export interface Leakage {
  /** Number of validation rows equal to some training row. */
  count: number;
  /** Indices of those validation rows, increasing. */
  valIndices: Int32Array;
  /** For each of them, the first training row it equals. */
  trainIndices: Int32Array;
}

/**
 * Finds validation rows that exactly equal a training row: rows × rowLength arrays, compared as
 * float32 values (what a float32 model sees), with −0 equal to +0 and NaN equal to NaN (as
 * pandas' `duplicated`). Cost: one hashing pass over both sets in the kernel, then a
 * hash-table lookup per validation row.
 * @example
 * findLeakage([1, 2,  3, 4], [3, 4,  5, 6,  1, 2], { rowLength: 2 })
 * // { count: 2, valIndices: Int32Array [0, 2], trainIndices: Int32Array [1, 0] }
 * @throws ShapeError when rowLength is missing, not a positive integer, or does not divide a
 *   length; ArgumentTypeError for non-numeric arrays.
 */
export function findLeakage(trainRows: ArrayInput, valRows: ArrayInput, options?: FindLeakageOptions): Leakage {
  const fn = "findLeakage";
  const o = toOptions(fn, options, LEAKAGE_OPTIONS);
  const train = numericArray(fn, "trainRows", trainRows);
  const val = numericArray(fn, "valRows", valRows);
  const L = rowLengthOf(fn, "options.rowLength", o.rowLength, undefined, "trainRows", trainRows, "valRows", valRows);
  const nTrain = rowsOf(fn, "trainRows", train.length, L, "options.rowLength");
  const nVal = rowsOf(fn, "valRows", val.length, L, "options.rowLength");

  const hashes = (x: NumericArray, rows: number, name: string) => {
    const { outputs } = runKernel(fn, "hashRowsF32", {
      rows, rowLength: L, inputs: { x }, outputs: { hashes: { name: "hashes" } }, names: { x: name },
    });
    const h = outputs.hashes as Int32Array;
    return new Uint32Array(h.buffer, h.byteOffset, h.length);
  };
  const trainHash = hashes(train, nTrain, "trainRows");
  const valHash = hashes(val, nVal, "valRows");

  // chained hash table over the training rows; inserted last-to-first so chains start at the first row
  let size = 1;
  while (size < 2 * nTrain) size *= 2;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(nTrain);
  for (let r = nTrain - 1; r >= 0; r--) {
    const b = trainHash[r] & mask;
    next[r] = head[b];
    head[b] = r;
  }
  const valIndices: number[] = [];
  const trainIndices: number[] = [];
  for (let v = 0; v < nVal; v++) {
    const h = valHash[v];
    for (let r = head[h & mask]; r >= 0; r = next[r]) {
      if (trainHash[r] === h && rowsEqual(train, r * L, val, v * L, L)) {
        valIndices.push(v);
        trainIndices.push(r);
        break;
      }
    }
  }
  return { count: valIndices.length, valIndices: Int32Array.from(valIndices), trainIndices: Int32Array.from(trainIndices) };
}

/** Equality of the float32 values (as the kernel hashed them), with NaN equal to NaN (and −0 equal to +0, as ===). */
function rowsEqual(a: NumericArray, i: number, b: NumericArray, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    const x = Math.fround(a[i + k]);
    const y = Math.fround(b[j + k]);
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}
