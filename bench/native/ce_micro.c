// Native baseline for bench/ce-micro.mjs: the three headline cross-entropy kernels in
// plain C that gcc vectorizes by itself (128-bit with -msse4.2, 256/512-bit with -march=native),
// the same algorithms as assembly/ (rr2-p5 exp after XNNPACK, Cephes log/log1p polynomial):
//
//   sparse softmax CE   L = Σ_r log Σ_c exp(x_rc − m_r) − (x_r,l − m_r)       (B × C logits)
//   CE + gradient       the same, g_rc = (exp(x_rc − m_r)/S_r − [c = l]) / B  (exps stored, scaled)
//   BCE from logits     L = Σ_i max(x,0) − x·z + log1p(exp(−|x|))
//
// Sums use 16 float lanes (an array the vectorizer maps onto registers) flushed into double per
// row / per 4096 elements, as the wasm kernels do. Build and run (bench/ce-micro.mjs does this):
//
//   cc -O3 -msse4.2 -o /tmp/ce_sse bench/native/ce_micro.c -lm
//   cc -O3 -march=native -o /tmp/ce_native bench/native/ce_micro.c -lm
//   /tmp/ce_sse RUNS          prints one JSON line per kernel: value, min and median ms
//
// Inputs are generated with the same 32-bit LCG as bench/ce-micro.mjs, so the values match.
// Wasm has no floating-point traps; let gcc if-convert float compares (clamps, max) as it would
// with -fno-trapping-math, so that the loops vectorize under plain -O3 -msse4.2.
#pragma GCC optimize("no-trapping-math")
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define B 10000
#define C 100
#define NB 1000000
#define L 16

static inline float as_f(uint32_t u) { union { uint32_t u; float f; } v = { .u = u }; return v.f; }
static inline uint32_t as_u(float f) { union { float f; uint32_t u; } v = { .f = f }; return v.u; }

// e^x, |x| ≤ 87 (inputs here are x − max ≤ 0 or −|x|); rr2-p5 after XNNPACK
static inline float exp_f(float x) {
  x = x < -87.0f ? -87.0f : x;
  float n = x * 1.44269502f + 12583039.0f; // 1.5·2²³ + 127: the bias folded in
  uint32_t s = as_u(n) << 23;
  n -= 12583039.0f;
  float t = x - n * 0.693145752f;
  t = t - n * 1.42860677e-6f;
  float p = ((((0.00828929059f * t + 0.0418978222f) * t + 0.166676521f) * t + 0.499991506f) * t + 0.999999702f);
  float sc = as_f(s);
  return (t * sc) * p + sc;
}

// log(1 + f) core, f in [√½ − 1, √2 − 1] (Cephes logf)
static inline float log_core(float f, float k) {
  float z = f * f;
  float p = 0.0703768358f;
  p = p * f - 0.115146101f; p = p * f + 0.116769984f; p = p * f - 0.12420141f;
  p = p * f + 0.142493233f; p = p * f - 0.166680574f; p = p * f + 0.200007141f;
  p = p * f - 0.24999994f; p = p * f + 0.333333313f;
  float y = p * f * z;
  y += k * -2.12194442e-4f;
  y -= 0.5f * z;
  return (f + y) + k * 0.693359375f;
}

// log(x), x normal positive
static inline float log_f(float x) {
  int32_t u = (int32_t)as_u(x) - 0x3f3504f3;
  float k = (float)(u >> 23);
  float f = as_f((uint32_t)((u & 0x007fffff) + 0x3f3504f3)) - 1.0f;
  return log_core(f, k);
}

// log1p(x), x in [0, 1]
static inline float log1p_f(float x) {
  int32_t ku = ((int32_t)as_u(1.0f + x) - 0x3f3504f3) & (int32_t)0xff800000;
  float xs = as_f((uint32_t)((int32_t)as_u(x) - ku));
  float c = 0.25f * as_f((uint32_t)(0x40800000 - ku)) - 1.0f;
  return log_core(xs + c, (float)(ku >> 23));
}

