// Ascending sorts of float32 / float64 arrays in place, for the exact ranking metrics (rocAuc,
// averagePrecision: src/metrics/auc.ts), where they replace TypedArray.prototype.sort.
//
// LSD radix sort on order-preserving integer keys (the classic float trick, e.g. Terdiman,
// "Radix Sort Revisited", and Herf, "Radix Tricks"): key(x) = bits ^ 0x80…0 for x ≥ +0,
// ~bits for negative x, so that unsigned key order = float order (−0 sorts just before +0).
// 11-bit digits: 3 passes for 32-bit keys, 6 for 64-bit keys; all digit histograms are counted
// in one read pass, and a pass whose digit is the same for every key is skipped. The input must
// hold no NaN (the callers reject NaN first). Stable, O(n) time, needs an n-element scratch
// buffer and 2048·passes u32 counters. Scalar in every build: scatters do not vectorise.

const DIGIT_BITS: u32 = 11;
const BUCKETS: i32 = 1 << DIGIT_BITS;

// @ts-ignore: decorator
@inline
function keyOf32(bits: u32): u32 {
  return bits & 0x80000000 ? ~bits : bits | 0x80000000;
}

// @ts-ignore: decorator
@inline
function bitsOf32(key: u32): u32 {
  return key & 0x80000000 ? key ^ 0x80000000 : ~key;
}

// @ts-ignore: decorator
@inline
function keyOf64(bits: u64): u64 {
  return bits & 0x8000000000000000 ? ~bits : bits | 0x8000000000000000;
}

// @ts-ignore: decorator
@inline
function bitsOf64(key: u64): u64 {
  return key & 0x8000000000000000 ? key ^ 0x8000000000000000 : ~key;
}

/**
 * Sorts the n float32 at x ascending, in place. tmp: n floats of scratch; counts: 3·2048 u32.
 */
export function radixSortF32(x: usize, n: i32, tmp: usize, counts: usize): void {
  const passes = 3;
  memory.fill(counts, 0, <usize>(passes * BUCKETS) << 2);
  for (let i = 0; i < n; i++) {
    const p = x + (<usize>i << 2);
    const k = keyOf32(load<u32>(p));
    store<u32>(p, k);
    for (let d = 0; d < passes; d++) {
      const c = counts + ((<usize>(d * BUCKETS) + <usize>((k >>> (<u32>d * DIGIT_BITS)) & (BUCKETS - 1))) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let src = x;
  let dst = tmp;
  for (let d = 0; d < passes; d++) {
    const hist = counts + (<usize>(d * BUCKETS) << 2);
    if (!toOffsets(hist, n)) continue; // every key has the same digit: nothing moves
    const shift = <u32>d * DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const k = load<u32>(src + (<usize>i << 2));
      const c = hist + (<usize>((k >>> shift) & (BUCKETS - 1)) << 2);
      const at = load<u32>(c);
      store<u32>(c, at + 1);
      store<u32>(dst + (<usize>at << 2), k);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) store<u32>(x + (<usize>i << 2), bitsOf32(load<u32>(src + (<usize>i << 2))));
}

/**
 * Sorts the n float64 at x ascending, in place. tmp: n doubles of scratch; counts: 6·2048 u32.
 */
export function radixSortF64(x: usize, n: i32, tmp: usize, counts: usize): void {
  const passes = 6;
  memory.fill(counts, 0, <usize>(passes * BUCKETS) << 2);
  for (let i = 0; i < n; i++) {
    const p = x + (<usize>i << 3);
    const k = keyOf64(load<u64>(p));
    store<u64>(p, k);
    for (let d = 0; d < passes; d++) {
      const c = counts + ((<usize>(d * BUCKETS) + <usize>((k >>> (<u64>d * DIGIT_BITS)) & (BUCKETS - 1))) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let src = x;
  let dst = tmp;
  for (let d = 0; d < passes; d++) {
    const hist = counts + (<usize>(d * BUCKETS) << 2);
    if (!toOffsets(hist, n)) continue;
    const shift = <u64>d * DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const k = load<u64>(src + (<usize>i << 3));
      const c = hist + (<usize>((k >>> shift) & (BUCKETS - 1)) << 2);
      const at = load<u32>(c);
      store<u32>(c, at + 1);
      store<u64>(dst + (<usize>at << 3), k);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) store<u64>(x + (<usize>i << 3), bitsOf64(load<u64>(src + (<usize>i << 3))));
}

/**
 * Turns one digit's counts into starting offsets (exclusive prefix sums). Returns false, and
 * leaves the counts alone, when a single bucket holds all n keys (the pass can be skipped).
 */
// @ts-ignore: decorator
@inline
function toOffsets(hist: usize, n: i32): bool {
  let sum: u32 = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const c = hist + (<usize>b << 2);
    const count = load<u32>(c);
    if (count == <u32>n) return false;
    store<u32>(c, sum);
    sum += count;
  }
  return true;
}
