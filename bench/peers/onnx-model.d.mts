// Types of bench/peers/onnx-model.mjs, for the tests (the bench itself is plain ESM).
export type ElementType = "float32" | "int32" | "int64";
export interface ValueSpec {
  name: string;
  type: ElementType;
  dims?: (number | string)[];
}
export interface GraphBuilder {
  op(op: string, inputs: string[], attrs?: Record<string, number | string | number[]>, outputCount?: number): string & string[];
  constant(data: Float32Array | Int32Array | BigInt64Array, dims?: number[]): string;
  scalar(value: number): string;
  dims(name: string): number[];
  size(name: string): number;
}
export type Outputs = string | Record<string, string>;
export const OPSET: number;
export const IR_VERSION: number;
export const DATA_TYPE: Record<ElementType, number>;
export function varint(value: number | bigint): number[];
export function intField(field: number, value: number | bigint): number[];
export function bytesField(field: number, value: string | Uint8Array | ArrayLike<number>[]): Uint8Array;
export function floatField(field: number, value: number): number[];
export function encodeModel(model: {
  nodes: { op: string; inputs: string[]; outputs: string[]; attrs: Record<string, unknown> }[];
  initializers: { name: string; type: ElementType; dims: number[]; data: Float32Array | Int32Array | BigInt64Array }[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  name?: string;
}): Uint8Array;
export function onnxModel<O extends Outputs>(inputs: ValueSpec[], build: (g: GraphBuilder, ...inputs: string[]) => O): { bytes: Uint8Array; outputs: O };
