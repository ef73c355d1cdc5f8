import { Arena } from "./arena.js";
import { BUILDS, probeBytes, wasmBytes, type BuildName } from "./binaries.js";
import { ArgumentTypeError, KernelError, NotReadyError, SimdLossError, ValueError } from "./errors.js";
import { describe } from "./args.js";
import { optionKeys, toOptions } from "./options.js";
import type { KernelExports } from "./kernel-table.js";

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
 * Does this engine support a build? Answered without the build's bytes: by validating the build's
 * probe, a module of under 100 bytes that uses every feature the build needs (bulk memory and
 * non-trapping float-to-int for all; v128 for simd; for relaxed, every relaxed instruction the
 * kernels use: f32x4.relaxed_madd, f32x4.relaxed_nmadd, i32x4.relaxed_laneselect). Once `ready()`
 * has loaded a build, the answer is the validation of the full binary instead (a build that fails
 * it is never reported as supported, and `ready()` falls back to the next one).
 */
export function engineSupports(build: BuildName): boolean {
  return (supported[build] ??= WebAssembly.validate(probeBytes(build) as BufferSource));
}

/** Does this engine support WebAssembly SIMD? (The SIMD build's probe, or the build itself, validates.) */
export function engineSupportsSimd(): boolean {
  return engineSupports("simd");
}

/** Thrown by load() when the full binary does not validate: the caller may fall back. */
class Unsupported extends Error {}

async function load(build: BuildName): Promise<Runtime> {
  const bytes = (await wasmBytes(build)) as BufferSource;
  if (!WebAssembly.validate(bytes)) {
    supported[build] = false;
    throw new Unsupported(`this engine does not validate the ${build} build`);
  }
  supported[build] = true;
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as unknown as KernelExports;
  return { build, exports, arena: new Arena(exports.memory, exports.heapBase()) };
}

/**
 * The builds to try, best first (each has a validating probe). A bad option is an
 * ArgumentTypeError (wrong type) or a ValueError (unknown build, both options given); an engine
 * that validates none of the allowed builds is a SimdLossError (noBuildFor).
 */
function candidates(options: ReadyOptions): BuildName[] {
  const { build, simd } = options;
  if (simd !== undefined && typeof simd !== "boolean") {
    throw new ArgumentTypeError("ready", `options.simd must be a boolean or undefined, got ${describe(simd)}`);
  }
  if (build !== undefined) {
    if (typeof build !== "string") {
      throw new ArgumentTypeError("ready", `options.build must be a string or undefined, got ${describe(build)}`);
    }
    if (!BUILDS.includes(build)) {
      throw new ValueError("ready", `options.build must be one of ${BUILDS.map((b) => `"${b}"`).join(", ")}, got ${JSON.stringify(build)}`);
    }
    if (simd !== undefined) {
      throw new ValueError("ready", `give options.build or options.simd, not both (got build ${JSON.stringify(build)} and simd ${simd})`);
    }
    if (!engineSupports(build)) throw noBuildFor(options);
    return [build];
  }
  if (simd === false) return ["scalar"];
  const list = BUILDS.filter((b) => (simd === true ? b !== "scalar" : true) && engineSupports(b));
  if (list.length === 0) throw noBuildFor(options);
  return list;
}

/** The error when no build that `options` allows validates (by its probe or in full). */
function noBuildFor(options: ReadyOptions): SimdLossError {
  if (options.build !== undefined) {
    return new SimdLossError("ready", `options.build is "${options.build}" but this engine does not validate the ${options.build} build`);
  }
  if (options.simd === true) {
    return new SimdLossError("ready", "options.simd is true but this engine does not validate WebAssembly SIMD");
  }
  return new SimdLossError("ready", "this engine validates none of the builds (the scalar build needs bulk memory and non-trapping float-to-int)");
}

/**
 * Compiles and instantiates the kernels (once per build; later calls are cached) and makes the
 * chosen build active. Every other function throws NotReadyError until this has resolved.
 *
 * Only the chosen build is imported: each build's base64 lives in its own module (in dist/, its
 * own chunk file next to index.js), so a browser downloads the core and the one build it runs.
 * The choice validates a tiny probe per build; the chosen build is then validated in full, and
 * when it fails (an engine that has the probe's instructions but not the build's), the next
 * build is tried.
 *
 * @example
 * await ready();                     // relaxed SIMD, else SIMD, else scalar: the fastest validated
 * await ready({ build: "simd" });    // exactly the plain SIMD build (same bits on every CPU)
 * await ready({ build: "scalar" });  // the scalar build (tests use this)
 */
const READY_OPTIONS = optionKeys("build", "simd");

export async function ready(optionsIn?: ReadyOptions): Promise<BackendInfo> {
  const options: ReadyOptions = toOptions("ready", optionsIn, READY_OPTIONS);
  const list = candidates(options);
  for (const build of list) {
    const pending = (loading[build] ??= load(build));
    try {
      active = await pending;
      return backendInfo();
    } catch (e) {
      if (loading[build] === pending) delete loading[build];
      if (e instanceof Unsupported) continue;
      throw new KernelError("ready", `could not instantiate the ${build} build: ${(e as Error).message}`);
    }
  }
  throw noBuildFor(options);
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
