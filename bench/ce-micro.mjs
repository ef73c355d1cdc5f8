// Micro-benchmark of the three headline cross-entropy kernels, against the C baseline
// of the bench suite (bench/native/crossentropy.c with the flags of bench/native.mjs, -msse4.2 and
// -march=native), timed by a small driver written here (min and median of back-to-back calls on
// the same inputs as below); --old-c adds the earlier bench/native/ce_micro.c at -O3 -msse4.2:
//
//   sparse softmax CE   sparseCategoricalCrossentropy(labels, logits, { classes: 100, fromLogits: true })
//   CE + gradient       sparseCategoricalCrossentropyWithGrad(..., { out })      B = 1e4 × C = 100
//   BCE from logits     binaryCrossentropy(yTrue, logits, { fromLogits: true })   1e6 elements
//
// Not a test, and not part of `npm run bench`; run after `npm run build` (Node 20 validates the
// relaxed build only with --experimental-wasm-relaxed-simd; without it that build is reported
// unavailable and skipped):
//
//   node --experimental-wasm-relaxed-simd bench/ce-micro.mjs [--rounds 7] [--runs 15] [--wasm a.simd.wasm,b.simd.wasm] [--scalar] [--no-c] [--old-c] [--no-tfjs]
//
// tfjs-wasm (SIMD, one thread) runs the same losses on tensors made once: tf.losses.softmaxCrossEntropy
// on one-hot labels, tf.grad of it, tf.losses.sigmoidCrossEntropy; each timed call ends in dataSync().
//
// The public API is timed with zero-copy inputs (allocFloat32) and a zero-copy gradient output, for
// each build (relaxed SIMD, SIMD; --scalar adds the scalar build), each its own instance of dist/,
// and so are the raw kernels of build/simdloss.BUILD.wasm. --wasm adds raw kernel calls on other SIMD builds (e.g. an older build/ saved elsewhere), for
// A/B comparisons of kernel changes without the JavaScript wrapper. The machine is shared and
// noisy, so every implementation runs in each of several rounds, interleaved (C children too),
// and the report gives the minimum (the best estimate of the undisturbed time) and the median
// over all runs, and the ratio of C -msse4.2's minimum to each minimum (> 1: faster than C).
// Every value is checked against a float64 reference first.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { BUILDS, GOAL_BUILDS, loadBuilds } from "./registry.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const ROUNDS = Number(arg("rounds", 7));
const RUNS = Number(arg("runs", 15));
const extraWasm = (arg("wasm", "") || "").split(",").filter(Boolean);
const withC = !process.argv.includes("--no-c");
const withTfjs = !process.argv.includes("--no-tfjs");
const withOldC = process.argv.includes("--old-c");

const B = 10000;
const C = 100;
const NB = 1000000;

// inputs: the same 32-bit LCG and order as bench/native/ce_micro.c
let seed = 12345;
const rnd = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return Math.fround(seed / 4294967296);
};
const logits = new Float32Array(B * C);
for (let i = 0; i < B * C; i++) logits[i] = -4 + 8 * rnd();
const labels = new Int32Array(B);
for (let r = 0; r < B; r++) labels[r] = Math.floor(rnd() * C);
const bx = new Float32Array(NB);
for (let i = 0; i < NB; i++) bx[i] = -8 + 16 * rnd();
const bt = new Float32Array(NB);
for (let i = 0; i < NB; i++) bt[i] = rnd() < 0.5 ? 0 : 1;

// float64 references
let ceRef = 0;
for (let r = 0; r < B; r++) {
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, logits[r * C + c]);
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp(logits[r * C + c] - m);
  ceRef += Math.log(s) - (logits[r * C + labels[r]] - m);
}
ceRef /= B;
let bceRef = 0;
for (let i = 0; i < NB; i++) bceRef += Math.max(bx[i], 0) - bx[i] * bt[i] + Math.log1p(Math.exp(-Math.abs(bx[i])));
bceRef /= NB;
const REF = { sparseCE: ceRef, sparseCEGrad: ceRef, bceLogits: bceRef };

function check(impl, kernel, value) {
  const tol = impl.startsWith("tfjs") ? 2e-3 : 1e-5; // tfjs sums 1e6 terms in float32
  if (!(Math.abs(value - REF[kernel]) <= tol * Math.abs(REF[kernel]))) {
    throw new Error(`${impl} ${kernel} = ${value}, float64 reference ${REF[kernel]}`);
  }
}

// ---- implementations: each maps kernel → () => value ---------------------------------------
const impls = {};

const { libs, unavailable } = await loadBuilds( // one instance per build
  (build) => import(`../dist/index.js?build=${build}`), process.argv.includes("--scalar") ? BUILDS : GOAL_BUILDS);
