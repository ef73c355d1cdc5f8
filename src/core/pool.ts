/**
 * The thread pool: workers that run kernel chunks over the module's shared memory, driven by the
 * calling thread through atomics on a control block (after XNNPACK's pthreadpool: no message per
 * call). The executor (run.ts) decides what runs where; this file holds the workers' lifetime and
 * the calling thread's side of the protocol (pool-worker.ts has the worker's side):
 *
 *   begin()       a new job: its kernel, argument count and slots; claims restart at chunk 0
 *                 under a new job tag (a claim left from the previous job can no longer succeed)
 *   publish(c)    chunk c's inputs and arguments are in place: it may be claimed
 *   claim()       the calling thread takes the next published chunk itself (it computes too)
 *   complete()    … and records its result in the chunk's slot
 *   waitFor()     spins, then sleeps (Atomics.wait), until a slot's chunk is done
 *                 or a deadline passes (only spins where the calling thread may not
 *                 block: a browser's main thread)
 *   closeClaims() no chunk may be claimed any more; returns how many were
 *
 * Workers are started with the build's module and the shared memory once, by a spawn function:
 * spawnNode (worker_threads, from source text with `eval`: Node and Bun; unref'd, so they never
 * keep a process alive) or spawnWeb (pool-web.ts: Web Workers). A worker that exits unexpectedly is replaced; when the executor finds a
 * chunk lost (claimed and never finished), every worker is replaced, on a new control block
 * (restart()).
 */
import { poolWorker, type ControlLayout, type WorkerInit } from "./pool-worker.js";
import type { NodeWorkerThreads } from "./threads.js";
import { startFailure, type Spawn, type WorkerHandle } from "./pool-spawn.js";

export { spawnWeb } from "./pool-web.js";
export type { Spawn, WorkerHandle } from "./pool-spawn.js";

// ---- workers -------------------------------------------------------------------------------------


export function spawnNode(wt: NodeWorkerThreads, init: WorkerInit, onExit: () => void): WorkerHandle {
  // the worker reaches its own Node built-ins as nodeBuiltin() does: through globalThis
  const source = `const proc = globalThis["process"];\nconst { workerData, parentPort } = proc.getBuiltinModule("node:worker_threads");\n`
    + `(${String(poolWorker)})(workerData, (m) => parentPort.postMessage(m), () => proc.exit(1));`;
  const worker = new wt.Worker(source, { eval: true, workerData: init });
  let exited!: () => void;
  const exitedPromise = new Promise<void>((resolve) => (exited = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (m) => {
      if (m !== "ready") return;
      worker.unref(); // held until ready, so that `await ready()` keeps the process alive meanwhile
      resolve();
    });
    worker.on("error", (e) => reject(startFailure(e)));
    worker.on("exit", () => {
      reject(startFailure("it exited"));
      exited();
      onExit();
    });
  });
  ready.catch(() => undefined);
  return { ready, exited: exitedPromise, terminate: () => worker.terminate().then(() => exitedPromise) };
}

// ---- the control block ------------------------------------------------------------------------------

/** Bits of the chunk index in the claim word (the rest: the job tag). */
const CHUNK_BITS = 20;
const MAX_CHUNKS = (1 << CHUNK_BITS) - 1;

const TAG_MASK = (1 << (31 - CHUNK_BITS)) - 1;

function layoutFor(slots: number, maxArgs: number): ControlLayout {
  const HEADER = 16;
  const DONE = HEADER;
  const int32s = DONE + slots;
  const RESULT = Math.ceil(int32s / 2);
  return {
    SIGNAL: 0, CLAIM: 1, READY: 2, KERNEL: 3, ARGC: 4, SLOTS: 5, SLEEPING: 6, DONE_SIGNAL: 7,
    CALLER_WAITING: 8, EXIT: 9, FAULT: 10, FAULT_MODE: 11,
    DONE, RESULT, ARGV: RESULT + slots, MAX_ARGS: maxArgs, CHUNK_BITS,
  };
}

/** Milliseconds a worker may take to start (instantiate the build) before the pool gives up on it. */
const START_TIMEOUT_MS = 30_000;
/** Milliseconds a worker spins for the next chunk or call before it sleeps. */
const WORKER_SPIN_MS = 0.2;
/** Milliseconds the calling thread spins for a chunk before it sleeps. */
const CALLER_SPIN_MS = 2;

/** Can this thread block in Atomics.wait? Not a browser's main thread (it throws there). */
function threadMayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // returns "not-equal" at once where allowed
    return true;
  } catch {
    return false;
  }
}
let mayBlock: boolean | undefined;

/** How a pool worker is made to fail (the tests' hook): never finish its chunk, or exit mid-chunk. */
export type Fault = "hang" | "exit";

