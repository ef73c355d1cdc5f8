#!/usr/bin/env node
/**
 * simdloss benchmark: every case of bench/registry.mjs, at every size, for every peer (simdloss
 * relaxed SIMD / relaxed zero-copy / SIMD / SIMD zero-copy / scalar, each build its own instance
 * of dist/ in this one process, and the fastest build again on 2 threads; tfjs-wasm, tfjs-cpu, onnxruntime-node at 1 and 2 intra-op
 * threads, plain JS, C -msse4.2, C -march=native). Each
 * implementation's output is checked against the float64 reference first; a wrong one is
 * reported as wrong and not timed. A build the engine does not validate is reported unavailable
 * (Node 20 validates the relaxed build only with --experimental-wasm-relaxed-simd, which the npm
 * scripts pass). Ratios are relative to the fastest validated build's copy path.
 *
 *   npm run bench                       full run (all sizes, ~1 s per measurement)
 *   npm run bench -- --quick            smoke run (≤ 60 s): a few sizes, short measurements
 *   npm run bench -- --filter MSE       cases whose id or label contains MSE (case-insensitive)
 *   npm run bench -- --goals            only the sizes that goal lines name (the headline numbers)
 *   npm run bench -- --json             print the JSON results on stdout instead of Markdown
 *   npm run bench -- --node 26          run on another Node: a major version of scripts/nodes.mjs
 *                                       (22, 24, 26), a full version, or a path to a node binary
 *
 * After the cases, the scale table (bench/scale.mjs): MSE and sparse CE from N = 1e3 to 1e8 (and
 * 6e8 for MSE) on the copy path, the zero-copy path and C, with module memory and RSS; --quick
 * runs N ≤ 1e6, --goals the sizes its goal names, --filter keeps the scale cases it matches
 * (e.g. --filter scale).
 *
 * Writes bench/results/latest.{json,md,svg} (with --quick: quick.*; with --goals: goals.*; with
 * --filter NAME: latest-NAME.*, quick-NAME.* or goals-NAME.*, so a partial run never overwrites a
 * whole one; with --node, the name ends in -nodeN, N its major version, so a run on another Node
 * never overwrites this Node's). Prints which Node runs it first.
 */
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Benchmark from "benchmark";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers every gradient (as the @tensorflow/tfjs bundle does), for tf.valueAndGrad
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import {
  BUILDS, CASES, PEERS, basePeer, compare, loadBuilds, prepareBuildPeer, prepareJs, prepareTfjs, selectCases,
} from "./registry.mjs";
import { buildNative, prepareNative } from "./native.mjs";
import { loadOnnxRuntime, prepareOnnx } from "./peers/onnx.mjs";
import { environment } from "./env.mjs";
import { goalLines, markdownReport, svgChart } from "./report.mjs";
import { nodeBinary } from "../scripts/nodes.mjs";
import { relaxedSimdFlags } from "../scripts/node-flags.mjs";
import { SCALE_CASES, measureScale, scaleGoalLines, scaleMarkdown } from "./scale.mjs";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    filter: { type: "string" },
    json: { type: "boolean", default: false },
    goals: { type: "boolean", default: false },
    node: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (flags.help) {
  console.log("usage: npm run bench -- [--quick | --goals] [--filter NAME] [--json] [--node VERSION|PATH]");
  process.exit(0);
}
if (flags.node !== undefined) {
  // run this script again on that Node (unpacked from the npm registry on first use), with the
  // flags it needs to validate every build, and without --node
  const node = nodeBinary(flags.node);
  if (node !== process.execPath) {
    const args = process.argv.slice(2).filter((a, i, all) => a !== "--node" && all[i - 1] !== "--node" && !a.startsWith("--node="));
    const env = { ...process.env, SIMDLOSS_BENCH_ON: "1" };
    const r = spawnSync(node, [...relaxedSimdFlags(node), fileURLToPath(import.meta.url), ...args], { stdio: "inherit", env });
    process.exit(r.status ?? 1);
  }
}
console.error(`bench: Node ${process.version} (${process.execPath})${process.execArgv.length ? ` with ${process.execArgv.join(" ")}` : ""}`);

/** benchmark.js budgets (seconds) and the C harness budget (ms) per measurement. */
const TIMING = flags.quick
  ? { minTime: 0.005, maxTime: 0.03, minSamples: 5, cBudgetMs: 30, warmUpMs: 5 }
  : { minTime: 0.05, maxTime: 1, minSamples: 5, cBudgetMs: 1000, warmUpMs: 100 };
const SEED = 20240601;

const progress = makeProgress();

// ---- the implementations ----
// one instance of the package per build: each query string makes dist/index.js a separate module
// with its own loader state (the build chunks it imports hold only constants, shared harmlessly)
const builds = await loadBuilds((build) => import(`../dist/index.js?build=${build}`), undefined, { threaded: true });
for (const [build, why] of Object.entries(builds.unavailable)) progress.note(`simdloss ${build} build unavailable: ${why}`);
const base = basePeer(builds.libs);

