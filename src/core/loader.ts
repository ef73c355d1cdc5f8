import { Arena } from "./arena.js";
import { BUILDS, importsWith, newMemory, probeBytes, sharedVariant, wasmBytes, type BuildName } from "./binaries.js";
import { ArgumentTypeError, KernelError, NotReadyError, SimdLossError, ValueError } from "./errors.js";
import { describe } from "./args.js";
import { optionKeys, toOptions } from "./options.js";
import { KERNELS, type KernelExports } from "./kernel-table.js";
import { MAX_THREADS, nodeBuiltin, threadSupport, type NodeWorkerThreads } from "./threads.js";
import type { Pool } from "./pool.js";

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
  /** Bytes of WebAssembly memory the active build holds now (with the threads' shared memory). */
  memoryBytes: number;
  /**
   * Threads a large call of a compute-bound kernel runs on: the calling thread and the pool's
   * workers (1: no pool). Calls under two chunks (a chunk is about 768 KiB of the kernel's
   * arrays), memory-bound kernels (MSE, accuracy, confusion matrices…), calls on zero-copy
   * buffers and calls with a per-element output (a gradient) always run on the calling thread.
   */
  threads: number;
  /**
   * Whether this engine can run threads: Node and Bun (worker_threads), and browsers on a
   * cross-origin-isolated page (Web Workers). Where it cannot, `threads` is 1 whatever `ready()`
   * asked for.
   */
  threadsSupported: boolean;
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
  /**
   * Threads that run large calls of compute-bound kernels: `"auto"` (the default at first in
   * Node and Bun) for the available cores (at most 8); 1 (the default elsewhere) runs everything
   * on the calling thread (no workers); a number from 1 to 64. Left out, the current setting
   * stays. Where the engine cannot run threads (backendInfo().threadsSupported), every setting
   * means 1. Results are bit-identical for every thread count.
   */
  threads?: number | "auto";
}

/** One instance of a build: its exports and the arena over its memory. */
export interface Engine {
  build: BuildName;
  exports: KernelExports;
  arena: Arena;
}

/**
 * The active build: its instance over ordinary memory, which runs every call on the calling
 * thread and holds the zero-copy buffers (allocFloat32), and, when threads run, a second instance
 * (the build's shared-memory variant over a memory of its own) with the pool of workers over that
 * memory, for the calls worth several threads (run.ts). Zero-copy buffers never move.
 */
export interface Runtime extends Engine {
  /** The shared-memory instance and its workers, or null when every call runs on the calling thread. */
  threaded: Threaded | null;
}

/** The shared-memory instance of a build and the workers that run chunks over its memory. */
export interface Threaded extends Engine {
  pool: Pool;
}

/** Every kernel of the table, by the index the pool names it with. */
export const KERNEL_NAMES = Object.keys(KERNELS) as (keyof typeof KERNELS)[];
/** The most arguments a kernel takes. */
const MAX_KERNEL_ARGS = Math.max(...Object.values(KERNELS).map((k) => k.args.length));

/** A build's bytes, compiled; its shared-memory variant compiled when first needed (null: it does not validate). */
interface Compiled {
  bytes: Uint8Array;
  module: WebAssembly.Module;
  shared?: Promise<WebAssembly.Module | null>;
}

const compiled: Partial<Record<BuildName, Promise<Compiled>>> = {};
const runtimes: Partial<Record<BuildName, Promise<Runtime>>> = {};
let active: Runtime | null = null;
const supported: Partial<Record<BuildName, boolean>> = {};
/**
 * The thread setting ready() last received (or close() set); at first "auto" where the pool can
 * run on worker_threads (Node, Bun), else 1 (browsers: see defaultThreads()).
 */
let threadSetting: number | "auto" | undefined;

/** The setting before any ready({ threads }): "auto" in Node and Bun, 1 elsewhere. */
function defaultThreads(): number | "auto" {
  return nodeBuiltin("node:worker_threads") !== undefined ? "auto" : 1;
}
/** ready() and close() run one at a time, in the order they were called. */
let queue: Promise<unknown> = Promise.resolve();

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

async function compile(build: BuildName): Promise<Compiled> {
  const bytes = await wasmBytes(build);
  if (!WebAssembly.validate(bytes as BufferSource)) {
    supported[build] = false;
    throw new Unsupported(`this engine does not validate the ${build} build`);
  }
  supported[build] = true;
  return { bytes, module: await WebAssembly.compile(bytes as BufferSource) };
}

/** The build's shared-memory variant, compiled; null where the engine does not validate it. */
function sharedModule(build: BuildName, c: Compiled): Promise<WebAssembly.Module | null> {
  return (c.shared ??= (async () => {
    const bytes = sharedVariant(build, c.bytes) as BufferSource;
    return WebAssembly.validate(bytes) ? WebAssembly.compile(bytes) : null;
  })());
}

async function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  return (await WebAssembly.instantiate(module, importsWith(memory))).exports as unknown as KernelExports;
}

async function load(build: BuildName): Promise<Runtime> {
  const c = await (compiled[build] ??= compile(build));
  const exports = await instantiate(c.module, newMemory(false));
  return { build, exports, arena: new Arena(exports.memory, exports.heapBase()), threaded: null };
}

/** Ends the runtime's pool and drops its shared-memory instance, if any: calls run on the calling thread from now on. */
async function closeThreads(rt: Runtime): Promise<void> {
  const threaded = rt.threaded;
  rt.threaded = null;
  await threaded?.pool.close();
}

/**
 * Gives the runtime `threads` threads: for more than 1, the build's shared-memory variant over a
 * new shared memory and a pool of threads − 1 workers over it; for 1 (also when the engine cannot
 * run the pool, or the pool fails to start), none. The runtime's own instance and memory (and so
 * every zero-copy buffer) stay as they are.
 */
