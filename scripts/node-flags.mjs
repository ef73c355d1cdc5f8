// The Node command-line flags that let this Node validate the relaxed-SIMD build.
//
// Node 20 (V8 11.3) validates relaxed SIMD only with --experimental-wasm-relaxed-simd. A Node whose
// V8 ships relaxed SIMD validates it without a flag, and once V8 drops the flag, passing it makes
// Node refuse to start ("bad option"), as happened to --experimental-wasm-simd. So the flag is
// added only when this Node needs it and accepts it, checked by running it (about 50 ms).
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

export const RELAXED_SIMD_FLAG = "--experimental-wasm-relaxed-simd";

// (func (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
export const RELAXED_SIMD_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32,
  2, 253, 133, 2, 11,
];

/** Does this process validate relaxed SIMD as started? */
export function relaxedSimdValidates() {
  return WebAssembly.validate(new Uint8Array(RELAXED_SIMD_PROBE));
}

/** [] when no flag is needed (or none helps); [RELAXED_SIMD_FLAG] when this Node needs and accepts it. */
export function relaxedSimdFlags() {
  if (relaxedSimdValidates()) return [];
  const check = `process.exit(WebAssembly.validate(new Uint8Array([${RELAXED_SIMD_PROBE}])) ? 0 : 1)`;
  const r = spawnSync(process.execPath, [RELAXED_SIMD_FLAG, "-e", check], { stdio: "ignore" });
  return r.status === 0 ? [RELAXED_SIMD_FLAG] : [];
}

// `node scripts/node-flags.mjs script.mjs args…`: runs the script in a Node started with the flags
// (the bench scripts use this, so that they work on Node 20 and on Nodes without the flag).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [script, ...args] = process.argv.slice(2);
  if (!script) {
    console.log(relaxedSimdFlags().join(" "));
  } else {
    const r = spawnSync(process.execPath, [...relaxedSimdFlags(), script, ...args], { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
}
