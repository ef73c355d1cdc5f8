// The kernel table (src/core/kernel-table.ts) against the compiled builds:
// - every build exports exactly the table's functions, with the table's wasm parameter and
//   result types (read from the binaries with Binaryen's JS API);
// - on this project's build, every kernel called with the table's layout writes only its
//   outputs, accumulators and scratch (guard bytes around every region stay intact, inputs are
//   unchanged), and a call split into two row ranges at its block gives the same outputs as
//   the whole call (what a chunked executor relies on).
import binaryen from "binaryen";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILDS, importsWith, newMemory, wasmBytes } from "../../src/core/binaries.js";
import {
  KERNELS, RUNTIME_EXPORTS, wasmResult, wasmType, type KernelArg, type KernelName, type KernelSpec, type Shape,
} from "../../src/core/kernel-table.js";
import { BUILD } from "../setup.js";
import { rng } from "../util/rng.js";

const NAMES = Object.keys(KERNELS) as KernelName[];
const spec = (name: KernelName) => KERNELS[name] as KernelSpec;

function typeName(t: number): string {
  const names: Record<number, string> = { [binaryen.i32]: "i32", [binaryen.i64]: "i64", [binaryen.f32]: "f32", [binaryen.f64]: "f64", [binaryen.v128]: "v128" };
  return names[t] ?? `type ${t}`;
}

/** name → "(params) → result" of every exported function, and the names of other exports. */
function exportsOf(bytes: Uint8Array): { functions: Map<string, string>; others: string[] } {
  const module = binaryen.readBinary(bytes);
  try {
    const functions = new Map<string, string>();
    const others: string[] = [];
    for (let i = 0; i < module.getNumExports(); i++) {
      const e = binaryen.getExportInfo(module.getExportByIndex(i));
      if (e.kind !== binaryen.ExternalFunction) {
        others.push(e.name);
        continue;
      }
      const f = binaryen.getFunctionInfo(module.getFunction(e.value));
      const params = binaryen.expandType(f.params).map(typeName);
      const results = binaryen.expandType(f.results).map(typeName);
      functions.set(e.name, `(${params.join(", ")}) → ${results.join(", ") || "none"}`);
    }
    return { functions, others };
  } finally {
    module.dispose();
  }
}

function tableSignature(name: KernelName): string {
  const s = spec(name);
  return `(${s.args.map(wasmType).join(", ")}) → ${wasmResult(s)}`;
}

describe("kernel table", () => {
  it("is well formed: unique argument names, one row count, optional only on arrays, in-place names an input", () => {
    for (const name of NAMES) {
      const args = spec(name).args;
      const names = args.map((a) => a.name);
      expect(new Set(names).size, `${name}: argument names ${names}`).toBe(names.length);
      expect(args.filter((a) => a.role === "rows").length, `${name}: one rows argument`).toBe(1);
      expect(args.filter((a) => a.role === "rowLength").length, `${name}: at most one rowLength`).toBeLessThanOrEqual(1);
      for (const a of args) {
        if (a.role === "output" && a.inPlaceOf) {
          expect(args.some((b) => b.role === "input" && b.name === a.inPlaceOf), `${name}.${a.name}`).toBe(true);
        }
        if ((a.role === "input" || a.role === "output" || a.role === "inout") && a.per === "whole") {
          expect(spec(name).split, `${name}: a whole array cannot be split`).toBe("none");
        }
      }
    }
  });

  for (const build of BUILDS) {
    it(`the ${build} build exports exactly the table's functions, with its parameter and result types`, async () => {
      const { functions, others } = exportsOf(await wasmBytes(build));
      expect(others).toEqual(["memory"]);
      const expected = new Map<string, string>(NAMES.map((n) => [n, tableSignature(n)]));
      for (const [n, r] of Object.entries(RUNTIME_EXPORTS)) expected.set(n, `(${r.params.join(", ")}) → ${r.result}`);
      const missing = [...expected.keys()].filter((n) => !functions.has(n));
      const extra = [...functions.keys()].filter((n) => !expected.has(n));
      expect(missing, `the ${build} build lacks these table entries`).toEqual([]);
      expect(extra, `the ${build} build exports these functions the table lacks`).toEqual([]);
      for (const [n, sig] of expected) expect(functions.get(n), n).toBe(sig);
    });
  }
});

// ---- calling every kernel from the table alone ---------------------------------------------------

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  [name: string]: unknown;
}

