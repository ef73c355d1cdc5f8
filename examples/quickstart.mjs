// A short tour of the API: `npm run build && node examples/quickstart.mjs` (`npm start` runs the MNIST trainer).
import {
  ready, backendInfo, meanSquaredError, meanSquaredErrorWithGrad, huber, allocFloat32, ShapeError,
} from "../dist/index.js";

await ready();
const info = backendInfo();
console.log(`simdloss: ${info.build} build (engine support: SIMD ${info.simdSupported}, relaxed SIMD ${info.relaxedSimdSupported})`);

console.log("meanSquaredError([2, 3], [1, 5]) =", meanSquaredError([2, 3], [1, 5]));
const { loss, grad } = meanSquaredErrorWithGrad([2, 3], [1, 5]);
console.log("meanSquaredErrorWithGrad:", { loss, grad: Array.from(grad) });

const n = 1_000_000;
const yTrue = new Float32Array(n).map((_, i) => Math.sin(i));
const yPred = allocFloat32(n); // lives in module memory: no copy on each call
yPred.array.set(yTrue.map((v, i) => v + 0.01 * Math.cos(i)));
const t0 = performance.now();
const mse = meanSquaredError(yTrue, yPred.array);
console.log(`MSE over ${n} elements: ${mse.toExponential(6)} in ${(performance.now() - t0).toFixed(2)} ms`);
console.log("huber, 3 features per sample:", huber([0, 0, 0, 1, 1, 1], [0.5, 2, 0, 1, 1, 4], { features: 3, reduction: "none" }));
yPred.free();

try {
  meanSquaredError([1, 2, 3], [1, 2]);
} catch (e) {
  console.log(`${e instanceof ShapeError ? "ShapeError" : "error"}: ${e.message}`);
}
