/**
 * The one registry of bench cases. It drives the timed bench (bench/run.mjs) and the test that
 * keeps the bench from rotting (test/bench/registry.test.ts): every case runs there on tiny sizes
 * against its float64 reference, and every kernel simdloss exports must have a case.
 *
 * A case is one small object (see bench/cases/regression.mjs for a whole family):
 *
 *   {
 *     id: "meanSquaredError",        // unique; what --filter matches (with label)
 *     fn: "meanSquaredError",        // the simdloss export it calls: fn(...args(inputs), shape.options)
 *     label: "MSE", kind: "loss",    // "loss" → a number; "grad" → { loss, grad };
 *                                    // "array" → an array (softmax, argmax, a confusion matrix)
 *     family: "regression",
 *     shapes: [{ label: "1e6", n: 1e6, options: {} }, …],   // n = elements (for elements/s);
 *                                    // options are passed to simdloss (e.g. { features: 10 })
 *     quickShapes: ["1e5"],          // shape labels run by --quick (goal shapes are added,
 *     quickGoals?: false,            // unless quickGoals is false: keeps --quick within 60 s)
 *     tinyShapes: [{ label: "17", n: 17, options: {} }],  // what the registry test runs
 *     inputs: (shape, seed) => ({ yTrue, yPred }),
 *     args: (inputs) => [inputs.yTrue, inputs.yPred],     // positional arrays, in simdloss order
 *     reference: (inputs, shape) => ({ loss, grad? }),    // float64, written plainly
 *                                    // (array cases: { grad: the array }, no loss)
 *     output?: (result) => { loss?, grad? },  // maps what fn returns to the compared form, for
 *                                    // functions returning an object (e.g. a classification report)
 *     js: (inputs, shape) => () => number | { loss, grad } | array,  // plain JavaScript peer
 *     tfjs: (tf, ...tensors) => tensor,  // as a tfjs user writes it: a scalar for a loss (grad cases
 *                                    // take tf.valueAndGrad of it in the last tensor), the whole
 *                                    // tensor for an array case; read back with dataSync()
 *     tensors?: (tf, inputs, shape) => [tensor | value, …],  // what tfjs gets; default: each float arg as
 *                                    // [length / F, F] with F = options.features ?? options.classes
 *                                    // ?? 1, each Int32Array arg (labels) as a 1-d int32 tensor
 *     onnx?: (g, ...inputs) => output | { loss, grad },  // the ONNX graph onnxruntime-node runs
 *                                    // (bench/peers/onnx.mjs: inputs shaped as tfjs's default; g
 *                                    // adds ops, bench/peers/onnx-model.mjs); grad cases build
 *                                    // the gradient themselves (no autodiff there)
 *     outOption?: true,              // an array case whose fn takes { out } (softmax): zero-copy passes it
 *     c: "mse",                      // kernel name in bench/native (see native.mjs), or absent
 *     tolerance?: { loss, grad },    // relative error above which a result is "wrong" (0: exact,
 *                                    // for counts and indices)
 *     goals: [{ shape: "1e6", peer: "tfjs-wasm", atLeast: 8 }],  // simdloss ≥ 8× faster than
 *                                    // tfjs-wasm, checked for each SIMD build (relaxed, simd) on the
 *                                    // copy path; `impl: "zerocopy"` on the zero-copy path instead;
 *                                    // `impl: PEER` (e.g. "relaxed-zerocopy") for exactly that peer
 *   }
 *
 * Any peer may be left out of a case (absent `js`, `tfjs`, `onnx` or `c`): the report shows "n/a".
 *
 * Compared results have the form { loss?, grad? }: `loss` is the scalar a function returns (a
 * loss or a metric), `grad` the array (a gradient, or the output of an array case). A reference
 * without `loss` checks the array only.
 *
 * Adding a family (e.g. cross-entropy): a file bench/cases/crossentropy.mjs exporting its cases,
 * one line in CASES below. A sparse softmax CE case would use shapes like
 * { label: "1e4×100", n: 1e6, options: { classes: 100, fromLogits: true } }, inputs
 * { labels: Int32Array, logits: Float32Array }, args [labels, logits], and
 * tfjs: (tf, labels, logits) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits).
 * The C harness (bench/native/harness.c) has two signatures: (yTrue, yPred, n) float kernels and
 * (labels, logits, rows, classes) kernels with int32 labels; native.mjs passes `classes` (from
 * shape.options.classes, else 1) and writes each input array as raw little-endian bytes.
 */
