import { describe, expect, it } from "vitest";
import * as sl from "../../src/index.js";
import { BUILD } from "../setup.js";
import { LOSSES, axisOption } from "../util/public-api.js";

// No option is silently ignored: every public function that takes an options object accepts
// exactly the keys it declares, and any other key (a typo such as `sampleWieght`, or `reduction`
// on a metric) is a ValueError that names the key and lists the accepted ones. The table below
// holds one valid call per options argument of every export; an export missing from it (a new
// function) fails the first test, so it cannot be added without this check.

type Call = (extra: Record<string, unknown>) => unknown;

const y = [1, 0, 1, 0];
const p = [0.9, 0.2, 0.4, 0.6];
const labels = [1, 0];
const scores = [0.3, 0.7, 0.6, 0.4];
const oneHot = [0, 1, 1, 0];

const lossCalls: Record<string, Call[]> = {};
for (const c of LOSSES) {
  const { yTrue, yPred } = c.data(2, 2, 1);
  const base = axisOption(c, 2);
  lossCalls[c.name] = [(x) => c.loss(yTrue, yPred, { ...base, ...x })];
  lossCalls[`${c.name}WithGrad`] = [(x) => c.withGrad(yTrue, yPred, { ...base, ...x })];
}

const CALLS: Record<string, Call[]> = {
  ...lossCalls,
  ready: [(x) => sl.ready({ build: BUILD, ...x })],
  softmax: [(x) => sl.softmax(scores, { classes: 2, ...x })],
  logSoftmax: [(x) => sl.logSoftmax(scores, { classes: 2, ...x })],
  argmax: [(x) => sl.argmax(scores, { classes: 2, ...x })],
  binaryAccuracy: [(x) => sl.binaryAccuracy(y, p, x)],
  categoricalAccuracy: [(x) => sl.categoricalAccuracy(oneHot, scores, { classes: 2, ...x })],
  sparseCategoricalAccuracy: [(x) => sl.sparseCategoricalAccuracy(labels, scores, { classes: 2, ...x })],
  topKCategoricalAccuracy: [(x) => sl.topKCategoricalAccuracy(oneHot, scores, { classes: 2, k: 1, ...x })],
  sparseTopKCategoricalAccuracy: [(x) => sl.sparseTopKCategoricalAccuracy(labels, scores, { classes: 2, k: 1, ...x })],
  confusionMatrix: [(x) => sl.confusionMatrix(labels, [1, 1], x)],
  confusionMatrixFromScores: [(x) => sl.confusionMatrixFromScores(labels, scores, { classes: 2, ...x })],
  binaryConfusionMatrix: [(x) => sl.binaryConfusionMatrix(y, p, x)],
  classificationReport: [(x) => sl.classificationReport(labels, [1, 1], x)],
  classificationReportFromMatrix: [(x) => sl.classificationReportFromMatrix([1, 0, 0, 1], x)],
  rocAuc: [(x) => sl.rocAuc(y, p, x)],
  rocAucOneVsRest: [(x) => sl.rocAucOneVsRest(labels, scores, { classes: 2, ...x })],
  averagePrecision: [(x) => sl.averagePrecision(y, p, x as Record<string, never>)],
  prAuc: [(x) => sl.prAuc(y, p, x as Record<string, never>)],
  rocCurve: [(x) => sl.rocCurve(y, p, x)],
  precisionRecallCurve: [(x) => sl.precisionRecallCurve(y, p, x)],
  findLeakage: [(x) => sl.findLeakage([1, 2], [1, 2], { rowLength: 2, ...x })],
  LossAccumulator: [(x) => new sl.LossAccumulator(x as Record<string, never>)],
  AucAccumulator: [(x) => new sl.AucAccumulator(x as Record<string, never>)],
  ConfusionMatrixAccumulator: [
    (x) => new sl.ConfusionMatrixAccumulator({ classes: 2, ...x }),
    (x) => new sl.ConfusionMatrixAccumulator({ classes: 2 }).update(labels, [1, 1], x),
    (x) => new sl.ConfusionMatrixAccumulator({ classes: 2 }).updateFromScores(labels, scores, x),
    (x) => new sl.ConfusionMatrixAccumulator({ classes: 2 }).report(x),
  ],
};

/** Exports that take no options object (error classes, the zero-copy buffer, backendInfo, allocFloat32). */
const WITHOUT_OPTIONS = new Set([
  "SimdLossError", "ShapeError", "LabelError", "ArgumentTypeError", "ValueError", "NotReadyError", "StaleViewError", "KernelError",
  "WasmFloat32Buffer", "backendInfo", "allocFloat32", "close",
]);

/** Runs a call, awaiting ready()'s promise; returns the error thrown, or undefined. */
async function errorOf(call: Call, extra: Record<string, unknown>): Promise<unknown> {
  try {
    await call(extra);
    return undefined;
  } catch (e) {
    return e;
  }
}

/** The accepted keys listed by an unknown-option error: "… (the options are a, b, c)" or "takes no options". */
function listedKeys(message: string): string[] {
  const m = /\(the options are ([^)]*)\)/.exec(message);
  return m === null ? [] : m[1].split(", ");
}

