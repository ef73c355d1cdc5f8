import { runtime, type Engine, type Runtime } from "./loader.js";
import type { KernelExports } from "./kernel-table.js";
import { KernelError, SimdLossError } from "./errors.js";

/** A wasm trap (or any failure inside a kernel call) as a KernelError naming the function and build. */
export function kernelFailure(fn: string, rt: Engine, e: unknown): SimdLossError {
  if (e instanceof SimdLossError) return e;
  return new KernelError(fn, `the ${rt.build} kernel failed: ${(e as Error).message}`);
}

/**
 * Direct kernel calls on the active build with traps turned into KernelError (the executor,
 * run.ts, does the same around each chunk's call):
 *
 *   new KernelCall("meanSquaredError").run((k) => k.meanSquaredErrorF32(...));
 */
export class KernelCall {
  readonly fn: string;
  private readonly rt: Runtime;

  constructor(fn: string) {
    this.fn = fn;
    this.rt = runtime(fn);
  }

  /** Runs kernels; a wasm trap becomes a KernelError naming the function. */
  run<T>(body: (k: KernelExports) => T): T {
    try {
      return body(this.rt.exports);
    } catch (e) {
      throw kernelFailure(this.fn, this.rt, e);
    }
  }
}
