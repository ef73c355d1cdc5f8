import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfjs from "../../src/tfjs/index.js";
import { uniform } from "../util/rng.js";
import { BACKENDS, layersLoss, layersPerSample, maxRelDiff, useBackend, valueAndGrad, valuesAndVjp } from "./reference.js";

// Each simdloss tfjs loss against tfjs's own (tf.losses.* or the tfjs-layers loss behind a
// compile({ loss }) string), on seeded random tensors, in both forms:
// - per sample (the default): the values, of yPred's shape without its last axis, and the
//   vector-Jacobian product for a random upstream dy (one value per sample, as tfjs-layers'
//   trainer sends with classWeight), against tfjs-layers' per-sample function;
// - reduced (`reduction: 'sum_over_batch_size'`): the Scalar and its gradient, against tf.losses.*
//   or tf.mean of tfjs-layers' per-sample function.
// Values agree to 1e-5 relative (per-sample values: relative to the largest); gradients to 1e-5
// relative to the largest gradient element (tfjs's own float32 formulas lose per-element
// relative precision, e.g. logcosh's gradient 1 − 2σ(−2e)... near e = 0, so an element-wise test
// would measure tfjs).
const TOL = 1e-5;

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
type Factory = (options?: { reduction?: "none" | "sum_over_batch_size" }) => Loss;
const MEAN = { reduction: "sum_over_batch_size" } as const;

interface Case {
  name: string;
  ours: Factory;
  /** tfjs's own reduced versions of the same loss: label → loss. */
  theirs: Record<string, () => Loss>;
  /** tfjs's own per-sample version. */
  perSample: () => Loss;
  /** yTrue and yPred ranges. */
  range: [number, number];
  /** yTrue, when not uniform in `range` (e.g. ±1 labels). */
  yTrue?: (seed: number, n: number) => Float32Array;
  /** Shapes, when not SHAPES. */
  shapes?: number[][];
}

/** tf.losses.huberLoss per element, then the mean over the last axis (Keras's per-sample Huber). */
const huberPerSample = (delta?: number) => (t: tf.Tensor, p: tf.Tensor) =>
  tf.mean(tf.losses.huberLoss(t, p, undefined, delta, tf.Reduction.NONE), -1);

const plusMinusOne = (seed: number, n: number) => Float32Array.from(uniform(seed, n), (v) => (v < 0 ? -1 : 1));
/** One-hot rows of `classes` values. */
const oneHotRows = (classes: number) => (seed: number, n: number) => {
  const r = uniform(seed, n / classes, 0, classes);
  const y = new Float32Array(n);
  for (let i = 0; i < r.length; i++) y[i * classes + Math.floor(r[i])] = 1;
  return y;
};

const layers = (name: string) => ({ [`layers '${name}'`]: () => layersLoss(name) });

const CASES: Case[] = [
  {
    name: "meanSquaredError",
    ours: tfjs.meanSquaredError,
    theirs: { "tf.losses.meanSquaredError": () => (t, p) => tf.losses.meanSquaredError(t, p), ...layers("meanSquaredError") },
    perSample: () => layersPerSample("meanSquaredError"),
    range: [-2, 2],
  },
  {
    name: "meanAbsoluteError",
    ours: tfjs.meanAbsoluteError,
    theirs: { "tf.losses.absoluteDifference": () => (t, p) => tf.losses.absoluteDifference(t, p), ...layers("meanAbsoluteError") },
    perSample: () => layersPerSample("meanAbsoluteError"),
    range: [-2, 2],
  },
  {
    name: "meanAbsolutePercentageError",
    ours: tfjs.meanAbsolutePercentageError,
    theirs: layers("meanAbsolutePercentageError"),
    perSample: () => layersPerSample("meanAbsolutePercentageError"),
    range: [-2, 2],
  },
  {
    name: "meanSquaredLogarithmicError",
    ours: tfjs.meanSquaredLogarithmicError,
    theirs: layers("meanSquaredLogarithmicError"),
    perSample: () => layersPerSample("meanSquaredLogarithmicError"),
    range: [-0.5, 3], // some values below 1e-7 exercise the clip
  },
  {
    name: "huber (delta 1)",
    ours: tfjs.huber,
    theirs: { "tf.losses.huberLoss": () => (t, p) => tf.losses.huberLoss(t, p) },
    perSample: () => huberPerSample(),
    range: [-3, 3],
  },
  {
    name: "huber (delta 0.5)",
    ours: (o) => tfjs.huber({ delta: 0.5, ...o }),
    theirs: { "tf.losses.huberLoss delta 0.5": () => (t, p) => tf.losses.huberLoss(t, p, undefined, 0.5) },
    perSample: () => huberPerSample(0.5),
    range: [-3, 3],
  },
  {
    name: "logCosh",
    ours: tfjs.logCosh,
    theirs: layers("logcosh"),
    perSample: () => layersPerSample("logcosh"),
    range: [-3, 3],
  },
  {
    name: "hinge (±1 labels)",
    ours: tfjs.hinge,
    theirs: layers("hinge"),
    perSample: () => layersPerSample("hinge"),
    range: [-2, 2],
    yTrue: plusMinusOne,
  },
  {
    name: "squaredHinge (±1 labels)",
    ours: tfjs.squaredHinge,
    theirs: layers("squaredHinge"),
    perSample: () => layersPerSample("squaredHinge"),
    range: [-2, 2],
    yTrue: plusMinusOne,
  },
  {
    name: "kullbackLeiblerDivergence",
    ours: tfjs.kullbackLeiblerDivergence,
    theirs: layers("kullbackLeiblerDivergence"),
    perSample: () => layersPerSample("kullbackLeiblerDivergence"),
    range: [0.01, 1],
  },
  {
    name: "poisson",
    ours: tfjs.poisson,
    theirs: layers("poisson"),
    perSample: () => layersPerSample("poisson"),
    range: [0.01, 4],
  },
  {
    name: "cosineSimilarity",
    ours: tfjs.cosineSimilarity,
    theirs: layers("cosineProximity"),
    perSample: () => layersPerSample("cosineProximity"),
    range: [-2, 2],
    // one feature: the normalised value is ±1, so both gradients are 0 up to rounding noise
    shapes: [[37, 10], [3, 4, 7], [5, 2]],
  },
  {
    name: "categoricalHinge (one-hot rows)",
    ours: tfjs.categoricalHinge,
    theirs: layers("categoricalHinge"),
    perSample: () => layersPerSample("categoricalHinge"),
    range: [-2, 2],
    yTrue: oneHotRows(10),
    shapes: [[37, 10], [64, 10], [3, 4, 10]],
  },
];

