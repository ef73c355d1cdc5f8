/**
 * The study's findings, derived from its numbers: means and spreads over seeds, the comparison
 * of cross-entropy with MSE in each condition, and the sentences of the report. Nothing here
 * is written in advance: swap the numbers and the sentences change with them.
 *
 * Rule: the spread of a measure is its sample standard deviation over seeds; cross-entropy and
 * MSE differ only when their means are further apart than the sum of their spreads (the two
 * intervals mean ± spread do not overlap). Otherwise the difference is reported as "no
 * difference", however large it looks.
 */
import type { StudyLoss } from "./mechanism.js";
import { optimizerLabel, type Condition } from "./grid.js";
import type { ConditionResult, StudyEpoch } from "./results.js";

/** The tutorial's claim: ~97 % validation accuracy with cross-entropy against ~80 % with MSE. */
export const TUTORIAL_POINTS = 17;

export interface Stat {
  mean: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  sd: number;
  /** Seeds with a value. */
  n: number;
}

/** Mean and sample standard deviation; null when there are no values. */
export function stat(values: readonly number[]): Stat | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, sd, n };
}

export interface EpochSummary {
  epoch: number;
  valAccuracy: Stat;
  trainAccuracy: Stat;
  valLoss: Stat;
  trainLoss: Stat;
  misclassified: Stat;
  /** null when no seed had a misclassified training sample. */
  gradMisclassified: Stat | null;
}

export type Outcome = "ce" | "mse" | "none";

/** Cross-entropy against MSE on one measure at one epoch. */
export interface Comparison {
  epoch: number;
  ce: Stat;
  mse: Stat;
  /** ce.mean − mse.mean. */
  difference: number;
  /** ce.sd + mse.sd: a difference within it is no difference. */
  spread: number;
  outcome: Outcome;
}

export function compare(epoch: number, ce: Stat, mse: Stat): Comparison {
  const difference = ce.mean - mse.mean;
  const spread = ce.sd + mse.sd;
  const outcome: Outcome = Math.abs(difference) > spread ? (difference > 0 ? "ce" : "mse") : "none";
  return { epoch, ce, mse, difference, spread, outcome };
}

export type Verdict = "holds" | "reversed" | "mixed" | "no difference";

export interface ConditionSummary {
  name: string;
  condition: Condition;
  /** Per loss, per epoch (0 = initial weights): means and spreads over seeds. */
  curves: Record<StudyLoss, EpochSummary[]>;
  /** Validation accuracy after the first and after the last epoch. */
  checkpoints: Comparison[];
  /** Mean |∂L/∂logit| on misclassified training samples at the same epochs (null when a side has none). */
  gradients: (Comparison | null)[];
  verdict: Verdict;
  /** How many seeds had cross-entropy ahead after the last epoch. */
  ceAheadSeeds: number;
  sentence: string;
  mechanism: string;
}

function seedStats(runs: ConditionResult["runs"], loss: StudyLoss): EpochSummary[] {
  const mine = runs.filter((r) => r.loss === loss);
  const at = (e: number, f: (x: StudyEpoch) => number | null) =>
    mine.map((r) => f(r.epochs[e])).filter((v): v is number => v !== null);
  return mine[0].epochs.map((_, e) => ({
    epoch: mine[0].epochs[e].epoch,
    valAccuracy: stat(at(e, (x) => x.valAccuracy))!,
    trainAccuracy: stat(at(e, (x) => x.trainAccuracy))!,
    valLoss: stat(at(e, (x) => x.valLoss))!,
    trainLoss: stat(at(e, (x) => x.trainLoss))!,
    misclassified: stat(at(e, (x) => x.misclassified))!,
    gradMisclassified: stat(at(e, (x) => x.gradMisclassified)),
  }));
}

