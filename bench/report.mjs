/**
 * Turns bench results into the goal summary, the Markdown report and the SVG chart.
 * A ratio is (peer's median time) / (the base peer's median time): > 1 means simdloss is faster.
 * The base is the copy path of the fastest simdloss build the engine validated (relaxed SIMD when
 * the engine validates it, else SIMD, else scalar): `report.base`, chosen by registry.basePeer.
 */
import * as vl from "vega-lite";
import * as vega from "vega";
import { PEERS, goalTargets } from "./registry.mjs";
import { buildOf } from "../scripts/builds.mjs";

/** Short peer names for goal lines (the tables use the registry's labels). */
const SHORT = {
  js: "plain JS", "c-sse42": "C -msse4.2", "c-native": "C -march=native",
  "relaxed-zerocopy": "its zero-copy path (relaxed)", "simd-zerocopy": "its zero-copy path (SIMD)",
};
const peerLabel = (id) => SHORT[id] ?? id;
/** "relaxed build, zero-copy" for a simdloss peer id, else its short name. */
function implLabel(id) {
  const p = PEERS.find((x) => x.id === id);
  if (!p?.build) return peerLabel(id);
  return `${buildOf(p.build).label} build${p.path === "zerocopy" ? ", zero-copy" : ""}${p.threads ? `, ${p.threads} threads` : ""}`;
}

/** What a goal line says after the size for a goal on one path of every build (none for a goal on one peer). */
const PATH_LEAD = { copy: ", copy path,", zerocopy: ", zero-copy path," };

/** The result row of (case, shape, peer), if any. */
function find(results, kase, shape, peer) {
  return results.find((r) => r.case === kase && r.shape === shape && r.peer === peer);
}

/** peer median / `base` median, or undefined when either was not timed. */
export function ratio(results, kase, shape, peer, base) {
  const b = find(results, kase, shape, base);
  const p = find(results, kase, shape, peer);
  if (b?.status !== "ok" || p?.status !== "ok") return undefined;
  return p.medianMs / b.medianMs;
}

/**
 * One line per goal of a measured case, each goal checked on every build it names (see
 * registry.goalTargets), best first: `sparse CE 1e4×100, zero-copy path, vs tfjs-wasm, goal ≥ 15×:
 * 16.1× (met, relaxed build, zero-copy); 14.2× (NOT met, SIMD build, zero-copy)`. `met`: some
 * build met it; `by`: the peer with the best ratio.
 */
export function goalLines(cases, results) {
  const lines = [];
  for (const kase of cases) {
    for (const g of kase.goals) {
      const byImpl = goalTargets(g).map((impl) => {
        const r = ratio(results, kase.id, g.shape, g.peer, impl);
        if (r !== undefined) return { impl, ratio: r, met: r >= g.atLeast, text: `${fmtRatio(r)} (${r >= g.atLeast ? "met" : "NOT met"}, ${implLabel(impl)})` };
        const p = find(results, kase.id, g.shape, g.peer);
        const b = find(results, kase.id, g.shape, impl);
        const bad = [b, p].find((x) => x && x.status !== "ok");
        const text = !b || !p ? `${implLabel(impl)}: not measured in this run`
          : bad.peer === impl ? `${implLabel(impl)} ${bad.status}` : `${implLabel(impl)}: ${peerLabel(bad.peer)} ${bad.status}`;
        return { impl, met: false, text, ...(!b || !p ? { unmeasured: true } : {}) };
      });
      byImpl.sort((a, b) => (b.ratio ?? -1) - (a.ratio ?? -1));
      const best = byImpl[0].ratio !== undefined ? byImpl[0] : undefined;
      lines.push({
        text: `${kase.label} ${g.shape}${PATH_LEAD[g.impl ?? "copy"] ?? ""} vs ${peerLabel(g.peer)}, goal ≥ ${g.atLeast}×: ` +
          (byImpl.every((x) => x.unmeasured) ? "not measured in this run" : byImpl.map((x) => x.text).join("; ")),
        met: byImpl.some((x) => x.met), ...(best ? { ratio: best.ratio, by: best.impl } : {}),
        builds: byImpl.map(({ impl, ratio: r, met }) => ({ impl, ...(r !== undefined ? { ratio: r } : {}), met })),
        ...g, case: kase.id,
      });
    }
  }
  return lines;
}

