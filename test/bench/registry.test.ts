/**
 * Keeps the bench from rotting: every case of bench/registry.mjs runs on tiny sizes against its
 * float64 reference, for every peer available here (correctness only; timing is the bench's job),
 * and every kernel simdloss exports must have a case.
 *
 * The simdloss peers run in both vitest projects (simd and scalar builds); tfjs, plain JS and C do
 * not depend on the build and run in the simd project only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers the gradients tf.valueAndGrad needs
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as sl from "../../src/index.js";
import { BUILD } from "../setup.js";
import {
  CASES, PEERS, TEST_TOLERANCE, compare, kernelExports, prepareJs, prepareSimdloss, prepareSimdlossZeroCopy,
  prepareTfjs, selectCases, uncoveredExports, type Case, type Prepared, type Shape,
} from "../../bench/registry.mjs";
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
    for (const notKernel of ["ready", "backendInfo", "allocFloat32", "ShapeError", "WasmFloat32Buffer"]) {
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
        if (g.impl) expect(peers.has(g.impl), `${c.id} goal impl ${g.impl}`).toBe(true);
      }
    }
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

describe.runIf(BUILD === "simd")("bench registry: peers on tiny sizes", () => {
  let native: Native;
  beforeAll(async () => {
    setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
    native = buildNative();
  });
  afterAll(() => native?.dispose());

  for (const kase of CASES) {
    it(`${kase.id}: plain JS matches the reference`, () => {
      for (const shape of kase.tinyShapes) check(kase, shape, (inp) => prepareJs(kase, shape, inp), "plain JS");
    });

    for (const backend of ["cpu", "wasm"]) {
      it(`${kase.id}: tfjs-${backend} matches the reference and leaks no tensor`, async () => {
        await tf.setBackend(backend);
        for (const shape of kase.tinyShapes) {
          const before = tf.memory().numTensors;
          check(kase, shape, (inp) => prepareTfjs(tf, kase, shape, inp), `tfjs-${backend}`);
          expect(tf.memory().numTensors, "tensors left behind").toBe(before);
        }
      });
    }

    it.skipIf(!kase.c)(`${kase.id}: the C baseline matches the reference (both compiler flags)`, (ctx) => {
      if (native.skipped) ctx.skip(); // no C compiler here: the bench skips C with a clear line too
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
});
