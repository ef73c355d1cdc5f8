// Plain float64 / integer references for the metric tests, written from the definitions.
import { rng } from "./rng.js";

/** NumPy's argmax of a row (argmaxRef(x, start, n)) and one-hot rows: test/util/reference.mjs. */
export { argmax64 as argmaxRef, oneHot } from "./reference.mjs";

/** rows × classes float32 scores; with `ties`, values are drawn from a few levels so rows tie. */
export function scores(seed: number, rows: number, classes: number, ties = false): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(rows * classes);
  for (let i = 0; i < out.length; i++) out[i] = ties ? Math.floor(r() * 3) / 4 : r();
  return out;
}

/** n integer labels in [0, classes). */
export function randomLabels(seed: number, n: number, classes: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(r() * classes));
}

/** Class counts used across the metric tests (every SIMD tail of a row, and 10). */
export const CLASS_COUNTS = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 15, 16, 17, 33];

/**
 * n binary labels (40 % positive, as float32) and float64 scores correlated with them;
 * `levels` > 0 quantises the scores so that many tie.
 */
export function binaryData(seed: number, n: number, levels: number): { t: Float32Array; s: Float64Array } {
  const r = rng(seed);
  const t = Float32Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  const s = Float64Array.from(t, (y) => {
    const x = r() + 0.3 * y;
    return levels > 0 ? Math.floor(x * levels) / levels : x;
  });
  return { t, s };
}
