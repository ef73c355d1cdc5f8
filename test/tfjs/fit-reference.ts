// A float64 model of what tfjs-layers' model.fit does to a one-layer model, written from its
// trainer (engine/training.ts, training_utils.ts, base_callbacks.ts), as the reference for
// losses that tfjs-layers does not have:
// - per batch of B samples: z = x·W + b, p = activation(z), per-sample losses L_s, the batch
//   loss Σ_s w_s·L_s / B with w_s = classWeight[class of sample s] (1 without classWeight),
//   where the class is argmax of the target row, or the target itself for one-column targets;
// - one SGD step W −= lr·∂(batch loss)/∂W (∂L_s/∂z by central differences, in float64);
// - the epoch's logged loss: the batch losses averaged with weights B (BaseLogger).

export type Activation = "linear" | "sigmoid" | "softmax";

export interface FitProblem {
  x: number[][];
  /** One target row per sample (one column: a label or a value). */
  y: number[][];
  /** Initial kernel [inputs][units] and bias [units]. */
  kernel: number[][];
  bias: number[];
  activation: Activation;
  /** L_s of one sample from its target row and its output row, in float64. */
  perSample: (y: number[], p: number[]) => number;
  classWeight?: Record<number, number>;
  lr: number;
  epochs: number;
  batchSize: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function activate(a: Activation, z: number[]): number[] {
  if (a === "sigmoid") return z.map(sigmoid);
  if (a === "softmax") {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((u, v) => u + v, 0);
    return e.map((v) => v / s);
  }
  return z.slice();
}

function classOf(y: number[]): number {
  if (y.length === 1) return y[0];
  let best = 0;
  for (let c = 1; c < y.length; c++) if (y[c] > y[best]) best = c;
  return best;
}

/** Loss history, final kernel and bias of SGD on the problem, in float64. */
export function fit64(P: FitProblem): { history: number[]; kernel: number[][]; bias: number[] } {
  const W = P.kernel.map((r) => r.slice());
  const b = P.bias.slice();
  const units = b.length;
  const n = P.x.length;
  const history: number[] = [];
  const lossAt = (s: number, z: number[]) => P.perSample(P.y[s], activate(P.activation, z));
  for (let epoch = 0; epoch < P.epochs; epoch++) {
    let total = 0;
    for (let start = 0; start < n; start += P.batchSize) {
      const end = Math.min(n, start + P.batchSize);
      const B = end - start;
      const gW = W.map((r) => r.map(() => 0));
      const gb = b.map(() => 0);
      let batchLoss = 0;
      for (let s = start; s < end; s++) {
        const z = b.map((bj, j) => bj + P.x[s].reduce((acc, xi, i) => acc + xi * W[i][j], 0));
        const w = P.classWeight ? P.classWeight[classOf(P.y[s])] : 1;
        batchLoss += (w * lossAt(s, z)) / B;
        for (let j = 0; j < units; j++) {
          const h = 1e-6 * Math.max(1, Math.abs(z[j]));
          const up = z.slice();
          const down = z.slice();
          up[j] += h;
          down[j] -= h;
          const dz = (w / B) * ((lossAt(s, up) - lossAt(s, down)) / (2 * h));
          gb[j] += dz;
          for (let i = 0; i < W.length; i++) gW[i][j] += P.x[s][i] * dz;
        }
      }
      total += batchLoss * B;
      for (let i = 0; i < W.length; i++) for (let j = 0; j < units; j++) W[i][j] -= P.lr * gW[i][j];
      for (let j = 0; j < units; j++) b[j] -= P.lr * gb[j];
    }
    history.push(total / n);
  }
  return { history, kernel: W, bias: b };
}

// Per-sample losses in float64, from the Keras 3 formulas (keras/src/losses/losses.py).
const meanOf = (v: number[]) => v.reduce((a, c) => a + c, 0) / v.length;

/** Keras's Huber: mean over the row of ½e² (|e| ≤ δ) or δ·(|e| − ½δ), e = p − y. */
export const huber64 = (delta: number) => (y: number[], p: number[]) =>
  meanOf(p.map((pi, i) => {
    const e = Math.abs(pi - y[i]);
    return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta);
  }));

/**
 * Keras's binary focal cross-entropy from logits x, mean over the row:
 * (1 − p_t)^γ·bce, p_t = y·σ(x) + (1 − y)·(1 − σ(x)), bce = max(x, 0) − x·y + log1p(e^−|x|).
 */
export const binaryFocalFromLogits64 = (gamma: number) => (y: number[], x: number[]) =>
  meanOf(x.map((xi, i) => {
    const bce = Math.max(xi, 0) - xi * y[i] + Math.log1p(Math.exp(-Math.abs(xi)));
    const p = sigmoid(xi);
    const pt = y[i] * p + (1 - y[i]) * (1 - p);
    return (1 - pt) ** gamma * bce;
  }));

/** Keras's categorical focal cross-entropy from logits: −α·Σ_c (1 − q_c)^γ·y_c·log q_c, q = softmax(x). */
export const categoricalFocalFromLogits64 = (gamma: number, alpha: number) => (y: number[], x: number[]) => {
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((a, v) => a + Math.exp(v - m), 0));
  return x.reduce((acc, xc, c) => {
    const logq = xc - lse;
    return acc - alpha * (1 - Math.exp(logq)) ** gamma * y[c] * logq;
  }, 0);
};
