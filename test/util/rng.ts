import { rng } from "../../src/trainer/rng.js";

/** mulberry32, the trainer's seeded PRNG, so every random test reproduces. */
export { rng };

/** n float32 values uniform in [lo, hi). */
export function uniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

/** The lengths that hit every SIMD tail (vector width 4, unroll 8, block 256). */
export const TAIL_LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 255, 256, 257, 1023, 1025];
