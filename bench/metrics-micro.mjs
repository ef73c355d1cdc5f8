// Micro-benchmark of the metric kernels against plain JavaScript peers in the same process:
// confusionMatrixFromScores (argmax + count), confusionMatrix from int32 class ids, argmax and
// rocAuc. Not a test, and not part of `npm run bench`; run after `npm run build`:
//
//   node --experimental-wasm-relaxed-simd bench/metrics-micro.mjs [all|relaxed|simd|scalar] [rounds] [filter]
//                                          (default: all 25, all cases)
//
// "all" runs every build this engine validates (relaxed SIMD, SIMD, scalar), each its own instance
// of dist/, in the same rounds (the case names start with the build); Node 20 validates the relaxed
// build only with --experimental-wasm-relaxed-simd, and without it that build is reported unavailable.
//
// Every implementation's output is checked against the plain JS peer before timing. Each round
// runs every case once, in turn (interleaved, so a burst of load on the shared machine hits all
// of them alike); the table gives the minimum and the median per case in ms, and the ratio of
// the peer's time to ours (> 1: we are faster). "zero-copy": scores in an allocFloat32 buffer;
// "copy": scores in an ordinary Float32Array (copied into module memory by the call).
// The headline case (1e6 × 10) is also timed against TensorFlow.js wasm: tf.argMax +
// tf.math.confusionMatrix's own algorithm (oneHot(labels)ᵀ · oneHot(predictions)) on tensors made
// from the same arrays, read back with dataSync(). tf.math.confusionMatrix itself throws on the
// wasm backend ("BatchMatMul for non non-float32 tensors not yet supported": it multiplies int32
// one-hots), so the one-hots are cast to float32 here (exact: counts < 2^24).
import os from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { BUILDS, loadBuilds } from "./registry.mjs";

const which = process.argv[2] ?? "all";
const ROUNDS = Number(process.argv[3] ?? 25);
const FILTER = process.argv[4] ?? "";
/** build → its own instance of the package, ready on that build. */
const { libs, unavailable } = await loadBuilds((build) => import(`../dist/index.js?build=${build}`), which === "all" ? BUILDS : [which]);
for (const [build, why] of Object.entries(unavailable)) console.log(`# simdloss ${build} build unavailable: ${why}`);
setWasmPaths(new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
const tfjsWasm = await tf.setBackend("wasm").catch(() => false);

let seed = 12345;
function rand() {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
}

// ---- plain JavaScript peers, written as a careful user would write them ----
function argmaxJs(p, rows, C, out) {
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let best = p[o];
    let k = 0;
    for (let j = 1; j < C; j++) {
      const v = p[o + j];
      if (v > best) { best = v; k = j; }
    }
    out[r] = k;
  }
  return out;
}
function confusionFromScoresJs(t, p, C) {
  const rows = t.length;
  const m = new Float64Array(C * C);
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let best = p[o];
    let k = 0;
    for (let j = 1; j < C; j++) {
      const v = p[o + j];
      if (v > best) { best = v; k = j; }
    }
    m[t[r] * C + k]++;
  }
  return m;
}
function confusionFromLabelsJs(t, q, C) {
  const m = new Float64Array(C * C);
  for (let s = 0; s < t.length; s++) {
    const a = t[s];
    const b = q[s];
    if (a < 0 || a >= C || b < 0 || b >= C) throw new RangeError(`bad label at ${s}`);
    m[a * C + b]++;
  }
  return m;
}
/** Binary ROC AUC by sorting positives' and negatives' scores (Float64Array.sort), trapezoids over ties. */
function rocAucJs(t, p) {
  let nPos = 0;
  for (let i = 0; i < t.length; i++) nPos += t[i];
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(t.length - nPos);
  for (let i = 0, a = 0, b = 0; i < t.length; i++) {
    if (t[i] === 1) pos[a++] = p[i];
    else neg[b++] = p[i];
  }
  pos.sort();
  neg.sort();
  // walk both from the top: twice the area = Σ over distinct scores of N_i · (2·TP_before + P_i)
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let twice = 0;
  while (i >= 0 || j >= 0) {
    const v = Math.max(i >= 0 ? pos[i] : -Infinity, j >= 0 ? neg[j] : -Infinity);
    let P = 0;
    let N = 0;
    while (i >= 0 && pos[i] === v) { P++; i--; }
    while (j >= 0 && neg[j] === v) { N++; j--; }
    twice += N * (2 * tp + P);
    tp += P;
  }
  return twice / (2 * pos.length * neg.length);
}

