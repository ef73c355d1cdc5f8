/**
 * Bench cases of the cross-entropy family: categorical and sparse categorical CE,
 * binary CE, the focal losses, KL divergence, Poisson, cosine similarity, the hinge losses, with
 * their fused `...WithGrad` twins, and softmax / logSoftmax.
 *
 * Each case has a float64 reference written from the formula (Keras 3 semantics, default
 * reduction 'sum_over_batch_size' without weights: the mean over rows, or over all elements for
 * the element-wise losses with features = 1), a plain JavaScript peer, the TensorFlow.js
 * expression a user would write (tf.losses.softmaxCrossEntropy / sigmoidCrossEntropy where
 * tfjs-core has the loss, else tfjs-layers' formula in tf ops; tf.valueAndGrad
 * for the twins), for the headline kernels the C kernel of bench/native/crossentropy.c, and for
 * sparse CE, CE, BCE, softmax and logSoftmax (and their twins) the ONNX graph the onnxruntime-node
 * peer runs.
 *
 * Not compared with tfjs: the focal losses (neither tfjs-core nor tfjs-layers has one).
 * Plain JS: the headline cases (sparse CE, CE, BCE, softmax, logSoftmax) have their own loop;
 * for the others the plain JS peer is the float64 reference itself, which is already the loop a
 * user would write.
 *
 * Sizes: rows × classes with classes ∈ {2, 10, 100, 1000} at 1e6 elements, the
 * 32 × 10 per-call overhead batch; element-wise losses at 1e3 … 1e7 elements.
 */
import { rng, uniform } from "../inputs.mjs";
import { ELEMENT_SHAPES, OVERHEAD_SHAPE, elementReference } from "./regression.mjs";
import { EPS, bceFromLogits64, logSoftmax64, oneHot, sigmoid64 } from "../../test/util/reference.mjs";

/** rows × classes shapes of 1e6 elements, plus the overhead batch. */
const rowShapes = (options = {}) => [
  ...[["5e5", 2], ["1e5", 10], ["1e4", 100], ["1e3", 1000]].map(([rows, C]) => ({ label: `${rows}×${C}`, n: 1e6, options: { classes: C, ...options } })),
  { ...OVERHEAD_SHAPE, options: { classes: 10, ...options } },
];
/** Tiny shapes for the registry test: SIMD tails in the class count, a one-class row, the overhead batch. */
const tinyRowShapes = (options = {}) => [
  { label: "7×3", n: 21, options: { classes: 3, ...options } },
  { label: "5×17", n: 85, options: { classes: 17, ...options } },
  { label: "4×1", n: 4, options: { classes: 1, ...options } },
  { label: "32×10", n: 320, options: { classes: 10, ...options } },
];
const elementShapes = (options = {}) => [...ELEMENT_SHAPES, OVERHEAD_SHAPE].map((s) => ({ ...s, options: { ...s.options, ...options } }));
const tinyElementShapes = (options = {}) => [
  { label: "17", n: 17, options: { ...options } },
  { label: "3×5", n: 15, options: { features: 5, ...options } },
];
/** rows of F features for the losses that reduce over a row (KL, cosine): 1e3 … 1e7 elements. */
const featureShapes = (F) => [...ELEMENT_SHAPES.map((s) => ({ ...s, label: `${s.label}/${F}`, options: { features: F } })),
  { ...OVERHEAD_SHAPE, options: { features: 10 } }];

// ---- inputs ----

/** n integers uniform in [0, C). */
function labelsOf(seed, n, C) {
  const r = rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * C);
  return out;
}
/** n values in {0, 1}. */
function binaryOf(seed, n) {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r() < 0.5 ? 0 : 1;
  return out;
}
const classesOf = (shape) => shape.options.classes;
const featuresOf = (shape) => shape.options.features ?? 1;

const sparseInputs = (shape, seed) => {
  const C = classesOf(shape);
  return { labels: labelsOf(seed, shape.n / C, C), logits: uniform(seed + 1, shape.n, -5, 5) };
};
const denseInputs = (lo, hi) => (shape, seed) => {
  const C = classesOf(shape);
  return { yTrue: oneHot(labelsOf(seed, shape.n / C, C), C), yPred: uniform(seed + 1, shape.n, lo, hi) };
};

