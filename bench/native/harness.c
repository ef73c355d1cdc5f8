/*
 * Times one native kernel inside C and prints one JSON line:
 *   {"kernel":"mse","n":1000000,"loss":0.1234,"median_ns":110000.0,"samples":41,"calls_per_sample":1}
 *
 * usage: harness KERNEL N CLASSES BUDGET_MS IN0 IN1 [GRAD_OUT]
 *   N: elements of the second input (yPred / logits); CLASSES: row length (1 for element-wise).
 *   IN0, IN1: raw little-endian 4-byte values written by bench/native.mjs: for a PAIR kernel N
 *   float32 each (yTrue, yPred); for a SPARSE kernel N / CLASSES int32 labels, then N float32
 *   logits. GRAD_OUT: where a gradient kernel writes its N-float gradient, for the check against
 *   the float64 reference. BUDGET_MS 0 runs the kernel once and does not time it.
 *
 * Timing: clock_gettime(CLOCK_MONOTONIC); a sample is enough back-to-back calls to last ≥ 20 µs;
 * samples are taken until the budget is spent (5 to 2000 of them); the median per-call time of
 * the samples is reported. Results go to a volatile sink so no call can be optimized away (the
 * kernels are in another translation unit, compiled without LTO).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "regression.h"
#include "crossentropy.h"

typedef double (*loss_fn)(const float *, const float *, size_t);
typedef double (*grad_fn)(const float *, const float *, size_t, float *);
typedef double (*sparse_fn)(const int32_t *, const float *, size_t, size_t);
typedef double (*sparse_grad_fn)(const int32_t *, const float *, size_t, size_t, float *);

/* One row per kernel; exactly one of the four pointers is set (its signature). */
static const struct {
  const char *name;
  loss_fn loss;
  grad_fn grad;
  sparse_fn sparse;
  sparse_grad_fn sparse_grad;
} KERNELS[] = {
#define ROW(NAME) {#NAME, NAME##_f32, NULL, NULL, NULL}, {#NAME "_grad", NULL, NAME##_grad_f32, NULL, NULL},
    ROW(mse) ROW(mae) ROW(mape) ROW(msle) ROW(huber) ROW(logcosh) ROW(bce_logits)
#undef ROW
    {"sparse_softmax_ce", NULL, NULL, sparse_softmax_ce_f32, NULL},
    {"sparse_softmax_ce_grad", NULL, NULL, NULL, sparse_softmax_ce_grad_f32},
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
  if (argc < 7) {
    fprintf(stderr, "usage: %s KERNEL N CLASSES BUDGET_MS IN0 IN1 [GRAD_OUT]\n", argv[0]);
    return 2;
  }
  const char *name = argv[1];
  const size_t n = strtoull(argv[2], NULL, 10);
  const size_t classes = strtoull(argv[3], NULL, 10);
  const double budget_ns = atof(argv[4]) * 1e6;
  int k = -1;
  for (size_t i = 0; i < sizeof KERNELS / sizeof KERNELS[0]; i++)
    if (strcmp(KERNELS[i].name, name) == 0) k = (int)i;
  if (k < 0) {
    fprintf(stderr, "harness: unknown kernel %s\n", name);
    return 2;
  }
  const loss_fn loss = KERNELS[k].loss;
  const grad_fn grad = KERNELS[k].grad;
  const sparse_fn sparse = KERNELS[k].sparse;
  const sparse_grad_fn sparse_grad = KERNELS[k].sparse_grad;
  const int is_sparse = sparse || sparse_grad;
  if (classes == 0 || n % classes != 0) {
    fprintf(stderr, "harness: CLASSES (%zu) must divide N (%zu)\n", classes, n);
    return 2;
  }
  const size_t rows = n / classes;
  /* labels are int32: read as 4-byte words, reinterpreted */
  const void *in0 = read_floats(argv[5], is_sparse ? rows : n);
  const float *t = in0, *p = read_floats(argv[6], n);
  const int32_t *labels = in0;
  float *g = malloc(n * sizeof(float) + 64);
#define CALL()                                                       \
  (loss ? loss(t, p, n)                                              \
        : grad ? grad(t, p, n, g)                                    \
               : sparse ? sparse(labels, p, rows, classes)           \
                        : sparse_grad(labels, p, rows, classes, g))

  const double value = CALL(); /* the checked result (and a warm-up) */
  if ((grad || sparse_grad) && argc > 7) {
    FILE *f = fopen(argv[7], "wb");
    if (!f || fwrite(g, sizeof(float), n, f) != n) {
      fprintf(stderr, "harness: cannot write %s\n", argv[7]);
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
