import { beforeAll } from "vitest";
import { ready, type BuildName } from "../src/index.js";

/** The build this project runs against ("relaxed", "simd" or "scalar"), from vitest.config.ts. */
export const BUILD: BuildName =
  process.env.SIMDLOSS_BUILD === "scalar" ? "scalar" : process.env.SIMDLOSS_BUILD === "relaxed" ? "relaxed" : "simd";

beforeAll(async () => {
  const info = await ready({ build: BUILD });
  if (info.build !== BUILD) throw new Error(`expected the ${BUILD} build, got ${info.build}`);
});
