/**
 * Bench cases of the regression losses: for each loss, a float64 reference term, a
 * plain JavaScript loop (loss, and loss + gradient fused), the TensorFlow.js expression a user
 * would write, the name of the C kernel in bench/native/regression.c and, for MSE and MAE, the
 * ONNX graph the onnxruntime-node peer runs. `regression(...)`
 * turns one entry into two cases: the loss and its `...WithGrad` twin.
 *
 * Every case here uses the default reduction (Keras's 'sum_over_batch_size' without weights),
 * which is the mean over all n elements whatever `features` is, so references and peers compute
 * sum / n and gradients term' / n.
 */
import { regressionInputs } from "../inputs.mjs";
import { EPS, REGRESSION_TERMS } from "../../test/util/reference.mjs";

/** Sizes every case runs at (elements), plus the 32 × 10 batch that measures per-call overhead. */
export const ELEMENT_SHAPES = [1e3, 1e4, 1e5, 1e6, 1e7].map((n) => ({ label: `1e${Math.log10(n)}`, n, options: {} }));
export const OVERHEAD_SHAPE = { label: "32×10", n: 320, options: { features: 10 } };
/** What the registry test runs: a SIMD tail, a rows × features batch, the overhead batch. */
const TINY_SHAPES = [{ label: "17", n: 17, options: {} }, { label: "3×5", n: 15, options: { features: 5 } }, OVERHEAD_SHAPE];


// ---- plain JavaScript: the loop a user would write (float64 accumulators, as JS numbers are) ----

/** MSE with four accumulators (the loop a user would write for speed). */
function mseJs(t, p) {
  const n = p.length;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const e0 = p[i] - t[i], e1 = p[i + 1] - t[i + 1], e2 = p[i + 2] - t[i + 2], e3 = p[i + 3] - t[i + 3];
    s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
  }
  for (; i < n; i++) { const e = p[i] - t[i]; s0 += e * e; }
  return n === 0 ? 0 : (s0 + s1 + s2 + s3) / n;
}
function mseGradJs(t, p) {
  const n = p.length, g = new Float32Array(n), k = 2 / n;
  let s = 0;
  for (let i = 0; i < n; i++) { const e = p[i] - t[i]; s += e * e; g[i] = k * e; }
  return { loss: n === 0 ? 0 : s / n, grad: g };
}
function maeJs(t, p) {
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(p[i] - t[i]);
  return n === 0 ? 0 : s / n;
}
function maeGradJs(t, p) {
  const n = p.length, g = new Float32Array(n), k = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) { const e = p[i] - t[i]; s += Math.abs(e); g[i] = k * Math.sign(e); }
  return { loss: n === 0 ? 0 : s / n, grad: g };
}
function mapeJs(t, p) {
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(p[i] - t[i]) / Math.max(Math.abs(t[i]), EPS);
  return n === 0 ? 0 : (100 * s) / n;
}
function mapeGradJs(t, p) {
  const n = p.length, g = new Float32Array(n), k = 100 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = p[i] - t[i], d = Math.max(Math.abs(t[i]), EPS);
    s += Math.abs(e) / d;
    g[i] = (k * Math.sign(e)) / d;
  }
  return { loss: n === 0 ? 0 : (100 * s) / n, grad: g };
}
function msleJs(t, p) {
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.log1p(Math.max(p[i], EPS)) - Math.log1p(Math.max(t[i], EPS));
    s += d * d;
  }
  return n === 0 ? 0 : s / n;
}
function msleGradJs(t, p) {
  const n = p.length, g = new Float32Array(n), k = 2 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.log1p(Math.max(p[i], EPS)) - Math.log1p(Math.max(t[i], EPS));
    s += d * d;
    g[i] = p[i] <= EPS ? 0 : (k * d) / (p[i] + 1);
  }
  return { loss: n === 0 ? 0 : s / n, grad: g };
}
function huberJs(t, p) {
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(p[i] - t[i]);
    s += a <= 1 ? 0.5 * a * a : a - 0.5;
  }
  return n === 0 ? 0 : s / n;
}
function huberGradJs(t, p) {
  const n = p.length, g = new Float32Array(n), k = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = p[i] - t[i], a = Math.abs(e);
    s += a <= 1 ? 0.5 * a * a : a - 0.5;
    g[i] = k * (a <= 1 ? e : Math.sign(e));
  }
  return { loss: n === 0 ? 0 : s / n, grad: g };
}
/** log cosh e = |e| + log1p(exp(−2|e|)) − log 2 (stable for any e). */
function logCoshJs(t, p) {
  const n = p.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(p[i] - t[i]);
    s += a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
  }
  return n === 0 ? 0 : s / n;
}
function logCoshGradJs(t, p) {
  const n = p.length, g = new Float32Array(n), k = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = p[i] - t[i], a = Math.abs(e);
    s += a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
    g[i] = k * Math.tanh(e);
  }
  return { loss: n === 0 ? 0 : s / n, grad: g };
}

