// Row-wise argmax over rows × classes float32 scores (probabilities or logits), the building
// block of the accuracy and confusion-matrix kernels.
//
//   argmax(row) = the first index j with row[j] = max(row)          (first index on ties)
//   a row containing NaN gives the index of its first NaN            (NumPy's np.argmax rule)
//
// SIMD: the row maximum is found 4 lanes at a time with f32x4.max (which propagates NaN, so a
// NaN anywhere makes the maximum NaN), then a second pass compares 4 lanes at a time against the
// maximum (or, when it is NaN, tests x != x) and takes the first set bit of the lane mask. The
// scalar build and the last classes % 4 elements use the same rule one element at a time.
// Exact: no arithmetic, only comparisons.

/** Index of the first NaN in [p, p + 4·n), or of the first element equal to m; −1 if none. */
// @ts-ignore: decorator
@inline
function firstMatchF32(p: usize, n: i32, m: f32): i32 {
  const isNaN = m != m;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(m);
    const n4 = n & ~3;
    for (; j < n4; j += 4) {
      const v = v128.load(p + (<usize>j << 2));
      const hit = isNaN ? f32x4.ne(v, v) : f32x4.eq(v, mv);
      const bits = i32x4.bitmask(hit);
      if (bits) return j + ctz(bits);
    }
  }
  for (; j < n; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    if (isNaN ? v != v : v == m) return j;
  }
  return -1;
}

/** argmax of the n ≥ 1 floats at p (first index on ties, first NaN if any). */
// @ts-ignore: decorator
@inline
export function argmaxRowF32(p: usize, n: i32): i32 {
  let m = load<f32>(p);
  let j = 1;
  if (ASC_FEATURE_SIMD) {
    if (n >= 8) {
      let a = v128.load(p);
      const n4 = n & ~3;
      for (j = 4; j < n4; j += 4) a = f32x4.max(a, v128.load(p + (<usize>j << 2)));
      a = f32x4.max(a, v128.shuffle<f32>(a, a, 2, 3, 0, 1));
      a = f32x4.max(a, v128.shuffle<f32>(a, a, 1, 0, 3, 2));
      m = f32x4.extract_lane(a, 0);
    }
  }
  for (; j < n; j++) m = max<f32>(m, load<f32>(p + (<usize>j << 2)));
  return firstMatchF32(p, n, m);
}

/** out[r] = argmax of row r of the rows × classes floats at p (classes ≥ 1), as int32. */
export function argmaxRowsF32(p: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    store<i32>(out + (<usize>r << 2), argmaxRowF32(p + <usize>r * rowBytes, classes));
  }
}
