import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectAllClose } from "../util/close.js";
import { LOSSES, axisOption } from "../util/public-api.js";
import { rng } from "../util/rng.js";

// Arrays the way Keras and tfjs users write them: nested rows ([[0.1, 0.9], [0.8, 0.2]], what
// tensor.arraySync() returns), whose inner length gives `features` / `classes` when the option
// is left out, and a scalar sampleWeight (Keras's sample_weight=2.3). Every result is compared
// with the same call on flat typed arrays.

/** rows × width values as nested rows. */
function nest(x: ArrayLike<number>, width: number): number[][] {
  return Array.from({ length: x.length / width }, (_, s) => Array.from(x).slice(s * width, (s + 1) * width));
}

/** Loss result as numbers (a number, or the per-sample array). */
const values = (x: number | Float32Array) => (typeof x === "number" ? [x] : Array.from(x));

describe("nested arrays", () => {
  it("every loss and its twin: nested yTrue and yPred give the flat call's result, the inner length the row length", () => {
    const rows = 5;
    const width = 3;
    for (const c of LOSSES) {
      const { yTrue, yPred } = c.data(rows, width, 7);
      const axis = axisOption(c, width);
      const flat = c.loss(yTrue, yPred, axis);
      const t = c.targets === "sparse" ? nest(yTrue, 1) : nest(yTrue, width);
      const p = nest(yPred, width);
      expect(values(c.loss(t, p)), `${c.name} inferred`).toEqual(values(flat));
      expect(values(c.loss(t, p, axis)), `${c.name} given`).toEqual(values(flat));
      expect(values(c.loss(yTrue, p)), `${c.name} yPred nested only`).toEqual(values(flat));
      const g = c.withGrad(t, p, { reduction: "none" });
      const gFlat = c.withGrad(yTrue, yPred, { ...axis, reduction: "none" });
      expect(Array.from(g.grad), `${c.name} grad`).toEqual(Array.from(gFlat.grad));
      expect(values(g.loss), `${c.name} none`).toEqual(values(gFlat.loss));
    }
  });

  it("a given features / classes must equal the inner length (ShapeError)", () => {
    for (const c of LOSSES) {
      const { yTrue, yPred } = c.data(4, 3, 8);
      const p = nest(yPred, 3);
      expect(() => c.loss(yTrue, p, axisOption(c, 1)), c.name).toThrow(sl.ShapeError);
      expect(() => c.loss(yTrue, p, axisOption(c, 1)), c.name).toThrow(new RegExp(`options\\.${c.axis} \\(1\\) must equal the inner length of yPred \\(3\\)`));
    }
    // two nested inputs of different inner lengths
    expect(() => sl.meanSquaredError([[1, 2]], [[1], [2]])).toThrow(/inner length of yTrue \(2\) must equal the inner length of yPred \(1\)/);
  });

  it("ragged rows are a ShapeError naming the row", () => {
    expect(() => sl.meanSquaredError([[1, 2], [3, 4], [5]], [[1, 2], [3, 4], [5, 6]])).toThrow(sl.ShapeError);
    expect(() => sl.meanSquaredError([[1, 2], [3, 4], [5]], [[1, 2], [3, 4], [5, 6]])).toThrow(/yTrue\[2\]\.length \(1\) must equal yTrue\[0\]\.length \(2\)/);
    expect(() => sl.softmax([[[1, 2], [3, 4]], [[1, 2], [3]]], {})).toThrow(/x\[1\]\[1\]\.length \(1\) must equal x\[0\]\[0\]\.length \(2\)/);
    expect(() => sl.argmax([[1, 2], 3] as unknown as number[][])).toThrow(/yPred\[1\] must be an array like yPred\[0\], got number 3/);
    expect(() => sl.argmax([[1, 2], [3, [4]]] as unknown as number[][])).toThrow(/yPred\[1\]\[1\] must be a number, got Array\(1\)/);
    expect(() => sl.argmax([[1, "2"]] as unknown as number[][])).toThrow(sl.ArgumentTypeError);
    expect(() => sl.argmax([[], []])).toThrow(/yPred\[0\] is empty/);
  });

  it("deeper nesting: [batch][time][features] is batch·time samples of `features`", () => {
    const r = rng(3);
    const a = Float32Array.from({ length: 2 * 3 * 4 }, () => r());
    const b = Float32Array.from({ length: 2 * 3 * 4 }, () => r());
    const nest3 = (x: Float32Array) => nest(x, 12).map((row) => nest(row, 4));
    expect(Array.from(sl.meanSquaredError(nest3(a), nest3(b), { reduction: "none" }))).toEqual(
      Array.from(sl.meanSquaredError(a, b, { features: 4, reduction: "none" })),
    );
    // sparse labels [batch][time] against [batch][time][classes]
    const labels = [[0, 3, 1], [2, 2, 0]];
    expect(sl.sparseCategoricalCrossentropy(labels, nest3(b))).toBe(sl.sparseCategoricalCrossentropy(labels.flat(), b, { classes: 4 }));
  });

  it("rows may be typed arrays (a model's output rows)", () => {
    const rows = [Float32Array.of(0.1, 0.9), Float32Array.of(0.8, 0.2)];
    expect(Array.from(sl.argmax(rows))).toEqual([1, 0]);
    expect(sl.categoricalCrossentropy([[0, 1], [1, 0]], rows)).toBe(sl.categoricalCrossentropy([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.2], { classes: 2 }));
  });

  it("metrics: accuracy, argmax, softmax, confusion matrices, report, AUC, curves, leakage and the accumulators", () => {
    const p = [[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]];
    const pf = p.flat();
    const labels = [1, 1, 2, 0];
    const oneHot = [[0, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]];
    const C = { classes: 3 };
    expect(sl.categoricalAccuracy(oneHot, p)).toBe(sl.categoricalAccuracy(oneHot.flat(), pf, C));
    expect(sl.sparseCategoricalAccuracy(nest(labels, 1), p)).toBe(sl.sparseCategoricalAccuracy(labels, pf, C));
    expect(sl.topKCategoricalAccuracy(oneHot, p, { k: 2 })).toBe(sl.topKCategoricalAccuracy(oneHot.flat(), pf, { ...C, k: 2 }));
    expect(sl.sparseTopKCategoricalAccuracy(labels, p, { k: 2 })).toBe(sl.sparseTopKCategoricalAccuracy(labels, pf, { ...C, k: 2 }));
    expect(sl.binaryAccuracy([[1, 0], [0, 1]], [[0.9, 0.2], [0.7, 0.8]])).toBe(sl.binaryAccuracy([1, 0, 0, 1], [0.9, 0.2, 0.7, 0.8], { features: 2 }));
    expect(Array.from(sl.argmax(p))).toEqual(Array.from(sl.argmax(pf, C)));
    expect(Array.from(sl.softmax(p))).toEqual(Array.from(sl.softmax(pf, C)));
    expect(Array.from(sl.logSoftmax(p))).toEqual(Array.from(sl.logSoftmax(pf, C)));
    expect(Array.from(sl.confusionMatrixFromScores(labels, p))).toEqual(Array.from(sl.confusionMatrixFromScores(labels, pf, C)));
    expect(Array.from(sl.confusionMatrix(nest(labels, 1), [[1], [0], [2], [1]]))).toEqual(Array.from(sl.confusionMatrix(labels, [1, 0, 2, 1])));
    expect(sl.classificationReportFromMatrix([[1, 2], [0, 3]]).perClass).toEqual(sl.classificationReportFromMatrix([1, 2, 0, 3]).perClass);
    const ovr = sl.rocAucOneVsRest(labels, p);
    expect(ovr).toEqual(sl.rocAucOneVsRest(labels, pf, C));
    expect(sl.rocAuc(labels, p)).toBe(ovr.macro);
    const y = [1, 0, 1, 0];
    const s = [[0.9], [0.2], [0.4], [0.6]];
    expect(sl.rocAuc(nest(y, 1), s)).toBe(sl.rocAuc(y, s.flat()));
    expect(sl.averagePrecision(y, s)).toBe(sl.averagePrecision(y, s.flat()));
    expect(sl.rocCurve(y, s)).toEqual(sl.rocCurve(y, s.flat()));
    expect(sl.precisionRecallCurve(y, s, { sampleWeight: [[1], [2], [3], [4]] })).toEqual(sl.precisionRecallCurve(y, s.flat(), { sampleWeight: [1, 2, 3, 4] }));
    expect(() => sl.rocCurve(y, nest([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 2))).toThrow(/scores must hold one score per sample/);
    expect(sl.findLeakage([[1, 2], [3, 4]], [[3, 4]])).toEqual(sl.findLeakage([1, 2, 3, 4], [3, 4], { rowLength: 2 }));
    const acc = new sl.ConfusionMatrixAccumulator(C).updateFromScores(labels, p).update(nest(labels, 1), [[1], [0], [2], [1]]);
    expect(Array.from(acc.result())).toEqual(
      Array.from(sl.confusionMatrixFromScores(labels, pf, C)).map((x, i) => x + sl.confusionMatrix(labels, [1, 0, 2, 1], C)[i]),
    );
    expect(new sl.LossAccumulator().update([[1, 2], [3, 4]], [[1, 1], [1, 1]]).result()).toBe(2.5);
    expect(new sl.AucAccumulator().update(nest(y, 1), s).result()).toBe(sl.rocAuc(y, s.flat()));
  });

  it("nested sampleWeight ([[w0], [w1], …], Keras's [batch, 1] weights)", () => {
    const w = [0.5, 2, 1, 3];
    const { yTrue, yPred } = LOSSES[0].data(4, 2, 9);
    expect(sl.meanSquaredError(yTrue, yPred, { features: 2, sampleWeight: nest(w, 1) })).toBe(
      sl.meanSquaredError(yTrue, yPred, { features: 2, sampleWeight: w }),
    );
    expect(sl.binaryAccuracy([1, 0, 1, 0], [0.9, 0.9, 0.1, 0.1], { sampleWeight: nest(w, 1) })).toBe(
      sl.binaryAccuracy([1, 0, 1, 0], [0.9, 0.9, 0.1, 0.1], { sampleWeight: w }),
    );
  });
});

describe("a scalar sampleWeight (Keras's sample_weight=2.3)", () => {
  it("every loss and reduction: the same as that weight for every sample, value and gradient", () => {
    for (const c of LOSSES) {
      const { yTrue, yPred } = c.data(6, 3, 21);
      const axis = axisOption(c, 3);
      for (const reduction of ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight", "sum_by_nonzero_weights"]) {
        for (const w of [2.3, 0]) {
          const what = `${c.name} ${reduction} w=${w}`;
          const a = c.withGrad(yTrue, yPred, { ...axis, reduction, sampleWeight: w });
          const b = c.withGrad(yTrue, yPred, { ...axis, reduction, sampleWeight: new Array(6).fill(w) });
          expectAllClose(values(a.loss), values(b.loss), 1e-6, 0, what);
          expectAllClose(a.grad, b.grad, 1e-6, 1e-12, `${what} grad`);
        }
      }
    }
  });

  it("Keras's semantics: 'sum_over_batch_size' scales the mean by the weight, 'mean_with_sample_weight' does not", () => {
    const mean = sl.meanSquaredError([0, 0], [1, 3]);
    expect(sl.meanSquaredError([0, 0], [1, 3], { sampleWeight: 2.3 })).toBeCloseTo(2.3 * mean, 12);
    expect(sl.meanSquaredError([0, 0], [1, 3], { sampleWeight: 2.3, reduction: "mean_with_sample_weight" })).toBeCloseTo(mean, 12);
    expect(sl.meanSquaredError([0, 0], [1, 3], { sampleWeight: 0, reduction: "sum_by_nonzero_weights" })).toBe(0);
  });

  it("metrics: accuracy is unchanged by a positive scalar weight; confusion cells are counts × the weight", () => {
    expect(sl.binaryAccuracy([1, 0, 1], [0.9, 0.9, 0.9], { sampleWeight: 2.3 })).toBe(2 / 3);
    expect(sl.binaryAccuracy([1, 0, 1], [0.9, 0.9, 0.9], { sampleWeight: 0 })).toBe(0);
    expect(Array.from(sl.confusionMatrix([0, 1, 1], [0, 1, 1], { sampleWeight: 0.5 }))).toEqual([0.5, 0, 0, 1]);
    expect(sl.rocCurve([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6], { sampleWeight: 3 })).toEqual(sl.rocCurve([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6]));
  });

  it("a scalar weight must be finite and non-negative", () => {
    expect(() => sl.meanSquaredError([1], [2], { sampleWeight: -1 })).toThrow(/options\.sampleWeight = -1 must be finite and non-negative/);
    expect(() => sl.confusionMatrix([1], [1], { sampleWeight: NaN })).toThrow(sl.ValueError);
    expect(() => sl.binaryAccuracy([1], [1], { sampleWeight: Infinity })).toThrow(sl.ValueError);
  });
});