import { REGRESSION_CASES } from "./cases/regression.mjs";
import { CROSSENTROPY_CASES } from "./cases/crossentropy.mjs";
import { METRICS_CASES } from "./cases/metrics.mjs";
import { CURVES_CASES } from "./cases/curves.mjs";
import { BUILDS as BUILD_LIST, buildOf, missingFlagsNote, usesSimd } from "../scripts/builds.mjs";

/** Every case. A new family adds its file in bench/cases/ and one line here. */
export const CASES = [
  ...REGRESSION_CASES,
  ...CROSSENTROPY_CASES,
  ...METRICS_CASES,
  ...CURVES_CASES,
];

/**
 * The simdloss builds, fastest first (scripts/builds.mjs, the one list of builds): the order the
 * loader prefers them in (`ready()` with no build picks the first one the engine validates). Each
 * runs as its own instance of the package.
 */
export const BUILDS = BUILD_LIST.map((b) => b.name);

/** The builds that use WebAssembly SIMD: each has a zero-copy peer too, and goals are checked on each. */
const SIMD_BUILDS = BUILD_LIST.filter(usesSimd);

/**
 * The implementations compared, in table order. simdloss peers name their `build` and `path`
 * ("copy": the public function on ordinary typed arrays; "zerocopy": inputs already in module
 * memory). Ratios are relative to the base peer: the copy path of the fastest build this engine
 * validates (see basePeer).
 */
export const PEERS = [
  ...BUILD_LIST.flatMap((b) => [
    { id: b.name, label: `simdloss ${b.label}`, build: b.name, path: "copy" },
    ...(usesSimd(b) ? [{ id: `${b.name}-zerocopy`, label: `simdloss ${b.label} zero-copy`, build: b.name, path: "zerocopy" }] : []),
  ]),
  // the fastest build's copy path on 2 threads (ready({ threads: 2 })), beside onnxruntime's 1 and 2
  ...BUILD_LIST.slice(0, 1).map((b) => ({ id: `${b.name}-2t`, label: `simdloss ${b.label} 2 threads`, build: b.name, path: "copy", threads: 2 })),
  { id: "tfjs-wasm", label: "tfjs-wasm" },
  { id: "tfjs-cpu", label: "tfjs-cpu" },
  // onnxruntime-node at intra-op threads 1 and 2 (bench/peers/onnx.mjs), on cases with an `onnx` graph
  { id: "onnxruntime-1t", label: "onnxruntime 1t", onnxThreads: 1 },
  { id: "onnxruntime-2t", label: "onnxruntime 2t", onnxThreads: 2 },
  { id: "js", label: "plain JS" },
  { id: "c-sse42", label: "C -O3 -msse4.2" },
  { id: "c-native", label: "C -O3 -march=native" },
];

/** The simdloss peer of (build, path), if any. */
export const buildPeer = (build, path = "copy") => PEERS.find((p) => p.build === build && p.path === path && !p.threads);

/** The simdloss peers that run on several threads: each has an instance of its own. */
export const THREADED_PEERS = PEERS.filter((p) => p.threads);

/**
 * Loads every simdloss build as its own instance of the package: `importFresh(build)` must return
 * a module not shared with any other build's (the bench imports dist/index.js?build=NAME; the test
 * imports src/ after vi.resetModules()), since ready() switches one instance's active build.
 * Returns { libs: { build: module }, unavailable: { build: reason }, threaded: { peer id: module } }:
 * a build the engine does not validate is unavailable (with the reason the loader gave), never
 * dropped. With `threaded`, each peer of THREADED_PEERS whose build loaded gets an instance of
 * its own too, ready on its thread count (`importFresh(peer.id)`).
 */
export async function loadBuilds(importFresh, builds = BUILDS, { threaded = false } = {}) {
  const libs = {};
  const unavailable = {};
  const threadedLibs = {};
  for (const build of builds) {
    const lib = await importFresh(build);
    try {
      const info = await lib.ready({ build, threads: 1 });
      if (info.build !== build) throw new Error(`ready({ build: "${build}" }) gave the ${info.build} build`);
      libs[build] = lib;
    } catch (e) {
      unavailable[build] = e.message + missingFlagsNote(buildOf(build));
    }
  }
  for (const peer of threaded ? THREADED_PEERS : []) {
    if (!libs[peer.build]) continue;
    const lib = await importFresh(peer.id);
    const info = await lib.ready({ build: peer.build, threads: peer.threads });
    if (info.threads !== peer.threads) unavailable[peer.id] = `ready({ threads: ${peer.threads} }) gave ${info.threads} thread(s)`;
    else threadedLibs[peer.id] = lib;
  }
  return { libs, unavailable, threaded: threadedLibs };
}

