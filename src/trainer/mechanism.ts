/**
 * Why MSE stalls where cross-entropy does not, measured: the size of each training sample's
 * gradient with respect to the model's logit(s) z, where p = σ(z) (one sigmoid output) or
 * p = softmax(z) (ten outputs).
 *
 * ∂L_i/∂p_i comes from simdloss's fused kernels (`…WithGrad`, `reduction: 'none'`: the gradient
 * of each sample's own loss), and is chained through the output activation in float64:
 *   sigmoid: ∂L/∂z = ∂L/∂p · p(1 − p)
 *   softmax: ∂L/∂z_c = p_c · (∂L/∂p_c − Σ_k p_k ∂L/∂p_k)
 * With a sigmoid, MSE's (p − y)² gives 2(p − y)·p(1 − p), which vanishes when p is confidently
 * wrong; binary cross-entropy gives p − y. The size of a softmax row's gradient is its
 * Euclidean norm over the classes (for one sigmoid output, |∂L/∂z|).
 */
import {
  binaryCrossentropyWithGrad, categoricalCrossentropyWithGrad, meanSquaredErrorWithGrad,
} from "../index.js";

export type StudyLoss = "mse" | "ce";

/** ∂L_i/∂p (rows of `classes`) from the fused kernel of `loss`; targets are 0/1 (one-hot rows for classes > 1). */
function gradientWrtOutputs(loss: StudyLoss, classes: number, targets: Float32Array, outputs: Float32Array): Float32Array {
  if (loss === "mse") return meanSquaredErrorWithGrad(targets, outputs, { features: classes, reduction: "none" }).grad;
  if (classes === 1) return binaryCrossentropyWithGrad(targets, outputs, { reduction: "none" }).grad;
  return categoricalCrossentropyWithGrad(targets, outputs, { classes, reduction: "none" }).grad;
}

/**
 * Each sample's |∂L_i/∂z_i| (Euclidean norm over the row for softmax): `outputs` are sigmoid
 * probabilities (classes = 1) or softmax rows (classes > 1), `targets` have their shape.
 */
export function logitGradientNorms(loss: StudyLoss, classes: number, targets: Float32Array, outputs: Float32Array): Float64Array {
  const g = gradientWrtOutputs(loss, classes, targets, outputs);
  const rows = outputs.length / classes;
  const norms = new Float64Array(rows);
  if (classes === 1) {
    for (let i = 0; i < rows; i++) norms[i] = Math.abs(g[i] * outputs[i] * (1 - outputs[i]));
    return norms;
  }
  for (let i = 0; i < rows; i++) {
    const o = i * classes;
    let dot = 0;
    for (let c = 0; c < classes; c++) dot += outputs[o + c] * g[o + c];
    let sq = 0;
    for (let c = 0; c < classes; c++) sq += (outputs[o + c] * (g[o + c] - dot)) ** 2;
    norms[i] = Math.sqrt(sq);
  }
  return norms;
}

/** The mean of `values` over the samples whose predicted class is wrong (null when none is). */
export function meanOverMisclassified(values: ArrayLike<number>, labels: ArrayLike<number>, predicted: ArrayLike<number>): { mean: number | null; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] !== labels[i]) {
      sum += values[i];
      count++;
    }
  }
  return { mean: count === 0 ? null : sum / count, count };
}
