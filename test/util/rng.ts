/**
 * The tests' seeded inputs, so every random test reproduces. The PRNG is mulberry32 (Tommy
 * Ettinger's 32-bit generator), written here and not imported from the application: a change
 * to the trainer's PRNG must never change what the tests see. (bench/inputs.mjs keeps the same
 * generator for the bench's inputs.)
 */

/** mulberry32: floats in [0, 1) from a 32-bit seed. */
export function rng(seed: number): () => number {
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
export function uniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

/** The lengths that hit every SIMD tail (vector width 4, unroll 8, block 256). */
export const TAIL_LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 255, 256, 257, 1023, 1025];
