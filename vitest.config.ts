import { defineConfig } from "vitest/config";
import { relaxedSimdFlags } from "./scripts/node-flags.mjs";

// The whole suite runs three times: against the relaxed-SIMD build, the SIMD build and the scalar
// build. test/setup.ts reads SIMDLOSS_BUILD and calls ready() accordingly. Node 20 validates the
// relaxed build only with --experimental-wasm-relaxed-simd, so that project's workers get the flag
// (only where this Node needs and accepts it: scripts/node-flags.mjs).
const shared = {
  include: ["test/**/*.test.ts"],
  setupFiles: ["test/setup.ts"],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // CI (.ci/run) also writes test-results.json, from which it prints "N passed, N failed".
    reporters: process.env.CI ? ["default", ["json", { outputFile: "test-results.json" }]] : ["default"],
    projects: [
      {
        test: {
          ...shared,
          name: "relaxed",
          env: { SIMDLOSS_BUILD: "relaxed" },
          execArgv: relaxedSimdFlags(),
        },
      },
      { test: { ...shared, name: "simd", env: { SIMDLOSS_BUILD: "simd" } } },
      { test: { ...shared, name: "scalar", env: { SIMDLOSS_BUILD: "scalar" } } },
    ],
  },
});
