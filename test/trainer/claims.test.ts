import { describe, expect, it } from "vitest";
import {
  checkpointText, clearestCase, compare, conditionSentence, mechanismSentence, overallSentences, stat, summarize,
  type ConditionSummary,
} from "../../src/trainer/claims.js";
import { condition } from "../../src/trainer/grid.js";
import type { StudyLoss } from "../../src/trainer/mechanism.js";
import type { ConditionResult, StudyEpoch, StudyRun } from "../../src/trainer/study.js";

// The report's claims come from the numbers: hand-made results in, sentences out; swap the
// numbers and the sentences must change with them.

/** A run whose validation accuracy (and gradient on misclassified samples) per epoch is given. */
function run(loss: StudyLoss, seed: number, valAccuracy: number[], grad: (number | null)[]): StudyRun {
  const epochs: StudyEpoch[] = valAccuracy.map((v, epoch) => ({
    epoch, trainLoss: 1 - v, valLoss: 1 - v, trainAccuracy: v, valAccuracy: v, misclassified: grad[epoch] === null ? 0 : 10,
    gradMisclassified: grad[epoch],
  }));
  return { loss, seed, epochs, confusionMatrix: [[1, 0], [0, 1]], report: [] };
}

/** A condition with three seeds: MSE and cross-entropy accuracies per seed and epoch (epoch 0 = 0.5). */
function result(name: [number, number], mse: number[][], ce: number[][], gMse = 0.1, gCe = 0.5): ConditionResult {
  const c = condition(name, "sgd", 0.01);
  const runs = mse.flatMap((m, s) => [
    run("mse", s, [0.5, ...m], [gMse, gMse, gMse]),
    run("ce", s, [0.5, ...ce[s]], [gMse, gCe, gCe]),
  ]);
  return { condition: c, task: "binary", losses: { mse: "mse", ce: "ce" }, classes: ["a", "b"], train: 100, val: 100, runs, seconds: 1 };
}

const swap = (r: ConditionResult): ConditionResult => ({
  ...r,
  runs: r.runs.map((x) => ({ ...x, loss: x.loss === "mse" ? "ce" : "mse" })),
});

describe("stat and compare", () => {
  it("mean and sample standard deviation", () => {
    const s = stat([0.7, 0.8, 0.9])!;
    expect(s.mean).toBeCloseTo(0.8, 15);
    expect(s.sd).toBeCloseTo(0.1, 15);
    expect(stat([0.4])).toEqual({ mean: 0.4, sd: 0, n: 1 });
    expect(stat([])).toBeNull();
  });

  it("a difference counts only outside the sum of the spreads", () => {
    const a = { mean: 0.9, sd: 0.02, n: 3 };
    const b = { mean: 0.85, sd: 0.02, n: 3 };
    expect(compare(1, a, b).outcome).toBe("ce");
    expect(compare(1, b, a).outcome).toBe("mse");
    expect(compare(1, a, { ...b, sd: 0.04 }).outcome).toBe("none"); // 5 points within 2 + 4
    expect(compare(1, a, b).difference).toBeCloseTo(0.05, 15);
    expect(compare(1, a, b).spread).toBeCloseTo(0.04, 15);
  });
});

describe("condition sentences", () => {
  // Cross-entropy clearly ahead after epoch 1 (80 vs 60 %) and after epoch 3 (95 vs 90 %).
  const clear = result([3, 5], [[0.6, 0.8, 0.9], [0.61, 0.8, 0.9], [0.59, 0.8, 0.9]], [[0.8, 0.9, 0.95], [0.81, 0.9, 0.95], [0.79, 0.9, 0.95]]);

  it("cross-entropy ahead: the claim holds, with the measured sizes", () => {
    const s = summarize(clear);
    expect(s.verdict).toBe("holds");
    expect(s.sentence).toBe(
      "3 vs 5, SGD 0.01: cross-entropy beats MSE: after epoch 1 cross-entropy leads by 20.0 points (cross-entropy 80.0 ± 1.0 %, MSE 60.0 ± 1.0 %); " +
        "after epoch 3 cross-entropy leads by 5.0 points (cross-entropy 95.0 ± 0.0 %, MSE 90.0 ± 0.0 %). The largest lead, 20.0 points, is at least the tutorial's ~17.",
    );
    expect(s.ceAheadSeeds).toBe(3);
  });

  it("the same numbers swapped: the sentence flips to MSE leading and the claim reversed", () => {
    const s = summarize(swap(clear));
    expect(s.verdict).toBe("reversed");
    expect(s.sentence).toContain("3 vs 5, SGD 0.01: MSE beats cross-entropy: ");
    expect(s.sentence).toContain("after epoch 1 MSE leads by 20.0 points (cross-entropy 60.0 ± 1.0 %, MSE 80.0 ± 1.0 %)");
    expect(s.sentence).not.toContain("cross-entropy leads");
    expect(s.ceAheadSeeds).toBe(0);
  });

  it("a lead within the spread is no difference, however large", () => {
    const noisy = result([4, 9], [[0.5, 0.6], [0.7, 0.8], [0.9, 0.95]], [[0.6, 0.65], [0.8, 0.85], [0.95, 0.97]]);
    const s = summarize(noisy);
    expect(s.verdict).toBe("no difference");
    expect(s.sentence).toContain("4 vs 9, SGD 0.01: no difference between the losses: ");
    expect(s.sentence).toContain("after epoch 1 there is no difference (8.3 points, within the spread of 37.6");
  });

  it("ahead early, behind late: mixed; a small lead is compared with the tutorial's 17 points", () => {
    const c = (epoch: number, ce: number, mse: number) => compare(epoch, { mean: ce, sd: 0.01, n: 3 }, { mean: mse, sd: 0.01, n: 3 });
    expect(conditionSentence("x", [c(1, 0.8, 0.7), c(5, 0.9, 0.95)]).verdict).toBe("mixed");
    expect(conditionSentence("x", [c(1, 0.8, 0.74)]).sentence).toContain("The largest lead, 6.0 points, is short of the tutorial's ~17.");
    expect(conditionSentence("x", [c(1, 0.8, 0.62)]).sentence).toContain("The largest lead, 18.0 points, is at least the tutorial's ~17.");
    expect(checkpointText(c(2, 0.5, 0.5))).toBe("after epoch 2 there is no difference (0.0 points, within the spread of 2.0: cross-entropy 50.0 ± 1.0 %, MSE 50.0 ± 1.0 %)");
  });
});

