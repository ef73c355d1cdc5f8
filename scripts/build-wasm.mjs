// Compiles assembly/ three times (targets "relaxed", "simd" and "scalar" of asconfig.json) and
// embeds each binary as base64 in its own module, src/core/wasm-<target>.generated.ts, so that no
// file loading or bundler configuration is ever needed at run time, and so that the loader can
// import() only the build it runs (the browser bundle splits each build into its own chunk).
//
// It also assembles three tiny probe modules (src/core/wasm-probes.generated.ts), one per build,
// that use every feature and every relaxed instruction that build needs; the loader validates a
// probe to choose a build without downloading the builds it does not run. The script checks that
// the probes cover the builds: each build validates (Binaryen) with exactly its probe's features,
// and every relaxed instruction in the relaxed build's text appears in its probe.
//
// The targets compile in parallel (one child process each; the children run with
// --experimental-wasm-relaxed-simd where this Node needs it (scripts/node-flags.mjs) so that
// Node 20 can validate the relaxed build, and each checks that its binary validates and imports
// nothing). The generated file records a
// hash of everything the binaries depend on (assembly/, asconfig.json, the AssemblyScript
// version); when nothing changed, the build is skipped. `--force` rebuilds anyway.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import { relaxedSimdFlags, relaxedSimdValidates } from "./node-flags.mjs";

const generated = (target) => `src/core/wasm-${target}.generated.ts`;
const PROBES = "src/core/wasm-probes.generated.ts";
const targets = ["relaxed", "simd", "scalar"];
const BIN = "node_modules/.bin";

// What every build needs beyond WebAssembly 1.0 (memory.fill: bulk memory; i32.trunc_sat_f32_s:
// non-trapping float-to-int), then v128 (simd), then the relaxed instructions the kernels use.
const SCALAR_FEATURES = ["--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int"];
const FEATURES = {
  scalar: SCALAR_FEATURES,
  simd: [...SCALAR_FEATURES, "--enable-simd"],
  relaxed: [...SCALAR_FEATURES, "--enable-simd", "--enable-relaxed-simd"],
};
const PROBE_BODY = {
  scalar: `(func (export "p") (param f32) (result i32)
  (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
  (i32.trunc_sat_f32_s (local.get 0)))`,
  simd: `(func (export "p") (param f32) (result v128)
  (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
  (f32x4.add (f32x4.splat (local.get 0)) (f32x4.convert_i32x4_s (i32x4.splat (i32.trunc_sat_f32_s (local.get 0))))))`,
  relaxed: `(func (export "p") (param f32) (result v128)
  (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
  (i32x4.relaxed_laneselect
   (f32x4.relaxed_nmadd
    (f32x4.relaxed_madd (f32x4.splat (local.get 0)) (f32x4.splat (local.get 0)) (f32x4.splat (local.get 0)))
    (f32x4.splat (local.get 0)) (f32x4.splat (local.get 0)))
   (i32x4.splat (i32.trunc_sat_f32_s (local.get 0)))
   (f32x4.splat (local.get 0))))`,
};
const probeText = (target) => `(module\n (memory 1)\n ${PROBE_BODY[target]})\n`;

/** Runs a Binaryen tool from node_modules/.bin; rejects with its output when it fails. */
const binaryen = (tool, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(join(BIN, tool), args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${tool} ${args.join(" ")}:\n${output.slice(0, 2000)}`))));
  });
const NODE_FLAGS = relaxedSimdFlags();

// child mode: compile one target
if (process.argv[2] === "--target") {
  const { default: asc } = await import("assemblyscript/asc");
  const target = process.argv[3];
  const { error, stderr } = await asc.main(["--config", "asconfig.json", "--target", target]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: target ${target} failed: ${error.message}`);
    process.exit(1);
  }
  const bytes = await readFile(`build/simdloss.${target}.wasm`);
  if (target === "relaxed" && !relaxedSimdValidates()) {
    console.warn(`build-wasm: this Node cannot validate relaxed SIMD; ${target} ${bytes.length} bytes, not checked`);
    process.exit(0);
  }
  const module = await WebAssembly.compile(bytes);
  const imports = WebAssembly.Module.imports(module);
  if (imports.length > 0) {
    console.error(`build-wasm: target ${target} must import nothing, imports ${JSON.stringify(imports)}`);
    process.exit(1);
  }
  console.log(`build-wasm: ${target} ${bytes.length} bytes, ${WebAssembly.Module.exports(module).length} exports`);
  process.exit(0);
}

