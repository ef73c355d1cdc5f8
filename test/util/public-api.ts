/**
 * Every public loss with valid data for it, for the tests that run the same check over all of
 * them (option keys, input forms, weights). Data are seeded (rng.ts) and inside each loss's
 * domain: probabilities rows for the cross-entropies, labels 0/1 for the binary losses, one-hot
 * rows for categorical hinge.
 */
import * as sl from "../../src/index.js";
import { rng } from "./rng.js";

export type Loss = (yTrue: unknown, yPred: unknown, options?: object) => number | Float32Array;
export type LossWithGrad = (yTrue: unknown, yPred: unknown, options?: object) => { loss: number | Float32Array; grad: Float32Array };

export interface LossCase {
  name: string;
  loss: Loss;
  withGrad: LossWithGrad;
  /** "dense": yTrue is rows × width; "sparse": one integer label per row. */
  targets: "dense" | "sparse";
  /** The option that gives the row length. */
  axis: "features" | "classes";
  /** An element-wise loss (a per-element term averaged, or summed, over the last axis). */
  elementwise: boolean;
  /** Seeded data of `rows` rows of `width`. */
  data: (rows: number, width: number, seed: number) => { yTrue: Float32Array | Int32Array; yPred: Float32Array };
}

const uniformIn = (r: () => number, n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
const bits = (r: () => number, n: number) => Float32Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1));

/** Rows of probabilities (each summing to 1). */
function probabilityRows(r: () => number, rows: number, width: number): Float32Array {
  const p = uniformIn(r, rows * width, 0.05, 1);
  for (let s = 0; s < rows; s++) {
    let sum = 0;
    for (let c = 0; c < width; c++) sum += p[s * width + c];
    for (let c = 0; c < width; c++) p[s * width + c] /= sum;
  }
  return p;
}

function labelsOf(r: () => number, rows: number, width: number): Int32Array {
  return Int32Array.from({ length: rows }, () => Math.floor(r() * width));
}

function oneHotRows(labels: Int32Array, width: number): Float32Array {
  const y = new Float32Array(labels.length * width);
  labels.forEach((c, s) => (y[s * width + c] = 1));
  return y;
}

const regression = (rows: number, width: number, seed: number) => {
  const r = rng(seed);
  return { yTrue: uniformIn(r, rows * width, -2, 2), yPred: uniformIn(r, rows * width, -2, 2) };
};
const positive = (rows: number, width: number, seed: number) => {
  const r = rng(seed);
  return { yTrue: uniformIn(r, rows * width, 0, 3), yPred: uniformIn(r, rows * width, 0.01, 3) };
};
const binary = (rows: number, width: number, seed: number) => {
  const r = rng(seed);
  return { yTrue: bits(r, rows * width), yPred: uniformIn(r, rows * width, 0.02, 0.98) };
};
const distributions = (rows: number, width: number, seed: number) => {
  const r = rng(seed);
  return { yTrue: probabilityRows(r, rows, width), yPred: probabilityRows(r, rows, width) };
};
const oneHot = (rows: number, width: number, seed: number) => {
  const r = rng(seed);
  return { yTrue: oneHotRows(labelsOf(r, rows, width), width), yPred: probabilityRows(r, rows, width) };
};
const sparse = (rows: number, width: number, seed: number) => {
  const r = rng(seed);
  return { yTrue: labelsOf(r, rows, width), yPred: probabilityRows(r, rows, width) };
};

type Shape = Pick<LossCase, "targets" | "axis" | "elementwise" | "data">;
const ELEMENTWISE = (data: LossCase["data"]): Shape => ({ targets: "dense", axis: "features", elementwise: true, data });
const ROWS = (data: LossCase["data"], axis: LossCase["axis"] = "classes"): Shape => ({ targets: "dense", axis, elementwise: false, data });

const SHAPES: Record<string, Shape> = {
  meanSquaredError: ELEMENTWISE(regression),
  meanAbsoluteError: ELEMENTWISE(regression),
  meanAbsolutePercentageError: ELEMENTWISE(regression),
  meanSquaredLogarithmicError: ELEMENTWISE(positive),
  huber: ELEMENTWISE(regression),
  logCosh: ELEMENTWISE(regression),
  binaryCrossentropy: ELEMENTWISE(binary),
  binaryFocalCrossentropy: ELEMENTWISE(binary),
  kullbackLeiblerDivergence: ELEMENTWISE(distributions),
  poisson: ELEMENTWISE(positive),
  hinge: ELEMENTWISE(binary),
  squaredHinge: ELEMENTWISE(binary),
  categoricalCrossentropy: ROWS(oneHot),
  sparseCategoricalCrossentropy: { targets: "sparse", axis: "classes", elementwise: false, data: sparse },
  categoricalFocalCrossentropy: ROWS(oneHot),
  cosineSimilarity: ROWS(regression, "features"),
  categoricalHinge: ROWS(oneHot),
};

const api = sl as unknown as Record<string, unknown>;

/** Every public loss (each has a `…WithGrad` twin): the test of this list checks none is missing. */
export const LOSSES: LossCase[] = Object.entries(SHAPES).map(([name, shape]) => ({
  name,
  loss: api[name] as Loss,
  withGrad: api[`${name}WithGrad`] as LossWithGrad,
  ...shape,
}));

/** The loss's row-length option for rows of `width`. */
export function axisOption(c: LossCase, width: number): Record<string, number> {
  return { [c.axis]: width };
}
