import { RELAXED_PROBE_BASE64, SCALAR_PROBE_BASE64, SIMD_PROBE_BASE64 } from "./wasm-probes.generated.js";

/**
 * The three builds of assembly/: the same source and the same exports, compiled with relaxed
 * SIMD (fused multiply-add and relaxed lane operations), with WebAssembly SIMD, and without SIMD.
 */
export type BuildName = "relaxed" | "simd" | "scalar";

/** Every build, fastest first. */
export const BUILDS: readonly BuildName[] = ["relaxed", "simd", "scalar"];

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const PROBES: Record<BuildName, string> = {
  relaxed: RELAXED_PROBE_BASE64,
  simd: SIMD_PROBE_BASE64,
  scalar: SCALAR_PROBE_BASE64,
};

/**
 * A tiny module (under 100 bytes) that uses every feature the build needs and, for the relaxed
 * build, every relaxed instruction its kernels use (scripts/build-wasm.mjs assembles the probes
 * and checks that they cover the builds). Validating it answers "can this engine run the build?"
 * without the build's bytes.
 */
export function probeBytes(build: BuildName): Uint8Array {
  return decodeBase64(PROBES[build]);
}

/**
 * The build's base64, from its own module. Each `import()` names one literal relative path, so a
 * bundler (esbuild, Vite, webpack, Rollup) turns each build into its own chunk, and an ESM host
 * fetches only the chunk of the build that is loaded.
 */
function importBase64(build: BuildName): Promise<string> {
  switch (build) {
    case "relaxed":
      return import("./wasm-relaxed.generated.js").then((m) => m.WASM_BASE64);
    case "simd":
      return import("./wasm-simd.generated.js").then((m) => m.WASM_BASE64);
    case "scalar":
      return import("./wasm-scalar.generated.js").then((m) => m.WASM_BASE64);
  }
}

const cache: Partial<Record<BuildName, Promise<Uint8Array>>> = {};

/** The wasm bytes of a build: its module imported and its base64 decoded, once. */
export function wasmBytes(build: BuildName): Promise<Uint8Array> {
  const pending = (cache[build] ??= importBase64(build).then(decodeBase64));
  pending.catch(() => {
    if (cache[build] === pending) delete cache[build]; // a failed import (a network error, say) may be retried
  });
  return pending;
}
