// The browser entry needs no bundler configuration: esbuild, resolving "simdloss" through the
// package's `exports` with platform "browser", bundles it with no Node built-in, no file or
// network loading, and the wasm embedded. (esbuild fails to resolve any `node:` import for this
// platform; the first test checks that it does, so the second can fail.)
//
// Each build's base64 lives in its own sibling chunk of dist/index.js, reached by a relative
// dynamic import(): with code splitting, a bundler keeps each build in its own chunk and the
// entry chunk holds none of them.
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { BUILD_NAMES as BUILDS, type BuildName } from "../../scripts/builds.mjs";

const DIST = "dist/index.js";

async function bundleForBrowser(contents: string, splitting = false) {
  return build({
    stdin: { contents, resolveDir: process.cwd() },
    bundle: true, write: false, platform: "browser", format: "esm", metafile: true, logLevel: "silent",
    ...(splitting ? { splitting: true, outdir: "out", chunkNames: "[name]-[hash]" } : {}),
  });
}

const base64Of = (b: BuildName): string =>
  /WASM_BASE64 =\s*"([^"]+)"/.exec(readFileSync(`src/core/wasm-${b}.generated.ts`, "utf8"))![1];

/**
 * 64 characters of a build's base64 (read from the generated source, not from dist/) that no other
 * build's base64 contains: the first such window from the middle on (the builds share data
 * segments, so a window there may be common to all of them).
 */
function fingerprint(b: BuildName): string {
  const base64 = base64Of(b);
  const others = BUILDS.filter((o) => o !== b).map(base64Of);
  for (let at = base64.length >> 1; at + 64 <= base64.length; at += 64) {
    const window = base64.slice(at, at + 64);
    if (!others.some((o) => o.includes(window))) return window;
  }
  throw new Error(`no 64-character window of the ${b} build is unique to it`);
}

/** The chunk files next to dist/index.js (every .js in dist/ but the entries and the trainer). */
const chunks = () => readdirSync("dist").filter((f) => f.endsWith(".js") && !["index.js", "tfjs.js", "trainer.js"].includes(f));

describe.runIf(existsSync(DIST) || process.env.CI)("browser entry (esbuild, platform: 'browser')", () => {
  it("esbuild rejects a Node built-in for the browser (the check below can fail)", async () => {
    await expect(bundleForBrowser('import { readFileSync } from "node:fs"; console.log(readFileSync);')).rejects.toThrow(
      /node:fs/,
    );
  });

  it('"simdloss" resolves to dist/index.js through the "browser" condition and bundles with its sibling chunks only', async () => {
    const result = await bundleForBrowser('export * from "simdloss";');
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs).sort();
    expect(inputs).toEqual(["<stdin>", DIST, ...chunks().map((f) => `dist/${f}`)].sort());
    for (const b of BUILDS) expect(inputs.filter((f) => f.startsWith(`dist/wasm-${b}.generated-`)), b).toHaveLength(1);
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.exports["."].browser.default).toBe(`./${DIST}`);
    expect(pkg.exports["./browser"].default).toBe(`./${DIST}`);
  });

  it("the browser entry and its chunks are ESM and refer to no Node global, no file and no network", () => {
    for (const file of [DIST, ...chunks().map((f) => `dist/${f}`)]) {
      const text = readFileSync(file, "utf8");
      expect(text, file).toMatch(/^export \{/m);
      for (const banned of [/\brequire\(/, /\bprocess\./, /\bBuffer\b/, /\b__dirname\b/, /\bfetch\(/, /import\.meta/, /from "node:/]) {
        expect(text, `${file} must not match ${banned}`).not.toMatch(banned);
      }
    }
    expect(readFileSync(DIST, "utf8"), "the wasm is embedded as base64 and decoded with atob").toMatch(/\batob\(/);
  });

  it("dist/index.js holds no build: each build's base64 is in exactly one chunk, imported by a relative import()", () => {
    const entry = readFileSync(DIST, "utf8");
    for (const b of BUILDS) {
      expect(entry.includes(fingerprint(b)), `dist/index.js must not embed the ${b} build`).toBe(false);
      const holders = chunks().filter((f) => readFileSync(`dist/${f}`, "utf8").includes(fingerprint(b)));
      expect(holders, b).toHaveLength(1);
      expect(holders[0]).toMatch(new RegExp(`^wasm-${b}\\.generated-[\\w-]+\\.js$`));
      expect(entry).toContain(`import('./${holders[0]}')`);
    }
    // the fingerprints above prove that no build is inside; the bound keeps the core's size in view
    expect(entry.length, "the entry is the core only (under 128 KiB)").toBeLessThan(128 * 1024);
  });

  it("bundled with code splitting (esbuild splitting: true), the entry chunk holds no build and each build is its own chunk", async () => {
    const result = await bundleForBrowser('import { ready, meanSquaredError } from "simdloss"; await ready(); console.log(meanSquaredError([2, 3], [1, 5]));', true);
    expect(result.errors).toEqual([]);
    const files = result.outputFiles.map((f) => ({ path: f.path.split(/[\\/]/).pop()!, text: f.text }));
    const entry = files.find((f) => f.path === "stdin.js")!;
    expect(entry, "the entry chunk").toBeDefined();
    for (const b of BUILDS) {
      expect(entry.text.includes(fingerprint(b)), `the entry chunk must not embed the ${b} build`).toBe(false);
      const holders = files.filter((f) => f.text.includes(fingerprint(b)));
      expect(holders.map((f) => f.path), b).toHaveLength(1);
      expect(entry.text, `the entry imports the ${b} chunk lazily`).toMatch(new RegExp(`import\\("\\./${holders[0].path.replace(/\./g, "\\.")}"\\)`));
    }
    expect(entry.text.length).toBeLessThan(128 * 1024);
  });
});
