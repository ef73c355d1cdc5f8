// The simdloss evaluation demo: drop a CSV or JSON file of labels and predicted probabilities and
// see losses, accuracy, a confusion-matrix heatmap, a classification report and ROC curves, all
// computed in this browser by simdloss's WebAssembly kernels, plus a benchmark against plain
// JavaScript.
import * as sl from "simdloss";
import * as plain from "./plain.js";
import { renderRoc } from "./roc.js";

const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);
// ?build=relaxed|simd|scalar forces one build; ?simd=false (kept from 0.1) forces the scalar build
const forcedBuild = params.get("build");
const forcedSimd = params.get("simd");
const readyOptions = forcedBuild !== null ? { build: forcedBuild } : forcedSimd !== null ? { simd: forcedSimd !== "false" } : {};
const BUILD_LABEL = { relaxed: "WebAssembly relaxed SIMD", simd: "WebAssembly SIMD", scalar: "WebAssembly scalar" };

let data = null;

// ---------- input ----------

/** { n, k, binary, labels: Int32Array, probs: Float32Array (n·k), p1 (binary: P(class 1)), names }. */
function parseFile(name, text) {
  const trimmed = text.trim();
  if (name.toLowerCase().endsWith(".json") || trimmed.startsWith("{") || trimmed.startsWith("[")) return fromJson(JSON.parse(trimmed));
  return fromCsv(trimmed);
}

function fromJson(json) {
  let labels;
  let probs;
  let names = null;
  if (Array.isArray(json)) {
    labels = json.map((r) => r.label ?? r.y ?? r.yTrue);
    probs = json.map((r) => r.probabilities ?? r.p ?? r.yPred);
  } else {
    labels = json.labels ?? json.yTrue;
    probs = json.probabilities ?? json.yPred ?? json.predictions;
    if (Array.isArray(json.classes)) names = json.classes.map(String);
  }
  if (!Array.isArray(labels) || !Array.isArray(probs)) {
    throw new Error('JSON needs "labels" and "probabilities" arrays (or an array of { label, probabilities } records)');
  }
  return normalise(labels, probs, names);
}

function fromCsv(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const sep = [",", ";", "\t"].find((s) => lines[0].includes(s)) ?? ",";
  let cells = lines.map((l) => l.split(sep).map((c) => c.trim()));
  let labelCol = 0;
  let names = null;
  if (cells[0].some((c) => c !== "" && Number.isNaN(Number(c)))) {
    const header = cells[0].map((h) => h.replace(/^"|"$/g, ""));
    const found = header.findIndex((h) => /^(label|y|y_true|ytrue|target|true)$/i.test(h));
    labelCol = found < 0 ? 0 : found;
    names = header.filter((_, i) => i !== labelCol).map((h) => h.replace(/^(p_?|prob_?)/i, ""));
    cells = cells.slice(1);
  }
  const labels = cells.map((r) => Number(r[labelCol]));
  const probs = cells.map((r) => r.filter((_, i) => i !== labelCol).map(Number));
  return normalise(labels, probs.every((p) => p.length === 1) ? probs.map((p) => p[0]) : probs, names);
}

function normalise(labelsIn, probsIn, names) {
  const n = labelsIn.length;
  if (n === 0) throw new Error("the file has no rows");
  if (probsIn.length !== n) throw new Error(`${n} labels but ${probsIn.length} rows of probabilities`);
  const binary = !Array.isArray(probsIn[0]);
  const k = binary ? 2 : probsIn[0].length;
  if (k < 2) throw new Error("need at least 2 classes");
  const labels = new Int32Array(n);
  const probs = new Float32Array(n * k);
  const p1 = binary ? new Float32Array(n) : null;
  for (let i = 0; i < n; i++) {
    const l = Number(labelsIn[i]);
    if (!Number.isInteger(l) || l < 0 || l >= k) throw new Error(`row ${i + 1}: label ${labelsIn[i]} is not a class in [0, ${k})`);
    labels[i] = l;
    const row = binary ? [1 - Number(probsIn[i]), Number(probsIn[i])] : probsIn[i];
    if (row.length !== k) throw new Error(`row ${i + 1}: ${row.length} probabilities, expected ${k}`);
    for (let c = 0; c < k; c++) {
      const v = Number(row[c]);
      if (!Number.isFinite(v)) throw new Error(`row ${i + 1}: probability ${row[c]} is not a number`);
      probs[i * k + c] = v;
    }
    if (binary) p1[i] = Number(probsIn[i]);
  }
  const classNames = names && names.length === k ? names : Array.from({ length: k }, (_, c) => String(c));
  return { n, k, binary, labels, probs, p1, names: classNames };
}

