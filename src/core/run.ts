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
import { runtime } from "./loader.js";
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
    plan = { name, spec, args: spec.args, elementBytes, rowBytes };
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
  /** Elements per row: rowLength (per element) or 1 (per row). */
  readonly width: number;
  /** Input: the caller's array (copied per chunk unless resident). */
  src: NumericArray | null;
  /** Address of the caller's array when it lives in module memory, else −1. */
  readonly base: number;
  /** Scratch address of the chunk's copy (when not resident). */
  readonly ptr: number;
  /** Output: the caller's `into`, or undefined for a new array. */
  readonly into: Float32Array | undefined;
  /** Output: where the chunks are copied to (allocated before the first chunk when needed). */
  dest: Float32Array | Int32Array | null;
}

const NO_PARAMS: Readonly<Record<string, number>> = {};

/**
 * Runs one kernel of the table on arrays and parameters given by name, chunk by chunk (see the
 * top of this file). The bindings never handle addresses; the kernel table alone says what goes
 * where. A request that does not fit the table (a missing array or parameter, a wrong length) is
 * a bug of the binding: KernelError.
 */
export function runKernel(fn: string, name: KernelName, request: KernelRequest): KernelResult {
  const plan = planOf(name);
  if (plan.spec.split === "none") return runWhole(fn, plan, request);
  const rt = runtime(fn);
  const arena = rt.arena;
  const rows = request.rows;
  const rowLength = request.rowLength ?? 1;
  const params = request.params ?? NO_PARAMS;
  const shape: Shape = { rows, rowLength, params };
  const chunk = Math.min(chunkRowsOf(plan, rowLength), rows);
  const argv: number[] = new Array(plan.args.length);
  const slots: Slot[] = [];
  const accumulators: { name: string; ptr: number; n: number }[] = [];
  let rowsIndex = 0;
  arena.beginScratch();

  for (let index = 0; index < plan.args.length; index++) {
    const arg = plan.args[index];
    switch (arg.role) {
      case "rows":
        rowsIndex = index;
        argv[index] = 0;
        break;
      case "rowLength":
        argv[index] = rowLength;
        break;
      case "param": {
        const v = params[arg.name];
        if (v === undefined) throw bug(fn, name, `parameter ${arg.name} missing`);
        argv[index] = v;
        break;
      }
      case "input": {
        const x = request.inputs?.[arg.name] ?? null;
        if (x === null) {
          if (!arg.optional) throw bug(fn, name, `input ${arg.name} missing`);
          argv[index] = 0;
          break;
        }
        const width = arg.per === "element" ? rowLength : 1;
        if (x.length !== rows * width) throw bug(fn, name, `input ${arg.name} has ${x.length} elements`);
        const base = arg.type === "f32" && x instanceof Float32Array
          ? arena.residentAddress(fn, request.names?.[arg.name] ?? arg.name, x)
          : -1;
        const ptr = base >= 0 ? 0 : arena.reserve(4 * chunk * width);
        argv[index] = base >= 0 ? base : ptr;
        slots.push({ index, name: arg.name, input: true, int32: arg.type === "i32", width, src: x, base, ptr, into: undefined, dest: null });
        break;
      }
      case "output": {
        const want = request.outputs?.[arg.name];
        if (!want) {
          if (!arg.optional) throw bug(fn, name, `output ${arg.name} not requested`);
          argv[index] = 0;
          break;
        }
        const width = arg.per === "element" ? rowLength : 1;
        const into = arg.type === "f32" ? checkedOut(fn, want, rows * width) : undefined;
        const base = into === undefined ? -1 : arena.residentAddress(fn, want.name, into);
        const ptr = base >= 0 ? 0 : arena.reserve(4 * chunk * width);
        argv[index] = base >= 0 ? base : ptr;
        slots.push({ index, name: arg.name, input: false, int32: arg.type === "i32", width, src: null, base, ptr, into, dest: null });
        break;
      }
      case "accumulator": {
        const n = arg.length(shape);
        const ptr = arena.reserve(8 * n);
        accumulators.push({ name: arg.name, ptr, n });
        argv[index] = ptr;
        break;
      }
      case "scratch":
        argv[index] = arena.reserve(arg.bytes(shape));
        break;
      case "inout":
        throw bug(fn, name, `inout ${arg.name} in a kernel split by rows`);
    }
  }
  arena.ensureScratch(fn);
  for (const a of accumulators) arena.heapF32.fill(0, a.ptr >>> 2, (a.ptr >>> 2) + 2 * a.n);

  const single = chunk === rows;
  for (const s of slots) {
    if (s.input || s.base >= 0) continue;
    // a single chunk's new output is sliced out of memory after the call, not allocated first
    if (s.into !== undefined) s.dest = s.into;
    else if (!single) s.dest = s.int32 ? new Int32Array(rows * s.width) : new Float32Array(rows * s.width);
  }
  if (!single) guardOverlaps(slots);

  const kernel = rt.exports[name] as unknown as (...args: number[]) => number | undefined;
  const result = plan.spec.result;
  let value = result === "firstBad" ? -1 : 0;
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const n = Math.min(chunk, rows - r0);
    for (const s of slots) {
      if (s.base >= 0) argv[s.index] = s.base + 4 * r0 * s.width;
      else if (s.input) copyIn(arena, s, r0 * s.width, n * s.width);
    }
    argv[rowsIndex] = n;
    let v: number | undefined;
    try {
      v = kernel(...argv);
    } catch (e) {
      throw kernelFailure(fn, rt, e);
    }
    if (result === "sum") {
      value += v as number;
    } else if (result === "firstBad" && (v as number) >= 0) {
      value = r0 + (v as number);
      break;
    }
    for (const s of slots) if (s.dest !== null) copyOut(arena, s, r0 * s.width, n * s.width);
  }

  const outputs: Record<string, KernelArray> = {};
  for (const s of slots) {
    if (s.input) continue;
    if (s.base >= 0) {
      const into = s.into as Float32Array;
      outputs[s.name] = into.buffer === arena.memory.buffer ? into : arena.f32(s.base, into.length);
    } else if (s.dest !== null) {
      outputs[s.name] = s.dest;
    } else {
      const heap = s.int32 ? arena.heapI32 : arena.heapF32;
      outputs[s.name] = heap.slice(s.ptr >>> 2, (s.ptr >>> 2) + rows * s.width);
    }
  }
  for (const a of accumulators) outputs[a.name] = new Float64Array(arena.memory.buffer, a.ptr, a.n).slice();
  return { value, outputs };
}

/** Copies elements [e0, e0 + count) of a slot's source into its scratch, converted to the kernel's type. */
function copyIn(arena: Arena, s: Slot, e0: number, count: number): void {
  const heap = s.int32 ? arena.heapI32 : arena.heapF32;
  const at = s.ptr >>> 2;
  const src = s.src as NumericArray;
  if (Array.isArray(src)) {
    for (let i = 0; i < count; i++) heap[at + i] = src[e0 + i];
  } else if (e0 === 0 && count === src.length) {
    heap.set(src as ArrayLike<number>, at);
  } else {
    heap.set((src as Float32Array).subarray(e0, e0 + count), at);
  }
}

/** Copies a chunk's output (count elements at the slot's scratch) into its destination at e0. */
function copyOut(arena: Arena, s: Slot, e0: number, count: number): void {
  const at = s.ptr >>> 2;
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
