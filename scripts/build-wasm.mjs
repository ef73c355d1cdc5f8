// Compiles assembly/ once per build of scripts/builds.mjs (relaxed SIMD, SIMD, scalar), each with
// AssemblyScript's --enable for its features and the shared options of asconfig.json, and embeds
// each binary as base64 in its own module, src/core/wasm-<build>.generated.ts, so that no file
// loading or bundler configuration is ever needed at run time, and so that the loader can import()
// only the build it runs (the browser bundle splits each build into its own chunk).
//
// It also assembles one tiny probe module per build, from the probe snippets of the build's
// features (scripts/builds.mjs); the loader validates a probe to choose a build without
// downloading the builds it does not run. The script checks that the probes cover the builds:
// each build validates (Binaryen) with exactly its features, and every relaxed instruction in the
// relaxed build's text appears in its probe. src/core/wasm-builds.generated.ts gives the loader
// the build names, their features and probes, and one literal import() per build.
//
// The builds compile in parallel (one child process each, started with the Node flags its
// features need here: scripts/node-flags.mjs). Each child checks that its binary validates,
// imports only its memory (env.memory, with a maximum) and runs over a memory it is given, plain
// and shared, where this Node validates the build's probe (else it says it could not check).
//
// Every build's shared-memory variant (for threads, scripts/builds.mjs) is the build with one
// byte changed, the limits flag of its memory import; the script finds that byte, checks that the
// variant validates with the build's features and threads (Binaryen), and records the byte's
// offset in src/core/wasm-builds.generated.ts (MEMORY_LIMITS_FLAG) for the loader.
// The generated files record a hash of everything the binaries depend on (assembly/,
// asconfig.json, the list of builds, this script, the AssemblyScript version); when nothing
// changed, the build is skipped. `--force` rebuilds anyway.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import { BUILDS, THREADS, ascEnable, binaryenFlags, buildOf, nodeFlags, probeText } from "./builds.mjs";

const generated = (name) => `src/core/wasm-${name}.generated.ts`;
const INDEX = "src/core/wasm-builds.generated.ts";
const BIN = "node_modules/.bin";
const wasmFile = (name) => `build/simdloss.${name}.wasm`;
const sharedFile = (name) => `build/simdloss.${name}.shared.wasm`;
/** The memory every build imports: env.memory of 1 to MAXIMUM_PAGES pages (asconfig.json). */
const MAXIMUM_PAGES = 65536;

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, at];
    scale *= 128;
  }
}

/**
 * The offset of the limits flag of the binary's one import, env.memory, which must be
 * 0x01 (a maximum, not shared) with maximum MAXIMUM_PAGES: setting it to 0x03 gives the build's
 * shared-memory variant. Throws when the binary imports anything else.
 */
function memoryLimitsOffset(bytes) {
  const text = (at, n) => new TextDecoder().decode(bytes.subarray(at, at + n));
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      let [count, p] = leb(bytes, body);
      if (count !== 1) throw new Error(`${count} imports, expected only env.memory`);
      const [mlen, m] = leb(bytes, p);
      const [flen, f] = leb(bytes, m + mlen);
      const name = `${text(m, mlen)}.${text(f, flen)}`;
      p = f + flen;
      if (name !== "env.memory" || bytes[p] !== 2) throw new Error(`imports ${name} (kind ${bytes[p]}), expected the memory env.memory`);
      const flag = p + 1;
      const [, maxAt] = leb(bytes, flag + 1);
      const [max] = leb(bytes, maxAt);
      if (bytes[flag] !== 0x01 || max !== MAXIMUM_PAGES) throw new Error(`env.memory has limits flag ${bytes[flag]} and maximum ${max}, expected 1 and ${MAXIMUM_PAGES}`);
      return flag;
    }
    at = body + size;
  }
  throw new Error("no import section: the memory must be imported (asconfig.json importMemory)");
}

