// Proof that a refactor changes no output: two builds of simdloss (each a folder holding its
// dist/ and build/, e.g. a copy of both taken before the change, and the work tree after it) run
// every public loss, metric and softmax export on random and special inputs (NaN, ±Infinity, 0,
// 1, huge, subnormal), with option variants (every reduction, weights, fromLogits, smoothing,
// focal and BCE parameters, classWeight, ignoreIndex, out, zero-copy inputs and outputs), in the
// relaxed, simd and scalar builds, and the raw vector-math exports (mathExpF32, ...) on a float32
// bit-pattern sweep. Outputs are compared bit for bit (a NaN equals any NaN; errors by class and
// message); the count of compared values is printed, and the exit code is 1 on any difference.
//
//   cp -r build dist /tmp/before/       # before the change (after `npm run build`)
//   npm run build                       # after it
//   node scripts/node-flags.mjs scripts/compare-builds.mjs /tmp/before "$PWD"
import { readFile } from "node:fs/promises";
import { BUILD_NAMES } from "./builds.mjs";

const [OLD_ROOT, NEW_ROOT] = process.argv.slice(2);
const oldLib = await import(`${OLD_ROOT}/dist/index.js`);
const newLib = await import(`${NEW_ROOT}/dist/index.js`);

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = {
  logit: [NaN, Infinity, -Infinity, 0, -0, 1e4, -1e4, 3e38, -3e38, 1e-40, 88.8, -87.4, -100, -20.5, -60, 40],
  prob: [0, 1, 1e-8, 1 - 1e-8, NaN, 1.5, -0.1, Infinity, 1e-40, 0.5, 1e-7, 0.9999999],
  target: [0, 1, 0.5, NaN, -1, 2, 1e-8, Infinity],
  reg: [NaN, Infinity, -Infinity, 0, -0, 1e20, -1e20, 1e-30, -1e-30, 1e-40, 3e38, 0.1, -0.2499, 0.25, 0.2501],
};

/** n float32 values of a kind; with `special`, about 12% are special values. */
function vals(seed, n, kind, special = false) {
  const r = rng(seed);
  const out = new Float32Array(n);
  const sp = SPECIAL[kind] ?? (kind === "soft" ? SPECIAL.prob : SPECIAL.reg);
  for (let i = 0; i < n; i++) {
    if (special && r() < 0.12) {
      out[i] = sp[Math.floor(r() * sp.length)];
      continue;
    }
    switch (kind) {
      case "logit": out[i] = -8 + 16 * r(); break;
      case "prob": out[i] = r(); break;
      case "target": out[i] = r() < 0.5 ? 0 : 1; break;
      case "soft": out[i] = r(); break;
      case "reg": out[i] = -10 + 20 * r(); break;
      case "tiny": out[i] = (r() - 0.5) * 1e-3; break;
      case "pos": out[i] = 0.01 + 5 * r(); break;
      case "pm1": out[i] = r() < 0.5 ? -1 : 1; break;
      case "weight": out[i] = r() < 0.1 ? 0 : 2 * r(); break;
    }
  }
  return out;
}

function labelsOf(seed, n, classes) {
  const r = rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * classes);
  return out;
}

function oneHotRows(seed, rows, classes, soft = false) {
  const r = rng(seed);
  const out = new Float32Array(rows * classes);
  for (let i = 0; i < rows; i++) {
    if (soft) {
      let s = 0;
      for (let c = 0; c < classes; c++) s += out[i * classes + c] = r();
      for (let c = 0; c < classes; c++) out[i * classes + c] /= s;
    } else {
      out[i * classes + Math.floor(r() * classes)] = 1;
    }
  }
  return out;
}

// ---- comparison -------------------------------------------------------------------------------

let compared = 0;
let mismatches = 0;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function sameNumber(a, b, single) {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (single) {
    f32[0] = a;
    const x = u32[0];
    f32[0] = b;
    return x === u32[0];
  }
  f64[0] = a;
  const x = u64[0];
  f64[0] = b;
  return x === u64[0];
}

