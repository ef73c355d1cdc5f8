/**
 * Softmax and log-softmax over rows of `classes` float32 values (assembly/losses/softmax.ts),
 * stable for any finite input: softmax(x)_c = exp(x_c − max) / Σ exp(x − max),
 * logSoftmax(x)_c = (x_c − max) − log Σ exp(x − max).
 */
import { numericArray, rowLengthOf, rowsOf, type ArrayInput } from "../core/args.js";
import { optionKeys, toOptions } from "../core/options.js";
import { runKernel } from "../core/run.js";

/** Options of softmax and logSoftmax. */
export interface SoftmaxOptions {
  /** Length of each row. Required with flat x; default the inner length of nested rows. */
  classes?: number;
  /** A Float32Array of x's length to write into. */
  out?: Float32Array;
}

const SOFTMAX_OPTIONS = optionKeys("classes", "out");

function rowTransform(fn: string, kernel: "softmaxRowsF32" | "logSoftmaxRowsF32", xIn: unknown, optionsIn: SoftmaxOptions | undefined): Float32Array {
  const options = toOptions(fn, optionsIn, SOFTMAX_OPTIONS);
  const x = numericArray(fn, "x", xIn);
  const classes = rowLengthOf(fn, "options.classes", options.classes, undefined, "x", xIn);
  const rows = rowsOf(fn, "x", x.length, classes, "classes");
  const { outputs } = runKernel(fn, kernel, {
    rows,
    rowLength: classes,
    inputs: { x },
    outputs: { out: { into: options.out, name: "options.out" } },
  });
  return outputs.out as Float32Array;
}

/**
 * Softmax of each row of x (rows of `options.classes`): exp(x_c − max) / Σ exp(x − max).
 * @example softmax([0, 0, Math.log(2)], { classes: 3 }) // [0.25, 0.25, 0.5]
 * @throws ShapeError when classes is missing or does not divide x.length, or out has the wrong length.
 */
export function softmax(x: ArrayInput, options?: SoftmaxOptions): Float32Array {
  return rowTransform("softmax", "softmaxRowsF32", x, options);
}

/**
 * Log-softmax of each row of x: (x_c − max) − log Σ exp(x − max), exact for any finite logits.
 * @example logSoftmax([0, 0], { classes: 2 }) // [−0.693, −0.693]
 * @throws ShapeError as softmax.
 */
export function logSoftmax(x: ArrayInput, options?: SoftmaxOptions): Float32Array {
  return rowTransform("logSoftmax", "logSoftmaxRowsF32", x, options);
}