describe("option keys", () => {
  it("the table covers every public export", () => {
    const missing = Object.keys(sl).filter((name) => !(name in CALLS) && !WITHOUT_OPTIONS.has(name));
    expect(missing).toEqual([]);
    const stale = Object.keys(CALLS).filter((name) => !(name in sl));
    expect(stale).toEqual([]);
  });

  it("every call of the table is valid as it is", async () => {
    for (const [name, calls] of Object.entries(CALLS)) {
      for (const [i, call] of calls.entries()) expect(await errorOf(call, {}), `${name} #${i}`).toBeUndefined();
    }
  });

  it("an unknown key is a ValueError naming the function and the key, and listing the accepted keys", async () => {
    for (const [name, calls] of Object.entries(CALLS)) {
      for (const [i, call] of calls.entries()) {
        for (const key of ["sampleWieght", "Classes", "constructor"]) {
          const e = await errorOf(call, { [key]: 1 });
          expect(e, `${name} #${i} ${key}`).toBeInstanceOf(sl.ValueError);
          const message = (e as Error).message;
          expect(message, `${name} #${i}`).toContain(`options.${key} is not an option`);
          expect((e as sl.SimdLossError).fn.split(".")[0], `${name} #${i}`).toBe(name);
          expect(message, `${name} #${i}`).toMatch(/\(the options are [^)]+\)|takes no options/);
        }
      }
    }
  });

  it("every listed key is accepted (given as undefined: no unknown-option error, at most the error of a missing required option)", async () => {
    for (const [name, calls] of Object.entries(CALLS)) {
      for (const [i, call] of calls.entries()) {
        const message = ((await errorOf(call, { typo: 1 })) as Error).message;
        for (const key of listedKeys(message)) {
          const e = await errorOf(call, { [key]: undefined });
          if (e !== undefined) expect((e as Error).message, `${name} #${i} ${key}`).toContain(`options.${key} must be`);
        }
      }
    }
  });

  it("metrics refuse loss options: `reduction` on a metric is a ValueError", () => {
    expect(() => sl.binaryAccuracy(y, p, { reduction: "sum" } as object)).toThrow(/options\.reduction is not an option/);
    expect(() => sl.confusionMatrix(labels, [1, 1], { reduction: "sum" } as object)).toThrow(sl.ValueError);
    expect(() => sl.rocAuc(y, p, { sampleWeight: [1, 1, 1, 1] } as object)).toThrow(/options\.sampleWeight is not an option.*the options are classes/);
  });

  it("`out` belongs to the …WithGrad twins and the softmaxes, not to the losses", () => {
    expect(() => sl.meanSquaredError([1], [2], { out: new Float32Array(1) } as object)).toThrow(/options\.out is not an option/);
    expect(sl.meanSquaredErrorWithGrad([1], [2], { out: new Float32Array(1) }).grad[0]).toBe(2);
  });

  it("an options object may have inherited, non-enumerable or undefined-valued keys", () => {
    const o = Object.create({ inherited: 1 });
    Object.defineProperty(o, "hidden", { value: 1, enumerable: false });
    o.features = 1;
    expect(() => sl.meanSquaredError([1], [2], o)).toThrow(/options\.inherited is not an option/);
    const own = Object.defineProperty({ features: 1 }, "hidden", { value: 1, enumerable: false });
    expect(sl.meanSquaredError([1], [2], own)).toBe(1);
    expect(() => sl.meanSquaredError([1], [2], { sampleWieght: undefined } as object)).toThrow(sl.ValueError);
  });
});

describe("`sampleWeight` everywhere, `weights` as its alias", () => {
  const w = [2, 3];
  it("confusion matrices and the accumulator take sampleWeight, and weights as the same option", () => {
    // labels [1, 0] both predicted 1: m[1·2 + 1] = 2, m[0·2 + 1] = 3
    const expected = [0, 3, 0, 2];
    expect(Array.from(sl.confusionMatrix(labels, [1, 1], { sampleWeight: w }))).toEqual(expected);
    expect(Array.from(sl.confusionMatrix(labels, [1, 1], { weights: w }))).toEqual(expected);
    expect(Array.from(sl.confusionMatrixFromScores(labels, [0, 1, 0, 1], { classes: 2, sampleWeight: w }))).toEqual(expected);
    expect(Array.from(sl.binaryConfusionMatrix(labels, [0.9, 0.9], { sampleWeight: w }))).toEqual(expected);
    const acc = new sl.ConfusionMatrixAccumulator({ classes: 2 }).update(labels, [1, 1], { sampleWeight: w });
    expect(Array.from(acc.updateFromScores(labels, [0, 1, 0, 1], { sampleWeight: w }).result())).toEqual(expected.map((x) => 2 * x));
  });

  it("giving both sampleWeight and weights is a ValueError", () => {
    for (const call of [
      () => sl.confusionMatrix(labels, [1, 1], { sampleWeight: w, weights: w }),
      () => sl.confusionMatrixFromScores(labels, scores, { classes: 2, sampleWeight: w, weights: w }),
      () => sl.binaryConfusionMatrix([0, 1], [0.9, 0.9], { sampleWeight: w, weights: w }),
      () => new sl.ConfusionMatrixAccumulator({ classes: 2 }).update(labels, [1, 1], { sampleWeight: w, weights: w }),
    ]) {
      expect(call).toThrow(/options\.sampleWeight and its alias options\.weights/);
      expect(call).toThrow(sl.ValueError);
    }
  });
});
