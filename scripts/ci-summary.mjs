// .ci/run's closing lines: for each run (label) its counts from test-results/<label>.json, per
// build where the report says (vitest: each test's meta.build, set by test/setup.ts; the Bun
// runner: its `builds`), then the plain "N passed, N failed" summed over every run. A run that
// wrote no counts (a failed type check, a crash) counts as one failure. Exit 1 when nothing passed.
//   node scripts/ci-summary.mjs LABEL…
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const label of process.argv.slice(2)) {
  const file = `test-results/${label}.json`;
  if (!existsSync(file)) {
    console.log(`${label}: wrote no results (counted as 1 failed)`);
    failed++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  const f = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  const perBuild = r.builds ?? {};
  for (const t of (r.testResults ?? []).flatMap((file) => file.assertionResults)) {
    const b = t.meta?.build;
    if (!b || (t.status !== "passed" && t.status !== "failed")) continue;
    perBuild[b] ??= { passed: 0, failed: 0 };
    perBuild[b][t.status]++;
  }
  const builds = Object.entries(perBuild).map(([b, c]) => `${b} ${c.passed}/${c.failed}`).join(", ");
  console.log(`${label}: ${r.numPassedTests} passed, ${f} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""}` +
    (builds ? ` (passed/failed per build: ${builds})` : ""));
  passed += r.numPassedTests;
  failed += f;
  skipped += r.numPendingTests ?? 0;
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(passed === 0 ? 1 : 0);
