import type { RowLossKernel } from "./rows.js";

/** Row-wise transform: out = f(row) for each of `rows` rows of `classes` floats. */
export type RowTransformKernel = (x: number, rows: number, classes: number, out: number) => void;

/** assembly/losses/crossentropy.ts */
export interface CrossEntropyKernels {
  softmaxCrossEntropySparseF32: RowLossKernel;
  softmaxCrossEntropyDenseF32: RowLossKernel;
  probCrossEntropySparseF32: RowLossKernel;
  probCrossEntropyDenseF32: RowLossKernel;
  softmaxRowsF32: RowTransformKernel;
  logSoftmaxRowsF32: RowTransformKernel;
}
