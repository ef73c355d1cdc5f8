import { runtime, type Runtime } from "./loader.js";
import type { KernelExports } from "./kernel-table.js";
import { ArgumentTypeError, KernelError, ShapeError, SimdLossError } from "./errors.js";
import { describe } from "./args.js";

interface Copy {
  ptr: number;
  src: Float32Array | Int32Array;
}

/**
 * One kernel call's use of module memory: place inputs (in place when they already live in
 * module memory, else reserved and copied), reserve outputs, grow memory once, run the kernel
 * with wasm traps turned into KernelError, and read outputs back.
 *
 *   const call = new KernelCall(fn);
 *   const t = call.input("yTrue", yTrue);
 *   const g = call.output("options.out", n, out);
 *   call.commit();
 *   const total = call.run((k) => k.meanSquaredErrorF32(t, ...));
 *   return call.result(g, n, out);
 */
export class KernelCall {
  readonly fn: string;
  private readonly rt: Runtime;
  private readonly copies: Copy[] = [];
  /** Addresses of outputs that the kernel writes in place (caller arrays in module memory). */
  private readonly inPlace = new Set<number>();

  constructor(fn: string) {
    this.fn = fn;
    this.rt = runtime(fn);
    this.rt.arena.beginScratch();
  }

  /**
   * Address of `x` in module memory (0 for an absent input, when `x` is null). Float32Arrays
   * that live in module memory are used in place; everything else is copied in at commit().
   */
  input(name: string, x: Float32Array | Int32Array | null): number {
    if (x === null) return 0;
    if (x instanceof Float32Array) {
      const resident = this.rt.arena.residentAddress(this.fn, name, x);
      if (resident >= 0) return resident;
    }
    const ptr = this.rt.arena.reserve(x.byteLength);
    this.copies.push({ ptr, src: x });
    return ptr;
  }

  /** Address of an n-float output: `out` itself when it lives in module memory, else scratch. */
  output(name: string, n: number, out?: unknown): number {
    if (out !== undefined) {
      if (!(out instanceof Float32Array)) {
        throw new ArgumentTypeError(this.fn, `${name} must be a Float32Array, got ${describe(out)}`);
      }
      if (out.length !== n) {
        throw new ShapeError(this.fn, `${name}.length (${out.length}) must equal ${n}`);
      }
      const resident = this.rt.arena.residentAddress(this.fn, name, out);
      if (resident >= 0) {
        this.inPlace.add(resident);
        return resident;
      }
    }
    return this.rt.arena.reserve(n * 4);
  }

  /** Address of scratch space for an output of other element types (int32, float64), read back with readInt32/readFloat64. */
  scratch(bytes: number): number {
    return this.rt.arena.reserve(bytes);
  }

  /** Grows memory for everything reserved, then copies the inputs in. */
  commit(): void {
    this.rt.arena.ensureScratch(this.fn);
    const memory = this.rt.arena.memory.buffer;
    for (const { ptr, src } of this.copies) {
      new Uint8Array(memory, ptr, src.byteLength).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
    }
  }

  /** Sets `bytes` bytes at ptr (reserved, after commit()) to `value`. */
  fill(ptr: number, bytes: number, value: number): void {
    new Uint8Array(this.rt.arena.memory.buffer, ptr, bytes).fill(value);
  }

  /** Copies the bytes at ptr back into x (an input the kernel rewrote in place). */
  copyOut(ptr: number, x: Float32Array | Int32Array | Float64Array): void {
    new Uint8Array(x.buffer, x.byteOffset, x.byteLength).set(new Uint8Array(this.rt.arena.memory.buffer, ptr, x.byteLength));
  }

  /** Runs kernels; a wasm trap becomes a KernelError naming the function. */
  run<T>(body: (k: KernelExports) => T): T {
    try {
      return body(this.rt.exports);
    } catch (e) {
      if (e instanceof SimdLossError) throw e;
      throw new KernelError(this.fn, `the ${this.rt.build} kernel failed: ${(e as Error).message}`);
    }
  }

  /** A caller-owned copy of n int32 values at ptr. */
  readInt32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.rt.arena.memory.buffer, ptr, n).slice();
  }

  /** A caller-owned copy of n float64 values at ptr (8-byte aligned). */
  readFloat64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.rt.arena.memory.buffer, ptr, n).slice();
  }

  /**
   * The n floats at ptr as a caller-owned Float32Array: copied into `out` (or a new array), or,
   * when `out` lives in module memory and the kernel wrote it in place, a live view of it (`out`
   * itself unless memory grew during the call).
   */
  result(ptr: number, n: number, out?: Float32Array): Float32Array {
    const view = this.rt.arena.f32(ptr, n);
    if (out === undefined) return view.slice();
    if (this.inPlace.has(ptr)) return out.buffer === view.buffer ? out : view;
    out.set(view);
    return out;
  }
}
