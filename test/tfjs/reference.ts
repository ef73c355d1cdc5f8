import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";

/** The backends every tfjs test runs on. The wasm backend loads its .wasm from node_modules. */
export const BACKENDS = ["cpu", "wasm"] as const;

export async function useBackend(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`expected tfjs backend ${name}, got ${tf.getBackend()}`);
}

/** tfjs-layers' per-sample function behind a `model.compile({ loss: name })` string (mean over the last axis, or the row's loss). */
export function layersPerSample(name: string): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  const input = tfl.input({ shape: [1] });
  const model = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 1 }).apply(input) as tfl.SymbolicTensor });
  model.compile({ optimizer: "sgd", loss: name });
  const perSample = model.lossFunctions[0];
  model.dispose();
  return perSample;
}

/**
 * tfjs-layers' own loss for a `model.compile({ loss })` string, exactly as the trainer of
 * tfjs-layers applies it without weights: its per-sample function, then tf.mean.
 */
export function layersLoss(name: string): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar {
  const perSample = layersPerSample(name);
  return (yTrue, yPred) => tf.mean(perSample(yTrue, yPred));
}

/** max |a − b| / max |b|: the error relative to the largest reference element. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

/** Value and ∂/∂yPred of a scalar tfjs loss, as numbers. */
export function valueAndGrad(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor, yTrue: tf.Tensor, yPred: tf.Tensor,
): { value: number; grad: Float32Array } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p))(yPred);
    if (value.rank !== 0) throw new Error(`valueAndGrad: the loss returned shape [${value.shape}], not a scalar`);
    return { value: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
  });
}

/**
 * A loss's per-sample values (their shape and data) and the vector-Jacobian product dy·∂loss/∂yPred
 * for the upstream gradient dy (one value per sample), as numbers.
 */
export function valuesAndVjp(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor, yTrue: tf.Tensor, yPred: tf.Tensor, dy: tf.Tensor,
): { shape: number[]; values: Float32Array; grad: Float32Array } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p))(yPred, dy);
    return { shape: value.shape, values: value.dataSync() as Float32Array, grad: grad.dataSync() as Float32Array };
  });
}
