// Prints, as Markdown tables, the size (raw and gzipped) of what the package ships in dist/ and of
// what a browser downloads: the ESM entry (dist/index.js, the `import` and `browser` export), the
// chunk each build's base64 lives in (dist/wasm-<build>.generated-<hash>.js, imported only when
// ready() runs that build), the small shared chunks the entry imports statically, and the CJS
// file (one file with every build). Then the same for the browser entry as a user's bundler would
// ship it (esbuild, platform "browser", minified, code splitting on), and what a browser
// downloads for each choice of ready(): the entry, its static imports and the one build's chunk.
// Run after `npm run build`: `npm run size`.
import { readFile, readdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BUILD_NAMES as BUILDS } from "./builds.mjs";

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const table = (title, rows) => {
  console.log(`\n${title}\n\n| file | size | gzipped |\n|---|---:|---:|`);
  for (const [name, raw, zipped] of rows) console.log(`| ${name} | ${kb(raw)} | ${kb(zipped)} |`);
};

/** Files as { name → bytes }; the entry's static and dynamic imports, by name. */
const staticImports = (text) => [...text.matchAll(/^(?:import|export)[^'"\n]*from ['"]\.\/([^'"]+)['"]|^import ['"]\.\/([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]);
const buildChunk = (names, b) => names.find((n) => n.startsWith(`wasm-${b}.generated-`) || n.startsWith(`wasm-${b}.generated.`));

/** Size rows for one set of files (a dist/ or an esbuild output): entry, shared chunks, builds, and per-choice totals. */
function report(title, files, entry) {
  const names = Object.keys(files);
  const shared = staticImports(new TextDecoder().decode(files[entry]));
  const rows = [[`\`${entry}\` (entry)`, files[entry].length, gz(files[entry])]];
  for (const s of shared) rows.push([`\`${s}\` (shared chunk, imported by the entry)`, files[s].length, gz(files[s])]);
  for (const b of BUILDS) {
    const c = buildChunk(names, b);
    rows.push([`\`${c}\` (the ${b} build)`, files[c].length, gz(files[c])]);
  }
  for (const b of BUILDS) {
    const parts = [entry, ...shared, buildChunk(names, b)];
    const raw = parts.reduce((n, p) => n + files[p].length, 0);
    const zipped = parts.reduce((n, p) => n + gz(files[p]), 0);
    const what = shared.length > 0 ? `entry + shared + ${b} chunk` : `entry + ${b} chunk`;
    rows.push([`**what a browser downloads when ready() picks ${b}** (${what}, each gzipped alone)`, raw, zipped]);
  }
  table(title, rows);
}

const dist = {};
for (const name of await readdir("dist")) if (name.endsWith(".js") && name !== "trainer.js" && name !== "tfjs.js") dist[name] = await readFile(`dist/${name}`);
report("dist/ (ESM: `import` and `browser` export)", dist, "index.js");
const cjs = await readFile("dist/index.cjs");
table("dist/ (CJS: `require`, one file with every build)", [["`index.cjs`", cjs.length, gz(cjs)]]);

const bundled = await build({
  stdin: { contents: 'export * from "simdloss";', resolveDir: process.cwd(), sourcefile: "app.js" },
  bundle: true, write: false, platform: "browser", format: "esm", minify: true,
  splitting: true, outdir: "out", entryNames: "[name]", chunkNames: "[name]-[hash]",
});
const out = Object.fromEntries(bundled.outputFiles.map((f) => [f.path.split(/[\\/]/).pop(), f.contents]));
report("`simdloss` bundled for the browser by esbuild (minified, splitting: true)", out, "stdin.js");