function compare(what, a, b) {
  const fail = (msg) => {
    mismatches++;
    if (mismatches <= 30) console.log(`MISMATCH ${what}: ${msg}`);
  };
  if (typeof a === "number" || typeof b === "number") {
    compared++;
    if (typeof a !== typeof b || !sameNumber(a, b, false)) fail(`${a} vs ${b}`);
    return;
  }
  if (typeof a === "string" || typeof a === "boolean" || a === undefined || a === null) {
    compared++;
    if (a !== b) fail(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  if (typeof a === "function") {
    compare(`${what}()`, a(), b());
    return;
  }
  if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b) || a.constructor.name !== b.constructor.name || a.length !== b.length) {
      fail(`${a.constructor.name}(${a.length}) vs ${b?.constructor?.name}(${b?.length})`);
      return;
    }
    const single = a instanceof Float32Array;
    for (let i = 0; i < a.length; i++) {
      compared++;
      if (!sameNumber(a[i], b[i], single)) {
        fail(`[${i}] ${a[i]} vs ${b[i]}`);
        return;
      }
    }
    return;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return fail("array length");
    a.forEach((x, i) => compare(`${what}[${i}]`, x, b[i]));
    return;
  }
  if (a instanceof Error) {
    compared++;
    if (!(b instanceof Error) || a.name !== b.name || a.message !== b.message) fail(`${a.name}: ${a.message} vs ${b?.name}: ${b?.message}`);
    return;
  }
  const keys = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keys.join() !== keysB.join()) return fail(`keys ${keys} vs ${keysB}`);
  for (const k of keys) compare(`${what}.${k}`, a[k], b[k]);
}

/** Runs body(lib) on both libraries and compares; thrown errors are results too. */
function both(what, body) {
  const run = (lib) => {
    try {
      return body(lib);
    } catch (e) {
      if (e instanceof lib.SimdLossError) return e;
      throw e;
    }
  };
  compare(what, run(oldLib), run(newLib));
}

// ---- cases ------------------------------------------------------------------------------------

const REDUCTIONS = ["sum_over_batch_size", "mean", "sum", "none", "mean_with_sample_weight", "sum_by_nonzero_weights"];

const ELEMENTWISE = [
  ["meanSquaredError", "reg", "reg", [{}]],
  ["meanAbsoluteError", "reg", "reg", [{}]],
  ["meanAbsolutePercentageError", "reg", "reg", [{}]],
  ["meanSquaredLogarithmicError", "pos", "pos", [{}]],
  ["huber", "reg", "reg", [{}, { delta: 0.5 }, { delta: 3 }]],
  ["logCosh", "reg", "reg", [{}]],
  ["kullbackLeiblerDivergence", "soft", "prob", [{}]],
  ["poisson", "pos", "pos", [{}]],
  ["hinge", "pm1", "reg", [{}]],
  ["hinge", "target", "reg", [{}]],
  ["squaredHinge", "pm1", "reg", [{}]],
  ["squaredHinge", "target", "reg", [{}]],
  ["binaryCrossentropy", "target", "prob", [{}, { labelSmoothing: 0.1 }, { posWeight: 2.5 }, { posWeight: 0.5, labelSmoothing: 0.2 }]],
  ["binaryCrossentropy", "target", "logit", [
    { fromLogits: true }, { fromLogits: true, labelSmoothing: 0.1 }, { fromLogits: true, posWeight: 3 },
    { fromLogits: true, posWeight: 1 }, { fromLogits: true, posWeight: 0.25, labelSmoothing: 0.3 },
  ]],
  ["binaryCrossentropy", "soft", "logit", [{ fromLogits: true }]],
  ["binaryFocalCrossentropy", "target", "prob", [{}, { gamma: 0 }, { gamma: 1 }, { gamma: 1.5, alpha: 0.4, applyClassBalancing: true }, { labelSmoothing: 0.1, gamma: 3 }]],
  ["binaryFocalCrossentropy", "target", "logit", [
    { fromLogits: true }, { fromLogits: true, gamma: 0.5, applyClassBalancing: true }, { fromLogits: true, gamma: 2, alpha: 0.9, applyClassBalancing: true, labelSmoothing: 0.05 },
  ]],
  ["cosineSimilarity", "reg", "reg", [{}]],
];
const FEATURES = [1, 3, 4, 7, 16, 33];
const ROWS = [1, 5, 17, 64, 300];