// ---- float64 references ----

/** Softmax CE of targets y (a row → its target weights) against logits: L = −Σ_c y_c·logsoftmax(x)_c. */
function softmaxCeReference(target, withGrad) {
  return (x, rows, C) => {
    let total = 0;
    const grad = withGrad ? new Float64Array(rows * C) : null;
    for (let r = 0; r < rows; r++) {
      const lq = logSoftmax64(x, r * C, C);
      let ySum = 0;
      for (let c = 0; c < C; c++) {
        const y = target(r, c);
        ySum += y;
        total -= y * lq[c];
      }
      if (grad) for (let c = 0; c < C; c++) grad[r * C + c] = (ySum * Math.exp(lq[c]) - target(r, c)) / rows;
    }
    const loss = rows === 0 ? 0 : total / rows;
    return withGrad ? { loss, grad } : { loss };
  };
}
const sparseCeRef = (withGrad) => ({ labels, logits }, shape) =>
  softmaxCeReference((r, c) => (labels[r] === c ? 1 : 0), withGrad)(logits, labels.length, classesOf(shape));
const denseCeRef = (withGrad) => ({ yTrue, yPred }, shape) => {
  const C = classesOf(shape);
  return softmaxCeReference((r, c) => yTrue[r * C + c], withGrad)(yPred, yPred.length / C, C);
};


/**
 * Per-element terms of the element-wise losses and their derivative in yPred (keras/src/losses/losses.py),
 * with features = 1. Binary focal: γ = 2, α unused (applyClassBalancing false), from logits.
 */
const TERMS = {
  bce: { loss: bceFromLogits64, grad: (z, x) => sigmoid64(x) - z },
  binaryFocal: {
    loss: (z, x) => {
      const p = sigmoid64(x);
      const u = z * (1 - p) + (1 - z) * p; // 1 − p_t
      return u * u * bceFromLogits64(z, x);
    },
    grad: (z, x) => {
      const p = sigmoid64(x);
      const u = z * (1 - p) + (1 - z) * p;
      const du = (1 - 2 * z) * p * (1 - p);
      return 2 * u * du * bceFromLogits64(z, x) + u * u * (p - z);
    },
  },
  poisson: { loss: (t, p) => p - t * Math.log(p + EPS), grad: (t, p) => 1 - t / (p + EPS) },
  hinge: { loss: (t, p) => Math.max(1 - t * p, 0), grad: (t, p) => (1 - t * p > 0 ? -t : 0) },
  squaredHinge: { loss: (t, p) => Math.max(1 - t * p, 0) ** 2, grad: (t, p) => -2 * t * Math.max(1 - t * p, 0) },
};

/** Categorical focal CE from logits: L_r = −α·Σ_c y_c·(1 − q_c)^γ·log q_c, q = softmax(x), γ = 2, α = 0.25. */
const categoricalFocalRef = (withGrad) => ({ yTrue, yPred }, shape) => {
  const C = classesOf(shape), rows = yPred.length / C, gamma = 2, alpha = 0.25;
  let total = 0;
  const grad = withGrad ? new Float64Array(yPred.length) : null;
  const q = new Float64Array(C), logq = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const lq = logSoftmax64(yPred, r * C, C);
    for (let c = 0; c < C; c++) {
      logq[c] = lq[c];
      q[c] = Math.exp(lq[c]);
      total += -alpha * yTrue[r * C + c] * (1 - q[c]) ** gamma * logq[c];
    }
    if (!grad) continue;
    // f(q) = (1 − q)^γ·log q; ∂L/∂x_c = −α·(y_c·f'(q_c)·q_c − q_c·Σ_k y_k·f'(q_k)·q_k)
    const fq = (c) => (-gamma * (1 - q[c]) ** (gamma - 1) * logq[c] + (1 - q[c]) ** gamma / q[c]) * q[c];
    let sum = 0;
    for (let k = 0; k < C; k++) if (yTrue[r * C + k] !== 0) sum += yTrue[r * C + k] * fq(k);
    for (let c = 0; c < C; c++) {
      const own = yTrue[r * C + c] !== 0 ? yTrue[r * C + c] * fq(c) : 0;
      grad[r * C + c] = (-alpha * (own - q[c] * sum)) / rows;
    }
  }
  const loss = rows === 0 ? 0 : total / rows;
  return withGrad ? { loss, grad } : { loss };
};

