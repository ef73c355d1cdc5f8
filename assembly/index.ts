// simdloss kernels: the one entry point compiled into both wasm builds (simd and scalar).
// Every export takes pointers, counts and scalars only, so both builds share one ABI.
export { heapBase } from "./core/memory";
export * from "./losses/regression";
export * from "./math/exports";
