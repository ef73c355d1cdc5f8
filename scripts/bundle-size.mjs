// Prints the size of each built entry (dist/), raw and gzipped, and of the browser entry as a
// user's bundler would ship it (esbuild, platform "browser", minified), as a Markdown table.
// Run after `npm run build`: `npm run size`.
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const rows = [];
for (const [entry, file] of [["import / browser (ESM)", "dist/index.js"], ["require (CJS)", "dist/index.cjs"]]) {
  const bytes = await readFile(file);
  rows.push([`\`${file}\` (${entry})`, bytes.length, gzipSync(bytes, { level: 9 }).length]);
}
const bundled = await build({
  stdin: { contents: 'export * from "simdloss";', resolveDir: process.cwd() },
  bundle: true, write: false, platform: "browser", format: "esm", minify: true,
});
const min = bundled.outputFiles[0].contents;
rows.push(["`simdloss` bundled for the browser by esbuild, minified", min.length, gzipSync(min, { level: 9 }).length]);

console.log("| entry | size | gzipped |\n|---|---:|---:|");
for (const [name, raw, gz] of rows) console.log(`| ${name} | ${kb(raw)} | ${kb(gz)} |`);
