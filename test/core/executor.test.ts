// The streaming executor (src/core/run.ts), for every kernel of the table (the cases are generated
// from it, so a new kernel is covered without a new test):
// - at random row counts around every chunk boundary (1, 2 and 3 chunks, ± a row), the copy path
//   (plain arrays, new outputs or the caller's `out`), the zero-copy path (every float32 array in
//   module memory), a mixed call and converted sources (Float64Array, number[] of the same float32
//   values) give bit-identical results: the same merged value, the same bytes in every output;
// - the chunked call agrees with ONE whole call of the raw kernel on its own instance of the
//   build (per-row and per-element outputs and accumulators bit for bit, sums to rounding): the
//   partition is invisible apart from the order of the float64 additions;
// - values at multi-chunk sizes against float64 references written here from the formulas;
// - the first bad label in a later chunk, `out` arrays overlapping an input, module memory bounded
//   on the copy path.
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as sl from "../../src/index.js";
import { importsWith, newMemory, wasmBytes } from "../../src/core/binaries.js";
import { type KernelName, type Shape } from "../../src/core/kernel-table.js";
import { CHUNK_BYTES, chunkRows } from "../../src/core/run.js";
import { BUILD } from "../setup.js";
import { rng, uniform } from "../util/rng.js";
import { expectClose } from "../util/close.js";
import {
  SPLIT, arrays, bytes, expectIdentical, expectSameBytes, hasRowLength, inputsFor, paramsFor, run, spec, type Inputs, type Run,
} from "./kernel-calls.js";

// ---- one whole call of the raw kernel, on its own instance -----------------------------------------

interface Raw {
  memory: WebAssembly.Memory;
  heapBase(): number;
  [name: string]: unknown;
}

function wholeCall(raw: Raw, name: KernelName, rows: number, rowLength: number, inputs: Inputs, weighted: boolean): Run {
  const shape: Shape = { rows, rowLength: hasRowLength(name) ? rowLength : 1, params: paramsFor(name, weighted) };
  let at = (raw.heapBase() + 15) & ~15;
  const place = (bytes: number) => {
    const ptr = at;
    at = (at + bytes + 15) & ~15;
    return ptr;
  };
  const args: number[] = [];
  const reads: { name: string; ptr: number; n: number; type: string }[] = [];
  const fills: { ptr: number; x: Float32Array | Int32Array | Float64Array }[] = [];
  const zero: { ptr: number; bytes: number }[] = [];
  for (const a of spec(name).args) {
    switch (a.role) {
      case "rows": args.push(shape.rows); break;
      case "rowLength": args.push(shape.rowLength); break;
      case "param": args.push(shape.params[a.name]); break;
      case "input": {
        const x = inputs[a.name];
        if (x === undefined) { args.push(0); break; }
        const ptr = place(x.byteLength);
        fills.push({ ptr, x });
        args.push(ptr);
        break;
      }
      case "output": {
        const n = a.per === "element" ? shape.rows * shape.rowLength : shape.rows;
        const ptr = place(4 * n);
        reads.push({ name: a.name, ptr, n, type: a.type });
        args.push(ptr);
        break;
      }
      case "accumulator": {
        const n = a.length(shape);
        const ptr = place(8 * n);
        zero.push({ ptr, bytes: 8 * n });
        reads.push({ name: a.name, ptr, n, type: "f64" });
        args.push(ptr);
        break;
      }
      case "scratch": args.push(place(a.bytes(shape))); break;
      default: throw new Error(`${name}: ${a.role}`);
    }
  }
  if (raw.memory.buffer.byteLength < at) raw.memory.grow(Math.ceil((at - raw.memory.buffer.byteLength) / 65536));
  const mem = raw.memory.buffer;
  for (const { ptr, x } of fills) new Uint8Array(mem, ptr, x.byteLength).set(bytes(x));
  for (const { ptr, bytes: n } of zero) new Uint8Array(mem, ptr, n).fill(0);
  const value = ((raw[name] as (...a: number[]) => number | undefined)(...args)) ?? 0;
  const outputs: Record<string, ArrayLike<number>> = {};
  for (const r of reads) {
    outputs[r.name] = r.type === "f64" ? new Float64Array(mem, r.ptr, r.n).slice()
      : r.type === "i32" ? new Int32Array(mem, r.ptr, r.n).slice() : new Float32Array(mem, r.ptr, r.n).slice();
  }
  return { value, outputs, free: () => undefined };
}