// tfjs-wasm loads its .wasm files from node_modules (no network): point it there explicitly.
setWasmPaths(new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
const tfBackends = {};
for (const name of ["wasm", "cpu"]) {
  try {
    tfBackends[name] = await tf.setBackend(name);
  } catch (e) {
    tfBackends[name] = false;
    progress.note(`tfjs-${name} unavailable: ${e.message}`);
  }
}
const tfjsWasmFeatures = tfBackends.wasm
  ? { simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"), threads: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT") }
  : null;

const native = buildNative();
if (native.skipped) progress.note(`C baseline skipped: ${native.skipped}`);

const onnx = await loadOnnxRuntime();
if (onnx.unavailable) progress.note(`onnxruntime peers skipped: ${onnx.unavailable}`);

const env = environment({
  mode: flags.quick ? "quick" : flags.goals ? "goals (the sizes named by goal lines)" : "full",
  filter: flags.filter ?? null,
  timing: TIMING,
  builds: Object.fromEntries(BUILDS.map((b) => [b, builds.libs[b] ? "validated" : builds.unavailable[b]])),
  base,
  tfjsWasm: tfjsWasmFeatures,
  compiler: native.skipped ? { skipped: native.skipped } : { version: native.version, flags: native.flags },
  onnxruntime: onnx.unavailable ? { skipped: onnx.unavailable } : { version: onnx.version },
});

// ---- the plan ----
const cases = selectCases(flags.filter);
const scaleCases = selectCases(flags.filter, SCALE_CASES);
if (cases.length === 0 && scaleCases.length === 0) {
  console.error(`no case matches --filter ${flags.filter}; cases: ${[...CASES, ...SCALE_CASES].map((c) => c.id).join(", ")}`);
  process.exit(1);
}
const plan = [];
for (const kase of cases) {
  const goalShapes = kase.goals.map((g) => g.shape);
  const wanted = flags.goals
    ? new Set(goalShapes)
    : flags.quick ? new Set([...kase.quickShapes, ...(kase.quickGoals === false ? [] : goalShapes)]) : null;
  for (const shape of kase.shapes) if (!wanted || wanted.has(shape.label)) plan.push({ kase, shape });
}

// ---- measure ----
const results = [];
const total = plan.length * PEERS.length;
let done = 0;
for (const { kase, shape } of plan) {
  const inputs = kase.inputs(shape, SEED);
  const ref = kase.reference(inputs, shape);
  for (const peer of PEERS) {
    progress.update(++done, total, `${kase.label} ${shape.label} ${peer.label}`);
    results.push(await measure(peer, kase, shape, inputs, ref));
  }
}
progress.done();

// ---- the scale table, on the fastest validated build: copy and zero-copy each on their own instance ----
const scaleBuild = PEERS.find((p) => p.id === base)?.build;
let scale = [];
if (scaleCases.length > 0 && scaleBuild) {
  const [copyLib, zeroLib] = await Promise.all(["copy", "zerocopy"].map((path) => import(`../dist/index.js?scale=${path}`)));
  await copyLib.ready({ build: scaleBuild, threads: 1 });
  await zeroLib.ready({ build: scaleBuild, threads: 1 });
  scale = measureScale({
    cases: scaleCases, copyLib, zeroLib, native, budgetMs: TIMING.cBudgetMs, warmUpMs: TIMING.warmUpMs, seed: SEED, progress,
    sizes: flags.quick ? "quick" : flags.goals ? "goals" : "all",
  });
}
native.dispose();

// ---- report ----
const report = {
  env, peers: PEERS, base, results, goals: [...goalLines(cases, results), ...scaleGoalLines(scale)],
  ...(scale.length ? { scale: { build: scaleBuild, rows: scale } } : {}),
};
const name = (flags.quick ? "quick" : flags.goals ? "goals" : "latest") +
  (flags.filter ? `-${flags.filter.toLowerCase().replace(/[^a-z0-9]+/g, "_")}` : "") +
  (process.env.SIMDLOSS_BENCH_ON ? `-node${process.versions.node.split(".")[0]}` : "");