function elementwiseCases(build) {
  let seed = 1;
  for (const [name, tk, pk, variants] of ELEMENTWISE) {
    for (const features of FEATURES) {
      for (const rows of ROWS) {
        if (rows * features > 12000) continue;
        const n = rows * features;
        for (const special of [false, true]) {
          seed++;
          const yTrue = vals(seed, n, tk, special && tk !== "target" && tk !== "pm1" ? true : special && seed % 3 === 0);
          const yPred = vals(seed + 7777, n, pk, special);
          const weights = vals(seed + 99, rows, "weight");
          for (const v of variants) {
            for (const reduction of REDUCTIONS) {
              for (const sw of [undefined, weights]) {
                if (sw && !["sum", "none", "mean_with_sample_weight", "sum_by_nonzero_weights"].includes(reduction) && reduction !== "sum_over_batch_size") continue;
                const options = { ...v, features, reduction, sampleWeight: sw };
                const tag = `${build} ${name} ${JSON.stringify(v)} r${rows}f${features} ${reduction} w${!!sw} sp${special}`;
                both(tag, (lib) => lib[name](yTrue, yPred, options));
                both(`${tag} grad`, (lib) => lib[`${name}WithGrad`](yTrue, yPred, options));
              }
            }
            // out given: plain and in module memory
            const o = { ...v, features };
            both(`${build} ${name} out`, (lib) => lib[`${name}WithGrad`](yTrue, yPred, { ...o, out: new Float32Array(n) }));
            both(`${build} ${name} out wasm`, (lib) => {
              const g = lib.allocFloat32(n);
              const p = lib.allocFloat32(n);
              p.array.set(yPred);
              const r = lib[`${name}WithGrad`](yTrue, p.array, { ...o, out: g.array });
              const res = { loss: r.loss, grad: g.array.slice() };
              g.free();
              p.free();
              return res;
            });
          }
        }
      }
    }
  }
}

const CLASSES = [1, 2, 3, 4, 5, 8, 10, 15, 16, 17, 31, 32, 33, 100, 255, 256, 257, 300];
const CROWS = [1, 3, 4, 5, 8, 9, 13];

