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

/**
 * tfjs-layers' own loss for a `model.compile({ loss: name })` string, exactly as the trainer of
 * tfjs-layers applies it: its per-sample function (mean over the last axis), then tf.mean.
 */
export function layersLoss(name: string): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar {
  const input = tfl.input({ shape: [1] });
  const model = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 1 }).apply(input) as tfl.SymbolicTensor });
  model.compile({ optimizer: "sgd", loss: name });
  const perSample = model.lossFunctions[0];
  model.dispose();
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

/** Value and ∂/∂yPred of a tfjs loss, as numbers. */
export function valueAndGrad(
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar, yTrue: tf.Tensor, yPred: tf.Tensor,
): { value: number; grad: Float32Array } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p))(yPred);
    return { value: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
  });
}
