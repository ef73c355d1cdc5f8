import { expect, it } from "vitest";
import * as sl from "../../src/index.js";

// Compile-time checks of the public signatures (tsc -p . typechecks this file), run once.
it("row-wise loss signatures: options optional where every option has a default", () => {
  const n: number = sl.sparseCategoricalCrossentropy([1], [0.05, 0.95, 0]);
  const perRow: Float32Array = sl.sparseCategoricalCrossentropy([1], [0.05, 0.95, 0], { reduction: "none" });
  const c: number = sl.categoricalCrossentropy([0, 1], [0.5, 0.5], { classes: 2 });
  const g: sl.LossWithGrad<number> = sl.sparseCategoricalCrossentropyWithGrad([0], [1, 2], { fromLogits: true, out: new Float32Array(2) });
  const cos: number = sl.cosineSimilarity([1, 0], [0, 1]);
  const gn: sl.LossWithGrad<Float32Array> = sl.categoricalHingeWithGrad([0, 1], [0.3, 0.7], { classes: 2, reduction: "none" });
  // @ts-expect-error classes is required for dense targets
  expect(() => sl.categoricalCrossentropy([0, 1], [0.5, 0.5])).toThrowError(sl.ShapeError);
  expect([typeof n, perRow.length, typeof c, g.grad.length, typeof cos, gn.loss.length]).toEqual(["number", 1, "number", 2, "number", 1]);
});
