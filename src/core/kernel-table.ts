/**
 * The kernel table: every function the wasm builds export (assembly/index.ts), described once.
 * Each entry lists the kernel's arguments in order, each with its role, and the kind of its
 * result. From it come the type of the exports (KernelExports, below), the executor in run.ts
 * (arrays and parameters by name → positional arguments, the call's rows cut into chunks at
 * whole blocks, each chunk's arrays placed in module memory and its outputs read back), and the
 * check of the three builds (test/core/kernel-table.test.ts: a build that exports
 * a function the table lacks, lacks one it has, or differs in any parameter or result type fails).
 *
 * The shape of a call is `rows` × `rowLength` (rowLength = 1 for kernels without a rowLength
 * argument). Arrays are laid out
 *   per: "element"  rows × rowLength values, row-major (row r at r·rowLength)
 *   per: "row"      one value per row
 *   per: "whole"    not split by rows: the call's arrays are used whole (the sorts)
 * so a row range [r0, r1) of a call is a call on the same arrays offset by r0 rows (r0·rowLength
 * elements or r0 values) with rows = r1 − r0, for every kernel whose `split` is "rows". Their
 * results merge as `result` says:
 *   "sum"       a float64 partial sum: add the partials of consecutive ranges, in order
 *   "firstBad"  −1, or the index (within the call) of the first invalid row: shift it by r0 and
 *               keep the first one found
 *   "void"      nothing to merge
 * Per-row and per-element outputs of a range are bit-identical to those rows of the whole call
 * when the range starts at a multiple of the kernel's `block` (rows, and elements of the
 * rows × rowLength layout): the kernels process blocks of rows (four-row cross-entropy blocks)
 * or of elements (SIMD bodies, whose fused relaxed-SIMD arithmetic may differ from the scalar
 * tail by an ULP) counted from the start of the call. Partial sums are float64 sums of float32
 * blocks, so a split sum matches the whole one to rounding, not bit for bit.
 * Accumulator outputs (the confusion matrices) are added to by every call, so consecutive
 * ranges accumulate into one array (zeroed once by the caller). Scratch arguments are bytes of
 * module memory the kernel may overwrite during the call (16-byte aligned), sized by `bytes`;
 * nothing else is kept between calls, so any range can run in any call on any thread with its
 * own scratch.
 *
 * Adding a kernel = its AssemblyScript + one entry here.
 */

/** Element types of array arguments (i32 also holds u32 bit patterns, e.g. row hashes). */
export type ElementType = "f32" | "i32" | "f64";

/** How an array argument is laid out over the call's rows × rowLength (see above). */
export type Layout = "element" | "row" | "whole";

/** What a size function sees: the call's shape and its scalar parameters by name. */
export interface Shape {
  rows: number;
  rowLength: number;
  params: Readonly<Record<string, number>>;
}

/** A size (in elements or bytes) as a function of the shape. */
export type SizeFn = (shape: Shape) => number;

/** An array the kernel reads. `optional`: 0 may be passed for "absent" (e.g. no sample weights). */
export interface InputArg {
  readonly role: "input";
  readonly name: string;
  readonly type: ElementType;
  readonly per: Layout;
  readonly optional?: boolean;
}

/**
 * An array the kernel writes (every element of its rows). `optional`: 0 for "not wanted" (the
 * kernel then skips that work). `inPlaceOf`: it may be the same array as that input.
 */
export interface OutputArg {
  readonly role: "output";
  readonly name: string;
  readonly type: ElementType;
  readonly per: Layout;
  readonly optional?: boolean;
  readonly inPlaceOf?: string;
}

/** An array the kernel reads and rewrites in place (the sorts). */
export interface InOutArg {
  readonly role: "inout";
  readonly name: string;
  readonly type: ElementType;
  readonly per: Layout;
}

/** An array of `length` values the kernel adds to (the caller zeroes it once): e.g. a classes² matrix. */
export interface AccumulatorArg {
  readonly role: "accumulator";
  readonly name: string;
  readonly type: "f64";
  readonly length: SizeFn;
}

/** Bytes of module memory the kernel may use during the call (16-byte aligned). */
export interface ScratchArg {
  readonly role: "scratch";
  readonly name: string;
  readonly bytes: SizeFn;
}

/** The row count of the call (an i32). */
export interface RowsArg {
  readonly role: "rows";
  readonly name: string;
}

/** The row length of the call: features or classes (an i32). */
export interface RowLengthArg {
  readonly role: "rowLength";
  readonly name: string;
}

