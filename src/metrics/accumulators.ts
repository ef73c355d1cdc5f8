/**
 * Streaming, mergeable metric state: feed batches with `update`, combine states computed on
 * other workers or machines with `merge`, ship them as JSON (`toJSON` / `fromJSON`), and read
 * `result()` at any time. Merging is associative and commutative: any split of the data into
 * shards, merged in any order, gives the one-shot result exactly (tested with fast-check).
 *
 * - LossAccumulator keeps Σ w·L and Σ w as exact sums (exact-sum.ts), so even float sums merge
 *   exactly; result() = Σ w·L / Σ w, rounded once.
 * - ConfusionMatrixAccumulator keeps float64 cells: counts (and integer weights) are exact, so
 *   they merge exactly; fractional weights merge to within float64 rounding.
 * - AucAccumulator keeps the histogram of distinct scores with their positive and negative
 *   counts (auc.ts): exact AUC and average precision can stream, at a memory cost of 24 bytes
 *   per distinct score (at most one per sample; quantise scores to bound it).
 */
import { describe, numericArray, positiveInteger, type ArrayInput } from "../core/args.js";
import { ArgumentTypeError, ShapeError, ValueError } from "../core/errors.js";
import { optionKeys, toOptions } from "../core/options.js";
import { ExactSum } from "./exact-sum.js";
import { confusionMatrix, confusionMatrixFromScores } from "./confusion.js";
import { reportOfMatrix, type ClassificationReport, type ReportFromMatrixOptions } from "./report.js";
import {
  averagePrecisionOfHistogram, binaryHistogram, mergeHistograms, rocAucOfHistogram, type ScoreHistogram,
} from "./auc.js";
import { classesOption } from "./common.js";

/** A number or a numeric array (flat or nested) without conversion (losses keep their float64 precision). */
function numbers(fn: string, name: string, x: unknown): ArrayLike<number> {
  return typeof x === "number" ? [x] : numericArray(fn, name, x);
}

/** The constructors of LossAccumulator and AucAccumulator take no options (an options object must be empty). */
const NO_OPTIONS = optionKeys();

/** Options of ConfusionMatrixAccumulator's update and updateFromScores. */
export interface ConfusionUpdateOptions {
  /** One non-negative weight per sample (as given: float64 values are not rounded), or one number for all. */
  sampleWeight?: number | ArrayInput;
  /** Alias of `sampleWeight` (give one of them). */
  weights?: number | ArrayInput;
}

const ACCUMULATOR_OPTIONS = optionKeys("classes");
const UPDATE_OPTIONS = optionKeys("sampleWeight", "weights");

function objectJSON(fn: string, json: unknown): Record<string, unknown> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ArgumentTypeError(fn, `json must be an object (from toJSON()), got ${describe(json)}`);
  }
  return json as Record<string, unknown>;
}

// ---- LossAccumulator --------------------------------------------------------------------------

export interface LossAccumulatorJSON {
  type: "LossAccumulator";
  sum: { partials: number[]; special: number | string };
  weight: { partials: number[]; special: number | string };
}

/**
 * The weighted mean of per-sample losses (or of any per-sample values) over a stream:
 * result() = Σ w·L / Σ w (Keras's `Mean` metric; 0 before any weight is added).
 * @example
 * const acc = new LossAccumulator();
 * acc.update(lossesOfBatch1);             // per-sample losses, weight 1 each
 * acc.update(meanLossOfBatch2, batchSize); // or one value with its weight
 * acc.merge(LossAccumulator.fromJSON(fromOtherWorker)).result();
 */
export class LossAccumulator {
  private readonly sum = new ExactSum();
  private readonly weight = new ExactSum();

  /** @param options none: an options object, if given, must be empty (ValueError otherwise). */
  constructor(options?: Record<string, never>) {
    toOptions("LossAccumulator", options, NO_OPTIONS);
  }