async function setThreads(rt: Runtime, c: Compiled, threads: number): Promise<void> {
  if (threads > 1 && rt.threaded?.pool.size === threads) return;
  await closeThreads(rt);
  const shared = threads > 1 ? await sharedModule(rt.build, c) : null;
  if (shared === null) return;
  try {
    const memory = newMemory(true);
    const exports = await instantiate(shared, memory);
    const { Pool, spawnNode, spawnWeb } = await import("./pool.js"); // its own chunk: loaded only where threads run
    // worker_threads in Node and Bun, else Web Workers (threadSupport() found one of them)
    const wt = nodeBuiltin<NodeWorkerThreads>("node:worker_threads");
    const spawn = wt !== undefined ? spawnNode.bind(null, wt) : spawnWeb;
    const pool = await Pool.start(spawn, shared, memory, threads - 1, KERNEL_NAMES, MAX_KERNEL_ARGS);
    rt.threaded = { build: rt.build, exports, arena: new Arena(memory, exports.heapBase()), pool };
  } catch {
    // no workers here (a policy that forbids them, say): one thread
  }
}

/** The thread count a setting means on this engine. */
function threadsFor(setting: number | "auto"): number {
  const { supported: can, auto } = threadSupport();
  if (!can) return 1;
  return setting === "auto" ? auto : setting;
}

/** options.threads checked: undefined (keep the current setting), "auto" or an integer in [1, MAX_THREADS]. */
function threadsOption(value: unknown): number | "auto" | undefined {
  if (value === undefined || value === "auto") return value;
  if (typeof value !== "number") {
    throw new ArgumentTypeError("ready", `options.threads must be a number or "auto", got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 1 || value > MAX_THREADS) {
    throw new ValueError("ready", `options.threads must be "auto" or an integer in [1, ${MAX_THREADS}], got ${value}`);
  }
  return value;
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

const READY_OPTIONS = optionKeys("build", "simd", "threads");

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
 * Threads (options.threads, "auto" at first in Node and Bun, 1 in browsers): above 1, large calls
 * of compute-bound kernels run their chunks on the calling thread and a pool of workers over a
 * shared memory of their own; ready() resolves once the workers have started. Every result is
 * bit-identical whatever the thread count. Zero-copy buffers stay where they are. In Node the
 * workers never keep the process alive.
 *
 * @example
 * await ready();                     // relaxed SIMD, else SIMD, else scalar: the fastest validated
 * await ready({ build: "simd" });    // exactly the plain SIMD build (same bits on every CPU)
 * await ready({ build: "scalar" });  // the scalar build (tests use this)
 * await ready({ threads: "auto" });  // large calls on a pool of workers too, one thread per core
 * await ready({ threads: 1 });       // no workers again: every call on the calling thread
 */
export function ready(optionsIn?: ReadyOptions): Promise<BackendInfo> {
  let options: ReadyOptions;
  let list: BuildName[];
  let threads: number | "auto" | undefined;
  try {
    options = toOptions("ready", optionsIn, READY_OPTIONS);
    threads = threadsOption(options.threads);
    list = candidates(options);
  } catch (e) {
    return Promise.reject(e);
  }
  if (threads !== undefined) threadSetting = threads;
  return serially(async () => {
    for (const build of list) {
      const pendingCompile = (compiled[build] ??= compile(build));
      const pending = (runtimes[build] ??= load(build));
      let rt: Runtime;
      try {
        rt = await pending;
      } catch (e) {
        if (runtimes[build] === pending) delete runtimes[build];
        if (compiled[build] === pendingCompile) delete compiled[build];
        if (e instanceof Unsupported) continue;
        throw new KernelError("ready", `could not instantiate the ${build} build: ${(e as Error).message}`);
      }
      if (active !== null && active !== rt) await closeThreads(active);
      await setThreads(rt, await pendingCompile, threadsFor(threadSetting ?? defaultThreads()));
      active = rt;
      return backendInfo();
    }
    throw noBuildFor(options);
  });
}

/**
 * Shuts the worker pool down: from the next call on, every call runs on the calling thread (and
 * the threads' shared memory is dropped), as after `ready({ threads: 1 })`; `ready({ threads })`
 * starts a pool again. Calls are synchronous, so none is ever half-way through a pool being
 * closed: a call that started before close() finishes on the threads it started with. Resolves
 * once the workers have exited. Nothing else is released: the build stays loaded.
 */
export function close(): Promise<void> {
  threadSetting = 1;
  return serially(async () => {
    if (active === null) return;
    const c = await compiled[active.build];
    if (c !== undefined) await setThreads(active, c, 1);
  });
}

/** Runs `task` after every ready() and close() called before it. */
function serially<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}

/** Which build runs, on how many threads, which builds the engine supports, and the memory in use. Throws before `ready()`. */
export function backendInfo(): BackendInfo {
  const rt = runtime("backendInfo");
  return {
    build: rt.build,
    simdSupported: engineSupports("simd"),
    relaxedSimdSupported: engineSupports("relaxed"),
    memoryBytes: rt.arena.byteLength + (rt.threaded?.arena.byteLength ?? 0),
    threads: rt.threaded?.pool.threads ?? 1,
    threadsSupported: threadSupport().supported,
  };
}

/** The active runtime, or NotReadyError naming the function that needed it. */
export function runtime(fn: string): Runtime {
  if (active === null) {
    throw new NotReadyError(fn, "the WebAssembly kernels are not loaded yet: call `await ready()` first");
  }
  return active;
}
