// Micro-benchmark of the array-wise vector math (assembly/math/exports.ts): ns per element of
// mathExpF32 / mathLogF32 / mathLog1pF32 / mathSoftplusF32 over 1e6 float32, for each build
// (relaxed SIMD, SIMD, scalar; a build this engine does not validate is reported unavailable).
// Not a test, and not part of `npm run bench`; run after `npm run build`:
//
//   node --experimental-wasm-relaxed-simd bench/math-micro.mjs [dir-with-simdloss.*.wasm]   (default: build/)
//
// (Node 20 validates the relaxed build only with that flag.)
// Instantiates the wasm files directly (the kernels are internal, not in the public API), checks
// each output against float64 first, then reports the fastest of 41 timed runs after warm-up, the builds interleaved
// (the better estimate on a shared, loaded machine), for 1e6 elements and for 4096 elements (in
// cache) repeated. Node 20 tiers wasm up lazily: pass --no-liftoff to time optimized code only.
import { readFile } from "node:fs/promises";
import os from "node:os";
import { BUILD_NAMES as BUILDS, buildOf, missingFlagsNote } from "../scripts/builds.mjs";

const dir = process.argv[2] ?? "build";
const N = 1e6;
const RUNS = 41;
const INPUTS = {
  exp: { kernel: "mathExpF32", ref: Math.exp, lo: -87, hi: 88 },
  log: { kernel: "mathLogF32", ref: Math.log, lo: 1e-3, hi: 1e3 },
  log1p: { kernel: "mathLog1pF32", ref: Math.log1p, lo: -0.99, hi: 10 },
  softplus: { kernel: "mathSoftplusF32", ref: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), lo: -20, hi: 20 },
};

console.log(`# vector math, N = ${N}, ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}, ${dir}/`);
/** Each build this engine validates: its exports, input x and output at `out` in its memory. */
const builds = [];
for (const build of BUILDS) {
  const bytes = await readFile(`${dir}/simdloss.${build}.wasm`).catch(() => null);
  if (bytes === null || !WebAssembly.validate(bytes)) {
    console.log(`${build.padEnd(7)} unavailable: ${bytes === null ? `no ${dir}/simdloss.${build}.wasm` : "this engine does not validate it" + missingFlagsNote(buildOf(build))}`);
    continue;
  }
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) } });
  const ex = instance.exports;
  const base = (ex.heapBase() + 15) & ~15;
  const need = base + N * 8;
  if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
  builds.push({ build, ex, base, x: new Float32Array(ex.memory.buffer, base, N), y: new Float32Array(ex.memory.buffer, base + N * 4, N), row: [] });
}
for (const [name, { kernel, ref, lo, hi }] of Object.entries(INPUTS)) {
  const ready = [];
  for (const b of builds) {
    let s = 12345;
    for (let i = 0; i < N; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      b.x[i] = lo + ((hi - lo) * s) / 2 ** 32;
    }
    const fn = b.ex[kernel];
    if (typeof fn !== "function") {
      b.row.push(`${name} n/a`); // an older build without this kernel
      continue;
    }
    fn(b.base, N, b.base + N * 4);
    for (let i = 0; i < N; i += 997) {
      const want = ref(b.x[i]);
      if (!(Math.abs(b.y[i] - want) <= 1e-6 * Math.abs(want) + 1e-30)) throw new Error(`${b.build} ${name}(${b.x[i]}) = ${b.y[i]}, want ${want}`);
    }
    for (let r = 0; r < 5; r++) fn(b.base, N, b.base + N * 4);
    ready.push({ b, fn });
  }
  // 1e6 elements (8 MB of input and output: partly memory-bound), then 4096 elements (in L1)
  // 244 times over, which measures the arithmetic alone; the builds take turns run by run
  // (interleaved, so a burst of load on the shared machine hits them alike)
  for (const [n, reps] of [[N, 1], [4096, 244]]) {
    const times = ready.map(() => []);
    for (let r = 0; r < RUNS; r++) {
      ready.forEach(({ b, fn }, j) => {
        const t0 = process.hrtime.bigint();
        for (let k = 0; k < reps; k++) fn(b.base, n, b.base + N * 4);
        times[j].push(Number(process.hrtime.bigint() - t0) / (n * reps));
      });
    }
    ready.forEach(({ b }, j) => b.row.push(`${name}${n === N ? "" : "(L1)"} ${Math.min(...times[j]).toFixed(2)}`));
  }
}
for (const b of builds) console.log(`${b.build.padEnd(7)} ns/element, fastest of ${RUNS}:  ${b.row.join("  ")}`);