// ---------- metrics ----------

/** Every number the page shows, computed by simdloss; `fn` names the function each came from. */
function evaluate(d) {
  const { k, labels, probs, p1 } = d;
  const yTrue = d.binary ? Float32Array.from(labels) : oneHot(labels, k);
  const yPred = d.binary ? p1 : probs;
  const predictions = d.binary ? Int32Array.from(p1, (p) => (p > 0.5 ? 1 : 0)) : sl.argmax(probs, { classes: k });
  const opts = { classes: k };
  const metric = (fn, ...args) => ({ value: sl[fn](...args), fn });
  return {
    losses: [
      d.binary
        ? { key: "crossentropy", label: "Binary cross-entropy", ...metric("binaryCrossentropy", yTrue, yPred) }
        : { key: "crossentropy", label: "Sparse categorical cross-entropy", ...metric("sparseCategoricalCrossentropy", labels, probs, opts) },
      { key: "mse", label: d.binary ? "Mean squared error (Brier score)" : "Mean squared error vs one-hot", ...metric("meanSquaredError", yTrue, yPred) },
      { key: "mae", label: d.binary ? "Mean absolute error" : "Mean absolute error vs one-hot", ...metric("meanAbsoluteError", yTrue, yPred) },
      d.binary
        ? { key: "accuracy", label: "Accuracy", ...metric("binaryAccuracy", yTrue, yPred) }
        : { key: "accuracy", label: "Accuracy", ...metric("sparseCategoricalAccuracy", labels, probs, opts) },
      d.binary
        ? { key: "auc", label: "ROC AUC", ...metric("rocAuc", yTrue, yPred) }
        : { key: "auc", label: "ROC AUC (one-vs-rest, macro)", ...metric("rocAuc", labels, probs, opts) },
    ],
    matrix: sl.confusionMatrix(labels, predictions, opts),
    report: sl.classificationReport(labels, predictions, { ...opts, labelNames: d.names }).format(),
    yTrue,
    yPred,
    predictions,
  };
}

function oneHot(labels, k) {
  const out = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return out;
}

// ---------- rendering ----------

function renderLosses(losses) {
  $("#losses").innerHTML = losses
    .map((m) => {
      const shown = m.key === "accuracy" ? `${(100 * m.value).toFixed(2)} %` : m.value.toPrecision(6);
      return `<div class="card" data-metric="${m.key}" data-value="${m.value}">
        <div class="name">${m.label}</div><div class="value">${shown}</div>
        <div class="fn"><code>${m.fn}</code></div></div>`;
    })
    .join("");
}

function renderMatrix(d, m) {
  const { k, names } = d;
  let html = `<table class="heatmap"><tr><th class="corner">true ↓ / predicted →</th>${names.map((n) => `<th>${n}</th>`).join("")}</tr>`;
  for (let t = 0; t < k; t++) {
    let rowSum = 0;
    for (let p = 0; p < k; p++) rowSum += m[t * k + p];
    html += `<tr><th>${names[t]}</th>`;
    for (let p = 0; p < k; p++) {
      const count = m[t * k + p];
      const frac = rowSum ? count / rowSum : 0;
      const bg = t === p ? `hsl(145 55% ${96 - 60 * frac}%)` : `hsl(8 75% ${97 - 62 * Math.sqrt(frac)}%)`;
      const fg = frac > 0.45 ? "#fff" : "#222";
      html += `<td data-true="${t}" data-pred="${p}" style="background:${bg};color:${fg}" title="true ${names[t]}, predicted ${names[p]}: ${count} (${(100 * frac).toFixed(1)} % of row)">${count}</td>`;
    }
    html += "</tr>";
  }
  $("#matrix").innerHTML = `${html}</table>`;
}

