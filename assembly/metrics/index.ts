// Evaluation metrics (issue 5): accuracy family, confusion matrices, row hashing for leakage checks.
export { argmaxRowsF32 } from "./argmax";
export * from "./accuracy";
export * from "./confusion";
export { hashRowsF32 } from "./leakage";
export { radixSortF32, radixSortF64 } from "./radix-sort";
