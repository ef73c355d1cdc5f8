import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

// The published package, through its exports map (self-reference by name), as ESM and CJS.
const run = (code: string, type: "module" | "commonjs") =>
  execFileSync(process.execPath, [type === "module" ? "--input-type=module" : "--input-type=commonjs", "-e", code], {
    encoding: "utf8",
  }).trim();

describe("package entry points", () => {
  it("dist/ exists with ESM, CJS and type declarations", () => {
    for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts"]) expect(existsSync(f), f).toBe(true);
  });

  it("import 'simdloss' (ESM) computes the README example", () => {
    const out = run(`import { ready, meanSquaredError } from "simdloss"; await ready(); console.log(meanSquaredError([2, 3], [1, 5]));`, "module");
    expect(Number(out)).toBe((1 + 4) / 2);
  });

  it("require('simdloss') (CJS) computes the README example on the scalar build", () => {
    const out = run(
      `const s = require("simdloss"); s.ready({ simd: false }).then((i) => console.log(i.build, s.meanSquaredError([2, 3], [1, 5])));`,
      "commonjs",
    );
    expect(out).toBe(`scalar ${(1 + 4) / 2}`);
  });
});
