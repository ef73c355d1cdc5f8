/** Signature shared by the element-wise losses: (t, p, rows, features, w, lossOut, g, gs, k) → Σ w·L. */
export type ElementwiseKernel = (
  t: number, p: number, rows: number, features: number,
  w: number, lossOut: number, g: number, gs: number, k: number,
) => number;

/** Array-wise math entry points: out[i] = f(x[i]). */
export type ArrayMathKernel = (x: number, n: number, out: number) => void;

/** The exports of both wasm builds (assembly/index.ts). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  // losses/regression.ts
  meanSquaredErrorF32: ElementwiseKernel;
  meanAbsoluteErrorF32: ElementwiseKernel;
  meanAbsolutePercentageErrorF32: ElementwiseKernel;
  meanSquaredLogarithmicErrorF32: ElementwiseKernel;
  huberF32: ElementwiseKernel;
  logCoshF32: ElementwiseKernel;
  // math/exports.ts
  mathExpF32: ArrayMathKernel;
  mathLogF32: ArrayMathKernel;
  mathLog1pF32: ArrayMathKernel;
}
