// The one list of simdloss builds. Everything that names builds derives from it:
//   scripts/build-wasm.mjs   compiles assembly/ once per build (AssemblyScript's --enable from the
//                            features), checks each binary against exactly its features (Binaryen),
//                            assembles each build's probe from its features' snippets, and writes
//                            src/core/wasm-builds.generated.ts (names, probes, lazy imports) for
//                            the loader (src/core/binaries.ts);
//   vitest.config.ts         one project per build, its workers started with the build's Node flags;
//   test/setup.ts            the build a project runs against;
//   bench/registry.mjs       one simdloss peer per build (copy path; SIMD builds also zero-copy);
//   scripts/bundle-size.mjs  one chunk per build.
//
// A build is a name and an explicit feature set, fastest first (the loader's order of preference).
// A feature says how to enable it in each tool and how to probe for it: a few instructions that
// validate only where the engine has it. A build's probe is the module made of its features'
// snippets, so adding a feature to a build adds it to the probe.
//
// Threads need no build of their own. Every build imports its memory (env.memory, 1 to 65536
// pages, asconfig.json) and uses no atomic instruction: the kernels read and write plain memory
// and the threads synchronise in JavaScript (src/core/pool.ts). The only difference between a
// build and its shared-memory variant is the import's limits flag (0x01 "has a maximum" against
// 0x03 "shared, has a maximum"), one byte that the loader sets when it runs threads
// (src/core/binaries.ts). scripts/build-wasm.mjs records where that byte is in each build and
// checks the variant: it validates with exactly the build's features and THREADS.
import { relaxedSimdFlags } from "./node-flags.mjs";

/**
 * Every WebAssembly feature a build may use beyond 1.0.
 *   asc:      the name AssemblyScript's --enable takes (absent: AssemblyScript enables it by default)
 *   binaryen: the flags that let Binaryen (wasm-as, wasm-opt) accept it
 *   probe:    instructions (a function body of type (param f32)) that need the feature
 *   nodeFlags: the Node command-line flags this Node needs to validate it (a function: it may
 *             start a Node to check), or absent when no Node needs one
 */
export const FEATURES = {
  "bulk-memory": {
    binaryen: ["--enable-bulk-memory", "--enable-bulk-memory-opt"],
    probe: ["(memory.fill (i32.const 0) (i32.const 0) (i32.const 0))"],
  },
  "nontrapping-float-to-int": {
    binaryen: ["--enable-nontrapping-float-to-int"],
    probe: ["(drop (i32.trunc_sat_f32_s (local.get 0)))"],
  },
  simd: {
    asc: "simd",
    binaryen: ["--enable-simd"],
    probe: ["(drop (f32x4.splat (local.get 0)))"],
  },
  // every relaxed instruction the kernels use (scripts/build-wasm.mjs checks that the relaxed
  // build's text uses no other)
  "relaxed-simd": {
    asc: "relaxed-simd",
    binaryen: ["--enable-relaxed-simd"],
    probe: [
      `(drop (i32x4.relaxed_laneselect
   (f32x4.relaxed_nmadd
    (f32x4.relaxed_madd (f32x4.splat (local.get 0)) (f32x4.splat (local.get 0)) (f32x4.splat (local.get 0)))
    (f32x4.splat (local.get 0)) (f32x4.splat (local.get 0)))
   (i32x4.splat (i32.const -1))
   (f32x4.splat (local.get 0))))`,
    ],
    nodeFlags: relaxedSimdFlags,
  },
};

/**
 * The feature a build's shared-memory variant adds (the flipped limits flag of its memory
 * import): AssemblyScript's --sharedMemory would need --enable threads; Binaryen validates the
 * variant with --enable-threads. No build lists it: the loader derives the variant.
 */
export const THREADS = { asc: "threads", binaryen: ["--enable-threads"] };

const BASE = ["bulk-memory", "nontrapping-float-to-int"];

/** The builds, fastest first; `label` names a build in reports ("simdloss SIMD"). */
export const BUILDS = [
  { name: "relaxed", label: "relaxed", features: [...BASE, "simd", "relaxed-simd"] },
  { name: "simd", label: "SIMD", features: [...BASE, "simd"] },
  { name: "scalar", label: "scalar", features: [...BASE] },
];

/** The build names, fastest first. */
export const BUILD_NAMES = BUILDS.map((b) => b.name);

/** The build called `name` (throws on an unknown name). */
export function buildOf(name) {
  const build = BUILDS.find((b) => b.name === name);
  if (!build) throw new Error(`unknown build ${JSON.stringify(name)}: one of ${BUILD_NAMES.join(", ")}`);
  return build;
}

/** Does the build use WebAssembly SIMD (v128)? */
export const usesSimd = (build) => build.features.includes("simd");

/** AssemblyScript's --enable list for the build (features it does not enable by default). */
export const ascEnable = (build) => build.features.map((f) => FEATURES[f].asc).filter(Boolean);

/** Binaryen's flags for exactly the build's features (after --mvp-features). */
export const binaryenFlags = (build) => build.features.flatMap((f) => FEATURES[f].binaryen);

/** The Node flags this Node needs to validate the build ([] on a Node that needs none). */
export const nodeFlags = (build) => [...new Set(build.features.flatMap((f) => FEATURES[f].nodeFlags?.() ?? []))];

/**
 * Why this process may not validate the build: " (this Node validates it only with FLAGS)" when
 * the build needs Node flags this process was not started with, else "".
 */
export function missingFlagsNote(build) {
  const missing = nodeFlags(build).filter((f) => !process.execArgv.includes(f));
  return missing.length ? ` (this Node validates it only with ${missing.join(" ")})` : "";
}

/** The build's probe as WebAssembly text: one function that uses every feature of the build. */
export function probeText(build) {
  const body = build.features.flatMap((f) => FEATURES[f].probe).join("\n  ");
  return `(module\n (memory 1)\n (func (export "p") (param f32)\n  ${body}))\n`;
}
