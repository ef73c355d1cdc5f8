/**
 * Keeps the bench from rotting: every case of bench/registry.mjs runs on tiny sizes against its
 * float64 reference, for every peer available here (correctness only; timing is the bench's job),
 * and every kernel simdloss exports must have a case.
 *
 * simdloss runs in every vitest project (relaxed, simd and scalar builds): the project's own build
 * through the instance test/setup.ts made ready, and every build as the bench loads it (one fresh
 * instance per build, as bench/run.mjs does). The relaxed project's Node has
 * --experimental-wasm-relaxed-simd, the others do not: there Node 20 does not validate the relaxed
 * build, and the bench must report its peers unavailable (Node 22 and later validate it without a
 * flag). tfjs, plain JS and C do not depend on the build and run in the simd project only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers the gradients tf.valueAndGrad needs
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as sl from "../../src/index.js";
import { BUILD } from "../setup.js";
import {
  BUILDS, CASES, GOAL_BUILDS, PEERS, TEST_TOLERANCE, basePeer, buildPeer, compare, goalTargets, kernelExports, loadBuilds,
  prepareBuildPeer, prepareJs, prepareSimdloss, prepareSimdlossZeroCopy, prepareTfjs, selectCases, uncoveredExports,
  type Builds, type Case, type Prepared, type Shape,
} from "../../bench/registry.mjs";
import { goalLines } from "../../bench/report.mjs";
import { BUILDS as BUILD_LIST, usesSimd } from "../../scripts/builds.mjs";
import { buildNative, prepareNative, type Native } from "../../bench/native.mjs";

const SEED = 7;

/** The registry test's tolerance, tightened to the case's own where that is stricter (0 for counts and indices). */
function toleranceOf(kase: Case) {
  const t = kase.tolerance;
  return t ? { loss: Math.min(t.loss, TEST_TOLERANCE.loss), grad: Math.min(t.grad, TEST_TOLERANCE.grad) } : TEST_TOLERANCE;
}

/** Runs one prepared implementation and checks it against the case's reference. */
function check(kase: Case, shape: Shape, make: (inputs: ReturnType<Case["inputs"]>) => Prepared | null, what: string) {
  const inputs = kase.inputs(shape, SEED);
  const ref = kase.reference(inputs, shape);
  const impl = make(inputs);
  if (impl === null) return false;
  try {
    const c = compare(impl.run(), ref, toleranceOf(kase));
    expect(c.problem, `${kase.id} ${shape.label} ${what}`).toBeNull();
  } finally {
    impl.dispose();
  }
  return true;
}

