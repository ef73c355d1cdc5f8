/**
 * The scale table of `npm run bench`: how the cost of a call grows with N, from 10³ to 10⁸
 * elements (and 6·10⁸ for MSE: 2.4 GB per array, more than 32-bit WebAssembly memory holds), for
 * the copy path (ordinary Float32Arrays, copied chunk by chunk by the executor), the zero-copy
 * path (inputs in module memory, allocFloat32) and C -O3 -msse4.2 on the same data. Each row:
 * median time per call, elements/s, the module memory of the instance after the calls, and how
 * much the process's resident memory grew during the calls (the inputs already exist; a path
 * that copied whole arrays would add their size). Copy and zero-copy each run on their own
 * instance of the package (the fastest validated build), so zero-copy buffers never count as
 * the copy path's memory. Every result is checked against a float64 reference before timing.
 */
import { freemem } from "node:os";
import { uniform } from "./inputs.mjs";
import { prepareNative } from "./native.mjs";
import { fmtMs, fmtRate } from "./report.mjs";

const MiB = 2 ** 20;
const gib = (bytes) => (bytes / 2 ** 30).toFixed(1);

/** The cases: one simdloss loss, its inputs, its C kernel (bench/native) and a float64 reference. */
export const SCALE_CASES = [
  {
    id: "scale-mse",
    label: "MSE",
    fn: "meanSquaredError",
    c: "mse",
    sizes: [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 6e8],
    options: {},
    inputs: (n, seed) => ({ yTrue: uniform(seed, n, -3, 3), yPred: uniform(seed + 1, n, -3, 3) }),
    args: (inp) => [inp.yTrue, inp.yPred],
    reference: ({ yTrue, yPred }) => {
      let s = 0;
      for (let i = 0; i < yPred.length; i++) s += (yPred[i] - yTrue[i]) ** 2;
      return s / yPred.length;
    },
  },
  {
    id: "scale-sparse-ce",
    label: "sparse CE, 100 classes",
    fn: "sparseCategoricalCrossentropy",
    c: "sparse_softmax_ce",
    sizes: [1e3, 1e4, 1e5, 1e6, 1e7, 1e8],
    options: { classes: 100, fromLogits: true },
    inputs: (n, seed) => {
      const r = uniform(seed, n / 100, 0, 100);
      return { labels: Int32Array.from(r, Math.floor), logits: uniform(seed + 1, n, -4, 4) };
    },
    args: (inp) => [inp.labels, inp.logits],
    reference: ({ labels, logits }) => {
      let total = 0;
      for (let r = 0; r < labels.length; r++) {
        const o = r * 100;
        let m = -Infinity;
        for (let c = 0; c < 100; c++) m = Math.max(m, logits[o + c]);
        let z = 0;
        for (let c = 0; c < 100; c++) z += Math.exp(logits[o + c] - m);
        total += Math.log(z) + m - logits[o + labels[r]];
      }
      return total / labels.length;
    },
  },
];

/** Throughput goals of the scale table (elements/s on one path). */
export const SCALE_GOALS = [
  {
    case: "scale-mse", n: 1e8, path: "copy", atLeast: 2.4e9,
    why: "2× the 1.2 G elements/s of the copy path that copied whole arrays into module memory",
  },
];

const PATHS = ["copy", "zerocopy", "c-sse42"];
const PATH_LABEL = { copy: "copy path", zerocopy: "zero-copy", "c-sse42": "C -O3 -msse4.2" };
const fmtN = (n) => (Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : n.toExponential(0).replace("+", ""));

/**
 * Median ms per call of f over ≥ minSamples samples of ≥ 1 ms each (more while within budgetMs),
 * after warmUpMs of calls (V8 tiers JS and wasm up in the background); `between` runs after each
 * sample, outside the timing.
 */
function time(f, { budgetMs, warmUpMs, minSamples, between }) {
  for (const t = performance.now(); performance.now() - t < warmUpMs; ) f();
  let t0 = performance.now();
  f();
  const one = Math.max(performance.now() - t0, 1e-4);
  const calls = Math.max(1, Math.ceil(1 / one));
  const samples = [];
  const start = performance.now();
  while (samples.length < minSamples || (performance.now() - start < budgetMs && samples.length < 1000)) {
    t0 = performance.now();
    for (let i = 0; i < calls; i++) f();
    samples.push((performance.now() - t0) / calls);
    between();
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[samples.length >> 1], samples: samples.length };
}

/**
 * Measures every selected (case, N) of `cases` on the three paths. `copyLib` and `zeroLib` are two instances
 * of the package, ready on the same build; `native` is bench/native.mjs's buildNative() result.
 * `sizes`: "all", "quick" (N ≤ 10⁶) or "goals" (the sizes SCALE_GOALS name).
 */
