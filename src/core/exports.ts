import type { MathKernels } from "../math/kernels.js";
import type { RegressionKernels } from "../losses/kernels.js";
import type { CrossEntropyKernels } from "../losses/crossentropy-kernels.js";
import type { MetricsKernels } from "../metrics/kernels.js";

/** The exports of both wasm builds (assembly/index.ts): one interface per kernel family. */
export interface KernelExports extends MathKernels, RegressionKernels, CrossEntropyKernels, MetricsKernels {
  memory: WebAssembly.Memory;
  heapBase(): number;
}
