import { beforeAll, beforeEach } from "vitest";
import { ready } from "../src/index.js";
import { buildOf, type BuildName } from "../scripts/builds.mjs";
import { relaxedSimdValidates } from "../scripts/node-flags.mjs";

/** The build this project runs against (SIMDLOSS_BUILD, set per project by vitest.config.ts). */
export const BUILD: BuildName = process.env.SIMDLOSS_BUILD ? buildOf(process.env.SIMDLOSS_BUILD).name : "simd";

/** Does this engine, as started, validate relaxed SIMD? (Node 20 only with its flag; Node 22+, Bun: yes.) */
export const RELAXED_SIMD = relaxedSimdValidates();

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
