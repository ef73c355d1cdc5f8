import { describe, numericArray, type NumericArray } from "../core/args.js";
import { requiredClasses, toClassLabels } from "../core/labels.js";
import { toSampleWeights, type SampleWeights } from "../core/reduction.js";
import { sampleWeightOption } from "../core/options.js";
import { LabelError, ValueError } from "../core/errors.js";

/**
 * Class ids as an Int32Array for the kernels, each an integer in [0, classes): LabelError
 * otherwise, naming the first offending index and value (src/core/labels.ts).
 */
export function toLabels(fn: string, name: string, x: unknown, classes: number): Int32Array {
  return toClassLabels(fn, name, x, classes).labels;
}

/**
 * Binary labels, checked but not converted (the executor converts them chunk by chunk): each
 * must be exactly 0 or 1 as a float32 (LabelError otherwise).
 */
export function binaryLabels(fn: string, name: string, x: unknown): NumericArray {
  const labels = numericArray(fn, name, x);
  for (let i = 0; i < labels.length; i++) {
    const v = Math.fround(labels[i]);
    if (v !== 0 && v !== 1) throw new LabelError(fn, `${name}[${i}] = ${v} must be 0 or 1`);
  }
  return labels;
}

/** Binary labels as a Float32Array of 0 and 1 (checked as binaryLabels), for code that reads them. */
export function toBinaryLabels(fn: string, name: string, x: unknown): Float32Array {
  const labels = binaryLabels(fn, name, x);
  return labels instanceof Float32Array ? labels : Float32Array.from(labels);
}

/** The `classes` option: a positive integer, required. */
export function classesOption(fn: string, value: unknown, name = "options.classes"): number {
  return requiredClasses(fn, value, name);
}

/** A metric's sample weights: an array as given (null for none) or a scalar `scale` (1 for none), with Σ w. */
export interface MetricWeights extends SampleWeights {
  /** The option's name in messages ("options.sampleWeight" or its alias "options.weights"). */
  name: string;
}

/**
 * `options.sampleWeight` (or its alias `options.weights`, not both): none, a finite non-negative
 * scalar that every sample weighs, or one finite non-negative weight per sample, kept as given
 * (flat or nested; the kernels read float64 weights, so nothing is rounded to float32).
 */
export function weightsOption(fn: string, o: { sampleWeight?: unknown; weights?: unknown }, samples: number): MetricWeights {
  const { value, name } = sampleWeightOption(fn, o);
  if (value === undefined || value === null) return { weights: null, scale: 1, sum: samples, nonzero: samples, name };
  return { ...toSampleWeights(fn, name, value, samples), name };
}

/** A threshold: a finite number (or ±Infinity is refused as meaningless). */
export function thresholdOption(fn: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(fn, `options.threshold must be a finite number, got ${describe(value)}`);
  }
  return value;
}