function renderReport(report) {
  $("#report").innerHTML = `<pre>${report}</pre>`;
}

function renderBackend() {
  const info = sl.backendInfo();
  $("#backend").innerHTML = `kernels: <b data-build="${info.build}">${BUILD_LABEL[info.build]}</b>
    · SIMD supported by this browser: <b>${info.simdSupported ? "yes" : "no"}</b>
    · relaxed SIMD: <b>${info.relaxedSimdSupported ? "yes" : "no"}</b>
    · wasm memory ${(info.memoryBytes / 1048576).toFixed(1)} MiB`;
}

async function show(name, text) {
  document.body.dataset.state = "loading";
  $("#error").textContent = "";
  try {
    data = parseFile(name, text);
    const r = evaluate(data);
    $("#dataset").textContent = `${name}: ${data.n.toLocaleString("en")} rows × ${data.k} classes${data.binary ? " (binary)" : ""}`;
    renderLosses(r.losses);
    renderMatrix(data, r.matrix);
    renderReport(r.report);
    renderRoc($("#roc"), data);
    renderBackend();
    $("#results").hidden = false;
    $("#bench-run").disabled = false;
    $("#bench").innerHTML = "";
    document.body.dataset.state = "done";
  } catch (e) {
    $("#error").textContent = `Could not read ${name}: ${e.message}`;
    document.body.dataset.state = "error";
  }
}

// ---------- benchmark ----------

/** Where timed calls leave their results, so that no engine can skip the work. */
let sink;

/**
 * { ms: median milliseconds per call, result: what the first call returned }: 3 warm-up batches
 * and 7 timed ones, each of `reps` calls. Every batch must last ≥ 5 ms (well above the timer's
 * resolution), else `reps` doubles and the batches start over: one slow call (lazy compilation,
 * a GC) cannot leave batches too short to time.
 */
async function timeIt(fn) {
  const result = (sink = fn());
  for (let reps = 1; ; reps *= 2) {
    const times = [];
    for (let b = -3; b < 7; b++) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) sink = fn();
      const t = performance.now() - t0;
      if (t < 5 && reps < 1 << 20) break;
      if (b >= 0) times.push(t / reps);
      await new Promise((ok) => setTimeout(ok, 0)); // keep the page responsive
    }
    if (times.length === 7) return { ms: times.sort((a, b) => a - b)[3], result };
  }
}

