// Categorical cross-entropy with Keras 3 semantics (keras/src/losses/losses.py and the JAX
// backend, keras/src/backend/jax/nn.py), dense and sparse targets, from logits or from
// probabilities, plus row-wise softmax and log-softmax. Rows are `classes` contiguous float32.
//
// Targets with label smoothing s: y'_c = (1 − s)·y_c + s/C (sparse: y = one-hot(label)).
//
// From logits (log-softmax, stable for any finite logits):
//   m = max_c x_c,  d_c = x_c − m,  S = Σ_c exp(d_c),  log q_c = d_c − log S
//   L = −Σ_c y'_c·log q_c = Σy'·log S − Σ_c y'_c·d_c          (sparse: log S − (1−s)·d_l − (s/C)·Σd)
//   ∂L/∂x_c = Σy'·q_c − y'_c                                     (one-hot: q_c − y'_c)
// computed as log1p of the terms below the max (sparse: of S'/e_l, the terms other than the
// label's over the label's; dense: (K − 1) + R/e_max with K maxima and R the other terms), so a
// confident row's tiny loss keeps its relative precision (crossentropy-logits-*.ts).
// Infinite logits give the limit where it is defined: −Infinity → q = 0 there (a zero target adds
// 0); one +Infinity → q one-hot at it; several +Infinity → q → 0 at the finite logits, no limit at
// the infinite ones (NaN gradient there; the loss +∞ when a target > 0 sits at a finite logit,
// else NaN). A NaN logit gives a NaN row.
// From probabilities (Keras: renormalise each row, clip to [ε, 1 − ε], ε = 1e-7):
//   q_c = clip(p_c / Σp, ε, 1 − ε),  L = −Σ_c y'_c·log q_c
//   ∂L/∂p_j = (Σ_{c unclipped} y'_c − [j unclipped]·y'_j / q_j) / Σp,  "unclipped": ε ≤ p_c/Σp ≤ 1 − ε,
//     the bounds included (the clip's gradient passes there, as tf.clip_by_value's: prob-clip.ts)
//
// Every loss export has the signature
//   (targets, x, rows, classes, w, lossOut, g, gs, smoothing, scratch) → Σ_r w_r·L_r   (float64)
// with targets = float32 rows (dense) or int32 labels (sparse; a negative label marks an ignored
// row: no loss, zero gradient), w = per-row weights (0 = none), lossOut = per-row w_r·L_r (0 = none),
// g = gradient output (0 = none) receiving gs·w_r·∂L_r/∂x, and scratch = a few bytes of the
// caller's memory (the four-row blocks' maxima and sums, see softmax-rows.ts). The kernels keep
// no state between calls, so any range of rows can be computed by any call.
//
// The kernels, one file each: crossentropy-logits-sparse.ts, crossentropy-logits-dense.ts,
// crossentropy-probs.ts; softmax and log-softmax are in softmax.ts.
//
// Speed: per row one max pass and one exp+sum pass with
// eight independent f32x4 exp chains (softmax-rows.ts); the exps are stored into the gradient row
// and scaled in a third pass, never recomputed; sparse labels cost one log per row. For C ≤ 16
// the logits kernels take four rows per step, one row per lane, so per-row reductions vanish.
// The exps are expShiftedF32x4's 2^32·e^(x − M) (assembly/math/exp.ts): reduced from x itself
// for rows whose |max| ≤ 200 (no rounded x − max enters an exp), normal down to true values of
// 2^−158; the loss-only sums keep the terms down to e^(max − 110) and drop those below to 0. The
// sparse kernel's rows whose label is below the max need none of that (their loss is ≥ ln 2) and
// take the plain e^(x − max) (crossentropy-logits-sparse.ts).
//
// Error bounds (float32 inputs, against float64 on the same inputs), per row, tested:
//   |L − L64| ≤ 3e-6 + 2e-6·|L|, from logits or probabilities (sum of exps: ≤ 16 terms per f32
//     lane before a float64 flush, see softmax-rows.ts; log S within a few ULP; the terms y'·d
//     are products rounded once)
//   from logits with one-hot targets (sparse, or dense one-hot) whose label holds the row's max:
//     |L − L64| ≤ 2e-6·L for L down to 1e-30 (crossentropy-tiny.test.ts; below 1e-30, 1e-5·L down
//     to 1.2e-38), and the label's gradient entry within 2e-6 relative: SIMD and scalar builds,
//     and the relaxed build where its multiply-adds are fused (V8); 2e-5 where they are not
//     (JavaScriptCore, measured 1.4e-5: the sum form's one-step reduction rounds k·ln2, exp.ts)
//   |g − g64| ≤ 2e-6·|g64| + 3e-6·gs·w per element of the gradient.
export { softmaxCrossEntropySparseF32 } from "./crossentropy-logits-sparse";
export { softmaxCrossEntropyDenseF32 } from "./crossentropy-logits-dense";
export { probCrossEntropyDenseF32, probCrossEntropySparseF32 } from "./crossentropy-probs";