const pts = (x: number) => `${(100 * x).toFixed(1)}`;
const pct = (s: Stat) => `${pts(s.mean)} ± ${pts(s.sd)} %`;
const g2 = (x: number) => (x !== 0 && Math.abs(x) < 0.01 ? x.toExponential(1) : x.toPrecision(2));
/** A gradient statistic; from one seed (the others had no misclassified sample) it has no spread. */
const gradText = (s: Stat) => (s.n === 1 ? `${g2(s.mean)} (one seed)` : `${g2(s.mean)} ± ${g2(s.sd)}`);

/** One checkpoint in words: "after epoch 1, cross-entropy leads by 7.8 points (79.0 ± 1.1 % vs 71.2 ± 2.0 %)". */
export function checkpointText(c: Comparison): string {
  const both = `cross-entropy ${pct(c.ce)}, MSE ${pct(c.mse)}`;
  const d = pts(Math.abs(c.difference));
  if (c.outcome === "ce") return `after epoch ${c.epoch} cross-entropy leads by ${d} points (${both})`;
  if (c.outcome === "mse") return `after epoch ${c.epoch} MSE leads by ${d} points (${both})`;
  return `after epoch ${c.epoch} there is no difference (${d} points, within the spread of ${pts(c.spread)}: ${both})`;
}

function verdictOf(outcomes: Outcome[]): Verdict {
  const ce = outcomes.includes("ce");
  const mse = outcomes.includes("mse");
  return ce && mse ? "mixed" : ce ? "holds" : mse ? "reversed" : "no difference";
}

/** The sentence of one condition, from its checkpoints. */
export function conditionSentence(name: string, checkpoints: Comparison[]): { verdict: Verdict; sentence: string } {
  const verdict = verdictOf(checkpoints.map((c) => c.outcome));
  const lead = {
    holds: "cross-entropy beats MSE",
    reversed: "MSE beats cross-entropy",
    mixed: "cross-entropy leads at one point of training and MSE at another",
    "no difference": "no difference between the losses",
  }[verdict];
  let sentence = `${name}: ${lead}: ${checkpoints.map(checkpointText).join("; ")}.`;
  const ahead = checkpoints.filter((c) => c.outcome === "ce");
  if (ahead.length > 0) {
    const best = ahead.reduce((a, c) => (c.difference > a.difference ? c : a));
    sentence += 100 * best.difference >= TUTORIAL_POINTS
      ? ` The largest lead, ${pts(best.difference)} points, is at least the tutorial's ~${TUTORIAL_POINTS}.`
      : ` The largest lead, ${pts(best.difference)} points, is short of the tutorial's ~${TUTORIAL_POINTS}.`;
  }
  return { verdict, sentence };
}

/** The mechanism of one condition in words, from the measured gradients (follows the condition's sentence). */
export function mechanismSentence(gradients: (Comparison | null)[]): string {
  const parts = gradients.map((g) => {
    if (g === null) return null;
    const both = `${gradText(g.ce)} against ${gradText(g.mse)}`;
    if (g.outcome === "none") return `about the same as MSE's after epoch ${g.epoch}, within the spread (${both})`;
    const ratio = g.ce.mean / g.mse.mean;
    const times = ratio >= 1 ? `${ratio.toFixed(1)}× MSE's` : `${(1 / ratio).toFixed(1)}× smaller than MSE's`;
    return `${times} after epoch ${g.epoch} (${both})`;
  });
  const known = parts.filter((p): p is string => p !== null);
  if (known.length === 0) return "No misclassified training sample was left to measure the gradient on.";
  return `On misclassified training samples, cross-entropy's mean |∂L/∂logit| is ${known.join(" and ")}.`;
}

