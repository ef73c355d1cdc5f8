/**
 * The simdloss functions the trainer uses that are built on another branch (cross-entropy,
 * issue 4). Until it is merged they are looked up by name, and a missing one is a clear error
 * naming it: the trainer has no fallback implementations.
 * TODO(issue 4): once merged, replace this file by plain imports from "../index.js".
 */
import * as simdloss from "../index.js";
import type { NumericArray } from "../index.js";

export interface Api {
  binaryCrossentropy(yTrue: NumericArray, yPred: NumericArray, options?: { fromLogits?: boolean }): number;
  sparseCategoricalCrossentropy(labels: NumericArray, yPred: NumericArray, options: { classes: number; fromLogits?: boolean }): number;
}

const ISSUE: Record<keyof Api, string> = {
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
