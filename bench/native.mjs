/**
 * The native C baseline: bench/native/*.c compiled at bench time with the system C compiler
 * ($CC, else `cc`) twice — `-O3 -msse4.2` (128-bit vectors, the width of wasm SIMD: the limit to
 * approach) and `-O3 -march=native` (this CPU's widest vectors, for scale) — and timed inside C
 * by bench/native/harness.c. Inputs go to the harness as raw float32 files; its result (and, for
 * gradient kernels, its gradient file) is checked against the float64 reference like any peer.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCES = ["harness.c", "regression.c", "crossentropy.c"];
const NATIVE_DIR = join(dirname(fileURLToPath(import.meta.url)), "native");
/**
 * -fno-math-errno lets libm calls be treated as pure and -fno-trapping-math lets float compares
 * become min/max/blend (without it gcc keeps Huber's branches and does not vectorize it). No
 * -ffast-math: it would reassociate and change results.
 */
const COMMON_FLAGS = ["-std=c11", "-O3", "-fno-math-errno", "-fno-trapping-math", "-fopenmp-simd"];

/** A file of raw float32 values as a Float32Array (copied: Buffers need not be 4-byte aligned). */
function readFloats(file) {
  const b = readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export const NATIVE_VARIANTS = [
  { peer: "c-sse42", flags: ["-msse4.2"] },
  { peer: "c-native", flags: ["-march=native"] },
];

/**
 * Compiles the harness once per variant. Returns { compiler, version, binaries: { peer: path },
 * skipped?: reason, dir, dispose() }. Never throws: a missing or failing compiler is a skip.
 */
export function buildNative() {
  const compiler = process.env.CC || "cc";
  const dir = mkdtempSync(join(tmpdir(), "simdloss-bench-"));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  let version;
  try {
    version = execFileSync(compiler, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n")[0];
  } catch {
    return { compiler, dir, binaries: {}, dispose, skipped: `no C compiler found (tried \`${compiler}\`; set CC)` };
  }
  const binaries = {};
  const failures = [];
  for (const v of NATIVE_VARIANTS) {
    const out = join(dir, `harness-${v.peer}`);
    try {
      execFileSync(compiler, [...COMMON_FLAGS, ...v.flags, "-o", out, ...SOURCES.map((s) => join(NATIVE_DIR, s)), "-lm"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      binaries[v.peer] = out;
    } catch (e) {
      failures.push(`${v.peer}: ${String(e.stderr ?? e.message).trim().split("\n")[0]}`);
    }
  }
  const skipped = failures.length ? `compile failed (${failures.join("; ")})` : undefined;
  return { compiler, version, dir, binaries, dispose, skipped, flags: Object.fromEntries(NATIVE_VARIANTS.map((v) => [v.peer, [...COMMON_FLAGS, ...v.flags].join(" ")])) };
}

/**
 * Prepares the C peer of a case: writes its inputs once; `measure(budgetMs)` runs the harness and
 * returns { result, medianNs, samples } (budgetMs = 0: result only, no timing).
 */
export function prepareNative(native, peer, kase, shape, inputs) {
  const bin = native.binaries[peer];
  if (!kase.c || !bin) return null;
  const args = kase.args(inputs);
  // (yTrue, yPred) float kernels and (labels, logits) sparse kernels: see harness.c
  if (args.length !== 2 || !(args[1] instanceof Float32Array) || !(args[0] instanceof Float32Array || args[0] instanceof Int32Array)) {
    return null;
  }
  const classes = shape.options.classes ?? 1;
  const files = args.map((a, i) => {
    const f = join(native.dir, `in${i}-${kase.id}-${shape.label}.bin`);
    writeFileSync(f, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return f;
  });
  const gradFile = join(native.dir, `grad-${kase.id}-${shape.label}.bin`);
  const n = args[1].length;
  return {
    measure(budgetMs) {
      const out = execFileSync(bin, [kase.c, String(n), String(classes), String(budgetMs), ...files, gradFile], {
        encoding: "utf8", maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split("\n").at(-1));
      const result = kase.kind === "grad"
        ? { loss: r.loss, grad: readFloats(gradFile) }
        : r.loss;
      return { result, medianNs: r.median_ns, samples: r.samples };
    },
    dispose: () => [...files, gradFile].forEach((f) => rmSync(f, { force: true })),
  };
}
