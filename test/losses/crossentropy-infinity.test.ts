// Cross-entropy rows from logits holding ±Infinity (assembly/losses/crossentropy-logits-*.ts,
// categorical-focal.ts, softmax.ts): the limit where it is defined, NaN where it is not, NaN stays
// NaN; dense, sparse (with and without label smoothing), categorical focal, softmax and
// logSoftmax, at C hitting the one-row, four-row-per-lane (C ≤ 16) and four-row-block paths.
//
// Reference: the limit written from the formula L = Σ_c y'_c·(lse(x) − x_c) (focal: Σ_c α·y'_c·
// (1 − q_c)^γ·(lse − x_c)). One +Infinity x_j: q → one-hot(j), lse − x_c → 0 at j and +∞
// elsewhere. Several +Infinity: q_c → 0 at every finite x_c (lse − x_c → +∞) and has no limit at
// the +Infinity ones, where lse − x_c stays in [0, ∞]: the sum is +∞ (−∞) when the finite
// logits' terms are and every target at an infinite logit is ≥ 0 (≤ 0), else NaN. −Infinity
// logits: q = 0 there (a zero target adds 0). The gradient Σy'·q − y' (focal: its formula at the
// limit q) at finite logits, NaN at the +Infinity ones when there are several. The reference is
// itself checked against the plain float64 formula with the infinities replaced by ±T along two
// different paths (defined limits: the two agree and approach it; undefined: they differ).
import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectAllClose, expectClose } from "../util/close.js";
import { rng } from "../util/rng.js";

type Any = (a: unknown, b: unknown, o?: object) => unknown;
const scceG = sl.sparseCategoricalCrossentropyWithGrad as unknown as Any;
const scce = sl.sparseCategoricalCrossentropy as unknown as Any;
const cceG = sl.categoricalCrossentropyWithGrad as unknown as Any;
const focalG = sl.categoricalFocalCrossentropyWithGrad as unknown as Any;

interface Limit {
  loss: number;
  grad: number[];
  logSoftmax: number[];
}

/** The limit of one row (see the header). alpha = 0: cross-entropy; else focal with gamma. */
function limitRow(y: number[], x: ArrayLike<number>, alpha = 0, gamma = 2): Limit {
  const C = x.length;
  const xs = Array.from(x);
  const nan = { loss: NaN, grad: xs.map(() => NaN), logSoftmax: xs.map(() => NaN) };
  if (xs.some(Number.isNaN)) return nan;
  const infs = xs.filter((v) => v === Infinity).length;
  const wt = (c: number) => (alpha === 0 ? y[c] : alpha * y[c]);
  if (infs >= 2) {
    let loss = 0;
    let pos = false;
    let neg = false;
    for (let c = 0; c < C; c++) {
      if (xs[c] === Infinity) {
        pos ||= wt(c) > 0;
        neg ||= wt(c) < 0;
      } else if (wt(c) !== 0) loss += wt(c) * Infinity;
    }
    if ((pos && loss !== Infinity) || (neg && loss !== -Infinity)) loss = NaN;
    return {
      loss,
      grad: xs.map((v, c) => (v === Infinity ? NaN : -wt(c))),
      logSoftmax: xs.map((v) => (v === Infinity ? NaN : -Infinity)),
    };
  }
  let lq: number[];
  if (infs === 1) {
    lq = xs.map((v) => (v === Infinity ? 0 : -Infinity));
  } else {
    const m = Math.max(...xs);
    if (m === -Infinity) return nan; // all −Infinity: 0/0
    const s = xs.reduce((a, v) => a + Math.exp(v - m), 0);
    lq = xs.map((v) => v - m - Math.log(s));
  }
  const q = lq.map(Math.exp);
  let loss = 0;
  for (let c = 0; c < C; c++) if (y[c] !== 0) loss -= (alpha === 0 ? 1 : alpha * (1 - q[c]) ** gamma) * y[c] * lq[c];
  let grad: number[];
  if (alpha === 0) {
    const sumY = y.reduce((a, b) => a + b, 0);
    grad = q.map((qc, c) => sumY * qc - y[c]);
  } else {
    const slope = (om: number) => (om > 0 ? gamma * om ** (gamma - 1) : 0);
    const b = q.map((qc, c) => (y[c] === 0 ? 0 : -alpha * y[c] * ((1 - qc) ** gamma - slope(1 - qc) * (qc === 0 ? 0 : qc * lq[c]))));
    const sb = b.reduce((s, v) => s + v, 0);
    grad = b.map((bc, c) => bc - q[c] * sb);
  }
  return { loss, grad, logSoftmax: lq };
}

/**
 * The plain float64 loss with the k-th of the K infinite entries → ±T·(1 + k/2) (path 1), ±T·(1 +
 * (K − 1 − k)/2) (path 2) or ±T (path 0): three paths to the same infinities.
 */
