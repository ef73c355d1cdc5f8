// The four-row blocks of assembly/losses/crossentropy.ts: sparse and dense softmax cross-entropy
// from logits and log-softmax compute the log S of four consecutive rows with one logF32x4
// (C ≤ 256 in the SIMD builds), and loss-only row sums use expMinusSumTermF32x4 (exp.ts). Row
// counts here are not multiples of 4, so full blocks and the row-by-row tail are both hit, and
// every row is checked on its own (reduction "none", the full gradient), so a block that mixed
// up its rows' m, S or log S would fail. References are plain float64, written from the formulas.
import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { rng, uniform } from "../util/rng.js";

// error bounds of the kernels (crossentropy.ts): per row 3e-6 + 2e-6·|L|, gradient 2e-6·|g| + 3e-6·w
const REL = 2e-6;
const ABS = 3e-6;

type Any = (a: unknown, b: unknown, o?: object) => unknown;
const cce = sl.categoricalCrossentropy as unknown as Any;
const cceG = sl.categoricalCrossentropyWithGrad as unknown as Any;
const scce = sl.sparseCategoricalCrossentropy as unknown as Any;
const scceG = sl.sparseCategoricalCrossentropyWithGrad as unknown as Any;

/**
 * log-softmax of one row in float64: x − m − log Σ exp(x − m), with its limits: one +Infinity →
 * 0 there and −Infinity elsewhere; two +Infinity, all −Infinity or a NaN → NaN.
 */
function logSoftmaxRow64(x: ArrayLike<number>): number[] {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = x[i] > m || Number.isNaN(x[i]) ? x[i] : m;
  if (m === Infinity) {
    const inf = Array.from(x).filter((v) => v === Infinity).length;
    return Array.from(x, (v) => (inf > 1 || Number.isNaN(v) ? NaN : v === Infinity ? 0 : -Infinity));
  }
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return Array.from(x, (v) => v - m - Math.log(s));
}

/**
 * Per-row w·L and the gradient of Σ w·L (reduction "sum") for targets y' = (1 − s)·y + s/C, y a
 * row of (soft) targets or null for an ignored row, in float64.
 */
function ceRows64(targets: (number[] | null)[], x: Float32Array, C: number, smoothing: number, w: number[]) {
  const perRow: number[] = [];
  const grad: number[] = [];
  targets.forEach((y, r) => {
    if (y === null) {
      perRow.push(0);
      for (let c = 0; c < C; c++) grad.push(0);
      return;
    }
    const lq = logSoftmaxRow64(x.subarray(r * C, (r + 1) * C));
    const yy = y.map((v) => v * (1 - smoothing) + smoothing / C);
    const sumY = yy.reduce((a, b) => a + b, 0);
    let loss = 0;
    for (let c = 0; c < C; c++) if (yy[c] !== 0) loss -= yy[c] * lq[c]; // 0·log 0 = 0 (the limit)
    perRow.push(w[r] * loss);
    for (let c = 0; c < C; c++) grad.push(w[r] * (sumY * Math.exp(lq[c]) - yy[c]));
  });
  return { perRow, grad };
}

const oneHotRow = (label: number, C: number) => Array.from({ length: C }, (_, c) => (c === label ? 1 : 0));

const SPARSE_C = [5, 7, 17, 37, 100, 256, 257];
const ROW_COUNTS = [1, 3, 4, 5, 10, 11, 13];