/** The base of every ratio: the copy path of the first (fastest) build in `libs`, in BUILDS order. */
export function basePeer(libs) {
  const build = BUILDS.find((b) => libs[b]);
  return build ? buildPeer(build).id : undefined;
}

/**
 * Prepares a simdloss peer on its build's instance: { run, dispose }, null (no such function), or
 * { unavailable: reason } when the engine does not validate the build.
 */
export function prepareBuildPeer(peer, { libs, unavailable, threaded }, kase, shape, inputs) {
  const lib = peer.threads ? threaded?.[peer.id] : libs[peer.build];
  if (!lib) {
    const why = unavailable[peer.build] ?? (peer.threads ? unavailable[peer.id] : undefined);
    return { unavailable: why ?? `the ${peer.build} build${peer.threads ? ` on ${peer.threads} threads` : ""} was not loaded` };
  }
  return peer.path === "zerocopy" ? prepareSimdlossZeroCopy(lib, kase, shape, inputs) : prepareSimdloss(lib, kase, shape, inputs);
}

/** The builds a goal is checked on (each on its own: a goal line says which build met it). */
export const GOAL_BUILDS = SIMD_BUILDS.map((b) => b.name);

/**
 * The peers a goal is checked for: `impl` absent or "copy" → the copy path of each GOAL_BUILDS
 * build; "zerocopy" → their zero-copy path; a peer id → that peer alone.
 */
export function goalTargets(goal) {
  const impl = goal.impl ?? "copy";
  if (impl === "copy" || impl === "zerocopy") return GOAL_BUILDS.map((b) => buildPeer(b, impl).id);
  return [impl];
}

/**
 * Relative errors beyond which a bench result is reported as wrong and not timed. They are loose
 * on purpose: a float32 sum over 1e7 elements may be off by ~1e-3 (tfjs sums in float32) and
 * that is inaccuracy, reported as such, not a wrong answer; a wrong formula or reduction is off
 * by far more. The registry test holds every peer to TEST_TOLERANCE at tiny sizes, where
 * rounding cannot hide a wrong formula.
 */
export const TOLERANCE = { loss: 1e-2, grad: 1e-3 };
export const TEST_TOLERANCE = { loss: 1e-5, grad: 1e-5 };

/** Exports of simdloss that are not kernels (setup, memory), besides classes. */
const NOT_KERNELS = new Set(["ready", "close", "backendInfo", "allocFloat32"]);

