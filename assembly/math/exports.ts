// Array-wise entry points for the vector math, so tests can measure each function's error
// against float64 through the same code paths the losses use: SIMD body, scalar tail. One loop
// (mapF32) over a policy class per function (changetype<T>(0), as the loss terms of
// assembly/losses/elementwise.ts): f(x) on four lanes, one or two vectors per step (unroll2),
// then the scalar form on the tail.
import { expF32, expF32x4, expMinusF32, expMinusF32x4 } from "./exp";
import { logF32, logF32x4, log1pF32, log1pF32x4, log1pUnitF32, log1pUnitF32x4, softplusF32, softplusF32x4 } from "./log";

/** out[i] = F(x[i]) for i < n: V on four lanes (two vectors per step when F.unroll2), S on the tail. */
// @ts-ignore: decorator
@inline
function mapF32<F>(x: usize, n: i32, out: usize): void {
  const f = changetype<F>(0);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (f.unroll2) {
      // two vectors per step: independent chains for the CPU to overlap
      for (; i + 8 <= n; i += 8) {
        const off = <usize>i << 2;
        const a = f.V(v128.load(x + off));
        const b = f.V(v128.load(x + off, 16));
        v128.store(out + off, a);
        v128.store(out + off, b, 16);
      }
    }
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, f.V(v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, f.S(load<f32>(x + off)));
  }
}

@final @unmanaged
class Exp {
  @inline get unroll2(): bool { return false; }
  @inline S(x: f32): f32 { return expF32(x); }
  @inline V(x: v128): v128 { return expF32x4(x); }
}

@final @unmanaged
class ExpMinus {
  @inline get unroll2(): bool { return false; }
  @inline S(x: f32): f32 { return expMinusF32(x); }
  @inline V(x: v128): v128 { return expMinusF32x4(x); }
}

@final @unmanaged
class Log {
  @inline get unroll2(): bool { return false; }
  @inline S(x: f32): f32 { return logF32(x); }
  @inline V(x: v128): v128 { return logF32x4(x); }
}

@final @unmanaged
class Log1p {
  @inline get unroll2(): bool { return false; }
  @inline S(x: f32): f32 { return log1pF32(x); }
  @inline V(x: v128): v128 { return log1pF32x4(x); }
}

@final @unmanaged
class Log1pUnit {
  @inline get unroll2(): bool { return false; }
  @inline S(x: f32): f32 { return log1pUnitF32(x); }
  @inline V(x: v128): v128 { return log1pUnitF32x4(x); }
}

@final @unmanaged
class Softplus {
  @inline get unroll2(): bool { return true; }
  @inline S(x: f32): f32 { return softplusF32(x); }
  @inline V(x: v128): v128 { return softplusF32x4(x); }
}

/** out[i] = exp(x[i]) for i < n. */
export function mathExpF32(x: usize, n: i32, out: usize): void {
  mapF32<Exp>(x, n, out);
}

/** out[i] = expMinus(x[i]) (e^x for x ≤ 0, subnormal results flushed to 0) for i < n. */
export function mathExpMinusF32(x: usize, n: i32, out: usize): void {
  mapF32<ExpMinus>(x, n, out);
}

/** out[i] = log(x[i]) for i < n. */
export function mathLogF32(x: usize, n: i32, out: usize): void {
  mapF32<Log>(x, n, out);
}

/** out[i] = log1p(x[i]) for i < n. */
export function mathLog1pF32(x: usize, n: i32, out: usize): void {
  mapF32<Log1p>(x, n, out);
}

/** out[i] = log1p(x[i]) for x[i] ∈ [0, 1] only (log1pUnit: the binary cross-entropy form) for i < n. */
export function mathLog1pUnitF32(x: usize, n: i32, out: usize): void {
  mapF32<Log1pUnit>(x, n, out);
}

/** out[i] = softplus(x[i]) = log(1 + exp(x[i])) for i < n. */
export function mathSoftplusF32(x: usize, n: i32, out: usize): void {
  mapF32<Softplus>(x, n, out);
}
