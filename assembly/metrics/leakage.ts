// Row hashes for the data-leakage check (src/metrics/leakage.ts): out[r] = a 32-bit hash of the
// rowLength float32 values of row r. Values are canonicalised first so that the hash agrees with
// the equality the check confirms afterwards: −0 hashes as +0 and every NaN as 0x7FC00000.
//
// The hash is built from xxHash32's parts (Yann Collet, BSD-2): its seeds, four lanes, each lane j & 3 taking the values
// j ≡ lane (mod 4) through the round acc = rotl(acc + v·PRIME2, 13)·PRIME1, then the lanes are
// merged as rotl(a0,1) + rotl(a1,7) + rotl(a2,12) + rotl(a3,18) + 4·rowLength and finished by
// xxHash32's avalanche (unlike xxHash32, the last rowLength % 4 values also go through the
// lanes, so that a row of 4k values is hashed the same by the vector and the scalar loop). The SIMD build runs the four lanes in one v128; the scalar build runs
// them one after another; both compute the same hash. Equal rows always hash equal; different
// rows collide with probability ≈ 2^-32, and collisions are resolved by comparing the rows.

const PRIME1: u32 = 0x9e3779b1; // 2654435761
const PRIME2: u32 = 0x85ebca77; // 2246822519
const PRIME3: u32 = 0xc2b2ae3d; // 3266489917
const CANONICAL_NAN: u32 = 0x7fc00000;

/** The bits of x with −0 → +0 and any NaN → 0x7FC00000. */
// @ts-ignore: decorator
@inline
function canonicalBits(x: f32): u32 {
  return x != x ? CANONICAL_NAN : x == 0 ? 0 : reinterpret<u32>(x);
}

// @ts-ignore: decorator
@inline
function round(acc: u32, v: u32): u32 {
  return rotl<u32>(acc + v * PRIME2, 13) * PRIME1;
}

// @ts-ignore: decorator
@inline
function hashRowF32(p: usize, n: i32): u32 {
  let a0: u32 = PRIME1 + PRIME2;
  let a1: u32 = PRIME2;
  let a2: u32 = 0;
  let a3: u32 = 0 - PRIME1;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = i32x4(PRIME1 + PRIME2, PRIME2, 0, 0 - PRIME1);
    const p1 = i32x4.splat(PRIME1);
    const p2 = i32x4.splat(PRIME2);
    const nanBits = i32x4.splat(CANONICAL_NAN);
    const n4 = n & ~3;
    for (; j < n4; j += 4) {
      const x = v128.load(p + (<usize>j << 2));
      // canonical bits: zero lanes (±0) → 0, NaN lanes → CANONICAL_NAN
      let v = v128.andnot(x, f32x4.eq(x, f32x4.splat(0)));
      v = v128.bitselect(nanBits, v, f32x4.ne(x, x));
      const t = i32x4.add(acc, i32x4.mul(v, p2));
      acc = i32x4.mul(v128.or(i32x4.shl(t, 13), i32x4.shr_u(t, 19)), p1);
    }
    a0 = i32x4.extract_lane(acc, 0);
    a1 = i32x4.extract_lane(acc, 1);
    a2 = i32x4.extract_lane(acc, 2);
    a3 = i32x4.extract_lane(acc, 3);
  }
  for (; j < n; j++) {
    const v = canonicalBits(load<f32>(p + (<usize>j << 2)));
    const lane = j & 3;
    if (lane == 0) a0 = round(a0, v);
    else if (lane == 1) a1 = round(a1, v);
    else if (lane == 2) a2 = round(a2, v);
    else a3 = round(a3, v);
  }
  let h: u32 = rotl<u32>(a0, 1) + rotl<u32>(a1, 7) + rotl<u32>(a2, 12) + rotl<u32>(a3, 18) + (<u32>n << 2);
  // xxHash32 avalanche
  h ^= h >>> 15;
  h *= PRIME2;
  h ^= h >>> 13;
  h *= PRIME3;
  h ^= h >>> 16;
  return h;
}

/** out[r] = hash of row r of the rows × rowLength float32 values at x (out: rows u32). */
export function hashRowsF32(x: usize, rows: i32, rowLength: i32, out: usize): void {
  const rowBytes = <usize>rowLength << 2;
  for (let r = 0; r < rows; r++) store<u32>(out + (<usize>r << 2), hashRowF32(x + <usize>r * rowBytes, rowLength));
}
