// Evaluation metrics (issue 5).
export { argmax, type ArgmaxOptions } from "./argmax.js";
export {
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy, sparseTopKCategoricalAccuracy,
  type BinaryAccuracyOptions, type CategoricalAccuracyOptions, type TopKAccuracyOptions,
} from "./accuracy.js";
export {
  confusionMatrix, confusionMatrixFromScores, binaryConfusionMatrix,
  type ConfusionMatrixOptions, type BinaryConfusionMatrixOptions,
} from "./confusion.js";
