import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { TAIL_LENGTHS, rng } from "../util/rng.js";
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

  it("every class count 1..17, 31..33, 63..65 and 1000 (every kernel path), rows with NaN, ±Infinity and ties in every lane", () => {
    // Rows with NaN, or with both +Infinity and −Infinity (whose column sum is NaN, so the row is
    // redone one at a time), sit in every lane of a 4-row group and in the tail of rows.
    // paths: 2 (shuffles), 3..16 (4 rows per step), 17..64 (one row, a 64-bit mask), 65+ (one row, chunk by chunk)
    const classCounts = [...Array.from({ length: 17 }, (_, i) => i + 1), 31, 32, 33, 63, 64, 65, 1000];
    for (const C of classCounts) {
      for (const rows of C === 1000 ? [0, 1, 3, 4, 5, 9, 17] : TAIL_LENGTHS) {
        const r = rng(C * 1009 + rows);
        const p = scores(C * 31 + rows, rows, C, rows % 3 === 0);
        for (let row = 0; row < rows; row++) {
          const pick = r();
          const at = row * C + Math.floor(r() * C);
          if (pick < 0.1) p[at] = NaN;
          else if (pick < 0.15) {
            p[at] = NaN;
            p[row * C + Math.floor(r() * C)] = NaN; // two NaN: the first one wins
          } else if (pick < 0.2) {
            p[at] = Infinity;
            p[row * C + Math.floor(r() * C)] = -Infinity;
          } else if (pick < 0.25) p.fill(-Infinity, row * C, row * C + C); // all tied at −Infinity: index 0
          else if (pick < 0.3) p.fill(0.5, row * C, row * C + C); // all tied: index 0
          else if (pick < 0.35) p[at] = -0; // −0 and +0 tie
        }
        const got = sl.argmax(p, { classes: C });
        expect(got.length).toBe(rows);
        for (let row = 0; row < rows; row++) {
          if (got[row] !== argmaxRef(p, row * C, C)) expect.fail(`C=${C} rows=${rows} row ${row}: ${got[row]} vs ${argmaxRef(p, row * C, C)}`);
        }
      }
    }
  });

  it("every NaN bit pattern counts as NaN (negative NaN, signalling payloads), in every lane and path", () => {
    const nanBits = [0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff];
    for (const C of [1, 2, 3, 4, 5, 10, 17, 33, 65]) {
      const rows = 4 * nanBits.length + 3; // 4-row groups and a tail
      const p = scores(C + 1, rows, C);
      const bits = new Uint32Array(p.buffer);
      for (let row = 0; row < rows; row++) {
        if (row % 2 === 0) continue; // rows without NaN between them
        const at = (row * 7) % C;
        bits[row * C + at] = nanBits[row % nanBits.length];
        p[row * C + ((at + 1) % C)] = 2; // a larger value after the NaN (or before it, wrapped)
      }
      const got = sl.argmax(p, { classes: C });
      for (let row = 0; row < rows; row++) {
        if (got[row] !== argmaxRef(p, row * C, C)) expect.fail(`C=${C} row ${row}: ${got[row]} vs ${argmaxRef(p, row * C, C)}`);
      }
    }
  });

  it("a row whose maximum is 0 picks the first of its +0 and −0 (they compare equal)", () => {
    for (const C of [2, 3, 4, 5, 10, 17, 40]) {
      const row = new Float32Array(C).fill(-1);
      row[C - 1] = 0;
      row[C >> 1] = -0;
      expect(sl.argmax(row, { classes: C })[0], `C=${C}`).toBe(C >> 1);
      // 4 copies of the row: the row-per-lane path agrees
      const four = new Float32Array(4 * C);
      for (let k = 0; k < 4; k++) four.set(row, k * C);
      expect(Array.from(sl.argmax(four, { classes: C })), `C=${C} ×4`).toEqual([C >> 1, C >> 1, C >> 1, C >> 1]);
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
