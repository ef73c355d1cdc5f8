// Runs one case of test/browser/cases.ts inside the browser: builds the typed arrays, calls the
// exported function on the requested build, and returns the result as plain data (typed arrays
// become { type, values }; errors become { error: { name, message, classes } }).
import * as sl from "simdloss";

// Calling a kernel before ready() must throw NotReadyError: checked once, at page load.
let notReady;
try {
  sl.meanSquaredError([1], [2]);
  notReady = { error: null };
} catch (e) {
  notReady = describeError(e);
}

const ARRAYS = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array };

function describeError(e) {
  const classes = Object.keys(sl).filter((k) => /^[A-Z]\w*Error$/.test(k) && typeof sl[k] === "function" && e instanceof sl[k]);
  return { error: { name: e?.name, message: String(e?.message ?? e), classes } };
}

/** Float32 bytes ↔ base64 (how float data travels between Node and the page: exactly, and fast for 1e5 elements). */
function fromBase64(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
function toBase64(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** A Node-side argument: { array, values | b64, wasm? } → a typed array (in module memory if wasm). */
function build(arg, buffers) {
  if (arg === null || typeof arg !== "object" || !("array" in arg)) return arg;
  const values = arg.b64 !== undefined ? fromBase64(arg.b64) : ARRAYS[arg.array].from(arg.values);
  if (arg.wasm) {
    const buffer = sl.allocFloat32(values.length);
    buffers.push(buffer);
    buffer.array.set(values);
    return buffer.array;
  }
  return values;
}

/**
 * Plain data for the Node side: float arrays as { type, b64 } of their bytes, other typed arrays
 * as { type, values }, and numbers JSON cannot carry (NaN, ±Infinity, −0) as { number: "NaN" }.
 */
function plain(value) {
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0) ? value : { number: Object.is(value, -0) ? "-0" : String(value) };
  if (value instanceof Float32Array || value instanceof Float64Array) return { type: value.constructor.name, b64: toBase64(value) };
  if (ArrayBuffer.isView(value)) return { type: value.constructor.name, values: Array.from(value) };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== "function") out[k] = plain(v);
    if (typeof value.format === "function") out.formatted = value.format();
    return out;
  }
  return value;
}

/**
 * spec: { build: "relaxed" | "simd" | "scalar", fn, args, options?, gradOutInWasm?, freeBefore? }.
 * gradOutInWasm: options.out is a WasmFloat32Buffer's view; the reply says whether grad is it.
 * freeBefore: free the module-memory arguments before the call (must throw StaleViewError).
 */
async function runCase(spec) {
  const info = await sl.ready({ build: spec.build });
  const buffers = [];
  try {
    const args = spec.args.map((a) => build(a, buffers));
    let out = null;
    if (spec.gradOutInWasm) {
      out = sl.allocFloat32(spec.gradOutInWasm);
      buffers.push(out);
    }
    if (spec.freeBefore) for (const b of buffers) b.free();
    const options = out ? { ...(spec.options ?? {}), out: out.array } : spec.options;
    const call = options === undefined ? sl[spec.fn](...args) : sl[spec.fn](...args, options);
    const reply = { build: info.build, result: plain(call) };
    if (out) reply.gradIsOut = call.grad.buffer === out.array.buffer && call.grad.byteOffset === out.array.byteOffset;
    return reply;
  } catch (e) {
    return { build: info.build, ...describeError(e) };
  } finally {
    for (const b of buffers) b.free();
  }
}

/** The exported functions (not classes) and the engine's SIMD support, for the coverage test. */
function inventory() {
  const functions = Object.keys(sl).filter((k) => typeof sl[k] === "function" && !/^[A-Z]/.test(k));
  return { functions, notReady, userAgent: navigator.userAgent };
}

window.simdlossTest = { runCase, inventory };
window.simdlossTestReady = true;
