/**
 * Every error simdloss throws is a `SimdLossError`; the subclass says what kind of input was
 * wrong, and the message names the function, the argument and the offending value, e.g.
 * `meanSquaredError: yTrue.length (10) must equal yPred.length (12)`.
 */
export class SimdLossError extends Error {
  // Names are spelled out (not new.target.name) so that they survive minification.
  override name = "SimdLossError";
  /** The public function that threw, e.g. `"meanSquaredError"`. */
  readonly fn: string;
  constructor(fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.fn = fn;
  }
}

/** Lengths that do not match, or a `features` / `classes` count that does not fit the data. */
export class ShapeError extends SimdLossError {
  override name = "ShapeError";
}

/** A class label that is not an integer in `[0, classes)`. */
export class LabelError extends SimdLossError {
  override name = "LabelError";
}

/** An argument of the wrong type: not an array of numbers, a BigInt array, a string, … */
export class ArgumentTypeError extends SimdLossError {
  override name = "ArgumentTypeError";
}

/** An option or value outside its domain: a negative weight, an unknown reduction, … */
export class ValueError extends SimdLossError {
  override name = "ValueError";
}

/** A kernel was called before `await ready()` finished. */
export class NotReadyError extends SimdLossError {
  override name = "NotReadyError";
}

/** A zero-copy view used after the module memory grew, after `free()`, or after a build switch. */
export class StaleViewError extends SimdLossError {
  override name = "StaleViewError";
}

/** The WebAssembly module could not do the work: memory could not grow, or a kernel trapped. */
export class KernelError extends SimdLossError {
  override name = "KernelError";
}
