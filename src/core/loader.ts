import { Arena } from "./arena.js";
import { BUILDS, wasmBytes, type BuildName } from "./binaries.js";
import { KernelError, NotReadyError, SimdLossError } from "./errors.js";
import type { KernelExports } from "./exports.js";

export type { BuildName };

/** What `ready()` picked, and why. */
export interface BackendInfo {
  /** The build that runs the kernels now. */
  build: BuildName;
  /** Whether this engine validates the SIMD build (independent of the build chosen). */
  simdSupported: boolean;
  /**
   * Whether this engine validates the relaxed-SIMD build. Chromium ships relaxed SIMD since
   * version 114; Node 20 (V8 11.3) validates it only when started with
   * `--experimental-wasm-relaxed-simd`.
   */
  relaxedSimdSupported: boolean;
  /** Bytes of WebAssembly memory the active build holds now. */
  memoryBytes: number;
}

export interface ReadyOptions {
  /**
   * Which build to run. `undefined` (default): the fastest build this engine validates, relaxed
   * SIMD, then SIMD, then scalar. A name: exactly that build, or a SimdLossError when the engine
   * does not validate it.
   */
  build?: BuildName;
  /**
   * Shorthand kept from 0.1: `true` for the fastest SIMD build the engine validates (relaxed, else
   * plain SIMD; a SimdLossError when it has neither), `false` for the scalar build. Give `build`
   * or `simd`, not both.
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
const supported: Partial<Record<BuildName, boolean>> = {};

/**
 * Does this engine validate a build? The probe is the build itself: if the engine validates it,
 * every instruction its kernels use is supported. The scalar build needs only WebAssembly 1.0.
 */
export function engineSupports(build: BuildName): boolean {
  return (supported[build] ??= WebAssembly.validate(wasmBytes(build) as BufferSource));
}

/** Does this engine support WebAssembly SIMD? (The SIMD build validates.) */
export function engineSupportsSimd(): boolean {
  return engineSupports("simd");
}

async function load(build: BuildName): Promise<Runtime> {
  const module = await WebAssembly.compile(wasmBytes(build) as BufferSource);
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as unknown as KernelExports;
  return { build, exports, arena: new Arena(exports.memory, exports.heapBase()) };
}

function chooseBuild(options: ReadyOptions): BuildName {
  const { build, simd } = options;
  if (simd !== undefined && typeof simd !== "boolean") {
    throw new SimdLossError("ready", `options.simd must be a boolean or undefined, got ${String(simd)}`);
  }
  if (build !== undefined) {
    if (!BUILDS.includes(build)) {
      throw new SimdLossError("ready", `options.build must be one of ${BUILDS.map((b) => `"${b}"`).join(", ")}, got ${JSON.stringify(build)}`);
    }
    if (simd !== undefined) {
      throw new SimdLossError("ready", `give options.build or options.simd, not both (got build ${JSON.stringify(build)} and simd ${simd})`);
    }
    if (!engineSupports(build)) {
      throw new SimdLossError("ready", `options.build is "${build}" but this engine does not validate the ${build} build`);
    }
    return build;
  }
  if (simd === false) return "scalar";
  if (engineSupports("relaxed")) return "relaxed";
  if (engineSupports("simd")) return "simd";
  if (simd === true) {
    throw new SimdLossError("ready", "options.simd is true but this engine does not validate WebAssembly SIMD");
  }
  return "scalar";
}

/**
 * Compiles and instantiates the kernels (once per build; later calls are cached) and makes the
 * chosen build active. Every other function throws NotReadyError until this has resolved.
 *
 * @example
 * await ready();                     // relaxed SIMD, else SIMD, else scalar: the fastest validated
 * await ready({ build: "simd" });    // exactly the plain SIMD build (same bits on every CPU)
 * await ready({ build: "scalar" });  // the scalar build (tests use this)
 */
export async function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  const build = chooseBuild(options);
  const pending = (loading[build] ??= load(build));
  try {
    active = await pending;
  } catch (e) {
    delete loading[build];
    throw new KernelError("ready", `could not instantiate the ${build} build: ${(e as Error).message}`);
  }
  return backendInfo();
}

/** Which build runs, which builds the engine supports, and the memory in use. Throws before `ready()`. */
export function backendInfo(): BackendInfo {
  const rt = runtime("backendInfo");
  return {
    build: rt.build,
    simdSupported: engineSupports("simd"),
    relaxedSimdSupported: engineSupports("relaxed"),
    memoryBytes: rt.arena.byteLength,
  };
}

/** The active runtime, or NotReadyError naming the function that needed it. */
export function runtime(fn: string): Runtime {
  if (active === null) {
    throw new NotReadyError(fn, "the WebAssembly kernels are not loaded yet: call `await ready()` first");
  }
  return active;
}
