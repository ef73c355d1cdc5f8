import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The package: "simdloss" and "simdloss/tfjs". Splitting puts the core in a shared chunk, so
    // both entries use one module instance (one ready(), one arena).
    entry: { index: "src/index.ts", tfjs: "src/tfjs/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    target: "es2020",
    platform: "neutral",
    sourcemap: false,
    clean: ["!trainer.js"], // the second build's output
    treeshake: true,
    splitting: true,
    external: [/^@tensorflow\//],
  },
  {
    // `npm start`: the MNIST experiment (not part of the package's exports).
    entry: { trainer: "src/trainer/main.ts" },
    format: ["esm"],
    target: "node18",
    platform: "node",
    sourcemap: false,
    clean: false,
    skipNodeModulesBundle: true,
  },
]);