async function runBenchmark() {
  const d = data;
  const { k, labels, probs } = d;
  const r = evaluate(d);
  const opts = { classes: k };
  const ops = [
    { name: "mean squared error", elements: r.yPred.length, fn: "meanSquaredError",
      wasm: (f) => () => f(r.yTrue, r.yPred), js: () => plain.meanSquaredError(r.yTrue, r.yPred) },
    // The same, with both arrays already in module memory (allocFloat32): no copy per call.
    { name: "mean squared error, zero-copy buffers", elements: r.yPred.length, fn: "meanSquaredError", zeroCopy: true,
      wasm: (f, keep) => {
        const [t, p] = [r.yTrue, r.yPred].map((a) => keep(sl.allocFloat32(a.length)));
        t.array.set(r.yTrue);
        p.array.set(r.yPred);
        return () => f(t.array, p.array);
      },
      js: () => plain.meanSquaredError(r.yTrue, r.yPred) },
    d.binary
      ? { name: "binary cross-entropy", elements: d.n, fn: "binaryCrossentropy",
          wasm: (f) => () => f(r.yTrue, r.yPred), js: () => plain.binaryCrossentropy(r.yTrue, r.yPred) }
      : { name: "sparse categorical cross-entropy", elements: d.n * k, fn: "sparseCategoricalCrossentropy",
          wasm: (f) => () => f(labels, probs, opts), js: () => plain.sparseCategoricalCrossentropy(labels, probs, k) },
    d.binary
      ? { name: "accuracy", elements: d.n, fn: "binaryAccuracy",
          wasm: (f) => () => f(r.yTrue, r.yPred), js: () => plain.accuracy(labels, Int32Array.from(d.p1, (p) => (p > 0.5 ? 1 : 0))) }
      : { name: "accuracy (argmax + compare)", elements: d.n * k, fn: "sparseCategoricalAccuracy",
          wasm: (f) => () => f(labels, probs, opts), js: () => plain.accuracy(labels, plain.argmaxRows(probs, k)) },
    { name: "confusion matrix", elements: d.n, fn: "confusionMatrix",
      wasm: (f) => () => f(labels, r.predictions, opts), js: () => plain.confusionMatrix(labels, r.predictions, k) },
  ];
  const initial = sl.backendInfo().build;
  const info = sl.backendInfo();
  const builds = [...(info.relaxedSimdSupported ? ["relaxed"] : []), ...(info.simdSupported ? ["simd"] : []), "scalar"];
  const rows = ops.map((op) => ({ ...op, times: {}, results: {} }));
  const record = (row, impl, { ms, result }) => {
    row.times[impl] = ms;
    row.results[impl] = ArrayBuffer.isView(result) ? Array.from(result) : result;
  };
  $("#bench-run").disabled = true;
  $("#bench-status").textContent = "running…";
  try {
    for (const row of rows) record(row, "js", await timeIt(row.js));
    for (const build of builds) {
      await sl.ready({ build });
      const buffers = [];
      const keep = (b) => (buffers.push(b), b);
      try {
        for (const row of rows) record(row, build, await timeIt(row.wasm(sl[row.fn], keep)));
      } finally {
        for (const b of buffers) b.free();
      }
    }
  } finally {
    await sl.ready({ build: initial });
    $("#bench-run").disabled = false;
  }
  const digits = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const ms = (t) => (t < 1 ? `${digits(t * 1000)} µs` : `${digits(t)} ms`);
  // each timed cell carries its median (data-ms) and the value its first call returned (data-result)
  const cell = (row, impl) =>
    row.times[impl] === undefined
      ? `<td data-impl="${impl}">not validated here</td>`
      : `<td data-impl="${impl}" data-ms="${row.times[impl]}" data-result="${JSON.stringify(row.results[impl])}">${ms(row.times[impl])}</td>`;
  const speedup = (row) => `${(row.times.js / row.times[builds[0]]).toFixed(1)}×`;
  $("#bench").innerHTML = `<table class="bench"><tr><th>operation</th><th>elements</th><th>simdloss relaxed SIMD</th><th>simdloss SIMD</th><th>simdloss scalar</th><th>plain JS</th><th>JS time / fastest simdloss time</th></tr>${rows
    .map((row) => `<tr data-op="${row.fn}${row.zeroCopy ? "-zero-copy" : ""}"><td>${row.name}</td><td>${row.elements.toLocaleString("en")}</td>${["relaxed", "simd", "scalar", "js"].map((impl) => cell(row, impl)).join("")}<td data-speedup>${speedup(row)}</td></tr>`)
    .join("")}</table>`;
  $("#bench-status").textContent = `median of 7 batches per cell, in this tab (${navigator.userAgent.match(/(Firefox|Chrome|Safari)\/[\d.]+/)?.[0] ?? "this browser"})`;
  document.body.dataset.bench = "done";
  return sink;
}

// ---------- wiring ----------

async function readFileInput(file) {
  await show(file.name, await file.text());
}

async function main() {
  await sl.ready(readyOptions);
  renderBackend();
  const drop = $("#drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer.files[0];
    if (file) readFileInput(file);
  });
  $("#file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (file) readFileInput(file);
  });
  $("#sample").addEventListener("click", async () => show("sample.json", await (await fetch("sample.json")).text()));
  $("#sample-binary").addEventListener("click", async () => show("sample-binary.json", await (await fetch("sample-binary.json")).text()));
  $("#bench-run").addEventListener("click", () => runBenchmark().catch((e) => ($("#bench-status").textContent = e.message)));
  document.body.dataset.state = "ready";
}

main().catch((e) => {
  $("#error").textContent = `simdloss could not start: ${e.message}`;
  document.body.dataset.state = "error";
});
