/**
 * Per-class precision, recall, F1 and support, with macro, micro and weighted averages, from the
 * confusion matrix (confusion.ts), with scikit-learn's `classification_report` semantics:
 *
 *   precision_c = TP_c / (TP_c + FP_c)     recall_c = TP_c / (TP_c + FN_c)
 *   F1_c = 2·TP_c / (2·TP_c + FP_c + FN_c) (= 2PR / (P + R) where both are defined)
 *   support_c = TP_c + FN_c (the weight of the samples of true class c)
 *
 * A 0/0 gives 0 and is listed in `zeroDivision`, like `zero_division="warn"` (which returns 0
 * and warns). Macro = unweighted mean over classes; weighted = mean weighted by support; micro =
 * the same formulas on the summed counts (equal to accuracy when every class is included, as
 * here, so `format()` prints an "accuracy" row as scikit-learn does).
 */
import { describe, innerLength, numericArray, type ArrayInput } from "../core/args.js";
import { ArgumentTypeError, ShapeError, ValueError } from "../core/errors.js";
import { optionKeys, toOptions } from "../core/options.js";
import { confusionMatrix } from "./confusion.js";
import { classesOption } from "./common.js";

export interface ClassificationReportOptions {
  /** Number of classes; labels and predictions are integers in [0, classes). Default max + 1. */
  classes?: number;
  /** Display names of the classes (length = classes). Default "0", "1", …. */
  labelNames?: readonly string[];
  /** One non-negative weight per sample (as given: float64 values are not rounded), or one number for all. */
  sampleWeight?: number | ArrayInput;
}

/** Options of classificationReportFromMatrix and ConfusionMatrixAccumulator.report. */
export interface ReportFromMatrixOptions {
  /** Display names of the classes (length = classes). Default "0", "1", …. */
  labelNames?: readonly string[];
}

const REPORT_OPTIONS = optionKeys("classes", "labelNames", "sampleWeight");
const FROM_MATRIX_OPTIONS = optionKeys("labelNames");

/** Precision, recall, F1 and support of one class, or of one average. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Weight (count, unweighted) of the samples whose true class this is; totals for averages. */
  support: number;
}

/** A 0/0 that was replaced by 0: which row and which score. */
export interface ZeroDivision {
  /** A class name, or "macro avg", "micro avg", "weighted avg", "accuracy". */
  label: string;
  metric: "precision" | "recall" | "f1" | "accuracy";
}

export interface ClassificationReport {
  /** Class names, in class order. */
  labels: string[];
  /** Scores per class, in class order. */
  perClass: ClassScores[];
  /** Σ TP / Σ support (0 for no samples, flagged). */
  accuracy: number;
  macro: ClassScores;
  micro: ClassScores;
  weighted: ClassScores;
  /** Every 0/0 that was replaced by 0 (scikit-learn warns UndefinedMetricWarning for these). */
  zeroDivision: ZeroDivision[];
  /** The confusion matrix the report was computed from (rows = true, columns = predicted). */
  matrix: Float64Array;
  /** The aligned text table of scikit-learn's classification_report, `digits` (default 2) decimals. */
  format(digits?: number): string;
}

/**
 * scikit-learn's classification report of integer labels against integer predictions.
 * @example
 * const r = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { classes: 3 });
 * r.perClass[2]; // { precision: 1, recall: 0.666…, f1: 0.8, support: 3 }
 * console.log(r.format());
 * @throws LabelError for a label or prediction outside [0, classes); ShapeError for mismatched
 *   lengths or a labelNames of the wrong length; ValueError for a bad weight.
 */
export function classificationReport(
  labels: ArrayInput, predictions: ArrayInput, options?: ClassificationReportOptions,
): ClassificationReport {
  const fn = "classificationReport";
  const o = toOptions(fn, options, REPORT_OPTIONS);
  const classes = o.classes === undefined ? undefined : classesOption(fn, o.classes);
  const matrix = confusionMatrix(labels, predictions, { classes, sampleWeight: o.sampleWeight });
  return reportFromMatrix(fn, matrix, Math.round(Math.sqrt(matrix.length)), o.labelNames);
}

/**
 * The same report from a confusion matrix you already have (e.g. the result of a
 * ConfusionMatrixAccumulator): a row-major classes × classes array, rows = true class.
 * @throws ShapeError when the length is not classes²; ValueError for a negative or non-finite cell.
 */
export function classificationReportFromMatrix(matrix: ArrayInput, options?: ReportFromMatrixOptions): ClassificationReport {
  return reportOfMatrix("classificationReportFromMatrix", matrix, options);
}

