// simdloss kernels: the one entry point compiled into the three wasm builds (relaxed SIMD, SIMD,
// scalar). Every export takes pointers, counts and scalars only, so the three builds share one
// ABI, described export by export in src/core/kernel-table.ts (a test checks each build against it).
// Grouped by family, in the order of the table.
export { heapBase } from "./core/memory";

// vector math (array-wise entry points for the tests and the math bench)
export {
  mathExpF32, mathExpMinusF32, mathLogF32, mathLog1pF32, mathLog1pUnitF32, mathSoftplusF32,
} from "./math/exports";

// regression losses
export {
  meanSquaredErrorF32, meanAbsoluteErrorF32, meanAbsolutePercentageErrorF32, meanSquaredLogarithmicErrorF32,
  huberF32, logCoshF32,
} from "./losses/regression";

// cross-entropy and the softmax transforms
export {
  softmaxCrossEntropySparseF32, softmaxCrossEntropyDenseF32, probCrossEntropySparseF32, probCrossEntropyDenseF32,
} from "./losses/crossentropy";
export { softmaxRowsF32, logSoftmaxRowsF32 } from "./losses/softmax";
export { binaryCrossentropyLogitsF32, binaryCrossentropyProbsF32 } from "./losses/binary-crossentropy";
export { binaryFocalLogitsF32, binaryFocalProbsF32 } from "./losses/binary-focal";
export { categoricalFocalLogitsF32, categoricalFocalProbsF32 } from "./losses/categorical-focal";

// divergences and hinge losses
export { kullbackLeiblerDivergenceF32, poissonF32, cosineSimilarityF32 } from "./losses/divergence";
export { hingeF32, squaredHingeF32, categoricalHingeF32 } from "./losses/hinge";

// metrics
export * from "./metrics/index";
