import { defineConfig } from "tsup";
import type { Plugin } from "esbuild";

/**
 * "simdloss/tfjs" must share the core's module instance (one ready(), one arena) without
 * bundling a copy of it: the adapter's `import … from "../index.js"` becomes an external import
 * of the sibling entry.
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
    // ES2022 as in tsconfig.json: class fields stay native. (Lowered to es2020, they need a helper
    // that esbuild puts in a shared chunk which every build's chunk would import.)
    target: "es2022",
    platform: "neutral",
    sourcemap: false,
    clean: ["!trainer.js"], // the second build's output
    treeshake: true,
    external: [/^@tensorflow\//],
    esbuildPlugins: [coreAsSibling],
    // ESM splits: each build's base64 (src/core/wasm-<build>.generated.ts, reached only by a
    // dynamic import()) becomes its own chunk, dist/wasm-<build>.generated-<hash>.js, which the
    // entry imports only when ready() runs that build. CJS does not split (tsup's CJS splitting is
    // experimental): dist/index.cjs stays one file with the three builds, each evaluated lazily.
    splitting: undefined,
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
    splitting: false, // one file, so that its chunks do not land among the package's in dist/
  },
]);
