// The thread pool in the browser (test/browser/threads.test.ts): runs a set of kernels, one or
// more per family the pool splits, on seeded inputs of many chunks (several MB) at the thread
// count asked for, and returns for each the value's float64 bits, a hash of each output's bytes
// (to compare thread counts bit for bit) and its largest error against a float64 reference
// written here from the formulas (not from simdloss). Inputs and references are made once per
// page.
import * as sl from "simdloss";

/** Seeded uniform floats in [lo, hi) (mulberry32), as float32. */
function uniform(seed, n, lo, hi) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** 32-bit FNV-1a of an array's bytes. */
function hash(x) {
  const b = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return (h >>> 0).toString(16);
}

/** A float64's bits, as hex (bit-identical results compare equal, NaN and −0 included). */
function bits(v) {
  return Array.from(new Uint8Array(Float64Array.of(v).buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Largest |got − want| / (|want| + floor) over an array. */
function arrayError(got, want, floor) {
  if (got.length !== want.length) return Infinity;
  let e = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]) / (Math.abs(want[i]) + floor);
    if (!(d <= e)) e = d; // NaN wins
  }
  return e;
}
const valueError = (got, want) => Math.abs(got - want) / Math.abs(want);

const N = 1_000_003; // elementwise losses: 4 MB per array
const ROWS = 100_003; // row losses: ROWS × CLASSES logits, 4 MB
const CLASSES = 10;
const AUC_N = 400_003; // one chunk's worth and more: the sort-based metric runs whole

let data;
/** The inputs, and their float64 references. */
function inputs() {
  if (data !== undefined) return data;
  const t = uniform(1, N, -2, 2);
  const p = uniform(2, N, -2, 2);
  const z = uniform(3, N, 0, 1); // BCE targets
  const x = uniform(4, N, -30, 30); // BCE logits
  const logits = uniform(5, ROWS * CLASSES, -4, 4);
  const labels = Int32Array.from(uniform(6, ROWS, 0, CLASSES), Math.floor);
  const auc = uniform(7, AUC_N, 0, 1).map((s) => Math.round(s * 1000) / 1000); // ties
  const aucTrue = uniform(8, AUC_N, 0, 1).map((u, i) => (u < 0.3 + 0.4 * auc[i] ? 1 : 0));

  // MSE: mean (p − t)², gradient 2 (p − t) / n
  let mse = 0;
  const mseGrad = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const d = p[i] - t[i];
    mse += d * d;
    mseGrad[i] = (2 * d) / N;
  }
  // BCE from logits: mean max(x, 0) − x z + log(1 + e^−|x|), gradient (σ(x) − z) / n
  let bce = 0;
  const bceGrad = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    bce += Math.max(x[i], 0) - x[i] * z[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
    bceGrad[i] = (1 / (1 + Math.exp(-x[i])) - z[i]) / N;
  }
  // sparse CE from logits: mean log Σ e^x − x_label; gradient (softmax − onehot) / rows;
  // softmax; argmax (first of ties) and accuracy
  let ce = 0;
  let correct = 0;
  const softmax = new Float64Array(ROWS * CLASSES);
  const ceGrad = new Float64Array(ROWS * CLASSES);
  const argmax = new Int32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const o = r * CLASSES;
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < CLASSES; c++) if (logits[o + c] > max) [max, arg] = [logits[o + c], c];
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) sum += Math.exp(logits[o + c] - max);
    ce += max + Math.log(sum) - logits[o + labels[r]];
    for (let c = 0; c < CLASSES; c++) {
      softmax[o + c] = Math.exp(logits[o + c] - max) / sum;
      ceGrad[o + c] = (softmax[o + c] - (c === labels[r] ? 1 : 0)) / ROWS;
    }
    argmax[r] = arg;
    if (arg === labels[r]) correct++;
  }
  // ROC AUC: the Mann–Whitney statistic, tied scores at their average rank
  const order = Array.from(auc.keys()).sort((i, j) => auc[i] - auc[j]);
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < AUC_N; ) {
    let e = k;
    while (e < AUC_N && auc[order[e]] === auc[order[k]]) e++;
    const rank = (k + 1 + e) / 2;
    for (let m = k; m < e; m++) if (aucTrue[order[m]] === 1) {
      positives++;
      rankSum += rank;
    }
    k = e;
  }
  const negatives = AUC_N - positives;
  const rocAuc = (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);

  data = {
    t, p, z, x, logits, labels, auc, aucTrue,
    ref: {
      mse: mse / N, mseGrad, bce: bce / N, bceGrad, ce: ce / ROWS, ceGrad, softmax, argmax,
      accuracy: correct / ROWS, rocAuc,
    },
  };
  return data;
}

