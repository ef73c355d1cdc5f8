import { beforeAll } from "vitest";
import { ready } from "../src/index.js";

/** The build this project runs against ("simd" or "scalar"), from vitest.config.ts. */
export const BUILD = process.env.SIMDLOSS_BUILD === "scalar" ? "scalar" : "simd";

beforeAll(async () => {
  const info = await ready({ simd: BUILD === "simd" });
  if (info.build !== BUILD) throw new Error(`expected the ${BUILD} build, got ${info.build}`);
});
