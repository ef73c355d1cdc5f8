export const RELAXED_SIMD_FLAG: string;
export function relaxedSimdValidates(): boolean;
export function relaxedSimdFlags(): string[];
