/**
 * SVG plots rendered headlessly: a Vega-Lite spec, compiled to Vega, rendered by a Vega View with
 * no renderer attached (`toSVG` needs no canvas or browser).
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { RunResult } from "./experiment.js";

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

/** The test-set confusion matrix of one run as a heatmap with counts. */
export function confusionHeatmap(run: RunResult): Promise<string> {
  const m = run.test.confusionMatrix;
  const values = m.flatMap((row, t) => row.map((count, p) => ({ true: run.test.labels[t], predicted: run.test.labels[p], count })));
  const size = 40 * m.length + 40;
  return toSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `Test confusion matrix: ${run.name} (accuracy ${(100 * run.test.accuracy).toFixed(2)} %)`,
    data: { values },
    width: size,
    height: size,
    encoding: {
      x: { field: "predicted", type: "ordinal", title: "predicted" },
      y: { field: "true", type: "ordinal", title: "true" },
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