/** A scalar parameter, passed by value. */
export interface ParamArg {
  readonly role: "param";
  readonly name: string;
  readonly type: "f32" | "i32";
}

export type KernelArg = InputArg | OutputArg | InOutArg | AccumulatorArg | ScratchArg | RowsArg | RowLengthArg | ParamArg;

/** How the results of calls on consecutive row ranges merge (see above). */
export type ResultKind = "sum" | "firstBad" | "void";

/** Split granularity that keeps per-row and per-element outputs bit-identical (see above). */
export interface Block {
  readonly rows: number;
  readonly elements: number;
}

export interface KernelSpec<A extends readonly KernelArg[] = readonly KernelArg[], R extends ResultKind = ResultKind> {
  readonly args: A;
  readonly result: R;
  /** "rows": any row range may be a call of its own; "none": the arrays must be used whole. */
  readonly split: "rows" | "none";
  readonly block: Block;
  /**
   * "compute": the kernel spends its time in arithmetic (an exp or a log per element or per
   * row), so its chunks are worth other threads; "memory": it does little per byte it reads (a
   * subtraction, a comparison), so copying its arrays in and memory bandwidth bound it, and it
   * runs on the calling thread (run.ts).
   */
  readonly work: "compute" | "memory";
}

// ---- argument constructors ----------------------------------------------------------------------

const input = (name: string, type: ElementType, per: Layout, optional = false): InputArg =>
  ({ role: "input", name, type, per, ...(optional ? { optional } : {}) });
const output = (name: string, type: ElementType, per: Layout, options: { optional?: boolean; inPlaceOf?: string } = {}): OutputArg =>
  ({ role: "output", name, type, per, ...options });
const rows = (name = "rows"): RowsArg => ({ role: "rows", name });
const rowLength = (name: string): RowLengthArg => ({ role: "rowLength", name });
const f32 = (name: string): ParamArg => ({ role: "param", name, type: "f32" });
const i32 = (name: string): ParamArg => ({ role: "param", name, type: "i32" });
const scratch = (bytes: SizeFn, name = "scratch"): ScratchArg => ({ role: "scratch", name, bytes });

const ANY: Block = { rows: 1, elements: 1 };

function kernel<const R extends ResultKind, const A extends readonly KernelArg[]>(
  result: R, args: A, block: Block | "whole" = ANY,
): KernelSpec<A, R> {
  return block === "whole" ? { args, result, split: "none", block: ANY, work: "memory" } : { args, result, split: "rows", block, work: "memory" };
}

/** The same kernel, marked compute-bound (see KernelSpec.work). */
const compute = <const S extends KernelSpec>(spec: S) => ({ ...spec, work: "compute" }) as const;

/** Blocks of the element-wise driver (eight-element SIMD steps) and of the four-row cross-entropy kernels. */
const EIGHT_ELEMENTS: Block = { rows: 1, elements: 8 };
const FOUR_ROWS: Block = { rows: 4, elements: 1 };

/** out[i] = f(x[i]) for i < n (assembly/math/exports.ts). */
const arrayMath = () =>
  kernel("void", [input("x", "f32", "element"), rows("n"), output("out", "f32", "element", { inPlaceOf: "x" })], EIGHT_ELEMENTS);

/**
 * The arguments every loss kernel starts with: targets (per element, or int32 labels per row for
 * the sparse kernels), predictions, the shape, optional per-row weights, optional per-row
 * weighted losses, optional gradient (gs·w_r·∂L_r/∂yPred), and the gradient scale gs.
 */
const lossArgs = <const T extends InputArg>(targets: T, lengthName: "features" | "classes") => [
  targets,
  input("yPred", "f32", "element"),
  rows(),
  rowLength(lengthName),
  input("sampleWeight", "f32", "row", true),
  output("losses", "f32", "row", { optional: true }),
  output("grad", "f32", "element", { optional: true }),
  f32("gradScale"),
] as const;
const yTrue = input("yTrue", "f32", "element");
const sparseLabels = input("labels", "i32", "row");
/** A per-element loss, mean over `features` (assembly/losses/elementwise.ts), with extra parameters. */
const elementwise = <const P extends readonly ParamArg[]>(...params: P) =>
  kernel("sum", [...lossArgs(yTrue, "features"), ...params], EIGHT_ELEMENTS);
