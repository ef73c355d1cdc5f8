/**
 * The onnxruntime-node peer of the bench (bench/peers/onnx.mjs, onnx-model.mjs): the protobuf
 * encoding against the wire format's documented examples, and every case's ONNX graph, at 1 and 2
 * intra-op threads, against the case's float64 reference on tiny sizes (as every peer is checked
 * before timing). onnxruntime does not depend on the simdloss build: those tests run in the simd
 * project only. Where onnxruntime-node is not installed they are skipped with a warning; with
 * CI=true that is a failure.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD } from "../setup.js";
import { CASES, PEERS, TEST_TOLERANCE, compare, type Case, type Peer } from "../../bench/registry.mjs";
import { bytesField, floatField, intField, onnxModel, varint } from "../../bench/peers/onnx-model.mjs";
import { loadOnnxRuntime, prepareOnnx, sessionOptions, type OnnxRuntime } from "../../bench/peers/onnx.mjs";
import { bceFromLogits64 } from "../util/reference.mjs";

const SEED = 11;
const ONNX_PEERS = PEERS.filter((p) => p.onnxThreads);

// plain JavaScript, cheap: runs in every project (and so no project finds this file without a test)
describe("bench onnxruntime peer: protobuf encoding (the examples of the protobuf encoding guide)", () => {
  it("varints: 1, 150, 300, 2^35 and −1 (ten bytes, 64-bit two's complement)", () => {
    expect(varint(1)).toEqual([0x01]);
    expect(varint(150)).toEqual([0x96, 0x01]);
    expect(varint(300)).toEqual([0xac, 0x02]);
    expect(varint(2 ** 35)).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(varint(-1)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it("fields: int 150 in field 1, the string \"testing\" in field 2, float 1.5 in field 2", () => {
    expect(intField(1, 150)).toEqual([0x08, 0x96, 0x01]);
    expect(Array.from(bytesField(2, "testing"))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    // a nested message: field 3 holding { field 1 = 150 }
    expect(Array.from(bytesField(3, [intField(1, 150)]))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    expect(floatField(2, 1.5)).toEqual([0x15, 0x00, 0x00, 0xc0, 0x3f]);
  });

  it("a model starts with ir_version (field 1) and names its outputs", () => {
    const m = onnxModel([{ name: "x", type: "float32", dims: [3] }], (g, x) => ({ loss: g.op("ReduceMean", [x], { keepdims: 0 }), grad: g.op("Neg", [x]) }));
    expect(Array.from(m.bytes.subarray(0, 2))).toEqual([0x08, 8]);
    expect(m.outputs).toEqual({ loss: "v0", grad: "v1" });
  });
});

if (BUILD === "simd") describe("bench onnxruntime peer", () => {
  it("the registry has onnxruntime peers at intra-op threads 1 and 2, and graphs for the headline cases", () => {
    expect(ONNX_PEERS.map((p) => [p.id, p.onnxThreads])).toEqual([["onnxruntime-1t", 1], ["onnxruntime-2t", 2]]);
    for (const id of ["sparseCategoricalCrossentropy", "sparseCategoricalCrossentropyWithGrad", "meanSquaredError", "binaryCrossentropy", "binaryCrossentropyWithGrad"]) {
      expect(typeof CASES.find((c) => c.id === id)?.onnx, id).toBe("function");
    }
    expect(sessionOptions(2)).toMatchObject({ executionProviders: ["cpu"], intraOpNumThreads: 2, interOpNumThreads: 1, executionMode: "sequential" });
  });

  let onnx: OnnxRuntime | undefined;
  let why = "";
  beforeAll(async () => {
    const loaded = await loadOnnxRuntime();
    if ("unavailable" in loaded) why = loaded.unavailable;
    else onnx = loaded;
  });

  /** Skips a test, loudly, where onnxruntime-node is missing (never under CI). */
  function need(ctx: { skip(): void }): OnnxRuntime {
    if (!onnx) {
      if (process.env.CI) expect.fail(`CI=true and the onnxruntime peer is unavailable: ${why}`);
      console.warn(`SKIPPED: bench onnxruntime peer tests: ${why}`);
      ctx.skip();
    }
    return onnx!;
  }

  it("onnxruntime-node loads and runs on the CPU provider (CI=true: a failure if not)", (ctx) => {
    need(ctx);
    expect(why).toBe("");
  });

  async function check(ort: OnnxRuntime, peer: Peer, kase: Case, shape: Case["shapes"][number], inputs = kase.inputs(shape, SEED)) {
    const impl = await prepareOnnx(ort, peer, kase, shape, inputs);
    expect(impl, `${kase.id} has a graph`).not.toBeNull();
    try {
      // the feeds wrap the case's own arrays: no copy before the call
      const args = kase.args(inputs);
      impl!.tensors.forEach((t, i) => expect(t.data, `${kase.id} input ${i} copied`).toBe(args[i]));
      const c = compare(await impl!.run(), kase.reference(inputs, shape), TEST_TOLERANCE);
      expect(c.problem, `${kase.id} ${shape.label} ${peer.id}`).toBeNull();
    } finally {
      impl!.dispose();
    }
  }

  for (const kase of CASES.filter((c) => c.onnx)) {
    it(`${kase.id}: the ONNX graph at 1 and 2 threads matches the reference`, async (ctx) => {
      const ort = need(ctx);
      for (const peer of ONNX_PEERS) for (const shape of kase.tinyShapes) await check(ort, peer, kase, shape);
    });
  }

  it("a case without a graph has no onnxruntime peer (n/a)", async (ctx) => {
    const ort = need(ctx);
    const kase = CASES.find((c) => !c.onnx)!;
    expect(await prepareOnnx(ort, ONNX_PEERS[0], kase, kase.tinyShapes[0], kase.inputs(kase.tinyShapes[0], SEED))).toBeNull();
  });

  it("the BCE-from-logits graph is stable at extreme logits, tiny losses to relative error", async (ctx) => {
    const ort = need(ctx);
    const kase = CASES.find((c) => c.id === "binaryCrossentropy")!;
    const x = Float32Array.of(1e4, -1e4, 100, -100, 30, -30, 0, 1e-3);
    for (const z of [1, 0]) {
      for (let i = 0; i < x.length; i++) {
        const inputs = { yTrue: Float32Array.of(z), yPred: x.subarray(i, i + 1) };
        const impl = (await prepareOnnx(ort, ONNX_PEERS[0], kase, { label: "1", n: 1, options: {} }, inputs))!;
        const got = (await impl.run()) as number;
        impl.dispose();
        // relative error 1e-6, plus one float32 subnormal step (2^-149) for losses below 2^-126 (x = 100: 3.7e-44)
        const want = bceFromLogits64(z, x[i]);
        expect(Math.abs(got - want), `z = ${z}, x = ${x[i]}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-6 * want + 2 ** -149);
      }
    }
  });
});
