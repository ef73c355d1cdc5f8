// Array-wise entry points for the vector math, so tests can measure each function's error
// against float64 through the same code paths the losses use: SIMD body, scalar tail.
import { expF32, expF32x4, expMinusF32, expMinusF32x4 } from "./exp";
import { logF32, logF32x4, log1pF32, log1pF32x4, log1pUnitF32, log1pUnitF32x4, softplusF32, softplusF32x4 } from "./log";

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

/** out[i] = log1p(x[i]) for x[i] ∈ [0, 1] only (log1pUnit: the binary cross-entropy form) for i < n. */
export function mathLog1pUnitF32(x: usize, n: i32, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, log1pUnitF32x4(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, log1pUnitF32(load<f32>(x + off)));
  }
}

/** out[i] = softplus(x[i]) = log(1 + exp(x[i])) for i < n. */
export function mathSoftplusF32(x: usize, n: i32, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // two vectors per step: independent exp → log1p chains for the CPU to overlap
    for (; i + 8 <= n; i += 8) {
      const off = <usize>i << 2;
      const a = softplusF32x4(v128.load(x + off));
      const b = softplusF32x4(v128.load(x + off, 16));
      v128.store(out + off, a);
      v128.store(out + off, b, 16);
    }
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, softplusF32x4(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, softplusF32(load<f32>(x + off)));
  }
}

/** out[i] = expMinus(x[i]) (e^x for x ≤ 0, subnormal results flushed to 0) for i < n. */
export function mathExpMinusF32(x: usize, n: i32, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, expMinusF32x4(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, expMinusF32(load<f32>(x + off)));
  }
}
