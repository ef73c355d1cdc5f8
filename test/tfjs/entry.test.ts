import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

// "simdloss/tfjs" through the package's exports map, as ESM and CJS, in a fresh Node process.
// ready() from "simdloss" must also ready "simdloss/tfjs": both entries share one core chunk.
const run = (code: string, type: "module" | "commonjs") =>
  execFileSync(process.execPath, [type === "module" ? "--input-type=module" : "--input-type=commonjs", "-e", code], {
    encoding: "utf8",
  }).trim();

describe("the simdloss/tfjs entry point", () => {
  it("dist/ has the tfjs entry as ESM, CJS and type declarations", () => {
    for (const f of ["dist/tfjs.js", "dist/tfjs.cjs", "dist/tfjs.d.ts", "dist/tfjs.d.cts"]) expect(existsSync(f), f).toBe(true);
  });

  it("import 'simdloss/tfjs' (ESM), readied by 'simdloss', on the wasm backend", () => {
    const out = run(
      `import * as tf from "@tensorflow/tfjs-core";
       import "@tensorflow/tfjs-backend-wasm";
       import { ready } from "simdloss";
       import { meanSquaredError } from "simdloss/tfjs";
       await tf.setBackend("wasm");
       await ready();
       const v = meanSquaredError()(tf.tensor([2, 3]), tf.tensor([1, 5]));
       console.log(tf.getBackend(), v.dataSync()[0]);`,
      "module",
    );
    expect(out).toBe(`wasm ${(1 + 4) / 2}`);
  });

  it("require('simdloss/tfjs') (CJS), readied by require('simdloss'), with a gradient", () => {
    const out = run(
      `const tf = require("@tensorflow/tfjs-core");
       require("@tensorflow/tfjs-backend-cpu");
       const s = require("simdloss");
       const t = require("simdloss/tfjs");
       s.ready({ simd: false }).then(() => {
         const g = tf.grad((p) => t.meanSquaredError()(tf.tensor([2, 3]), p))(tf.tensor([1, 5]));
         console.log(Array.from(g.dataSync()).join(" "));
       });`,
      "commonjs",
    );
    // hand-computed: ∂/∂p mean((p − y)²) = (p − y) = [−1, 2]
    expect(out).toBe("-1 2");
  });
});
