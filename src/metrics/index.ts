// The evaluation metrics, one module per family (each mirrors its kernels in assembly/metrics/).
export { argmax, type ArgmaxOptions } from "./argmax.js";
export {
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy, sparseTopKCategoricalAccuracy,
  type BinaryAccuracyOptions, type CategoricalAccuracyOptions, type TopKAccuracyOptions,
} from "./accuracy.js";
export {
  confusionMatrix, confusionMatrixFromScores, binaryConfusionMatrix,
  type ConfusionMatrixOptions, type BinaryConfusionMatrixOptions,
} from "./confusion.js";
export {
  classificationReport, classificationReportFromMatrix,
  type ClassificationReport, type ClassificationReportOptions, type ClassScores, type ZeroDivision,
} from "./report.js";
export {
  rocAuc, rocAucOneVsRest, averagePrecision, prAuc, type RocAucOptions, type OneVsRestAuc, type ScoreHistogram,
} from "./auc.js";
export { rocCurve, precisionRecallCurve, type RocCurve, type PrecisionRecallCurve, type CurveOptions } from "./curves.js";
export { findLeakage, type FindLeakageOptions, type Leakage } from "./leakage.js";
export {
  LossAccumulator, ConfusionMatrixAccumulator, AucAccumulator,
  type LossAccumulatorJSON, type ConfusionMatrixAccumulatorJSON, type AucAccumulatorJSON,
} from "./accumulators.js";