/** KL divergence over rows of F: Σ_f t̄·log(t̄/p̄), t̄, p̄ clipped to [ε, 1], mean over rows; ∂/∂p = −t̄/p̄ (0 where clipped). */
const klRef = (withGrad) => ({ yTrue, yPred }, shape) => {
  const F = featuresOf(shape), rows = yPred.length / F, clip = (v) => Math.min(Math.max(v, EPS), 1);
  let s = 0;
  const grad = withGrad ? new Float64Array(yPred.length) : null;
  for (let i = 0; i < yPred.length; i++) {
    const t = clip(yTrue[i]), p = clip(yPred[i]);
    s += t * Math.log(t / p);
    if (grad) grad[i] = yPred[i] > EPS && yPred[i] < 1 ? -t / p / rows : 0;
  }
  const loss = rows === 0 ? 0 : s / rows;
  return withGrad ? { loss, grad } : { loss };
};

/** Cosine similarity over rows of F: −Σ ŷ·p̂, v̂ = v / max(‖v‖, ε); ∂/∂p = −ŷ/‖p‖ + (ŷ·p̂)·p̂/‖p‖. */
const cosineRef = (withGrad) => ({ yTrue, yPred }, shape) => {
  const F = featuresOf(shape), rows = yPred.length / F;
  let s = 0;
  const grad = withGrad ? new Float64Array(yPred.length) : null;
  for (let r = 0; r < rows; r++) {
    let tt = 0, pp = 0, tp = 0;
    for (let f = 0; f < F; f++) {
      const t = yTrue[r * F + f], p = yPred[r * F + f];
      tt += t * t; pp += p * p; tp += t * p;
    }
    const nt = Math.max(Math.sqrt(tt), EPS), np = Math.max(Math.sqrt(pp), EPS);
    const cos = tp / (nt * np);
    s -= cos;
    if (grad) for (let f = 0; f < F; f++) grad[r * F + f] = (-yTrue[r * F + f] / nt / np + (cos * yPred[r * F + f]) / (np * np)) / rows;
  }
  const loss = rows === 0 ? 0 : s / rows;
  return withGrad ? { loss, grad } : { loss };
};

/** Categorical hinge: max(neg − pos + 1, 0), pos = Σ t·p, neg = max_c (1 − t_c)·p_c (first on ties). */
const categoricalHingeRef = (withGrad) => ({ yTrue, yPred }, shape) => {
  const C = classesOf(shape), rows = yPred.length / C;
  let s = 0;
  const grad = withGrad ? new Float64Array(yPred.length) : null;
  for (let r = 0; r < rows; r++) {
    let pos = 0, neg = -Infinity, at = 0;
    for (let c = 0; c < C; c++) {
      const t = yTrue[r * C + c], p = yPred[r * C + c];
      pos += t * p;
      if ((1 - t) * p > neg) { neg = (1 - t) * p; at = c; }
    }
    const l = Math.max(neg - pos + 1, 0);
    s += l;
    if (grad && l > 0) {
      for (let c = 0; c < C; c++) grad[r * C + c] = -yTrue[r * C + c] / rows;
      grad[r * C + at] += (1 - yTrue[r * C + at]) / rows;
    }
  }
  const loss = rows === 0 ? 0 : s / rows;
  return withGrad ? { loss, grad } : { loss };
};

/** Softmax or log-softmax of each row, in float64. */
const rowTransformRef = (log) => ({ x }, shape) => {
  const C = classesOf(shape), rows = x.length / C, out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const lq = logSoftmax64(x, r * C, C);
    for (let c = 0; c < C; c++) out[r * C + c] = log ? lq[c] : Math.exp(lq[c]);
  }
  return { grad: out };
};

