/** The machine and software a bench run measured: the header of every report. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { createRequire } from "node:module";
import { RELAXED_SIMD_PROBE } from "../scripts/node-flags.mjs";

const require = createRequire(import.meta.url);

function lscpuModel() {
  try {
    const out = execFileSync("lscpu", [], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, LC_ALL: "C" } });
    return /^Model name:\s*(.+)$/m.exec(out)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    return undefined;
  }
}

/** Tiny wasm modules probing engine features (bytes from the WebAssembly spec tests). */
const PROBES = {
  // (func (result v128) (v128.const i32x4 0 0 0 0))
  simd: [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11],
  // f32x4.relaxed_madd (the same probe decides the Node flag in scripts/node-flags.mjs)
  relaxedSimd: RELAXED_SIMD_PROBE,
  // (memory 1 1 shared)
  threads: [0, 97, 115, 109, 1, 0, 0, 0, 5, 4, 1, 3, 1, 1],
};

export function wasmFeatures() {
  return Object.fromEntries(Object.entries(PROBES).map(([k, bytes]) => [k, WebAssembly.validate(new Uint8Array(bytes))]));
}

/**
 * CPU model (lscpu, else os.cpus()), cores, memory, Node/V8 versions and flags, wasm features, the
 * versions of simdloss and its peers.
 */
export function environment(extra = {}) {
  return {
    date: new Date().toISOString(),
    cpu: lscpuModel() ?? cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    /** 1-minute load average when the run started: above the core count, timings are noisy. */
    loadAverage: Number(loadavg()[0].toFixed(2)),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    v8: process.versions.v8,
    /** Node's command-line flags (e.g. --experimental-wasm-relaxed-simd) and NODE_OPTIONS. */
    nodeFlags: [...process.execArgv],
    ...(process.env.NODE_OPTIONS ? { nodeOptions: process.env.NODE_OPTIONS } : {}),
    wasmFeatures: wasmFeatures(),
    packages: {
      simdloss: JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version,
      "@tensorflow/tfjs-core": packageVersion("@tensorflow/tfjs-core"),
      "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
      "@tensorflow/tfjs-backend-cpu": packageVersion("@tensorflow/tfjs-backend-cpu"),
      "onnxruntime-node": packageVersion("onnxruntime-node"),
      benchmark: packageVersion("benchmark"),
    },
    ...extra,
  };
}
