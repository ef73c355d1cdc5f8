/** Array-wise math entry points (assembly/math/exports.ts): out[i] = f(x[i]). */
export type ArrayMathKernel = (x: number, n: number, out: number) => void;

export interface MathKernels {
  mathExpF32: ArrayMathKernel;
  mathLogF32: ArrayMathKernel;
  mathLog1pF32: ArrayMathKernel;
  mathLog1pUnitF32: ArrayMathKernel;
  mathSoftplusF32: ArrayMathKernel;
  mathExpMinusF32: ArrayMathKernel;
}
