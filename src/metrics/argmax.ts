import { numericArray, rowLengthOf, rowsOf, type ArrayInput } from "../core/args.js";
import { argmaxRows } from "../core/argmax.js";
import { optionKeys, toOptions } from "../core/options.js";

export interface ArgmaxOptions {
  /** Row length (number of classes); must divide yPred.length. Required with flat yPred; default the inner length of nested rows. */
  classes?: number;
}

const ARGMAX_OPTIONS = optionKeys("classes");

/**
 * Index of the largest value of each row of a rows × classes array of scores (probabilities
 * or logits), computed in the kernel (SIMD max, then SIMD search).
 *
 * Ties: the first index wins (as `tf.argMax` and `np.argmax`). NaN: a row containing NaN gives
 * the index of its first NaN (NumPy's rule), so NaN predictions never look like a valid class
 * silently chosen among the others.
 *
 * @example argmax([0.1, 0.7, 0.2,  0.5, 0.5, 0], { classes: 3 }) // Int32Array [1, 0]
 * @example argmax([[0.1, 0.7, 0.2], [0.5, 0.5, 0]]) // Int32Array [1, 0]
 * @throws ShapeError when `classes` is missing, not a positive integer, or does not divide the
 *   length, or rows of unequal length; ArgumentTypeError for a non-numeric array; ValueError for
 *   an unknown option; NotReadyError before `await ready()`.
 */
export function argmax(yPred: ArrayInput, options?: ArgmaxOptions): Int32Array {
  const fn = "argmax";
  const o = toOptions(fn, options, ARGMAX_OPTIONS);
  const p = numericArray(fn, "yPred", yPred);
  const classes = rowLengthOf(fn, "options.classes", o.classes, undefined, "yPred", yPred);
  const rows = rowsOf(fn, "yPred", p.length, classes, "options.classes");
  return argmaxRows(fn, p, rows, classes);
}
