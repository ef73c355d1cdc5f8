// simdloss kernels: the one entry point compiled into both wasm builds (simd and scalar).
// Every export takes pointers, counts and scalars only, so both builds share one ABI.
export { heapBase } from "./core/memory";
export * from "./math/exports";
export * from "./losses/regression";
export * from "./losses/crossentropy";
export * from "./metrics/index";
export * from "./losses/binary";
export * from "./losses/focal";
export * from "./losses/divergence";
export * from "./losses/hinge";
