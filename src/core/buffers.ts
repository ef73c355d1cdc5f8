import { runtime, type Runtime } from "./loader.js";
import { positiveInteger } from "./args.js";
import { StaleViewError } from "./errors.js";
import { registerView, type ViewOwner } from "./views.js";

/**
 * A Float32Array that lives in WebAssembly memory: fill `buffer.array` and pass it (or a
 * subarray of it) to any simdloss function, and the kernel reads it in place, without a copy.
 * Outputs (`out` options) can live here too.
 *
 * Module memory can grow during any simdloss call, which detaches every earlier view of it.
 * Read `buffer.array` again after each call: it re-creates the view when needed. Passing a
 * view made stale by growth, or one of a freed buffer, throws StaleViewError, never garbage.
 *
 * @example
 * const yPred = allocFloat32(n);
 * model.predictInto(yPred.array);       // your code fills it
 * meanSquaredError(yTrue, yPred.array); // no copy of yPred
 * yPred.free();
 */
export class WasmFloat32Buffer implements ViewOwner {
  /** Number of float32 elements. */
  readonly length: number;
  private readonly rt: Runtime;
  private ptr: number;
  private view: Float32Array;
  private freed = false;

  /** @internal use allocFloat32() */
  constructor(rt: Runtime, length: number) {
    this.rt = rt;
    this.length = length;
    this.ptr = rt.arena.alloc("allocFloat32", length * 4);
    this.view = this.fresh();
  }

  /** The live view over this buffer's memory (re-created after memory growth). */
  get array(): Float32Array {
    if (this.freed) throw new StaleViewError("WasmFloat32Buffer.array", "the buffer was freed");
    if (this.view.buffer !== this.rt.arena.memory.buffer) this.view = this.fresh();
    return this.view;
  }

  /** @internal the memory that live views of this buffer are over. */
  get memoryBuffer(): ArrayBufferLike {
    return this.rt.arena.memory.buffer;
  }

  /** Whether free() was called. */
  get isFreed(): boolean {
    return this.freed;
  }

  /** Gives the memory back; the buffer and its views must not be used afterwards. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.rt.arena.release(this.ptr);
  }

  private fresh(): Float32Array {
    const view = this.rt.arena.f32(this.ptr, this.length);
    registerView(view, this);
    return view;
  }
}

/** Allocates `length` float32 elements in module memory (zero-initialised on first use only). */
export function allocFloat32(length: number): WasmFloat32Buffer {
  const n = positiveInteger("allocFloat32", "length", length, 0);
  const buf = new WasmFloat32Buffer(runtime("allocFloat32"), n);
  buf.array.fill(0);
  return buf;
}
