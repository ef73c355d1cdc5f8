import type { NumericArray } from "./args.js";
import { runKernel } from "./run.js";

/**
 * The index of the largest value of each of the `rows` rows of `classes` floats of y
 * (first index on ties, first NaN in a row with NaN), by the argmaxRowsF32 kernel. Shared by the
 * public `argmax` and the losses that weight rows by class (the class of a one-hot or soft target
 * row is its argmax, as Keras's class_weight reads it). The caller checks the shape.
 */
export function argmaxRows(fn: string, y: NumericArray, rows: number, classes: number): Int32Array {
  const { outputs } = runKernel(fn, "argmaxRowsF32", {
    rows,
    rowLength: classes,
    inputs: { yPred: y },
    outputs: { indices: { name: "indices" } },
  });
  return outputs.indices as Int32Array;
}
