import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64, SCALAR_WASM_BASE64 } from "./wasm-binaries.generated.js";

/**
 * The three builds of assembly/: the same source and the same exports, compiled with relaxed
 * SIMD (fused multiply-add and relaxed lane operations), with WebAssembly SIMD, and without SIMD.
 */
export type BuildName = "relaxed" | "simd" | "scalar";

/** Every build, fastest first. */
export const BUILDS: readonly BuildName[] = ["relaxed", "simd", "scalar"];

const BASE64: Record<BuildName, string> = {
  relaxed: RELAXED_WASM_BASE64,
  simd: SIMD_WASM_BASE64,
  scalar: SCALAR_WASM_BASE64,
};

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const cache: Partial<Record<BuildName, Uint8Array>> = {};

/** The wasm bytes of a build, decoded once from the embedded base64. */
export function wasmBytes(build: BuildName): Uint8Array {
  return (cache[build] ??= decodeBase64(BASE64[build]));
}
