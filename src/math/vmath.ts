/**
 * Internal bindings of the array-wise vector math (assembly/math/exports.ts), so tests and
 * benchmarks reach expF32x4 / logF32x4 / log1pF32x4 (SIMD body) and their scalar versions (tail,
 * and the whole array in the scalar build) through the normal memory path. Not part of the
 * public API (not exported from src/index.ts).
 */
import { KernelCall } from "../core/call.js";
import type { KernelExports } from "../core/exports.js";
import type { ArrayMathKernel } from "./kernels.js";

function arrayMath(fn: string, kernel: (k: KernelExports) => ArrayMathKernel) {
  return (x: Float32Array, out?: Float32Array): Float32Array => {
    const call = new KernelCall(fn);
    const px = call.input("x", x);
    const po = call.output("out", x.length, out);
    call.commit();
    call.run((k) => kernel(k)(px, x.length, po));
    return call.result(po, x.length, out);
  };
}

/** out[i] = exp(x[i]) in float32 (max error 2 ULP; see assembly/math/exp.ts). */
export const expArray = arrayMath("expArray", (k) => k.mathExpF32);
/** out[i] = log(x[i]) in float32 (max error 1 ULP; see assembly/math/log.ts). */
export const logArray = arrayMath("logArray", (k) => k.mathLogF32);
/** out[i] = log1p(x[i]) in float32 (max error 1 ULP; see assembly/math/log.ts). */
export const log1pArray = arrayMath("log1pArray", (k) => k.mathLog1pF32);
/** out[i] = log1p(x[i]) for x[i] in [0, 1] only (log1pUnitF32 in assembly/math/log.ts: same bits as log1pArray there). */
export const log1pUnitArray = arrayMath("log1pUnitArray", (k) => k.mathLog1pUnitF32);
/** out[i] = softplus(x[i]) = log(1 + exp(x[i])) in float32 (max error 3 ULP; see assembly/math/log.ts). */
export const softplusArray = arrayMath("softplusArray", (k) => k.mathSoftplusF32);
/** out[i] = e^x[i] for x[i] ≤ 0, 0 where the result would be subnormal (see expMinusF32 in assembly/math/exp.ts). */
export const expMinusArray = arrayMath("expMinusArray", (k) => k.mathExpMinusF32);
