import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfjs from "../../src/tfjs/index.js";
import * as simdloss from "../../src/index.js";
import { ArgumentTypeError, ShapeError, ValueError } from "../../src/index.js";
import { useBackend } from "./reference.js";

// One test per error the adapter throws; each message names the function, the argument and the value.
describe("simdloss/tfjs errors", () => {
  beforeAll(() => useBackend("cpu"));

  it("ArgumentTypeError when yTrue or yPred is not a tf.Tensor", () => {
    const loss = tfjs.meanSquaredError();
    expect(() => loss([1, 2] as unknown as tf.Tensor, tf.ones([2]))).toThrow(ArgumentTypeError);
    expect(() => loss([1, 2] as unknown as tf.Tensor, tf.ones([2]))).toThrow("tfjs.meanSquaredError: yTrue must be a tf.Tensor, got Array");
    expect(() => loss(tf.ones([2]), null as unknown as tf.Tensor)).toThrow("tfjs.meanSquaredError: yPred must be a tf.Tensor, got null");
  });

  it("ArgumentTypeError when options is not an object", () => {
    expect(() => tfjs.huber(3 as never)).toThrow(ArgumentTypeError);
    expect(() => tfjs.huber(3 as never)).toThrow("tfjs.huber: options must be an object, got number");
  });

  it("ShapeError when yTrue's shape differs from yPred's", () => {
    const loss = tfjs.meanAbsoluteError();
    expect(() => loss(tf.ones([4]), tf.ones([4, 1]))).toThrow(ShapeError);
    expect(() => loss(tf.ones([4]), tf.ones([4, 1]))).toThrow("tfjs.meanAbsoluteError: yTrue.shape [4] must equal yPred.shape [4, 1]");
  });

  it("ShapeError when sparse labels do not match yPred's rows", () => {
    const sparse = tfjs.fromSimdLoss({ name: "sparseDemo", loss: simdloss.meanSquaredError, withGrad: simdloss.meanSquaredErrorWithGrad, targets: "sparse" });
    expect(() => sparse(tf.ones([3]), tf.ones([4, 10]))).toThrow(ShapeError);
    expect(() => sparse(tf.ones([3]), tf.ones([4, 10]))).toThrow(
      "tfjs.sparseDemo: yTrue.shape [3] must hold one label per row of yPred.shape [4, 10] (4 labels), got 3",
    );
  });

  it("ValueError for an unknown reduction, named by the simdloss function", () => {
    const loss = tfjs.meanSquaredError({ reduction: "average" as never });
    expect(() => loss(tf.ones([2]), tf.ones([2]))).toThrow(ValueError);
    expect(() => loss(tf.ones([2]), tf.ones([2]))).toThrow("options.reduction must be one of");
  });

  it("optimizer.minimize refuses the per-sample form (tfjs's own error); the reduced form works", () => {
    const w = tf.variable(tf.ones([3, 1]));
    const opt = tf.train.sgd(0.1);
    const step = (loss: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor) =>
      opt.minimize(() => loss(tf.zeros([4, 1]), tf.matMul(tf.ones([4, 3]), w)) as tf.Scalar);
    expect(() => step(tfjs.meanSquaredError())).toThrow("must return a scalar");
    step(tfjs.meanSquaredError({ reduction: "sum_over_batch_size" }));
    // hand-computed: p = 3 for every sample, ∂mean((p − 0)²)/∂w_i = mean(2·3·1) = 6, so w = 1 − 0.1·6
    expect(Array.from(w.dataSync()).map((v) => Number(v.toFixed(6)))).toEqual([0.4, 0.4, 0.4]);
    w.dispose();
    opt.dispose();
  });

  it("the simdloss loss's own option errors come through, named by the simdloss function", () => {
    const loss = tfjs.huber({ delta: -1 });
    expect(() => loss(tf.ones([2]), tf.ones([2]))).toThrow(ValueError);
    expect(() => loss(tf.ones([2]), tf.ones([2]))).toThrow("options.delta must be a finite number > 0, got number -1");
  });
});
