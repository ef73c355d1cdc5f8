import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { TAIL_LENGTHS, rng, uniform } from "../util/rng.js";
import { logSoftmax64, oneHot, reductionDivisor } from "../util/reference.mjs";

// ---- float64 references, written from the Keras 3 formulas ------------------------------------
// keras/src/losses/losses.py (label smoothing y·(1 − s) + s/C) and keras/src/backend/jax/nn.py
// (from logits: log_softmax; from probabilities: renormalise, clip to [ε, 1 − ε], log).
const EPS = Math.fround(1e-7);
const ONE_MINUS_EPS = Math.fround(1 - 1e-7);

interface RefOptions {
  classes: number;
  fromLogits?: boolean;
  labelSmoothing?: number;
  classWeight?: ArrayLike<number>;
  reduction?: string;
  sampleWeight?: ArrayLike<number>;
  /** rows to leave out entirely (sparse ignoreIndex) */
  ignored?: boolean[];
}

/** Per-row losses w·L, the reduced loss and its gradient w.r.t. yPred, in float64. */
function cceReference(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: RefOptions) {
  const C = o.classes;
  const rows = yPred.length / C;
  const s = o.labelSmoothing ?? 0;
  const perSample: number[] = [];
  const rowGrad: number[][] = [];
  const weights: number[] = [];
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const y = Array.from({ length: C }, (_, c) => yTrue[r * C + c] * (1 - s) + s / C);
    const x = Array.from({ length: C }, (_, c) => yPred[r * C + c]);
    let cls = 0;
    for (let c = 1; c < C; c++) if (yTrue[r * C + c] > yTrue[r * C + cls]) cls = c;
    const w = o.ignored?.[r] ? 0 : (o.sampleWeight ? o.sampleWeight[r] : 1) * (o.classWeight ? o.classWeight[cls] : 1);
    weights.push(w);
    let loss = 0;
    const g: number[] = [];
    if (o.ignored?.[r]) {
      perSample.push(0);
      rowGrad.push(new Array(C).fill(0));
      continue;
    }
    if (o.fromLogits) {
      const lq = logSoftmax64(x);
      const sumY = y.reduce((a, b) => a + b, 0);
      for (let c = 0; c < C; c++) if (y[c] !== 0) loss -= y[c] * lq[c]; // 0·log 0 = 0 (the limit)
      for (let c = 0; c < C; c++) g.push(sumY * Math.exp(lq[c]) - y[c]);
    } else {
      const S = x.reduce((a, b) => a + b, 0);
      const raw = x.map((p) => p / S);
      const q = raw.map((v) => Math.min(Math.max(v, EPS), ONE_MINUS_EPS));
      const free = raw.map((v) => v >= EPS && v <= ONE_MINUS_EPS); // tf.clip_by_value's gradient
      for (let c = 0; c < C; c++) loss -= y[c] * Math.log(q[c]);
      let sumFree = 0;
      for (let c = 0; c < C; c++) if (free[c]) sumFree += y[c];
      for (let c = 0; c < C; c++) g.push((sumFree - (free[c] ? y[c] / q[c] : 0)) / S);
    }
    perSample.push(w * loss);
    rowGrad.push(g);
    total += w * loss;
  }
  const valid = weights.filter((_, r) => !o.ignored?.[r]);
  const divisor = reductionDivisor(o.reduction, valid);
  const scale = divisor === 0 ? 0 : 1 / divisor;
  const grad = rowGrad.flatMap((g, r) => g.map((v) => (weights[r] === 0 ? 0 : scale * weights[r] * v)));
  return { perSample, loss: divisor === 0 ? 0 : total / divisor, grad, scale };
}

/** Random labels, logits in [−5, 5), probability rows (positive, not normalised) and soft targets. */
function data(rows: number, C: number, seed: number) {
  const r = rng(seed);
  const labels = Int32Array.from({ length: rows }, () => Math.floor(r() * C));
  const logits = uniform(seed + 1, rows * C, -5, 5);
  const probs = uniform(seed + 2, rows * C, 0.01, 1);
  const soft = uniform(seed + 3, rows * C, 0, 1);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += soft[i * C + c];
    for (let c = 0; c < C; c++) soft[i * C + c] /= s;
  }
  return { labels, logits, probs, soft };
}