// ---- the cases, from the table --------------------------------------------------------------------

/** Row counts around the first three chunk boundaries of (kernel, rowLength), plus one inside a chunk. */
function sizesFor(name: KernelName, rowLength: number, seed: number): number[] {
  const c = chunkRows(name, 1, rowLength);
  const r = rng(seed);
  const sizes = [1, c - 1, c, c + 1, 2 * c - 1, 2 * c, 2 * c + 1, 3 * c + Math.floor(r() * c)]; // 2c: the last chunk full
  return [...new Set(sizes.filter((s) => s >= 1))];
}

describe(`executor (${BUILD} build): every kernel of the table, chunk by chunk`, () => {
  let raw: Raw;
  beforeAll(async () => {
    const module = await WebAssembly.compile((await wasmBytes(BUILD)) as BufferSource);
    raw = (await WebAssembly.instantiate(module, importsWith(newMemory(false)))).exports as unknown as Raw;
  });

  it("partitions by whole blocks of rows of about CHUNK_BYTES, at least one block, whatever the arrays", () => {
    for (const name of SPLIT) {
      const { block } = spec(name);
      for (const L of [1, 3, 19, 100, 4096, 1 << 20]) {
        const c = chunkRows(name, 1000, L);
        expect(c % block.rows, `${name} L=${L}`).toBe(0);
        expect((c * L) % block.elements, `${name} L=${L}`).toBe(0);
        expect(c, `${name} L=${L}`).toBeGreaterThanOrEqual(1);
        const perRow = arrays(name).reduce((s, a) => s + 4 * (a.per === "element" ? L : 1), 0);
        // about CHUNK_BYTES: within one block of it, or one block when a block is larger
        const step = c === block.rows || c * L === block.elements ? c : 0;
        if (step === 0) expect(c * perRow, `${name} L=${L}`).toBeLessThanOrEqual(CHUNK_BYTES);
        expect(chunkRows(name, 7, L), "independent of the row count").toBe(c);
      }
    }
  });

  for (const name of SPLIT) {
    it(`${name}: copy, zero-copy, mixed and converted sources are bit-identical, and match one whole call`, () => {
      const lengths = hasRowLength(name) ? [1, 19, 67] : [1];
      let seed = 1;
      for (const L of lengths) {
        for (const rows of sizesFor(name, L, seed)) {
          for (const weighted of [false, true]) {
            seed++;
            const inputs = inputsFor(name, rows, L, seed, weighted);
            const what = `${name} rows=${rows} L=${L}${weighted ? " weighted" : ""}`;
            const base = run(name, rows, L, inputs, weighted, "copy");
            for (const v of ["copyInto", "zeroCopy", "mixed", "converted"] as const) {
              const other = run(name, rows, L, inputs, weighted, v);
              expectIdentical(base, other, `${what} ${v}`);
              other.free();
            }
            const whole = wholeCall(raw, name, rows, L, inputs, weighted);
            for (const k of Object.keys(whole.outputs)) expectSameBytes(base.outputs[k], whole.outputs[k], `${what}: ${k} against the whole call`);
            if (spec(name).result === "sum") expectClose(base.value, whole.value, 1e-6, 1e-12, `${what}: sum`);
            else expect(base.value, `${what}: result`).toBe(whole.value);
          }
        }
      }
    });
  }
});

// ---- values at multi-chunk sizes, against float64 written from the formulas --------------------------