export function measureScale({ cases = SCALE_CASES, copyLib, zeroLib, native, budgetMs, warmUpMs, sizes, seed, progress }) {
  const rows = [];
  const plan = [];
  for (const kase of cases) {
    for (const n of kase.sizes) {
      const wanted = sizes === "all" || (sizes === "quick" ? n <= 1e6 : SCALE_GOALS.some((g) => g.case === kase.id && g.n === n));
      if (wanted) plan.push({ kase, n });
    }
  }
  for (const [i, { kase, n }] of plan.entries()) {
    const row = (path, more) => ({ case: kase.id, label: kase.label, n, path, ...more });
    // the inputs: two float32 arrays (the labels of sparse CE are smaller)
    const dataBytes = 8 * n;
    if (freemem() < dataBytes + 512 * MiB) {
      for (const path of PATHS) rows.push(row(path, { status: "skipped", problem: `needs ${gib(dataBytes)} GiB free memory` }));
      continue;
    }
    progress?.update(i + 1, plan.length, `scale ${kase.label} ${fmtN(n)}`);
    let inputs = kase.inputs(n, seed);
    const ref = kase.reference(inputs);
    const budget = n >= 1e8 ? Math.max(budgetMs, 3000) : budgetMs;
    const minSamples = n >= 1e8 ? 3 : 5;
    const check = (value) => Math.abs(value - ref) <= 1e-5 * Math.abs(ref);
    for (const path of PATHS) {
      try {
        rows.push(measurePath(path));
      } catch (e) {
        rows.push(row(path, { status: "error", problem: e.message }));
      }
    }
    inputs = null;

    function measurePath(path) {
      if (path === "c-sse42") {
        if (native.skipped || !native.binaries["c-sse42"]) return row(path, { status: "skipped", problem: native.skipped ?? "no C -msse4.2 build" });
        // the harness reads both inputs and allocates a gradient buffer (1.5 × the inputs)
        if (freemem() < 1.5 * dataBytes + 512 * MiB) return row(path, { status: "skipped", problem: `needs ${gib(1.5 * dataBytes)} GiB more free memory` });
        const impl = prepareNative(native, "c-sse42", { id: kase.id, c: kase.c, kind: "loss", args: kase.args }, { label: fmtN(n), options: kase.options }, inputs);
        try {
          const first = impl.measure(0);
          if (!check(first.result)) return row(path, { status: "wrong", problem: `${first.result} vs reference ${ref}` });
          const timed = impl.measure(budget);
          const medianMs = timed.medianNs / 1e6;
          return row(path, { status: "ok", medianMs, samples: timed.samples, elementsPerSec: n / (medianMs / 1e3) });
        } finally {
          impl.dispose();
        }
      }
      const lib = path === "copy" ? copyLib : zeroLib;
      const f = lib[kase.fn];
      const buffers = [];
      try {
        let args = kase.args(inputs);
        if (path === "zerocopy") {
          args = args.map((x) => {
            if (!(x instanceof Float32Array)) return x;
            const b = lib.allocFloat32(x.length);
            b.array.set(x);
            buffers.push(b);
            return b;
          });
          // the views last: an allocation may grow memory and detach earlier views
          args = args.map((x) => (buffers.includes(x) ? x.array : x));
        }
        const call = () => f(...args, kase.options);
        if (!check(call())) return row(path, { status: "wrong", problem: `${call()} vs reference ${ref}` });
        const rssBefore = process.memoryUsage().rss;
        let rssMax = rssBefore;
        const timed = time(call, {
          budgetMs: budget, warmUpMs, minSamples, between: () => (rssMax = Math.max(rssMax, process.memoryUsage().rss)),
        });
        return row(path, {
          status: "ok", ...timed, elementsPerSec: n / (timed.medianMs / 1e3),
          moduleBytes: lib.backendInfo().memoryBytes, rssAddedBytes: Math.max(0, rssMax - rssBefore),
        });
      } catch (e) {
        if (path === "zerocopy" && /32-bit WebAssembly/.test(e.message)) {
          return row(path, { status: "n/a", problem: "the inputs do not fit in 32-bit WebAssembly memory" });
        }
        throw e;
      } finally {
        for (const b of buffers) b.free();
      }
    }
  }
  return rows;
}

/** The scale goal lines ({ text, met }) of the cases in `rows`. */
export function scaleGoalLines(rows) {
  return SCALE_GOALS.filter((g) => rows.some((r) => r.case === g.case)).map((g) => {
    const kase = SCALE_CASES.find((c) => c.id === g.case);
    const r = rows.find((x) => x.case === g.case && x.n === g.n && x.path === g.path);
    const head = `${kase.label} ${fmtN(g.n)}, ${PATH_LABEL[g.path]}, goal ≥ ${fmtRate(g.atLeast)} (${g.why}): `;
    if (r?.status !== "ok") return { ...g, met: false, text: head + (r ? `${r.status}${r.problem ? ` (${r.problem})` : ""}` : "not measured in this run") };
    const met = r.elementsPerSec >= g.atLeast;
    return { ...g, met, elementsPerSec: r.elementsPerSec, text: head + `${fmtRate(r.elementsPerSec)} (${met ? "met" : "NOT met"})` };
  });
}

const fmtBytes = (b) => (b === undefined ? "" : b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / MiB).toFixed(b >= 100 * MiB ? 0 : 1)} MiB`);

/** The scale section of the Markdown report. */
export function scaleMarkdown(rows, build) {
  if (rows.length === 0) return "";
  const out = [
    "## Scale",
    "",
    `The cost of one call as N grows (simdloss ${build} build; inputs are plain Float32Arrays on the copy path, allocFloat32 buffers on the zero-copy path). ` +
      "Module memory: the WebAssembly memory of that path's own instance after its calls. RSS added: growth of the process's resident memory during the timed calls.",
    "",
    "| case | N | path | median | elements/s | module memory | RSS added |",
    "|---|--:|---|--:|--:|--:|--:|",
  ];
  for (const r of rows) {
    const cells = r.status === "ok"
      ? [fmtMs(r.medianMs), fmtRate(r.elementsPerSec), fmtBytes(r.moduleBytes), fmtBytes(r.rssAddedBytes)]
      : [r.status + (r.problem ? `: ${r.problem}` : ""), "", "", ""];
    out.push(`| ${r.label} | ${fmtN(r.n)} | ${PATH_LABEL[r.path]} | ${cells.join(" | ")} |`);
  }
  const goals = scaleGoalLines(rows);
  if (goals.length) out.push("", ...goals.map((g) => `- ${g.text}`));
  return out.join("\n") + "\n";
}