const GUARD = 64;
const SENTINEL = 0xa5;
/** Parameter values by name (all within each kernel's domain). */
const PARAMS: Record<string, number> = {
  gradScale: 0.5, delta: 0.75, labelSmoothing: 0.1, posWeight: 2, gamma: 1.5, alpha: 0.3, applyClassBalancing: 1,
  binaryLabels: 1, threshold: 0.5, k: 2, classes: 5, copies: 4,
};

/** Every optional argument's name, and the optional inputs and per-row outputs alone. */
const OPTIONAL = [...new Set(NAMES.flatMap((n) => spec(n).args.filter((a) => "optional" in a && a.optional).map((a) => a.name)))];
const UNWEIGHTED = OPTIONAL.filter((n) => n !== "grad");

/** A shape for the kernel: rowLength 1 when it has no rowLength argument (as runKernel does). */
const shapeFor = (name: KernelName, rows: number, rowLength: number): Shape =>
  ({ rows, rowLength: spec(name).args.some((a) => a.role === "rowLength") ? rowLength : 1, params: PARAMS });

const bytesOf = (type: string) => (type === "f64" ? 8 : 4);
const elements = (per: string, shape: Shape, whole: number) => (per === "element" ? shape.rows * shape.rowLength : per === "row" ? shape.rows : whole);

interface Region {
  arg: KernelArg;
  ptr: number;
  bytes: number;
}

/**
 * Lays out every array, accumulator and scratch argument of a call in its own region (16-byte
 * aligned, GUARD sentinel bytes after each), fills the inputs, and returns the regions.
 */
function layout(ex: Exports, name: KernelName, shape: Shape, seed: number, absent: readonly string[]): Region[] {
  const r = rng(seed);
  let at = (ex.heapBase() + 15) & ~15;
  const regions: Region[] = [];
  for (const arg of spec(name).args) {
    let bytes = 0;
    if (arg.role === "input" || arg.role === "output" || arg.role === "inout") {
      if ("optional" in arg && arg.optional && absent.includes(arg.name)) continue;
      bytes = elements(arg.per, shape, shape.rows) * bytesOf(arg.type);
    } else if (arg.role === "accumulator") {
      bytes = 8 * arg.length(shape);
    } else if (arg.role === "scratch") {
      bytes = arg.bytes(shape);
    } else {
      continue;
    }
    regions.push({ arg, ptr: at, bytes });
    at = (at + bytes + GUARD + 15) & ~15;
  }
  const need = at + GUARD;
  if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
  const mem = new Uint8Array(ex.memory.buffer);
  mem.fill(SENTINEL, (ex.heapBase() + 15) & ~15, need);
  const classes = name === "confusionFromLabelsF32" ? shape.params.classes : shape.rowLength;
  for (const { arg, ptr, bytes } of regions) {
    if (arg.role === "accumulator") new Float64Array(ex.memory.buffer, ptr, bytes / 8).fill(0);
    if (arg.role !== "input" && arg.role !== "inout") continue;
    if (arg.type === "i32") {
      const a = new Int32Array(ex.memory.buffer, ptr, bytes / 4);
      for (let i = 0; i < a.length; i++) a[i] = Math.floor(r() * classes);
    } else if (arg.type === "f64") {
      const a = new Float64Array(ex.memory.buffer, ptr, bytes / 8);
      for (let i = 0; i < a.length; i++) a[i] = r() * 2 - 1;
    } else {
      const a = new Float32Array(ex.memory.buffer, ptr, bytes / 4);
      // binary labels where the kernel wants 0/1, else values in (0.05, 1): valid probabilities, targets, logits
      const binary = arg.name === "labels";
      for (let i = 0; i < a.length; i++) a[i] = binary ? (r() < 0.5 ? 0 : 1) : 0.05 + 0.95 * r();
    }
  }
  return regions;
}

/** The positional arguments of a call: regions offset by `r0` rows, the shape, the parameters. */
function argsOf(name: KernelName, regions: Region[], shape: Shape, r0 = 0): number[] {
  const args: number[] = [];
  for (const arg of spec(name).args) {
    const region = regions.find((g) => g.arg === arg);
    switch (arg.role) {
      case "rows": args.push(shape.rows); break;
      case "rowLength": args.push(shape.rowLength); break;
      case "param": args.push(shape.params[arg.name]); break;
      case "input": case "output": case "inout": {
        if (!region) { args.push(0); break; }
        const offset = arg.per === "element" ? r0 * shape.rowLength : arg.per === "row" ? r0 : 0;
        args.push(region.ptr + offset * bytesOf(arg.type));
        break;
      }
      default: args.push(region!.ptr);
    }
  }
  return args;
}