function confusionFromScoresTfjs(t, p, C) {
  return tf.tidy(() => {
    const labels = tf.tensor1d(t, "int32");
    const predictions = tf.argMax(tf.tensor2d(p, [t.length, C]), 1);
    const m = tf.matMul(tf.cast(tf.oneHot(labels, C), "float32"), tf.cast(tf.oneHot(predictions, C), "float32"), true, false);
    return Float64Array.from(m.dataSync());
  });
}

// ---- inputs ----
const C = 10;
const inputs = {};
function scoresOf(rows) {
  const p = new Float32Array(rows * C);
  for (let i = 0; i < p.length; i++) p[i] = rand();
  return p;
}
function labelsOf(n) {
  return Int32Array.from({ length: n }, () => Math.floor(rand() * C));
}
for (const rows of [1e5, 1e6]) {
  const p = scoresOf(rows);
  inputs[rows] = { p, t: labelsOf(rows), q: labelsOf(rows) };
}
// softmax probabilities of a model that is right about 77% of the time (logits uniform in
// [0, 3), + 2 for the true class; the accuracy is measured and printed): the maximum sits at a predictable place more often, which helps the plain JS
// loop's branches (ours is branch-free, so the same either way)
const peaked = (() => {
  const rows = 1e6;
  const t = labelsOf(rows);
  const p = new Float32Array(rows * C);
  for (let r = 0; r < rows; r++) {
    let z = 0;
    for (let j = 0; j < C; j++) z += p[r * C + j] = Math.exp(3 * rand() + (j === t[r] ? 2 : 0));
    for (let j = 0; j < C; j++) p[r * C + j] /= z;
  }
  const q = argmaxJs(p, rows, C, new Int32Array(rows));
  let right = 0;
  for (let r = 0; r < rows; r++) right += q[r] === t[r] ? 1 : 0;
  return { t, p, accuracy: Math.round((100 * right) / rows) };
})();

const aucN = 1e6;
const aucT = Float32Array.from({ length: aucN }, () => (rand() < 0.3 ? 1 : 0));
const aucP = Float32Array.from({ length: aucN }, (_, i) => Math.fround(0.5 * rand() + 0.3 * aucT[i]));

