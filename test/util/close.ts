import { expect } from "vitest";

/**
 * |actual − expected| ≤ abs + rel·|expected|, with NaN equal to NaN and ±Infinity equal to
 * themselves. The message shows both values and the tolerance.
 */
export function expectClose(actual: number, expected: number, rel: number, abs = 0, what = ""): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  const tol = abs + rel * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what} expected ${expected} ± ${tol}, got ${actual} (error ${Math.abs(actual - expected)})`);
  }
}

/** Element-wise expectClose; reports the first offending index. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs = 0, what = ""): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], rel, abs, `${what}[${i}]`);
}