export class Pool {
  /** Threads the pool was started for: the calling thread and its workers. */
  readonly size: number;
  /** Slots a job may use: two per thread. */
  readonly maxSlots: number;
  /** The most chunks a job may have (a call of more runs on the calling thread). */
  readonly maxChunks = MAX_CHUNKS;
  /** Milliseconds after which a chunk a worker claimed and has not finished counts as lost. */
  lostAfterMs = 5000;
  /** The control block (replaced, with every worker, by restart()). */
  private i32!: Int32Array;
  private f64!: Float64Array;
  private readonly L: ControlLayout;
  private init!: Omit<WorkerInit, "index">;
  private readonly module: WebAssembly.Module;
  private readonly memory: WebAssembly.Memory;
  private readonly names: string[];
  private readonly workers: (WorkerHandle | null)[];
  private readonly spawnWorker: Spawn;
  /** The workers that have instantiated the build and not exited. */
  private readonly running = new Set<WorkerHandle>();
  private job = 0;
  /** Does the calling thread sleep in waitFor() after its spin (false: it only spins)? Tests may clear it. */
  callerSleeps = (mayBlock ??= threadMayBlock());
  /** restart() calls so far (tests read it). */
  restarted = 0;
  private closed = false;
  /** Restarts left for workers that exit unexpectedly (a platform that keeps killing them gets none). */
  private restarts: number;

  private constructor(
    module: WebAssembly.Module, memory: WebAssembly.Memory, workers: number, names: string[], maxArgs: number,
    spawnWorker: Spawn,
  ) {
    this.size = workers + 1;
    this.maxSlots = 2 * this.size;
    this.L = layoutFor(this.maxSlots, maxArgs);
    this.module = module;
    this.memory = memory;
    this.names = names;
    this.newControl();
    this.workers = new Array<WorkerHandle | null>(workers).fill(null);
    this.spawnWorker = spawnWorker;
    this.restarts = 4 * workers;
  }

  /**
   * Starts `workers` workers over `memory` (shared) running `module` (the build's shared-memory
   * variant), and resolves once every one has instantiated it; rejects when one fails to start.
   * `spawn`: starts one worker (spawnNode, spawnWeb); `names`: the kernels, by index; `maxArgs`:
   * the most arguments a kernel takes.
   */
  static async start(
    spawn: Spawn, module: WebAssembly.Module, memory: WebAssembly.Memory, workers: number, names: string[], maxArgs: number,
  ): Promise<Pool> {
    const pool = new Pool(module, memory, workers, names, maxArgs, spawn);
    try {
      await Promise.all(pool.workers.map((_, i) => pool.spawn(i)));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** A fresh control block, for workers spawned from now on. */
  private newControl(): void {
    const control = new SharedArrayBuffer(8 * (this.L.ARGV + this.maxSlots * this.L.MAX_ARGS));
    this.i32 = new Int32Array(control);
    this.f64 = new Float64Array(control);
    this.init = { module: this.module, memory: this.memory, control, names: this.names, layout: this.L, spinMs: WORKER_SPIN_MS };
  }

  /** Threads a call may use now: the calling thread and the workers that are running. */
  get threads(): number {
    return 1 + this.running.size;
  }

  private spawn(i: number): Promise<void> {
    const handle = this.spawnWorker({ ...this.init, index: i + 1 }, () => this.exited(i, handle));
    this.workers[i] = handle;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a pool worker did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    });
    return Promise.race([handle.ready, timeout]).then(
      () => {
        clearTimeout(timer);
        if (this.workers[i] === handle && !this.closed) this.running.add(handle);
      },
      (e) => {
        clearTimeout(timer);
        throw e;
      },
    );
  }

  /** A worker exited: when the pool is open, another takes its place. */
  private exited(i: number, handle: WorkerHandle): void {
    this.running.delete(handle);
    if (this.workers[i] !== handle) return;
    this.workers[i] = null;
    if (!this.closed && this.restarts-- > 0) this.spawn(i).catch(() => undefined);
  }

  /**
   * After a chunk was lost (a worker claimed it and never finished): every worker is told to exit
   * and terminated, and new ones start on a new control block, so that the lost worker, should it
   * still run, can no longer touch a job's control words (it may still write module memory: the
   * caller fences off the scratch it used until the returned promise resolves, once the old
   * workers have exited). Until the new workers are running, calls run on the calling thread.
   */
  restart(): Promise<void> {
    this.restarted++;
    Atomics.store(this.i32, this.L.EXIT, 1);
    this.signal();
    const old = this.workers.filter((w): w is WorkerHandle => w !== null);
    this.workers.fill(null);
    this.running.clear();
    this.newControl();
    if (!this.closed && this.restarts > 0) {
      this.restarts -= this.workers.length;
      for (let i = 0; i < this.workers.length; i++) this.spawn(i).catch(() => undefined);
    }
    return Promise.all(old.map((w) => w.terminate())).then(() => undefined);
  }

  /** Ends every worker (a running kernel is interrupted); resolves once they have exited. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.i32, this.L.EXIT, 1);
    this.signal();
    const handles = this.workers.filter((w): w is WorkerHandle => w !== null);
    this.workers.fill(null);
    this.running.clear();
    await Promise.all(handles.map((w) => w.terminate()));
  }

  // ---- one job (one kernel call), from the calling thread -----------------------------------------

  /** Wakes the workers for a new job, chunk or exit. */
  private signal(): void {
    Atomics.add(this.i32, this.L.SIGNAL, 1);
    if (Atomics.load(this.i32, this.L.SLEEPING) > 0) Atomics.notify(this.i32, this.L.SIGNAL);
  }

