/**
 * The generic bridge from a simdloss loss and its fused `...WithGrad` twin to a TensorFlow.js
 * loss.
 *
 * What it returns. By default, one loss per sample: a tensor of yPred's shape without its last
 * axis, holding L_s (the mean over the last axis for element-wise losses, the row's loss for row
 * losses), exactly what tfjs-layers' own losses return. tfjs-layers' trainer multiplies these by
 * its `classWeight` sample weights and takes `tf.mean`, so `model.fit` and `model.evaluate` give
 * tfjs-layers' numbers. With a reducing `reduction` (`'sum_over_batch_size'`, `'sum'`, …) it
 * returns that reduced Scalar instead, for `optimizer.minimize` and plain scalar use.
 *
 * Forward: the tensors' data is read (a view of the wasm backend's heap, dataSync on other
 * backends), the simdloss kernel computes the losses, and they become a float32 tensor.
 * Backward: `tf.customGrad` supplies ∂/∂yPred from the fused twin (one pass over the data gives
 * loss and gradient), each sample's gradient row scaled by its upstream dy; tfjs autodiff never
 * sees the loss's formula. While a gradient is being recorded (tf.grad, tf.variableGrads,
 * optimizer.minimize, model.fit) the forward pass already calls the fused twin, so a training
 * step costs one kernel pass; otherwise (model.evaluate, plain calls) it calls the loss-only
 * kernel.
 *
 * The gradient with respect to yTrue is returned as zeros: targets are constants in training.
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  ArgumentTypeError, ShapeError, type GradOptions, type LossWithGrad, type NumericArray, type Reduction,
} from "../index.js";

/**
 * A TensorFlow.js loss as `model.compile({ loss })` takes it: one loss per sample, a tensor of
 * yPred's shape without its last axis (a Scalar under a reducing `reduction`).
 */
export type TfjsLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** A TensorFlow.js loss that returns one Scalar: what `optimizer.minimize` and `tf.variableGrads` need. */
export type TfjsScalarLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** The reductions that turn the per-sample losses into one Scalar (every Reduction but `'none'`). */
export type ScalarReduction = Exclude<Reduction, "none">;

/** Options of a simdloss loss minus the ones the adapter derives from the tensors' shapes. */
export type TfjsLossOptions<O> = Omit<O, "features" | "classes" | "out">;

/**
 * A loss factory of simdloss/tfjs: per-sample losses by default (for `model.compile`), one
 * Scalar when `options.reduction` is a reducing one (for `optimizer.minimize`, `tf.grad` of the
 * batch loss).
 */
export interface TfjsLossFactory<O> {
  (options: TfjsLossOptions<O> & { reduction: ScalarReduction }): TfjsScalarLoss;
  (options?: TfjsLossOptions<O>): TfjsLoss;
}