function substituted(y: number[], x: ArrayLike<number>, T: number, path: number, alpha = 0, gamma = 2): number {
  const K = Array.from(x).filter((v) => Math.abs(v) === Infinity).length;
  let k = 0;
  const f = () => (path === 0 ? 1 : 1 + (path === 2 ? K - 1 - k++ : k++) / 2);
  const xs = Array.from(x, (v) => (Math.abs(v) === Infinity ? Math.sign(v) * T * f() : v));
  const m = Math.max(...xs);
  const s = xs.reduce((a, v) => a + Math.exp(v - m), 0);
  let loss = 0;
  for (let c = 0; c < xs.length; c++) {
    const lq = xs[c] - m - Math.log(s);
    if (y[c] !== 0) loss -= (alpha === 0 ? 1 : alpha * (1 - Math.exp(lq)) ** gamma) * y[c] * lq;
  }
  return loss;
}

/** Nine kinds of row for label l (C ≥ 3; C < 3 keeps the first ones that fit). */
function rows(C: number, seed: number): { x: Float32Array; labels: Int32Array; n: number } {
  const r = rng(seed);
  const kinds = C >= 3 ? 11 : C === 2 ? 7 : 3;
  const x = new Float32Array(kinds * C);
  const labels = new Int32Array(kinds);
  for (let i = 0; i < kinds; i++) {
    const l = Math.floor(r() * C);
    const o = (l + 1) % C; // another class
    const p = (l + 2) % C; // a third (C ≥ 3)
    labels[i] = l;
    const row = x.subarray(i * C, (i + 1) * C);
    for (let c = 0; c < C; c++) row[c] = 6 * r() - 3;
    switch (i) {
      case 0: row[l] = Infinity; break; // the label's logit +∞: L = 0
      case 1: row[l] = Infinity; row[o] = NaN; break; // NaN stays NaN
      case 2: break; // finite
      case 3: row[o] = Infinity; break; // another class +∞: L = +∞
      case 4: row[l] = -Infinity; break; // the label at −∞: L = +∞
      case 5: row.fill(-Infinity); row[l] = 1; break; // the others −∞: L = 0
      case 6: row.fill(-Infinity); break; // all −∞: NaN
      case 7: row[o] = Infinity; row[p] = Infinity; break; // two +∞, not the label: L = +∞
      case 8: row[l] = Infinity; row[o] = Infinity; break; // two +∞, one the label: no limit
      case 9: row[o] = -Infinity; break; // another class −∞: finite
      case 10: row.fill(Infinity); break; // all +∞
    }
  }
  return { x, labels, n: kinds };
}

const CLASSES = [1, 2, 3, 4, 5, 8, 16, 17, 33, 100, 257];

