// Types of scripts/builds.mjs (the one list of builds), for vitest.config.ts and the tests.
export type BuildName = "relaxed" | "simd" | "scalar";
export interface Feature {
  asc?: string;
  binaryen: string[];
  probe: string[];
  nodeFlags?: () => string[];
}
export interface Build {
  name: BuildName;
  label: string;
  features: string[];
}
export const FEATURES: Record<string, Feature>;
export const BUILDS: Build[];
export const BUILD_NAMES: BuildName[];
export function buildOf(name: string): Build;
export function usesSimd(build: Build): boolean;
export function ascEnable(build: Build): string[];
export function binaryenFlags(build: Build): string[];
export function nodeFlags(build: Build): string[];
export function missingFlagsNote(build: Build): string;
export function probeText(build: Build): string;
