// Types of bench/registry.mjs, for test/bench/registry.test.ts (the bench itself is plain ESM).
export interface Shape {
  label: string;
  /** Elements (for elements/s). */
  n: number;
  /** Options passed to the simdloss function (e.g. { features: 10 }). */
  options: Record<string, unknown>;
}
export interface Result {
  /** The scalar result (a loss or a metric); absent for array cases. */
  loss?: number;
  /** The array result: a gradient, or the output of an array case. */
  grad?: ArrayLike<number>;
}
export interface Goal {
  shape: string;
  peer: string;
  atLeast: number;
  impl?: string;
}
export interface Tolerance {
  loss: number;
  grad: number;
}
export type Inputs = Record<string, ArrayLike<number>>;
export interface Case {
  id: string;
  fn: string;
  label: string;
  kind: "loss" | "grad" | "array";
  family: string;
  shapes: Shape[];
  quickShapes: string[];
  quickGoals?: false;
  tinyShapes: Shape[];
  inputs(shape: Shape, seed: number): Inputs;
  args(inputs: Inputs): ArrayLike<number>[];
  reference(inputs: Inputs, shape: Shape): Result;
  output?: (result: unknown) => Result;
  js?: (inputs: Inputs, shape: Shape) => () => number | Result | ArrayLike<number>;
  tfjs?: (tf: unknown, ...tensors: unknown[]) => unknown;
  tensors?: (tf: unknown, inputs: Inputs, shape: Shape) => unknown[];
  outOption?: true;
  /** The ONNX graph of the onnxruntime-node peer (bench/peers/onnx.mjs). */
  onnx?: (g: import("./peers/onnx-model.mjs").GraphBuilder, ...inputs: string[]) => string | { loss: string; grad: string };
  c?: string;
  tolerance?: Tolerance;
  goals: Goal[];
}
export type BuildName = "relaxed" | "simd" | "scalar";
export interface Peer {
  id: string;
  label: string;
  /** simdloss peers: the build they run on and the path ("copy" or "zerocopy"). */
  build?: BuildName;
  path?: "copy" | "zerocopy";
  /** simdloss peers on several threads: the count (ready({ threads })); absent for 1. */
  threads?: number;
  /** onnxruntime-node peers: the session's intra-op thread count. */
  onnxThreads?: number;
}
export interface Builds {
  /** An instance of the package per build the engine validated, ready() on that build. */
  libs: Partial<Record<BuildName, object & { ready(o: { build: BuildName }): Promise<{ build: string }> }>>;
  /** Why each other build (or threaded peer, by id) is unavailable. */
  unavailable: Partial<Record<string, string>>;
  /** With `threaded`: an instance per threaded peer (by id), ready() on its build and thread count. */
  threaded?: Record<string, object>;
}
export interface Prepared {
  run(): unknown;
  dispose(): void;
}
export interface Comparison {
  ok: boolean;
  lossErr?: number;
  gradErr?: number;
  problem: string | null;
}
export const CASES: Case[];
export const PEERS: Peer[];
export const BUILDS: BuildName[];
export const GOAL_BUILDS: BuildName[];
export function buildPeer(build: BuildName, path?: "copy" | "zerocopy"): Peer | undefined;
export const THREADED_PEERS: Peer[];
export function loadBuilds(importFresh: (build: string) => Promise<object>, builds?: BuildName[], options?: { threaded?: boolean }): Promise<Builds>;
export function basePeer(libs: Builds["libs"]): string | undefined;
export function goalTargets(goal: Goal): string[];
export function prepareBuildPeer(peer: Peer, builds: Builds, kase: Case, shape: Shape, inputs: Inputs): Prepared | { unavailable: string } | null;
export const TOLERANCE: Tolerance;
export const TEST_TOLERANCE: Tolerance;
export function kernelExports(lib: object): string[];
export function uncoveredExports(lib: object, cases?: Case[]): string[];
export function selectCases(filter: string | undefined, cases?: Case[]): Case[];
export function normalize(result: unknown): Result;
export function compare(result: unknown, ref: Result, tolerance?: Tolerance): Comparison;
export function prepareSimdloss(lib: object, kase: Case, shape: Shape, inputs: Inputs): Prepared | null;
export function prepareSimdlossZeroCopy(lib: object, kase: Case, shape: Shape, inputs: Inputs): Prepared | null;
export function prepareJs(kase: Case, shape: Shape, inputs: Inputs): Prepared | null;
export function prepareTfjs(tf: unknown, kase: Case, shape: Shape, inputs: Inputs): Prepared | null;