/** A per-row loss over rows of `classes`. */
const rowLoss = <const T extends InputArg, const P extends readonly KernelArg[]>(block: Block, targets: T, ...more: P) =>
  kernel("sum", [...lossArgs(targets, "classes"), ...more], block);

/** The four-row block scratch of the cross-entropy kernels (assembly/losses/softmax-rows.ts). */
const BLOCK_BYTES = 48;
/** The dense cross-entropy kernel's scratch: the block, then Σy', Σy'·d, S − 1 in float64 per row of the block. */
const DENSE_CE_BYTES = BLOCK_BYTES + 96;
/** The probability kernels' scratch: one float64. */
const PROB_CE_BYTES = 16;
/** Radix sort digit counters: 2048 u32 per pass. */
const radixCounts = (passes: number) => scratch(() => passes * 2048 * 4, "counts");
const matrix = (length: SizeFn) => ({ role: "accumulator", name: "matrix", type: "f64", length }) as const satisfies AccumulatorArg;
/** The unweighted confusion kernels' `copies` int32 histograms of classes² (copies = 0 when weighted). */
const histograms = (classes: (s: Shape) => number) => scratch((s) => 4 * s.params.copies * classes(s) ** 2, "counts");

export const KERNELS = {
  // ---- vector math (assembly/math/exports.ts): test and bench entry points ----
  mathExpF32: compute(arrayMath()),
  mathExpMinusF32: compute(arrayMath()),
  mathLogF32: compute(arrayMath()),
  mathLog1pF32: compute(arrayMath()),
  mathLog1pUnitF32: compute(arrayMath()),
  mathSoftplusF32: compute(arrayMath()),

  // ---- regression losses (assembly/losses/regression.ts) ----
  meanSquaredErrorF32: elementwise(),
  meanAbsoluteErrorF32: elementwise(),
  meanAbsolutePercentageErrorF32: elementwise(),
  meanSquaredLogarithmicErrorF32: compute(elementwise()),
  huberF32: elementwise(f32("delta")),
  logCoshF32: compute(elementwise()),

  // ---- cross-entropy (assembly/losses/crossentropy*.ts) and softmax (softmax.ts) ----
  softmaxCrossEntropySparseF32: compute(rowLoss(FOUR_ROWS, sparseLabels, f32("labelSmoothing"), scratch(() => BLOCK_BYTES))),
  softmaxCrossEntropyDenseF32: compute(rowLoss(FOUR_ROWS, yTrue, f32("labelSmoothing"), scratch(() => DENSE_CE_BYTES))),
  probCrossEntropySparseF32: rowLoss(ANY, sparseLabels, f32("labelSmoothing"), scratch(() => PROB_CE_BYTES)),
  probCrossEntropyDenseF32: compute(rowLoss(ANY, yTrue, f32("labelSmoothing"), scratch(() => PROB_CE_BYTES))),
  softmaxRowsF32: compute(kernel("void", [input("x", "f32", "element"), rows(), rowLength("classes"), output("out", "f32", "element", { inPlaceOf: "x" })])),
  logSoftmaxRowsF32: compute(kernel("void", [
    input("x", "f32", "element"), rows(), rowLength("classes"), output("out", "f32", "element", { inPlaceOf: "x" }),
    scratch(() => BLOCK_BYTES),
  ], FOUR_ROWS)),
  // its dedicated sum loop (no weights, no per-sample losses) takes 32 elements per step
  binaryCrossentropyLogitsF32: compute({ ...elementwise(f32("labelSmoothing"), f32("posWeight")), block: { rows: 1, elements: 32 } }),
  binaryCrossentropyProbsF32: compute(elementwise(f32("labelSmoothing"), f32("posWeight"))),
  binaryFocalLogitsF32: compute(elementwise(f32("labelSmoothing"), f32("gamma"), f32("alpha"), i32("applyClassBalancing"))),
  binaryFocalProbsF32: compute(elementwise(f32("labelSmoothing"), f32("gamma"), f32("alpha"), i32("applyClassBalancing"))),
  categoricalFocalLogitsF32: compute(rowLoss(ANY, yTrue, f32("labelSmoothing"), f32("gamma"), f32("alpha"))),
  categoricalFocalProbsF32: compute(rowLoss(ANY, yTrue, f32("labelSmoothing"), f32("gamma"), f32("alpha"))),

  // ---- divergences and hinge losses (assembly/losses/divergence.ts, hinge.ts) ----
  kullbackLeiblerDivergenceF32: compute(elementwise()),
  poissonF32: compute(elementwise()),
  cosineSimilarityF32: rowLoss(ANY, yTrue),
  hingeF32: elementwise(f32("binaryLabels")),
  squaredHingeF32: elementwise(f32("binaryLabels")),
  categoricalHingeF32: rowLoss(ANY, yTrue),

  // ---- metrics (assembly/metrics/) ----
  argmaxRowsF32: kernel("void", [input("yPred", "f32", "element"), rows(), rowLength("classes"), output("indices", "i32", "row")]),
  binaryAccuracyF32: kernel("sum", [
    yTrue, input("yPred", "f32", "element"), rows(), rowLength("features"), f32("threshold"), input("sampleWeight", "f64", "row", true),
  ]),
  categoricalAccuracyF32: kernel("sum", [yTrue, input("yPred", "f32", "element"), rows(), rowLength("classes"), input("sampleWeight", "f64", "row", true)]),
  sparseCategoricalAccuracyF32: kernel("sum", [
    sparseLabels, input("yPred", "f32", "element"), rows(), rowLength("classes"), input("sampleWeight", "f64", "row", true),
  ]),
  topKCategoricalAccuracyF32: kernel("sum", [
    yTrue, input("yPred", "f32", "element"), rows(), rowLength("classes"), i32("k"), input("sampleWeight", "f64", "row", true),
  ]),
  sparseTopKCategoricalAccuracyF32: kernel("sum", [
    sparseLabels, input("yPred", "f32", "element"), rows(), rowLength("classes"), i32("k"), input("sampleWeight", "f64", "row", true),
  ]),
  confusionFromLabelsF32: kernel("firstBad", [
    input("labels", "i32", "row"), input("predictions", "i32", "row"), rows("n"), i32("classes"), input("weights", "f64", "row", true),
    matrix((s) => s.params.classes ** 2), histograms((s) => s.params.classes), i32("copies"),
  ]),
  confusionFromScoresF32: kernel("firstBad", [
    input("labels", "i32", "row"), input("scores", "f32", "element"), rows(), rowLength("classes"), input("weights", "f64", "row", true),
    matrix((s) => s.rowLength ** 2), histograms((s) => s.rowLength), i32("copies"), scratch(() => 16),
  ]),
  confusionFromThresholdF32: kernel("void", [
    input("labels", "f32", "row"), input("scores", "f32", "row"), rows("n"), f32("threshold"), input("weights", "f64", "row", true),
    matrix(() => 4),
  ]),
  hashRowsF32: kernel("void", [input("x", "f32", "element"), rows(), rowLength("rowLength"), output("hashes", "i32", "row")]),
  radixSortF32: kernel("void", [
    { role: "inout", name: "x", type: "f32", per: "whole" }, rows("n"), scratch((s) => 4 * s.rows, "tmp"), radixCounts(3),
  ], "whole"),
  radixSortF64: kernel("void", [
    { role: "inout", name: "x", type: "f64", per: "whole" }, rows("n"), scratch((s) => 8 * s.rows, "tmp"), radixCounts(6),
  ], "whole"),
} as const satisfies Record<string, KernelSpec>;