describe("mechanism sentences", () => {
  it("states the measured ratio, and flips when the gradients are swapped", () => {
    const g = compare(1, { mean: 0.5, sd: 0.01, n: 3 }, { mean: 0.1, sd: 0.01, n: 3 });
    expect(mechanismSentence([g])).toBe(
      "On misclassified training samples, cross-entropy's mean |∂L/∂logit| is 5.0× MSE's after epoch 1 (0.50 ± 0.010 against 0.10 ± 0.010).",
    );
    const swapped = compare(1, g.mse, g.ce);
    expect(mechanismSentence([swapped])).toContain("5.0× smaller than MSE's after epoch 1 (0.10 ± 0.010 against 0.50 ± 0.010)");
    const same = compare(1, { mean: 0.5, sd: 0.1, n: 3 }, { mean: 0.45, sd: 0.1, n: 3 });
    expect(mechanismSentence([same])).toContain("about the same as MSE's after epoch 1");
    expect(mechanismSentence([null])).toBe("No misclassified training sample was left to measure the gradient on.");
    const oneSeed = compare(3, { mean: 0.66, sd: 0, n: 1 }, { mean: 0.26, sd: 0.01, n: 2 });
    expect(mechanismSentence([oneSeed])).toContain("(0.66 (one seed) against 0.26 ± 0.010)");
  });

  it("summarize takes the gradients from the runs", () => {
    const s = summarize(result([3, 5], [[0.6, 0.8], [0.6, 0.8], [0.6, 0.8]], [[0.8, 0.9], [0.8, 0.9], [0.8, 0.9]], 0.1, 0.4));
    expect(s.gradients[0]!.ce.mean).toBeCloseTo(0.4, 15);
    expect(s.gradients[0]!.mse.mean).toBeCloseTo(0.1, 15);
    expect(s.mechanism).toContain("4.0× MSE's after epoch 1");
  });
});

describe("the overall finding and the clearest case", () => {
  const holds = summarize(result([3, 5], [[0.6, 0.7], [0.6, 0.7], [0.6, 0.7]], [[0.8, 0.75], [0.8, 0.75], [0.8, 0.75]]));
  const none = summarize(result([0, 1], [[0.99, 0.99], [0.98, 0.99], [0.99, 0.98]], [[0.99, 0.99], [0.99, 0.98], [0.98, 0.99]]));
  const reversed = summarize(swap(result([4, 9], [[0.6, 0.7], [0.6, 0.7], [0.6, 0.7]], [[0.7, 0.9], [0.7, 0.9], [0.7, 0.9]])));

  it("counts and names the conditions by verdict, derived from them", () => {
    const lines = overallSentences([holds, none, reversed]);
    expect(lines[0]).toBe("Cross-entropy beat MSE beyond the spread over seeds in 1 of 3 conditions: 3 vs 5, SGD 0.01.");
    expect(lines[1]).toBe("No difference in 1: 0 vs 1, SGD 0.01.");
    expect(lines[2]).toBe("MSE beat cross-entropy in 1: 4 vs 9, SGD 0.01.");
    expect(lines).toContain("Cross-entropy ahead, by optimizer: SGD 0.01, 1 of 3.");
    // 3 vs 5 leads by 20 points after epoch 1 and 5 after epoch 2: mostly early.
    expect(lines).toContain(
      "Where cross-entropy is ahead, its lead after the last epoch is smaller than after the first in 1 of 1 conditions and larger in 0: the advantage is mostly early in training.",
    );
    const flipped = overallSentences([summarize(swap(result([3, 5], [[0.6, 0.7], [0.6, 0.7], [0.6, 0.7]], [[0.8, 0.75], [0.8, 0.75], [0.8, 0.75]]))), none]);
    expect(flipped[0]).toBe("Cross-entropy beat MSE beyond the spread over seeds in 0 of 2 conditions: none.");
  });

  it("the clearest case is the largest lead beyond the spread after the last epoch", () => {
    const big = summarize(result([7, 9], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [[0.5, 0.9], [0.5, 0.9], [0.5, 0.9]]));
    const list: ConditionSummary[] = [holds, none, big, reversed];
    expect(clearestCase(list)).toBe(2);
    expect(clearestCase([holds, none])).toBe(0);
  });
});
