// exp for float32, scalar and f32x4.
// PLACEHOLDER: lane-by-lane Mathf.exp until the polynomial version lands (issue 4).

// @ts-ignore: decorator
@inline
export function expF32(x: f32): f32 {
  return Mathf.exp(x);
}

// @ts-ignore: decorator
@inline
export function expF32x4(x: v128): v128 {
  return f32x4(
    Mathf.exp(f32x4.extract_lane(x, 0)),
    Mathf.exp(f32x4.extract_lane(x, 1)),
    Mathf.exp(f32x4.extract_lane(x, 2)),
    Mathf.exp(f32x4.extract_lane(x, 3)),
  );
}