export type KernelName = keyof typeof KERNELS;

/** Exports of every build that are not kernels: `heapBase()` (first free byte) and the memory. */
export const RUNTIME_EXPORTS = { heapBase: { params: [] as const, result: "i32" } } as const;

// ---- derived types --------------------------------------------------------------------------------

/** One number per argument, in the table's order. */
type ArgValues<A extends readonly KernelArg[]> = { [I in keyof A]: number };
type ResultValue<R extends ResultKind> = R extends "void" ? void : number;

/** A kernel as the wasm instance exports it. */
export type KernelFunction<S extends KernelSpec> = (...args: ArgValues<S["args"]>) => ResultValue<S["result"]>;

/** The exports of every build: one function per table entry, the memory and heapBase(). */
export type KernelExports = { readonly [K in KernelName]: KernelFunction<(typeof KERNELS)[K]> } & {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
};

/** The wasm type of each argument: pointers, counts and i32 parameters are i32. */
export function wasmType(arg: KernelArg): "i32" | "f32" {
  return arg.role === "param" ? arg.type : "i32";
}

/** The wasm result type of a kernel. */
export function wasmResult(spec: KernelSpec): "f64" | "i32" | "none" {
  return spec.result === "sum" ? "f64" : spec.result === "firstBad" ? "i32" : "none";
}
