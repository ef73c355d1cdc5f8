/**
 * The onnxruntime-node peer: the native runtime (MLAS kernels, its own thread pool) a Node user
 * would pick for high-throughput loss computation. Each case that has an `onnx` graph (see
 * bench/cases/) is built as an ONNX model in code (bench/peers/onnx-model.mjs, no model file),
 * and run the way a user runs it:
 *
 *   - one InferenceSession per (case, size, thread count), created before timing, on the CPU
 *     execution provider with intraOpNumThreads = 1 or 2 (the registry's "onnxruntime 1t" and
 *     "onnxruntime 2t" peers), interOpNumThreads = 1 and the sequential execution mode, every
 *     graph optimization on, the CPU memory arena off (see sessionOptions), and otherwise
 *     onnxruntime's defaults (intra-op threads spin a while when they run out of work);
 *   - the inputs as ort.Tensors made once before timing: `new ort.Tensor(type, typedArray, dims)`
 *     keeps the typed array itself (no copy; the registry test checks `tensor.data === array`),
 *     and the native binding reads the array's memory in place;
 *   - each timed call is `await session.run(feeds)` (run is asynchronous: the binding runs the
 *     graph on the next turn of the event loop) and reads the outputs' `data` (a loss as
 *     data[0], a gradient or array output as the Float32Array onnxruntime returns).
 *
 * Input shapes follow the tfjs peer's: labels (Int32Array) as an int32 [rows] tensor, every float
 * input as [length / F, F] with F = options.features ?? options.classes ?? 1.
 *
 * onnxruntime-node is a devDependency: where it is not installed (or its native library does not
 * load) the bench reports its peers skipped, with the reason.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { onnxModel } from "./onnx-model.mjs";

const require = createRequire(import.meta.url);

/**
 * The session options of an "onnxruntime Nt" peer. The CPU memory arena is off: with it on, the
 * graphs that return a gradient (an output as large as the input, handed to JavaScript) ran
 * several times slower in median, with a bimodal spread, while the loss-only graphs ran the same;
 * the peer runs in its faster setting, as a user who measured would.
 */
export function sessionOptions(threads) {
  return {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableCpuMemArena: false,
  };
}

/**
 * Imports onnxruntime-node (which loads its native library) and runs a one-node model on the CPU
 * provider. Returns { ort, version }, or { unavailable: reason } when the package or its native
 * library does not load. Once it has loaded, a failing test model is a bug here (in the model
 * encoding): that throws, never reads as "unavailable".
 */
export async function loadOnnxRuntime() {
  let ort;
  try {
    ort = await import("onnxruntime-node");
  } catch (e) {
    return { unavailable: `onnxruntime-node did not load: ${String(e?.message ?? e).split("\n")[0]}` };
  }
  const model = onnxModel([{ name: "x", type: "float32", dims: [2] }], (g, x) => g.op("Abs", [x]));
  const session = await ort.InferenceSession.create(model.bytes, sessionOptions(1));
  const out = await session.run({ x: new ort.Tensor("float32", Float32Array.of(-1.5, 2), [2]) });
  await session.release();
  const got = Array.from(out[model.outputs].data);
  if (got[0] !== 1.5 || got[1] !== 2) throw new Error(`onnxruntime-node: a test model gave ${got} for Abs(-1.5, 2)`);
  const version = JSON.parse(readFileSync(require.resolve("onnxruntime-node/package.json"), "utf8")).version;
  return { ort, version };
}

/** Graph inputs for a case's arguments: int32 labels as [rows], floats as [rows, F]. */
export function graphInputs(kase, shape, args) {
  const F = shape.options.features ?? shape.options.classes ?? 1;
  return args.map((x, i) => {
    if (x instanceof Int32Array) return { name: `in${i}`, type: "int32", dims: [x.length] };
    if (x instanceof Float32Array) return { name: `in${i}`, type: "float32", dims: [x.length / F, F] };
    throw new TypeError(`${kase.id}: the onnxruntime peer takes Int32Array and Float32Array arguments, not ${x?.constructor?.name}`);
  });
}

/**
 * Prepares the onnxruntime peer `peer` ({ onnxThreads }) of a case: null when the case has no
 * graph, else { async: true, run(): Promise<result>, tensors, dispose() } (tensors: the feeds, for
 * the test's no-copy check). The session is created here, not in run().
 */
export async function prepareOnnx({ ort }, peer, kase, shape, inputs) {
  if (!kase.onnx) return null;
  const args = kase.args(inputs);
  const specs = graphInputs(kase, shape, args);
  const { bytes, outputs } = onnxModel(specs, kase.onnx);
  const session = await ort.InferenceSession.create(bytes, sessionOptions(peer.onnxThreads));
  const tensors = specs.map((s, i) => new ort.Tensor(s.type, args[i], s.dims));
  const feeds = Object.fromEntries(specs.map((s, i) => [s.name, tensors[i]]));
  const read = typeof outputs === "string"
    ? (r) => (kase.kind === "array" ? r[outputs].data : r[outputs].data[0])
    : (r) => ({ loss: r[outputs.loss].data[0], grad: r[outputs.grad].data });
  return {
    async: true,
    run: async () => read(await session.run(feeds)),
    tensors,
    dispose: () => session.release().catch(() => {}),
  };
}