for (const [build, why] of Object.entries(unavailable)) console.log(`# simdloss ${build} build unavailable: ${why}`);
const available = Object.keys(libs);
for (const [build, sl] of Object.entries(libs)) {
  const x = sl.allocFloat32(B * C);
  x.array.set(logits);
  const g = sl.allocFloat32(B * C);
  const t = sl.allocFloat32(NB);
  t.array.set(bt);
  const p = sl.allocFloat32(NB);
  p.array.set(bx);
  impls[`simdloss ${build} API`] = {
    sparseCE: () => sl.sparseCategoricalCrossentropy(labels, x.array, { classes: C, fromLogits: true }),
    sparseCEGrad: () => sl.sparseCategoricalCrossentropyWithGrad(labels, x.array, { classes: C, fromLogits: true, out: g.array }).loss,
    bceLogits: () => sl.binaryCrossentropy(t.array, p.array, { fromLogits: true }),
  };
}

async function rawKernels(file) {
  const { instance } = await WebAssembly.instantiate(await readFile(file), { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) } });
  const ex = instance.exports;
  const base = (ex.heapBase() + 63) & ~63;
  const need = base + (2 * B * C + B + 2 * NB) * 4 + 128;
  if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
  const xp = base;
  const gp = xp + B * C * 4;
  const lp = gp + B * C * 4;
  const tp = lp + B * 4;
  const pp = tp + NB * 4;
  new Float32Array(ex.memory.buffer, xp, B * C).set(logits);
  new Int32Array(ex.memory.buffer, lp, B).set(labels);
  new Float32Array(ex.memory.buffer, tp, NB).set(bt);
  new Float32Array(ex.memory.buffer, pp, NB).set(bx);
  const sp = (pp + NB * 4 + 15) & ~15; // the sparse kernel's 48-byte scratch
  // builds from before the kernels took every parameter as an argument: set them (extra arguments are ignored)
  if (ex.setBinaryParamsF32) ex.setBinaryParamsF32(1, 2, 0.25, 0);
  return {
    sparseCE: () => ex.softmaxCrossEntropySparseF32(lp, xp, B, C, 0, 0, 0, 0, 0, sp) / B,
    sparseCEGrad: () => ex.softmaxCrossEntropySparseF32(lp, xp, B, C, 0, 0, gp, 1 / B, 0, sp) / B,
    bceLogits: () => ex.binaryCrossentropyLogitsF32(tp, pp, NB, 1, 0, 0, 0, 0, 0, 1) / NB,
  };
}
for (const build of available) impls[`raw build/ ${build}`] = await rawKernels(`build/simdloss.${build}.wasm`);
for (const file of extraWasm) impls[`raw ${file}`] = await rawKernels(file);

if (withTfjs) {
  const tf = await import("@tensorflow/tfjs-core");
  // tf.grad needs the gradient registrations, an ESM file whose imports omit the ".js" that
  // Node requires: a resolve hook adds it (the registries are global, shared with the CJS core)
  const { register } = await import("node:module");
  register(`data:text/javascript,export async function resolve(s, c, next) {
    try { return await next(s, c); } catch (e) { if (s.startsWith(".") && !s.endsWith(".js")) return next(s + ".js", c); throw e; }
  }`);
  await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");
  const { createRequire } = await import("node:module");
  const dir = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm").replace(/[^/]*$/, "");
  setWasmPaths(dir);
  await tf.setBackend("wasm");
  const oneHot = new Float32Array(B * C);
  for (let r = 0; r < B; r++) oneHot[r * C + labels[r]] = 1;
  const tx = tf.tensor2d(logits, [B, C]);
  const ty = tf.tensor2d(oneHot, [B, C]);
  const tbx = tf.tensor1d(bx);
  const tbt = tf.tensor1d(bt);
  const grad = tf.grad((l) => tf.losses.softmaxCrossEntropy(ty, l));
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "SIMD" : "no SIMD";
  impls[`tfjs-wasm (${simd})`] = {
    sparseCE: () => tf.tidy(() => tf.losses.softmaxCrossEntropy(ty, tx)).dataSync()[0],
    sparseCEGrad: () => {
      const g = tf.tidy(() => grad(tx));
      g.dataSync();
      g.dispose();
      return REF.sparseCEGrad; // the gradient only (its loss is the sparseCE value)
    },
    bceLogits: () => tf.tidy(() => tf.losses.sigmoidCrossEntropy(tbt, tbx)).dataSync()[0],
  };
}

