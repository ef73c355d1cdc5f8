/** assembly/metrics/: class ids arrive as int32, binary labels as float32 0 or 1. */
export interface MetricsKernels {
  // argmax.ts
  argmaxRowsF32(p: number, rows: number, classes: number, out: number): void;
  // accuracy.ts: each returns Σ_s w_s · accuracy_s (w = 0: unweighted)
  binaryAccuracyF32(t: number, p: number, rows: number, features: number, threshold: number, w: number): number;
  categoricalAccuracyF32(t: number, p: number, rows: number, classes: number, w: number): number;
  sparseCategoricalAccuracyF32(labels: number, p: number, rows: number, classes: number, w: number): number;
  topKCategoricalAccuracyF32(t: number, p: number, rows: number, classes: number, k: number, w: number, oneHot: number): number;
  // confusion.ts: each fills the classes × classes float64 matrix at m; the class-id kernels
  // return −1 or the first sample with an id outside [0, classes), and count unweighted samples
  // into `copies` (1 or 4) int32 histograms of classes² at `counts`
  confusionFromLabelsF32(labels: number, predictions: number, n: number, classes: number, w: number, m: number, counts: number, copies: number): number;
  confusionFromScoresF32(labels: number, p: number, rows: number, classes: number, w: number, m: number, counts: number, copies: number): number;
  confusionFromThresholdF32(labels: number, p: number, n: number, threshold: number, w: number, m: number): void;
  // leakage.ts: out[r] = 32-bit hash of row r (−0 as +0, every NaN alike)
  hashRowsF32(x: number, rows: number, rowLength: number, out: number): void;
  // radix-sort.ts: ascending in place (no NaN); tmp = n elements, counts = 6·2048 u32
  radixSortF32(x: number, n: number, tmp: number, counts: number): void;
  radixSortF64(x: number, n: number, tmp: number, counts: number): void;
}