describe("cross-entropy rows from logits with ±Infinity: the limit where defined, NaN where not", () => {
  it("the reference agrees with the plain float64 formula at large finite substitutes (two paths)", () => {
    for (const C of [2, 3, 5, 17]) {
      const { x, labels, n } = rows(C, C);
      for (let i = 0; i < n; i++) {
        const row = x.subarray(i * C, (i + 1) * C);
        for (const smoothing of [0, 0.1]) {
          for (const alpha of [0, 0.25]) {
            const y = Array.from({ length: C }, (_, c) => (c === labels[i] ? 1 - smoothing : 0) + smoothing / C);
            const ref = limitRow(y, row, alpha).loss;
            const [a, b, e] = [0, 1, 2].map((path) => substituted(y, row, 1e6, path, alpha));
            const what = `C=${C} row ${i} s=${smoothing} α=${alpha}: ${ref} vs ${a}, ${b}, ${e}`;
            if (Number.isNaN(ref)) expect([a, b, e].some(Number.isNaN) || Math.max(a, b, e) - Math.min(a, b, e) > 1, what).toBe(true);
            else if (ref === Infinity) expect(Math.min(a, b, e) > 1e3, what).toBe(true);
            else expect(Math.abs(a - ref) + Math.abs(b - ref) + Math.abs(e - ref) < 1e-9, what).toBe(true);
          }
        }
      }
    }
  });

  it("sparse and dense, with and without label smoothing, loss and gradient, every path", () => {
    for (const C of CLASSES) {
      for (const seed of [1, 2]) {
        const { x, labels, n } = rows(C, 100 * C + seed);
        for (const smoothing of [0, 0.1]) {
          const y = Array.from({ length: n }, (_, i) =>
            Array.from({ length: C }, (_, c) => Math.fround(Math.fround((c === labels[i] ? 1 : 0) * Math.fround(1 - smoothing)) + Math.fround(smoothing / C))),
          );
          const oneHot = new Float32Array(n * C);
          for (let i = 0; i < n; i++) oneHot[i * C + labels[i]] = 1;
          const o = { classes: C, fromLogits: true, reduction: "none", labelSmoothing: smoothing };
          const sp = scceG(labels, x, o) as sl.LossWithGrad<Float32Array>;
          const de = cceG(oneHot, x, o) as sl.LossWithGrad<Float32Array>;
          const spLoss = scce(labels, x, o) as Float32Array;
          for (let i = 0; i < n; i++) {
            const ref = limitRow(y[i], x.subarray(i * C, (i + 1) * C));
            const what = `C=${C} seed=${seed} s=${smoothing} row ${i}`;
            for (const [name, v] of [["sparse", sp.loss[i]], ["sparse loss-only", spLoss[i]], ["dense", de.loss[i]]] as const) {
              expectClose(v, ref.loss, 2e-6, 3e-6, `${what} ${name} loss`);
            }
            expectAllClose(sp.grad.subarray(i * C, (i + 1) * C), ref.grad, 2e-6, 3e-6, `${what} sparse grad`);
            expectAllClose(de.grad.subarray(i * C, (i + 1) * C), ref.grad, 2e-6, 3e-6, `${what} dense grad`);
          }
        }
      }
    }
  });

  it("dense soft targets (signs mixed with zeros) at two +Infinity: the sign rule", () => {
    const C = 5;
    const x = Float32Array.from([Infinity, Infinity, 0, -1, -Infinity]);
    const cases: number[][] = [
      [0.5, 0.5, 0, 0, 0], // targets only at the +∞ logits: no limit
      [0.3, 0, 0.7, 0, 0], // a finite logit's target > 0: +∞
      [0, 0, 0.5, 0.5, 0], // the same, none at the +∞ ones
      [0, 0, 0, 0, 1], // only at −∞: +∞
      [-0.2, 0, 1, 0, 0], // a negative target at +∞ against a +∞ sum: no limit
      [0, 0, 0, 0, 0], // nothing: 0
    ];
    for (const t of cases) {
      const ref = limitRow(t, x);
      const { loss, grad } = cceG(Float32Array.from(t), x, { classes: C, fromLogits: true, reduction: "none" }) as sl.LossWithGrad<Float32Array>;
      expectClose(loss[0], ref.loss, 0, 0, `targets ${t}`);
      expectAllClose(grad, ref.grad, 1e-6, 1e-7, `targets ${t} grad`);
    }
  });

  it("categorical focal from logits (γ = 2, α = 0.25; γ = 1), with and without smoothing", () => {
    for (const C of [1, 2, 3, 5, 17, 100]) {
      const { x, labels, n } = rows(C, 7 * C);
      const oneHot = new Float32Array(n * C);
      for (let i = 0; i < n; i++) oneHot[i * C + labels[i]] = 1;
      for (const [gamma, smoothing] of [[2, 0], [1, 0.1]]) {
        const o = { classes: C, fromLogits: true, reduction: "none", gamma, alpha: 0.25, labelSmoothing: smoothing };
        const { loss, grad } = focalG(oneHot, x, o) as sl.LossWithGrad<Float32Array>;
        for (let i = 0; i < n; i++) {
          const y = Array.from({ length: C }, (_, c) => Math.fround(Math.fround((c === labels[i] ? 1 : 0) * Math.fround(1 - smoothing)) + Math.fround(smoothing / C)));
          const ref = limitRow(y, x.subarray(i * C, (i + 1) * C), 0.25, gamma);
          const what = `C=${C} γ=${gamma} s=${smoothing} row ${i}`;
          expectClose(loss[i], ref.loss, 1e-5, 2e-6, `${what} loss`);
          expectAllClose(grad.subarray(i * C, (i + 1) * C), ref.grad, 1e-5, 2e-6, `${what} grad`);
        }
      }
    }
  });

  it("softmax and logSoftmax rows: one-hot at one +Infinity, 0 / −Infinity at the finite entries of a row with several, NaN at them", () => {
    for (const C of CLASSES) {
      const { x, n } = rows(C, 3 * C);
      const ls = sl.logSoftmax(x, { classes: C });
      const sm = sl.softmax(x, { classes: C });
      for (let i = 0; i < n; i++) {
        const ref = limitRow(new Array(C).fill(0), x.subarray(i * C, (i + 1) * C)).logSoftmax;
        expectAllClose(ls.subarray(i * C, (i + 1) * C), ref, 2e-6, 2e-6, `C=${C} row ${i} logSoftmax`);
        expectAllClose(sm.subarray(i * C, (i + 1) * C), ref.map(Math.exp), 4e-6, 1e-12, `C=${C} row ${i} softmax`);
      }
    }
  });
});