describe("bench registry: coverage", () => {
  it("every kernel simdloss exports has a bench case", () => {
    // On failure this lists the exports without a case: add an entry in bench/cases/.
    expect(uncoveredExports(sl)).toEqual([]);
  });

  it("finds the regression kernels and leaves out setup functions and classes", () => {
    const names = kernelExports(sl);
    expect(names).toContain("meanSquaredError");
    expect(names).toContain("logCoshWithGrad");
    expect(names).toContain("sparseCategoricalCrossentropyWithGrad");
    expect(names).toContain("confusionMatrixFromScores");
    for (const notKernel of ["ready", "close", "backendInfo", "allocFloat32", "ShapeError", "WasmFloat32Buffer"]) {
      expect(names).not.toContain(notKernel);
    }
  });

  it("every case calls a real export, has a unique id, and its goals name a size and peers it has", () => {
    const exported = new Set(kernelExports(sl));
    const peers = new Set(PEERS.map((p) => p.id));
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const c of CASES) {
      expect(exported.has(c.fn), `${c.id}: simdloss has no export ${c.fn}`).toBe(true);
      expect(c.tinyShapes.length, c.id).toBeGreaterThan(0);
      const labels = new Set(c.shapes.map((s) => s.label));
      for (const q of c.quickShapes) expect(labels.has(q), `${c.id} quick shape ${q}`).toBe(true);
      for (const g of c.goals) {
        expect(labels.has(g.shape), `${c.id} goal shape ${g.shape}`).toBe(true);
        expect(peers.has(g.peer), `${c.id} goal peer ${g.peer}`).toBe(true);
        if (g.impl && g.impl !== "copy" && g.impl !== "zerocopy") expect(peers.has(g.impl), `${c.id} goal impl ${g.impl}`).toBe(true);
      }
    }
  });

  it("every simdloss build has a copy and a zero-copy peer (scalar: copy only), fastest build first, then the fastest on 2 threads", () => {
    expect(BUILDS).toEqual(BUILD_LIST.map((b) => b.name));
    const expected = [...BUILD_LIST.flatMap((b) => (usesSimd(b) ? [b.name, `${b.name}-zerocopy`] : [b.name])), `${BUILD_LIST[0].name}-2t`];
    expect(PEERS.filter((p) => p.build).map((p) => p.id)).toEqual(expected);
    expect(GOAL_BUILDS).toEqual(BUILD_LIST.filter(usesSimd).map((b) => b.name));
    for (const b of GOAL_BUILDS) expect(buildPeer(b, "zerocopy")?.build).toBe(b);
  });

  it("goals name the builds they are checked on: the copy or zero-copy path of relaxed and SIMD, or one peer", () => {
    expect(goalTargets({ shape: "1e6", peer: "js", atLeast: 1 })).toEqual(["relaxed", "simd"]);
    expect(goalTargets({ shape: "1e6", peer: "js", atLeast: 1, impl: "zerocopy" })).toEqual(["relaxed-zerocopy", "simd-zerocopy"]);
    expect(goalTargets({ shape: "1e6", peer: "js", atLeast: 1, impl: "simd-zerocopy" })).toEqual(["simd-zerocopy"]);
    // the cross-entropy goals are stated on both paths
    for (const id of ["sparseCategoricalCrossentropy", "sparseCategoricalCrossentropyWithGrad", "binaryCrossentropy"]) {
      const goals = CASES.find((c) => c.id === id)!.goals;
      expect(goals.filter((g) => g.impl === "zerocopy").length, id).toBe(goals.filter((g) => !g.impl).length);
      expect(goals.length, id).toBeGreaterThan(0);
    }
  });

  it("a goal line says which build met it, and a goal is met when one build meets it", () => {
    const kase = { ...CASES.find((c) => c.id === "meanSquaredError")!, goals: [{ shape: "1e6", peer: "js", atLeast: 8, impl: "zerocopy" }] };
    const row = (peer: string, medianMs: number) => ({ case: kase.id, shape: "1e6", peer, status: "ok", medianMs });
    // plain JS 10 ms: relaxed zero-copy 1 ms (10×, met), SIMD zero-copy 2 ms (5×, not met)
    const [line] = goalLines([kase], [row("js", 10), row("relaxed-zerocopy", 1), row("simd-zerocopy", 2)]);
    expect(line.met).toBe(true);
    expect(line.text).toBe("MSE 1e6, zero-copy path, vs plain JS, goal ≥ 8×: 10.0× (met, relaxed build, zero-copy); 5.00× (NOT met, SIMD build, zero-copy)");
    const [none] = goalLines([kase], [row("js", 10), { ...row("relaxed-zerocopy", 1), status: "unavailable" }, row("simd-zerocopy", 2)]);
    expect(none.met).toBe(false);
    expect(goalLines([kase], [row("js", 10)])[0].text).toBe("MSE 1e6, zero-copy path, vs plain JS, goal ≥ 8×: not measured in this run");
    const single = { ...kase, goals: [{ shape: "1e6", peer: "js", atLeast: 8, impl: "simd-zerocopy" }] };
    expect(goalLines([single], [row("js", 10), row("simd-zerocopy", 2)])[0].text).toBe("MSE 1e6 vs plain JS, goal ≥ 8×: 5.00× (NOT met, SIMD build, zero-copy)");
    expect(none.text).toBe("MSE 1e6, zero-copy path, vs plain JS, goal ≥ 8×: 5.00× (NOT met, SIMD build, zero-copy); relaxed build, zero-copy unavailable");
  });

  it("--filter matches ids and labels, case-insensitively", () => {
    expect(selectCases("mse").map((c) => c.id)).toEqual(expect.arrayContaining(["meanSquaredError", "meanSquaredErrorWithGrad"]));
    expect(selectCases("no such case")).toEqual([]);
  });
});