export function fmtMs(ms) {
  if (ms === undefined) return "";
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.01) return `${(ms * 1e3).toFixed(1)} µs`;
  return `${(ms * 1e3).toFixed(2)} µs`;
}

export function fmtRate(x) {
  if (x === undefined) return "";
  for (const [k, s] of [[1e9, "G"], [1e6, "M"], [1e3, "k"]]) if (x >= k) return `${(x / k).toFixed(x / k >= 100 ? 0 : 2)} ${s}/s`;
  return `${x.toFixed(0)} /s`;
}

export function fmtRatio(r) {
  if (r === undefined) return "";
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

const fmtErr = (e) => (e === undefined ? "" : e === 0 ? "0" : e.toExponential(1));

function cell(results, kase, shape, peer, base) {
  const r = find(results, kase, shape, peer);
  if (!r) return "";
  if (r.status === "ok") return peer === base ? fmtMs(r.medianMs) : fmtRatio(ratio(results, kase, shape, peer, base)) || fmtMs(r.medianMs);
  return r.status === "n/a" ? "n/a" : r.status === "wrong" ? "**wrong**" : r.status;
}

/** The whole Markdown report: header, goals, summary table, per-case tables, problems. */
export function markdownReport({ env, peers, base, results, goals }) {
  const out = [];
  const baseLabel = peers.find((p) => p.id === base)?.label ?? base;
  out.push("# simdloss benchmark", "");
  out.push(...headerLines(env), "");
  if (goals.length) {
    out.push("## Goals", "");
    out.push("Each goal is checked on the relaxed-SIMD and the SIMD build, best first; a goal is met when one build meets it.", "");
    for (const g of goals) out.push(`- ${g.text}`);
    out.push("");
  }
  out.push("## Summary", "");
  out.push(summaryTable({ peers, base, results }), "");
  out.push(
    `"${baseLabel}" (the fastest build this engine validates, on the copy path) is its median time per call; every other column is that peer's ` +
      "median time divided by it (> 1×: slower than it). n/a: no such implementation; unavailable: this engine does not validate that build; " +
      "**wrong**: failed the check against the float64 reference, not timed.",
    "",
  );
  out.push("## Per case", "");
  const keys = [...new Set(results.map((r) => r.case))];
  for (const kase of keys) {
    const rows = results.filter((r) => r.case === kase);
    out.push(`### ${rows[0].label} (\`${rows[0].fn}\`)`, "");
    out.push(`| size | implementation | median | elements/s | value rel. error | grad / array error | ratio to ${baseLabel} |`);
    out.push("|---|---|--:|--:|--:|--:|--:|");
    for (const r of rows) {
      if (r.status === "n/a") continue;
      const peer = peers.find((p) => p.id === r.peer)?.label ?? r.peer;
      const status = r.status === "ok" ? fmtMs(r.medianMs) : r.status === "wrong" ? "**wrong**" : r.status;
      const speed = r.peer === base ? "1×" : fmtRatio(ratio(results, r.case, r.shape, r.peer, base));
      out.push(`| ${r.shape} | ${peer} | ${status} | ${fmtRate(r.elementsPerSec)} | ${fmtErr(r.lossErr)} | ${fmtErr(r.gradErr)} | ${speed} |`);
    }
    out.push("");
  }
  const problems = results.filter((r) => r.problem && r.status !== "n/a" && r.status !== "unavailable");
  const unavailable = [...new Map(results.filter((r) => r.status === "unavailable").map((r) => [r.peer, r])).values()];
  if (problems.length || unavailable.length) {
    out.push("## Unavailable, wrong, failed or skipped", "");
    for (const r of unavailable) {
      const label = peers.find((p) => p.id === r.peer)?.label ?? r.peer;
      out.push(`- ${label}: unavailable in every case — ${r.problem}`);
    }
    for (const r of problems) out.push(`- ${r.label} ${r.shape} ${r.peer}: ${r.status} — ${r.problem}`);
    out.push("");
  }
  return out.join("\n");
}

export function headerLines(env) {
  const feats = Object.entries(env.wasmFeatures).map(([k, v]) => `${k} ${v ? "yes" : "no"}`).join(", ");
  const pk = Object.entries(env.packages).map(([k, v]) => `${k} ${v ?? "?"}`).join(", ");
  const c = env.compiler?.skipped
    ? `C baseline skipped: ${env.compiler.skipped}`
    : `${env.compiler.version}; \`${env.compiler.flags["c-sse42"]}\` and \`${env.compiler.flags["c-native"]}\``;
  const t = env.timing;
  const flags = [...(env.nodeFlags ?? []), ...(env.nodeOptions ? [`NODE_OPTIONS=${env.nodeOptions}`] : [])];
  const builds = Object.entries(env.builds ?? {})
    .map(([b, v]) => (v === "validated" ? `${b} validated` : `${b} **unavailable** (${v})`)).join(", ");
  return [
    `- Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, ${env.platform}` +
      (env.loadAverage !== undefined ? `; load average ${env.loadAverage} at start` +
        (env.loadAverage > env.cores ? " (busy machine: timings are noisy)" : "") : ""),
    `- Node ${env.node} (V8 ${env.v8}), flags: ${flags.length ? flags.map((f) => `\`${f}\``).join(" ") : "none"}; WebAssembly features: ${feats}`,
    `- simdloss builds: ${builds}; ratios relative to ${env.base ? `\`${env.base}\` (copy path)` : "nothing (no build loaded)"}`,
    `- tfjs-wasm: SIMD ${env.tfjsWasm?.simd ? "yes" : "no"}, threads ${env.tfjsWasm?.threads ? "yes" : "no"}`,
    `- Packages: ${pk}`,
    `- C: ${c}`,
    `- Run: ${env.mode}${env.filter ? `, --filter ${env.filter}` : ""}, ${env.date}; benchmark.js median of ≥ ${t.minSamples} samples ` +
      `(max ${t.maxTime} s per measurement); C timed inside C (clock_gettime, median, ${t.cBudgetMs} ms budget)`,
    "- Inputs: seeded uniform float32; tfjs tensors are made before timing and results read back with `dataSync()`; " +
      "every simdloss build is its own instance of the package, in this one process.",
  ];
}

/** Rows (case, size) × columns (peers), as in the README. `shapes` limits the sizes shown. */
export function summaryTable({ peers, base, results }, shapes) {
  const head = ["case", "size", ...peers.map((p) => p.label)];
  const out = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < 2 ? "---" : "--:")).join("|")}|`];
  const seen = new Set();
  for (const r of results) {
    const key = `${r.case}\u0000${r.shape}`;
    if (seen.has(key) || (shapes && !shapes.includes(r.shape))) continue;
    seen.add(key);
    out.push(`| ${r.label} | ${r.shape} | ${peers.map((p) => cell(results, r.case, r.shape, p.id, base)).join(" | ")} |`);
  }
  return out.join("\n");
}

