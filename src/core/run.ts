import { KernelCall } from "./call.js";
import { KERNELS, type KernelArg, type KernelName, type Shape } from "./kernel-table.js";
import { KernelError } from "./errors.js";

type KernelArray = Float32Array | Int32Array | Float64Array;

/** An output the caller wants: into a given Float32Array (checked, may live in module memory), else a new array. */
export interface OutputRequest {
  /** The caller's array (e.g. `options.out`), or undefined for a new one. */
  into?: unknown;
  /** Its name in error messages (e.g. "options.out"). */
  name: string;
}

/**
 * One kernel call described by name, as the kernel table names its arguments: the shape, the
 * input arrays, the outputs wanted and the scalar parameters. Optional inputs and outputs left
 * out are passed as 0; scratch and accumulators are sized by the table and reserved here.
 */
export interface KernelRequest {
  rows: number;
  /** Features or classes; 1 (the default) for kernels without a rowLength argument. */
  rowLength?: number;
  inputs?: Readonly<Record<string, KernelArray | null | undefined>>;
  /** Arrays of "inout" arguments, rewritten in place (e.g. sorted). */
  inouts?: Readonly<Record<string, KernelArray>>;
  outputs?: Readonly<Record<string, OutputRequest | false | undefined>>;
  params?: Readonly<Record<string, number>>;
  /** Names of inputs in error messages, where they differ from the table's (e.g. sampleWeight: "options.sampleWeight"). */
  names?: Readonly<Record<string, string>>;
}

export interface KernelResult {
  /** The kernel's return value (a float64 sum, a first-bad index, or undefined for void kernels). */
  value: number;
  /** Each requested output and accumulator, by name: caller-owned (the caller's own `into`, or a live view of it when it lives in module memory). */
  outputs: Record<string, KernelArray>;
}

/** Elements of an array argument laid out `per` over the shape (whole arrays: their own length). */
function elements(per: "element" | "row" | "whole", shape: Shape, actual: number): number {
  return per === "element" ? shape.rows * shape.rowLength : per === "row" ? shape.rows : actual;
}

/**
 * Runs one kernel of the table on arrays and parameters given by name: places the arrays in
 * module memory (in place when they already live there), reserves outputs, scratch and zeroed
 * accumulators, builds the positional arguments in the table's order, runs the kernel and reads
 * the outputs back. The bindings never handle addresses; the kernel table alone says what goes
 * where. A request that does not fit the table (a missing array or parameter, a wrong length)
 * is a bug of the binding: KernelError.
 */
export function runKernel(fn: string, name: KernelName, request: KernelRequest): KernelResult {
  const spec = KERNELS[name];
  const params = request.params ?? {};
  const shape: Shape = { rows: request.rows, rowLength: request.rowLength ?? 1, params };
  const call = new KernelCall(fn);
  const args: number[] = [];
  const reads: { name: string; ptr: number; n: number; type: string; into?: Float32Array }[] = [];
  const zero: { ptr: number; bytes: number }[] = [];
  const rewrite: { ptr: number; x: KernelArray }[] = [];
  const bug = (what: string) => new KernelError(fn, `${name}: ${what}`);
  const label = (arg: KernelArg) => request.names?.[arg.name] ?? arg.name;

  for (const arg of spec.args as readonly KernelArg[]) {
    switch (arg.role) {
      case "rows":
        args.push(shape.rows);
        break;
      case "rowLength":
        args.push(shape.rowLength);
        break;
      case "param": {
        const v = params[arg.name];
        if (v === undefined) throw bug(`parameter ${arg.name} missing`);
        args.push(v);
        break;
      }
      case "input": {
        const x = request.inputs?.[arg.name] ?? null;
        if (x === null) {
          if (!arg.optional) throw bug(`input ${arg.name} missing`);
          args.push(0);
          break;
        }
        if (x.length !== elements(arg.per, shape, x.length)) throw bug(`input ${arg.name} has ${x.length} elements`);
        args.push(call.input(label(arg), x as Float32Array | Int32Array));
        break;
      }
      case "inout": {
        const x = request.inouts?.[arg.name];
        if (x === undefined) throw bug(`array ${arg.name} missing`);
        if (x.length !== elements(arg.per, shape, x.length)) throw bug(`array ${arg.name} has ${x.length} elements`);
        // a float64 array travels as the float32 words of its bytes (a same-type copy moves bytes unchanged)
        const words = x instanceof Float64Array ? new Float32Array(x.buffer, x.byteOffset, 2 * x.length) : (x as Float32Array | Int32Array);
        const ptr = call.input(label(arg), words);
        args.push(ptr);
        rewrite.push({ ptr, x });
        break;
      }
      case "output": {
        const want = request.outputs?.[arg.name];
        if (!want) {
          if (!arg.optional) throw bug(`output ${arg.name} not requested`);
          args.push(0);
          break;
        }
        const n = elements(arg.per, shape, 0);
        const ptr = arg.type === "f32" ? call.output(want.name, n, want.into) : call.scratch(n * bytesOf(arg.type));
        args.push(ptr);
        reads.push({ name: arg.name, ptr, n, type: arg.type, into: want.into as Float32Array | undefined });
        break;
      }
      case "accumulator": {
        const n = arg.length(shape);
        const ptr = call.scratch(8 * n);
        zero.push({ ptr, bytes: 8 * n });
        args.push(ptr);
        reads.push({ name: arg.name, ptr, n, type: "f64" });
        break;
      }
      case "scratch":
        args.push(call.scratch(arg.bytes(shape)));
        break;
    }
  }
  call.commit();
  for (const { ptr, bytes } of zero) call.fill(ptr, bytes, 0);
  const value = call.run((k) => (k[name] as (...a: number[]) => number | undefined)(...args)) ?? 0;
  for (const { ptr, x } of rewrite) call.copyOut(ptr, x);
  const outputs: Record<string, KernelArray> = {};
  for (const r of reads) {
    if (r.type === "f32") outputs[r.name] = call.result(r.ptr, r.n, r.into);
    else if (r.type === "i32") outputs[r.name] = call.readInt32(r.ptr, r.n);
    else outputs[r.name] = call.readFloat64(r.ptr, r.n);
  }
  return { value, outputs };
}

function bytesOf(type: string): number {
  return type === "f64" ? 8 : 4;
}