/** Any simdloss loss and its fused twin, as `fromSimdLoss` needs them. */
export interface SimdLossPair<O> {
  /** The simdloss name, e.g. `"meanSquaredError"`; errors say `tfjs.<name>`. */
  name: string;
  loss: (yTrue: NumericArray, yPred: NumericArray, options?: O) => number | Float32Array;
  withGrad: (yTrue: NumericArray, yPred: NumericArray, options?: O & GradOptions) => LossWithGrad<number | Float32Array>;
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

/** What the wasm backend (BackendWasm of @tensorflow/tfjs-backend-wasm) offers for reading a tensor in place. */
interface HeapBackend {
  dataIdMap: { has(dataId: object): boolean };
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * The tensor's values for one simdloss call: on the wasm backend a view of its heap (no copy;
 * simdloss copies it into its own memory before tfjs runs again), elsewhere dataSync() (the cpu
 * backend's own array, a download on GPU backends).
 */
function hostData(t: tf.Tensor): NumericArray {
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  if (
    typeof backend.typedArrayFromHeap === "function" && backend.dataIdMap?.has(t.dataId) &&
    (t.dtype === "float32" || t.dtype === "int32" || t.dtype === "bool")
  ) {
    return backend.typedArrayFromHeap(t);
  }
  return t.dataSync() as NumericArray;
}

/** True while tfjs records operations for a gradient (tf.grad, variableGrads, minimize, fit). */
const recordingGradient = () => tf.engine().state.gradientDepth > 0;

/**
 * g[s·k + j] *= dy[s] for each of dy's rows of k = g.length / dy.length gradient elements, in
 * place (a float64 product of two float32 values, rounded once: float32 multiplication). Skipped
 * when every dy is 1, e.g. tf.grad of a scalar loss.
 */
function scaleRows(g: Float32Array, dy: ArrayLike<number>): Float32Array {
  const rows = dy.length;
  let ones = true;
  for (let s = 0; s < rows && ones; s++) ones = dy[s] === 1;
  if (ones || rows === 0) return g;
  const k = g.length / rows;
  for (let s = 0, i = 0; s < rows; s++) {
    const d = dy[s];
    for (const end = i + k; i < end; i++) g[i] *= d;
  }
  return g;
}

/**
 * Wraps any simdloss loss + `...WithGrad` pair as a TensorFlow.js loss.
 *
 * @param pair the loss, its fused twin, its name, and how targets are laid out.
 * @param options the loss's options (e.g. `{ delta: 2 }`, `{ fromLogits: true }`, `reduction`,
 *   `sampleWeight`), checked by simdloss at each call; `features` / `classes` come from yPred's
 *   last axis. `reduction` chooses the result: `'none'` (the default) one loss per sample, of
 *   yPred's shape without its last axis, as tfjs-layers' own losses; any other reduction, that
 *   reduced Scalar.
 * @returns `(yTrue, yPred) => Tensor`, differentiable with respect to yPred.
 * @throws ArgumentTypeError for options that are not an object; at call time ArgumentTypeError
 *   when an argument is not a tf.Tensor, ShapeError when yTrue does not fit yPred, and any error
 *   of the simdloss loss.
 * @example
 * const loss = fromSimdLoss({ name: "meanSquaredError", loss: meanSquaredError, withGrad: meanSquaredErrorWithGrad });
 * model.compile({ optimizer: "adam", loss });
 */
export function fromSimdLoss<O extends object>(
  pair: SimdLossPair<O>, options: TfjsLossOptions<O> & { reduction: ScalarReduction },
): TfjsScalarLoss;
export function fromSimdLoss<O extends object>(pair: SimdLossPair<O>, options?: TfjsLossOptions<O>): TfjsLoss;
export function fromSimdLoss<O extends object>(pair: SimdLossPair<O>, options?: TfjsLossOptions<O>): TfjsLoss {
  const fn = `tfjs.${pair.name}`;
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new ArgumentTypeError(fn, `options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const base = { ...(options ?? {}) } as Record<string, unknown>;
  base.reduction ??= "none";
  const perSample = base.reduction === "none";
  const sparse = pair.targets === "sparse";
  const axisOption = pair.lastAxis ?? (sparse ? "classes" : "features");

  const differentiable = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [yTrue, yPred] = args as [tf.Tensor, tf.Tensor];
    const opts = { ...base, [axisOption]: lastAxis(fn, sparse, yTrue, yPred) } as unknown as O;
    let grad: Float32Array | undefined;
    let loss: number | Float32Array;
    if (recordingGradient()) {
      ({ loss, grad } = pair.withGrad(hostData(yTrue), hostData(yPred), opts));
    } else {
      loss = pair.loss(hostData(yTrue), hostData(yPred), opts);
    }
    const value = perSample
      ? tf.tensor(loss as Float32Array, yPred.rank === 0 ? [] : yPred.shape.slice(0, -1), "float32")
      : tf.scalar(loss as number, "float32");
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        // The forward's gradient is used once: scaled in place (dy read before tfjs allocates
        // again), then owned by the tensor.
        const g = scaleRows(grad ?? pair.withGrad(hostData(yTrue), hostData(yPred), opts).grad, hostData(dy));
        grad = undefined;
        return [tf.zerosLike(yTrue), tf.tensor(g, yPred.shape, "float32")];
      },
    };
  });

  return (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    checkTensor(fn, "yTrue", yTrue);
    checkTensor(fn, "yPred", yPred);
    lastAxis(fn, sparse, yTrue, yPred);
    return differentiable(yTrue, yPred);
  };
}
