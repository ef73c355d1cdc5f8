/*
 * Native C baseline of the headline cross-entropy kernels (bench only; never shipped),
 * for the default reduction (mean over rows / elements):
 *
 *   sparse softmax CE     L = mean_r [ log Σ_c exp(x_rc − m_r) − (x_r,label − m_r) ],  m_r = max_c x_rc
 *   … with gradient       g_rc = (exp(x_rc − m_r) / S_r − [c = label_r]) / rows
 *   BCE from logits       L = mean_i [ max(x,0) − x·z + log1p(exp(−|x|)) ],  g_i = (σ(x_i) − z_i) / n
 *
 * Plain C that gcc vectorizes by itself with `#pragma omp simd` (-fopenmp-simd; flags in
 * bench/native.mjs): 128-bit SSE with -msse4.2, the width of wasm SIMD, AVX2/AVX-512 with
 * -march=native. libm's expf/log1pf do not vectorize without -ffast-math, so exp and log are
 * written here as branch-free polynomials with the algorithms of assembly/math/ (exp: range
 * reduction rr2 + degree-5 polynomial after XNNPACK; log: Cephes logf), which is what a C
 * programmer chasing speed would write. Per-row work is two passes (max, then exp-and-sum),
 * plus a third scaling pass for the gradient with the exps stored in g during the sum
 * (the structure measured fastest). Row losses and element blocks are flushed into double.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "crossentropy.h"

#define BLOCK 1024

static inline float as_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t as_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

/*
 * e^x for x ≤ 0 (inputs here are x − max and −|x|); results below 2^−126 flush to 0 (clamp at
 * −87). rr2-p5 after XNNPACK: n = round(x·log2e) by the magic bias 1.5·2²³ + 127 (0x4B40007F,
 * the exponent bias folded in), t = x − n·ln2 in two parts, e^t ≈ 1 + t·p(t).
 */
static inline float exp_nonpos(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float magic = as_float(0x4b40007fu); /* 12583039 */
  float n = x * as_float(0x3fb8aa3bu) + magic; /* log2(e) = 1.44269502 */
  const float scale = as_float(as_bits(n) << 23);
  n -= magic;
  float t = x - n * as_float(0x3f317200u); /* ln2_hi = 0.693145752 */
  t = t - n * as_float(0x35bfbe8eu);       /* ln2_lo = 1.42860677e-6 */
  const float p = (((as_float(0x3c07cfceu) * t + as_float(0x3d2b9d0du)) * t + as_float(0x3e2aad40u)) * t +
                   as_float(0x3efffee3u)) * t + as_float(0x3f7ffffbu); /* 0.00828929, 0.0418978, 0.166677, 0.499992, 0.9999997 */
  return (t * scale) * p + scale;
}

/* log(1 + f) + k·ln2 for f in [√½ − 1, √2 − 1] (Cephes logf's degree-8 polynomial). */
static inline float log_core(float f, float k) {
  const float z = f * f;
  float p = as_float(0x3d9021bbu); /* 0.0703768358 */
  p = p * f + as_float(0xbdebd1b8u); /* −0.115146101 */
  p = p * f + as_float(0x3def251au); /* 0.116769984 */
  p = p * f + as_float(0xbdfe5d4fu); /* −0.12420141 */
  p = p * f + as_float(0x3e11e9bfu); /* 0.142493233 */
  p = p * f + as_float(0xbe2aae50u); /* −0.166680574 */
  p = p * f + as_float(0x3e4cceacu); /* 0.200007141 */
  p = p * f + as_float(0xbe7ffffcu); /* −0.24999994 */
  p = p * f + as_float(0x3eaaaaaau); /* 0.333333313 */
  float y = p * f * z;
  y += k * as_float(0xb95e8083u); /* −2.12194442e-4: ln2 = 0.693359375 − 2.12194442e-4 */
  y -= 0.5f * z;
  return (f + y) + k * as_float(0x3f318000u); /* 0.693359375 */
}

/* log x for normal positive x: x = 2^k·m, m in [√½, √2), f = m − 1 (Cephes logf). */
static inline float log_pos(float x) {
  const int32_t u = (int32_t)as_bits(x) - 0x3f3504f3; /* bits of √½ */
  const float f = as_float((uint32_t)((u & 0x007fffff) + 0x3f3504f3)) - 1.0f;
  return log_core(f, (float)(u >> 23));
}

