/*
 * Native C baseline of the regression losses (bench only; never shipped).
 *
 * Same algorithm as the wasm kernels: float32 terms summed in blocks of BLOCK floats in float32,
 * each block flushed into a float64 total. `#pragma omp simd reduction` (with -fopenmp-simd)
 * lets the compiler vectorize the block sums without -ffast-math: 128-bit SSE with -msse4.2
 * (the width of wasm SIMD), AVX2/AVX-512 with -march=native. (Flags: see bench/native.mjs.) Log/exp terms call libm per
 * element (gcc does not vectorize logf/expf without -ffast-math), as a plain C user would get.
 *
 * Each loss has two kernels: NAME_f32 (mean loss) and NAME_grad_f32 (mean loss, and its gradient
 * term'(e) / n written to g), for the default reduction (mean over all n elements).
 */
#include <math.h>
#include <stddef.h>
#include "regression.h"

#define BLOCK 1024
#define EPS 1e-7f
#define LN2 0.6931471805599453f
/* branch-free forms, so gcc vectorizes them at -msse4.2 too (nested ?: on floats is control flow) */
#define SIGN(e) ((float)(((e) > 0.f) - ((e) < 0.f)))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* BODY reads t, p, e = p - t and sets the term l and its derivative gr in p. */
#define REGRESSION_KERNELS(NAME, BODY)                                                        \
  double NAME##_f32(const float *restrict yt, const float *restrict yp, size_t n) {          \
    double total = 0;                                                                         \
    for (size_t b = 0; b < n; b += BLOCK) {                                                   \
      const size_t end = b + BLOCK < n ? b + BLOCK : n;                                       \
      float s = 0.f;                                                                          \
      _Pragma("omp simd reduction(+:s)")                                                      \
      for (size_t i = b; i < end; i++) {                                                      \
        const float t = yt[i], p = yp[i], e = p - t;                                          \
        float l, gr;                                                                          \
        (void)e;                                                                              \
        BODY;                                                                                 \
        (void)gr;                                                                             \
        s += l;                                                                               \
      }                                                                                       \
      total += s;                                                                             \
    }                                                                                         \
    return n ? total / (double)n : 0.0;                                                       \
  }                                                                                           \
  double NAME##_grad_f32(const float *restrict yt, const float *restrict yp, size_t n,        \
                         float *restrict g) {                                                 \
    double total = 0;                                                                         \
    const float k = n ? (float)(1.0 / (double)n) : 0.f;                                       \
    for (size_t b = 0; b < n; b += BLOCK) {                                                   \
      const size_t end = b + BLOCK < n ? b + BLOCK : n;                                       \
      float s = 0.f;                                                                          \
      _Pragma("omp simd reduction(+:s)")                                                      \
      for (size_t i = b; i < end; i++) {                                                      \
        const float t = yt[i], p = yp[i], e = p - t;                                          \
        float l, gr;                                                                          \
        (void)e;                                                                              \
        BODY;                                                                                 \
        s += l;                                                                               \
        g[i] = k * gr;                                                                        \
      }                                                                                       \
      total += s;                                                                             \
    }                                                                                         \
    return n ? total / (double)n : 0.0;                                                       \
  }

REGRESSION_KERNELS(mse, { l = e * e; gr = 2.f * e; })
REGRESSION_KERNELS(mae, { l = fabsf(e); gr = SIGN(e); })
REGRESSION_KERNELS(mape, {
  const float d = MAX(fabsf(t), EPS);
  l = 100.f * fabsf(e) / d;
  gr = 100.f * SIGN(e) / d;
})
REGRESSION_KERNELS(msle, {
  const float d = log1pf(MAX(p, EPS)) - log1pf(MAX(t, EPS));
  l = d * d;
  gr = p <= EPS ? 0.f : 2.f * d / (p + 1.f);
})
/* q = min(|e|, 1): q (|e| - q/2) is ½e² for |e| <= 1 and |e| - ½ beyond (exactly, in float32) */
REGRESSION_KERNELS(huber, {
  const float a = fabsf(e);
  const float q = MIN(a, 1.f);
  l = q * (a - 0.5f * q);
  gr = MAX(-1.f, MIN(e, 1.f));
})
/* log cosh e = |e| + log1p(exp(-2|e|)) - log 2, stable for any e */
REGRESSION_KERNELS(logcosh, {
  const float a = fabsf(e);
  l = a + log1pf(expf(-2.f * a)) - LN2;
  gr = tanhf(e);
})