  /** Starts a job: kernel index, arguments per call, slots (chunk c uses slot c % slots). */
  begin(kernel: number, argc: number, slots: number): void {
    const { i32, L } = this;
    i32[L.KERNEL] = kernel;
    i32[L.ARGC] = argc;
    i32[L.SLOTS] = slots;
    for (let s = 0; s < slots; s++) i32[L.DONE + s] = 0;
    Atomics.store(i32, L.READY, 0);
    this.job = (this.job + 1) & TAG_MASK;
    Atomics.store(i32, L.CLAIM, this.job << CHUNK_BITS);
  }

  /** Writes a slot's arguments (before publish()). */
  setArgs(slot: number, argv: readonly number[]): void {
    this.f64.set(argv, this.L.ARGV + slot * this.L.MAX_ARGS);
  }

  /** Reads a slot's arguments into argv. */
  getArgs(slot: number, argv: number[]): void {
    const at = this.L.ARGV + slot * this.L.MAX_ARGS;
    for (let k = 0; k < argv.length; k++) argv[k] = this.f64[at + k];
  }

  /** Chunk c (in slot c % slots) may be claimed: its inputs, accumulators and arguments are in place. */
  publish(c: number, slot: number): void {
    Atomics.store(this.i32, this.L.DONE + slot, 0);
    Atomics.store(this.i32, this.L.READY, c + 1);
    this.signal();
  }

  /** The calling thread claims the next published chunk: its index, or −1 when none is left. */
  claim(): number {
    const { i32, L } = this;
    for (;;) {
      const claim = Atomics.load(i32, L.CLAIM);
      const c = claim & MAX_CHUNKS;
      if (c >= Atomics.load(i32, L.READY)) return -1;
      if (Atomics.compareExchange(i32, L.CLAIM, claim, claim + 1) === claim) return c;
    }
  }

  /** Records the result of a chunk the calling thread ran. */
  complete(slot: number, c: number, value: number): void {
    this.f64[this.L.RESULT + slot] = value;
    Atomics.store(this.i32, this.L.DONE + slot, c + 1);
  }

  /** A published chunk's state: 0 running or not claimed yet, 1 done, −1 its kernel threw. */
  status(slot: number): number {
    return Math.sign(Atomics.load(this.i32, this.L.DONE + slot));
  }

  /** The result of a done slot's chunk. */
  result(slot: number): number {
    return this.f64[this.L.RESULT + slot];
  }

  /**
   * Waits until the slot's chunk is done (or failed): spins, then sleeps on DONE_SIGNAL (or keeps
   * spinning where the calling thread may not block). False when `deadline` (performance.now()) passed first.
   */
  waitFor(slot: number, deadline: number): boolean {
    const { i32, L } = this;
    const spinUntil = performance.now() + CALLER_SPIN_MS;
    let spins = 0;
    while (Atomics.load(i32, L.DONE + slot) === 0) {
      if ((++spins & 255) !== 0) continue;
      const now = performance.now();
      if (now >= deadline) return false;
      if (now < spinUntil || !this.callerSleeps) continue;
      Atomics.store(i32, L.CALLER_WAITING, 1);
      const seen = Atomics.load(i32, L.DONE_SIGNAL);
      if (Atomics.load(i32, L.DONE + slot) === 0) Atomics.wait(i32, L.DONE_SIGNAL, seen, deadline - now);
      Atomics.store(i32, L.CALLER_WAITING, 0);
    }
    return true;
  }

  /** Ends claiming for the job: returns the number of chunks claimed (all below it were taken). */
  closeClaims(): number {
    const { i32, L } = this;
    for (;;) {
      const claim = Atomics.load(i32, L.CLAIM);
      const closed = (claim & ~MAX_CHUNKS) | MAX_CHUNKS;
      if (Atomics.compareExchange(i32, L.CLAIM, claim, closed) === claim) return claim & MAX_CHUNKS;
    }
  }

  // ---- tests ------------------------------------------------------------------------------------

  /** Test hook: worker `i` (1-based) fails on its next claim: it hangs, or exits, mid-chunk. */
  injectFault(i: number, fault: Fault): void {
    Atomics.store(this.i32, this.L.FAULT_MODE, fault === "hang" ? 1 : 2);
    Atomics.store(this.i32, this.L.FAULT, i);
  }

  /** Test hook: terminates worker `i` (1-based) as something outside the pool would; the pool replaces it. */
  terminateWorker(i: number): Promise<void> {
    return this.workers[i - 1]?.terminate() ?? Promise.resolve();
  }

  /** Test hook: resolves once `n` workers are running (replacements included). */
  async whenWorkers(n: number, timeoutMs = 10_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (this.running.size < n) {
      if (performance.now() > until) throw new Error(`the pool has ${this.running.size} workers, not ${n}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