  /**
   * Adds values L (a number or an array) with weights w (a number for all, an array of the same
   * length, or 1 by default).
   * @throws ShapeError when the weight array's length differs; ValueError for a negative or
   *   non-finite weight; ArgumentTypeError for non-numeric input.
   */
  update(values: number | ArrayInput, sampleWeight?: number | ArrayInput): this {
    const fn = "LossAccumulator.update";
    const L = numbers(fn, "values", values);
    const w = sampleWeight === undefined ? null : numbers(fn, "sampleWeight", sampleWeight);
    const scalarWeight = typeof sampleWeight === "number";
    if (w !== null && !scalarWeight && w.length !== L.length) {
      throw new ShapeError(fn, `sampleWeight.length (${w.length}) must equal values.length (${L.length})`);
    }
    if (w !== null) {
      for (let i = 0; i < w.length; i++) {
        if (!(w[i] >= 0) || w[i] === Infinity) throw new ValueError(fn, `sampleWeight[${i}] = ${w[i]} must be finite and non-negative`);
      }
    }
    for (let i = 0; i < L.length; i++) {
      const wi = w === null ? 1 : scalarWeight ? w[0] : w[i];
      this.sum.add(wi * L[i]);
      this.weight.add(wi);
    }
    return this;
  }

  /** Adds another accumulator's state into this one (the other is unchanged). */
  merge(other: LossAccumulator): this {
    if (!(other instanceof LossAccumulator)) {
      throw new ArgumentTypeError("LossAccumulator.merge", `other must be a LossAccumulator, got ${describe(other)}`);
    }
    this.sum.addSum(other.sum);
    this.weight.addSum(other.weight);
    return this;
  }

  /** Σ w·L / Σ w, 0 when Σ w = 0. */
  result(): number {
    const w = this.weight.value();
    return w === 0 ? 0 : this.sum.value() / w;
  }

  /** Σ w·L (exact sum, rounded once). */
  get total(): number {
    return this.sum.value();
  }

  /** Σ w (exact sum, rounded once): the sample count when unweighted. */
  get count(): number {
    return this.weight.value();
  }

  toJSON(): LossAccumulatorJSON {
    return { type: "LossAccumulator", sum: this.sum.toJSON(), weight: this.weight.toJSON() };
  }

  /** @throws ArgumentTypeError / ValueError for anything toJSON() could not have written. */
  static fromJSON(json: unknown): LossAccumulator {
    const fn = "LossAccumulator.fromJSON";
    const j = objectJSON(fn, json);
    if (j.type !== "LossAccumulator") throw new ValueError(fn, `json.type must be "LossAccumulator", got ${JSON.stringify(j.type)}`);
    const acc = new LossAccumulator();
    acc.sum.addSum(ExactSum.fromJSON(fn, "json.sum", j.sum));
    acc.weight.addSum(ExactSum.fromJSON(fn, "json.weight", j.weight));
    return acc;
  }
}

// ---- ConfusionMatrixAccumulator ------------------------------------------------------------------

export interface ConfusionMatrixAccumulatorJSON {
  type: "ConfusionMatrixAccumulator";
  classes: number;
  /** Row-major classes × classes cells (rows = true class). */
  matrix: number[];
}

/**
 * A confusion matrix over a stream of batches (rows = true class, columns = predicted class, as
 * confusionMatrix), with classificationReport at the end.
 * @example
 * const acc = new ConfusionMatrixAccumulator({ classes: 10 });
 * for (const { labels, probabilities } of batches) acc.updateFromScores(labels, probabilities);
 * console.log(acc.report().format());
 */
export class ConfusionMatrixAccumulator {
  readonly classes: number;
  private readonly matrix: Float64Array;

  constructor(options: { classes: number }) {
    const fn = "ConfusionMatrixAccumulator";
    if (options === undefined) throw new ArgumentTypeError(fn, "options must be an object, got undefined");
    this.classes = classesOption(fn, toOptions(fn, options, ACCUMULATOR_OPTIONS).classes);
    this.matrix = new Float64Array(this.classes * this.classes);
  }

