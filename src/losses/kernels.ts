/** Signature shared by the element-wise losses: (t, p, rows, features, w, lossOut, g, gs, k) → Σ w·L. */
export type ElementwiseKernel = (
  t: number, p: number, rows: number, features: number,
  w: number, lossOut: number, g: number, gs: number, k: number,
) => number;

/** assembly/losses/regression.ts */
export interface RegressionKernels {
  meanSquaredErrorF32: ElementwiseKernel;
  meanAbsoluteErrorF32: ElementwiseKernel;
  meanAbsolutePercentageErrorF32: ElementwiseKernel;
  meanSquaredLogarithmicErrorF32: ElementwiseKernel;
  huberF32: ElementwiseKernel;
  logCoshF32: ElementwiseKernel;
}