static double row_ce(const float *x, int label, float *g, float gs) {
  float mv[L];
  for (int j = 0; j < L; j++) mv[j] = -INFINITY;
  int c = 0;
  for (; c + L <= C; c += L)
    for (int j = 0; j < L; j++) mv[j] = x[c + j] > mv[j] ? x[c + j] : mv[j];
  float m = mv[0];
  for (int j = 1; j < L; j++) m = mv[j] > m ? mv[j] : m;
  for (; c < C; c++) m = x[c] > m ? x[c] : m;
  float sv[L] = { 0 };
  c = 0;
  if (g) {
    for (; c + L <= C; c += L)
      for (int j = 0; j < L; j++) { float e = exp_f(x[c + j] - m); g[c + j] = e; sv[j] += e; }
  } else {
    for (; c + L <= C; c += L)
      for (int j = 0; j < L; j++) sv[j] += exp_f(x[c + j] - m);
  }
  double s = 0;
  for (int j = 0; j < L; j++) s += sv[j];
  for (; c < C; c++) { float e = exp_f(x[c] - m); if (g) g[c] = e; s += e; }
  if (g) {
    float k = gs / (float)s;
    for (c = 0; c < C; c++) g[c] *= k;
    g[label] -= gs;
  }
  return (double)(log_f((float)s) - (x[label] - m));
}

static double sparse_ce(const int *labels, const float *x, float *g) {
  double total = 0;
  for (int r = 0; r < B; r++) total += row_ce(x + (size_t)r * C, labels[r], g ? g + (size_t)r * C : 0, 1.0f / B);
  return total / B;
}

static double bce_logits(const float *t, const float *x, int n) {
  double total = 0;
  for (int i0 = 0; i0 < n; i0 += 4096) {
    int end = i0 + 4096 < n ? i0 + 4096 : n;
    float sv[L] = { 0 };
    int i = i0;
    for (; i + L <= end; i += L)
      for (int j = 0; j < L; j++) {
        float v = x[i + j], z = t[i + j];
        float a = fabsf(v);
        sv[j] += (v > 0 ? v : 0) - v * z + log1p_f(exp_f(-a));
      }
    for (int j = 0; j < L; j++) total += sv[j];
    for (; i < end; i++) {
      float v = x[i], z = t[i];
      total += (v > 0 ? v : 0) - v * z + log1p_f(exp_f(-fabsf(v)));
    }
  }
  return total / n;
}

static uint32_t seed;
static float rnd(void) { seed = seed * 1103515245u + 12345u; return (float)(seed / 4294967296.0); }

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) { double d = *(const double *)a - *(const double *)b; return (d > 0) - (d < 0); }

static volatile double sink;

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 51;
  float *x = aligned_alloc(64, (size_t)NB * 4), *g = aligned_alloc(64, (size_t)NB * 4);
  float *bx = aligned_alloc(64, (size_t)NB * 4), *bt = aligned_alloc(64, (size_t)NB * 4);
  int *labels = aligned_alloc(64, B * 4);
  // same generator and order as bench/ce-micro.mjs
  seed = 12345;
  for (int i = 0; i < B * C; i++) x[i] = -4 + 8 * rnd();
  for (int r = 0; r < B; r++) labels[r] = (int)(rnd() * C);
  for (int i = 0; i < NB; i++) bx[i] = -8 + 16 * rnd();
  for (int i = 0; i < NB; i++) bt[i] = rnd() < 0.5f ? 0.0f : 1.0f;
  double *ts = malloc(sizeof(double) * runs);
  for (int k = 0; k < 3; k++) {
    const char *name = k == 0 ? "sparseCE" : k == 1 ? "sparseCEGrad" : "bceLogits";
    double value = 0;
    for (int w = 0; w < 3; w++) value = k == 0 ? sparse_ce(labels, x, 0) : k == 1 ? sparse_ce(labels, x, g) : bce_logits(bt, bx, NB);
    for (int r = 0; r < runs; r++) {
      double t0 = now_ms();
      sink = k == 0 ? sparse_ce(labels, x, 0) : k == 1 ? sparse_ce(labels, x, g) : bce_logits(bt, bx, NB);
      ts[r] = now_ms() - t0;
    }
    qsort(ts, runs, sizeof(double), cmp);
    printf("{\"kernel\":\"%s\",\"value\":%.9g,\"min\":%.4f,\"median\":%.4f}\n", name, value, ts[0], ts[runs / 2]);
  }
  return 0;
}
