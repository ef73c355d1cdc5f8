import { defineConfig } from "tsup";
import type { Plugin } from "esbuild";

/**
 * "simdloss/tfjs" must share the core's module instance (one ready(), one arena) without
 * bundling a copy of it, and dist/index.js must stay self-contained (the browser entry): the
 * adapter's `import … from "../index.js"` becomes an external import of the sibling entry.
 */
const coreAsSibling: Plugin = {
  name: "simdloss-core-as-sibling",
  setup(build) {
    // tsup runs esbuild in ESM mode for both formats (treeshake), and says which in TSUP_FORMAT.
    const format = JSON.parse(build.initialOptions.define?.TSUP_FORMAT ?? '"esm"');
    const sibling = format === "cjs" ? "./index.cjs" : "./index.js";
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/]tfjs[\\/]/.test(args.importer) ? { path: sibling, external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    // The package: "simdloss" and "simdloss/tfjs".
    entry: { index: "src/index.ts", tfjs: "src/tfjs/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    target: "es2020",
    platform: "neutral",
    sourcemap: false,
    clean: ["!trainer.js"], // the second build's output
    treeshake: true,
    external: [/^@tensorflow\//],
    esbuildPlugins: [coreAsSibling],
    splitting: false, // dist/index.js stays one self-contained file
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