// Driver of bench/native/crossentropy.c: the inputs of this file (same LCG, same order), then per
// kernel 3 warm-up calls and RUNS timed calls; prints what ce_micro.c prints (one JSON line each).
const C_DRIVER = String.raw`#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "crossentropy.h"
enum { B = ${B}, C = ${C}, NB = ${NB} };
static uint32_t seed = 12345;
static float rnd(void) { seed = seed * 1103515245u + 12345u; return (float)(seed / 4294967296.0); }
static double now_ms(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6; }
static int cmp(const void *a, const void *b) { double d = *(const double *)a - *(const double *)b; return (d > 0) - (d < 0); }
static volatile double sink;
int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 51;
  float *x = aligned_alloc(64, (size_t)B * C * 4), *g = aligned_alloc(64, (size_t)B * C * 4);
  float *bx = aligned_alloc(64, (size_t)NB * 4), *bt = aligned_alloc(64, (size_t)NB * 4);
  int32_t *labels = aligned_alloc(64, B * 4);
  for (int i = 0; i < B * C; i++) x[i] = -4 + 8 * rnd();
  for (int r = 0; r < B; r++) labels[r] = (int32_t)(rnd() * C);
  for (int i = 0; i < NB; i++) bx[i] = -8 + 16 * rnd();
  for (int i = 0; i < NB; i++) bt[i] = rnd() < 0.5f ? 0.0f : 1.0f;
  double *ts = malloc(sizeof(double) * runs);
  for (int k = 0; k < 3; k++) {
    const char *name = k == 0 ? "sparseCE" : k == 1 ? "sparseCEGrad" : "bceLogits";
#define CALL() (k == 0 ? sparse_softmax_ce_f32(labels, x, B, C) : k == 1 ? sparse_softmax_ce_grad_f32(labels, x, B, C, g) : bce_logits_f32(bt, bx, NB))
    double value = 0;
    for (int w = 0; w < 3; w++) value = CALL();
    for (int r = 0; r < runs; r++) { double t0 = now_ms(); sink = CALL(); ts[r] = now_ms() - t0; }
    qsort(ts, runs, sizeof(double), cmp);
    printf("{\"kernel\":\"%s\",\"value\":%.9g,\"min\":%.4f,\"median\":%.4f}\n", name, value, ts[0], ts[runs / 2]);
  }
  return 0;
}
`;
// the flags of bench/native.mjs (COMMON_FLAGS + each variant's)
const BENCH_C_FLAGS = ["-std=c11", "-O3", "-fno-math-errno", "-fno-trapping-math", "-fopenmp-simd"];
const cBinaries = {};
if (withC) {
  const driver = `${os.tmpdir()}/ce_micro_driver.c`;
  writeFileSync(driver, C_DRIVER);
  for (const [name, flags] of Object.entries({ "C -O3 -msse4.2": ["-msse4.2"], "C -O3 -march=native": ["-march=native"] })) {
    const out = `${os.tmpdir()}/ce_micro_bench_${flags.join("").replace(/[^a-z0-9]/gi, "")}`;
    execFileSync("cc", [...BENCH_C_FLAGS, ...flags, "-Ibench/native", "-o", out, driver, "bench/native/crossentropy.c", "-lm"]);
    cBinaries[name] = out;
  }
  if (withOldC) {
    const out = `${os.tmpdir()}/ce_micro_old_msse42`;
    execFileSync("cc", ["-O3", "-msse4.2", "-o", out, "bench/native/ce_micro.c", "-lm"]);
    cBinaries["C ce_micro.c -msse4.2"] = out;
  }
}

// ---- timing ----------------------------------------------------------------------------------
const KERNELS = ["sparseCE", "sparseCEGrad", "bceLogits"];
const times = {}; // impl → kernel → ms[]
for (const impl of [...Object.keys(impls), ...Object.keys(cBinaries)]) {
  times[impl] = Object.fromEntries(KERNELS.map((k) => [k, []]));
}
for (const [impl, fns] of Object.entries(impls)) {
  for (const k of KERNELS) {
    check(impl, k, fns[k]());
    for (let w = 0; w < 20; w++) fns[k](); // tier up
  }
}

for (let round = 0; round < ROUNDS; round++) {
  for (const [impl, fns] of Object.entries(impls)) {
    for (const k of KERNELS) {
      const fn = fns[k];
      for (let r = 0; r < RUNS; r++) {
        const t0 = process.hrtime.bigint();
        fn();
        times[impl][k].push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
  }
  for (const [impl, bin] of Object.entries(cBinaries)) {
    // the C program times RUNS runs itself and prints its min and median per kernel
    for (const line of execFileSync(bin, [String(RUNS)]).toString().trim().split("\n")) {
      const { kernel, value, min, median } = JSON.parse(line);
      check(impl, kernel, value);
      times[impl][kernel].push(min, median);
    }
  }
}

const stats = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return { min: s[0], median: s[s.length >> 1] };
};
console.log(`# cross-entropy micro-benchmark: ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`# ${ROUNDS} interleaved rounds × ${RUNS} runs; ms (min / median); ×: C -msse4.2 min / min (> 1: faster than C); tf×: tfjs-wasm min / min`);
const tfjsName = Object.keys(times).find((k) => k.startsWith("tfjs"));
const tfMin = Object.fromEntries(KERNELS.map((k) => [k, tfjsName ? stats(times[tfjsName][k]).min : NaN]));
const cMin = Object.fromEntries(KERNELS.map((k) => [k, cBinaries["C -O3 -msse4.2"] ? stats(times["C -O3 -msse4.2"][k]).min : NaN]));
console.log(`${"".padEnd(28)}${KERNELS.map((k) => k.padEnd(40)).join("")}`);
for (const impl of Object.keys(times)) {
  const cells = KERNELS.map((k) => {
    const { min, median } = stats(times[impl][k]);
    return `${min.toFixed(3)} / ${median.toFixed(3)}  ×${(cMin[k] / min).toFixed(2)}  tf×${(tfMin[k] / min).toFixed(1)}`.padEnd(40);
  });
  console.log(`${impl.padEnd(28)}${cells.join("")}`);
}
