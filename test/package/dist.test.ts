import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILD_NAMES } from "../../scripts/builds.mjs";

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

  it("every file dist/index.js imports (its chunks, static and dynamic) is in the published package", () => {
    // --ignore-scripts: no `prepare` rebuild; the list is what `npm publish` would ship.
    const [{ files }] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" }));
    const packed = new Set((files as { path: string }[]).map((f) => f.path));
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      expect(packed.has(file), `${file} must be in the package's files`).toBe(true);
      for (const [, rel] of readFileSync(file, "utf8").matchAll(/(?:from |import\(|import )['"](\.\/[^'"]+)['"]/g)) walk(`dist/${rel.slice(2)}`);
    };
    walk("dist/index.js");
    walk("dist/tfjs.js");
    // the entry, every build's chunk and tsup's helper chunk
    for (const b of BUILD_NAMES) expect([...seen].filter((f) => new RegExp(`^dist/wasm-${b}\\.generated-[\\w-]+\\.js$`).test(f)), b).toHaveLength(1);
    expect(packed.has("dist/trainer.js")).toBe(false);
  });

  it("dist/index.cjs stays one file (every build inside, evaluated lazily): it requires nothing relative", () => {
    expect(readFileSync("dist/index.cjs", "utf8")).not.toMatch(/require\(["']\.\//);
  });

  it("import 'simdloss' (ESM) loads only the chunk of the build ready() picks", () => {
    // A module-resolution hook in a child Node records which dist/ files are imported, in a file
    // written synchronously (the hook runs on its own thread on Node 20-24, whose console output
    // may be lost when the process exits).
    const dir = mkdtempSync(join(tmpdir(), "simdloss-hook-"));
    const log = join(dir, "loaded.txt");
    try {
      const hook = `data:text/javascript,${encodeURIComponent(
        `import { appendFileSync } from "node:fs"; export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes("/dist/")) appendFileSync(${JSON.stringify(log)}, r.url.split("/dist/")[1] + "\\n"); return r; }`,
      )}`;
      const code = `import { register } from "node:module"; register(${JSON.stringify(hook)}); const s = await import("simdloss"); const i = await s.ready({ build: "scalar" }); console.log("BUILD " + i.build);`;
      expect(run(code, "module").split("\n")).toContain("BUILD scalar");
      const loaded = readFileSync(log, "utf8").trim().split("\n");
      expect(loaded).toContain("index.js");
      expect(loaded.filter((f) => f.startsWith("wasm-"))).toEqual([expect.stringMatching(/^wasm-scalar\.generated-[\w-]+\.js$/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
