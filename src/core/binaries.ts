import { SIMD_WASM_BASE64, SCALAR_WASM_BASE64 } from "./wasm-binaries.generated.js";

/** The two builds of assembly/: same source, same exports, with and without WebAssembly SIMD. */
export type BuildName = "simd" | "scalar";

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const cache: Partial<Record<BuildName, Uint8Array>> = {};

/** The wasm bytes of a build, decoded once from the embedded base64. */
export function wasmBytes(build: BuildName): Uint8Array {
  return (cache[build] ??= decodeBase64(build === "simd" ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64));
}