function rowCases(build) {
  let seed = 100000;
  for (const classes of CLASSES) {
    for (const rows of CROWS) {
      for (const mode of ["clean", "special", "hot"]) {
        seed++;
        const n = rows * classes;
        const special = mode === "special";
        const logits = vals(seed, n, "logit", special);
        if (mode === "hot") {
          // one huge logit per row, at a position that walks through the row
          for (let r = 0; r < rows; r++) logits[r * classes + ((r * 7 + seed) % classes)] = r % 2 ? 1e4 : 3e38;
        }
        const probs = vals(seed + 1, n, "prob", special);
        const yHot = oneHotRows(seed + 2, rows, classes);
        const ySoft = oneHotRows(seed + 3, rows, classes, true);
        const labels = labelsOf(seed + 4, rows, classes);
        const weights = vals(seed + 5, rows, "weight");
        const classWeight = vals(seed + 6, classes, "weight");
        const tag = `${build} C${classes} R${rows} ${mode}`;
        for (const reduction of ["sum_over_batch_size", "none", "mean_with_sample_weight", "sum_by_nonzero_weights"]) {
          for (const sw of [undefined, weights]) {
            const base = { classes, reduction, sampleWeight: sw };
            for (const extra of [{}, { labelSmoothing: 0.1 }, { classWeight }, { labelSmoothing: 0.2, classWeight }]) {
              for (const fromLogits of [false, true]) {
                const x = fromLogits ? logits : probs;
                const o = { ...base, ...extra, fromLogits };
                for (const y of [yHot, ySoft]) {
                  both(`${tag} cce ${JSON.stringify(o)}`, (lib) => lib.categoricalCrossentropy(y, x, o));
                  both(`${tag} cce grad`, (lib) => lib.categoricalCrossentropyWithGrad(y, x, o));
                  for (const fo of [{}, { gamma: 0 }, { gamma: 1, alpha: 1 }, { gamma: 2.5, alpha: 0.5 }]) {
                    both(`${tag} cfocal ${JSON.stringify(fo)}`, (lib) => lib.categoricalFocalCrossentropyWithGrad(y, x, { ...o, ...fo }));
                    both(`${tag} cfocal loss`, (lib) => lib.categoricalFocalCrossentropy(y, x, { ...o, ...fo }));
                  }
                }
                both(`${tag} scce`, (lib) => lib.sparseCategoricalCrossentropy(labels, x, o));
                both(`${tag} scce grad`, (lib) => lib.sparseCategoricalCrossentropyWithGrad(labels, x, o));
                const ign = Int32Array.from(labels, (l, i) => (i % 3 === 1 ? -100 : l));
                both(`${tag} scce ignore`, (lib) => lib.sparseCategoricalCrossentropyWithGrad(ign, x, { ...o, ignoreIndex: -100 }));
                both(`${tag} scce ignore loss`, (lib) => lib.sparseCategoricalCrossentropy(ign, x, { ...o, ignoreIndex: -100 }));
              }
            }
            both(`${tag} chinge`, (lib) => lib.categoricalHinge(yHot, logits, base));
            both(`${tag} chinge grad`, (lib) => lib.categoricalHingeWithGrad(ySoft, logits, base));
            both(`${tag} cos`, (lib) => lib.cosineSimilarityWithGrad(ySoft, logits, { ...base, classes: undefined, features: classes }));
          }
        }
        both(`${tag} softmax`, (lib) => lib.softmax(logits, { classes }));
        both(`${tag} logSoftmax`, (lib) => lib.logSoftmax(logits, { classes }));
        both(`${tag} softmax out`, (lib) => lib.softmax(logits, { classes, out: new Float32Array(n) }));
        both(`${tag} logSoftmax wasm in place`, (lib) => {
          const b = lib.allocFloat32(n);
          b.array.set(logits);
          const r = lib.logSoftmax(b.array, { classes, out: b.array }).slice();
          b.free();
          return r;
        });
        both(`${tag} ce wasm`, (lib) => {
          const b = lib.allocFloat32(n);
          const g = lib.allocFloat32(n);
          b.array.set(logits);
          const r = lib.sparseCategoricalCrossentropyWithGrad(labels, b.array, { classes, fromLogits: true, out: g.array });
          const res = { loss: r.loss, grad: g.array.slice() };
          b.free();
          g.free();
          return res;
        });
        // metrics on the same rows
        both(`${tag} argmax`, (lib) => lib.argmax(logits, { classes }));
        both(`${tag} argmax probs`, (lib) => lib.argmax(probs, { classes }));
        for (const sw of [undefined, weights]) {
          both(`${tag} catacc`, (lib) => lib.categoricalAccuracy(yHot, logits, { classes, sampleWeight: sw }));
          both(`${tag} sparseacc`, (lib) => lib.sparseCategoricalAccuracy(labels, logits, { classes, sampleWeight: sw }));
          for (const k of [1, 2, 5]) {
            both(`${tag} topk`, (lib) => lib.topKCategoricalAccuracy(yHot, logits, { classes, k, sampleWeight: sw }));
            both(`${tag} sparsetopk`, (lib) => lib.sparseTopKCategoricalAccuracy(labels, logits, { classes, k, sampleWeight: sw }));
          }
          both(`${tag} cmScores`, (lib) => lib.confusionMatrixFromScores(labels, logits, { classes, weights: sw }));
          both(`${tag} cmScores probs`, (lib) => lib.confusionMatrixFromScores(labels, probs, { classes, weights: sw }));
          const preds = labelsOf(seed + 9, rows, classes);
          both(`${tag} cm`, (lib) => lib.confusionMatrix(labels, preds, { classes, weights: sw }));
          both(`${tag} report`, (lib) => lib.classificationReport(labels, preds, { classes, sampleWeight: sw }));
        }
        if (classes <= 32) {
          both(`${tag} ovr`, (lib) => lib.rocAucOneVsRest(labels, probs, { classes }));
          both(`${tag} auc classes`, (lib) => lib.rocAuc(labels, probs, { classes }));
        }
        both(`${tag} leakage`, (lib) => lib.findLeakage(logits, logits.slice(0, Math.max(classes, n - classes)), { rowLength: classes }));
      }
    }
  }
  // a label out of range at every position of a longer array (the kernels report the first)
  for (const classes of [2, 5, 17, 100]) {
    const rows = 37;
    const labels = labelsOf(5, rows, classes);
    const scores = vals(6, rows * classes, "logit");
    for (let at = 0; at < rows; at++) {
      const bad = labels.slice();
      bad[at] = at % 2 ? classes : -1;
      both(`${build} cm bad ${at}`, (lib) => lib.confusionMatrix(bad, labels, { classes }));
      both(`${build} cm bad pred ${at}`, (lib) => lib.confusionMatrix(labels, bad, { classes }));
      both(`${build} cmScores bad ${at}`, (lib) => lib.confusionMatrixFromScores(bad, scores, { classes }));
    }
  }
}