// ---- TensorFlow.js: tf.losses where it has the loss, else tfjs-layers' formula in tf ops ----
// (Each returns a scalar tensor; reduction = mean over all elements, tfjs's default without weights.)
const TF = {
  meanSquaredError: (tf, t, p) => tf.losses.meanSquaredError(t, p),
  meanAbsoluteError: (tf, t, p) => tf.losses.absoluteDifference(t, p),
  meanAbsolutePercentageError: (tf, t, p) =>
    tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(t, p), tf.clipByValue(tf.abs(t), EPS, Number.MAX_VALUE))))),
  meanSquaredLogarithmicError: (tf, t, p) =>
    tf.mean(tf.square(tf.sub(
      tf.log1p(tf.clipByValue(p, EPS, Number.MAX_VALUE)),
      tf.log1p(tf.clipByValue(t, EPS, Number.MAX_VALUE)),
    ))),
  huber: (tf, t, p) => tf.losses.huberLoss(t, p),
  // tfjs-layers' logcosh: e + softplus(−2e) − log 2
  logCosh: (tf, t, p) => {
    const e = tf.sub(p, t);
    return tf.mean(tf.sub(tf.add(e, tf.softplus(tf.mul(-2, e))), Math.LN2));
  },
};

// ---- onnxruntime-node: the ONNX graph a user would build (bench/peers/onnx.mjs runs it) ----
// (g, yTrue, yPred) => the loss, or { loss, grad } with withGrad; mean over all elements.
const ONNX = {
  meanSquaredError: (withGrad) => (g, t, p) => {
    const d = g.op("Sub", [p, t]);
    const loss = g.op("ReduceMean", [g.op("Mul", [d, d])], { keepdims: 0 });
    return withGrad ? { loss, grad: g.op("Mul", [d, g.scalar(2 / g.size(p))]) } : loss;
  },
  meanAbsoluteError: (withGrad) => (g, t, p) => {
    const d = g.op("Sub", [p, t]);
    const loss = g.op("ReduceMean", [g.op("Abs", [d])], { keepdims: 0 });
    return withGrad ? { loss, grad: g.op("Mul", [g.op("Sign", [d]), g.scalar(1 / g.size(p))]) } : loss;
  },
};

/** The float64 term of each loss and its derivative in yPred: the tests' (test/util/reference.mjs). */
const TERMS = REGRESSION_TERMS;

/** float64 reference: mean of an element-wise term over all n elements (features = 1), and its gradient / n. */
export function elementReference(term, withGrad) {
  return ({ yTrue, yPred }) => {
    const n = yPred.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += term.loss(yTrue[i], yPred[i]);
    const loss = n === 0 ? 0 : s / n;
    if (!withGrad) return { loss };
    const grad = new Float64Array(n);
    for (let i = 0; i < n; i++) grad[i] = term.grad(yTrue[i], yPred[i]) / n;
    return { loss, grad };
  };
}

/**
 * The two cases (loss, fused loss + gradient) of one regression loss.
 * @param fn   the simdloss export (its twin is `${fn}WithGrad`)
 * @param label short name for tables and goal lines
 * @param js   [loss, lossWithGrad] plain JavaScript functions of (yTrue, yPred)
 * @param c    the C kernel name in bench/native/regression.c (its twin is `${c}_grad`)
 * @param lo   lower bound of the inputs (MSLE wants mostly non-negative values)
 * @param goals goal lines for the loss case (see registry.mjs)
 */
function regression({ fn, label, js, c, lo = -3, goals = [] }) {
  const base = {
    family: "regression",
    shapes: [...ELEMENT_SHAPES, OVERHEAD_SHAPE],
    quickShapes: ["1e5", "32×10"],
    tinyShapes: TINY_SHAPES,
    inputs: (shape, seed) => regressionInputs(shape.n, seed, lo, 3),
    args: (inp) => [inp.yTrue, inp.yPred],
    tfjs: TF[fn],
  };
  const onnx = ONNX[fn];
  return [
    { ...base, id: fn, fn, label, kind: "loss", reference: elementReference(TERMS[fn], false),
      js: (inp) => () => js[0](inp.yTrue, inp.yPred), c, goals, ...(onnx ? { onnx: onnx(false) } : {}) },
    { ...base, id: `${fn}WithGrad`, fn: `${fn}WithGrad`, label: `${label}+grad`, kind: "grad",
      reference: elementReference(TERMS[fn], true), js: (inp) => () => js[1](inp.yTrue, inp.yPred), c: `${c}_grad`, goals: [],
      ...(onnx ? { onnx: onnx(true) } : {}) },
  ];
}

export const REGRESSION_CASES = [
  ...regression({
    fn: "meanSquaredError", label: "MSE", js: [mseJs, mseGradJs], c: "mse",
    goals: [
      { shape: "1e6", peer: "tfjs-wasm", atLeast: 8 },
      { shape: "1e6", peer: "tfjs-wasm", atLeast: 8, impl: "zerocopy" },
      { shape: "1e6", peer: "js", atLeast: 8, impl: "zerocopy" },
      // the streaming copy path: ≤ 1.25× the time of C -msse4.2 on the same data, ≥ 5× plain JS
      { shape: "1e6", peer: "c-sse42", atLeast: 0.8 },
      { shape: "1e6", peer: "js", atLeast: 5 },
    ],
  }),
  ...regression({ fn: "meanAbsoluteError", label: "MAE", js: [maeJs, maeGradJs], c: "mae" }),
  ...regression({ fn: "meanAbsolutePercentageError", label: "MAPE", js: [mapeJs, mapeGradJs], c: "mape" }),
  ...regression({ fn: "meanSquaredLogarithmicError", label: "MSLE", js: [msleJs, msleGradJs], c: "msle", lo: -0.5 }),
  ...regression({ fn: "huber", label: "Huber", js: [huberJs, huberGradJs], c: "huber" }),
  ...regression({ fn: "logCosh", label: "logCosh", js: [logCoshJs, logCoshGradJs], c: "logcosh" }),
];
