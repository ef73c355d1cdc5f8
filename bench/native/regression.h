/* Native C baseline of the regression losses: see regression.c. */
#ifndef SIMDLOSS_BENCH_REGRESSION_H
#define SIMDLOSS_BENCH_REGRESSION_H
#include <stddef.h>

#define DECLARE_REGRESSION(NAME)                                                  \
  double NAME##_f32(const float *restrict yt, const float *restrict yp, size_t n); \
  double NAME##_grad_f32(const float *restrict yt, const float *restrict yp, size_t n, float *restrict g);

DECLARE_REGRESSION(mse)
DECLARE_REGRESSION(mae)
DECLARE_REGRESSION(mape)
DECLARE_REGRESSION(msle)
DECLARE_REGRESSION(huber)
DECLARE_REGRESSION(logcosh)

#endif
