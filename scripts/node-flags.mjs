// The Node command-line flags that let this Node validate the relaxed-SIMD build.
//
// Node 20 (V8 11.3) validates relaxed SIMD only with --experimental-wasm-relaxed-simd. Node 22,
// 24 and 26 validate it without a flag and refuse to start with it ("bad option"), as happened to
// --experimental-wasm-simd. So the flag is added only when the Node needs it and accepts it,
// checked by running it (about 50 ms).
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

/**
 * [] when no flag is needed (or none helps); [RELAXED_SIMD_FLAG] when the Node needs and accepts
 * it. `node`: the Node binary asked about (default: this one).
 */
export function relaxedSimdFlags(node = process.execPath) {
  const check = `process.exit(WebAssembly.validate(new Uint8Array([${RELAXED_SIMD_PROBE}])) ? 0 : 1)`;
  const validates = (flags) => spawnSync(node, [...flags, "-e", check], { stdio: "ignore" }).status === 0;
  if (node === process.execPath ? relaxedSimdValidates() : validates([])) return [];
  return validates([RELAXED_SIMD_FLAG]) ? [RELAXED_SIMD_FLAG] : [];
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