// ---- plain JavaScript: the loop a user would write ----

/** Sparse softmax CE: per row max, Σ exp, log; the gradient stores the exps, then scales them. */
function sparseCeJs(labels, x, C, g) {
  const rows = labels.length;
  let total = 0;
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (x[o + c] > m) m = x[o + c];
    let S = 0;
    if (g) {
      for (let c = 0; c < C; c++) { const e = Math.exp(x[o + c] - m); g[o + c] = e; S += e; }
      const k = 1 / (S * rows);
      for (let c = 0; c < C; c++) g[o + c] *= k;
      g[o + labels[r]] -= 1 / rows;
    } else {
      for (let c = 0; c < C; c++) S += Math.exp(x[o + c] - m);
    }
    total += Math.log(S) - (x[o + labels[r]] - m);
  }
  return rows === 0 ? 0 : total / rows;
}
/** Dense softmax CE of one-hot or soft targets. */
function denseCeJs(y, x, C, g) {
  const rows = x.length / C;
  let total = 0;
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (x[o + c] > m) m = x[o + c];
    let S = 0, ySum = 0, yx = 0;
    for (let c = 0; c < C; c++) { S += Math.exp(x[o + c] - m); ySum += y[o + c]; yx += y[o + c] * (x[o + c] - m); }
    const logS = Math.log(S);
    total += ySum * logS - yx;
    if (g) {
      const k = ySum / S;
      for (let c = 0; c < C; c++) g[o + c] = (k * Math.exp(x[o + c] - m) - y[o + c]) / rows;
    }
  }
  return rows === 0 ? 0 : total / rows;
}
/** BCE from logits: max(x,0) − x·z + log1p(exp(−|x|)), gradient σ(x) − z. */
function bceJs(z, x, g) {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i], e = Math.exp(-Math.abs(v));
    s += Math.max(v, 0) - v * z[i] + Math.log1p(e);
    if (g) g[i] = ((v >= 0 ? 1 / (1 + e) : e / (1 + e)) - z[i]) / n;
  }
  return n === 0 ? 0 : s / n;
}
function softmaxJs(x, C, log) {
  const out = new Float32Array(x.length);
  for (let o = 0; o < x.length; o += C) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (x[o + c] > m) m = x[o + c];
    let S = 0;
    for (let c = 0; c < C; c++) S += Math.exp(x[o + c] - m);
    if (log) {
      const l = m + Math.log(S);
      for (let c = 0; c < C; c++) out[o + c] = x[o + c] - l;
    } else {
      for (let c = 0; c < C; c++) out[o + c] = Math.exp(x[o + c] - m) / S;
    }
  }
  return out;
}

