import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { TAIL_LENGTHS } from "../util/rng.js";
import { CLASS_COUNTS, argmaxRef, scores } from "../util/metrics-ref.js";

describe("argmax", () => {
  it("matches the plain reference for every class count and every tail length of rows", () => {
    for (const C of CLASS_COUNTS) {
      for (const rows of TAIL_LENGTHS) {
        for (const ties of [false, true]) {
          const p = scores(rows * 97 + C, rows, C, ties);
          const got = sl.argmax(p, { classes: C });
          expect(got.length).toBe(rows);
          for (let r = 0; r < rows; r++) {
            if (got[r] !== argmaxRef(p, r * C, C)) expect.fail(`C=${C} rows=${rows} ties=${ties} row ${r}: ${got[r]} vs ${argmaxRef(p, r * C, C)}`);
          }
        }
      }
    }
  });

  it("takes the first index on ties, wherever the tie sits (hand-made rows)", () => {
    expect(Array.from(sl.argmax([1, 1, 1, 1, 1, 1, 1, 1, 1], { classes: 9 }))).toEqual([0]);
    expect(Array.from(sl.argmax([0, 0, 0, 0, 0, 5, 0, 0, 5, 0], { classes: 10 }))).toEqual([5]);
    expect(Array.from(sl.argmax([0, 0, 0, 0, 0, 0, 0, 0, 3, 3], { classes: 10 }))).toEqual([8]);
    expect(Array.from(sl.argmax([-Infinity, -Infinity, -1e30, -1e30], { classes: 2 }))).toEqual([0, 0]);
  });

  it("a row with NaN gives the index of its first NaN; Infinity wins over finite values", () => {
    for (const C of [3, 4, 9, 10, 16, 17]) {
      for (const at of [0, 1, C - 1, Math.floor(C / 2)]) {
        const row = new Float32Array(C).fill(0.25);
        row[(at + 1) % C] = 7;
        row[at] = NaN;
        if (at + 2 < C) row[at + 2] = NaN;
        expect(sl.argmax(row, { classes: C })[0], `C=${C} at=${at}`).toBe(at);
      }
      const inf = new Float32Array(C).fill(1e38);
      inf[C - 1] = Infinity;
      expect(sl.argmax(inf, { classes: C })[0]).toBe(C - 1);
    }
  });

  it("1e5 rows of 10 classes (1e6 scores) match the reference", () => {
    const p = scores(5, 1e5, 10);
    const got = sl.argmax(p, { classes: 10 });
    let wrong = 0;
    for (let r = 0; r < 1e5; r++) if (got[r] !== argmaxRef(p, r * 10, 10)) wrong++;
    expect(wrong).toBe(0);
  });

  it("empty input gives an empty Int32Array", () => {
    expect(sl.argmax([], { classes: 3 })).toEqual(new Int32Array(0));
  });

  it("throws ShapeError when classes does not divide the length", () => {
    expect(() => sl.argmax([1, 2, 3], { classes: 2 })).toThrow(sl.ShapeError);
    expect(() => sl.argmax([1, 2, 3], { classes: 2 })).toThrow("argmax: yPred.length (3) is not a multiple of options.classes (2)");
  });

  it("throws ShapeError when classes is missing", () => {
    expect(() => sl.argmax([1, 2, 3], {} as never)).toThrow("argmax: options.classes must be a positive integer, got undefined");
  });
});
