/**
 * Categorical cross-entropy (dense and sparse targets), with Keras 3
 * semantics (keras/src/losses/losses.py; the JAX backend's nn.py). Rows are `classes`
 * contiguous float32 values of yPred (logits when `fromLogits`, else probabilities).
 *
 * From logits: L = −Σ_c y'_c·log_softmax(x)_c, computed as Σy'·log S − Σ y'_c·(x_c − max)
 * with S = Σ exp(x_c − max), exact for logits of any magnitude. From probabilities (Keras):
 * each row is renormalised by its sum, clipped to [1e-7, 1 − 1e-7], then L = −Σ y'_c·log q_c.
 * Label smoothing s: y' = (1 − s)·y + s/C.
 */
import type { ArrayInput } from "../core/args.js";
import type { Reduction } from "../core/reduction.js";
import { FROM_LOGITS, LABEL_SMOOTHING } from "./elementwise.js";
import { rowLoss } from "./rows.js";

/** Options of categoricalCrossentropy (Keras 3 names and defaults). */
export interface CategoricalCrossentropyOptions {
  /** Number of classes C: the length of each row. Required with flat yPred (optional with nested rows: their inner length). */
  classes: number;
  /** yPred holds logits (true) or probabilities (false, default). */
  fromLogits?: boolean;
  /** s in [0, 1]: targets become (1 − s)·y + s/C. Default 0. */
  labelSmoothing?: number;
  /** One non-negative weight per class, multiplying the weight of each row of that class. */
  classWeight?: ArrayInput;
  /** Default `'sum_over_batch_size'`. */
  reduction?: Reduction;
  /** One non-negative weight per row, or one number for every row. */
  sampleWeight?: number | ArrayInput;
}

/** Options of sparseCategoricalCrossentropy. */
export interface SparseCategoricalCrossentropyOptions extends Omit<CategoricalCrossentropyOptions, "classes"> {
  /** Number of classes C. Default the inner length of nested yPred rows, else yPred.length / labels.length. */
  classes?: number;
  /** Rows with this label add no loss and no gradient and are left out of the mean. */
  ignoreIndex?: number;
}

/** fromLogits and labelSmoothing (the options both cross-entropies add to the shared ones). */
const CROSS_ENTROPY_OPTIONS = { fromLogits: FROM_LOGITS, labelSmoothing: LABEL_SMOOTHING };

const categorical = rowLoss<CategoricalCrossentropyOptions>({
  name: "categoricalCrossentropy",
  targets: "dense",
  rowLength: "classes",
  classWeight: true,
  options: CROSS_ENTROPY_OPTIONS,
  kernel: (p) => (p.fromLogits ? "softmaxCrossEntropyDenseF32" : "probCrossEntropyDenseF32"),
});

const sparse = rowLoss<SparseCategoricalCrossentropyOptions | undefined>({
  name: "sparseCategoricalCrossentropy",
  targets: "sparse",
  rowLength: "classes",
  classWeight: true,
  options: CROSS_ENTROPY_OPTIONS,
  kernel: (p) => (p.fromLogits ? "softmaxCrossEntropySparseF32" : "probCrossEntropySparseF32"),
});

/**
 * Categorical cross-entropy of one-hot (or soft) targets yTrue against yPred, rows of
 * `options.classes`: L = −Σ_c y'_c·log q_c with q = softmax(yPred) when `fromLogits`, else
 * q = clip(yPred / rowsum, 1e-7, 1 − 1e-7) (Keras). Reduced over rows (default: mean).
 *
 * @example
 * categoricalCrossentropy([0, 1, 0], [0.05, 0.95, 0], { classes: 3 }) // 0.0513 = −log 0.95
 * categoricalCrossentropy([0, 1], [2, 2], { classes: 2, fromLogits: true }) // log 2
 * @throws ShapeError when lengths differ, `classes` is missing or does not divide the length, or a
 *   weight array has the wrong length; ValueError for labelSmoothing outside [0, 1], negative
 *   weights, an unknown reduction; ArgumentTypeError for non-numeric arrays or a non-boolean
 *   fromLogits; NotReadyError before `await ready()`.
 */
export const categoricalCrossentropy = categorical.loss;

/**
 * categoricalCrossentropy and its gradient in one pass: ∂loss/∂logits = scale·w·(Σy'·softmax − y')
 * when `fromLogits`, else ∂loss/∂probabilities (zero where the clip is active).
 */
export const categoricalCrossentropyWithGrad = categorical.withGrad;

/**
 * Cross-entropy of integer class labels (one per row) against yPred rows: L = −log q_label
 * (with label smoothing: −(1 − s)·log q_label − (s/C)·Σ_c log q_c). Labels may be any integer
 * typed array, a Float32Array/Float64Array of integral values, or number[].
 *
 * @example
 * sparseCategoricalCrossentropy([1], [0.05, 0.95, 0]) // 0.0513 (classes inferred: 3)
 * sparseCategoricalCrossentropy(Int32Array.of(0, 2), logits, { classes: 10, fromLogits: true, ignoreIndex: -100 })
 * @throws LabelError for a label that is not an integer in [0, classes) and not ignoreIndex,
 *   e.g. `sparseCategoricalCrossentropy: labels[17] = 12 is out of range [0, 10)`; ShapeError,
 *   ValueError, ArgumentTypeError as categoricalCrossentropy.
 */
export const sparseCategoricalCrossentropy = sparse.loss;

/** sparseCategoricalCrossentropy and its gradient (softmax − one-hot, scaled, for logits) in one pass. */
export const sparseCategoricalCrossentropyWithGrad = sparse.withGrad;
