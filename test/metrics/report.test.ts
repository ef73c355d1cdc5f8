import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { expectClose } from "../util/close.js";
import { uniform } from "../util/rng.js";
import { randomLabels } from "../util/metrics-ref.js";

/** Precision, recall, F1 of class c counted straight from the label arrays (0/0 → 0). */
function classRef(t: ArrayLike<number>, q: ArrayLike<number>, c: number, w?: ArrayLike<number>) {
  let tp = 0, fp = 0, fn = 0;
  for (let s = 0; s < t.length; s++) {
    const ws = w ? w[s] : 1;
    if (t[s] === c && q[s] === c) tp += ws;
    else if (q[s] === c) fp += ws;
    else if (t[s] === c) fn += ws;
  }
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return { precision: div(tp, tp + fp), recall: div(tp, tp + fn), f1: div(2 * tp, 2 * tp + fp + fn), support: tp + fn };
}

describe("classificationReport", () => {
  it("hand-computed: scikit-learn's docstring example, numbers and text table", () => {
    // sklearn.metrics.classification_report docstring (y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1])
    const r = sl.classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { classes: 3, labelNames: ["class 0", "class 1", "class 2"] });
    expect(r.perClass[0]).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(r.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass[2]).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(r.accuracy).toBe(0.6);
    expect(r.zeroDivision).toEqual([]);
    expect(r.format()).toBe(
      [
        "              precision    recall  f1-score   support",
        "",
        "     class 0       0.50      1.00      0.67         1",
        "     class 1       0.00      0.00      0.00         1",
        "     class 2       1.00      0.67      0.80         3",
        "",
        "    accuracy                           0.60         5",
        "   macro avg       0.50      0.56      0.49         5",
        "weighted avg       0.70      0.60      0.61         5",
        "",
      ].join("\n"),
    );
  });

  it("matches per-class counts from the label arrays, and the three averages, with and without weights", () => {
    for (const C of [1, 2, 3, 7, 10]) {
      for (const n of [0, 1, 5, 33, 257]) {
        const t = randomLabels(n + C, n, C);
        const q = randomLabels(n * 7 + C, n, C);
        for (const w of [undefined, uniform(n + 2, n, 0, 2)]) {
          const r = sl.classificationReport(t, q, { classes: C, sampleWeight: w });
          const ref = Array.from({ length: C }, (_, c) => classRef(t, q, c, w));
          const total = ref.reduce((a, s) => a + s.support, 0);
          for (let c = 0; c < C; c++) {
            for (const key of ["precision", "recall", "f1", "support"] as const) {
              expectClose(r.perClass[c][key], ref[c][key], 1e-12, 1e-12, `C=${C} n=${n} class ${c} ${key}`);
            }
          }
          for (const key of ["precision", "recall", "f1"] as const) {
            expectClose(r.macro[key], ref.reduce((a, s) => a + s[key], 0) / C, 1e-12, 1e-12, `macro ${key}`);
            const weighted = total === 0 ? 0 : ref.reduce((a, s) => a + s.support * s[key], 0) / total;
            expectClose(r.weighted[key], weighted, 1e-12, 1e-12, `weighted ${key}`);
          }
          let correct = 0;
          for (let s = 0; s < n; s++) if (t[s] === q[s]) correct += w ? w[s] : 1;
          const accuracy = total === 0 ? 0 : correct / total;
          expectClose(r.accuracy, accuracy, 1e-12, 1e-12, "accuracy");
          // every class included: micro precision = recall = F1 = accuracy
          expectClose(r.micro.precision, accuracy, 1e-12, 1e-12, "micro");
          expectClose(r.micro.f1, accuracy, 1e-12, 1e-12, "micro f1");
        }
      }
    }
  });

  it("a class never true nor predicted scores 0 and is flagged, as zero_division='warn'", () => {
    // hand-computed: class 2 has TP = FP = FN = 0
    const r = sl.classificationReport([0, 1, 1], [0, 1, 0], { classes: 3 });
    expect(r.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.zeroDivision).toEqual([
      { label: "2", metric: "precision" },
      { label: "2", metric: "recall" },
      { label: "2", metric: "f1" },
    ]);
    // class 1 predicted once, true twice: P = 1, R = 1/2; class 0: P = 1/2, R = 1
    expect(r.perClass[1]).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(r.macro.precision).toBe((0.5 + 1 + 0) / 3);
  });

  it("empty input: every score 0, accuracy flagged", () => {
    const r = sl.classificationReport([], [], { classes: 2 });
    expect(r.accuracy).toBe(0);
    expect(r.zeroDivision).toContainEqual({ label: "accuracy", metric: "accuracy" });
    expect(r.format()).toContain("accuracy");
  });

  it("classificationReportFromMatrix equals the report from labels, and both the counts from the label arrays", () => {
    for (const [n, ties] of [[100, false], [7, true]] as const) {
      const t = ties ? Float32Array.of(0, 0, 1, 1, 2, 2, 3) : randomLabels(1, n, 4);
      const q = ties ? Float32Array.of(0, 1, 1, 0, 2, 3, 3) : randomLabels(2, n, 4);
      const a = sl.classificationReport(t, q, { classes: 4 });
      // a matrix built here by hand, not by confusionMatrix
      const m = new Float64Array(16);
      for (let s = 0; s < n; s++) m[t[s] * 4 + q[s]]++;
      const b = sl.classificationReportFromMatrix(m);
      expect(b.perClass).toEqual(a.perClass);
      expect(b.format(3)).toBe(a.format(3));
      for (let c = 0; c < 4; c++) {
        const ref = classRef(t, q, c);
        for (const key of ["precision", "recall", "f1", "support"] as const) {
          expectClose(b.perClass[c][key], ref[key], 1e-15, 0, `n=${n} class ${c} ${key}`);
        }
      }
    }
  });

  it("format(digits) pads names to the widest and prints digits decimals", () => {
    const r = sl.classificationReport([0, 1], [0, 1], { classes: 2, labelNames: ["a-very-long-class-name", "b"] });
    const lines = r.format(4).split("\n");
    expect(lines[2]).toBe("a-very-long-class-name     1.0000    1.0000    1.0000         1");
    expect(lines[3].startsWith(" ".repeat(21) + "b")).toBe(true);
  });

  it("throws LabelError for a prediction out of range", () => {
    expect(() => sl.classificationReport([0], [5], { classes: 2 })).toThrow(sl.LabelError);
  });

  it("throws ShapeError for labelNames of the wrong length", () => {
    expect(() => sl.classificationReport([0], [1], { classes: 2, labelNames: ["a"] })).toThrow(sl.ShapeError);
  });

  it("throws ShapeError for mismatched lengths", () => {
    expect(() => sl.classificationReport([0, 1], [1], { classes: 2 })).toThrow(sl.ShapeError);
  });

  it("throws ShapeError for a matrix that is not square", () => {
    expect(() => sl.classificationReportFromMatrix([1, 2, 3])).toThrow(sl.ShapeError);
  });
});
