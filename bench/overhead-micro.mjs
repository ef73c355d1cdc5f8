// Micro-benchmark of the per-call cost of small calls, where the JavaScript around the kernel
// (argument checks, the executor's plan, copies in and out) is most of the time: sparse softmax
// cross-entropy on a 32 × 10 batch (loss, and loss + gradient into `out`), MSE on 1e3 elements
// (loss, and loss + gradient), softmax and argmax of 32 × 10. Not a test, and not part of
// `npm run bench`; run after `npm run build`:
//
//   node --experimental-wasm-relaxed-simd bench/overhead-micro.mjs [--build relaxed] [--threads 1] [--rounds 15] [--calls 20000] [--dist a/index.js,b/index.js]
//
// --dist compares packages (e.g. a copy of dist/ saved before a change) in the same process: each
// is its own instance, ready on the same build. The machine is shared and noisy, so every package
// runs every case in each round, interleaved, and the report gives the minimum over rounds (the
// best estimate of the undisturbed cost) and the median, in ns of this process's CPU time
// (process.cpuUsage: time spent descheduled by other processes' load does not count) per call. Each package's result is
// checked against the first package's before timing.
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const BUILD = arg("build", "relaxed");
/** ready({ threads }) of every package that has the option (1 by default here; calls this small stay on the calling thread). */
const THREADS = Number(arg("threads", 1));
const ROUNDS = Number(arg("rounds", 15));
const CALLS = Number(arg("calls", 20000));
const dists = (arg("dist", "") || new URL("../dist/index.js", import.meta.url).pathname).split(",").filter(Boolean);

let seed = 12345;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const floats = (n, lo, hi) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
const logits = floats(320, -4, 4);
const labels = Int32Array.from({ length: 32 }, () => Math.floor(rand() * 10));
const yTrue = floats(1000, 0, 1);
const yPred = floats(1000, 0, 1);
const grad320 = new Float32Array(320);
const grad1000 = new Float32Array(1000);

const CASES = {
  "sparse CE 32×10": (sl) => () => sl.sparseCategoricalCrossentropy(labels, logits, { classes: 10, fromLogits: true }),
  "sparse CE + grad 32×10 (out)": (sl) => () =>
    sl.sparseCategoricalCrossentropyWithGrad(labels, logits, { classes: 10, fromLogits: true, out: grad320 }).loss,
  "MSE 1e3": (sl) => () => sl.meanSquaredError(yTrue, yPred),
  "MSE + grad 1e3": (sl) => () => sl.meanSquaredErrorWithGrad(yTrue, yPred).loss,
  "MSE + grad 1e3 (out)": (sl) => () => sl.meanSquaredErrorWithGrad(yTrue, yPred, { out: grad1000 }).loss,
  "softmax 32×10": (sl) => () => sl.softmax(logits, { classes: 10 })[3],
  "argmax 32×10": (sl) => () => sl.argmax(logits, { classes: 10 })[3],
};

const libs = [];
for (const [i, path] of dists.entries()) {
  const lib = await import(`${path}?overhead=${i}`);
  // packages from before the option reject it (and have one thread anyway)
  await lib.ready({ build: BUILD, threads: THREADS }).catch(() => lib.ready({ build: BUILD }));
  libs.push({ name: dists.length > 1 ? `#${i} ${path}` : path, fns: Object.fromEntries(Object.entries(CASES).map(([k, make]) => [k, make(lib)])) });
}
for (const name of Object.keys(CASES)) {
  const first = libs[0].fns[name]();
  for (const lib of libs) {
    const got = lib.fns[name]();
    if (!(Math.abs(got - first) <= 1e-6 * Math.abs(first))) throw new Error(`${lib.name} ${name}: ${got}, first package ${first}`);
  }
}

const times = {}; // `${lib} | ${case}` → ns per call, one per round
let sink = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const name of Object.keys(CASES)) {
    for (const lib of libs) {
      const f = lib.fns[name];
      for (let i = 0; i < CALLS / 10; i++) sink += f(); // warm
      const c0 = process.cpuUsage();
      for (let i = 0; i < CALLS; i++) sink += f();
      const c = process.cpuUsage(c0);
      const ns = ((c.user + c.system) * 1e3) / CALLS;
      (times[`${name} | ${lib.name}`] ??= []).push(ns);
    }
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`# per-call CPU time, ns (min and median of ${ROUNDS} interleaved rounds of ${CALLS} calls), ${BUILD} build, Node ${process.version}`);
console.log("| case | package | min | median |\n|---|---|--:|--:|");
for (const [key, t] of Object.entries(times)) {
  const [name, lib] = key.split(" | ");
  console.log(`| ${name} | ${lib} | ${Math.min(...t).toFixed(0)} | ${median(t).toFixed(0)} |`);
}
if (sink === 0.5) console.log(sink);