/** The shared-memory variant of a build's bytes: its memory import's limits flag set to 0x03. */
function sharedVariant(bytes) {
  const shared = Uint8Array.from(bytes);
  shared[memoryLimitsOffset(bytes)] = 0x03;
  return shared;
}
const probeFile = (name) => `build/probe.${name}.wasm`;

/** Runs a Binaryen tool from node_modules/.bin; rejects with its output when it fails. */
const binaryen = (tool, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(join(BIN, tool), args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${tool} ${args.join(" ")}:\n${output.slice(0, 2000)}`))));
  });

// child mode: compile one build (its probe is already assembled)
if (process.argv[2] === "--build") {
  const { default: asc } = await import("assemblyscript/asc");
  const build = buildOf(process.argv[3]);
  const enable = ascEnable(build);
  const { error, stderr } = await asc.main([
    "--config", "asconfig.json", "--outFile", wasmFile(build.name), "--textFile", `build/simdloss.${build.name}.wat`,
    ...(enable.length ? ["--enable", enable.join(",")] : []),
  ]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: build ${build.name} failed: ${error.message}`);
    process.exit(1);
  }
  const bytes = await readFile(wasmFile(build.name));
  if (!WebAssembly.validate(await readFile(probeFile(build.name)))) {
    console.warn(`build-wasm: this Node (${process.version}) cannot validate the ${build.name} build's features; ${bytes.length} bytes, not checked`);
    process.exit(0);
  }
  const module = await WebAssembly.compile(bytes);
  const imports = WebAssembly.Module.imports(module);
  if (JSON.stringify(imports) !== JSON.stringify([{ module: "env", name: "memory", kind: "memory" }])) {
    console.error(`build-wasm: build ${build.name} must import only env.memory, imports ${JSON.stringify(imports)}`);
    process.exit(1);
  }
  // the build and its shared-memory variant both instantiate, over memories of their kinds
  for (const shared of [false, true]) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, shared });
    const m = shared ? await WebAssembly.compile(sharedVariant(bytes)) : module;
    const { exports } = await WebAssembly.instantiate(m, { env: { memory } });
    if (exports.memory !== memory || !(exports.heapBase() > 0)) {
      console.error(`build-wasm: build ${build.name}${shared ? " (shared memory)" : ""} does not run over the memory it is given`);
      process.exit(1);
    }
  }
  console.log(`build-wasm: ${build.name} ${bytes.length} bytes, ${WebAssembly.Module.exports(module).length} exports`);
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
  for (const file of ["asconfig.json", "scripts/builds.mjs", "scripts/build-wasm.mjs"]) hash.update(await readFile(file));
  hash.update(createRequire(import.meta.url)("assemblyscript/package.json").version);
  return hash.digest("hex");
}

const hash = await sourceHash();
const stamp = `// source hash ${hash}`;
if (!process.argv.includes("--force")) {
  const previous = await Promise.all([...BUILDS.map((b) => generated(b.name)), INDEX].map((f) => readFile(f, "utf8").catch(() => "")));
  if (previous.every((text) => text.includes(stamp))) {
    console.log("build-wasm: assembly/ unchanged, binaries up to date");
    process.exit(0);
  }
}

await mkdir("build", { recursive: true });
const probes = {};
try {
  // The probes, each assembled with exactly its build's features.
  for (const build of BUILDS) {
    await writeFile(`build/probe.${build.name}.wat`, probeText(build));
    await binaryen("wasm-as", [`build/probe.${build.name}.wat`, "--mvp-features", ...binaryenFlags(build), "-o", probeFile(build.name)]);
    probes[build.name] = await readFile(probeFile(build.name));
  }
} catch (e) {
  console.error(`build-wasm: a probe does not assemble: ${e.message}`);
  process.exit(1);
}

