/**
 * The pool's workers in browsers (pool.ts has the pool, pool-worker.ts the worker's loop): Web
 * Workers on a cross-origin-isolated page (the only pages with shared memory). Each is a classic
 * worker started from a Blob URL whose script is the same worker body as in Node
 * (`String(poolWorker)`), so the package ships no worker file and needs no bundler setup; a
 * Content-Security-Policy must allow it (`worker-src blob:`). The worker receives its init (the
 * compiled build, the shared memory, the control block…) in one message and answers "ready"
 * once it has instantiated the build; from then on it is driven through the control block only.
 *
 * A worker that fails to start (a policy that forbids it, an error while instantiating) rejects
 * its `ready`: the pool does not start and the loader falls back to one thread. Browsers tell no
 * one when a worker ends, so a handle counts its worker exited when terminate() ends it, when it
 * reports an uncaught error, or when it asks to be ended (the tests' "exit mid-chunk" fault).
 */
import { poolWorker, type WorkerInit } from "./pool-worker.js";
import { startFailure, type WorkerHandle } from "./pool-spawn.js";

/**
 * The worker's script: one message brings the init, then the worker runs the pool's loop for good
 * (its event loop never turns again). `exit` posts "exit", and the page ends the worker; a message
 * that cannot be received (memory that cannot be shared here) posts "failed".
 */
const SOURCE = `"use strict";
onmessageerror = () => postMessage("failed");
onmessage = (e) => {
  onmessage = null;
  (${String(poolWorker)})(e.data, (m) => postMessage(m), () => postMessage("exit"));
};
`;

let scriptUrl: string | undefined;

/** Starts one Web Worker running the pool's loop (see Pool.start). */
export function spawnWeb(init: WorkerInit, onExit: () => void): WorkerHandle {
  let worker: Worker | undefined;
  let started!: () => void;
  let failed!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  ready.catch(() => undefined);
  let exitedResolve!: () => void;
  const exited = new Promise<void>((resolve) => (exitedResolve = resolve));
  let ended = false;
  /** Ends the worker (once): terminated, its ready rejected if it was pending, the pool told. */
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    worker?.terminate();
    failed(startFailure(why));
    exitedResolve();
    onExit();
  };
  try {
    scriptUrl ??= URL.createObjectURL(new Blob([SOURCE], { type: "text/javascript" }));
    worker = new Worker(scriptUrl, { name: `simdloss pool worker ${init.index}` });
    worker.addEventListener("message", (e) => {
      if (e.data === "ready") started();
      else end(e.data === "exit" ? "it exited" : "it could not receive the shared memory");
    });
    worker.addEventListener("error", (e) => {
      e.preventDefault(); // reported through `ready`, not as the page's uncaught error
      end(e.message || "it failed to load");
    });
    worker.postMessage(init);
  } catch (e) {
    // never during the call (the pool has no handle yet): a microtask later
    const why = String((e as Error)?.message ?? e);
    failed(startFailure(why));
    queueMicrotask(() => end(why));
  }
  return {
    ready,
    exited,
    terminate: () => {
      end("it was terminated");
      return exited;
    },
  };
}