describe("bench registry: the check before timing", () => {
  it("the MSE reference gives 2.5 on the README example (hand-computed: ((1−2)² + (5−3)²) / 2)", () => {
    const mse = CASES.find((c) => c.id === "meanSquaredError")!;
    expect(mse.reference({ yTrue: [2, 3], yPred: [1, 5] }, { label: "2", n: 2, options: {} }).loss).toBe(2.5);
  });

  const find = (id: string) => CASES.find((c) => c.id === id)!;

  it("the sparse CE reference gives log C and (1/C − one-hot) / rows on all-equal logits (hand-computed)", () => {
    const ref = find("sparseCategoricalCrossentropyWithGrad").reference(
      { labels: Int32Array.of(0, 3), logits: new Float32Array(8) }, { label: "2×4", n: 8, options: { classes: 4 } });
    expect(ref.loss).toBeCloseTo(Math.log(4), 15);
    expect(Array.from(ref.grad!)).toEqual([-0.375, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375]);
  });

  it("the AUC references give the scikit-learn docs values (hand-computed), ties counting ½", () => {
    const inputs = { yTrue: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] };
    const shape = { label: "4", n: 4, options: {} };
    // pairs (positive, negative): 0.35 > 0.1, 0.35 < 0.4, 0.8 > both: 3 of 4
    expect(find("rocAuc").reference(inputs, shape).loss).toBe(0.75);
    // thresholds 0.8 (precision 1/1) and 0.35 (precision 2/3), each with recall step ½
    expect(find("averagePrecision").reference(inputs, shape).loss).toBeCloseTo(0.5 + 1 / 3, 15);
    expect(find("rocAuc").reference({ yTrue: [0, 1, 1], scores: [0.5, 0.5, 0.7] }, shape).loss).toBe(0.75);
  });

  it("the confusion-matrix-from-scores reference counts argmax against labels (hand-computed)", () => {
    const ref = find("confusionMatrixFromScores").reference(
      { labels: Int32Array.of(0, 1, 1), yPred: Float32Array.of(0.8, 0.2, 0.6, 0.4, 0.1, 0.9) }, { label: "3×2", n: 6, options: { classes: 2 } });
    expect(Array.from(ref.grad!)).toEqual([1, 0, 1, 1]);
  });

  it("flags a wrong loss, a wrong gradient and a missing gradient", () => {
    const ref = { loss: 2, grad: [1, -1] };
    expect(compare({ loss: 2, grad: [1, -1] }, ref).ok).toBe(true);
    expect(compare({ loss: 2.1, grad: [1, -1] }, ref).ok).toBe(false);
    expect(compare({ loss: 2, grad: [1, -0.9] }, ref).problem).toMatch(/grad\[1\]/);
    expect(compare(2, ref).ok).toBe(false);
    expect(compare(NaN, { loss: 1 }).ok).toBe(false);
  });

  it("checks array outputs alone, exactly when asked, with NaN equal to NaN", () => {
    const exact = { loss: 0, grad: 0 };
    expect(compare(Int32Array.of(1, 2), { grad: [1, 2] }, exact).ok).toBe(true);
    expect(compare(Int32Array.of(1, 3), { grad: [1, 2] }, exact).problem).toMatch(/output\[1\]/);
    expect(compare({ loss: 0.5, grad: [NaN, 1] }, { loss: 0.5, grad: [NaN, 1] }, exact).ok).toBe(true);
    expect(compare({ loss: 0.5, grad: [0, 1] }, { loss: 0.5, grad: [NaN, 1] }, exact).ok).toBe(false);
  });
});

describe(`bench registry: every case on tiny sizes (simdloss ${BUILD} build)`, () => {
  for (const kase of CASES) {
    it(`${kase.id}: simdloss (copy and zero-copy) matches the reference`, () => {
      for (const shape of kase.tinyShapes) {
        expect(check(kase, shape, (inp) => prepareSimdloss(sl, kase, shape, inp), "simdloss")).toBe(true);
        expect(check(kase, shape, (inp) => prepareSimdlossZeroCopy(sl, kase, shape, inp), "zero-copy")).toBe(true);
      }
    });
  }
});