// ---- TensorFlow.js ----
const clip = (tf, v, lo, hi) => tf.clipByValue(v, lo, hi);
const l2n = (tf, v) => tf.div(v, tf.maximum(tf.norm(v, "euclidean", -1, true), EPS));
/** tfjs-layers' formulas, written in tf ops (tfjs-core has no such tf.losses entry). */
const TF = {
  sparseCe: (tf, labels, logits) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits),
  denseCe: (tf, y, logits) => tf.losses.softmaxCrossEntropy(y, logits),
  bce: (tf, z, x) => tf.losses.sigmoidCrossEntropy(z, x),
  kl: (tf, t, p) => {
    const tc = clip(tf, t, EPS, 1), pc = clip(tf, p, EPS, 1);
    return tf.mean(tf.sum(tf.mul(tc, tf.log(tf.div(tc, pc))), -1));
  },
  poisson: (tf, t, p) => tf.mean(tf.sub(p, tf.mul(t, tf.log(tf.add(p, EPS))))),
  cosine: (tf, t, p) => tf.mean(tf.neg(tf.sum(tf.mul(l2n(tf, t), l2n(tf, p)), -1))),
  // not tf.losses.hingeLoss: it always maps labels l to 2l − 1 (it expects {0, 1}), while Keras's
  // hinge takes ±1 labels, as our inputs are; so the formula, as tfjs-layers writes it
  hinge: (tf, t, p) => tf.mean(tf.relu(tf.sub(1, tf.mul(t, p)))),
  squaredHinge: (tf, t, p) => tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(t, p))))),
  categoricalHinge: (tf, t, p) => {
    const pos = tf.sum(tf.mul(t, p), -1);
    const neg = tf.max(tf.mul(tf.sub(1, t), p), -1);
    return tf.mean(tf.relu(tf.add(tf.sub(neg, pos), 1)));
  },
};
// ---- onnxruntime-node: the ONNX graphs a user would build (bench/peers/onnx.mjs runs them) ----
// (withGrad) => (g, ...inputs) => the loss, or { loss, grad }. No autodiff in onnxruntime-node
// (no training API in the package): the gradient is the formula, written in ops.
const ONNX = {
  // SoftmaxCrossEntropyLoss (mean over rows); its second output, log softmax, gives the gradient
  // (softmax − one-hot) / rows as (Exp(log_prob) − OneHot(labels)) · (1 / rows)
  sparseCe: (withGrad) => (g, labels, x) => {
    if (!withGrad) return g.op("SoftmaxCrossEntropyLoss", [x, labels], { reduction: "mean" });
    const [rows, C] = g.dims(x);
    const [loss, logq] = g.op("SoftmaxCrossEntropyLoss", [x, labels], { reduction: "mean" }, 2);
    const oneHot = g.op("OneHot", [labels, g.constant(Int32Array.of(C)), g.constant(Float32Array.of(0, 1), [2])]);
    return { loss, grad: g.op("Mul", [g.op("Sub", [g.op("Exp", [logq]), oneHot]), g.scalar(1 / rows)]) };
  },
  // soft targets: −Σ y·LogSoftmax(x) / rows; gradient (Σ_c y_c · softmax(x) − y) / rows
  denseCe: (withGrad) => (g, y, x) => {
    const [rows] = g.dims(x);
    const logq = g.op("LogSoftmax", [x], { axis: -1 });
    const loss = g.op("Mul", [g.op("ReduceSum", [g.op("Mul", [y, logq])], { keepdims: 0 }), g.scalar(-1 / rows)]);
    if (!withGrad) return loss;
    const ySum = g.op("ReduceSum", [y, g.constant(BigInt64Array.of(-1n), [1])], { keepdims: 1 });
    return { loss, grad: g.op("Mul", [g.op("Sub", [g.op("Mul", [g.op("Exp", [logq]), ySum]), y]), g.scalar(1 / rows)]) };
  },
  // max(x,0) − x·z + log1p(exp(−|x|)) as Relu(x) − x·z + Softplus(−|x|); gradient (σ(x) − z) / n
  bce: (withGrad) => (g, z, x) => {
    const terms = g.op("Add", [g.op("Sub", [g.op("Relu", [x]), g.op("Mul", [x, z])]), g.op("Softplus", [g.op("Neg", [g.op("Abs", [x])])])]);
    const loss = g.op("ReduceMean", [terms], { keepdims: 0 });
    return withGrad ? { loss, grad: g.op("Mul", [g.op("Sub", [g.op("Sigmoid", [x]), z]), g.scalar(1 / g.size(x))]) } : loss;
  },
};

// ---- the cases ----

/** Loss and WithGrad cases sharing inputs and shapes. `ref(withGrad)`, `js(withGrad)` build each side. */
function pair({ fn, label, family = "crossentropy", shapes, quickShapes = [], tinyShapes, inputs, args, ref, js, tfjs, c, onnx, goals = [], gradGoals = [] }) {
  // --quick (≤ 60 s for the whole suite) runs only the small quickShapes of this family, not its goal sizes
  const base = { family, shapes, quickShapes, quickGoals: false, tinyShapes, inputs, args, ...(tfjs ? { tfjs } : {}) };
  return [
    { ...base, id: fn, fn, label, kind: "loss", reference: ref(false), js: js(false), ...(c ? { c } : {}), ...(onnx ? { onnx: onnx(false) } : {}), goals },
    { ...base, id: `${fn}WithGrad`, fn: `${fn}WithGrad`, label: `${label}+grad`, kind: "grad", reference: ref(true), js: js(true),
      ...(c ? { c: `${c}_grad` } : {}), ...(onnx ? { onnx: onnx(true) } : {}), goals: gradGoals },
  ];
}
/** Each goal twice: on the copy path (inputs in ordinary typed arrays) and on the zero-copy path. */
const bothPaths = (goals) => goals.flatMap((g) => [g, { ...g, impl: "zerocopy" }]);
/** The reference as the plain JS peer (see the header). */
const refAsJs = (ref) => (withGrad) => (inp, shape) => () => ref(withGrad)(inp, shape);
const pairArgs = (inp) => [inp.yTrue, inp.yPred];

