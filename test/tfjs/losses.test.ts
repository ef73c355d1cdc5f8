import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfjs from "../../src/tfjs/index.js";
import { uniform } from "../util/rng.js";
import { BACKENDS, layersLoss, maxRelDiff, useBackend, valueAndGrad } from "./reference.js";

// Value and gradient of each simdloss tfjs loss against tfjs's own loss (tf.losses.* or the
// tfjs-layers loss behind a compile({ loss }) string, reduced by tf.mean as tfjs-layers' trainer
// does), on seeded random tensors. Values agree to 1e-5 relative; gradients to 1e-5 relative to
// the largest gradient element (tfjs's own float32 formulas lose per-element relative precision,
// e.g. logcosh's gradient 1 − 2σ(−2e)... near e = 0, so an element-wise test would measure tfjs).
const TOL = 1e-5;

type Loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
interface Case {
  name: string;
  ours: () => Loss;
  /** tfjs's own versions of the same loss: label → loss. */
  theirs: Record<string, () => Loss>;
  /** yTrue and yPred ranges. */
  range: [number, number];
  /** yTrue, when not uniform in `range` (e.g. ±1 labels). */
  yTrue?: (seed: number, n: number) => Float32Array;
  /** Shapes, when not SHAPES. */
  shapes?: number[][];
}

const plusMinusOne = (seed: number, n: number) => Float32Array.from(uniform(seed, n), (v) => (v < 0 ? -1 : 1));
/** One-hot rows of `classes` values. */
const oneHotRows = (classes: number) => (seed: number, n: number) => {
  const r = uniform(seed, n / classes, 0, classes);
  const y = new Float32Array(n);
  for (let i = 0; i < r.length; i++) y[i * classes + Math.floor(r[i])] = 1;
  return y;
};

const CASES: Case[] = [
  {
    name: "meanSquaredError",
    ours: () => tfjs.meanSquaredError(),
    theirs: { "tf.losses.meanSquaredError": () => (t, p) => tf.losses.meanSquaredError(t, p), "layers 'meanSquaredError'": () => layersLoss("meanSquaredError") },
    range: [-2, 2],
  },
  {
    name: "meanAbsoluteError",
    ours: () => tfjs.meanAbsoluteError(),
    theirs: { "tf.losses.absoluteDifference": () => (t, p) => tf.losses.absoluteDifference(t, p), "layers 'meanAbsoluteError'": () => layersLoss("meanAbsoluteError") },
    range: [-2, 2],
  },
  {
    name: "meanAbsolutePercentageError",
    ours: () => tfjs.meanAbsolutePercentageError(),
    theirs: { "layers 'meanAbsolutePercentageError'": () => layersLoss("meanAbsolutePercentageError") },
    range: [-2, 2],
  },
  {
    name: "meanSquaredLogarithmicError",
    ours: () => tfjs.meanSquaredLogarithmicError(),
    theirs: { "layers 'meanSquaredLogarithmicError'": () => layersLoss("meanSquaredLogarithmicError") },
    range: [-0.5, 3], // some values below 1e-7 exercise the clip
  },
  {
    name: "huber (delta 1)",
    ours: () => tfjs.huber(),
    theirs: { "tf.losses.huberLoss": () => (t, p) => tf.losses.huberLoss(t, p) },
    range: [-3, 3],
  },
  {
    name: "huber (delta 0.5)",
    ours: () => tfjs.huber({ delta: 0.5 }),
    theirs: { "tf.losses.huberLoss delta 0.5": () => (t, p) => tf.losses.huberLoss(t, p, undefined, 0.5) },
    range: [-3, 3],
  },
  {
    name: "logCosh",
    ours: () => tfjs.logCosh(),
    theirs: { "layers 'logcosh'": () => layersLoss("logcosh") },
    range: [-3, 3],
  },
  {
    name: "hinge (±1 labels)",
    ours: () => tfjs.hinge(),
    theirs: { "layers 'hinge'": () => layersLoss("hinge") },
    range: [-2, 2],
    yTrue: plusMinusOne,
  },
  {
    name: "squaredHinge (±1 labels)",
    ours: () => tfjs.squaredHinge(),
    theirs: { "layers 'squaredHinge'": () => layersLoss("squaredHinge") },
    range: [-2, 2],
    yTrue: plusMinusOne,
  },
  {
    name: "kullbackLeiblerDivergence",
    ours: () => tfjs.kullbackLeiblerDivergence(),
    theirs: { "layers 'kullbackLeiblerDivergence'": () => layersLoss("kullbackLeiblerDivergence") },
    range: [0.01, 1],
  },
  {
    name: "poisson",
    ours: () => tfjs.poisson(),
    theirs: { "layers 'poisson'": () => layersLoss("poisson") },
    range: [0.01, 4],
  },
  {
    name: "cosineSimilarity",
    ours: () => tfjs.cosineSimilarity(),
    theirs: { "layers 'cosineProximity'": () => layersLoss("cosineProximity") },
    range: [-2, 2],
    // one feature: the normalised value is ±1, so both gradients are 0 up to rounding noise
    shapes: [[37, 10], [3, 4, 7], [5, 2]],
  },
];