/**
 * A grouped bar chart (vega-lite, rendered headless to SVG): elements/s per case and peer at one
 * size (the one measured for the most cases: 1e6 in a full run), log scale.
 */
export async function svgChart({ env, peers, results }) {
  const ok = results.filter((r) => r.status === "ok");
  if (ok.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">no results</text></svg>\n`;
  // the size measured for the most cases (1e6 on a tie, else the larger)
  const casesAt = (s) => new Set(ok.filter((r) => r.shape === s).map((r) => r.case)).size;
  const nOf = (s) => ok.find((r) => r.shape === s).n;
  const shape = [...new Set(ok.map((r) => r.shape))].sort((a, b) =>
    casesAt(b) - casesAt(a) || (b === "1e6") - (a === "1e6") || nOf(b) - nOf(a))[0];
  const values = ok.filter((r) => r.shape === shape).map((r) => ({
    case: r.label, peer: peers.find((p) => p.id === r.peer)?.label ?? r.peer, rate: r.elementsPerSec,
  }));
  const rates = values.map((v) => v.rate);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...rates)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...rates)));
  const decades = Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i);
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: `simdloss bench: elements/s at ${shape} (higher is better)`, subtitle: `${env.cpu}, Node ${env.node}` },
    data: { values },
    mark: "bar",
    encoding: {
      y: { field: "case", type: "nominal", title: null, sort: null },
      yOffset: { field: "peer", sort: peers.map((p) => p.label) },
      // bars start at the power of ten below the slowest rate (a log scale has no zero)
      x: {
        field: "rate", type: "quantitative", stack: null, title: "elements per second (log scale)",
        scale: { type: "log", domain: [lo, hi] }, axis: { format: "~s", grid: true, values: decades },
      },
      x2: { datum: lo },
      color: { field: "peer", sort: peers.map((p) => p.label), title: "implementation", legend: { labelLimit: 300 } },
    },
    width: 640,
    height: { step: 7 },
    config: { font: "sans-serif" },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg + "\n";
}
