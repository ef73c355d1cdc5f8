/**
 * simdloss: loss values, fused gradients and evaluation metrics over millions of predictions,
 * computed by AssemblyScript kernels compiled to WebAssembly (relaxed SIMD, SIMD, and a scalar
 * fallback).
 *
 * @example
 * import { ready, meanSquaredError } from "simdloss";
 * await ready();
 * meanSquaredError([2, 3], [1, 5]); // 2.5
 */
export { ready, close, backendInfo, type BackendInfo, type ReadyOptions, type BuildName } from "./core/loader.js";
export { allocFloat32, WasmFloat32Buffer } from "./core/buffers.js";
export {
  SimdLossError, ShapeError, LabelError, ArgumentTypeError, ValueError, NotReadyError, StaleViewError, KernelError,
} from "./core/errors.js";
export type { NumericArray } from "./core/args.js";
export * from "./losses/index.js";
export * from "./metrics/index.js";