/** classificationReportFromMatrix for `fn` (also ConfusionMatrixAccumulator.report). */
export function reportOfMatrix(fn: string, matrix: unknown, options: ReportFromMatrixOptions | undefined): ClassificationReport {
  const o = toOptions(fn, options, FROM_MATRIX_OPTIONS);
  const flat = numericArray(fn, "matrix", matrix);
  const C = Math.round(Math.sqrt(flat.length));
  const inner = innerLength(matrix);
  if (C * C !== flat.length || C === 0) {
    throw new ShapeError(fn, `matrix.length (${flat.length}) must be classes² for some classes ≥ 1`);
  }
  if (inner !== undefined && inner !== C) {
    throw new ShapeError(fn, `matrix rows must have classes (${C}) cells, got ${inner}`);
  }
  const m = Float64Array.from(flat as ArrayLike<number>);
  for (let i = 0; i < m.length; i++) {
    if (!(m[i] >= 0) || m[i] === Infinity) throw new ValueError(fn, `matrix[${i}] = ${m[i]} must be finite and non-negative`);
  }
  return reportFromMatrix(fn, m, C, o.labelNames);
}

function reportFromMatrix(fn: string, m: Float64Array, C: number, labelNamesIn: unknown): ClassificationReport {
  const labels = labelNames(fn, labelNamesIn, C);
  const zeroDivision: ZeroDivision[] = [];
  const divide = (num: number, den: number, label: string, metric: ZeroDivision["metric"]): number => {
    if (den === 0) {
      zeroDivision.push({ label, metric });
      return 0;
    }
    return num / den;
  };
  const scores = (tp: number, predicted: number, actual: number, label: string): ClassScores => ({
    precision: divide(tp, predicted, label, "precision"),
    recall: divide(tp, actual, label, "recall"),
    f1: divide(2 * tp, predicted + actual, label, "f1"),
    support: actual,
  });

  const perClass: ClassScores[] = [];
  let tpSum = 0;
  let total = 0;
  for (let c = 0; c < C; c++) {
    let actual = 0;
    let predicted = 0;
    for (let j = 0; j < C; j++) {
      actual += m[c * C + j];
      predicted += m[j * C + c];
    }
    const tp = m[c * C + c];
    tpSum += tp;
    total += actual;
    perClass.push(scores(tp, predicted, actual, labels[c]));
  }
  const mean = (key: keyof ClassScores) => perClass.reduce((a, s) => a + s[key], 0) / C;
  const macro: ClassScores = { precision: mean("precision"), recall: mean("recall"), f1: mean("f1"), support: total };
  // micro: Σ predicted = Σ actual = total
  const micro = scores(tpSum, total, total, "micro avg");
  const byWeight = (key: keyof ClassScores) =>
    divide(perClass.reduce((a, s) => a + s.support * s[key], 0), total, "weighted avg", key as ZeroDivision["metric"]);
  const weighted: ClassScores = { precision: byWeight("precision"), recall: byWeight("recall"), f1: byWeight("f1"), support: total };
  const accuracy = divide(tpSum, total, "accuracy", "accuracy");
  const report: ClassificationReport = {
    labels, perClass, accuracy, macro, micro, weighted, zeroDivision, matrix: m,
    format: (digits = 2) => formatReport(report, digits),
  };
  return report;
}

function labelNames(fn: string, names: unknown, C: number): string[] {
  if (names === undefined) return Array.from({ length: C }, (_, i) => String(i));
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new ArgumentTypeError(fn, `options.labelNames must be an array of strings, got ${describe(names)}`);
  }
  if (names.length !== C) throw new ShapeError(fn, `options.labelNames.length (${names.length}) must equal classes (${C})`);
  return names.slice();
}

/** scikit-learn's layout: names right-aligned to the widest, then 9-wide columns. */
function formatReport(r: ClassificationReport, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new ValueError("ClassificationReport.format", `digits must be an integer in [0, 20], got ${describe(digits)}`);
  }
  const width = Math.max(...r.labels.map((n) => n.length), "weighted avg".length, digits);
  const num = (x: number) => x.toFixed(digits).padStart(9);
  const support = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(digits)).padStart(9);
  const row = (name: string, s: ClassScores) =>
    `${name.padStart(width)}  ${num(s.precision)} ${num(s.recall)} ${num(s.f1)} ${support(s.support)}\n`;
  let out = `${"".padStart(width)}  ${["precision", "recall", "f1-score", "support"].map((h) => h.padStart(9)).join(" ")}\n\n`;
  r.perClass.forEach((s, c) => (out += row(r.labels[c], s)));
  out += "\n";
  out += `${"accuracy".padStart(width)}  ${"".padStart(9)} ${"".padStart(9)} ${num(r.accuracy)} ${support(r.macro.support)}\n`;
  out += row("macro avg", r.macro);
  out += row("weighted avg", r.weighted);
  return out;
}