describe("bench registry: the simdloss peers of every build, on tiny sizes", () => {
  let builds: Builds;
  beforeAll(async () => {
    // a fresh instance of the package per build (the bench imports dist/index.js?build=NAME)
    builds = await loadBuilds(async () => {
      vi.resetModules();
      return import("../../src/index.js");
    }, undefined, { threaded: true });
  });

  it("loads every build the engine validates as its own instance; only relaxed may be unavailable", () => {
    const relaxedOk = sl.backendInfo().relaxedSimdSupported;
    if (BUILD === "relaxed") expect(relaxedOk, "the relaxed project runs with --experimental-wasm-relaxed-simd").toBe(true);
    expect(Object.keys(builds.libs).sort()).toEqual(relaxedOk ? ["relaxed", "scalar", "simd"] : ["scalar", "simd"]);
    if (!relaxedOk) expect(builds.unavailable.relaxed).toMatch(/relaxed/);
    else expect(builds.unavailable).toEqual({});
    for (const [b, lib] of Object.entries(builds.libs)) expect((lib as typeof sl).backendInfo().build).toBe(b);
    const threaded = PEERS.filter((p) => p.threads && builds.libs[p.build!]);
    expect(Object.keys(builds.threaded ?? {})).toEqual(threaded.map((p) => p.id));
    for (const p of threaded) expect((builds.threaded![p.id] as typeof sl).backendInfo()).toMatchObject({ build: p.build, threads: p.threads });
    expect(sl.backendInfo().build, "loading the bench's instances leaves the test's own alone").toBe(BUILD);
    expect(basePeer(builds.libs)).toBe(relaxedOk ? "relaxed" : "simd");
  });

  it("an unavailable build's peers are reported unavailable with the reason, not dropped", () => {
    const kase = CASES.find((c) => c.id === "meanSquaredError")!;
    const shape = kase.tinyShapes[0];
    const only = { libs: { scalar: builds.libs.scalar! }, unavailable: { relaxed: "not validated", simd: "not validated" } };
    for (const peer of PEERS.filter((p) => p.build && p.build !== "scalar")) {
      expect(prepareBuildPeer(peer, only, kase, shape, kase.inputs(shape, SEED))).toEqual({ unavailable: "not validated" });
    }
    expect(basePeer(only.libs)).toBe("scalar");
  });

  for (const kase of CASES) {
    it(`${kase.id}: every available build, copy and zero-copy, matches the reference`, () => {
      for (const peer of PEERS.filter((p) => p.build)) {
        if (!builds.libs[peer.build!]) continue; // checked above: only relaxed, only where the engine lacks it
        for (const shape of kase.tinyShapes) {
          expect(check(kase, shape, (inp) => prepareBuildPeer(peer, builds, kase, shape, inp) as Prepared | null, peer.id), `${peer.id} prepared`).toBe(true);
        }
      }
    });
  }
});

// tfjs, plain JS and C do not depend on the build: their tests exist in the simd project only, and
// only for the peers a case has (a case without a tfjs or C peer has no such test).
if (BUILD === "simd") describe("bench registry: peers on tiny sizes", () => {
  let native: Native;
  beforeAll(async () => {
    setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
    native = buildNative();
  });
  afterAll(() => native?.dispose());

  it("the C baseline compiles (CI=true: a missing compiler is a failure; elsewhere its tests skip)", (ctx) => {
    if (native.skipped && !process.env.CI) ctx.skip();
    expect(native.skipped).toBeUndefined();
    expect(Object.keys(native.binaries)).toEqual(["c-sse42", "c-native"]);
  });

  for (const kase of CASES) {
    if (kase.js) {
      it(`${kase.id}: plain JS matches the reference`, () => {
        for (const shape of kase.tinyShapes) expect(check(kase, shape, (inp) => prepareJs(kase, shape, inp), "plain JS")).toBe(true);
      });
    }

    if (kase.tfjs) {
      for (const backend of ["cpu", "wasm"]) {
        it(`${kase.id}: tfjs-${backend} matches the reference and leaks no tensor`, async () => {
          await tf.setBackend(backend);
          for (const shape of kase.tinyShapes) {
            const before = tf.memory().numTensors;
            expect(check(kase, shape, (inp) => prepareTfjs(tf, kase, shape, inp), `tfjs-${backend}`)).toBe(true);
            expect(tf.memory().numTensors, "tensors left behind").toBe(before);
          }
        });
      }
    }

    if (kase.c) {
      it(`${kase.id}: the C baseline matches the reference (both compiler flags)`, (ctx) => {
        if (native.skipped) ctx.skip(); // no C compiler here: the test above says so (and fails under CI)
        for (const peer of ["c-sse42", "c-native"]) {
          for (const shape of kase.tinyShapes) {
            const inputs = kase.inputs(shape, SEED);
            const impl = prepareNative(native, peer, kase, shape, inputs);
            expect(impl, `${peer} prepared`).not.toBeNull();
            const c = compare(impl!.measure(0).result, kase.reference(inputs, shape), toleranceOf(kase));
            expect(c.problem, `${kase.id} ${shape.label} ${peer}`).toBeNull();
            impl!.dispose();
          }
        }
      });
    }
  }
});
