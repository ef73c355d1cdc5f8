// log and log1p for float32, scalar and f32x4.
// PLACEHOLDER: lane-by-lane Mathf until the polynomial version lands (issue 4).

// @ts-ignore: decorator
@inline
export function logF32(x: f32): f32 {
  return Mathf.log(x);
}

// @ts-ignore: decorator
@inline
export function logF32x4(x: v128): v128 {
  return f32x4(
    Mathf.log(f32x4.extract_lane(x, 0)),
    Mathf.log(f32x4.extract_lane(x, 1)),
    Mathf.log(f32x4.extract_lane(x, 2)),
    Mathf.log(f32x4.extract_lane(x, 3)),
  );
}

// @ts-ignore: decorator
@inline
export function log1pF32(x: f32): f32 {
  return Mathf.log1p(x);
}

// @ts-ignore: decorator
@inline
export function log1pF32x4(x: v128): v128 {
  return f32x4(
    Mathf.log1p(f32x4.extract_lane(x, 0)),
    Mathf.log1p(f32x4.extract_lane(x, 1)),
    Mathf.log1p(f32x4.extract_lane(x, 2)),
    Mathf.log1p(f32x4.extract_lane(x, 3)),
  );
}