describe("executor: values over many chunks against float64 references", () => {
  it("MSE and its gradient over ~40 chunks, from a Float64Array and from number[]", () => {
    const n = 1_000_003;
    const t = uniform(11, n, -2, 2);
    const p = uniform(12, n, -2, 2);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (p[i] - t[i]) ** 2;
    const { loss, grad } = sl.meanSquaredErrorWithGrad(t, p);
    expectClose(loss, sum / n, 1e-6, 0, "loss");
    for (let i = 0; i < n; i += 997) expectClose(grad[i], (2 * (p[i] - t[i])) / n, 2 ** -21, 0, `grad[${i}]`);
    expectClose(grad[n - 1], (2 * (p[n - 1] - t[n - 1])) / n, 2 ** -21, 0, "last");
    // converted sources: the float32 values of the same numbers, converted chunk by chunk
    expect(sl.meanSquaredError(Float64Array.from(t), Array.from(p))).toBe(sl.meanSquaredError(t, p));
  });

  it("sparse cross-entropy with gradient into `out`, 3×10⁴ rows × 37 classes (many chunks of whole 4-row blocks)", () => {
    const rows = 30_001;
    const C = 37;
    const logits = uniform(13, rows * C, -6, 6);
    const r = rng(14);
    const labels = Int32Array.from({ length: rows }, () => Math.floor(r() * C));
    const out = new Float32Array(rows * C);
    const { loss } = sl.sparseCategoricalCrossentropyWithGrad(labels, logits, { classes: C, fromLogits: true, out });
    let total = 0;
    for (let s = 0; s < rows; s++) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, logits[s * C + c]);
      let z = 0;
      for (let c = 0; c < C; c++) z += Math.exp(logits[s * C + c] - m);
      total += Math.log(z) + m - logits[s * C + labels[s]];
      if (s % 101 === 0 || s === rows - 1) {
        for (let c = 0; c < C; c++) {
          const g = (Math.exp(logits[s * C + c] - m) / z - (c === labels[s] ? 1 : 0)) / rows;
          expectClose(out[s * C + c], g, 1e-5, 1e-11, `grad[${s}, ${c}]`);
        }
      }
    }
    expectClose(loss, total / rows, 1e-6, 0, "loss");
  });

  it("softmax, argmax, sparse accuracy and the confusion matrix from scores, 10⁵ rows × 10 classes", () => {
    const rows = 100_003;
    const C = 10;
    const x = uniform(15, rows * C, -3, 3);
    const r = rng(16);
    const labels = Int32Array.from({ length: rows }, () => Math.floor(r() * C));
    const sm = sl.softmax(x, { classes: C });
    const ids = sl.argmax(x, { classes: C });
    const m = sl.confusionMatrixFromScores(labels, x, { classes: C });
    const expected = new Float64Array(C * C);
    let hits = 0;
    for (let s = 0; s < rows; s++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (x[s * C + c] > x[s * C + best]) best = c;
      expect(ids[s]).toBe(best);
      expected[labels[s] * C + best]++;
      if (best === labels[s]) hits++;
      if (s % 211 === 0) {
        let z = 0;
        for (let c = 0; c < C; c++) z += Math.exp(x[s * C + c]);
        for (let c = 0; c < C; c++) expectClose(sm[s * C + c], Math.exp(x[s * C + c]) / z, 1e-6, 0, `softmax[${s}, ${c}]`);
      }
    }
    expect(Array.from(m)).toEqual(Array.from(expected));
    expectClose(sl.sparseCategoricalAccuracy(labels, x, { classes: C }), hits / rows, 1e-12, 0, "accuracy");
  });
});

// ---- merging, overlap, memory ---------------------------------------------------------------------

