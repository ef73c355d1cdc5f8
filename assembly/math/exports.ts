// Array-wise entry points for the vector math, so tests can measure each function's error
// against float64 through the same code paths the losses use: SIMD body, scalar tail.
import { expF32, expF32x4 } from "./exp";
import { logF32, logF32x4, log1pF32, log1pF32x4 } from "./log";

/** out[i] = exp(x[i]) for i < n. */
export function mathExpF32(x: usize, n: i32, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, expF32x4(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, expF32(load<f32>(x + off)));
  }
}

/** out[i] = log(x[i]) for i < n. */
export function mathLogF32(x: usize, n: i32, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, logF32x4(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, logF32(load<f32>(x + off)));
  }
}

/** out[i] = log1p(x[i]) for i < n. */
export function mathLog1pF32(x: usize, n: i32, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, log1pF32x4(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, log1pF32(load<f32>(x + off)));
  }
}
