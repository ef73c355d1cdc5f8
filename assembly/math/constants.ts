// Float constants shared by the kernels, each written as its bit pattern (the decimal value in the
// comment), defined once.

/** 1e-7 as float32 (0x33D6BF95 ≈ 1.00000001e-7): Keras's backend.epsilon(). */
export const EPSILON: f32 = reinterpret<f32>(0x33d6bf95);

/** 1 − 1e-7 rounded to float32 (0x3F7FFFFE = 0.99999988079071044921875): the upper probability clip. */
export const ONE_MINUS_EPSILON: f32 = reinterpret<f32>(0x3f7ffffe);

/** ln 2 in float64 (0x3FE62E42FEFA39EF = 0.6931471805599453). */
export const LN2_F64: f64 = reinterpret<f64>(0x3fe62e42fefa39ef);

/** 2^−126 = 1.17549435e-38 (0x00800000), the smallest normal float32. */
export const FLT_MIN_NORMAL: f32 = reinterpret<f32>(0x00800000);

/** ln 2 rounded to float32 (0x3F317218 = 0.693147182464599609375, 1.9e-9 above ln 2). */
export const LN2: f32 = reinterpret<f32>(0x3f317218);

/**
 * −87.3365402 (0xC2AEAC4F, XNNPACK's denorm cutoff): below it e^x is subnormal, and expMinusF32 /
 * expMinusF32x4 flush it to 0.
 */
export const EXP_DENORM_CUTOFF: f32 = reinterpret<f32>(0xc2aeac4f);
