// Row-wise argmax over rows × classes float32 scores (probabilities or logits), the building
// block of the accuracy and confusion-matrix kernels.
//
//   argmax(row) = the first index j with row[j] = max(row)          (first index on ties)
//   a row containing NaN gives the index of its first NaN            (NumPy's np.argmax rule)
//
// Branch-free on ordinary rows, because on real scores the position of the maximum is
// unpredictable:
// - SIMD (classes ≥ 4), two passes over the row (the second from L1):
//   1. the row maximum M: f32x4.pmax over the 4-float chunks (one maxps each; the last chunk is
//      loaded at classes − 4, overlapping the previous one when classes % 4 != 0, which cannot
//      change a maximum), then two shuffles + pmax put M in every lane. pmax does not propagate
//      NaN, so the same pass sums the chunks: the sum is NaN whenever the row holds a NaN (and,
//      harmlessly, when it holds both +Infinity and −Infinity, or partial sums overflow to both);
//      such a rare row is redone by the scalar rule below, which is exact for every row.
//   2. the first index of M: i32x4.bitmask(v == M) of each chunk, shifted to the chunk's start,
//      OR-ed into one 64-bit mask (up to 64 classes; an element seen twice sets its own bit twice),
//      and ctz of the mask; above 64 classes, the first chunk with a match, then ctz of its mask.
//   ±0 compare equal, so a row whose maximum is 0 finds the first of its +0 and −0 either way.
// - the scalar rule (scalar build, rows of fewer than 4 classes, rows with NaN) replaces best
//   when "v > best, or v is NaN and best is not", with selects instead of branches.
// - 1 and 3 to 16 classes (SIMD): 4 rows per step, one row per lane (argmax4RowsF32): column j of
//   the 4 rows is gathered into one vector (1 splat + 3 lane loads), and each lane keeps its
//   running max (pmax) and the index of its first maximum, max_s(index, (v > best) & j), which
//   works because j only grows. The NaN detector is again the sum of the gathered columns;
//   lanes whose sum is NaN come back as −1 and the caller redoes those rows with argmaxRowF32.
//   Gathering costs 4 loads per column, but spares the two horizontal reductions per row.
// - two classes (SIMD): 4 rows per step, one row per lane, from two shuffles (argmax2x4F32).
// - the scalar build, 4 rows at a time (argmax4RowsScalarF32), compares int32 keys ordered as
//   the floats (orderedKeyF32, NaN above everything) with integer selects, which compile
//   without branches (float compares + float selects did not beat a plain JS loop); the 4
//   rows interleaved overlap their compare → select chains.
// Exact: no arithmetic on the result, only comparisons.

/** Does v replace best? v > best, or v is the first NaN. */
// @ts-ignore: decorator
@inline
function takes(v: f32, best: f32): bool {
  return v > best || (v != v && best == best);
}

/** argmax of the n ≥ 1 floats at p by the scalar rule (first index on ties, first NaN if any). */
// @ts-ignore: decorator
@inline
function argmaxScalarF32(p: usize, n: i32): i32 {
  let best = load<f32>(p);
  let index = 0;
  for (let j = 1; j < n; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    const take = takes(v, best);
    best = select<f32>(v, best, take);
    index = select<i32>(j, index, take);
  }
  return index;
}

/** argmax of the n ≥ 1 floats at p (first index on ties, first NaN if any). */
// @ts-ignore: decorator
@inline
export function argmaxRowF32(p: usize, n: i32): i32 {
  if (ASC_FEATURE_SIMD) {
    if (n >= 4) {
      // pass 1: M = max of the row (pmax), s = Σ chunks (NaN when the row holds a NaN)
      let m = v128.load(p);
      let s = m;
      for (let j = 4; j < n; j += 4) {
        const v = v128.load(p + (<usize>min(j, n - 4) << 2));
        m = f32x4.pmax(m, v);
        s = f32x4.add(s, v);
      }
      if (!v128.any_true(f32x4.ne(s, s))) {
        m = f32x4.pmax(m, v128.shuffle<f32>(m, m, 2, 3, 0, 1));
        m = f32x4.pmax(m, v128.shuffle<f32>(m, m, 1, 0, 3, 2)); // M in every lane
        // pass 2: the first index holding M
        if (n <= 64) {
          let bits: u64 = 0;
          for (let j = 0; j < n; j += 4) {
            const at = min(j, n - 4);
            bits |= <u64>i32x4.bitmask(f32x4.eq(v128.load(p + (<usize>at << 2)), m)) << <u64>at;
          }
          return <i32>ctz(bits);
        }
        for (let j = 0; ; j += 4) {
          const at = min(j, n - 4);
          const bits = i32x4.bitmask(f32x4.eq(v128.load(p + (<usize>at << 2)), m));
          if (bits != 0) return at + ctz(bits);
        }
      }
    }
  }
  return argmaxScalarF32(p, n);
}

/**
 * argmax of 4 rows of 2 classes at p (8 floats), one row per lane:
 * 1 when "b > a, or b is NaN", and a is not NaN (first index on ties, first NaN).
 */
// @ts-ignore: decorator
@inline
export function argmax2x4F32(p: usize): v128 {
  const lo = v128.load(p);
  const hi = v128.load(p + 16);
  const a = v128.shuffle<f32>(lo, hi, 0, 2, 4, 6);
  const b = v128.shuffle<f32>(lo, hi, 1, 3, 5, 7);
  const one = v128.andnot(v128.or(f32x4.gt(b, a), f32x4.ne(b, b)), f32x4.ne(a, a));
  return v128.and(one, i32x4.splat(1));
}

