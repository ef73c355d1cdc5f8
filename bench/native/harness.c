/*
 * Times one native kernel inside C and prints one JSON line:
 *   {"kernel":"mse","n":1000000,"loss":0.1234,"median_ns":110000.0,"samples":41,"calls_per_sample":1}
 *
 * usage: harness KERNEL N BUDGET_MS IN0 IN1 [GRAD_OUT]
 *   IN0, IN1: N raw little-endian float32 values each (yTrue, yPred), written by bench/native.mjs.
 *   GRAD_OUT: where a *_grad kernel writes its N-float gradient, for the check against the
 *   float64 reference. BUDGET_MS 0 runs the kernel once and does not time it.
 *
 * Timing: clock_gettime(CLOCK_MONOTONIC); a sample is enough back-to-back calls to last ≥ 20 µs;
 * samples are taken until the budget is spent (5 to 2000 of them); the median per-call time of
 * the samples is reported. Results go to a volatile sink so no call can be optimized away (the
 * kernels are in another translation unit, compiled without LTO).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "regression.h"

typedef double (*loss_fn)(const float *, const float *, size_t);
typedef double (*grad_fn)(const float *, const float *, size_t, float *);

/* One row per kernel. A family with other arguments (labels, rows x classes) adds a signature. */
static const struct {
  const char *name;
  loss_fn loss;
  grad_fn grad;
} KERNELS[] = {
#define ROW(NAME) {#NAME, NAME##_f32, NULL}, {#NAME "_grad", NULL, NAME##_grad_f32},
    ROW(mse) ROW(mae) ROW(mape) ROW(msle) ROW(huber) ROW(logcosh)
#undef ROW
};

static volatile double sink;

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static float *read_floats(const char *path, size_t n) {
  float *x = malloc(n * sizeof(float) + 64);
  FILE *f = fopen(path, "rb");
  if (!x || !f || fread(x, sizeof(float), n, f) != n) {
    fprintf(stderr, "harness: cannot read %zu floats from %s\n", n, path);
    exit(2);
  }
  fclose(f);
  return x;
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s KERNEL N BUDGET_MS IN0 IN1 [GRAD_OUT]\n", argv[0]);
    return 2;
  }
  const char *name = argv[1];
  const size_t n = strtoull(argv[2], NULL, 10);
  const double budget_ns = atof(argv[3]) * 1e6;
  int k = -1;
  for (size_t i = 0; i < sizeof KERNELS / sizeof KERNELS[0]; i++)
    if (strcmp(KERNELS[i].name, name) == 0) k = (int)i;
  if (k < 0) {
    fprintf(stderr, "harness: unknown kernel %s\n", name);
    return 2;
  }
  const float *t = read_floats(argv[4], n), *p = read_floats(argv[5], n);
  float *g = malloc(n * sizeof(float) + 64);
  const loss_fn loss = KERNELS[k].loss;
  const grad_fn grad = KERNELS[k].grad;
#define CALL() (loss ? loss(t, p, n) : grad(t, p, n, g))

  const double value = CALL(); /* the checked result (and a warm-up) */
  if (grad && argc > 6) {
    FILE *f = fopen(argv[6], "wb");
    if (!f || fwrite(g, sizeof(float), n, f) != n) {
      fprintf(stderr, "harness: cannot write %s\n", argv[6]);
      return 2;
    }
    fclose(f);
  }

  double median = 0;
  size_t samples = 0, calls = 1;
  if (budget_ns > 0) {
    double t0 = now_ns();
    sink += CALL();
    const double one = now_ns() - t0 + 1;
    calls = one >= 20000 ? 1 : (size_t)(20000 / one) + 1;
    size_t cap = 2000;
    double *times = malloc(cap * sizeof(double));
    const double start = now_ns();
    while (samples < cap && (samples < 5 || now_ns() - start < budget_ns)) {
      t0 = now_ns();
      for (size_t c = 0; c < calls; c++) sink += CALL();
      times[samples++] = (now_ns() - t0) / (double)calls;
    }
    qsort(times, samples, sizeof(double), cmp_double);
    median = samples % 2 ? times[samples / 2] : 0.5 * (times[samples / 2 - 1] + times[samples / 2]);
    free(times);
  }
  printf("{\"kernel\":\"%s\",\"n\":%zu,\"loss\":%.17g,\"median_ns\":%.1f,\"samples\":%zu,\"calls_per_sample\":%zu}\n",
         name, n, value, median, samples, calls);
  return 0;
}