const call = (ex: Exports, name: KernelName, args: number[]) => (ex[name] as (...a: number[]) => number | undefined)(...args);

const snapshot = (ex: Exports, g: Region) => new Uint8Array(ex.memory.buffer, g.ptr, g.bytes).slice();

describe(`kernel table: every kernel on the ${BUILD} build, called from its table entry alone`, () => {
  let ex: Exports;
  beforeAll(async () => {
    const module = await WebAssembly.compile((await wasmBytes(BUILD)) as BufferSource);
    ex = (await WebAssembly.instantiate(module, importsWith(newMemory(false)))).exports as unknown as Exports;
  });
  const SHAPES = [{ rows: 13, rowLength: 19 }, { rows: 9, rowLength: 5 }, { rows: 6, rowLength: 2 }];

  for (const name of NAMES) {
    it(`${name} writes only its outputs, accumulators and scratch`, () => {
      for (const [i, s] of SHAPES.entries()) {
        for (const absent of [[], OPTIONAL]) {
          const shape = shapeFor(name, s.rows, s.rowLength);
          const regions = layout(ex, name, shape, 100 + i, absent);
          const inputs = regions.filter((g) => g.arg.role === "input").map((g) => [g, snapshot(ex, g)] as const);
          call(ex, name, argsOf(name, regions, shape));
          const mem = new Uint8Array(ex.memory.buffer);
          for (const g of regions) {
            for (let b = 0; b < GUARD; b++) {
              if (mem[g.ptr + g.bytes + b] !== SENTINEL) {
                expect.fail(`${name} (rows ${s.rows}, rowLength ${s.rowLength}) wrote byte ${b} past ${g.arg.role} ${g.arg.name} (${g.bytes} bytes)`);
              }
            }
          }
          for (const [g, before] of inputs) expect(snapshot(ex, g), `${name}: input ${g.arg.name} unchanged`).toEqual(before);
        }
      }
    });
  }

  for (const name of NAMES.filter((n) => spec(n).split === "rows")) {
    it(`${name}: two row ranges split at its block give the whole call's outputs`, () => {
      const { block } = spec(name);
      const shape = shapeFor(name, 301, 19);
      let r0 = 1;
      while (r0 % block.rows !== 0 || (r0 * shape.rowLength) % block.elements !== 0) r0++;
      expect(r0).toBeLessThan(shape.rows);
      for (const absent of [[], UNWEIGHTED]) {
      const regions = layout(ex, name, shape, 7, absent);
      const results = regions.filter((g) => g.arg.role === "output" || g.arg.role === "accumulator");
      const whole = call(ex, name, argsOf(name, regions, shape));
      const wholeOut = results.map((g) => snapshot(ex, g));
      for (const g of results) {
        new Uint8Array(ex.memory.buffer, g.ptr, g.bytes).fill(g.arg.role === "accumulator" ? 0 : SENTINEL);
      }
      const first = call(ex, name, argsOf(name, regions, { ...shape, rows: r0 }));
      const second = call(ex, name, argsOf(name, regions, { ...shape, rows: shape.rows - r0 }, r0));
      results.forEach((g, i) => expect(snapshot(ex, g), `${name}: ${g.arg.name}`).toEqual(wholeOut[i]));
      const kind = spec(name).result;
      if (kind === "sum") {
        const merged = (first as number) + (second as number);
        expect(Math.abs(merged - (whole as number))).toBeLessThanOrEqual(1e-6 * Math.abs(whole as number) + 1e-9);
      } else if (kind === "firstBad") {
        expect(whole).toBe(-1);
        expect([first, second]).toEqual([-1, -1]);
      }
      }
    });
  }

  for (const name of NAMES.filter((n) => spec(n).result === "firstBad")) {
    it(`${name}: the first bad row of the second range, shifted by its start, is the whole call's`, () => {
      const shape = shapeFor(name, 37, 19);
      const regions = layout(ex, name, shape, 9, []);
      const labels = regions.find((g) => g.arg.name === "labels")!;
      const r0 = 16;
      for (const [at, bad] of [[r0 + 3, 99], [r0 + 20, -1]]) {
        new Int32Array(ex.memory.buffer, labels.ptr, shape.rows)[at] = bad;
        const whole = call(ex, name, argsOf(name, regions, shape));
        const first = call(ex, name, argsOf(name, regions, { ...shape, rows: r0 }));
        const second = call(ex, name, argsOf(name, regions, { ...shape, rows: shape.rows - r0 }, r0)) as number;
        expect(first).toBe(-1);
        expect(second + r0).toBe(whole);
        expect(whole).toBe(r0 + 3);
      }
    });
  }
});