const isClass = (f) => /^class[\s{]/.test(Function.prototype.toString.call(f));

/** Names of the kernel functions a simdloss module exports (functions that are not classes). */
export function kernelExports(lib) {
  return Object.keys(lib)
    .filter((k) => typeof lib[k] === "function" && !NOT_KERNELS.has(k) && !isClass(lib[k]))
    .sort();
}

/** Kernel exports of `lib` that no case calls. */
export function uncoveredExports(lib, cases = CASES) {
  const covered = new Set(cases.map((c) => c.fn));
  return kernelExports(lib).filter((name) => !covered.has(name));
}

/** Cases whose id or label matches `filter` (case-insensitive substring), or all. */
export function selectCases(filter, cases = CASES) {
  if (!filter) return cases;
  const f = filter.toLowerCase();
  return cases.filter((c) => c.id.toLowerCase().includes(f) || c.label.toLowerCase().includes(f));
}

/** A result as { loss?, grad? }, whatever shape an implementation returned (an array → grad). */
export function normalize(result) {
  if (typeof result === "number") return { loss: result };
  if (ArrayBuffer.isView(result) || Array.isArray(result)) return { grad: result };
  return { loss: result.loss === undefined ? undefined : Number(result.loss), grad: result.grad };
}

/**
 * Compares a result with the float64 reference: relative error of the loss, and of the gradient
 * as max |g − g_ref| / max |g_ref| (normwise, so tiny components do not dominate).
 */
export function compare(result, ref, tolerance = TOLERANCE) {
  const r = normalize(result);
  let lossErr;
  let gradErr;
  let problem = null;
  if (ref.loss !== undefined) {
    lossErr = relError(r.loss, ref.loss);
    if (!(lossErr <= tolerance.loss)) problem = `value ${r.loss} vs reference ${ref.loss} (relative error ${fmtErr(lossErr)})`;
  }
  if (ref.grad) {
    if (!r.grad || r.grad.length !== ref.grad.length) {
      problem ??= `array missing or of length ${r.grad?.length} (expected ${ref.grad.length})`;
      gradErr = Infinity;
    } else {
      let maxDiff = 0, maxRef = 0, worst = 0;
      for (let i = 0; i < ref.grad.length; i++) {
        if (Number.isNaN(ref.grad[i]) && Number.isNaN(r.grad[i])) continue; // both undefined (e.g. the AUC of an absent class)
        const d = Math.abs(r.grad[i] - ref.grad[i]);
        if (!(d <= maxDiff)) { maxDiff = d; worst = i; }
        maxRef = Math.max(maxRef, Math.abs(ref.grad[i]));
      }
      gradErr = maxRef === 0 ? maxDiff : maxDiff / maxRef;
      if (!(gradErr <= tolerance.grad)) {
        const name = ref.loss === undefined ? "output" : "grad";
        problem ??= `${name}[${worst}] = ${r.grad[worst]} vs reference ${ref.grad[worst]} (normwise error ${fmtErr(gradErr)})`;
      }
    }
  }
  return { ok: problem === null, lossErr, gradErr, problem };
}

function relError(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
}

const fmtErr = (e) => (e === 0 ? "0" : e.toExponential(1));

// ---------------------------------------------------------------------------------------------
// Implementations. Each `prepare…` returns { run(): result, dispose() } or null (not applicable).

/** simdloss through the public API; inputs copied in by the library (the default path). */
export function prepareSimdloss(lib, kase, shape, inputs) {
  const f = lib[kase.fn];
  if (typeof f !== "function") return null;
  const args = kase.args(inputs);
  const options = shape.options;
  const output = kase.output;
  return { run: output ? () => output(f(...args, options)) : () => f(...args, options), dispose() {} };
}

/**
 * simdloss with its inputs (and, for grad cases and cases with `outOption`, the output array)
 * already in module memory (`allocFloat32`), so the call copies nothing.
 */
export function prepareSimdlossZeroCopy(lib, kase, shape, inputs) {
  const f = lib[kase.fn];
  if (typeof f !== "function") return null;
  const buffers = [];
  const place = (x) => {
    if (!(x instanceof Float32Array)) return () => x;
    const b = lib.allocFloat32(x.length);
    b.array.set(x);
    buffers.push(b);
    return () => b.array;
  };
  const getters = kase.args(inputs).map(place);
  let out = null;
  if (kase.kind === "grad" || kase.outOption) {
    out = lib.allocFloat32(kase.args(inputs).at(-1).length);
    buffers.push(out);
  }
  const options = shape.options;
  const call = out
    ? () => f(...getters.map((g) => g()), { ...options, out: out.array })
    : () => f(...getters.map((g) => g()), options);
  const output = kase.output;
  const run = output ? () => output(call()) : call;
  return { run, dispose: () => buffers.forEach((b) => b.free()) };
}

/** The plain JavaScript peer. */
export function prepareJs(kase, shape, inputs) {
  if (!kase.js) return null;
  return { run: kase.js(inputs, shape), dispose() {} };
}

/**
 * TensorFlow.js on its current backend: input tensors made once (not timed), the loss (or
 * tf.valueAndGrad of it in the last input) computed and read back with dataSync().
 */
export function prepareTfjs(tf, kase, shape, inputs) {
  if (!kase.tfjs) return null;
  const tensors = kase.tensors
    ? kase.tensors(tf, inputs, shape)
    : kase.args(inputs).map((x) => {
      if (x instanceof Int32Array) return tf.tensor1d(x, "int32"); // labels: one per row
      const F = shape.options.features ?? shape.options.classes ?? 1;
      return tf.tensor2d(x, [x.length / F, F]);
    });
  const dispose = () => tensors.forEach((t) => t?.dispose?.()); // `tensors` may pass plain values too (e.g. k)
  if (kase.kind === "grad") {
    const head = tensors.slice(0, -1);
    const valueAndGrad = tf.valueAndGrad((x) => kase.tfjs(tf, ...head, x));
    const last = tensors.at(-1);
    return {
      run: () => {
        const { value, grad } = valueAndGrad(last);
        const loss = value.dataSync()[0];
        const g = grad.dataSync();
        value.dispose();
        grad.dispose();
        return { loss, grad: g };
      },
      dispose,
    };
  }
  if (kase.kind === "array") {
    return {
      run: () => {
        const r = tf.tidy(() => kase.tfjs(tf, ...tensors));
        const values = r.dataSync();
        r.dispose();
        return values;
      },
      dispose,
    };
  }
  return {
    run: () => {
      const r = tf.tidy(() => kase.tfjs(tf, ...tensors));
      const loss = r.dataSync()[0];
      r.dispose();
      return loss;
    },
    dispose,
  };
}
