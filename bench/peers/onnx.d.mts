// Types of bench/peers/onnx.mjs, for the tests.
import type { Case, Inputs, Peer, Shape } from "../registry.mjs";
import type { ValueSpec } from "./onnx-model.mjs";

export interface OnnxRuntime {
  ort: typeof import("onnxruntime-node");
  version: string;
}
export interface OnnxPrepared {
  async: true;
  run(): Promise<unknown>;
  tensors: { data: unknown }[];
  dispose(): void;
}
export function sessionOptions(threads: number): Record<string, unknown>;
export function loadOnnxRuntime(): Promise<OnnxRuntime | { unavailable: string }>;
export function graphInputs(kase: Case, shape: Shape, args: ArrayLike<number>[]): ValueSpec[];
export function prepareOnnx(onnx: OnnxRuntime, peer: Peer, kase: Case, shape: Shape, inputs: Inputs): Promise<OnnxPrepared | null>;
