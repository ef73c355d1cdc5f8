/**
 * A faster BatchMatMul for the tfjs wasm backend when an operand is transposed.
 *
 * tfjs-backend-wasm 4.x (src/cc/batch_mat_mul_impl.cc) multiplies with XNNPACK's fully-connected
 * operator only when neither operand is transposed and each holds one matrix; with transposeA
 * or transposeB it runs a plain blocked loop, several times slower for a Dense layer's shapes.
 * Training a Dense layer takes that path in every step: the gradients are xᵀ·dy (transposeA) and
 * dy·Wᵀ (transposeB). This wrapper transposes the operand first (the backend's own Transpose
 * kernel) and then runs the original kernel untransposed. The product is the same up to the
 * order of the float32 additions (the loop adds blocks of 48 terms).
 */
import * as tf from "@tensorflow/tfjs-core";

type KernelFunc = tf.KernelConfig["kernelFunc"];

let installed = false;

/** Replaces the wasm backend's BatchMatMul kernel by the wrapper, once per tfjs instance. */
export function useTransposeFirstMatMul(): void {
  if (installed) return;
  const original = tf.getKernel("BatchMatMul", "wasm");
  const transpose = tf.getKernel("Transpose", "wasm");
  if (!original || !transpose) return; // no wasm backend registered: nothing to speed up
  const matMul = original.kernelFunc as KernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return matMul({ inputs, backend, attrs });
    const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
      const perm = x.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      return (transpose.kernelFunc as KernelFunc)({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const a = (transposeA ? swapLast(inputs.a as tf.TensorInfo) : inputs.a) as tf.TensorInfo;
    const b = (transposeB ? swapLast(inputs.b as tf.TensorInfo) : inputs.b) as tf.TensorInfo;
    const out = matMul({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    // The transposes are this kernel's temporaries, unknown to the engine: free them here.
    if (a !== inputs.a) (backend as tf.KernelBackend).disposeData(a.dataId);
    if (b !== inputs.b) (backend as tf.KernelBackend).disposeData(b.dataId);
    return out;
  };
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel({ ...original, kernelFunc });
  installed = true;
}