/** name → () => { value, outputs: { name: [array, reference, floor] } }. */
function cases(d) {
  const { ref } = d;
  const ce = { classes: CLASSES, fromLogits: true };
  const gradOf = (r, grad, floor) => ({ value: r.loss, outputs: { grad: [r.grad, grad, floor] } });
  return {
    meanSquaredErrorWithGrad: () => [ref.mse, gradOf(sl.meanSquaredErrorWithGrad(d.t, d.p), ref.mseGrad, 1e-7 / N)],
    // σ(x) − z is a difference of numbers up to 1: its error is measured against 1 / n
    binaryCrossentropyWithGrad: () =>
      [ref.bce, gradOf(sl.binaryCrossentropyWithGrad(d.z, d.x, { fromLogits: true }), ref.bceGrad, 1 / N)],
    sparseCategoricalCrossentropy: () => [ref.ce, { value: sl.sparseCategoricalCrossentropy(d.labels, d.logits, ce), outputs: {} }],
    sparseCategoricalCrossentropyWithGrad: () =>
      [ref.ce, gradOf(sl.sparseCategoricalCrossentropyWithGrad(d.labels, d.logits, ce), ref.ceGrad, 1e-7 / ROWS)],
    "sparseCategoricalCrossentropyWithGrad into out": () => {
      const out = new Float32Array(ROWS * CLASSES);
      const r = sl.sparseCategoricalCrossentropyWithGrad(d.labels, d.logits, { ...ce, out });
      if (r.grad !== out) throw new Error("the gradient is not options.out");
      return [ref.ce, gradOf(r, ref.ceGrad, 1e-7 / ROWS)];
    },
    softmax: () => [NaN, { value: NaN, outputs: { out: [sl.softmax(d.logits, { classes: CLASSES }), ref.softmax, 1e-7] } }],
    argmax: () => [NaN, { value: NaN, outputs: { out: [sl.argmax(d.logits, { classes: CLASSES }), ref.argmax, 1] } }],
    sparseCategoricalAccuracy: () =>
      [ref.accuracy, { value: sl.sparseCategoricalAccuracy(d.labels, d.logits, { classes: CLASSES }), outputs: {} }],
    rocAuc: () => [ref.rocAuc, { value: sl.rocAuc(d.aucTrue, d.auc), outputs: {} }],
  };
}

/**
 * ready({ build, threads }), then every case: { info, cases: { name: { bits, hashes, error } } }
 * (error: the largest relative error of the value and the outputs against the reference).
 */
async function run(build, threads) {
  const info = await sl.ready({ build, threads });
  const d = inputs();
  const results = {};
  for (const [name, call] of Object.entries(cases(d))) {
    const [want, { value, outputs }] = call();
    const hashes = {};
    let error = Number.isNaN(want) ? 0 : valueError(value, want);
    for (const [key, [got, ref, floor]] of Object.entries(outputs)) {
      hashes[key] = hash(got);
      error = Math.max(error, arrayError(got, ref, floor));
    }
    results[name] = { bits: bits(value), hashes, error };
  }
  return { info, cases: results };
}

/** A call's error as plain data (null when it did not throw). */
function thrown(f) {
  try {
    f();
    return null;
  } catch (e) {
    return { label: e instanceof sl.LabelError, message: String(e?.message ?? e) };
  }
}

/**
 * Bad class ids in several chunks (the first at `first`): what sparse cross-entropy and a
 * confusion matrix throw, at `threads`, and whether the pool computes a good call right afterwards.
 */
async function badLabels(build, threads) {
  const info = await sl.ready({ build, threads });
  const d = inputs();
  const labels = d.labels.slice();
  const first = 31_337;
  labels[77_001] = CLASSES;
  labels[first] = -1;
  labels[95_000] = 12;
  const predictions = sl.argmax(d.logits, { classes: CLASSES });
  const ce = thrown(() => sl.sparseCategoricalCrossentropy(labels, d.logits, { classes: CLASSES, fromLogits: true }));
  const confusion = thrown(() => sl.confusionMatrix(labels, predictions, { classes: CLASSES }));
  const after = sl.sparseCategoricalCrossentropy(d.labels, d.logits, { classes: CLASSES, fromLogits: true });
  return { info, first, ce, confusion, afterError: valueError(after, d.ref.ce), threadsAfter: sl.backendInfo().threads };
}

async function close() {
  await sl.close();
  return sl.backendInfo();
}

const ready = async (options) => ({ info: await sl.ready(options), isolated: globalThis.crossOriginIsolated === true });

window.simdlossThreads = { run, badLabels, close, ready };
window.simdlossThreadsReady = true;
