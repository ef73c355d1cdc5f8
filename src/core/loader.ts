import { Arena } from "./arena.js";
import { wasmBytes, type BuildName } from "./binaries.js";
import { KernelError, NotReadyError, SimdLossError } from "./errors.js";
import type { KernelExports } from "./exports.js";

export type { BuildName };

/** What `ready()` picked, and why. */
export interface BackendInfo {
  /** The build that runs the kernels now. */
  build: BuildName;
  /** Whether this engine validates the SIMD build (independent of the build chosen). */
  simdSupported: boolean;
  /** Bytes of WebAssembly memory the active build holds now. */
  memoryBytes: number;
}

export interface ReadyOptions {
  /**
   * `undefined` (default): the SIMD build when the engine validates it, else the scalar build.
   * `true`: the SIMD build, or a SimdLossError when the engine lacks SIMD. `false`: the scalar build.
   */
  simd?: boolean;
}

/** One instantiated build: its exports and the arena over its memory. */
export interface Runtime {
  build: BuildName;
  exports: KernelExports;
  arena: Arena;
}

const loading: Partial<Record<BuildName, Promise<Runtime>>> = {};
let active: Runtime | null = null;
let simdSupported: boolean | undefined;

/**
 * Does this engine support WebAssembly SIMD? The probe is the SIMD build itself: if the engine
 * validates it, every instruction the kernels use is supported.
 */
export function engineSupportsSimd(): boolean {
  return (simdSupported ??= WebAssembly.validate(wasmBytes("simd") as BufferSource));
}

async function load(build: BuildName): Promise<Runtime> {
  const module = await WebAssembly.compile(wasmBytes(build) as BufferSource);
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as unknown as KernelExports;
  return { build, exports, arena: new Arena(exports.memory, exports.heapBase()) };
}

/**
 * Compiles and instantiates the kernels (once per build; later calls are cached) and makes the
 * chosen build active. Every other function throws NotReadyError until this has resolved.
 *
 * @example
 * await ready();                 // SIMD where supported, else scalar
 * await ready({ simd: false });  // force the scalar build (tests use this)
 */
export async function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  const { simd } = options;
  if (simd !== undefined && typeof simd !== "boolean") {
    throw new SimdLossError("ready", `options.simd must be a boolean or undefined, got ${String(simd)}`);
  }
  const supported = engineSupportsSimd();
  if (simd === true && !supported) {
    throw new SimdLossError("ready", "options.simd is true but this engine does not validate WebAssembly SIMD");
  }
  const build: BuildName = (simd ?? supported) ? "simd" : "scalar";
  const pending = (loading[build] ??= load(build));
  try {
    active = await pending;
  } catch (e) {
    delete loading[build];
    throw new KernelError("ready", `could not instantiate the ${build} build: ${(e as Error).message}`);
  }
  return backendInfo();
}

/** Which build runs, whether SIMD is supported, and the memory in use. Throws before `ready()`. */
export function backendInfo(): BackendInfo {
  const rt = runtime("backendInfo");
  return { build: rt.build, simdSupported: engineSupportsSimd(), memoryBytes: rt.arena.byteLength };
}

/** The active runtime, or NotReadyError naming the function that needed it. */
export function runtime(fn: string): Runtime {
  if (active === null) {
    throw new NotReadyError(fn, "the WebAssembly kernels are not loaded yet: call `await ready()` first");
  }
  return active;
}
