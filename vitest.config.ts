import { configDefaults, defineConfig } from "vitest/config";
import { BUILDS, nodeFlags } from "./scripts/builds.mjs";

// The whole suite runs once per build of scripts/builds.mjs (relaxed SIMD, SIMD, scalar): one
// project each, named for the build. test/setup.ts reads SIMDLOSS_BUILD and calls ready()
// accordingly. A project's workers start with the Node flags its build needs on this Node
// (Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd; later Nodes need
// none: scripts/node-flags.mjs).
const shared = {
  include: ["test/**/*.test.ts"],
  // SIMDLOSS_SKIP_BROWSERS=1 leaves the browser tests out (CI runs them on one Node: the browsers'
  // engines do not depend on the Node that drives them)
  exclude: [...configDefaults.exclude, ...(process.env.SIMDLOSS_SKIP_BROWSERS ? ["test/browser/**"] : [])],
  setupFiles: ["test/setup.ts"],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // CI (.ci/run) also writes a JSON report, from which it prints "N passed, N failed"
    // (SIMDLOSS_RESULTS names the file: one per Node of the matrix).
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: process.env.SIMDLOSS_RESULTS ?? "test-results.json" }]]
      : ["default"],
    projects: BUILDS.map((build) => ({
      test: { ...shared, name: build.name, env: { SIMDLOSS_BUILD: build.name }, execArgv: nodeFlags(build) },
    })),
  },
});
