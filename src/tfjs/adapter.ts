/**
 * The generic bridge from a simdloss loss and its fused `...WithGrad` twin to a TensorFlow.js
 * loss `(yTrue, yPred) => Scalar`.
 *
 * Forward: the tensors' data is read (dataSync), the simdloss kernel computes the reduced loss,
 * and the result becomes a float32 scalar. Backward: `tf.customGrad` supplies ∂loss/∂yPred from
 * the fused twin (one pass over the data gives loss and gradient), times the upstream dy; tfjs
 * autodiff never sees the loss's formula. While a gradient is being recorded (tf.grad,
 * tf.variableGrads, optimizer.minimize, model.fit) the forward pass already calls the fused twin,
 * so a training step costs one kernel pass; otherwise (model.evaluate, plain calls) it calls the
 * loss-only kernel.
 *
 * Semantics: the last axis of yPred is `features` (element-wise losses) or `classes` (sparse
 * losses); per-sample losses are averaged over the batch (`reduction: 'sum_over_batch_size'`),
 * which is exactly what tfjs-layers' `model.compile({ loss })` does with its own losses (mean over
 * the last axis, then `tf.mean` over samples), and what `tf.losses.*` gives without weights.
 *
 * The gradient with respect to yTrue is returned as zeros: targets are constants in training.
 */
import * as tf from "@tensorflow/tfjs-core";
import { ArgumentTypeError, ShapeError, ValueError, type GradOptions, type LossWithGrad, type NumericArray } from "../index.js";

/** A TensorFlow.js loss: what `model.compile({ loss })`, `tf.grad` and `optimizer.minimize` take. */
export type TfjsLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Any simdloss loss and its fused twin, as `fromSimdLoss` needs them. */
export interface SimdLossPair<O> {
  /** The simdloss name, e.g. `"meanSquaredError"`; errors say `tfjs.<name>`. */
  name: string;
  loss: (yTrue: NumericArray, yPred: NumericArray, options?: O) => number;
  withGrad: (yTrue: NumericArray, yPred: NumericArray, options?: O & GradOptions) => LossWithGrad<number>;
  /**
   * `'dense'` (default): yTrue has yPred's shape.
   * `'sparse'`: yTrue holds one integer class per row of yPred.
   */
  targets?: "dense" | "sparse";
  /**
   * The option that receives yPred's last-axis length: `'features'` (default for dense
   * targets) or `'classes'` (default for sparse targets; also dense one-hot targets).
   */
  lastAxis?: "features" | "classes";
}

/** Options of a simdloss loss minus the ones the adapter derives from the tensors' shapes. */
export type TfjsLossOptions<O> = Omit<O, "features" | "classes" | "out">;

const shapeText = (s: readonly number[]) => `[${s.join(", ")}]`;

function checkTensor(fn: string, name: string, x: unknown): tf.Tensor {
  if (!(x instanceof tf.Tensor)) {
    const what = x === null ? "null" : typeof x === "object" ? (x as object).constructor?.name ?? "object" : typeof x;
    throw new ArgumentTypeError(fn, `${name} must be a tf.Tensor, got ${what}`);
  }
  return x;
}

/** yPred's last-axis length (1 for a scalar), after checking that yTrue fits it. */
function lastAxis(fn: string, sparse: boolean, yTrue: tf.Tensor, yPred: tf.Tensor): number {
  const last = yPred.rank === 0 ? 1 : yPred.shape[yPred.rank - 1];
  if (!sparse) {
    if (!tf.util.arraysEqual(yTrue.shape, yPred.shape)) {
      throw new ShapeError(fn, `yTrue.shape ${shapeText(yTrue.shape)} must equal yPred.shape ${shapeText(yPred.shape)}`);
    }
    return last;
  }
  if (yTrue.size * last !== yPred.size) {
    throw new ShapeError(
      fn,
      `yTrue.shape ${shapeText(yTrue.shape)} must hold one label per row of yPred.shape ${shapeText(yPred.shape)} ` +
        `(${yPred.size / Math.max(last, 1)} labels), got ${yTrue.size}`,
    );
  }
  return last;
}

/** True while tfjs records operations for a gradient (tf.grad, variableGrads, minimize, fit). */
const recordingGradient = () => tf.engine().state.gradientDepth > 0;

/**
 * Wraps any simdloss loss + `...WithGrad` pair as a TensorFlow.js loss.
 *
 * @param pair the loss, its fused twin, its name, and how targets are laid out.
 * @param options the loss's options (e.g. `{ delta: 2 }`, `{ fromLogits: true }`, `reduction`,
 *   `sampleWeight`), checked by simdloss at each call; `features` / `classes` come from yPred's
 *   last axis. `reduction: 'none'` is refused, since a tfjs loss must be a scalar.
 * @returns `(yTrue, yPred) => Scalar`, differentiable with respect to yPred.
 * @throws ValueError for `reduction: 'none'`; at call time ArgumentTypeError when an argument is
 *   not a tf.Tensor, ShapeError when yTrue does not fit yPred, and any error of the simdloss loss.
 * @example
 * const loss = fromSimdLoss({ name: "meanSquaredError", loss: meanSquaredError, withGrad: meanSquaredErrorWithGrad });
 * model.compile({ optimizer: "adam", loss });
 */
export function fromSimdLoss<O extends object>(pair: SimdLossPair<O>, options?: TfjsLossOptions<O>): TfjsLoss {
  const fn = `tfjs.${pair.name}`;
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new ArgumentTypeError(fn, `options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const base = { ...(options ?? {}) } as Record<string, unknown>;
  if (base.reduction === "none") {
    throw new ValueError(fn, `options.reduction 'none' is not allowed: a TensorFlow.js loss must return a scalar`);
  }
  const sparse = pair.targets === "sparse";
  const axisOption = pair.lastAxis ?? (sparse ? "classes" : "features");

  const differentiable = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [yTrue, yPred] = args as [tf.Tensor, tf.Tensor];
    const opts = { ...base, [axisOption]: lastAxis(fn, sparse, yTrue, yPred) } as unknown as O;
    const t = yTrue.dataSync() as NumericArray;
    const p = yPred.dataSync() as NumericArray;
    let grad: Float32Array | undefined;
    let loss: number;
    if (recordingGradient()) {
      ({ loss, grad } = pair.withGrad(t, p, opts));
    } else {
      loss = pair.loss(t, p, opts);
    }
    return {
      value: tf.scalar(loss, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        grad ??= pair.withGrad(t, p, opts).grad;
        return [tf.zerosLike(yTrue), tf.mul(dy, tf.tensor(grad, yPred.shape, "float32"))];
      },
    };
  });

  return (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar => {
    checkTensor(fn, "yTrue", yTrue);
    checkTensor(fn, "yPred", yPred);
    lastAxis(fn, sparse, yTrue, yPred);
    return differentiable(yTrue, yPred) as tf.Scalar;
  };
}
