import { describe, toFloat32 } from "../core/args.js";
import { requiredClasses, toClassLabels } from "../core/labels.js";
import { toSampleWeights } from "../core/reduction.js";
import { LabelError, ValueError } from "../core/errors.js";

/**
 * Class ids as an Int32Array for the kernels, each an integer in [0, classes): LabelError
 * otherwise, naming the first offending index and value (src/core/labels.ts).
 */
export function toLabels(fn: string, name: string, x: unknown, classes: number): Int32Array {
  return toClassLabels(fn, name, x, classes).labels;
}

/** Binary labels: each must be exactly 0 or 1 (LabelError otherwise). */
export function toBinaryLabels(fn: string, name: string, x: unknown): Float32Array {
  const labels = toFloat32(fn, name, x);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new LabelError(fn, `${name}[${i}] = ${labels[i]} must be 0 or 1`);
    }
  }
  return labels;
}

/** The `classes` option: a positive integer, required. */
export function classesOption(fn: string, value: unknown, name = "options.classes"): number {
  return requiredClasses(fn, value, name);
}

/** Optional per-sample weights: finite and non-negative, one per sample (src/core/reduction.ts). */
export function toWeights(fn: string, name: string, x: unknown, samples: number): Float32Array | null {
  return toSampleWeights(fn, name, x, samples)?.weights ?? null;
}

/** A threshold: a finite number (or ±Infinity is refused as meaningless). */
export function thresholdOption(fn: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(fn, `options.threshold must be a finite number, got ${describe(value)}`);
  }
  return value;
}
