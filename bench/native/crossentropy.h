/* Native C baseline of the headline cross-entropy kernels: see crossentropy.c. */
#ifndef SIMDLOSS_BENCH_CROSSENTROPY_H
#define SIMDLOSS_BENCH_CROSSENTROPY_H
#include <stddef.h>
#include <stdint.h>

double sparse_softmax_ce_f32(const int32_t *restrict labels, const float *restrict x, size_t rows, size_t classes);
double sparse_softmax_ce_grad_f32(const int32_t *restrict labels, const float *restrict x, size_t rows, size_t classes,
                                  float *restrict g);
double bce_logits_f32(const float *restrict z, const float *restrict x, size_t n);
double bce_logits_grad_f32(const float *restrict z, const float *restrict x, size_t n, float *restrict g);

#endif
