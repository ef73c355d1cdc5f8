// Thread scaling of the pool: the same calls at 1, 2, 3 and 4 threads (ready({ threads })), on the
// copy path (plain Float32Arrays in, as a Node service passes them) and with zero-copy inputs
// (allocFloat32), in interleaved rounds so that a noisy machine disturbs every thread count alike.
// Each case is first called --warmup times back to back, so that what is timed is sustained use
// (a new pool's first calls are slower, and short bursts measured faster than sustained ones on
// the 2-core machine here). Reports the minimum and median of each, and the speed relative to
// 1 thread (> 1: faster).
// Every value is checked against a float64 reference written here before anything is timed.
//
//   sparse softmax CE   sparseCategoricalCrossentropy(labels, logits, { classes: 100, fromLogits: true })  1e4 × 100
//   CE + gradient       sparseCategoricalCrossentropyWithGrad(..., { out })
//   BCE from logits     binaryCrossentropy(yTrue, logits, { fromLogits: true })                               1e6
//   MSE                 meanSquaredError(a, b)   1e6 (memory-bound: runs on the calling thread at any count)
//
// Not part of `npm run bench`; run after `npm run build`:
//
//   node scripts/node-flags.mjs bench/threads-micro.mjs [--threads 1,2,3,4] [--rounds 5] [--warmup 200] [--runs 30] [--out file.md]
import { writeFileSync } from "node:fs";
import { environment } from "./env.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const THREADS = arg("threads", "1,2,3,4").split(",").map(Number);
const ROUNDS = Number(arg("rounds", 5));
const WARMUP = Number(arg("warmup", 200));
const RUNS = Number(arg("runs", 30));
const OUT = arg("out", "");

const sl = await import(new URL("../dist/index.js", import.meta.url).href);
await sl.ready({ threads: 1 });
const build = sl.backendInfo().build;

const B = 10000;
const C = 100;
const N = 1000000;
let seed = 12345;
const rnd = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return Math.fround(seed / 4294967296);
};
const logits = new Float32Array(B * C).map(() => -4 + 8 * rnd());
const labels = new Int32Array(B).map(() => Math.floor(rnd() * C));
const bx = new Float32Array(N).map(() => -8 + 16 * rnd());
const bt = new Float32Array(N).map(() => (rnd() < 0.5 ? 0 : 1));
const ma = new Float32Array(N).map(() => rnd());
const mb = new Float32Array(N).map(() => rnd());
const out = new Float32Array(B * C);
// zero-copy copies of the same inputs, and a zero-copy gradient
const zc = (x) => {
  const buf = sl.allocFloat32(x.length);
  buf.array.set(x);
  return buf;
};
const zLogits = zc(logits);
const zbx = zc(bx);
const zbt = zc(bt);
const zma = zc(ma);
const zmb = zc(mb);
const zOut = sl.allocFloat32(B * C);

// float64 references, plainly from the formulas
function refSparseCE() {
  let s = 0;
  for (let r = 0; r < B; r++) {
    let m = -Infinity;
    for (let j = 0; j < C; j++) m = Math.max(m, logits[r * C + j]);
    let e = 0;
    for (let j = 0; j < C; j++) e += Math.exp(logits[r * C + j] - m);
    s += m + Math.log(e) - logits[r * C + labels[r]];
  }
  return s / B;
}
function refBCE() {
  let s = 0;
  for (let i = 0; i < N; i++) {
    const x = bx[i];
    s += Math.max(x, 0) - x * bt[i] + Math.log1p(Math.exp(-Math.abs(x)));
  }
  return s / N;
}
function refMSE() {
  let s = 0;
  for (let i = 0; i < N; i++) s += (ma[i] - mb[i]) ** 2;
  return s / N;
}
const REF = { sce: refSparseCE(), bce: refBCE(), mse: refMSE() };

const CE = { classes: C, fromLogits: true };
const CASES = [
  { id: "sce", label: "sparse CE 1e4×100", ref: "sce", copy: () => sl.sparseCategoricalCrossentropy(labels, logits, CE), zero: () => sl.sparseCategoricalCrossentropy(labels, zLogits.array, CE) },
  {
    id: "sceg", label: "sparse CE + gradient (out)", ref: "sce",
    copy: () => sl.sparseCategoricalCrossentropyWithGrad(labels, logits, { ...CE, out }).loss,
    zero: () => sl.sparseCategoricalCrossentropyWithGrad(labels, zLogits.array, { ...CE, out: zOut.array }).loss,
  },
  { id: "bce", label: "BCE from logits 1e6", ref: "bce", copy: () => sl.binaryCrossentropy(bt, bx, { fromLogits: true }), zero: () => sl.binaryCrossentropy(zbt.array, zbx.array, { fromLogits: true }) },
  { id: "mse", label: "MSE 1e6 (calling thread)", ref: "mse", copy: () => sl.meanSquaredError(ma, mb), zero: () => sl.meanSquaredError(zma.array, zmb.array) },
];

// check every case at every thread count before timing
for (const t of THREADS) {
  const info = await sl.ready({ threads: t });
  if (info.threads !== t) throw new Error(`ready({ threads: ${t} }) gave ${info.threads} thread(s)`);
  for (const c of CASES) {
    for (const path of ["copy", "zero"]) {
      const v = c[path]();
      const rel = Math.abs(v - REF[c.ref]) / Math.abs(REF[c.ref]);
      if (!(rel < 1e-5)) throw new Error(`${c.label} (${path}, ${t} threads) = ${v}, float64 reference ${REF[c.ref]} (relative error ${rel})`);
    }
  }
}

const times = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const t of THREADS) {
    await sl.ready({ threads: t });
    for (const c of CASES) {
      for (const path of ["copy", "zero"]) {
        const f = c[path];
        for (let i = 0; i < WARMUP; i++) f();
        const key = `${c.id} ${path} ${t}`;
        if (!times.has(key)) times.set(key, []);
        const ts = times.get(key);
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          f();
          ts.push(performance.now() - t0);
        }
      }
    }
  }
}
await sl.close();

const stat = (key) => {
  const ts = [...times.get(key)].sort((a, b) => a - b);
  return { min: ts[0], median: ts[ts.length >> 1] };
};
const env = environment();
const lines = [
  `# Thread scaling (${build} build)`,
  "",
  `${env.cpu}, ${env.cores} cores, Node ${env.node}, load ${env.loadAverage} at start; ${ROUNDS} rounds of ${WARMUP} calls, then ${RUNS} timed, interleaved. ` +
    "Milliseconds: minimum / median; in brackets the median speed relative to 1 thread (> 1: faster).",
  "",
  `| case | path | ${THREADS.map((t) => `${t} thread${t > 1 ? "s" : ""}`).join(" | ")} |`,
  `|---|---|${THREADS.map(() => "--:").join("|")}|`,
];
for (const c of CASES) {
  for (const path of ["copy", "zero"]) {
    const base = stat(`${c.id} ${path} ${THREADS[0]}`).median;
    const cells = THREADS.map((t) => {
      const s = stat(`${c.id} ${path} ${t}`);
      return `${s.min.toFixed(3)} / ${s.median.toFixed(3)} (${(base / s.median).toFixed(2)}×)`;
    });
    lines.push(`| ${c.label} | ${path === "copy" ? "copy" : "zero-copy"} | ${cells.join(" | ")} |`);
  }
}
const report = lines.join("\n") + "\n";
process.stdout.write(report);
if (OUT) writeFileSync(OUT, report);
