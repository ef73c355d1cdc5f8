// `npm run test:bun`: the Node-side kernel tests (losses, metrics, errors, zero-copy, the loader
// and its fallbacks, vector math) run under Bun (JavaScriptCore, the engine of Safari), once per
// build of scripts/builds.mjs. They are the same vitest files with the same cases and expected
// values: Bun's test runner runs them with test/bun/preload.ts, which adds the vitest APIs Bun
// lacks and makes the build SIMDLOSS_BUILD names ready, as test/setup.ts does under vitest.
//
// Bun is the devDependency `bun` (node_modules/.bin/bun; BUN_PATH names another binary). Without
// it the run is skipped with a loud message; with CI=true that is a failure. Prints one
// "bun BUILD: N passed, N failed" line per build and the total; with SIMDLOSS_RESULTS=FILE it
// also writes { numPassedTests, numFailedTests } there (as vitest's JSON reporter does) and the
// counts per build, for .ci/run's summary. Exit code 0 when every test passed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { BUILDS } from "./builds.mjs";

/** The test folders that run under Bun (each file uses only what test/bun/preload.ts provides). */
const BUN_TESTS = ["test/losses", "test/metrics", "test/core", "test/math"];

function findBun() {
  if (process.env.BUN_PATH) return existsSync(process.env.BUN_PATH) ? process.env.BUN_PATH : null;
  const local = "node_modules/.bin/bun";
  if (existsSync(local) && spawnSync(local, ["--version"]).status === 0) return local;
  return spawnSync("bun", ["--version"]).status === 0 ? "bun" : null;
}

function report(passed, failed, builds = {}) {
  if (process.env.SIMDLOSS_RESULTS) {
    writeFileSync(process.env.SIMDLOSS_RESULTS, JSON.stringify({ numPassedTests: passed, numFailedTests: failed, builds }) + "\n");
  }
}

const bun = findBun();
if (bun === null) {
  const why = "no Bun found (`npm install` installs the devDependency `bun`; or set BUN_PATH)";
  if (process.env.CI) {
    console.error(`test:bun: ${why}; CI=true: a missing Bun is a failure`);
    report(0, 1);
    process.exit(1);
  }
  const line = "!".repeat(100);
  console.warn(`\n${line}\n!!! SKIPPED the Bun tests: ${why}\n${line}\n`);
  process.exit(0);
}

/** Runs bun test on one build; resolves to { passed, failed, code }. Bun's output goes to ours. */
function run(build) {
  return new Promise((resolve) => {
    const args = ["test", "--timeout", "120000", "--preload", "./test/bun/preload.ts", ...BUN_TESTS];
    const child = spawn(bun, args, { env: { ...process.env, SIMDLOSS_BUILD: build }, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const keep = (stream) => (d) => {
      text += d;
      stream.write(d);
    };
    child.stdout.on("data", keep(process.stdout));
    child.stderr.on("data", keep(process.stderr));
    child.on("exit", (code) => {
      const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}$`, "m").exec(text)?.[1] ?? 0);
      resolve({ passed: count("pass"), failed: count("fail"), code });
    });
  });
}

const version = spawnSync(bun, ["--version"], { encoding: "utf8" }).stdout.trim();
let passed = 0;
let failed = 0;
const lines = [];
const builds = {};
for (const { name } of BUILDS) {
  const r = await run(name);
  // a run that failed without a failing test (a crash, a file that did not load) counts as one
  const f = r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0);
  passed += r.passed;
  failed += f;
  builds[name] = { passed: r.passed, failed: f };
  lines.push(`bun ${version} ${name}: ${r.passed} passed, ${f} failed`);
}
console.log(`\n${lines.join("\n")}`);
report(passed, failed, builds);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
