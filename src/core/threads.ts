/**
 * What the engine offers for threads, known without starting any (the pool itself, pool.ts, is
 * imported only when threads start, so that engines without them never load it).
 */

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
}

/** A Node built-in module (process.getBuiltinModule: Node 20.16+, 22.3+, Bun), or undefined elsewhere. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return typeof proc?.getBuiltinModule === "function" ? (proc.getBuiltinModule(id) as T | undefined) : undefined;
}

/** node:worker_threads, as far as the pool uses it. */
export interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => {
    on(event: "message" | "error" | "exit", listener: (value: unknown) => void): void;
    unref(): void;
    terminate(): Promise<number>;
  };
}

interface NodeOs {
  availableParallelism?(): number;
  cpus(): unknown[];
}

/** At most this many threads for `threads: "auto"`. */
export const AUTO_MAX_THREADS = 8;
/** At most this many threads for an explicit count. */
export const MAX_THREADS = 64;

/** What this engine offers for threads. */
export interface ThreadSupport {
  /**
   * SharedArrayBuffer and Atomics are there, and workers: worker_threads (Node, Bun), or Web
   * Workers on a cross-origin-isolated page (browsers).
   */
  supported: boolean;
  /** Threads "auto" means here: the available cores, at most AUTO_MAX_THREADS; 1 when unsupported. */
  auto: number;
}

let support: ThreadSupport | undefined;

/**
 * Can this engine run a pool, and how many threads would "auto" use? Node and Bun: worker_threads
 * and the available cores (os.availableParallelism). Browsers: Web Workers when the page is
 * cross-origin isolated (the only pages that have shared memory), and navigator.hardwareConcurrency.
 */
export function threadSupport(): ThreadSupport {
  if (support !== undefined) return support;
  const atomics = typeof SharedArrayBuffer === "function" && typeof Atomics === "object";
  const os = nodeBuiltin<NodeOs>("node:os");
  let supported: boolean;
  let cores = 1;
  if (os !== undefined) {
    supported = atomics && nodeBuiltin<NodeWorkerThreads>("node:worker_threads") !== undefined;
    if (supported) cores = os.availableParallelism?.() ?? os.cpus().length;
  } else {
    const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number } };
    supported = atomics && g.crossOriginIsolated === true && typeof g.Worker === "function";
    if (supported) cores = g.navigator?.hardwareConcurrency ?? 1;
  }
  support = { supported, auto: Math.max(1, Math.min(AUTO_MAX_THREADS, cores)) };
  return support;
}