const dir = new URL("./results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const md = markdownReport(report) + (scale.length ? `\n${scaleMarkdown(scale, scaleBuild)}` : "");
writeFileSync(new URL(`${name}.json`, dir), JSON.stringify(report, null, 2) + "\n");
writeFileSync(new URL(`${name}.md`, dir), md);
writeFileSync(new URL(`${name}.svg`, dir), await svgChart(report));
console.log(flags.json ? JSON.stringify(report, null, 2) : md);
progress.note(`wrote bench/results/${name}.{json,md,svg}`);

// ---------------------------------------------------------------------------------------------

async function measure(peer, kase, shape, inputs, ref) {
  const row = { case: kase.id, fn: kase.fn, label: kase.label, kind: kase.kind, shape: shape.label, n: shape.n, peer: peer.id };
  let impl;
  try {
    impl = await prepare(peer, kase, shape, inputs);
  } catch (e) {
    return { ...row, status: "error", problem: `setup failed: ${e.message}` };
  }
  if (impl === null) return { ...row, status: "n/a" };
  if (impl.unavailable) return { ...row, status: "unavailable", problem: impl.unavailable };
  if (typeof impl === "string") return { ...row, status: "skipped", problem: impl };
  try {
    if (impl.measure) { // C: checked on the harness's own first call, timed inside C
      const first = impl.measure(0);
      const check = compare(first.result, ref, kase.tolerance);
      if (!check.ok) return { ...row, ...errors(check), status: "wrong", problem: check.problem };
      const timed = impl.measure(TIMING.cBudgetMs);
      return finish(row, check, timed.medianNs / 1e6, timed.samples);
    }
    let result;
    try {
      result = await impl.run(); // (an implementation with `async: true` returns a promise: onnxruntime)
    } catch (e) {
      return { ...row, status: "error", problem: e.message };
    }
    const check = compare(result, ref, kase.tolerance);
    if (!check.ok) return { ...row, ...errors(check), status: "wrong", problem: check.problem };
    // warm-up before timing: V8 compiles wasm with its baseline compiler first and tiers hot
    // functions up to the optimizing one in the background; JS tiers up likewise
    for (const t0 = performance.now(); performance.now() - t0 < TIMING.warmUpMs; ) if (impl.async) await impl.run(); else impl.run();
    const bench = await runBenchmark(`${kase.id} ${shape.label} ${peer.id}`, impl);
    if (bench.error) return { ...row, ...errors(check), status: "error", problem: String(bench.error.message ?? bench.error) };
    return finish(row, check, median(bench.stats.sample) * 1e3, bench.stats.sample.length, bench.stats.rme);
  } finally {
    impl.dispose();
  }
}

/**
 * Times `impl.run` with benchmark.js; an async implementation in its deferred mode (each call
 * awaited before the next, the promise's resolution included in the time).
 */
async function runBenchmark(name, impl) {
  let failure;
  const fn = impl.async
    ? (deferred) => impl.run().then(() => deferred.resolve(), (e) => { failure ??= e; deferred.resolve(); })
    : impl.run;
  const bench = new Benchmark(name, fn, {
    defer: Boolean(impl.async), minTime: TIMING.minTime, maxTime: TIMING.maxTime, minSamples: TIMING.minSamples, initCount: 1,
  });
  await new Promise((resolve) => {
    bench.on("complete", resolve); // synchronously inside run() for a synchronous implementation
    bench.run();
  });
  if (failure) bench.error ??= failure;
  return bench;
}

async function prepare(peer, kase, shape, inputs) {
  if (peer.build) return prepareBuildPeer(peer, builds, kase, shape, inputs);
  if (peer.onnxThreads) {
    if (!kase.onnx) return null;
    return onnx.unavailable ? `onnxruntime peers skipped: ${onnx.unavailable}` : prepareOnnx(onnx, peer, kase, shape, inputs);
  }
  switch (peer.id) {
    case "tfjs-wasm":
    case "tfjs-cpu": {
      const backend = peer.id.slice(5);
      if (!tfBackends[backend]) return `tfjs-${backend} unavailable`;
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      return prepareTfjs(tf, kase, shape, inputs);
    }
    case "js":
      return prepareJs(kase, shape, inputs);
    default:
      if (native.skipped) return kase.c ? `C baseline skipped: ${native.skipped}` : null;
      return prepareNative(native, peer.id, kase, shape, inputs);
  }
}

function errors(check) {
  return { lossErr: check.lossErr, ...(check.gradErr !== undefined ? { gradErr: check.gradErr } : {}) };
}

function finish(row, check, medianMs, samples, rme) {
  return {
    ...row, status: "ok", medianMs, samples, ...(rme !== undefined ? { rmePercent: rme } : {}),
    elementsPerSec: row.n / (medianMs / 1e3), ...errors(check),
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One progress line on stderr, rewritten in place on a terminal. */
function makeProgress() {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let last = "";
  let width = 0;
  return {
    update(i, n, what) {
      const line = `[${i}/${n}] ${((Date.now() - started) / 1e3).toFixed(0)} s  ${what}`;
      if (tty) {
        process.stderr.write(`\r${line.padEnd(width)}`);
        width = line.length;
      } else if (what.split(" ").slice(0, 2).join(" ") !== last) {
        last = what.split(" ").slice(0, 2).join(" ");
        process.stderr.write(`${line}\n`);
      }
    },
    note(msg) {
      if (tty && width) process.stderr.write("\n");
      width = 0;
      process.stderr.write(`${msg}\n`);
    },
    done() {
      if (tty) process.stderr.write(`\r${" ".repeat(width)}\r`);
      process.stderr.write(`measured ${plan.length} case × size combinations in ${((Date.now() - started) / 1e3).toFixed(0)} s\n`);
    },
  };
}
