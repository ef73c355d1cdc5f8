// Evaluation metrics: row argmax, the accuracy family, confusion matrices, row hashing for the
// leakage check, and the radix sorts of the ranking metrics.
export { argmaxRowsF32 } from "./argmax";
export {
  binaryAccuracyF32, categoricalAccuracyF32, sparseCategoricalAccuracyF32, topKCategoricalAccuracyF32,
  sparseTopKCategoricalAccuracyF32,
} from "./accuracy";
export { confusionFromLabelsF32, confusionFromScoresF32, confusionFromThresholdF32 } from "./confusion";
export { hashRowsF32 } from "./leakage";
export { radixSortF32, radixSortF64 } from "./radix-sort";