/** Everything the report says about one condition. */
export function summarize(r: ConditionResult): ConditionSummary {
  const curves = { mse: seedStats(r.runs, "mse"), ce: seedStats(r.runs, "ce") };
  const last = curves.ce.length - 1;
  const at = [...new Set([1, last])].filter((e) => e >= 1 && e <= last);
  const checkpoints = at.map((e) => compare(curves.ce[e].epoch, curves.ce[e].valAccuracy, curves.mse[e].valAccuracy));
  const gradients = at.map((e) => {
    const ce = curves.ce[e].gradMisclassified;
    const mse = curves.mse[e].gradMisclassified;
    return ce && mse ? compare(curves.ce[e].epoch, ce, mse) : null;
  });
  const { verdict, sentence } = conditionSentence(r.condition.name, checkpoints);
  const finalOf = (loss: StudyLoss) => r.runs.filter((x) => x.loss === loss).map((x) => x.epochs[last].valAccuracy);
  const mse = finalOf("mse");
  const ceAheadSeeds = finalOf("ce").filter((v, i) => v > mse[i]).length;
  return { name: r.condition.name, condition: r.condition, curves, checkpoints, gradients, verdict, ceAheadSeeds, sentence, mechanism: mechanismSentence(gradients) };
}

/** The condition where cross-entropy's lead after the last epoch stands furthest outside the spread. */
export function clearestCase(summaries: readonly ConditionSummary[]): number {
  const margin = (s: ConditionSummary) => {
    const c = s.checkpoints[s.checkpoints.length - 1];
    return c.difference - c.spread;
  };
  return summaries.reduce((best, s, i) => (margin(s) > margin(summaries[best]) ? i : best), 0);
}

/** The study's overall finding, grouped by verdict and by optimizer. */
export function overallSentences(summaries: readonly ConditionSummary[]): string[] {
  const names = (v: Verdict, within = summaries) => within.filter((s) => s.verdict === v).map((s) => s.name);
  const list = (xs: string[]) => (xs.length ? xs.join("; ") : "none");
  const lines = [
    `Cross-entropy beat MSE beyond the spread over seeds in ${names("holds").length} of ${summaries.length} conditions: ${list(names("holds"))}.`,
    `No difference in ${names("no difference").length}: ${list(names("no difference"))}.`,
  ];
  if (names("reversed").length) lines.push(`MSE beat cross-entropy in ${names("reversed").length}: ${list(names("reversed"))}.`);
  if (names("mixed").length) lines.push(`Mixed (ahead at one checkpoint, behind at the other) in ${names("mixed").length}: ${list(names("mixed"))}.`);
  const optimizers = [...new Set(summaries.map((s) => optimizerLabel(s.condition)))];
  const byOptimizer = optimizers.map((o) => {
    const within = summaries.filter((s) => optimizerLabel(s.condition) === o);
    return `${o}, ${names("holds", within).length} of ${within.length}`;
  });
  lines.push(`Cross-entropy ahead, by optimizer: ${byOptimizer.join("; ")}.`);
  const held = summaries.filter((s) => s.verdict === "holds" && s.checkpoints.length > 1);
  if (held.length) {
    const fading = held.filter((s) => s.checkpoints[s.checkpoints.length - 1].difference < s.checkpoints[0].difference);
    lines.push(
      `Where cross-entropy is ahead, its lead after the last epoch is smaller than after the first in ${fading.length} of ` +
        `${held.length} conditions and larger in ${held.length - fading.length}` +
        (fading.length * 2 > held.length ? ": the advantage is mostly early in training." : "."),
    );
  }
  const checkpoints = summaries[0]?.gradients.length ?? 0;
  const larger = Array.from({ length: checkpoints }, (_, k) => {
    const known = summaries.map((s) => s.gradients[k]).filter((g): g is Comparison => g !== null);
    const epoch = known[0]?.epoch;
    return `${known.filter((g) => g.outcome === "ce").length} of ${known.length} after epoch ${epoch}`;
  });
  if (checkpoints > 0) {
    lines.push(
      `On misclassified training samples, the cross-entropy gradient with respect to the logit was larger than MSE's ` +
        `(beyond the spread) in ${larger.join(" and in ")}.`,
    );
  }
  return lines;
}
