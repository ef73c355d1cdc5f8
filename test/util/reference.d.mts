// Types of test/util/reference.mjs (the shared float64 references).
export const EPS: number;
export function logCosh64(e: number): number;
export interface Term {
  loss: (t: number, p: number, d?: number) => number;
  grad: (t: number, p: number, d?: number) => number;
}
export const REGRESSION_TERMS: Record<string, Term>;
export function logSoftmax64(x: ArrayLike<number>, start?: number, n?: number): number[];
export function sigmoid64(x: number): number;
export function bceFromLogits64(z: number, x: number): number;
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array;
export function argmax64(x: ArrayLike<number>, start?: number, n?: number): number;
export function reductionDivisor(reduction: string | undefined, weights: ArrayLike<number>): number;