export const CROSSENTROPY_CASES = [
  ...pair({
    fn: "sparseCategoricalCrossentropy", label: "sparse CE",
    // (no 4×1 tiny shape: tf.oneHot needs depth ≥ 2)
    shapes: rowShapes({ fromLogits: true }), quickShapes: ["32×10"], tinyShapes: tinyRowShapes({ fromLogits: true }).filter((s) => s.options.classes > 1),
    inputs: sparseInputs, args: (inp) => [inp.labels, inp.logits], ref: sparseCeRef,
    js: (withGrad) => ({ labels, logits }, shape) => withGrad
      ? () => { const g = new Float32Array(logits.length); return { loss: sparseCeJs(labels, logits, classesOf(shape), g), grad: g }; }
      : () => sparseCeJs(labels, logits, classesOf(shape), null),
    tfjs: TF.sparseCe, c: "sparse_softmax_ce", onnx: ONNX.sparseCe,
    goals: [
      ...bothPaths([{ shape: "1e4×100", peer: "tfjs-wasm", atLeast: 15 }, { shape: "1e4×100", peer: "c-sse42", atLeast: 0.9 }]),
      // the copy path within 1.1× the time of the same build's zero-copy path
      ...["relaxed", "simd"].map((b) => ({ shape: "1e4×100", impl: b, peer: `${b}-zerocopy`, atLeast: 0.91 })),
    ],
    gradGoals: bothPaths([{ shape: "1e4×100", peer: "tfjs-wasm", atLeast: 25 }, { shape: "1e4×100", peer: "c-sse42", atLeast: 0.9 }]),
  }),
  ...pair({
    fn: "categoricalCrossentropy", label: "CE",
    shapes: rowShapes({ fromLogits: true }), tinyShapes: tinyRowShapes({ fromLogits: true }),
    inputs: denseInputs(-5, 5), args: pairArgs, ref: denseCeRef,
    js: (withGrad) => ({ yTrue, yPred }, shape) => withGrad
      ? () => { const g = new Float32Array(yPred.length); return { loss: denseCeJs(yTrue, yPred, classesOf(shape), g), grad: g }; }
      : () => denseCeJs(yTrue, yPred, classesOf(shape), null),
    tfjs: TF.denseCe, onnx: ONNX.denseCe,
  }),
  ...pair({
    fn: "binaryCrossentropy", label: "BCE logits",
    shapes: elementShapes({ fromLogits: true }), quickShapes: ["32×10"], tinyShapes: tinyElementShapes({ fromLogits: true }),
    inputs: (shape, seed) => ({ yTrue: binaryOf(seed, shape.n), yPred: uniform(seed + 1, shape.n, -6, 6) }), args: pairArgs,
    ref: (withGrad) => elementReference(TERMS.bce, withGrad),
    js: (withGrad) => ({ yTrue, yPred }) => withGrad
      ? () => { const g = new Float32Array(yPred.length); return { loss: bceJs(yTrue, yPred, g), grad: g }; }
      : () => bceJs(yTrue, yPred, null),
    tfjs: TF.bce, c: "bce_logits", onnx: ONNX.bce,
    goals: bothPaths([{ shape: "1e6", peer: "tfjs-wasm", atLeast: 10 }]),
  }),
  ...pair({
    fn: "binaryFocalCrossentropy", label: "binary focal logits",
    shapes: elementShapes({ fromLogits: true }), tinyShapes: tinyElementShapes({ fromLogits: true }),
    inputs: (shape, seed) => ({ yTrue: binaryOf(seed, shape.n), yPred: uniform(seed + 1, shape.n, -6, 6) }), args: pairArgs,
    ref: (withGrad) => elementReference(TERMS.binaryFocal, withGrad), js: refAsJs((withGrad) => elementReference(TERMS.binaryFocal, withGrad)),
  }),
  ...pair({
    fn: "categoricalFocalCrossentropy", label: "categorical focal logits",
    shapes: rowShapes({ fromLogits: true }), tinyShapes: tinyRowShapes({ fromLogits: true }),
    inputs: denseInputs(-5, 5), args: pairArgs, ref: categoricalFocalRef, js: refAsJs(categoricalFocalRef),
  }),
  ...pair({
    fn: "kullbackLeiblerDivergence", label: "KL",
    shapes: featureShapes(10), tinyShapes: [{ label: "17", n: 17, options: {} }, { label: "3×5", n: 15, options: { features: 5 } }],
    inputs: (shape, seed) => ({ yTrue: uniform(seed, shape.n, 0.01, 1), yPred: uniform(seed + 1, shape.n, 0.01, 1) }), args: pairArgs,
    ref: klRef, js: refAsJs(klRef), tfjs: TF.kl,
  }),
  ...pair({
    fn: "poisson", label: "Poisson",
    shapes: elementShapes(), tinyShapes: tinyElementShapes().slice(0, 1),
    inputs: (shape, seed) => ({ yTrue: uniform(seed, shape.n, 0, 4), yPred: uniform(seed + 1, shape.n, 0.05, 4) }), args: pairArgs,
    ref: (withGrad) => elementReference(TERMS.poisson, withGrad), js: refAsJs((withGrad) => elementReference(TERMS.poisson, withGrad)),
    tfjs: TF.poisson,
  }),
  ...pair({
    fn: "cosineSimilarity", label: "cosine",
    shapes: featureShapes(10), tinyShapes: [{ label: "3×5", n: 15, options: { features: 5 } }, { label: "2×17", n: 34, options: { features: 17 } }],
    inputs: (shape, seed) => ({ yTrue: uniform(seed, shape.n, -1, 1), yPred: uniform(seed + 1, shape.n, -1, 1) }), args: pairArgs,
    ref: cosineRef, js: refAsJs(cosineRef), tfjs: TF.cosine,
  }),
  ...[["hinge", "hinge"], ["squaredHinge", "squared hinge"]].flatMap(([fn, label]) => pair({
    fn, label,
    shapes: elementShapes(), tinyShapes: tinyElementShapes().slice(0, 1),
    inputs: (shape, seed) => ({ yTrue: binaryOf(seed, shape.n).map((v) => 2 * v - 1), yPred: uniform(seed + 1, shape.n, -2, 2) }), args: pairArgs,
    ref: (withGrad) => elementReference(TERMS[fn], withGrad), js: refAsJs((withGrad) => elementReference(TERMS[fn], withGrad)),
    tfjs: TF[fn],
  })),
  ...pair({
    fn: "categoricalHinge", label: "categorical hinge",
    shapes: rowShapes(), tinyShapes: tinyRowShapes(),
    inputs: denseInputs(0, 1), args: pairArgs, ref: categoricalHingeRef, js: refAsJs(categoricalHingeRef), tfjs: TF.categoricalHinge,
  }),
  ...[["softmax", false], ["logSoftmax", true]].map(([fn, log]) => ({
    id: fn, fn, label: fn, kind: "array", family: "crossentropy", outOption: true,
    shapes: rowShapes(), quickShapes: [], tinyShapes: tinyRowShapes(),
    inputs: (shape, seed) => ({ x: uniform(seed, shape.n, -5, 5) }),
    args: (inp) => [inp.x],
    reference: rowTransformRef(log),
    js: ({ x }, shape) => () => softmaxJs(x, classesOf(shape), log),
    tfjs: (tf, x) => (log ? tf.logSoftmax(x) : tf.softmax(x)),
    onnx: (g, x) => g.op(log ? "LogSoftmax" : "Softmax", [x], { axis: -1 }),
    goals: [],
  })),
];