// Error bound of the kernels (assembly/losses/crossentropy.ts): per row 3e-6 + 2e-6·|L|.
const REL = 2e-6;
const ABS = 3e-6;
const CLASS_COUNTS = [1, 2, 3, 4, 5, 10, 100, 1000, 1001];
const ALL_C = [...new Set([...CLASS_COUNTS, ...TAIL_LENGTHS.filter((n) => n > 0)])].sort((a, b) => a - b);

type Any = (a: unknown, b: unknown, o?: object) => unknown;
const cce = sl.categoricalCrossentropy as unknown as Any;
const cceG = sl.categoricalCrossentropyWithGrad as unknown as Any;
const scce = sl.sparseCategoricalCrossentropy as unknown as Any;
const scceG = sl.sparseCategoricalCrossentropyWithGrad as unknown as Any;

describe("categorical cross-entropy", () => {
  for (const fromLogits of [true, false]) {
    const kind = fromLogits ? "from logits" : "from probabilities";
    it(`${kind}: C = 1, 2, 3, 4, 5, 10, 100, 1000, 1001 and every tail length: dense and sparse match float64`, () => {
      for (const C of ALL_C) {
        const rows = C >= 1000 ? 3 : 7;
        const { labels, logits, probs, soft } = data(rows, C, C * 13);
        const yPred = fromLogits ? logits : probs;
        const o = { classes: C, fromLogits };
        // dense with soft targets
        const dense = cceReference(soft, yPred, o);
        const dl = cceG(soft, yPred, o) as sl.LossWithGrad;
        expectClose(dl.loss, dense.loss, REL, ABS, `dense C=${C}`);
        expectClose(cce(soft, yPred, o) as number, dense.loss, REL, ABS, `dense loss-only C=${C}`);
        expectAllClose(dl.grad, dense.grad, REL, ABS * dense.scale, `dense grad C=${C}`);
        expectAllClose(cce(soft, yPred, { ...o, reduction: "none" }) as Float32Array, dense.perSample, REL, ABS, `dense none C=${C}`);
        // sparse
        const ref = cceReference(oneHot(labels, C), yPred, o);
        const sg = scceG(labels, yPred, o) as sl.LossWithGrad;
        expectClose(sg.loss, ref.loss, REL, ABS, `sparse C=${C}`);
        expectClose(scce(labels, yPred, o) as number, ref.loss, REL, ABS, `sparse loss-only C=${C}`);
        expectAllClose(sg.grad, ref.grad, REL, ABS * ref.scale, `sparse grad C=${C}`);
        expectAllClose(scce(labels, yPred, { ...o, reduction: "none" }) as Float32Array, ref.perSample, REL, ABS, `sparse none C=${C}`);
      }
    });

    it(`${kind}: every reduction, sampleWeight, classWeight and labelSmoothing match float64`, () => {
      const C = 7;
      for (const rows of [0, 1, 5, 12]) {
        const { labels, logits, probs, soft } = data(rows, C, rows + 5);
        const yPred = fromLogits ? logits : probs;
        const r = rng(rows);
        const sampleWeight = Float32Array.from({ length: rows }, (_, i) => (i % 4 === 1 ? 0 : Math.fround(r() * 2)));
        const classWeight = Float32Array.from({ length: C }, (_, i) => Math.fround(0.5 + i / 4));
        for (const reduction of ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "sum_by_nonzero_weights", "none"]) {
          for (const labelSmoothing of [0, 0.1, 1]) {
            for (const weighted of [false, true]) {
              const o = {
                classes: C, fromLogits, labelSmoothing, reduction,
                sampleWeight: weighted ? sampleWeight : undefined, classWeight: weighted ? classWeight : undefined,
              };
              const what = `rows=${rows} ${reduction} s=${labelSmoothing} weighted=${weighted}`;
              for (const [name, f, t, y] of [["dense", cceG, soft, soft], ["sparse", scceG, labels, oneHot(labels, C)]] as const) {
                const ref = cceReference(y, yPred, o);
                const { loss, grad } = f(t, yPred, o) as sl.LossWithGrad<number | Float32Array>;
                if (reduction === "none") expectAllClose(loss as Float32Array, ref.perSample, REL, ABS, `${name} ${what}`);
                else expectClose(loss as number, ref.loss, REL, ABS, `${name} ${what}`);
                expectAllClose(grad, ref.grad, REL, ABS * Math.max(ref.scale, 1) * 4, `${name} grad ${what}`);
              }
            }
          }
        }
      }
    });

    it(`${kind}: gradient matches the float64 analytic gradient and central finite differences`, () => {
      const C = 6;
      const rows = 4;
      const { labels, logits, probs, soft } = data(rows, C, 77);
      const yPred = Float64Array.from(fromLogits ? logits : probs);
      for (const labelSmoothing of [0, 0.2]) {
        for (const [name, f, t, y] of [["dense", cceG, soft, soft], ["sparse", scceG, labels, oneHot(labels, C)]] as const) {
          const o = { classes: C, fromLogits, labelSmoothing, sampleWeight: [1, 0.5, 2, 1] };
          const ref = cceReference(y, yPred, o);
          const { grad } = f(t, Float32Array.from(yPred), o) as sl.LossWithGrad;
          for (let i = 0; i < yPred.length; i++) {
            const h = 1e-6;
            const up = Float64Array.from(yPred); up[i] += h;
            const dn = Float64Array.from(yPred); dn[i] -= h;
            const fd = (cceReference(y, up, o).loss - cceReference(y, dn, o).loss) / (2 * h);
            expectClose(ref.grad[i], fd, 1e-6, 1e-8, `${name} s=${labelSmoothing} analytic vs fd[${i}]`);
            expectClose(grad[i], fd, 1e-5, 1e-6, `${name} s=${labelSmoothing} kernel vs fd[${i}]`);
          }
        }
      }
    });
  }

  it("logits of ±1e4 give the exact float32 answer (loss and gradient)", () => {
    for (const C of CLASS_COUNTS.filter((c) => c >= 2)) {
      const x = new Float32Array(2 * C);
      for (let c = 0; c < C; c++) {
        x[c] = c === 0 ? 1e4 : -1e4;
        x[C + c] = c === C - 1 ? -1e4 : 1e4;
      }
      // row 0: label at the max → 0; row 1: label at −1e4 while others are 1e4 → 2e4 + log(C − 1)
      const none = scce([0, C - 1], x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
      expect(none[0]).toBe(0);
      expect(none[1]).toBe(Math.fround(2e4 + Math.log(C - 1)));
      const { grad } = scceG([1], x.subarray(0, C), { classes: C, fromLogits: true, reduction: "sum" }) as sl.LossWithGrad;
      // softmax = one-hot(0) exactly, so the gradient is e_0 − e_1
      expect(Array.from(grad)).toEqual(Array.from({ length: C }, (_, c) => (c === 0 ? 1 : c === 1 ? -1 : 0)));
      const dense = cce(Float32Array.from({ length: C }, (_, c) => (c === 1 ? 1 : 0)), x.subarray(0, C), { classes: C, fromLogits: true }) as number;
      expect(dense).toBe(2e4);
    }
  });

  it("a row with one huge logit gives the exact float32 answer", () => {
    for (const C of [3, 10, 100, 1001]) {
      for (const huge of [1e4, 1e30, 3e38]) {
        const x = uniform(C, C, -3, 3);
        x[C >> 1] = huge;
        const labels = [C >> 1, 0];
        const rowX = new Float32Array(2 * C);
        rowX.set(x);
        rowX.set(x, C);
        const none = scce(labels, rowX, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
        expect(none[0]).toBe(0);
        // log S = 0 exactly, d = x_0 − huge rounded once
        expect(none[1]).toBe(-Math.fround(x[0] - huge));
        const ls = sl.logSoftmax(x, { classes: C });
        expect(ls[C >> 1]).toBe(0);
        expect(ls[0]).toBe(Math.fround(x[0] - huge));
      }
    }
  });

  it("an extreme logit (1e4, 3e38, +Infinity, NaN) at every position of a row, SIMD tails and four-row blocks included, matches float64", () => {
    // the row maximum, the exp pass and the four-row blocks must all see every column: a huge
    // value outside the part of the row they read would overflow exp(x − max) (random logits
    // alone cannot tell, since log-sum-exp is the same whatever it shifts by)
    const rows = 5; // one four-row block and one row after it
    for (const C of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 129, 257]) {
      for (const extreme of [1e4, 3e38, Infinity, NaN]) {
        for (let j = 0; j < C; j++) {
          const { labels, logits, soft } = data(rows, C, 31 * C + j);
          const row = j % rows;
          logits[row * C + j] = extreme;
          const what = `C=${C} x[${row}][${j}] = ${extreme}`;
          for (const [targets, yTrue, fn] of [[labels, oneHot(labels, C), scceG], [soft, soft, cceG]] as const) {
            const o = { classes: C, fromLogits: true, reduction: "none" };
            const ref = cceReference(yTrue, logits, o);
            const { loss, grad } = fn(targets, logits, o) as sl.LossWithGrad<Float32Array>;
            expectAllClose(loss, ref.perSample, REL, ABS, `${what} loss`);
            expectAllClose(grad, ref.grad, 2e-6, 3e-6, `${what} grad`);
          }
          const lsRef: number[] = [];
          for (let r = 0; r < rows; r++) lsRef.push(...logSoftmax64(logits.subarray(r * C, (r + 1) * C)));
          expectAllClose(sl.logSoftmax(logits, { classes: C }), lsRef, 2e-6, 2e-6, `${what} logSoftmax`);
          expectAllClose(sl.softmax(logits, { classes: C }), lsRef.map(Math.exp), 4e-6, 1e-12, `${what} softmax`);
          expect(sl.argmax(logits, { classes: C })[row], `${what} argmax`).toBe(j);
        }
      }
    }
  });

  it("probabilities of exactly 0 and 1 give the clipped value (16.118095 for y = 1, p = 0)", () => {
    // hand-computed: −log(float32(1e-7)) = 16.1180953…, −log(float32(1 − 1e-7)) = 1.1920929e-7
    const atZero = -Math.log(EPS);
    expectClose(atZero, 16.118095, 1e-7);
    expectClose(scce([1], [1, 0, 0]) as number, atZero, 1e-7);
    expectClose(cce([0, 1, 0], [1, 0, 0], { classes: 3 }) as number, atZero, 1e-7);
    expectClose(scce([0], [1, 0, 0]) as number, -Math.log(ONE_MINUS_EPS), 1e-6);
    expectClose(cce([1, 0, 0], [1, 0, 0], { classes: 3 }) as number, -Math.log(ONE_MINUS_EPS), 1e-6);
    // clipped entries have zero gradient
    const { grad } = scceG([1], [1, 0, 0], { classes: 3 }) as sl.LossWithGrad;
    expect(Array.from(grad)).toEqual([0, 0, 0]);
  });

  it("all-equal logits give log(C)", () => {
    for (const C of CLASS_COUNTS) {
      const x = new Float32Array(3 * C).fill(0.75);
      x.fill(-1e4, C, 2 * C);
      x.fill(1e4, 2 * C);
      const none = scce([0, C - 1, C >> 1], x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
      for (let r = 0; r < 3; r++) expectClose(none[r], Math.log(C), 1e-6, 1e-7, `C=${C} row ${r}`);
      const soft = new Float32Array(C).fill(1 / C);
      expectClose(cce(soft, x.subarray(0, C), { classes: C, fromLogits: true }) as number, Math.log(C), 1e-6, 1e-7, `dense C=${C}`);
      // and equal probabilities too
      expectClose(scce([0], new Float32Array(C).fill(3), { classes: C }) as number, -Math.log(Math.min(1 / C, ONE_MINUS_EPS)), 1e-6, 1e-7);
    }
  });

  it("NaN in a row gives NaN for that row only (loss and gradient)", () => {
    const C = 10;
    for (const fromLogits of [true, false]) {
      const { labels, logits, probs, soft } = data(3, C, 4);
      const x = Float32Array.from(fromLogits ? logits : probs);
      x[C + 3] = NaN;
      for (const [f, g, t] of [[scce, scceG, labels], [cce, cceG, soft]] as const) {
        const o = { classes: C, fromLogits };
        expect(f(t, x, o)).toBeNaN();
        const none = f(t, x, { ...o, reduction: "none" }) as Float32Array;
        expect([Number.isNaN(none[0]), Number.isNaN(none[1]), Number.isNaN(none[2])]).toEqual([false, true, false]);
        const { grad } = g(t, x, o) as sl.LossWithGrad;
        for (let i = 0; i < 3 * C; i++) expect(Number.isNaN(grad[i]), `grad[${i}]`).toBe(i >= C && i < 2 * C);
      }
    }
  });

  it("small C (four rows per step): ±1e4, a huge logit and NaN rows inside a block stay exact and separate", () => {
    for (const C of [1, 2, 3, 4, 5, 10, 16, 17]) {
      const rows = 9;
      const { labels, logits } = data(rows, C, C + 100);
      const x = Float32Array.from(logits);
      x.fill(-1e4, 0, C); // row 0: all equal → log C
      x[C + labels[1]] = 1e4; // row 1: label at a huge logit → 0
      x[2 * C + labels[2]] = -1e4; // row 2: label far below the rest
      x[5 * C] = NaN; // row 5: NaN
      const o = { classes: C, fromLogits: true, reduction: "none" };
      const none = scce(labels, x, o) as Float32Array;
      const ref = cceReference(oneHot(labels, C), x, { classes: C, fromLogits: true, reduction: "sum" });
      expectClose(none[0], Math.log(C), 1e-6, 1e-7, `C=${C} equal`);
      expect(none[1]).toBe(0);
      if (C > 1) expectClose(none[2], ref.perSample[2], 1e-7, 0, `C=${C} −1e4`);
      expect(Number.isNaN(none[5])).toBe(true);
      for (const r of [3, 4, 6, 7, 8]) expectClose(none[r], ref.perSample[r], REL, ABS, `C=${C} row ${r}`);
      const { grad } = scceG(labels, x, { ...o, reduction: "sum" }) as sl.LossWithGrad;
      for (let i = 0; i < rows * C; i++) {
        const r = Math.floor(i / C);
        if (r === 5) expect(grad[i]).toBeNaN();
        else expectClose(grad[i], ref.grad[i], REL, ABS, `C=${C} grad[${i}]`);
      }
      // the dense kernel's four-rows path, with one-hot targets: the same answers
      const y = oneHot(labels, C);
      const dense = cceG(y, x, { ...o, reduction: "none" }) as sl.LossWithGrad<Float32Array>;
      expectClose(dense.loss[0], Math.log(C), 1e-6, 1e-7, `dense C=${C} equal`);
      expect(dense.loss[1] + 0).toBe(0);
      expect(Number.isNaN(dense.loss[5])).toBe(true);
      for (const r of [2, 3, 4, 6, 7, 8]) expectClose(dense.loss[r], ref.perSample[r], REL, ABS, `dense C=${C} row ${r}`);
      for (let i = 0; i < rows * C; i++) {
        if (Math.floor(i / C) === 5) expect(dense.grad[i]).toBeNaN();
        else expectClose(dense.grad[i], ref.grad[i], REL, ABS, `dense C=${C} grad[${i}]`);
      }
    }
  });

  it("error bound: 3e-6 + 2e-6·|L| per row over wide logits at C = 1001, and from probabilities", () => {
    const C = 1001;
    const rows = 20;
    const x = uniform(5, rows * C, -30, 30);
    const labels = Int32Array.from({ length: rows }, (_, i) => (i * 37) % C);
    const ref = cceReference(oneHot(labels, C), x, { classes: C, fromLogits: true });
    const none = scce(labels, x, { classes: C, fromLogits: true, reduction: "none" }) as Float32Array;
    for (let r = 0; r < rows; r++) expectClose(none[r], ref.perSample[r], 2e-6, 3e-6, `row ${r}`);
    const p = uniform(6, rows * C, 0, 1);
    const refP = cceReference(oneHot(labels, C), p, { classes: C });
    const noneP = scce(labels, p, { classes: C, reduction: "none" }) as Float32Array;
    for (let r = 0; r < rows; r++) expectClose(noneP[r], refP.perSample[r], 2e-6, 3e-6, `probabilities row ${r}`);
  });

  it("1e6 elements (1e4 rows × 100 classes) match float64", () => {
    const { labels, logits } = data(1e4, 100, 9);
    const ref = cceReference(oneHot(labels, 100), logits, { classes: 100, fromLogits: true });
    const { loss, grad } = scceG(labels, logits, { classes: 100, fromLogits: true }) as sl.LossWithGrad;
    expectClose(loss, ref.loss, 1e-6);
    expectAllClose(grad, ref.grad, REL, ABS * ref.scale);
    const { soft } = data(1e4, 100, 10);
    const dense = cceReference(soft, logits, { classes: 100, fromLogits: true, labelSmoothing: 0.1 });
    const d = cceG(soft, logits, { classes: 100, fromLogits: true, labelSmoothing: 0.1 }) as sl.LossWithGrad;
    expectClose(d.loss, dense.loss, 1e-6);
    expectAllClose(d.grad, dense.grad, REL, ABS * dense.scale);
  });

  describe("sparse labels", () => {
    it("ignoreIndex: ignored rows add no loss, no gradient, and leave the mean's denominator", () => {
      const C = 5;
      const { logits } = data(6, C, 3);
      const labels = [1, -100, 4, -100, 0, 2];
      const ignored = labels.map((l) => l === -100);
      const y = oneHot(labels, C);
      for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight", "sum_by_nonzero_weights", "none"]) {
        const o = { classes: C, fromLogits: true, ignoreIndex: -100, reduction, sampleWeight: [1, 2, 0.5, 3, 0, 1] };
        const ref = cceReference(y, logits, { ...o, ignored });
        const { loss, grad } = scceG(labels, logits, o) as sl.LossWithGrad<number | Float32Array>;
        if (reduction === "none") expectAllClose(loss as Float32Array, ref.perSample, REL, ABS, reduction);
        else expectClose(loss as number, ref.loss, REL, ABS, reduction);
        expectAllClose(grad, ref.grad, REL, ABS, `${reduction} grad`);
        for (let i = C; i < 2 * C; i++) expect(grad[i]).toBe(0);
      }
      // the mean is over the 4 valid rows (hand check: sum / 4)
      const sum = scce(labels, logits, { classes: C, fromLogits: true, ignoreIndex: -100, reduction: "sum" }) as number;
      expectClose(scce(labels, logits, { classes: C, fromLogits: true, ignoreIndex: -100 }) as number, sum / 4, 1e-7);
      // an ignored row's NaN does not leak
      const x = Float32Array.from(logits);
      x[C] = NaN;
      expect(Number.isNaN(scce(labels, x, { classes: C, fromLogits: true, ignoreIndex: -100 }))).toBe(false);
      // all rows ignored: 0 (divide_no_nan)
      expect(scce([7, 7], logits.subarray(0, 2 * C), { classes: C, ignoreIndex: 7 })).toBe(0);
    });

    it("accepts labels as any integer typed array, integral floats, or number[]", () => {
      const C = 4;
      const { logits } = data(3, C, 8);
      const expected = cceReference(oneHot([3, 0, 2], C), logits, { classes: C, fromLogits: true }).loss;
      for (const labels of [[3, 0, 2], Int32Array.of(3, 0, 2), Uint8Array.of(3, 0, 2), Int16Array.of(3, 0, 2),
        Uint32Array.of(3, 0, 2), Int8Array.of(3, 0, 2), Float32Array.of(3, 0, 2), Float64Array.of(3, 0, 2)]) {
        expectClose(scce(labels, logits, { classes: C, fromLogits: true }) as number, expected, REL, ABS, labels.constructor.name);
      }
      // classes inferred from the lengths
      expectClose(scce([3, 0, 2], logits, { fromLogits: true }) as number, expected, REL, ABS);
    });
  });

  describe("typed errors", () => {
    const x = new Float32Array(12);
    it("a label out of range → LabelError naming the index and value", () => {
      expect(() => scce([0, 1, 4], x, { classes: 4 })).toThrowError(sl.LabelError);
      expect(() => scce([0, 1, 4], x, { classes: 4 })).toThrowError("sparseCategoricalCrossentropy: labels[2] = 4 is out of range [0, 4)");
      expect(() => scceG([0, -1, 3], x, { classes: 4 })).toThrowError("sparseCategoricalCrossentropyWithGrad: labels[1] = -1 is out of range [0, 4)");
    });
    it("a non-integer label → LabelError", () => {
      expect(() => scce([0, 1.5, 2], x, { classes: 4 })).toThrowError(sl.LabelError);
      expect(() => scce(Float32Array.of(0, 1, NaN), x, { classes: 4 })).toThrowError("labels[2] = NaN is not an integer");
    });
    it("classes not dividing the length → ShapeError", () => {
      expect(() => cce(new Float32Array(10), new Float32Array(10), { classes: 4 })).toThrowError(sl.ShapeError);
      expect(() => cce(new Float32Array(10), new Float32Array(10), { classes: 4 })).toThrowError("categoricalCrossentropy: yPred.length (10) is not a multiple of options.classes (4)");
      expect(() => scce([0, 1], new Float32Array(10), { classes: 4 })).toThrowError(sl.ShapeError);
      expect(() => scce([0, 1], new Float32Array(10), { classes: 5, fromLogits: true, reduction: "sum", labelSmoothing: 0 })).not.toThrow();
      expect(() => scce([0, 1, 2], new Float32Array(10))).toThrowError(sl.ShapeError);
    });
    it("missing classes (dense) → ShapeError", () => {
      expect(() => cce(x, x, {})).toThrowError("categoricalCrossentropy: options.classes must be a positive integer, got undefined");
      expect(() => cce(x, x, { classes: 2.5 })).toThrowError(sl.ShapeError);
    });
    it("label smoothing outside [0, 1] → ValueError", () => {
      expect(() => cce(x, x, { classes: 4, labelSmoothing: 1.5 })).toThrowError(sl.ValueError);
      expect(() => scce([0, 0, 0], x, { classes: 4, labelSmoothing: -0.1 })).toThrowError("sparseCategoricalCrossentropy: options.labelSmoothing must be a number in [0, 1], got number -0.1");
    });
    it("labels.length not matching the rows → ShapeError", () => {
      expect(() => scce([0, 1], x, { classes: 4 })).toThrowError("labels.length (2) must equal the number of rows");
    });
    it("classWeight of the wrong length or negative → ShapeError / ValueError", () => {
      expect(() => cce(x, x, { classes: 4, classWeight: [1, 1] })).toThrowError(sl.ShapeError);
      expect(() => cce(x, x, { classes: 4, classWeight: [1, 1, -1, 1] })).toThrowError("options.classWeight[2] = -1 must be finite and non-negative");
    });
    it("non-boolean fromLogits, non-integer ignoreIndex, BigInt labels → typed errors", () => {
      expect(() => cce(x, x, { classes: 4, fromLogits: "yes" })).toThrowError(sl.ArgumentTypeError);
      expect(() => scce([0, 0, 0], x, { classes: 4, ignoreIndex: 0.5 })).toThrowError(sl.ValueError);
      expect(() => scce(BigInt64Array.of(0n, 0n, 0n), x, { classes: 4 })).toThrowError(sl.ArgumentTypeError);
    });
  });

  it("empty input gives 0 and an empty gradient", () => {
    expect(cce([], [], { classes: 3 })).toBe(0);
    expect(scce([], [], { classes: 3 })).toBe(0);
    const { loss, grad } = scceG([], [], { classes: 3, fromLogits: true }) as sl.LossWithGrad;
    expect(loss).toBe(0);
    expect(grad).toHaveLength(0);
  });

  it("out option receives the gradient", () => {
    const { labels, logits } = data(3, 5, 2);
    const out = new Float32Array(15);
    const { grad } = scceG(labels, logits, { classes: 5, fromLogits: true, out }) as sl.LossWithGrad;
    expect(grad).toBe(out);
    expectAllClose(out, cceReference(oneHot(labels, 5), logits, { classes: 5, fromLogits: true }).grad, REL, ABS);
    const buf = sl.allocFloat32(15);
    const g2 = scceG(labels, logits, { classes: 5, fromLogits: true, out: buf.array }) as sl.LossWithGrad;
    expectAllClose(g2.grad, out, 0, 0);
    buf.free();
  });

  it("property: random shapes and options match the float64 reference", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 0.1, 0.5),
        fc.constantFrom("sum_over_batch_size", "sum", "mean_with_sample_weight", "sum_by_nonzero_weights", "none"),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (rows, C, fromLogits, isSparse, labelSmoothing, reduction, weighted, seed) => {
          const { labels, logits, probs, soft } = data(rows, C, seed);
          const yPred = fromLogits ? logits : probs;
          const sampleWeight = weighted ? uniform(seed + 9, rows, 0, 2) : undefined;
          const o = { classes: C, fromLogits, labelSmoothing, reduction, sampleWeight };
          const ref = cceReference(isSparse ? oneHot(labels, C) : soft, yPred, o);
          const { loss, grad } = (isSparse ? scceG(labels, yPred, o) : cceG(soft, yPred, o)) as sl.LossWithGrad<number | Float32Array>;
          if (reduction === "none") expectAllClose(loss as Float32Array, ref.perSample, REL, ABS);
          else expectClose(loss as number, ref.loss, REL, ABS);
          expectAllClose(grad, ref.grad, REL, 4 * ABS * Math.max(1, ref.scale));
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe("softmax and logSoftmax", () => {
  it("match float64 at C = 1, 2, 3, 4, 5, 10, 100, 1000, 1001 and every tail length", () => {
    for (const C of ALL_C) {
      const x = uniform(C, 3 * C, -20, 20);
      const ref: number[] = [];
      for (let r = 0; r < 3; r++) ref.push(...logSoftmax64(x.subarray(r * C, (r + 1) * C)));
      expectAllClose(sl.logSoftmax(x, { classes: C }), ref, 2e-6, 2e-6, `logSoftmax C=${C}`);
      expectAllClose(sl.softmax(x, { classes: C }), ref.map(Math.exp), 4e-6, 1e-12, `softmax C=${C}`);
    }
  });

  it("±1e4 logits give exact results; the out option is written", () => {
    const x = Float32Array.of(1e4, -1e4, 0, 0);
    expect(Array.from(sl.softmax(x, { classes: 2 }))).toEqual([1, 0, 0.5, 0.5]);
    const out = new Float32Array(4);
    expect(sl.logSoftmax(x, { classes: 2, out })).toBe(out);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(-2e4);
    expectClose(out[2], -Math.LN2, 1e-7);
  });

  it("NaN in a row gives NaN for that row only", () => {
    const x = Float32Array.of(1, 2, NaN, 3, 4, 5);
    const y = sl.softmax(x, { classes: 3 });
    expect(Array.from(y.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(y.subarray(3)).some(Number.isNaN)).toBe(false);
  });

  it("classes missing or not dividing the length → ShapeError", () => {
    expect(() => sl.softmax([1, 2, 3], { classes: 2 })).toThrowError(sl.ShapeError);
    expect(() => (sl.logSoftmax as unknown as Any)([1, 2, 3], {})).toThrowError(sl.ShapeError);
  });
});