function same(a, b, what) {
  if (a.length !== b.length) throw new Error(`${what}: length ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`${what}: [${i}] ${a[i]} vs ${b[i]}`);
}

/** A copy of `p` in an allocFloat32 buffer of `sl` (the zero-copy inputs). */
function placed(sl, p) {
  const buf = sl.allocFloat32(p.length);
  buf.array.set(p);
  return buf;
}

// ---- cases: [name, ours, peer, peer name], for each build ----
const cases = [];
for (const [build, sl] of Object.entries(libs)) {
  const at = cases.length;
  const aucBuf = placed(sl, aucP);
  for (const rows of [1e5, 1e6]) {
    const { p, t, q } = inputs[rows];
    const buf = placed(sl, p);
    const tag = `${rows === 1e5 ? "1e5" : "1e6"}×${C}`;
    const out = new Int32Array(rows);
    cases.push([`confusionMatrixFromScores ${tag} zero-copy`, () => sl.confusionMatrixFromScores(t, buf.array, { classes: C }), () => confusionFromScoresJs(t, p, C)]);
    cases.push([`confusionMatrixFromScores ${tag} copy`, () => sl.confusionMatrixFromScores(t, p, { classes: C }), () => confusionFromScoresJs(t, p, C)]);
    if (rows === 1e6 && tfjsWasm) {
      cases.push([`confusionMatrixFromScores ${tag} zero-copy`, () => sl.confusionMatrixFromScores(t, buf.array, { classes: C }), () => confusionFromScoresTfjs(t, p, C), "tfjs-wasm"]);
      cases.push([`confusionMatrixFromScores ${tag} copy`, () => sl.confusionMatrixFromScores(t, p, { classes: C }), () => confusionFromScoresTfjs(t, p, C), "tfjs-wasm"]);
    }
    cases.push([`argmax ${tag} zero-copy`, () => sl.argmax(buf.array, { classes: C }), () => argmaxJs(p, rows, C, out)]);
    cases.push([`argmax ${tag} copy`, () => sl.argmax(p, { classes: C }), () => argmaxJs(p, rows, C, out)]);
    cases.push([`confusionMatrix int32 ${rows === 1e5 ? "1e5" : "1e6"}`, () => sl.confusionMatrix(t, q, { classes: C }), () => confusionFromLabelsJs(t, q, C)]);
  }
  {
    const { t, p, accuracy } = peaked;
    const buf = placed(sl, p);
    cases.push([`confusionMatrixFromScores 1e6×${C} softmax ${accuracy}% right, zero-copy`, () => sl.confusionMatrixFromScores(t, buf.array, { classes: C }), () => confusionFromScoresJs(t, p, C)]);
    cases.push([`confusionMatrixFromScores 1e6×${C} softmax ${accuracy}% right, copy`, () => sl.confusionMatrixFromScores(t, p, { classes: C }), () => confusionFromScoresJs(t, p, C)]);
  }
  cases.push([`rocAuc 1e6 zero-copy`, () => sl.rocAuc(aucT, aucBuf.array), () => rocAucJs(aucT, aucP)]);
  cases.push([`rocAuc 1e6 copy`, () => sl.rocAuc(aucT, aucP), () => rocAucJs(aucT, aucP)]);
  for (let i = at; i < cases.length; i++) cases[i][0] = `${build} ${cases[i][0]}`;
}

for (let i = cases.length - 1; i >= 0; i--) if (!cases[i][0].includes(FILTER)) cases.splice(i, 1);
for (const [name, ours, js] of cases) {
  const a = ours();
  const b = js();
  if (typeof a === "number") {
    if (Math.abs(a - b) > 1e-12) throw new Error(`${name}: ${a} vs ${b}`);
  } else same(a, b, name);
}

const times = cases.map(() => ({ ours: [], js: [] }));
for (let r = 0; r < ROUNDS + 3; r++) {
  cases.forEach(([, ours, js], i) => {
    for (const [k, f] of [["ours", ours], ["js", js]]) {
      const t0 = process.hrtime.bigint();
      f();
      const dt = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r >= 3) times[i][k].push(dt); // the first 3 rounds warm up (tier-up of JS and wasm)
    }
  });
}

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], med: s[s.length >> 1] };
};
const cpu = os.cpus()[0].model;
console.log(`# metrics micro-bench, builds ${Object.keys(libs).join(", ")}, ${cpu}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}, ${ROUNDS} rounds`);
console.log(`| case | ours min ms | ours median | peer | peer min ms | peer median | ratio (min) | ratio (median) |`);
console.log(`|---|---:|---:|---|---:|---:|---:|---:|`);
cases.forEach(([name, , , peer = "plain JS"], i) => {
  const o = stat(times[i].ours);
  const j = stat(times[i].js);
  console.log(`| ${name} | ${o.min.toFixed(3)} | ${o.med.toFixed(3)} | ${peer} | ${j.min.toFixed(3)} | ${j.med.toFixed(3)} | ${(j.min / o.min).toFixed(2)}× | ${(j.med / o.med).toFixed(2)}× |`);
});
