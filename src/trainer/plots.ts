/**
 * SVG plots rendered headlessly: a Vega-Lite spec, compiled to Vega, rendered by a Vega View with
 * no renderer attached (`toSVG` needs no canvas or browser).
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ConditionSummary, EpochSummary, Stat } from "./claims.js";
import type { RunResult } from "./experiment.js";
import type { StudyLoss } from "./mechanism.js";

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Train vs validation curves of `field` (loss or accuracy), one panel per run. */
export function curves(runs: RunResult[], field: "Loss" | "Accuracy"): Promise<string> {
  const values = runs.flatMap((r) =>
    r.epochs.flatMap((e) => [
      { run: r.name, epoch: e.epoch, set: "train", value: field === "Loss" ? e.trainLoss : e.trainAccuracy },
      { run: r.name, epoch: e.epoch, set: "validation", value: field === "Loss" ? e.valLoss : e.valAccuracy },
    ]),
  );
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `${field}: train vs validation (each run with its own loss${field === "Loss" ? ", own scale" : ""})`,
    data: { values },
    facet: { column: { field: "run", type: "nominal", title: null, sort: runs.map((r) => r.name) } },
    spec: {
      width: 220,
      height: 180,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "epoch", type: "quantitative", axis: { tickMinStep: 1 } },
        y: { field: "value", type: "quantitative", title: field, scale: { zero: false } },
        color: { field: "set", type: "nominal", title: null },
      },
    },
    resolve: { scale: { y: "independent" } },
  });
}

/** A confusion matrix (rows = true class) as a heatmap with counts. */
export function confusionHeatmap(title: string, labels: readonly string[], m: readonly (readonly number[])[]): Promise<string> {
  const values = m.flatMap((row, t) => row.map((count, p) => ({ true: labels[t], predicted: labels[p], count })));
  const size = 40 * m.length + 40;
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    data: { values },
    width: size,
    height: size,
    encoding: {
      x: { field: "predicted", type: "ordinal", title: "predicted", sort: [...labels] },
      y: { field: "true", type: "ordinal", title: "true", sort: [...labels] },
    },
    layer: [
      { mark: "rect", encoding: { color: { field: "count", type: "quantitative", scale: { type: "symlog", scheme: "blues" } } } },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: { condition: { test: `datum.count > ${Math.max(...m.flat()) / 4}`, value: "white" }, value: "black" },
        },
      },
    ],
  });
}

const LOSS_NAMES: Record<StudyLoss, string> = { mse: "MSE", ce: "cross-entropy" };

/**
 * One panel per condition: a measure's mean over seeds per epoch (line) and mean ± spread
 * (band), MSE against cross-entropy.
 */
function studyCurves(
  summaries: readonly ConditionSummary[], title: string, yTitle: string, pick: (e: EpochSummary) => Stat | null, log: boolean,
): Promise<string> {
  const values = summaries.flatMap((s) =>
    (["mse", "ce"] as const).flatMap((loss) =>
      s.curves[loss].flatMap((e) => {
        const v = pick(e);
        if (v === null || (log && !(v.mean > 0))) return [];
        const lo = v.mean - v.sd;
        return [{ condition: s.name, loss: LOSS_NAMES[loss], epoch: e.epoch, mean: v.mean, lo: log && lo <= 0 ? v.mean : lo, hi: v.mean + v.sd }];
      }),
    ),
  );
  const y = { type: "quantitative" as const, title: yTitle, scale: log ? { type: "log" as const } : { zero: false } };
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    data: { values },
    facet: { field: "condition", type: "nominal", title: null, sort: summaries.map((s) => s.name) },
    columns: 4,
    spec: {
      width: 190,
      height: 140,
      layer: [
        { mark: { type: "area", opacity: 0.25 }, encoding: { x: { field: "epoch", type: "quantitative" }, y: { field: "lo", ...y }, y2: { field: "hi" }, color: { field: "loss", type: "nominal", title: null } } },
        {
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "epoch", type: "quantitative", axis: { tickMinStep: 1 } },
            y: { field: "mean", ...y },
            color: { field: "loss", type: "nominal", title: null },
          },
        },
      ],
    },
    resolve: { scale: { y: "independent" } },
  });
}

/** Validation accuracy per epoch, MSE against cross-entropy, one panel per condition. */
export const studyAccuracyCurves = (summaries: readonly ConditionSummary[]) =>
  studyCurves(summaries, "Validation accuracy, mean over seeds (band: ± one standard deviation); epoch 0 = the shared initial weights", "validation accuracy", (e) => e.valAccuracy, false);

/** Mean |∂L/∂logit| over misclassified training samples per epoch, log scale. */
export const studyGradientCurves = (summaries: readonly ConditionSummary[]) =>
  studyCurves(summaries, "Mean |∂L/∂logit| over misclassified training samples (log scale), mean over seeds ± one standard deviation", "|∂L/∂logit|", (e) => e.gradMisclassified, true);

/** One ROC curve to draw: its points in order (fpr, tpr increasing) and its legend. */
export interface RocSeries {
  label: string;
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
}

/**
 * ROC curves (simdloss rocCurve points), one line per series joined in the curve's own order
 * (vertical runs share an fpr), over the dashed diagonal of a random ranking: the whole square,
 * and beside it the top-left corner (fpr ≤ 0.1, tpr ≥ 0.8), where good classifiers' curves run.
 */
export function rocPlot(title: string, series: readonly RocSeries[]): Promise<string> {
  const values = series.flatMap((s) => Array.from(s.fpr, (fpr, i) => ({ curve: s.label, i, fpr, tpr: s.tpr[i] })));
  const panel = (subtitle: string, x: [number, number], y: [number, number]) => {
    const axis = (field: string, label: string, domain: [number, number]) =>
      ({ field, type: "quantitative" as const, title: label, scale: { domain, nice: false } });
    const xy = { x: axis("fpr", "false positive rate", x), y: axis("tpr", "true positive rate", y) };
    return {
      title: subtitle,
      width: 280,
      height: 280,
      layer: [
        { data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] }, mark: { type: "line" as const, color: "#999", strokeDash: [4, 4], clip: true }, encoding: xy },
        {
          data: { values },
          mark: { type: "line" as const, clip: true },
          encoding: {
            ...xy,
            color: { field: "curve", type: "nominal" as const, title: null, sort: series.map((s) => s.label), legend: { labelLimit: 0 } },
            order: { field: "i", type: "quantitative" as const },
          },
        },
      ],
    };
  };
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    hconcat: [panel("whole curve", [0, 1], [0, 1]), panel("top-left corner", [0, 0.1], [0.8, 1])],
  });
}
