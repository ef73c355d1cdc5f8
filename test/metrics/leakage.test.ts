import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";

/** Brute force: every validation row against every training row (NaN = NaN, −0 = +0). */
function leakageRef(train: Float32Array, val: Float32Array, L: number) {
  const valIndices: number[] = [];
  const trainIndices: number[] = [];
  for (let v = 0; v < val.length / L; v++) {
    for (let r = 0; r < train.length / L; r++) {
      let same = true;
      for (let k = 0; k < L && same; k++) {
        const x = train[r * L + k], y = val[v * L + k];
        same = x === y || (Number.isNaN(x) && Number.isNaN(y));
      }
      if (same) { valIndices.push(v); trainIndices.push(r); break; }
    }
  }
  return { count: valIndices.length, valIndices: Int32Array.from(valIndices), trainIndices: Int32Array.from(trainIndices) };
}

/** Validation rows: fresh random rows, with every third one copied from the training set. */
function data(seed: number, nTrain: number, nVal: number, L: number) {
  const r = rng(seed);
  const train = uniform(seed, nTrain * L, -1, 1);
  const val = uniform(seed + 1, nVal * L, -1, 1);
  if (nTrain > 0) {
    for (let v = 0; v < nVal; v += 3) {
      const from = Math.floor(r() * nTrain);
      val.set(train.subarray(from * L, (from + 1) * L), v * L);
    }
  }
  return { train, val };
}

describe("findLeakage", () => {
  it("matches brute-force comparison for every row length in TAIL_LENGTHS", () => {
    for (const L of TAIL_LENGTHS.filter((x) => x > 0)) {
      for (const [nTrain, nVal] of [[0, 3], [1, 1], [5, 9], [40, 31]]) {
        const { train, val } = data(L * 31 + nTrain, nTrain, nVal, L);
        expect(sl.findLeakage(train, val, { rowLength: L }), `L=${L} nTrain=${nTrain}`).toEqual(leakageRef(train, val, L));
      }
    }
  });

  it("rows differing in one value (at any position, including the tail) are not leaks", () => {
    for (const L of [1, 3, 4, 5, 8, 9, 17]) {
      const train = uniform(L, 2 * L, 0, 1);
      for (let k = 0; k < L; k++) {
        const val = train.slice(0, L);
        val[k] = Math.fround(val[k] + 1e-3);
        expect(sl.findLeakage(train, val, { rowLength: L }).count, `L=${L} k=${k}`).toBe(0);
      }
    }
  });

  it("−0 equals +0 and NaN equals NaN; reports the first equal training row", () => {
    const train = Float32Array.from([0, NaN, 1, 2, 0, NaN, 5, 6, 7]);
    const val = Float32Array.from([-0, NaN, 1, 9, 9, 9, 5, 6, 7]);
    const got = sl.findLeakage(train, val, { rowLength: 3 });
    expect(got).toEqual({ count: 2, valIndices: Int32Array.from([0, 2]), trainIndices: Int32Array.from([0, 2]) });
    // hand-made: train rows 0 and 1 are equal; val row matches the first
    expect(sl.findLeakage([1, 2, 1, 2], [1, 2], { rowLength: 2 }).trainIndices).toEqual(Int32Array.from([0]));
  });

  it("10^5 training rows of 16 features against 10^4 validation rows", () => {
    const { train, val } = data(3, 1e5, 1e4, 16);
    const got = sl.findLeakage(train, val, { rowLength: 16 });
    expect(got.count).toBe(Math.ceil(1e4 / 3));
    for (let i = 0; i < got.count; i++) {
      const v = got.valIndices[i], r = got.trainIndices[i];
      expect(Array.from(val.subarray(v * 16, v * 16 + 16))).toEqual(Array.from(train.subarray(r * 16, r * 16 + 16)));
    }
  });

  it("empty inputs give no leaks", () => {
    expect(sl.findLeakage([], [], { rowLength: 4 }).count).toBe(0);
    expect(sl.findLeakage([1, 2], [], { rowLength: 2 }).count).toBe(0);
  });

  it("throws ShapeError when rowLength does not divide a length", () => {
    expect(() => sl.findLeakage([1, 2, 3], [1, 2], { rowLength: 2 })).toThrow(
      "findLeakage: trainRows.length (3) is not a multiple of options.rowLength (2)",
    );
  });

  it("throws ShapeError when rowLength is missing", () => {
    expect(() => sl.findLeakage([1, 2], [1, 2], {} as never)).toThrow(sl.ShapeError);
  });
});
