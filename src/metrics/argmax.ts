import { numericArray, rowsOf, toOptions, type NumericArray } from "../core/args.js";
import { argmaxRows } from "../core/argmax.js";
import { classesOption } from "./common.js";

export interface ArgmaxOptions {
  /** Row length (number of classes); must divide yPred.length. Required. */
  classes: number;
}

/**
 * Index of the largest value of each row of a rows × classes array of scores (probabilities
 * or logits), computed in the kernel (SIMD max, then SIMD search).
 *
 * Ties: the first index wins (as `tf.argMax` and `np.argmax`). NaN: a row containing NaN gives
 * the index of its first NaN (NumPy's rule), so NaN predictions never look like a valid class
 * silently chosen among the others.
 *
 * @example argmax([0.1, 0.7, 0.2,  0.5, 0.5, 0], { classes: 3 }) // Int32Array [1, 0]
 * @throws ShapeError when `classes` is missing, not a positive integer, or does not divide the
 *   length; ArgumentTypeError for a non-numeric array; NotReadyError before `await ready()`.
 */
export function argmax(yPred: NumericArray, options: ArgmaxOptions): Int32Array {
  const fn = "argmax";
  const o = toOptions(fn, options);
  const p = numericArray(fn, "yPred", yPred);
  const classes = classesOption(fn, o.classes);
  const rows = rowsOf(fn, "yPred", p.length, classes, "options.classes");
  return argmaxRows(fn, p, rows, classes);
}
