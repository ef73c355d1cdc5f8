/**
 * The executor: runs any kernel of the table (kernel-table.ts) on the caller's arrays, over a fixed
 * partition of the call's rows into chunks.
 *
 *   rows 0 ............................................................ rows
 *        [ chunk 0 ][ chunk 1 ][ chunk 2 ] … [ last, shorter ]
 *
 * A chunk is chunkRows(kernel, rows, rowLength) rows: about CHUNK_BYTES of all the kernel's
 * per-element and per-row arrays together (every array the table lists, whether the call passes
 * it or not), cut at a multiple of the kernel's block (so per-row and per-element outputs are
 * those of one whole call), at least one block. The partition depends on nothing else: not on
 * which arrays live in module memory, not on which optional arrays are passed.
 *
 * For each chunk, in order:
 *   - inputs: a Float32Array that lives in module memory (a zero-copy WasmFloat32Buffer view) is
 *     read in place at the chunk's offset; any other array is copied into the chunk's scratch
 *     (another typed array converted by TypedArray.prototype.set, a number[] by a loop);
 *   - outputs: an `out` that lives in module memory is written in place; otherwise the kernel
 *     writes scratch and the chunk is copied into the caller's `out` (or a new array) right after;
 *   - the kernel runs on the chunk's rows; its result merges: float64 sums are added in chunk
 *     order, a first-bad index is shifted by the chunk's first row (and ends the call), an
 *     accumulator (a confusion matrix) lives in module memory for the whole call.
 * So the copy path and the zero-copy path make the same kernel calls on the same values: their
 * results are bit-identical by construction. The copy path's module memory is the chunk scratch
 * (at most CHUNK_BYTES, or one block of rows when a block is longer), the kernel's scratch and
 * its accumulators, whatever the number of rows: memory grows only for zero-copy buffers and for
 * whole-array kernels (split "none", the sorts), which run as one call on arrays copied whole.
 */
import { KERNELS, type KernelArg, type KernelName, type KernelSpec, type Shape } from "./kernel-table.js";
import { ArgumentTypeError, KernelError, ShapeError } from "./errors.js";
import { kernelFailure } from "./call.js";
import { describe, type NumericArray } from "./args.js";
import { KERNEL_NAMES, runtime, type Engine } from "./loader.js";
import type { Pool } from "./pool.js";
import type { Arena } from "./arena.js";

type KernelArray = Float32Array | Int32Array | Float64Array;

/**
 * Bytes of one chunk's arrays together: small enough that a chunk's copied inputs, outputs and
 * the kernel's reads of them stay in a core's L2 cache, large enough that the calls per chunk
 * cost little beside the kernel.
 */
export const CHUNK_BYTES = 768 * 1024;

/** An output the caller wants: into a given Float32Array (checked, may live in module memory), else a new array. */
export interface OutputRequest {
  /** The caller's array (e.g. `options.out`), or undefined for a new one. */
  into?: unknown;
  /** Its name in error messages (e.g. "options.out"). */
  name: string;
}

/**
 * One kernel call described by name, as the kernel table names its arguments: the shape, the
 * input arrays, the outputs wanted and the scalar parameters. Optional inputs and outputs left
 * out are passed as 0; scratch and accumulators are sized by the table and reserved here.
 * Inputs are checked arrays (args.ts numericArray, labels.ts for int32 labels): any numeric
 * typed array or number[], converted to the kernel's element type chunk by chunk.
 */
export interface KernelRequest {
  rows: number;
  /** Features or classes; 1 (the default) for kernels without a rowLength argument. */
  rowLength?: number;
  inputs?: Readonly<Record<string, NumericArray | null | undefined>>;
  /** Arrays of "inout" arguments, rewritten in place (e.g. sorted). */
  inouts?: Readonly<Record<string, KernelArray>>;
  outputs?: Readonly<Record<string, OutputRequest | false | undefined>>;
  params?: Readonly<Record<string, number>>;
  /** Names of inputs in error messages, where they differ from the table's (e.g. sampleWeight: "options.sampleWeight"). */
  names?: Readonly<Record<string, string>>;
}

export interface KernelResult {
  /** The kernel's merged result (a float64 sum, a first-bad index or −1, 0 for void kernels). */
  value: number;
  /** Each requested output and accumulator, by name: caller-owned (the caller's own `into`, or a live view of it when it lives in module memory). */
  outputs: Record<string, KernelArray>;
}