  /** Adds a batch of class ids (see confusionMatrix; same checks and errors). */
  update(labels: ArrayInput, predictions: ArrayInput, options?: ConfusionUpdateOptions): this {
    const o = toOptions("ConfusionMatrixAccumulator.update", options, UPDATE_OPTIONS);
    return this.add(confusionMatrix(labels, predictions, { ...o, classes: this.classes }));
  }

  /** Adds a batch of rows × classes scores, predicted class = argmax (see confusionMatrixFromScores). */
  updateFromScores(labels: ArrayInput, scores: ArrayInput, options?: ConfusionUpdateOptions): this {
    const o = toOptions("ConfusionMatrixAccumulator.updateFromScores", options, UPDATE_OPTIONS);
    return this.add(confusionMatrixFromScores(labels, scores, { ...o, classes: this.classes }));
  }

  /** Adds another accumulator's counts (same classes, else ShapeError). */
  merge(other: ConfusionMatrixAccumulator): this {
    const fn = "ConfusionMatrixAccumulator.merge";
    if (!(other instanceof ConfusionMatrixAccumulator)) {
      throw new ArgumentTypeError(fn, `other must be a ConfusionMatrixAccumulator, got ${describe(other)}`);
    }
    if (other.classes !== this.classes) throw new ShapeError(fn, `other.classes (${other.classes}) must equal classes (${this.classes})`);
    return this.add(other.matrix);
  }

  /** A copy of the matrix: row-major classes × classes, rows = true class. */
  result(): Float64Array {
    return this.matrix.slice();
  }

  /** classificationReport of everything seen so far. */
  report(options?: ReportFromMatrixOptions): ClassificationReport {
    return reportOfMatrix("ConfusionMatrixAccumulator.report", this.matrix, options);
  }

  toJSON(): ConfusionMatrixAccumulatorJSON {
    return { type: "ConfusionMatrixAccumulator", classes: this.classes, matrix: Array.from(this.matrix) };
  }

  /** @throws ValueError / ShapeError for anything toJSON() could not have written. */
  static fromJSON(json: unknown): ConfusionMatrixAccumulator {
    const fn = "ConfusionMatrixAccumulator.fromJSON";
    const j = objectJSON(fn, json);
    if (j.type !== "ConfusionMatrixAccumulator") {
      throw new ValueError(fn, `json.type must be "ConfusionMatrixAccumulator", got ${JSON.stringify(j.type)}`);
    }
    const acc = new ConfusionMatrixAccumulator({ classes: positiveInteger(fn, "json.classes", j.classes, 0) });
    const m = j.matrix;
    if (!Array.isArray(m) || m.length !== acc.matrix.length) {
      throw new ShapeError(fn, `json.matrix must be an array of classes² = ${acc.matrix.length} numbers, got ${describe(m)}`);
    }
    for (let i = 0; i < m.length; i++) {
      if (typeof m[i] !== "number" || !(m[i] >= 0) || m[i] === Infinity) {
        throw new ValueError(fn, `json.matrix[${i}] = ${JSON.stringify(m[i])} must be a finite non-negative number`);
      }
      acc.matrix[i] = m[i];
    }
    return acc;
  }

  private add(m: Float64Array): this {
    for (let i = 0; i < m.length; i++) this.matrix[i] += m[i];
    return this;
  }
}

// ---- AucAccumulator ----------------------------------------------------------------------------

export interface AucAccumulatorJSON {
  type: "AucAccumulator";
  /** Distinct scores, decreasing. */
  values: number[];
  positives: number[];
  negatives: number[];
}

/**
 * Exact binary ROC AUC and average precision over a stream: keeps the count of positives and
 * negatives at each distinct score, which is all that exact AUC needs. Batches are buffered and
 * folded in (one sort per fold) when a result, a merge or JSON is asked for.
 * @example
 * const acc = new AucAccumulator();
 * acc.update(labelsOfBatch, scoresOfBatch);
 * acc.merge(AucAccumulator.fromJSON(fromOtherWorker)).result(); // = rocAuc of all the data
 */