/**
 * An int32 key ordered as the float x, for the scalar build's branch-free argmax: the IEEE bits
 * with the magnitude bits of negatives flipped (sign-magnitude to two's complement), negatives
 * moved up by 1 so that −0 and +0 share the key 0 (they compare equal), and every NaN mapped to
 * i32.MAX_VALUE, above +Infinity (0x7f800000), so that the first NaN wins under "key > best".
 */
// @ts-ignore: decorator
@inline
function orderedKeyF32(p: usize): i32 {
  const b = load<i32>(p);
  const sign = b >> 31; // 0 or −1
  const key = (b ^ (<i32>(<u32>sign >>> 1))) - sign;
  return select<i32>(i32.MAX_VALUE, key, (b & 0x7fffffff) > 0x7f800000);
}

/**
 * Stores at out the argmax of each of the 4 rows of n ≥ 1 floats at p (rows rowBytes apart),
 * comparing ordered int32 keys (orderedKeyF32: the same order, ties and NaN rule as the scalar
 * rule, with integer selects only), the 4 rows interleaved.
 */
// @ts-ignore: decorator
@inline
export function argmax4RowsScalarF32(p: usize, n: i32, rowBytes: usize, out: usize): void {
  const p1 = p + rowBytes;
  const p2 = p1 + rowBytes;
  const p3 = p2 + rowBytes;
  let b0 = orderedKeyF32(p);
  let b1 = orderedKeyF32(p1);
  let b2 = orderedKeyF32(p2);
  let b3 = orderedKeyF32(p3);
  let i0 = 0;
  let i1 = 0;
  let i2 = 0;
  let i3 = 0;
  for (let j = 1; j < n; j++) {
    const o = <usize>j << 2;
    const v0 = orderedKeyF32(p + o);
    const v1 = orderedKeyF32(p1 + o);
    const v2 = orderedKeyF32(p2 + o);
    const v3 = orderedKeyF32(p3 + o);
    i0 = select<i32>(j, i0, v0 > b0);
    i1 = select<i32>(j, i1, v1 > b1);
    i2 = select<i32>(j, i2, v2 > b2);
    i3 = select<i32>(j, i3, v3 > b3);
    b0 = max(v0, b0);
    b1 = max(v1, b1);
    b2 = max(v2, b2);
    b3 = max(v3, b3);
  }
  store<i32>(out, i0);
  store<i32>(out, i1, 4);
  store<i32>(out, i2, 8);
  store<i32>(out, i3, 12);
}

/** The 4 floats at p, p + rowBytes, p + 2·rowBytes, p + 3·rowBytes (one column of 4 rows). */
// @ts-ignore: decorator
@inline
function gatherColumnF32(p: usize, rowBytes: usize): v128 {
  let v = v128.load32_splat(p);
  v = v128.load32_lane(p + rowBytes, v, 1);
  v = v128.load32_lane(p + (rowBytes << 1), v, 2);
  return v128.load32_lane(p + rowBytes * 3, v, 3);
}

/**
 * argmax of each of the 4 rows of classes ≥ 2 floats at p (rows rowBytes apart), one row per
 * lane; −1 in the lane of a row whose column sum is NaN (a row with NaN: redo it by argmaxRowF32).
 */
// @ts-ignore: decorator
@inline
export function argmax4RowsF32(p: usize, classes: i32, rowBytes: usize): v128 {
  let best = gatherColumnF32(p, rowBytes);
  let sum = best;
  let index = i32x4.splat(0);
  let j = i32x4.splat(0);
  const one = i32x4.splat(1);
  for (let c = 1; c < classes; c++) {
    const v = gatherColumnF32(p + (<usize>c << 2), rowBytes);
    j = i32x4.add(j, one);
    index = i32x4.max_s(index, v128.and(f32x4.gt(v, best), j));
    best = f32x4.pmax(best, v);
    sum = f32x4.add(sum, v);
  }
  return v128.or(index, f32x4.ne(sum, sum));
}

/** Row-per-lane argmax (argmax4RowsF32) pays off for this many classes. */
// @ts-ignore: decorator
@inline
export const ROW_PER_LANE_MAX_CLASSES = 16;

/** out[r] = argmax of row r of the rows × classes floats at p (classes ≥ 1), as int32. */
export function argmaxRowsF32(p: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = <usize>classes << 2;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    if (classes == 2) {
      for (; r + 4 <= rows; r += 4) v128.store(out + (<usize>r << 2), argmax2x4F32(p + (<usize>r << 3)));
    } else if (classes <= ROW_PER_LANE_MAX_CLASSES) {
      for (; r + 4 <= rows; r += 4) {
        const at = p + <usize>r * rowBytes;
        const q = argmax4RowsF32(at, classes, rowBytes);
        v128.store(out + (<usize>r << 2), q);
        if (i32x4.bitmask(q) != 0) {
          for (let k = 0; k < 4; k++) store<i32>(out + (<usize>(r + k) << 2), argmaxRowF32(at + <usize>k * rowBytes, classes));
        }
      }
    }
  } else {
    for (; r + 4 <= rows; r += 4) argmax4RowsScalarF32(p + <usize>r * rowBytes, classes, rowBytes, out + (<usize>r << 2));
  }
  for (; r < rows; r++) {
    store<i32>(out + (<usize>r << 2), argmaxRowF32(p + <usize>r * rowBytes, classes));
  }
}