function binaryMetricCases(build) {
  let seed = 500000;
  for (const n of [0, 1, 3, 4, 5, 7, 8, 31, 33, 257, 1000, 4099]) {
    for (const special of [false, true]) {
      seed++;
      const yTrue = vals(seed, n, "target");
      const scores = vals(seed + 1, n, "prob", special);
      const weights = vals(seed + 2, n, "weight");
      for (const threshold of [undefined, 0, 0.5, 0.25]) {
        for (const sw of [undefined, weights]) {
          both(`${build} binacc ${n}`, (lib) => lib.binaryAccuracy(yTrue, scores, { threshold, sampleWeight: sw }));
          both(`${build} bincm ${n}`, (lib) => lib.binaryConfusionMatrix(yTrue, scores, { threshold, weights: sw }));
        }
      }
      for (const features of [2, 3]) {
        if (n % features) continue;
        both(`${build} binacc f${features}`, (lib) => lib.binaryAccuracy(yTrue, scores, { features, sampleWeight: vals(seed + 3, n / features, "weight") }));
      }
      if (!special) {
        const q = Float32Array.from(scores, (x) => Math.round(x * 20) / 20);
        both(`${build} auc ${n}`, (lib) => lib.rocAuc(yTrue, scores));
        both(`${build} auc ties ${n}`, (lib) => lib.rocAuc(yTrue, q));
        both(`${build} ap ${n}`, (lib) => lib.averagePrecision(yTrue, scores));
        both(`${build} prauc ${n}`, (lib) => lib.prAuc(yTrue, q));
        both(`${build} auc f64 ${n}`, (lib) => lib.rocAuc(yTrue, Array.from(scores, (x) => x * 1.0000001)));
        both(`${build} aucacc ${n}`, (lib) => {
          const acc = new lib.AucAccumulator();
          acc.update(yTrue.subarray(0, n >> 1), scores.subarray(0, n >> 1));
          acc.update(yTrue.subarray(n >> 1), q.subarray(n >> 1));
          return { auc: acc.result(), ap: acc.averagePrecision(), json: acc.toJSON() };
        });
      } else {
        both(`${build} auc nan ${n}`, (lib) => lib.rocAuc(yTrue, scores));
      }
    }
  }
  // accumulators
  for (const classes of [2, 3, 10, 70]) {
    const acc = (lib) => {
      const a = new lib.ConfusionMatrixAccumulator({ classes });
      for (let b = 0; b < 3; b++) {
        const labels = labelsOf(900 + b, 50, classes);
        a.update(labels, labelsOf(950 + b, 50, classes), b === 1 ? { weights: vals(960, 50, "weight") } : undefined);
        a.updateFromScores(labels, vals(970 + b, 50 * classes, "logit", b === 2));
      }
      return { m: a.result(), report: a.report() };
    };
    both(`${build} cmacc ${classes}`, acc);
  }
  both(`${build} lossacc`, (lib) => {
    const a = new lib.LossAccumulator();
    a.update(vals(1, 100, "reg"), vals(2, 100, "weight"));
    a.update(3.5, 7);
    return { r: a.result(), j: a.toJSON() };
  });
  both(`${build} reportFromMatrix`, (lib) => lib.classificationReportFromMatrix(Float64Array.from({ length: 16 }, (_, i) => (i * 7) % 5)));
}

async function mathKernels(build) {
  const inst = async (root) => {
    const { instance } = await WebAssembly.instantiate(await readFile(`${root}/build/simdloss.${build}.wasm`), { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) } });
    return instance.exports;
  };
  const a = await inst(OLD_ROOT);
  const b = await inst(NEW_ROOT);
  const N = 1 << 20;
  const bits = new Uint32Array(N);
  for (const ex of [a, b]) {
    const need = ex.heapBase() + 8 * N + 64;
    if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
  }
  for (const kernel of ["mathExpF32", "mathLogF32", "mathLog1pF32", "mathLog1pUnitF32", "mathSoftplusF32", "mathExpMinusF32"]) {
    for (let chunk = 0; chunk < 4; chunk++) {
      for (let i = 0; i < N; i++) bits[i] = (Math.imul(i, 4093) + chunk * 0x40000001) >>> 0;
      if (kernel === "mathLog1pUnitF32") for (let i = 0; i < N; i++) bits[i] = Math.fround(((i + chunk * N) % 4194304) / 4194304) === 0 ? 0 : new Uint32Array(Float32Array.of(((i * 4 + chunk) % 4194304) / 4194303).buffer)[0];
      if (kernel === "mathExpMinusF32") for (let i = 0; i < N; i++) bits[i] |= 0x80000000;
      const outs = [a, b].map((ex) => {
        const x = (ex.heapBase() + 15) & ~15;
        const out = x + 4 * N;
        new Uint32Array(ex.memory.buffer, x, N).set(bits);
        ex[kernel](x, N - (chunk & 3), out); // lengths with every tail
        return new Float32Array(ex.memory.buffer, out, N - (chunk & 3)).slice();
      });
      compare(`${build} ${kernel} chunk ${chunk}`, outs[0], outs[1]);
    }
  }
}

for (const build of BUILD_NAMES) {
  await oldLib.ready({ build });
  await newLib.ready({ build });
  const before = compared;
  elementwiseCases(build);
  rowCases(build);
  binaryMetricCases(build);
  await mathKernels(build);
  console.log(`${build}: ${compared - before} values compared, ${mismatches} mismatches so far`);
}
console.log(`total: ${compared} values compared, ${mismatches} mismatches`);
process.exit(mismatches ? 1 : 0);
