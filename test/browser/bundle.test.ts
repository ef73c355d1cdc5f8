// The browser entry needs no bundler configuration: esbuild, resolving "simdloss" through the
// package's `exports` with platform "browser", bundles it with no Node built-in, no file or
// network loading, and the wasm embedded. (esbuild fails to resolve any `node:` import for this
// platform; the first test checks that it does, so the second can fail.)
import { readFileSync, existsSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const DIST = "dist/index.js";

async function bundleForBrowser(contents: string) {
  return build({
    stdin: { contents, resolveDir: process.cwd() },
    bundle: true, write: false, platform: "browser", format: "esm", metafile: true, logLevel: "silent",
  });
}

describe.runIf(existsSync(DIST) || process.env.CI)("browser entry (esbuild, platform: 'browser')", () => {
  it("esbuild rejects a Node built-in for the browser (the check below can fail)", async () => {
    await expect(bundleForBrowser('import { readFileSync } from "node:fs"; console.log(readFileSync);')).rejects.toThrow(
      /node:fs/,
    );
  });

  it('"simdloss" resolves to dist/index.js through the "browser" condition and bundles alone', async () => {
    const result = await bundleForBrowser('export * from "simdloss";');
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.metafile.inputs).sort()).toEqual(["<stdin>", DIST]);
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.exports["."].browser.default).toBe(`./${DIST}`);
    expect(pkg.exports["./browser"].default).toBe(`./${DIST}`);
  });

  it("the browser entry is ESM and refers to no Node global, no file and no network", () => {
    const text = readFileSync(DIST, "utf8");
    expect(text).toMatch(/^export \{/m);
    for (const banned of [/\brequire\(/, /\bprocess\./, /\bBuffer\b/, /\b__dirname\b/, /\bfetch\(/, /import\.meta/, /from "node:/]) {
      expect(text, `dist/index.js must not match ${banned}`).not.toMatch(banned);
    }
    expect(text, "the wasm is embedded as base64 and decoded with atob").toMatch(/\batob\(/);
  });
});
