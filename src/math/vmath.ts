/**
 * Internal bindings of the array-wise vector math (assembly/math/exports.ts), so tests and
 * benchmarks reach expF32x4 / logF32x4 / log1pF32x4 (SIMD body) and their scalar versions (tail,
 * and the whole array in the scalar build) through the normal memory path. Not part of the
 * public API (not exported from src/index.ts).
 */
import { runKernel } from "../core/run.js";
import type { KernelName } from "../core/kernel-table.js";

function arrayMath(fn: string, kernel: KernelName) {
  return (x: Float32Array, out?: Float32Array): Float32Array =>
    runKernel(fn, kernel, { rows: x.length, inputs: { x }, outputs: { out: { into: out, name: "out" } } }).outputs.out as Float32Array;
}

/** out[i] = exp(x[i]) in float32 (max error 2 ULP; see assembly/math/exp.ts). */
export const expArray = arrayMath("expArray", "mathExpF32");
/** out[i] = log(x[i]) in float32 (max error 1 ULP; see assembly/math/log.ts). */
export const logArray = arrayMath("logArray", "mathLogF32");
/** out[i] = log1p(x[i]) in float32 (max error 1 ULP; see assembly/math/log.ts). */
export const log1pArray = arrayMath("log1pArray", "mathLog1pF32");
/** out[i] = log1p(x[i]) for x[i] in [0, 1] only (log1pUnitF32 in assembly/math/log.ts: same bits as log1pArray there). */
export const log1pUnitArray = arrayMath("log1pUnitArray", "mathLog1pUnitF32");
/** out[i] = softplus(x[i]) = log(1 + exp(x[i])) in float32 (max error 3 ULP; see assembly/math/log.ts). */
export const softplusArray = arrayMath("softplusArray", "mathSoftplusF32");
/** out[i] = e^x[i] for x[i] ≤ 0, 0 where the result would be subnormal (see expMinusF32 in assembly/math/exp.ts). */
export const expMinusArray = arrayMath("expMinusArray", "mathExpMinusF32");