// [batch, features] shapes: features 1 (one output unit), a wide last axis, a rank-3 tensor, a
// batch that is not a multiple of the SIMD width.
const SHAPES: number[][] = [[64, 1], [37, 10], [3, 4, 7], [1, 1]];

/** The shape of one loss per sample: yPred's shape without its last axis. */
const perSampleShape = (shape: number[]) => shape.slice(0, -1);

for (const backend of BACKENDS) {
  describe(`simdloss/tfjs on the ${backend} backend`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    for (const c of CASES) {
      const data = (seed: number, shape: number[]) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const yTrue = tf.tensor(c.yTrue ? c.yTrue(seed, n) : uniform(seed, n, ...c.range), shape);
        const yPred = tf.tensor(uniform(seed + 1, n, ...c.range), shape);
        const dy = tf.tensor(uniform(seed + 2, n / shape[shape.length - 1], -2, 2), perSampleShape(shape));
        return { yTrue, yPred, dy };
      };

      it(`${c.name} per sample = tfjs-layers' per-sample loss: values and dy·gradient`, () => {
        let seed = c.name.length * 1000;
        for (const shape of c.shapes ?? SHAPES) {
          tf.tidy(() => {
            const { yTrue, yPred, dy } = data((seed += 3), shape);
            const a = valuesAndVjp(c.ours(), yTrue, yPred, dy);
            const b = valuesAndVjp(c.perSample(), yTrue, yPred, dy);
            expect(a.shape, `${shape}`).toEqual(perSampleShape(shape));
            expect(b.shape, `${shape}`).toEqual(perSampleShape(shape));
            expect(maxRelDiff(a.values, b.values), `values, shape ${shape}`).toBeLessThanOrEqual(TOL);
            expect(maxRelDiff(a.grad, b.grad), `gradient, shape ${shape}`).toBeLessThanOrEqual(TOL);
            // Without a gradient tape the loss-only kernel gives the same values.
            expect(maxRelDiff(c.ours()(yTrue, yPred).dataSync(), a.values)).toBeLessThanOrEqual(1e-7);
          });
        }
      });

      for (const [label, theirs] of Object.entries(c.theirs)) {
        it(`${c.name} reduced = ${label}: value and gradient; tf.mean of the per-sample form agrees`, () => {
          let seed = c.name.length * 1000 + 500;
          for (const shape of c.shapes ?? SHAPES) {
            tf.tidy(() => {
              const { yTrue, yPred } = data((seed += 3), shape);
              const a = valueAndGrad(c.ours(MEAN), yTrue, yPred);
              const b = valueAndGrad(theirs(), yTrue, yPred);
              expect(Math.abs(a.value - b.value), `${shape}: ${a.value} vs ${b.value}`).toBeLessThanOrEqual(TOL * Math.abs(b.value));
              expect(maxRelDiff(a.grad, b.grad), `gradient, shape ${shape}`).toBeLessThanOrEqual(TOL);
              const perSample = c.ours();
              const m = valueAndGrad((t, p) => tf.mean(perSample(t, p)), yTrue, yPred);
              expect(Math.abs(m.value - a.value)).toBeLessThanOrEqual(1e-6 * Math.abs(a.value));
              expect(maxRelDiff(m.grad, a.grad)).toBeLessThanOrEqual(1e-6);
              expect(c.ours(MEAN)(yTrue, yPred).dataSync()[0]).toBeCloseTo(a.value, 6);
            });
          }
        });
      }
    }

    it("sampleWeight: reduced with 'sum_by_nonzero_weights' = tf.losses.meanSquaredError with weights (tfjs's default reduction); per sample, w·L_s", () => {
      tf.tidy(() => {
        const yTrue = tf.tensor(uniform(1, 30), [10, 3]);
        const yPred = tf.tensor(uniform(2, 30), [10, 3]);
        const w = Float32Array.from(uniform(3, 10, 0, 2), (v, i) => (i % 4 === 0 ? 0 : v));
        const ours = tfjs.meanSquaredError({ sampleWeight: w, reduction: "sum_by_nonzero_weights" });
        const a = valueAndGrad(ours, yTrue, yPred);
        const b = valueAndGrad((t, p) => tf.losses.meanSquaredError(t, p, tf.tensor(w, [10, 1])), yTrue, yPred);
        expect(Math.abs(a.value - b.value)).toBeLessThanOrEqual(TOL * b.value);
        expect(maxRelDiff(a.grad, b.grad)).toBeLessThanOrEqual(TOL);
        const dy = tf.tensor(uniform(4, 10), [10]);
        const c = valuesAndVjp(tfjs.meanSquaredError({ sampleWeight: w }), yTrue, yPred, dy);
        const d = valuesAndVjp((t, p) => tf.mul(tf.tensor(w), layersPerSample("meanSquaredError")(t, p)), yTrue, yPred, dy);
        expect(maxRelDiff(c.values, d.values)).toBeLessThanOrEqual(TOL);
        expect(maxRelDiff(c.grad, d.grad)).toBeLessThanOrEqual(TOL);
      });
    });

    it("rank-0 and rank-1 tensors: the whole tensor is one sample of features (one loss, shape [])", () => {
      tf.tidy(() => {
        const yTrue = tf.tensor1d(uniform(4, 9));
        const yPred = tf.tensor1d(uniform(5, 9));
        const a = valueAndGrad(tfjs.meanSquaredError(), yTrue, yPred);
        const b = valueAndGrad((t, p) => tf.losses.meanSquaredError(t, p), yTrue, yPred);
        expect(Math.abs(a.value - b.value)).toBeLessThanOrEqual(TOL * b.value);
        expect(maxRelDiff(a.grad, b.grad)).toBeLessThanOrEqual(TOL);
        // hand-computed: (0.5 − 2)² = 2.25, gradient 2·(0.5 − 2) = −3
        const s = valueAndGrad(tfjs.meanSquaredError(), tf.scalar(2), tf.scalar(0.5));
        expect(s.value).toBe(2.25);
        expect(Array.from(s.grad)).toEqual([-3]);
      });
    });

    it("reduction: undefined is the default (per sample); the reduced form is typed as a Scalar loss", () => {
      tf.tidy(() => {
        const yTrue = tf.tensor(uniform(6, 12), [4, 3]);
        const yPred = tf.tensor(uniform(7, 12), [4, 3]);
        const reduced: tfjs.TfjsScalarLoss = tfjs.huber({ delta: 2, reduction: "sum" });
        // @ts-expect-error the per-sample form does not return a Scalar
        const perSample: tfjs.TfjsScalarLoss = tfjs.huber({ delta: 2 });
        const explicit = tfjs.huber({ delta: 2, reduction: undefined });
        expect(reduced(yTrue, yPred).shape).toEqual([]);
        expect(perSample(yTrue, yPred).shape).toEqual([4]);
        expect(Array.from(explicit(yTrue, yPred).dataSync())).toEqual(Array.from(perSample(yTrue, yPred).dataSync()));
        expect(tf.sum(perSample(yTrue, yPred)).dataSync()[0]).toBeCloseTo(reduced(yTrue, yPred).dataSync()[0], 6);
      });
    });

    it("an empty batch gives an empty tensor of losses, and a zero gradient of yPred's shape", () => {
      tf.tidy(() => {
        const yTrue = tf.zeros([0, 3]);
        const r = valuesAndVjp(tfjs.logCosh(), yTrue, tf.zeros([0, 3]), tf.zeros([0]));
        expect(r.shape).toEqual([0]);
        expect(r.grad.length).toBe(0);
        expect(tfjs.logCosh(MEAN)(yTrue, tf.zeros([0, 3])).dataSync()[0]).toBe(0);
      });
    });
  });
}
