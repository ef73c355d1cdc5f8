/** assembly/metrics/ (issue 5): not yet implemented. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MetricsKernels {}
