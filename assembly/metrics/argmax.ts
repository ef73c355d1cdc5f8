// Row-wise argmax over rows × classes float32 scores (probabilities or logits), the building
// block of the accuracy and confusion-matrix kernels.
//
//   argmax(row) = the first index j with row[j] = max(row)          (first index on ties)
//   a row containing NaN gives the index of its first NaN            (NumPy's np.argmax rule)
//
// Branch-free on ordinary rows, because on real scores the position of the maximum is
// unpredictable:
// - SIMD (classes ≥ 4): lane l keeps the best value and its index among the elements
//   j ≡ l (mod 4), replacing it only when v > best (so each lane keeps its first maximum); then
//   the row maximum M (shuffles + f32x4.max) and the smallest index among the lanes whose best
//   is M give the answer. When classes % 4 != 0 the last chunk is loaded at classes − 4,
//   overlapping the previous one (an element seen twice carries its own index both times, so
//   the answer is unchanged). A lane mask of x != x records whether the row holds a NaN; such
//   a (rare) row is redone by the scalar rule below.
// - the scalar rule (scalar build, rows of fewer than 4 classes, rows with NaN) replaces best
//   when "v > best, or v is NaN and best is not", with selects instead of branches.
// Exact: no arithmetic, only comparisons.

/** Does v replace best? v > best, or v is the first NaN. */
// @ts-ignore: decorator
@inline
function takes(v: f32, best: f32): bool {
  return v > best || (v != v && best == best);
}

/** argmax of the n ≥ 1 floats at p (first index on ties, first NaN if any). */
// @ts-ignore: decorator
@inline
export function argmaxRowF32(p: usize, n: i32): i32 {
  let best = load<f32>(p);
  let index = 0;
  let j = 1;
  if (ASC_FEATURE_SIMD) {
    if (n >= 4) {
      let bv = v128.load(p);
      let bi = i32x4(0, 1, 2, 3);
      let nan = f32x4.ne(bv, bv);
      for (j = 4; j < n; j += 4) {
        // the last chunk overlaps the previous one when n % 4 != 0: an element seen twice
        // carries its own index both times, so the answer is unchanged
        const at = min(j, n - 4);
        const v = v128.load(p + (<usize>at << 2));
        const take = f32x4.gt(v, bv);
        bv = v128.bitselect(v, bv, take);
        bi = v128.bitselect(i32x4.add(i32x4.splat(at), i32x4(0, 1, 2, 3)), bi, take);
        nan = v128.or(nan, f32x4.ne(v, v));
      }
      if (!v128.any_true(nan)) {
        let m = f32x4.max(bv, v128.shuffle<f32>(bv, bv, 2, 3, 0, 1));
        m = f32x4.max(m, v128.shuffle<f32>(m, m, 1, 0, 3, 2)); // the row max in every lane
        let ci = v128.bitselect(bi, i32x4.splat(i32.MAX_VALUE), f32x4.eq(bv, m));
        ci = i32x4.min_s(ci, v128.shuffle<i32>(ci, ci, 2, 3, 0, 1));
        ci = i32x4.min_s(ci, v128.shuffle<i32>(ci, ci, 1, 0, 3, 2));
        return i32x4.extract_lane(ci, 0);
      }
      j = 1; // a row with NaN (rare): the scalar rule below finds its first NaN
    }
  }
  for (; j < n; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    const take = takes(v, best);
    best = select<f32>(v, best, take);
    index = select<i32>(j, index, take);
  }
  return index;
}

/** out[r] = argmax of row r of the rows × classes floats at p (classes ≥ 1), as int32. */
export function argmaxRowsF32(p: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    store<i32>(out + (<usize>r << 2), argmaxRowF32(p + <usize>r * rowBytes, classes));
  }
}