/*
 * log(1 + y) for y in [0, 1], without a division (after ARM optimized-routines' log1pf, as
 * assembly/math/log.ts): k from the exponent of 1 + y, then f = y·2^−k + (2^−k − 1) exactly,
 * so tiny y keep their precision.
 */
static inline float log1p_unit(float y) {
  const int32_t ku = ((int32_t)as_bits(1.0f + y) - 0x3f3504f3) & (int32_t)0xff800000; /* k << 23 */
  const float ys = as_float((uint32_t)((int32_t)as_bits(y) - ku));                  /* y·2^−k */
  const float c = 0.25f * as_float((uint32_t)(0x40800000 - ku)) - 1.0f;               /* 2^−k − 1 (4 = 0x40800000) */
  return log_core(ys + c, (float)(ku >> 23));
}

/* max of a row, then S = Σ exp(x − max) (stored in e when e is not NULL); returns log S − (x_label − max). */
static inline float row_ce(const float *restrict x, size_t classes, int32_t label, float *restrict e, float *sum) {
  float m = -INFINITY;
#pragma omp simd reduction(max : m)
  for (size_t c = 0; c < classes; c++) m = x[c] > m ? x[c] : m;
  float s = 0.f;
  if (e) {
#pragma omp simd reduction(+ : s)
    for (size_t c = 0; c < classes; c++) {
      const float v = exp_nonpos(x[c] - m);
      e[c] = v;
      s += v;
    }
  } else {
#pragma omp simd reduction(+ : s)
    for (size_t c = 0; c < classes; c++) s += exp_nonpos(x[c] - m);
  }
  *sum = s;
  return logf(s) - (x[label] - m);
}

double sparse_softmax_ce_f32(const int32_t *restrict labels, const float *restrict x, size_t rows, size_t classes) {
  double total = 0;
  float s;
  for (size_t r = 0; r < rows; r++) total += row_ce(x + r * classes, classes, labels[r], NULL, &s);
  return rows ? total / (double)rows : 0.0;
}

double sparse_softmax_ce_grad_f32(const int32_t *restrict labels, const float *restrict x, size_t rows, size_t classes,
                                  float *restrict g) {
  double total = 0;
  const float inv_rows = rows ? (float)(1.0 / (double)rows) : 0.f;
  for (size_t r = 0; r < rows; r++) {
    float *restrict gr = g + r * classes;
    float s;
    total += row_ce(x + r * classes, classes, labels[r], gr, &s);
    const float k = inv_rows / s;
#pragma omp simd
    for (size_t c = 0; c < classes; c++) gr[c] *= k;
    gr[labels[r]] -= inv_rows;
  }
  return rows ? total / (double)rows : 0.0;
}

double bce_logits_f32(const float *restrict z, const float *restrict x, size_t n) {
  double total = 0;
  for (size_t b = 0; b < n; b += BLOCK) {
    const size_t end = b + BLOCK < n ? b + BLOCK : n;
    float s = 0.f;
#pragma omp simd reduction(+ : s)
    for (size_t i = b; i < end; i++) {
      const float v = x[i];
      s += (v > 0.f ? v : 0.f) - v * z[i] + log1p_unit(exp_nonpos(-fabsf(v)));
    }
    total += s;
  }
  return n ? total / (double)n : 0.0;
}

double bce_logits_grad_f32(const float *restrict z, const float *restrict x, size_t n, float *restrict g) {
  double total = 0;
  const float k = n ? (float)(1.0 / (double)n) : 0.f;
  for (size_t b = 0; b < n; b += BLOCK) {
    const size_t end = b + BLOCK < n ? b + BLOCK : n;
    float s = 0.f;
#pragma omp simd reduction(+ : s)
    for (size_t i = b; i < end; i++) {
      const float v = x[i];
      const float e = exp_nonpos(-fabsf(v));
      s += (v > 0.f ? v : 0.f) - v * z[i] + log1p_unit(e);
      const float r = 1.f / (1.f + e); /* σ(|x|) */
      const float sig = v >= 0.f ? r : e * r;
      g[i] = k * (sig - z[i]);
    }
    total += s;
  }
  return n ? total / (double)n : 0.0;
}
