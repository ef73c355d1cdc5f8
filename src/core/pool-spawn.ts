/**
 * What starting a pool worker gives the pool, in Node (spawnNode, pool.ts) and in browsers
 * (spawnWeb, pool-web.ts): a handle on the worker's start and end.
 */
import type { WorkerInit } from "./pool-worker.js";

/** One worker. */
export interface WorkerHandle {
  /** Resolves when the worker has instantiated the build; rejects when it fails to start. */
  ready: Promise<void>;
  /** Resolves when the worker has exited. */
  exited: Promise<void>;
  /** Ends the worker (interrupting a running kernel); resolves when it has exited. */
  terminate(): Promise<void>;
}

/** Starts one worker with its init; `onExit` runs (later, never during the call) once it has exited. */
export type Spawn = (init: WorkerInit, onExit: () => void) => WorkerHandle;

/** The error a worker's `ready` rejects with when it cannot start. */
export const startFailure = (what: unknown) => new Error(`a pool worker failed to start: ${String((what as Error)?.message ?? what)}`);
