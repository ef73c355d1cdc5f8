// The float64 reference of the regression losses with Keras 3's options (features, reductions,
// sample weights, Huber's delta), over the element terms of test/util/reference.mjs; shared by
// test/losses/regression.test.ts and the browser cases.
import { EPS, REGRESSION_TERMS, logCosh64, reductionDivisor, type Term } from "./reference.mjs";

export { EPS, logCosh64, type Term };
/** The element term of each regression loss and its derivative (test/util/reference.mjs). */
export const TERMS = REGRESSION_TERMS;

export interface RefOptions { features?: number; reduction?: string; sampleWeight?: ArrayLike<number>; delta?: number }

/** Per-sample losses (weighted), the reduced loss and its gradient, all in float64. */
export function reference(name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: RefOptions = {}) {
  const term = TERMS[name];
  const k = o.delta ?? 1;
  const F = o.features ?? 1;
  const rows = yPred.length / F;
  const w = (s: number) => (o.sampleWeight ? o.sampleWeight[s] : 1);
  const perSample: number[] = [];
  let total = 0;
  for (let s = 0; s < rows; s++) {
    let sum = 0;
    for (let f = 0; f < F; f++) sum += term.loss(yTrue[s * F + f], yPred[s * F + f], k);
    perSample.push(w(s) * (sum / F));
    total += w(s) * (sum / F);
  }
  const divisor = reductionDivisor(o.reduction, Array.from({ length: rows }, (_, s) => w(s)));
  const loss = divisor === 0 ? 0 : total / divisor;
  const scale = divisor === 0 ? 0 : 1 / divisor;
  const grad = Array.from(yPred, (p, i) => (scale * w(Math.floor(i / F)) * term.grad(yTrue[i], p, k)) / F);
  return { perSample, loss, grad, scale };
}

