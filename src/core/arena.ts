import { KernelError, StaleViewError } from "./errors.js";
import { assertFreshView } from "./views.js";

const PAGE = 65536;
/** 32-bit WebAssembly memory: 65536 pages of 64 KiB. */
const MAX_BYTES = 65536 * PAGE;
const ALIGN = 16;
// arithmetic, not bitwise: addresses may exceed 2^31
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

interface Block {
  ptr: number;
  bytes: number;
  free: boolean;
}

/**
 * All of the module memory above `__heap_base`, managed from JavaScript:
 *
 *   [heapBase ........ top)   persistent blocks: zero-copy buffers handed to the caller (and
 *                             scratch fenced off while a lost pool worker may still write it)
 *   [top ........ scratch)    scratch: one call's chunk of copied inputs and outputs, its
 *                             accumulators and kernel scratch, reset every call
 *
 * Memory grows only when one call's working set does not fit, so it stays bounded by the
 * largest single working set (plus the live zero-copy buffers), however many calls are made.
 * The executor (run.ts) copies arrays one chunk at a time, so a call's working set is at most a
 * chunk whatever its length; only whole-array kernels (the sorts) need their arrays whole.
 * Growth detaches every view over the old buffer: `f32()` re-creates views, and the
 * zero-copy views handed out are tracked (views.ts) so that a stale one is reported, never read
 * as empty.
 */
export class Arena {
  private readonly mem: WebAssembly.Memory;
  private readonly base: number;
  private top: number;
  private readonly blocks: Block[] = [];
  private cursor = 0;
  private viewF32: Float32Array;
  private viewI32: Int32Array;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.mem = memory;
    this.base = align(heapBase);
    this.top = this.base;
    this.viewF32 = new Float32Array(memory.buffer);
    this.viewI32 = new Int32Array(memory.buffer);
  }

  /** The module memory. */
  get memory(): WebAssembly.Memory {
    return this.mem;
  }

  /** Bytes of module memory in use by the engine (grows, never shrinks). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  // ---- persistent blocks (zero-copy buffers) ----

  alloc(fn: string, bytes: number): number {
    const size = align(Math.max(bytes, 1));
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i];
      if (!b.free || b.bytes < size) continue;
      if (b.bytes - size >= 4 * ALIGN) {
        this.blocks.splice(i + 1, 0, { ptr: b.ptr + size, bytes: b.bytes - size, free: true });
        b.bytes = size;
      }
      b.free = false;
      return b.ptr;
    }
    const ptr = this.top;
    this.ensure(fn, ptr + size);
    this.blocks.push({ ptr, bytes: size, free: false });
    this.top = ptr + size;
    return ptr;
  }

  release(ptr: number): void {
    const i = this.blocks.findIndex((b) => b.ptr === ptr);
    if (i < 0 || this.blocks[i].free) return;
    this.blocks[i].free = true;
    // merge with free neighbours, then give trailing free blocks back to the scratch area
    if (i + 1 < this.blocks.length && this.blocks[i + 1].free) {
      this.blocks[i].bytes += this.blocks[i + 1].bytes;
      this.blocks.splice(i + 1, 1);
    }
    if (i > 0 && this.blocks[i - 1].free) {
      this.blocks[i - 1].bytes += this.blocks[i].bytes;
      this.blocks.splice(i, 1);
    }
    while (this.blocks.length > 0 && this.blocks[this.blocks.length - 1].free) {
      this.top = this.blocks.pop()!.ptr;
    }
  }

  /** Is [ptr, ptr + bytes) inside a live persistent block? */
  isLive(ptr: number, bytes: number): boolean {
    return this.blocks.some((b) => !b.free && ptr >= b.ptr && ptr + bytes <= b.ptr + b.bytes);
  }

  // ---- scratch (one call) ----

  /** Starts a call: scratch space is reused from the start. */
  beginScratch(): void {
    this.cursor = this.top;
  }

  /** Reserves scratch bytes (16-byte aligned) and returns their address; call ensureScratch() next. */
  reserve(bytes: number): number {
    const ptr = this.cursor;
    this.cursor = align(ptr + bytes);
    return ptr;
  }

  /**
   * Keeps the scratch reserved since beginScratch() out of use until release(returned address):
   * a pool worker that lost a chunk may still write there until it has exited. Later reservations
   * of the call come after it. −1 when nothing was reserved.
   */
  fenceScratch(): number {
    if (this.cursor === this.top) return -1;
    const ptr = this.top;
    this.blocks.push({ ptr, bytes: this.cursor - ptr, free: false });
    this.top = this.cursor;
    return ptr;
  }

  /** Grows memory so that everything reserved since beginScratch() fits. */
  ensureScratch(fn: string): void {
    this.ensure(fn, this.cursor);
  }

  /** Float32 view of the whole memory (re-created after growth): index = address / 4. */
  get heapF32(): Float32Array {
    if (this.viewF32.buffer !== this.memory.buffer) this.refreshViews();
    return this.viewF32;
  }

  /** Int32 view of the whole memory (re-created after growth): index = address / 4. */
  get heapI32(): Int32Array {
    if (this.viewI32.buffer !== this.memory.buffer) this.refreshViews();
    return this.viewI32;
  }

  private refreshViews(): void {
    this.viewF32 = new Float32Array(this.memory.buffer);
    this.viewI32 = new Int32Array(this.memory.buffer);
  }

  /** A fresh Float32Array over [ptr, ptr + 4n). */
  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  /**
   * The address of a Float32Array that lives in module memory (the zero-copy path), or -1 when
   * the array must be copied in. Throws StaleViewError for a view made stale by growth or free().
   */
  residentAddress(fn: string, name: string, x: Float32Array): number {
    assertFreshView(fn, name, x);
    if (x.buffer !== this.memory.buffer) return -1;
    if (!this.isLive(x.byteOffset, x.byteLength)) {
      throw new StaleViewError(fn, `${name} is a view of module memory outside any live buffer (was it freed?)`);
    }
    return x.byteOffset;
  }

  private ensure(fn: string, end: number): void {
    const have = this.mem.buffer.byteLength;
    if (end <= have) return;
    if (end > MAX_BYTES) {
      throw new KernelError(fn, `could not grow WebAssembly memory to ${end} bytes: 32-bit WebAssembly addresses at most ${MAX_BYTES} bytes`);
    }
    const pages = Math.ceil((end - have) / PAGE);
    try {
      this.mem.grow(pages);
    } catch (e) {
      throw new KernelError(fn, `could not grow WebAssembly memory by ${pages} pages to ${end} bytes (${(e as Error).message})`);
    }
  }
}
