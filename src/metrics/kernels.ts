/** assembly/metrics/: labels and predictions arrive as float32 holding class ids. */
export interface MetricsKernels {
  // argmax.ts
  argmaxRowsF32(p: number, rows: number, classes: number, out: number): void;
  // accuracy.ts: each returns Σ_s w_s · accuracy_s (w = 0: unweighted)
  binaryAccuracyF32(t: number, p: number, rows: number, features: number, threshold: number, w: number): number;
  categoricalAccuracyF32(t: number, p: number, rows: number, classes: number, w: number): number;
  sparseCategoricalAccuracyF32(labels: number, p: number, rows: number, classes: number, w: number): number;
  topKCategoricalAccuracyF32(t: number, p: number, rows: number, classes: number, k: number, w: number, oneHot: number): number;
  // confusion.ts: each zeroes and fills the classes × classes float64 matrix at m
  confusionFromLabelsF32(labels: number, predictions: number, n: number, classes: number, w: number, m: number): void;
  confusionFromScoresF32(labels: number, p: number, rows: number, classes: number, w: number, m: number): void;
  confusionFromThresholdF32(labels: number, p: number, n: number, threshold: number, w: number, m: number): void;
  // leakage.ts: out[r] = 32-bit hash of row r (−0 as +0, every NaN alike)
  hashRowsF32(x: number, rows: number, rowLength: number, out: number): void;
  // radix-sort.ts: ascending in place (no NaN); tmp = n elements, counts = 6·2048 u32
  radixSortF32(x: number, n: number, tmp: number, counts: number): void;
  radixSortF64(x: number, n: number, tmp: number, counts: number): void;
}
