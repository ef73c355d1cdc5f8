// The JavaScript side owns all memory above __heap_base (see src/core/arena.ts): the kernels
// never allocate, they read and write the regions they are given.

/** First byte that the JavaScript arena may use. */
export function heapBase(): usize {
  return __heap_base;
}
