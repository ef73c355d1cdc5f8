// Types of bench/native.mjs, for test/bench/registry.test.ts.
import type { Case, Inputs, Shape } from "./registry.mjs";

export interface Native {
  compiler: string;
  version?: string;
  dir: string;
  binaries: Record<string, string>;
  flags?: Record<string, string>;
  skipped?: string;
  dispose(): void;
}
export interface NativePrepared {
  measure(budgetMs: number): { result: unknown; medianNs: number; samples: number };
  dispose(): void;
}
export const NATIVE_VARIANTS: { peer: string; flags: string[] }[];
export function buildNative(): Native;
export function prepareNative(native: Native, peer: string, kase: Case, shape: Shape, inputs: Inputs): NativePrepared | null;