// [batch, features] shapes: features 1 (one output unit), a wide last axis, a rank-3 tensor, a
// batch that is not a multiple of the SIMD width.
const SHAPES: number[][] = [[64, 1], [37, 10], [3, 4, 7], [1, 1]];

for (const backend of BACKENDS) {
  describe(`simdloss/tfjs on the ${backend} backend`, () => {
    beforeAll(() => useBackend(backend));
    afterAll(() => tf.disposeVariables());

    for (const c of CASES) {
      for (const [label, theirs] of Object.entries(c.theirs)) {
        it(`${c.name} = ${label}: value and gradient`, () => {
          let seed = c.name.length * 1000;
          for (const shape of c.shapes ?? SHAPES) {
            const n = shape.reduce((a, b) => a * b, 1);
            tf.tidy(() => {
              const yTrue = tf.tensor(c.yTrue ? c.yTrue(++seed, n) : uniform(++seed, n, ...c.range), shape);
              const yPred = tf.tensor(uniform(++seed, n, ...c.range), shape);
              const a = valueAndGrad(c.ours(), yTrue, yPred);
              const b = valueAndGrad(theirs(), yTrue, yPred);
              expect(Math.abs(a.value - b.value), `${shape}: ${a.value} vs ${b.value}`).toBeLessThanOrEqual(TOL * Math.abs(b.value));
              expect(maxRelDiff(a.grad, b.grad), `gradient, shape ${shape}`).toBeLessThanOrEqual(TOL);
              // Without a gradient tape the loss-only kernel gives the same value.
              expect(c.ours()(yTrue, yPred).dataSync()[0]).toBeCloseTo(a.value, 6);
            });
          }
        });
      }
    }

    it("categoricalHinge = tfjs-layers 'categoricalHinge' on one-hot rows", () => {
      let seed = 900;
      for (const shape of [[37, 10], [64, 3], [3, 4, 5]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        tf.tidy(() => {
          const yTrue = tf.tensor(oneHotRows(shape[shape.length - 1])(++seed, n), shape);
          const yPred = tf.tensor(uniform(++seed, n, -2, 2), shape);
          const a = valueAndGrad(tfjs.categoricalHinge(), yTrue, yPred);
          const b = valueAndGrad(layersLoss("categoricalHinge"), yTrue, yPred);
          expect(Math.abs(a.value - b.value), `${shape}`).toBeLessThanOrEqual(TOL * Math.abs(b.value));
          expect(maxRelDiff(a.grad, b.grad), `${shape} gradient`).toBeLessThanOrEqual(TOL);
        });
      }
    });

    it("sampleWeight with 'sum_by_nonzero_weights' = tf.losses.meanSquaredError with weights (tfjs's default reduction)", () => {
      tf.tidy(() => {
        const yTrue = tf.tensor(uniform(1, 30), [10, 3]);
        const yPred = tf.tensor(uniform(2, 30), [10, 3]);
        const w = Float32Array.from(uniform(3, 10, 0, 2), (v, i) => (i % 4 === 0 ? 0 : v));
        const ours = tfjs.meanSquaredError({ sampleWeight: w, reduction: "sum_by_nonzero_weights" });
        const a = valueAndGrad(ours, yTrue, yPred);
        const b = valueAndGrad((t, p) => tf.losses.meanSquaredError(t, p, tf.tensor(w, [10, 1])), yTrue, yPred);
        expect(Math.abs(a.value - b.value)).toBeLessThanOrEqual(TOL * b.value);
        expect(maxRelDiff(a.grad, b.grad)).toBeLessThanOrEqual(TOL);
      });
    });

    it("rank-0 and rank-1 tensors: the whole tensor is one axis of features", () => {
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
  });
}