const compile = (build) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags(build), process.argv[1], "--build", build.name], { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build ${build.name} exited with ${code}`))));
  });
try {
  await Promise.all(BUILDS.map(compile));
} catch (e) {
  console.error(`build-wasm: ${e.message}`);
  process.exit(1);
}

// Each build must validate with exactly its features (so its probe exercises every feature the
// build uses), and every relaxed instruction the build contains must appear in its probe. Its
// shared-memory variant must validate with those features and threads.
const memoryFlags = {};
try {
  for (const build of BUILDS) {
    await binaryen("wasm-opt", [wasmFile(build.name), "--mvp-features", ...binaryenFlags(build), "-o", "build/features-check.wasm"]);
    const bytes = await readFile(wasmFile(build.name));
    memoryFlags[build.name] = memoryLimitsOffset(bytes);
    await writeFile(sharedFile(build.name), sharedVariant(bytes));
    await binaryen("wasm-opt", [sharedFile(build.name), "--mvp-features", ...binaryenFlags(build), ...THREADS.binaryen, "-o", "build/features-check.wasm"]);
    const used = new Set((await readFile(`build/simdloss.${build.name}.wat`, "utf8")).match(/\b[a-z0-9]+\.relaxed_[a-z0-9_]+/g) ?? []);
    const missing = [...used].filter((op) => !probeText(build).includes(op));
    if (missing.length > 0) throw new Error(`the ${build.name} build uses ${missing.join(", ")}, which its probe does not: add them to the relaxed-simd probe in scripts/builds.mjs`);
  }
} catch (e) {
  console.error(`build-wasm: feature check failed: ${e.message}`);
  process.exit(1);
}

const header = (what) => ["// Generated by scripts/build-wasm.mjs from assembly/ and scripts/builds.mjs — do not edit.", what, stamp];
for (const build of BUILDS) {
  const bytes = await readFile(wasmFile(build.name));
  const out = header(`// The ${build.name} build (${bytes.length} bytes of wasm), imported only when the loader runs it.`);
  out.push(`export const WASM_BASE64 =\n  "${bytes.toString("base64")}";`);
  await writeFile(generated(build.name), out.join("\n") + "\n");
}
const q = JSON.stringify;
const index = header("// The builds of scripts/builds.mjs, fastest first: names, features, probes, and one import() per build.");
index.push(
  "",
  `/** Every build, fastest first (the order the loader prefers them in). */`,
  `export const BUILDS = [${BUILDS.map((b) => q(b.name)).join(", ")}] as const;`,
  "",
  `/** The name of a build. */`,
  `export type BuildName = (typeof BUILDS)[number];`,
  "",
  `/** The WebAssembly features each build uses beyond 1.0. */`,
  `export const FEATURES: Record<BuildName, readonly string[]> = {`,
  ...BUILDS.map((b) => `  ${b.name}: [${b.features.map(q).join(", ")}],`),
  `};`,
  "",
  `/** Pages of the memory every build imports (env.memory): at most this many. */`,
  `export const MAXIMUM_PAGES = ${MAXIMUM_PAGES};`,
  "",
  `/**`,
  ` * Where each build's memory import keeps its limits flag (0x01: a maximum); 0x03 there (shared,`,
  ` * a maximum) makes the build's shared-memory variant, which validates with the threads feature.`,
  ` */`,
  `export const MEMORY_LIMITS_FLAG: Record<BuildName, number> = {`,
  ...BUILDS.map((b) => `  ${b.name}: ${memoryFlags[b.name]},`),
  `};`,
  "",
  `/** Each build's probe (base64): a module that uses every feature the build needs. */`,
  `export const PROBES: Record<BuildName, string> = {`,
  ...BUILDS.map((b) => `  ${b.name}: ${q(probes[b.name].toString("base64"))}, // ${probes[b.name].length} bytes`),
  `};`,
  "",
  `/**`,
  ` * The build's base64, from its own module. Each import() names one literal relative path, so a`,
  ` * bundler turns each build into its own chunk, and an ESM host fetches only the chunk it loads.`,
  ` */`,
  `export function importBase64(build: BuildName): Promise<string> {`,
  `  switch (build) {`,
  ...BUILDS.flatMap((b) => [`    case ${q(b.name)}:`, `      return import("./wasm-${b.name}.generated.js").then((m) => m.WASM_BASE64);`]),
  `  }`,
  `}`,
);
await writeFile(INDEX, index.join("\n") + "\n");
