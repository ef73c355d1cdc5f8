export const RELAXED_SIMD_FLAG: string;
export const RELAXED_SIMD_PROBE: number[];
export function relaxedSimdValidates(): boolean;
export function relaxedSimdFlags(node?: string): string[];