export class AucAccumulator {
  private histogram: ScoreHistogram = { values: new Float64Array(0), positives: new Float64Array(0), negatives: new Float64Array(0) };
  private pending: ScoreHistogram[] = [];

  /** @param options none: an options object, if given, must be empty (ValueError otherwise). */
  constructor(options?: Record<string, never>) {
    toOptions("AucAccumulator", options, NO_OPTIONS);
  }

  /** Adds a batch: yTrue 0/1, one finite score per sample (checks and errors as rocAuc). */
  update(yTrue: ArrayInput, scores: ArrayInput): this {
    this.pending.push(binaryHistogram("AucAccumulator.update", yTrue, scores));
    return this;
  }

  /** Adds another accumulator's histogram (the other is unchanged). */
  merge(other: AucAccumulator): this {
    if (!(other instanceof AucAccumulator)) {
      throw new ArgumentTypeError("AucAccumulator.merge", `other must be an AucAccumulator, got ${describe(other)}`);
    }
    this.pending.push(other.folded());
    return this;
  }

  /** Exact ROC AUC of everything seen (NaN with no positives or no negatives), as rocAuc. */
  result(): number {
    return rocAucOfHistogram(this.folded());
  }

  /** Average precision of everything seen (NaN with no positives), as averagePrecision. */
  averagePrecision(): number {
    return averagePrecisionOfHistogram(this.folded());
  }

  /** Number of distinct scores held (the memory is 24 bytes each). */
  get distinctScores(): number {
    return this.folded().values.length;
  }

  toJSON(): AucAccumulatorJSON {
    const h = this.folded();
    return { type: "AucAccumulator", values: Array.from(h.values), positives: Array.from(h.positives), negatives: Array.from(h.negatives) };
  }

  /** @throws ValueError / ShapeError for anything toJSON() could not have written. */
  static fromJSON(json: unknown): AucAccumulator {
    const fn = "AucAccumulator.fromJSON";
    const j = objectJSON(fn, json);
    if (j.type !== "AucAccumulator") throw new ValueError(fn, `json.type must be "AucAccumulator", got ${JSON.stringify(j.type)}`);
    const arrays = [j.values, j.positives, j.negatives];
    if (!arrays.every(Array.isArray) || !arrays.every((a) => (a as unknown[]).length === (j.values as unknown[]).length)) {
      throw new ShapeError(fn, "json.values, json.positives and json.negatives must be arrays of the same length");
    }
    const [values, positives, negatives] = arrays.map((a) => Float64Array.from(a as number[]));
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]) || (i > 0 && !(values[i] < values[i - 1]))) {
        throw new ValueError(fn, `json.values must be finite and strictly decreasing (at index ${i})`);
      }
      for (const [name, a] of [["positives", positives], ["negatives", negatives]] as const) {
        if (!Number.isInteger(a[i]) || a[i] < 0) throw new ValueError(fn, `json.${name}[${i}] = ${a[i]} must be a non-negative integer`);
      }
    }
    const acc = new AucAccumulator();
    acc.histogram = { values, positives, negatives };
    return acc;
  }

  /** Folds the pending batches into the histogram (pairwise, so k batches cost O(n log k)). */
  private folded(): ScoreHistogram {
    if (this.pending.length > 0) {
      let level = [this.histogram, ...this.pending];
      while (level.length > 1) {
        const next: ScoreHistogram[] = [];
        for (let i = 0; i + 1 < level.length; i += 2) next.push(mergeHistograms(level[i], level[i + 1]));
        if (level.length % 2 === 1) next.push(level[level.length - 1]);
        level = next;
      }
      this.histogram = level[0];
      this.pending = [];
    }
    return this.histogram;
  }
}
