/**
 * The simdloss functions the trainer uses that are built on other branches (cross-entropy,
 * issue 4; metrics, issue 5). Until those are merged they are looked up by name, and a missing
 * one is a clear error naming it: the trainer has no fallback implementations.
 * TODO(issues 4, 5): once merged, replace this file by plain imports from "../index.js".
 */
import * as simdloss from "../index.js";
import type { NumericArray } from "../index.js";

/** The subset of a classification report the trainer reads (see src/metrics/report.ts). */
export interface Report {
  accuracy: number;
  labels: string[];
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  macro: { precision: number; recall: number; f1: number; support: number };
  weighted: { precision: number; recall: number; f1: number; support: number };
  format(digits?: number): string;
}

export interface Api {
  binaryAccuracy(yTrue: NumericArray, yPred: NumericArray, options?: { threshold?: number }): number;
  sparseCategoricalAccuracy(labels: NumericArray, yPred: NumericArray, options: { classes: number }): number;
  confusionMatrix(labels: NumericArray, predictions: NumericArray, options: { classes: number }): Float64Array;
  classificationReport(labels: NumericArray, predictions: NumericArray, options: { classes: number; labelNames?: readonly string[] }): Report;
  findLeakage(trainRows: NumericArray, valRows: NumericArray, options: { rowLength: number }): { count: number; valIndices: Int32Array };
  binaryCrossentropy(yTrue: NumericArray, yPred: NumericArray, options?: { fromLogits?: boolean }): number;
  sparseCategoricalCrossentropy(labels: NumericArray, yPred: NumericArray, options: { classes: number; fromLogits?: boolean }): number;
}

const ISSUE: Record<keyof Api, string> = {
  binaryAccuracy: "metrics, issue 5",
  sparseCategoricalAccuracy: "metrics, issue 5",
  confusionMatrix: "metrics, issue 5",
  classificationReport: "metrics, issue 5",
  findLeakage: "metrics, issue 5",
  binaryCrossentropy: "cross-entropy, issue 4",
  sparseCategoricalCrossentropy: "cross-entropy, issue 4",
};

/** The names in `names` that this build of simdloss does not have yet. */
export function missing(names: readonly (keyof Api)[]): string[] {
  const lib = simdloss as unknown as Record<string, unknown>;
  return names.filter((n) => typeof lib[n] !== "function").map((n) => `${n} (${ISSUE[n]})`);
}

/** The simdloss function `name`, or an Error naming it and the issue that brings it. */
export function api<K extends keyof Api>(name: K): Api[K] {
  const f = (simdloss as unknown as Record<string, unknown>)[name];
  if (typeof f !== "function") throw new Error(`trainer: this build of simdloss has no ${name} yet (${ISSUE[name]})`);
  return f as Api[K];
}
