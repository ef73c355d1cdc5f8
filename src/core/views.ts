import { StaleViewError } from "./errors.js";

/** What a zero-copy view knows about the buffer it was taken from. */
export interface ViewOwner {
  readonly isFreed: boolean;
  /** The memory the view must still be over to be valid. */
  readonly memoryBuffer: ArrayBufferLike;
}

/** Every view of module memory handed to callers, with its owner (see WasmFloat32Buffer). */
const issued = new WeakMap<Float32Array, ViewOwner>();

export function registerView(view: Float32Array, owner: ViewOwner): void {
  issued.set(view, owner);
}

/**
 * Throws StaleViewError when `x` is a zero-copy view that can no longer be used: its buffer was
 * freed, or module memory grew (which detaches the view, so it would read as empty).
 */
export function assertFreshView(fn: string, name: string, x: Float32Array): void {
  const owner = issued.get(x);
  if (owner === undefined) return;
  if (owner.isFreed) throw new StaleViewError(fn, `${name} is a view of a WasmFloat32Buffer that was freed`);
  if (x.buffer !== owner.memoryBuffer) {
    throw new StaleViewError(
      fn,
      `${name} is a stale view: module memory grew since it was taken; read buffer.array again`,
    );
  }
}
