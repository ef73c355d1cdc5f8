/**
 * The body of every pool worker (pool.ts): it instantiates the build over the shared memory, then
 * claims and runs chunks of the calls the calling thread publishes on the control block, forever.
 *
 * It is shipped as source text: pool.ts turns this function into the worker's script
 * (`String(poolWorker)`), so it must be self-contained: it refers to nothing outside its own
 * body (no import, no module constant; the control block's layout arrives in `init`). The
 * protocol, from the worker's side (the calling thread's side is in pool.ts):
 *
 *   claim word   (job tag << 20) | next chunk. A chunk c is claimable while c < READY (its
 *                inputs are in place); a worker takes it by compare-and-swap of c → c + 1, so
 *                each chunk runs exactly once, and a claim from a job that has ended fails
 *                (its tag no longer matches).
 *   chunk c      runs in slot c % SLOTS: its arguments are the slot's float64 argument vector,
 *                its result goes to the slot's RESULT, then DONE[slot] = c + 1 (or −(c + 1)
 *                when the kernel threw) and DONE_SIGNAL is bumped (and notified when the calling
 *                thread sleeps on it).
 *   waiting      when nothing is claimable: spin on SIGNAL for `spinMs`, then sleep on it
 *                (Atomics.wait); the calling thread bumps SIGNAL and notifies sleepers for every
 *                new job, chunk and exit.
 *   exit         EXIT = 1: return (the worker ends).
 *
 * `fault` is the test hook of pool.ts: when FAULT holds this worker's index + 1 as it claims a
 * chunk, it clears FAULT and never finishes the chunk: FAULT_MODE 1 spins forever (a worker that
 * hangs), 2 ends the worker (a worker that dies mid-chunk).
 */

/** What a worker receives once. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** The control block (pool.ts): an Int32Array and a Float64Array over it. */
  control: SharedArrayBuffer;
  /** Kernel names, by the index the control block names them with. */
  names: string[];
  /** This worker's index (1-based in FAULT). */
  index: number;
  /** Int32 indices of the control words, and the float64 offsets of results and arguments. */
  layout: ControlLayout;
  /** Milliseconds to spin before sleeping. */
  spinMs: number;
}

export interface ControlLayout {
  SIGNAL: number;
  CLAIM: number;
  READY: number;
  KERNEL: number;
  ARGC: number;
  SLOTS: number;
  SLEEPING: number;
  DONE_SIGNAL: number;
  CALLER_WAITING: number;
  EXIT: number;
  FAULT: number;
  FAULT_MODE: number;
  /** Int32 index of DONE[0]. */
  DONE: number;
  /** Float64 index of RESULT[0] and of slot 0's arguments; arguments per slot. */
  RESULT: number;
  ARGV: number;
  MAX_ARGS: number;
  /** Bits of the chunk index in the claim word. */
  CHUNK_BITS: number;
}

/**
 * The worker's main loop. `post` sends one message to the pool (only "ready", once instantiated);
 * `exit` ends the worker at once (the test hook's "dies mid-chunk").
 */
export function poolWorker(init: WorkerInit, post: (message: string) => void, exit: () => void): void {
  const L = init.layout;
  const exports = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as Record<string, unknown>;
  const kernels = init.names.map((n) => exports[n] as (...args: number[]) => number | undefined);
  const i32 = new Int32Array(init.control);
  const f64 = new Float64Array(init.control);
  const mask = (1 << L.CHUNK_BITS) - 1;
  const me = init.index;
  const argv: number[] = [];
  post("ready");
  for (;;) {
    const signal = Atomics.load(i32, L.SIGNAL);
    if (Atomics.load(i32, L.EXIT) !== 0) return;
    const claim = Atomics.load(i32, L.CLAIM);
    const c = claim & mask;
    if (c < Atomics.load(i32, L.READY)) {
      if (Atomics.compareExchange(i32, L.CLAIM, claim, claim + 1) !== claim) continue;
      // chunk c is ours: its job cannot end before DONE says so
      const slot = c % i32[L.SLOTS];
      if (Atomics.load(i32, L.FAULT) === me && Atomics.compareExchange(i32, L.FAULT, me, 0) === me) {
        if (Atomics.load(i32, L.FAULT_MODE) === 2) exit();
        for (;;); // hangs until terminated
      }
      const argc = i32[L.ARGC];
      const at = L.ARGV + slot * L.MAX_ARGS;
      argv.length = argc;
      for (let k = 0; k < argc; k++) argv[k] = f64[at + k];
      let status = c + 1;
      try {
        f64[L.RESULT + slot] = kernels[i32[L.KERNEL]](...argv) ?? 0;
      } catch {
        status = -(c + 1);
      }
      Atomics.store(i32, L.DONE + slot, status);
      Atomics.add(i32, L.DONE_SIGNAL, 1);
      if (Atomics.load(i32, L.CALLER_WAITING) !== 0) Atomics.notify(i32, L.DONE_SIGNAL);
      continue;
    }
    // nothing to claim: spin on SIGNAL for a while, then sleep on it
    const until = performance.now() + init.spinMs;
    let spins = 0;
    while (Atomics.load(i32, L.SIGNAL) === signal) {
      if ((++spins & 255) !== 0 || performance.now() < until) continue;
      Atomics.add(i32, L.SLEEPING, 1);
      Atomics.wait(i32, L.SIGNAL, signal);
      Atomics.sub(i32, L.SLEEPING, 1);
      break;
    }
  }
}
