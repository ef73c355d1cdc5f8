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

/** assembly/losses/focal.ts */
export interface FocalKernels {
  setCategoricalFocalParamsF32(gamma: number, alpha: number): void;
  categoricalFocalLogitsF32: RowLossKernel;
  categoricalFocalProbsF32: RowLossKernel;
}

/** assembly/losses/divergence.ts */
export interface DivergenceKernels {
  kullbackLeiblerDivergenceF32: ElementwiseKernel;
  poissonF32: ElementwiseKernel;
  cosineSimilarityF32: RowLossKernel;
}

/** assembly/losses/hinge.ts */
export interface HingeKernels {
  hingeF32: ElementwiseKernel;
  squaredHingeF32: ElementwiseKernel;
  categoricalHingeF32: RowLossKernel;
}

/** assembly/losses/crossentropy.ts, and through it the other files of the family. */
export interface CrossEntropyKernels extends BinaryKernels, FocalKernels, DivergenceKernels, HingeKernels {
  softmaxCrossEntropySparseF32: RowLossKernel;
  softmaxCrossEntropyDenseF32: RowLossKernel;
  probCrossEntropySparseF32: RowLossKernel;
  probCrossEntropyDenseF32: RowLossKernel;
  softmaxRowsF32: RowTransformKernel;
  logSoftmaxRowsF32: RowTransformKernel;
}