describe("executor: merging, overlapping outputs, bounded memory", () => {
  for (const name of SPLIT.filter((n) => spec(n).result === "firstBad")) {
    it(`${name}: the first bad row, in a later chunk, is its index in the whole call`, () => {
      const L = hasRowLength(name) ? 7 : 1;
      const c = chunkRows(name, 1, L);
      const rows = 4 * c + 3;
      const inputs = inputsFor(name, rows, L, 5, false);
      const labels = inputs.labels as Int32Array;
      expect(run(name, rows, L, inputs, false, "copy").value).toBe(-1);
      labels[rows - 1] = 99; // a later bad row: only the first counts
      for (const at of [3 * c + 1, 2 * c, c - 1, rows - 1]) {
        if (at !== rows - 1) labels[at] = -1;
        for (const v of ["copy", "zeroCopy"] as const) expect(run(name, rows, L, inputs, false, v).value, `${v}, bad at ${at}`).toBe(at);
        if (at !== rows - 1) labels[at] = 0;
      }
    });
  }

  it("a class id out of range in a later chunk is the LabelError of the JavaScript check (its index)", () => {
    const n = 10 * chunkRows("confusionFromLabelsF32", 1, 1) + 17;
    const t = new Int32Array(n);
    const q = new Int32Array(n);
    for (const at of [n - 1, 3 * chunkRows("confusionFromLabelsF32", 1, 1) + 5]) {
      q[at] = 7;
      expect(() => sl.confusionMatrix(t, q, { classes: 3 })).toThrow(`confusionMatrix: predictions[${at}] = 7 is out of range [0, 3)`);
      q[at] = 0;
    }
    expect(sl.confusionMatrix(t, q, { classes: 3 })[0]).toBe(n);
  });

  it("`out` may be yPred itself, or overlap it at an offset: the gradient is the one of separate arrays", () => {
    const n = 300_000;
    const t = uniform(21, n);
    const p = uniform(22, n);
    const expected = sl.meanSquaredErrorWithGrad(t, p).grad;
    const same = p.slice();
    expectSameBytes(sl.meanSquaredErrorWithGrad(t, same, { out: same }).grad, expected, "out = yPred");
    // out starts 1000 floats after yPred in one buffer (writes run ahead of the reads)
    for (const shift of [1000, -1000]) {
      const buf = new Float32Array(n + 1000);
      const pAt = shift > 0 ? 0 : 1000;
      buf.set(p, pAt);
      const pView = buf.subarray(pAt, pAt + n);
      const outView = buf.subarray(pAt + shift, pAt + shift + n);
      expectSameBytes(sl.meanSquaredErrorWithGrad(t, pView, { out: outView }).grad, expected, `shift ${shift}`);
    }
    // softmax in place over a plain array
    const x = uniform(23, 1000 * 100, -5, 5);
    const sm = sl.softmax(x, { classes: 100 });
    expectSameBytes(sl.softmax(x, { classes: 100, out: x }), sm, "softmax in place");
  });

  it("copy path: module memory does not grow with N (2·10⁷ elements, loss, gradient, 'none', sparse CE, a metric)", async () => {
    // a fresh module instance: under Bun every test file shares one, grown by the files before
    vi.resetModules();
    const sl = await import("../../src/index.js");
    await sl.ready({ build: BUILD });
    const n = 20_000_000;
    const t = new Float32Array(n).fill(0.25);
    const p = new Float32Array(n).fill(0.75);
    const labels = new Int32Array(n / 10);
    /** every call over the first m elements (m/10 rows of 10 classes), checked against its value */
    const calls = (m: number) => {
      const [tm, pm] = [t.subarray(0, m), p.subarray(0, m)];
      expect(sl.meanSquaredError(tm, pm)).toBe(0.25);
      expect(sl.meanSquaredErrorWithGrad(tm, pm).grad[m - 1]).toBe(Math.fround(1 / m));
      expect(sl.meanAbsoluteError(tm, pm, { reduction: "none" })[m - 1]).toBe(0.5);
      const lm = labels.subarray(0, m / 10);
      expectClose(sl.sparseCategoricalCrossentropy(lm, pm, { classes: 10, fromLogits: true }), Math.log(10), 1e-6);
      expect(sl.sparseCategoricalAccuracy(lm, pm, { classes: 10 })).toBe(1);
    };
    calls(1_000_000); // several chunks: the scratch area reaches its fixed size
    const before = sl.backendInfo().memoryBytes;
    expect(before).toBeLessThanOrEqual(16 * 2 ** 20);
    calls(n);
    expect(sl.backendInfo().memoryBytes).toBe(before);
  });
});
