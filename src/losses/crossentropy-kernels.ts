import type { RowLossKernel } from "./rows.js";
import type { ElementwiseKernel } from "./kernels.js";

/** Row-wise transform: out = f(row) for each of `rows` rows of `classes` floats. */
export type RowTransformKernel = (x: number, rows: number, classes: number, out: number) => void;

/** assembly/losses/binary.ts */
export interface BinaryKernels {
  setBinaryParamsF32(posWeight: number, gamma: number, alpha: number, applyClassBalancing: number): void;
  binaryCrossentropyLogitsF32: ElementwiseKernel;
  binaryCrossentropyProbsF32: ElementwiseKernel;
  binaryFocalLogitsF32: ElementwiseKernel;
  binaryFocalProbsF32: ElementwiseKernel;
}

/** assembly/losses/crossentropy.ts, and through it the other files of the family. */
export interface CrossEntropyKernels extends BinaryKernels {
  softmaxCrossEntropySparseF32: RowLossKernel;
  softmaxCrossEntropyDenseF32: RowLossKernel;
  probCrossEntropySparseF32: RowLossKernel;
  probCrossEntropyDenseF32: RowLossKernel;
  softmaxRowsF32: RowTransformKernel;
  logSoftmaxRowsF32: RowTransformKernel;
}