// ---- per-kernel plans (once per kernel) ---------------------------------------------------------

interface Plan {
  readonly name: KernelName;
  readonly spec: KernelSpec;
  readonly args: readonly KernelArg[];
  /** Bytes per element of the rows × rowLength layout, over every per-element array. */
  readonly elementBytes: number;
  /** Bytes per row over every per-row array. */
  readonly rowBytes: number;
  /** The kernel's index in KERNEL_NAMES (how the pool names it). */
  readonly index: number;
}

const plans = new Map<KernelName, Plan>();

function planOf(name: KernelName): Plan {
  let plan = plans.get(name);
  if (plan === undefined) {
    const spec = KERNELS[name] as KernelSpec;
    let elementBytes = 0;
    let rowBytes = 0;
    for (const arg of spec.args) {
      if (arg.role !== "input" && arg.role !== "output" && arg.role !== "inout") continue;
      if (arg.per === "element") elementBytes += bytesOf(arg.type);
      else if (arg.per === "row") rowBytes += bytesOf(arg.type);
    }
    plan = { name, spec, args: spec.args, elementBytes, rowBytes, index: KERNEL_NAMES.indexOf(name) };
    plans.set(name, plan);
  }
  return plan;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Rows per chunk of a call of `name` on rows × rowLength (the last chunk may be shorter; one
 * chunk when it is ≥ rows): a multiple of the smallest row count s with s % block.rows = 0 and
 * s·rowLength % block.elements = 0, about CHUNK_BYTES of the kernel's arrays, at least s.
 * A kernel that cannot be split (split "none") runs as one chunk.
 */
export function chunkRows(name: KernelName, rows: number, rowLength: number): number {
  const plan = planOf(name);
  return plan.spec.split === "none" ? Math.max(rows, 1) : chunkRowsOf(plan, rowLength);
}

function chunkRowsOf(plan: Plan, rowLength: number): number {
  const { block } = plan.spec;
  const forElements = block.elements / gcd(block.elements, rowLength);
  const step = (block.rows * forElements) / gcd(block.rows, forElements);
  const perRow = rowLength * plan.elementBytes + plan.rowBytes;
  return Math.max(step, Math.floor(CHUNK_BYTES / perRow / step) * step);
}

// ---- one call ------------------------------------------------------------------------------------

/** One array argument of a call that is split by rows. */
interface Slot {
  /** Position in the kernel's arguments. */
  readonly index: number;
  readonly name: string;
  readonly input: boolean;
  readonly int32: boolean;
  /** A float64 input (weights that must not round): copied into a Float64Array view of its scratch. */
  readonly f64: boolean;
  /** Elements per row: rowLength (per element) or 1 (per row). */
  readonly width: number;
  /** Input: the caller's array (copied per chunk unless resident). */
  src: NumericArray | null;
  /** Address of the caller's array when it lives in module memory, else −1. */
  readonly base: number;
  /** Output: the caller's `into`, or undefined for a new array. */
  readonly into: Float32Array | undefined;
  /** Output: where the chunks are copied to (allocated before the first chunk when needed). */
  dest: Float32Array | Int32Array | null;
}

/**
 * An accumulator argument (a confusion matrix): zeroed once, then every chunk's kernel adds into
 * it, in chunk order, as one whole call would. A call with one runs on the calling thread alone.
 */
interface Accumulator {
  readonly index: number;
  readonly name: string;
  readonly n: number;
}

/**
 * One chunk's scratch: for every argument that needs module memory of its own per chunk (a
 * copied array, kernel scratch, an accumulator), its address, by argument position (0 elsewhere).
 * One thread uses one lane; threads use two per thread, so that the calling thread copies a
 * chunk's inputs into a free lane while others compute.
 */
type Lane = number[];

const NO_PARAMS: Readonly<Record<string, number>> = {};

/** A kernel call split into chunks: its arguments, arrays, lanes and merged result. */
class SplitCall {
  readonly argv: number[];
  readonly slots: Slot[] = [];
  readonly accumulators: Accumulator[] = [];
  /** Per-lane bytes by argument position (copied arrays, scratch, accumulators; 0 elsewhere). */
  private readonly laneBytes: number[];
  rowsIndex = 0;
  /** The merged result: a sum, a first-bad index (or −1), 0 for void kernels. */
  value: number;

  constructor(
    readonly fn: string,
    readonly plan: Plan,
    readonly arena: Arena,
    readonly rows: number,
    readonly rowLength: number,
    readonly chunk: number,
    request: KernelRequest,
  ) {
    const { name, args } = plan;
    const params = request.params ?? NO_PARAMS;
    const shape: Shape = { rows, rowLength, params };
    this.argv = new Array(args.length);
    this.laneBytes = new Array(args.length);
    this.value = plan.spec.result === "firstBad" ? -1 : 0;
    for (let index = 0; index < args.length; index++) {
      const arg = args[index];
      this.argv[index] = 0;
      this.laneBytes[index] = 0;
      switch (arg.role) {
        case "rows":
          this.rowsIndex = index;
          break;
        case "rowLength":
          this.argv[index] = rowLength;
          break;
        case "param": {
          const v = params[arg.name];
          if (v === undefined) throw bug(fn, name, `parameter ${arg.name} missing`);
          this.argv[index] = v;
          break;
        }
        case "input": {
          const x = request.inputs?.[arg.name] ?? null;
          if (x === null) {
            if (!arg.optional) throw bug(fn, name, `input ${arg.name} missing`);
            break;
          }
          const width = arg.per === "element" ? rowLength : 1;
          if (x.length !== rows * width) throw bug(fn, name, `input ${arg.name} has ${x.length} elements`);
          const base = arg.type === "f32" && x instanceof Float32Array
            ? arena.residentAddress(fn, request.names?.[arg.name] ?? arg.name, x)
            : -1;
          if (base < 0) this.laneBytes[index] = bytesOf(arg.type) * chunk * width;
          this.slots.push({
            index, name: arg.name, input: true, int32: arg.type === "i32", f64: arg.type === "f64", width, src: x, base, into: undefined, dest: null,
          });
          break;
        }
        case "output": {
          const want = request.outputs?.[arg.name];
          if (!want) {
            if (!arg.optional) throw bug(fn, name, `output ${arg.name} not requested`);
            break;
          }
          const width = arg.per === "element" ? rowLength : 1;
          const into = arg.type === "f32" ? checkedOut(fn, want, rows * width) : undefined;
          const base = into === undefined ? -1 : arena.residentAddress(fn, want.name, into);
          if (base < 0) this.laneBytes[index] = 4 * chunk * width;
          this.slots.push({ index, name: arg.name, input: false, int32: arg.type === "i32", f64: false, width, src: null, base, into, dest: null });
          break;
        }
        case "accumulator": {
          const n = arg.length(shape);
          this.laneBytes[index] = 8 * n;
          this.accumulators.push({ index, name: arg.name, n });
          break;
        }
        case "scratch":
          this.laneBytes[index] = arg.bytes(shape);
          break;
        case "inout":
          throw bug(fn, name, `inout ${arg.name} in a kernel split by rows`);
      }
    }
  }

  /** Reserves one lane of scratch (call arena.ensureScratch() before using it). */
  reserveLane(): Lane {
    const lane: Lane = new Array(this.laneBytes.length);
    for (let i = 0; i < lane.length; i++) lane[i] = this.laneBytes[i] > 0 ? this.arena.reserve(this.laneBytes[i]) : 0;
    return lane;
  }

  /** Rows of chunk c. */
  rowsOf(c: number): number {
    return Math.min(this.chunk, this.rows - c * this.chunk);
  }

  /** The kernel's arguments for chunk c in `lane`, into argv. */
  argsFor(c: number, lane: Lane, argv: number[]): void {
    for (let i = 0; i < argv.length; i++) argv[i] = lane[i] !== 0 ? lane[i] : this.argv[i];
    this.chunkArgs(c, argv);
  }

  /** The arguments that change from chunk to chunk (resident arrays' addresses, the rows), into argv. */
  chunkArgs(c: number, argv: number[]): void {
    const r0 = c * this.chunk;
    for (const s of this.slots) if (s.base >= 0) argv[s.index] = s.base + 4 * r0 * s.width;
    argv[this.rowsIndex] = this.rowsOf(c);
  }

  /** Puts chunk c's inputs into `lane` (copying every array that is not resident). */
  copyIn(c: number, lane: Lane): void {
    const r0 = c * this.chunk;
    const n = this.rowsOf(c);
    for (const s of this.slots) if (s.input && s.base < 0) copyIn(this.arena, s, lane[s.index], r0 * s.width, n * s.width);
  }

  /**
   * Merges chunk c's result `v` (its kernel ran in `lane`): the sum added, a first bad row kept,
   * outputs copied out. True when the call ends here (a bad row).
   */
  merge(c: number, lane: Lane, v: number | undefined): boolean {
    const r0 = c * this.chunk;
    const result = this.plan.spec.result;
    if (result === "sum") {
      this.value += v as number;
    } else if (result === "firstBad" && (v as number) >= 0) {
      this.value = r0 + (v as number);
      return true;
    }
    const n = this.rowsOf(c);
    for (const s of this.slots) if (s.dest !== null) copyOut(this.arena, s, lane[s.index], r0 * s.width, n * s.width);
    return false;
  }

  /** The outputs once every chunk merged (`lane`: the one lane of a one-chunk call). */
  outputs(lane: Lane): Record<string, KernelArray> {
    const outputs: Record<string, KernelArray> = {};
    for (const s of this.slots) {
      if (s.input) continue;
      if (s.base >= 0) {
        const into = s.into as Float32Array;
        outputs[s.name] = into.buffer === this.arena.memory.buffer ? into : this.arena.f32(s.base, into.length);
      } else if (s.dest !== null) {
        outputs[s.name] = s.dest;
      } else {
        const heap = s.int32 ? this.arena.heapI32 : this.arena.heapF32;
        const at = lane[s.index] >>> 2;
        outputs[s.name] = heap.slice(at, at + this.rows * s.width);
      }
    }
    for (const a of this.accumulators) outputs[a.name] = new Float64Array(this.arena.memory.buffer, lane[a.index], a.n).slice();
    return outputs;
  }

  /**
   * May chunks run at the same time? Not for a kernel with an accumulator (every chunk adds into
   * the same one, in row order). The threads' memory holds none of the caller's arrays (zero-copy
   * buffers live in the runtime's own memory), so on the pool every array of a chunk is a copy in
   * its own lane and no chunk reads what another writes.
   */
  parallelSafe(): boolean {
    return this.accumulators.length === 0;
  }
}

/**
 * Which calls the pool runs (the rest run on the calling thread): compute-bound kernels
 * (kernel-table `work`) of at least `minChunks` chunks, with no zero-copy buffer among their
 * arrays and no per-element output (a gradient, softmax rows). The calling thread copies every
 * chunk into the threads' memory and every output out of it, so the pool gains only where the
 * computing outweighs that traffic between cores. Measured on two threads (2-core machine): a
 * memory-bound kernel ran slower; a call on zero-copy buffers, which one thread reads in place,
 * ran no faster; a loss with its gradient ran slower. `everyKernel` (tests) sends every kernel
 * that may split, whatever its arrays.
 */
export const poolPolicy = { minChunks: 2, everyKernel: false };

function worthThreads(plan: Plan, chunks: number, pool: Pool, memory: ArrayBufferLike, request: KernelRequest): boolean {
  if (chunks < poolPolicy.minChunks || chunks > pool.maxChunks) return false;
  if (poolPolicy.everyKernel) return true;
  if (plan.spec.work !== "compute") return false;
  for (const name in request.inputs) if ((request.inputs[name] as { buffer?: unknown } | null)?.buffer === memory) return false;
  for (const arg of plan.args) if (arg.role === "output" && arg.per === "element" && request.outputs?.[arg.name]) return false;
  return true;
}

/**
 * Runs one kernel of the table on arrays and parameters given by name, chunk by chunk (see the
 * top of this file), on the calling thread or, for a call of several chunks when a pool runs, on
 * the pool's threads too. The bindings never handle addresses; the kernel table alone says what
 * goes where. A request that does not fit the table (a missing array or parameter, a wrong
 * length) is a bug of the binding: KernelError.
 */
export function runKernel(fn: string, name: KernelName, request: KernelRequest): KernelResult {
  const plan = planOf(name);
  if (plan.spec.split === "none") return runWhole(fn, plan, request);
  const rt = runtime(fn);
  const rows = request.rows;
  const rowLength = request.rowLength ?? 1;
  const chunk = Math.min(chunkRowsOf(plan, rowLength), rows);
  const chunks = rows === 0 ? 0 : Math.ceil(rows / chunk);
  // a call worth several threads runs on the shared-memory instance (its arrays copied there)
  const threaded = rt.threaded !== null && worthThreads(plan, chunks, rt.threaded.pool, rt.arena.memory.buffer, request) ? rt.threaded : null;
  const engine: Engine = threaded ?? rt;
  const arena = engine.arena;
  arena.beginScratch();
  const call = new SplitCall(fn, plan, arena, rows, rowLength, chunk, request);
  const pool = threaded?.pool ?? null;
  const threads = pool === null ? 1 : Math.min(pool.threads, chunks);
  const laneCount = threads > 1 && call.parallelSafe() ? Math.min(chunks, 2 * threads, pool!.maxSlots) : 1;
  const lane = call.reserveLane();
  const lanes: Lane[] | null = laneCount > 1 ? [lane] : null;
  for (let i = 1; i < laneCount; i++) lanes!.push(call.reserveLane());
  arena.ensureScratch(fn);
  for (const a of call.accumulators) arena.heapF32.fill(0, lane[a.index] >>> 2, (lane[a.index] >>> 2) + 2 * a.n);

  for (const s of call.slots) {
    if (s.input || s.base >= 0) continue;
    // a single chunk's new output is sliced out of memory after the call, not allocated first
    if (s.into !== undefined) s.dest = s.into;
    else if (chunks > 1) s.dest = s.int32 ? new Int32Array(rows * s.width) : new Float32Array(rows * s.width);
  }
  if (chunks > 1) guardOverlaps(call.slots);

  if (lanes !== null) runPooled(engine, pool!, call, lanes, chunks);
  else runSerially(engine, call, lane, 0, chunks);
  return { value: call.value, outputs: call.outputs(lane) };
}

/** Calls the call's kernel as the runtime exports it; a trap becomes a KernelError naming the function. */
function callKernel(rt: Engine, call: SplitCall, argv: number[]): number | undefined {
  try {
    return (rt.exports[call.plan.name] as unknown as (...args: number[]) => number | undefined)(...argv);
  } catch (e) {
    throw kernelFailure(call.fn, rt, e);
  }
}

/** Runs chunks [from, to) of the call on the calling thread, in one lane (until a bad row ends it). */
function runSerially(rt: Engine, call: SplitCall, lane: Lane, from: number, to: number): void {
  const kernel = rt.exports[call.plan.name] as unknown as (...args: number[]) => number | undefined;
  const argv = call.argv; // the lane's addresses are the same for every chunk: written once
  for (let i = 0; i < argv.length; i++) if (lane[i] !== 0) argv[i] = lane[i];
  for (let c = from; c < to; c++) {
    call.copyIn(c, lane);
    call.chunkArgs(c, argv);
    let v: number | undefined;
    try {
      v = kernel(...argv);
    } catch (e) {
      throw kernelFailure(call.fn, rt, e);
    }
    if (call.merge(c, lane, v)) return;
  }
}

/**
 * Runs the call's chunks on the calling thread and the pool's workers. The calling thread copies
 * chunk c's inputs into lane c % lanes and publishes it; any thread claims a published chunk and
 * runs it; the calling thread merges the chunks in order (copying outputs out, which frees the
 * lane for chunk c + lanes), and between those steps computes chunks itself. The partition, every
 * kernel call and the merge order are those of runSerially: the results are bit-identical.
 *
 * A chunk whose kernel threw in a worker runs again on the calling thread, which throws the
 * kernel's error. A chunk a worker claimed and did not finish within pool.lostAfterMs is lost:
 * see recover().
 */
function runPooled(rt: Engine, pool: Pool, call: SplitCall, lanes: Lane[], chunks: number): void {
  const S = lanes.length;
  const argv = call.argv.slice();
  pool.begin(call.plan.index, argv.length, S);
  let published = 0;
  let merged = 0;
  try {
    while (merged < chunks) {
      if (published < chunks && published - merged < S) {
        // keep the workers fed first: the next chunk's inputs into its free lane
        const slot = published % S;
        call.copyIn(published, lanes[slot]);
        call.argsFor(published, lanes[slot], argv);
        pool.setArgs(slot, argv);
        pool.publish(published, slot);
        published++;
        continue;
      }
      const slot = merged % S;
      const status = pool.status(slot);
      if (status !== 0) {
        let v = pool.result(slot);
        if (status < 0) {
          // the chunk's inputs are still in its lane: run it here, which throws the kernel's error
          pool.getArgs(slot, argv);
          v = callKernel(rt, call, argv) ?? 0;
        }
        if (call.merge(merged, lanes[slot], v)) break;
        merged++;
        continue;
      }
      const c = pool.claim();
      if (c >= 0) {
        pool.getArgs(c % S, argv);
        pool.complete(c % S, c, callKernel(rt, call, argv) ?? 0);
        continue;
      }
      if (!pool.waitFor(slot, performance.now() + pool.lostAfterMs)) {
        recover(rt, pool, call, lanes, merged, chunks);
        return;
      }
    }
  } catch (e) {
    settle(rt, pool, lanes, merged);
    throw e;
  }
  settle(rt, pool, lanes, merged);
}

/**
 * Ends the job: no more claims, then waits for every chunk from `merged` on that a thread claimed
 * (a bad row or an error may end a call while workers still run chunks after it), so that no
 * worker writes the scratch of the next call. Returns the results of the chunks from `merged` on
 * that finished (by chunk), and whether one was lost: claimed and not finished within
 * pool.lostAfterMs. Then the pool restarts (pool.restart()) and the call's scratch is fenced off
 * until the old workers have exited.
 */
function settle(rt: Engine, pool: Pool, lanes: Lane[], merged: number): { done: Map<number, number>; lost: boolean } {
  const claimed = pool.closeClaims();
  const deadline = performance.now() + pool.lostAfterMs;
  const done = new Map<number, number>();
  let lost = false;
  for (let c = merged; c < claimed; c++) {
    const slot = c % lanes.length;
    if (!pool.waitFor(slot, deadline)) lost = true;
    else if (pool.status(slot) > 0) done.set(c, pool.result(slot));
  }
  if (lost) {
    const fence = rt.arena.fenceScratch();
    const exits = pool.restart();
    if (fence >= 0) exits.finally(() => rt.arena.release(fence)).catch(() => undefined);
  }
  return { done, lost };
}

/**
 * After chunk `merged` timed out: the calling thread finishes the call alone. Chunks a worker
 * finished are merged from their lanes; the lost ones, and those never claimed, run again from
 * the caller's arrays in a fresh lane (a chunk on the pool never writes the caller's arrays, so
 * every chunk can be computed again).
 */
function recover(rt: Engine, pool: Pool, call: SplitCall, lanes: Lane[], merged: number, chunks: number): void {
  const { done } = settle(rt, pool, lanes, merged);
  const fresh = call.reserveLane();
  call.arena.ensureScratch(call.fn);
  for (let c = merged; c < chunks; c++) {
    const v = done.get(c);
    if (v !== undefined) {
      if (call.merge(c, lanes[c % lanes.length], v)) return;
    } else {
      runSerially(rt, call, fresh, c, c + 1);
      if (call.plan.spec.result === "firstBad" && call.value >= 0) return;
    }
  }
}

/** Copies elements [e0, e0 + count) of a slot's source into its scratch at `ptr`, converted to the kernel's type. */
function copyIn(arena: Arena, s: Slot, ptr: number, e0: number, count: number): void {
  const f64 = s.f64 ? new Float64Array(arena.memory.buffer, ptr, count) : null;
  const heap = f64 ?? (s.int32 ? arena.heapI32 : arena.heapF32);
  const at = f64 ? 0 : ptr >>> 2;
  const src = s.src as NumericArray;
  if (Array.isArray(src)) {
    for (let i = 0; i < count; i++) heap[at + i] = src[e0 + i];
  } else if (e0 === 0 && count === src.length) {
    heap.set(src as ArrayLike<number>, at);
  } else {
    heap.set((src as Float32Array).subarray(e0, e0 + count), at);
  }
}

/** Copies a chunk's output (count elements at its scratch `ptr`) into its destination at e0. */
function copyOut(arena: Arena, s: Slot, ptr: number, e0: number, count: number): void {
  const at = ptr >>> 2;
  const heap = s.int32 ? arena.heapI32 : arena.heapF32;
  (s.dest as Float32Array).set(heap.subarray(at, at + count) as unknown as Float32Array, e0);
}

/**
 * An `out` array that is also an input's memory (e.g. the gradient written over yPred) is safe
 * chunk by chunk when every chunk's writes land on input the earlier chunks already read: it
 * starts at or before the input and advances no faster. Any other overlap would overwrite input
 * not read yet, so that input is copied first (as the whole-array copy path always did).
 */
function guardOverlaps(slots: Slot[]): void {
  for (const out of slots) {
    const d = out.dest;
    if (out.input || d === null || out.into === undefined) continue;
    for (const s of slots) {
      const x = s.src;
      if (!s.input || s.base >= 0 || x === null || Array.isArray(x)) continue;
      const t = x as Float32Array;
      if (t.buffer !== d.buffer) continue;
      const dEnd = d.byteOffset + d.byteLength;
      const tEnd = t.byteOffset + t.byteLength;
      if (dEnd <= t.byteOffset || tEnd <= d.byteOffset) continue;
      const safe = d.byteOffset <= t.byteOffset && 4 * out.width <= t.BYTES_PER_ELEMENT * s.width;
      if (!safe) s.src = t.slice();
    }
  }
}

/** The caller's `into` for an output of n floats: a Float32Array of length n, or undefined. */
function checkedOut(fn: string, want: OutputRequest, n: number): Float32Array | undefined {
  const out = want.into;
  if (out === undefined) return undefined;
  if (!(out instanceof Float32Array)) {
    throw new ArgumentTypeError(fn, `${want.name} must be a Float32Array, got ${describe(out)}`);
  }
  if (out.length !== n) throw new ShapeError(fn, `${want.name}.length (${out.length}) must equal ${n}`);
  return out;
}

// ---- whole-array kernels (split "none") ---------------------------------------------------------

/**
 * A kernel that needs its arrays whole (the radix sorts): every inout array is copied into
 * module memory (growing it to fit), rewritten there by one call, and copied back.
 */
function runWhole(fn: string, plan: Plan, request: KernelRequest): KernelResult {
  const rt = runtime(fn);
  const arena = rt.arena;
  const shape: Shape = { rows: request.rows, rowLength: request.rowLength ?? 1, params: request.params ?? NO_PARAMS };
  const argv: number[] = [];
  const copies: { ptr: number; x: KernelArray }[] = [];
  arena.beginScratch();
  for (const arg of plan.args) {
    if (arg.role === "rows") {
      argv.push(shape.rows);
    } else if (arg.role === "param") {
      const v = shape.params[arg.name];
      if (v === undefined) throw bug(fn, plan.name, `parameter ${arg.name} missing`);
      argv.push(v);
    } else if (arg.role === "scratch") {
      argv.push(arena.reserve(arg.bytes(shape)));
    } else if (arg.role === "inout") {
      const x = request.inouts?.[arg.name];
      if (x === undefined) throw bug(fn, plan.name, `array ${arg.name} missing`);
      const ptr = arena.reserve(x.byteLength);
      copies.push({ ptr, x });
      argv.push(ptr);
    } else {
      throw bug(fn, plan.name, `${arg.role} ${arg.name}: whole-array kernels take inout arrays, scratch and parameters`);
    }
  }
  arena.ensureScratch(fn);
  const bytes = (x: KernelArray) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  for (const { ptr, x } of copies) new Uint8Array(arena.memory.buffer, ptr, x.byteLength).set(bytes(x));
  try {
    (rt.exports[plan.name] as unknown as (...args: number[]) => void)(...argv);
  } catch (e) {
    throw kernelFailure(fn, rt, e);
  }
  for (const { ptr, x } of copies) bytes(x).set(new Uint8Array(arena.memory.buffer, ptr, x.byteLength));
  return { value: 0, outputs: {} };
}

// ---- errors ------------------------------------------------------------------------------------

/** A request that does not fit the table: a bug of the binding. */
function bug(fn: string, name: KernelName, what: string): KernelError {
  return new KernelError(fn, `${name}: ${what}`);
}

function bytesOf(type: string): number {
  return type === "f64" ? 8 : 4;
}