async function sourceHash() {
  const hash = createHash("sha256");
  const walk = async (dir) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else hash.update(path).update(await readFile(path));
    }
  };
  await walk("assembly");
  hash.update(await readFile("asconfig.json"));
  hash.update(await readFile("scripts/build-wasm.mjs"));
  hash.update(createRequire(import.meta.url)("assemblyscript/package.json").version);
  return hash.digest("hex");
}

const hash = await sourceHash();
const stamp = `// source hash ${hash}`;
if (!process.argv.includes("--force")) {
  const previous = await Promise.all([...targets.map(generated), PROBES].map((f) => readFile(f, "utf8").catch(() => "")));
  if (previous.every((text) => text.includes(stamp))) {
    console.log("build-wasm: assembly/ unchanged, binaries up to date");
    process.exit(0);
  }
}

await mkdir("build", { recursive: true });
const compile = (target) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, process.argv[1], "--target", target], { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`target ${target} exited with ${code}`))));
  });
try {
  await Promise.all(targets.map(compile));
} catch (e) {
  console.error(`build-wasm: ${e.message}`);
  process.exit(1);
}

// The probes: assembled with exactly their build's features; each build must validate with
// those features (so the probe exercises every feature class the build uses), and every relaxed
// instruction the relaxed build contains must appear in the relaxed probe.
const probes = {};
try {
  for (const target of targets) {
    await writeFile(`build/probe.${target}.wat`, probeText(target));
    await binaryen("wasm-as", [`build/probe.${target}.wat`, "--mvp-features", ...FEATURES[target], "-o", `build/probe.${target}.wasm`]);
    probes[target] = await readFile(`build/probe.${target}.wasm`);
    await binaryen("wasm-opt", [`build/simdloss.${target}.wasm`, "--mvp-features", ...FEATURES[target], "-o", "build/features-check.wasm"]);
    const used = new Set((await readFile(`build/simdloss.${target}.wat`, "utf8")).match(/\b[a-z0-9]+\.relaxed_[a-z0-9_]+/g) ?? []);
    const missing = [...used].filter((op) => !probeText(target).includes(op));
    if (missing.length > 0) throw new Error(`the ${target} build uses ${missing.join(", ")}, which its probe does not: add them to PROBE_BODY.${target}`);
  }
} catch (e) {
  console.error(`build-wasm: probe check failed: ${e.message}`);
  process.exit(1);
}

const header = (what) => [
  "// Generated by scripts/build-wasm.mjs from assembly/ — do not edit.",
  what,
  stamp,
];
for (const target of targets) {
  const bytes = await readFile(`build/simdloss.${target}.wasm`);
  const out = header(`// The ${target} build (${bytes.length} bytes of wasm), imported only when the loader runs it.`);
  out.push(`export const WASM_BASE64 =\n  "${bytes.toString("base64")}";`);
  await writeFile(generated(target), out.join("\n") + "\n");
}
const out = header("// One tiny module per build that uses every feature and relaxed instruction the build needs (see scripts/build-wasm.mjs).");
for (const target of targets) {
  out.push(`export const ${target.toUpperCase()}_PROBE_BASE64 = "${probes[target].toString("base64")}"; // ${probes[target].length} bytes`);
}
await writeFile(PROBES, out.join("\n") + "\n");
