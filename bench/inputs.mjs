/**
 * Seeded inputs for the bench (same PRNG as test/util/rng.ts: mulberry32), so every run and the
 * registry test see the same data.
 */

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n float32 values uniform in [lo, hi). */
export function uniform(seed, n, lo = -1, hi = 1) {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

/** yTrue and yPred for a regression loss: n values each, uniform in [lo, hi). */
export function regressionInputs(n, seed, lo = -3, hi = 3) {
  return { yTrue: uniform(seed, n, lo, hi), yPred: uniform(seed + 1, n, lo, hi) };
}