describe("cross-entropy four-row blocks", () => {
  it("sparse from logits, C = 5, 7, 17, 37, 100, 256, 257, rows 1…13: every row's loss and gradient match float64", () => {
    for (const C of SPARSE_C) {
      for (const rows of ROW_COUNTS) {
        for (const smoothing of [0, 0.1]) {
          const seed = C * 131 + rows * 7 + (smoothing ? 1 : 0);
          const x = uniform(seed, rows * C, -6, 6);
          const r = rng(seed + 1);
          const labels = Array.from({ length: rows }, () => Math.floor(r() * C));
          const w = Array.from({ length: rows }, () => Math.fround(0.25 + 2 * r()));
          const ref = ceRows64(labels.map((l) => oneHotRow(l, C)), x, C, smoothing, w);
          const o = { classes: C, fromLogits: true, labelSmoothing: smoothing, sampleWeight: w };
          const what = `C=${C} rows=${rows} s=${smoothing}`;
          expectAllClose(scce(labels, x, { ...o, reduction: "none" }) as Float32Array, ref.perRow, REL, ABS, `${what} loss`);
          const g = scceG(labels, x, { ...o, reduction: "sum" }) as sl.LossWithGrad;
          expectClose(g.loss, ref.perRow.reduce((a, b) => a + b, 0), REL, ABS * rows, `${what} sum`);
          expectAllClose(g.grad, ref.grad, REL, ABS * 2.25, `${what} grad`);
          const none = scceG(labels, x, { ...o, reduction: "none" }) as sl.LossWithGrad<Float32Array>;
          expectAllClose(none.loss, ref.perRow, REL, ABS, `${what} loss with grad`);
        }
      }
    }
  });

  it("sparse ignoreIndex at C = 5 and 37 over 11 and 13 rows: ignored rows at every position of a block and in the tail", () => {
    for (const C of [5, 37]) {
      for (const rows of [11, 13]) {
        // ignored: block 0 position 0, block 1 positions 1 and 3, block 2 position 2, a tail row
        for (const ignoredRows of [[0, 5, 7, 10], [1, 2, 3, 12], [4, 5, 6, 7], [8, 9]]) {
          const x = uniform(C + rows, rows * C, -5, 5);
          const r = rng(C * rows);
          const labels = Array.from({ length: rows }, (_, i) => (ignoredRows.includes(i) ? -100 : Math.floor(r() * C)));
          const w = new Array(rows).fill(1);
          const ref = ceRows64(labels.map((l) => (l < 0 ? null : oneHotRow(l, C))), x, C, 0, w);
          const o = { classes: C, fromLogits: true, ignoreIndex: -100 };
          const what = `C=${C} rows=${rows} ignored=${ignoredRows}`;
          expectAllClose(scce(labels, x, { ...o, reduction: "none" }) as Float32Array, ref.perRow, REL, ABS, `${what} loss`);
          const g = scceG(labels, x, { ...o, reduction: "sum" }) as sl.LossWithGrad;
          expectClose(g.loss, ref.perRow.reduce((a, b) => a + b, 0), REL, ABS * rows, `${what} sum`);
          expectAllClose(g.grad, ref.grad, REL, ABS, `${what} grad`);
          for (const i of ignoredRows) if (i < rows) for (let c = 0; c < C; c++) expect(g.grad[i * C + c]).toBe(0);
        }
      }
    }
  });

  it("sparse: a NaN row inside a block makes only that row NaN; a +Infinity row takes its limit (+∞: the label is elsewhere)", () => {
    for (const C of [17, 37, 100]) {
      const rows = 11;
      const x = uniform(C, rows * C, -3, 3);
      x[2 * C + 5] = NaN; // block 0, position 2
      x[5 * C + 1] = Infinity; // block 1, position 1
      x[9 * C] = NaN; // tail
      const labels = Array.from({ length: rows }, (_, i) => (i * 3) % C);
      const ref = ceRows64(labels.map((l) => oneHotRow(l, C)), x, C, 0, new Array(rows).fill(1));
      const loss = scce(labels, x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
      for (let i = 0; i < rows; i++) {
        if (i === 2 || i === 9) expect(loss[i], `C=${C} row ${i}`).toBeNaN();
        else if (i === 5) expect(loss[i], `C=${C} row ${i}`).toBe(Infinity);
        else expectClose(loss[i], ref.perRow[i], REL, ABS, `C=${C} row ${i}`);
      }
    }
  });

  it("dense from logits, soft targets, C = 17, 37, 100, 256, 257, rows 1…13: every row's loss and gradient match float64", () => {
    for (const C of [17, 37, 100, 256, 257]) {
      for (const rows of ROW_COUNTS) {
        const seed = C * 17 + rows;
        const x = uniform(seed, rows * C, -6, 6);
        const t = uniform(seed + 1, rows * C, 0, 1);
        const targets: number[][] = [];
        for (let i = 0; i < rows; i++) {
          let s = 0;
          for (let c = 0; c < C; c++) s += t[i * C + c];
          for (let c = 0; c < C; c++) t[i * C + c] = Math.fround(t[i * C + c] / s);
          targets.push(Array.from(t.subarray(i * C, (i + 1) * C)));
        }
        const r = rng(seed + 2);
        const w = Array.from({ length: rows }, () => Math.fround(0.25 + 2 * r()));
        for (const smoothing of [0, 0.2]) {
          const ref = ceRows64(targets, x, C, smoothing, w);
          const o = { classes: C, fromLogits: true, labelSmoothing: smoothing, sampleWeight: w };
          const what = `C=${C} rows=${rows} s=${smoothing}`;
          expectAllClose(cce(t, x, { ...o, reduction: "none" }) as Float32Array, ref.perRow, REL, ABS, `${what} loss`);
          const g = cceG(t, x, { ...o, reduction: "sum" }) as sl.LossWithGrad;
          expectClose(g.loss, ref.perRow.reduce((a, b) => a + b, 0), REL, ABS * rows, `${what} sum`);
          expectAllClose(g.grad, ref.grad, REL, ABS * 2.25, `${what} grad`);
        }
      }
    }
  });

  it("logSoftmax, C = 1, 3, 17, 100, 256, 257: rows with NaN, ±Infinity and huge logits inside blocks", () => {
    for (const C of [1, 3, 17, 100, 256, 257]) {
      for (const rows of [3, 11, 13]) {
        const x = uniform(C * 5 + rows, rows * C, -8, 8);
        const put = (row: number, c: number, v: number) => {
          if (row < rows) x[row * C + Math.min(c, C - 1)] = v;
        };
        put(1, 2, NaN); // block 0
        put(2, 0, -Infinity);
        put(5, 1, Infinity); // block 1
        if (6 < rows) for (let c = 0; c < C; c++) x[6 * C + c] = c % 2 ? Math.fround(3e38) : Math.fround(-1e4 * c); // huge
        if (7 < rows) for (let c = 0; c < C; c++) x[7 * C + c] = -Infinity; // all −Infinity: NaN
        put(9, C - 1, NaN); // tail when rows = 11, block 2 when rows = 13
        put(12, 1, -Infinity);
        const out = sl.logSoftmax(x, { classes: C });
        const ref: number[] = [];
        for (let i = 0; i < rows; i++) ref.push(...logSoftmaxRow64(x.subarray(i * C, (i + 1) * C)));
        expectAllClose(out, ref, REL, REL, `C=${C} rows=${rows}`);
      }
    }
  });

  it("loss-only sums: terms below the exp cutoff (−87.34) add < C·1.2e-38, so S rounds to the same float32", () => {
    // one logit 0, the rest at −200 or −Infinity: the true S is 1 + (C−1)·e^−200 (or exactly 1)
    for (const C of [17, 37, 100, 256, 257]) {
      for (const low of [-200, -Infinity, -88]) {
        const rows = 9;
        const x = new Float32Array(rows * C).fill(low);
        const labels: number[] = [];
        for (let i = 0; i < rows; i++) {
          x[i * C + ((i * 5) % C)] = 0;
          labels.push(i % 2 ? (i * 5) % C : (i * 5 + 1) % C); // odd rows: the label at the 0
        }
        const loss = scce(labels, x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
        const ls = sl.logSoftmax(x, { classes: C });
        for (let i = 0; i < rows; i++) {
          // float64 reference: log S − d_label with S = 1 + (C − 1)·e^low
          const logS = Math.log1p((C - 1) * Math.exp(low));
          const expect64 = logS - (labels[i] === (i * 5) % C ? 0 : low);
          expectClose(loss[i], expect64, REL, 1e-30, `C=${C} low=${low} row ${i}`);
          expectClose(ls[i * C + ((i * 5) % C)], -logS, REL, 1e-30, `C=${C} low=${low} row ${i} logSoftmax at the max`);
        }
      }
    }
  });

  it("from probabilities: a NaN probability (SIMD body or scalar tail) makes only its row NaN through the clip", () => {
    const C = 5; // four lanes and one scalar tail element per row
    const rows = 6;
    const p = uniform(99, rows * C, 0.05, 1);
    p[1 * C + 1] = NaN; // SIMD body
    p[3 * C + 4] = NaN; // scalar tail
    const labels = [0, 1, 2, 4, 4, 3];
    const y = labels.flatMap((l) => oneHotRow(l, C));
    for (const loss of [
      scce(labels, p, { classes: C, reduction: "none" }) as Float32Array,
      scce(labels, p, { classes: C, reduction: "none", labelSmoothing: 0.1 }) as Float32Array,
      cce(y, p, { classes: C, reduction: "none" }) as Float32Array,
    ]) {
      for (let i = 0; i < rows; i++) {
        if (i === 1 || i === 3) expect(loss[i], `row ${i}`).toBeNaN();
        else expect(Number.isFinite(loss[i]), `row ${i}`).toBe(true);
      }
    }
  });
});
