import { defineConfig } from "vitest/config";

// The whole suite runs twice: once against the SIMD build, once against the scalar build.
// test/setup.ts reads SIMDLOSS_BUILD and calls ready() accordingly.
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
      { test: { ...shared, name: "simd", env: { SIMDLOSS_BUILD: "simd" } } },
      { test: { ...shared, name: "scalar", env: { SIMDLOSS_BUILD: "scalar" } } },
    ],
  },
});
