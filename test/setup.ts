import { beforeAll, beforeEach } from "vitest";
import { ready } from "../src/index.js";
import { buildOf, type BuildName } from "../scripts/builds.mjs";
import { relaxedSimdValidates } from "../scripts/node-flags.mjs";

/** The build this project runs against (SIMDLOSS_BUILD, set per project by vitest.config.ts). */
export const BUILD: BuildName = process.env.SIMDLOSS_BUILD ? buildOf(process.env.SIMDLOSS_BUILD).name : "simd";

/** Does this engine, as started, validate relaxed SIMD? (Node 20 only with its flag; Node 22+, Bun: yes.) */
export const RELAXED_SIMD = relaxedSimdValidates();

/**
 * Does this engine fuse f32x4.relaxed_madd (one rounding)? V8 does on x86 with FMA3 and on ARM64;
 * JavaScriptCore (Bun, Safari) does not. A module of one function, relaxed_madd(a, a, c) on splats,
 * at a = 1 + 2⁻¹², c = −(1 + 2⁻¹¹): the exact a² + c is 2⁻²⁴, which a fused madd returns and a
 * multiply-then-add rounds to 0. False where relaxed SIMD does not validate.
 */
export const RELAXED_MADD_FUSED: boolean = (() => {
  if (!RELAXED_SIMD) return false;
  // prettier-ignore
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
    0x01, 0x08, 0x01, 0x60, 0x03, 0x7d, 0x7d, 0x7d, 0x01, 0x7d, // type: (f32, f32, f32) → f32
    0x03, 0x02, 0x01, 0x00, // one function of that type
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
    0x0a, 0x16, 0x01, 0x14, 0x00, // code: one body of 20 bytes, no locals
    0x20, 0x00, 0xfd, 0x13, 0x20, 0x01, 0xfd, 0x13, 0x20, 0x02, 0xfd, 0x13, // splat a, b, c
    0xfd, 0x85, 0x02, 0xfd, 0x1f, 0x00, 0x0b, // f32x4.relaxed_madd, extract_lane 0, end
  ]);
  const { f } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as { f: (a: number, b: number, c: number) => number };
  const a = 1 + 2 ** -12;
  return f(a, a, -(1 + 2 ** -11)) === 2 ** -24;
})();

beforeAll(async () => {
  const info = await ready({ build: BUILD });
  if (info.build !== BUILD) throw new Error(`expected the ${BUILD} build, got ${info.build}`);
});

// Each test's result carries its build (vitest's JSON report: meta.build), for .ci/run's counts
// per build. Not under Bun (test/bun/preload.ts), which takes a hook's parameter for a done
// callback; its runner counts per build itself.
if (!process.versions.bun) {
  beforeEach((ctx) => {
    ctx.task.meta.build = BUILD;
  });
}

declare module "vitest" {
  interface TaskMeta {
    build?: BuildName;
  }
}
