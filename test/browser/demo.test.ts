// Drives the demo page (demo/) in headless Chromium: loads demo/sample.json with the "load the
// sample" button and checks every number shown against values computed here in Node (float64,
// from the formulas); runs the in-browser benchmark; drops a small binary CSV on the page; reads
// a bad file through the file input; checks the ROC curves drawn for the sample and the binary sample. Screenshots go to test/browser/screenshots/ (gitignored).
// Each project opens the page with ?build=<its build>; Chromium validates all three builds.
import { mkdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { BUILD } from "../setup.js";
import { expectClose } from "../util/close.js";
import { trapezoid } from "../util/curves-ref.mjs";
import { describeInBrowser } from "./chromium.js";

interface Sample { labels: number[]; probabilities: number[][]; classes: string[] }
const sample: Sample = JSON.parse(readFileSync("demo/sample.json", "utf8"));
const K = sample.classes.length;
const N = sample.labels.length;

// ---- float64 references over the sample ----
const f32 = Math.fround; // the page holds the probabilities as float32
const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const predictions = sample.probabilities.map(argmax);
let sq = 0;
let abs = 0;
let ce = 0;
const matrix = Array.from({ length: K }, () => new Array<number>(K).fill(0));
sample.labels.forEach((label, i) => {
  const row = sample.probabilities[i];
  const sum = row.reduce((a, b) => a + f32(b), 0);
  ce -= Math.log(Math.min(Math.max(f32(row[label]) / sum, 1e-7), 1 - 1e-7));
  row.forEach((p, c) => {
    const t = c === label ? 1 : 0;
    sq += (f32(p) - t) ** 2;
    abs += Math.abs(f32(p) - t);
  });
  matrix[label][predictions[i]]++;
});
/** One-vs-rest ROC AUC of class c by counting pairs: P(s_pos > s_neg) + ½ P(s_pos = s_neg). */
function aucOneVsRest(c: number): number {
  const pos: number[] = [];
  const neg: number[] = [];
  sample.labels.forEach((l, i) => (l === c ? pos : neg).push(f32(sample.probabilities[i][c])));
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}
/** Binary ROC AUC by counting pairs over the binary sample, P(digit 1) as float32 (as the page holds it). */
const binarySample: { labels: number[]; probabilities: number[] } = JSON.parse(readFileSync("demo/sample-binary.json", "utf8"));
function aucBinary(): number {
  let wins = 0, pos = 0, neg = 0;
  binarySample.labels.forEach((l, i) => {
    if (l !== 1) return;
    pos++;
    binarySample.labels.forEach((m, j) => {
      if (m === 1) return;
      const [p, q] = [f32(binarySample.probabilities[i]), f32(binarySample.probabilities[j])];
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  neg = binarySample.labels.length - pos;
  return wins / (pos * neg);
}
const REF = {
  auc: Array.from({ length: K }, (_, c) => aucOneVsRest(c)).reduce((a, b) => a + b, 0) / K,
  mse: sq / (N * K),
  mae: abs / (N * K),
  crossentropy: ce / N,
  accuracy: predictions.filter((p, i) => p === sample.labels[i]).length / N,
};
const recall = (c: number) => matrix[c][c] / matrix[c].reduce((a, b) => a + b, 0);
const precision = (c: number) => matrix[c][c] / matrix.reduce((a, row) => a + row[c], 0);

const path = `/?build=${BUILD}`;

describeInBrowser(`browser (Chromium): demo page on the ${BUILD} build`, path, (session) => {
  it("starts with the requested build and no page errors", async () => {
    const { page, pageErrors } = session();
    await page.waitForSelector("body[data-state=ready]");
    expect(await page.getAttribute("[data-build]", "data-build")).toBe(BUILD);
    expect(pageErrors).toEqual([]);
  });

  it("shows the sample's losses, accuracy, confusion matrix and report, matching Node", async () => {
    const { page, pageErrors } = session();
    await page.click("#sample"); // "load the sample": fetches demo/sample.json
    await page.waitForSelector("body[data-state=done]");
    expect(await page.textContent("#dataset")).toContain(`${N.toLocaleString("en")} rows × ${K} classes`);

    // each value comes from simdloss exactly when this build exports the function
    // (a string, so that vitest's transform leaves this import() alone)
    const exported: string[] = await page.evaluate('import("simdloss").then((m) => Object.keys(m))');
    const expectedSource = (fn: string, fallback: string) => (exported.includes(fn) ? "simdloss" : fallback);
    expect(await page.getAttribute("#matrix", "data-source")).toBe(expectedSource("confusionMatrix", "plain JS fallback"));
    expect(await page.getAttribute("#report", "data-source")).toBe(expectedSource("classificationReport", "plain JS fallback"));

    // losses: the value each card holds, and its rounded text
    for (const key of ["mse", "mae", "accuracy", "crossentropy", "auc"] as const) {
      const card = page.locator(`[data-metric=${key}]`);
      const source = await card.getAttribute("data-source");
      const fn = (await card.locator(".fn").textContent())!;
      expect(source, fn).toBe(expectedSource(fn, key === "accuracy" ? "plain JS fallback" : "not available in this build"));
      if (source === "not available in this build") {
        expect(await card.locator(".value").textContent()).toBe("—");
        continue;
      }
      const value = Number(await card.getAttribute("data-value"));
      expectClose(value, REF[key], 1e-5, 1e-7, key);
      const text = (await card.locator(".value").textContent())!;
      if (key === "accuracy") expect(text).toBe(`${(100 * REF.accuracy).toFixed(2)} %`);
      else expectClose(Number(text), REF[key], 1e-5, 0, `${key} text`);
    }

    // confusion matrix: every cell's count
    const cells = await page.$$eval("#matrix td", (tds) =>
      tds.map((td) => [Number(td.getAttribute("data-true")), Number(td.getAttribute("data-pred")), Number(td.textContent)]));
    expect(cells).toHaveLength(K * K);
    for (const [t, p, count] of cells) expect(count, `cell true ${t} predicted ${p}`).toBe(matrix[t][p]);

    // classification report: per-class precision and recall, two decimals (sklearn's layout)
    const report = (await page.textContent("#report pre"))!;
    for (let c = 0; c < K; c++) {
      const line = report.split("\n").find((l) => l.trim().startsWith(`${sample.classes[c]} `));
      expect(line, `report line of class ${c}`).toBeDefined();
      const [, prec, rec] = line!.trim().split(/\s+/).map(Number);
      expect(prec).toBeCloseTo(precision(c), 2);
      expect(rec).toBeCloseTo(recall(c), 2);
    }
    expect(pageErrors).toEqual([]);

    mkdirSync("test/browser/screenshots", { recursive: true });
    await page.screenshot({ path: `test/browser/screenshots/demo-${BUILD}.png`, fullPage: true });
  });

  it("runs the benchmark in the page: a timing per build and for plain JS", async () => {
    const { page, pageErrors } = session();
    await page.click("#bench-run");
    await page.waitForSelector("body[data-bench=done]", { timeout: 60_000 });
    const row = await page.$$eval("tr[data-op=meanSquaredError] td", (tds) => tds.map((td) => td.textContent ?? ""));
    expect(row[0]).toBe("mean squared error");
    expect(row[1]).toBe((N * K).toLocaleString("en"));
    // relaxed SIMD, SIMD, scalar, plain JS
    for (const cell of row.slice(2, 6)) expect(cell).toMatch(/^\d+(\.\d+)? (ms|µs)$/);
    const zeroCopy = await page.$$eval("tr[data-op=meanSquaredError-zero-copy] td", (tds) => tds.map((td) => td.textContent ?? ""));
    for (const cell of zeroCopy.slice(2, 6)) expect(cell).toMatch(/^\d+(\.\d+)? (ms|µs)$/);
    expect(await page.getAttribute("[data-build]", "data-build"), "the build is restored after the benchmark").toBe(BUILD);
    mkdirSync("test/browser/screenshots", { recursive: true });
    await page.screenshot({ path: `test/browser/screenshots/demo-bench-${BUILD}.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("reads a binary CSV (label, P(class 1)) dropped on the page and shows MSE, MAE and accuracy", async () => {
    const { page } = session();
    // hand-computed: labels 1,0,1,0; p 0.9,0.2,0.4,0.6 → errors 0.1,0.2,0.6,0.6
    const csv = "label,p\n1,0.9\n0,0.2\n1,0.4\n0,0.6\n";
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "tiny.csv", { type: "text/csv" }));
      return dt;
    }, csv);
    await page.dispatchEvent("#drop", "drop", { dataTransfer });
    await page.waitForFunction(() => document.querySelector("#dataset")?.textContent?.startsWith("tiny.csv"));
    await page.waitForSelector("body[data-state=done]");
    const value = async (key: string) => Number(await page.getAttribute(`[data-metric=${key}]`, "data-value"));
    expectClose(await value("mse"), (0.01 + 0.04 + 0.36 + 0.36) / 4, 1e-6); // 0.1925
    expectClose(await value("mae"), (0.1 + 0.2 + 0.6 + 0.6) / 4, 1e-6); // 0.375
    expectClose(await value("accuracy"), 0.5, 0); // rows 1 and 2 right
    // −(log 0.9 + log 0.8 + log 0.4 + log 0.4) / 4, p as float32
    const bce = -(Math.log(Math.fround(0.9)) + Math.log(1 - Math.fround(0.2)) + Math.log(Math.fround(0.4)) + Math.log(1 - Math.fround(0.6))) / 4;
    if ((await page.getAttribute("[data-metric=crossentropy]", "data-source")) === "simdloss") {
      expectClose(await value("crossentropy"), bce, 1e-5);
    }
    expect(await page.textContent("#dataset")).toContain("4 rows × 2 classes (binary)");
  });

  it("says what is wrong with a bad file", async () => {
    const { page } = session();
    await page.setInputFiles("#file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("label,p\n3,0.5\n") });
    await page.waitForSelector("body[data-state=error]");
    expect(await page.textContent("#error")).toContain("row 1: label 3 is not a class in [0, 2)");
  });
  it("draws the ROC curves (rocCurve): one per digit for the sample, one for the binary sample; each encloses its pair-counting AUC", async () => {
    const { page, pageErrors } = session();
    type Curve = { label: string; auc: number; fpr: number[]; tpr: number[] };
    const curves = (): Promise<Curve[]> => page.$$eval("#roc polyline", (ps) => ps.map((p) => ({
      label: p.getAttribute("data-label") ?? "", auc: Number(p.getAttribute("data-auc")),
      fpr: (p.getAttribute("data-fpr") ?? "").split(",").map(Number), tpr: (p.getAttribute("data-tpr") ?? "").split(",").map(Number),
    })));
    const load = async (button: string, file: string) => {
      await page.evaluate('document.querySelector("#roc").innerHTML = ""');
      await page.click(button);
      await page.waitForFunction(`document.querySelector("#dataset").textContent.startsWith("${file}") && document.querySelectorAll("#roc polyline").length > 0`);
    };
    const check = (c: Curve, auc: number) => {
      expectClose(c.auc, auc, 1e-12, 0, `${c.label} AUC`);
      expectClose(trapezoid(c.fpr, c.tpr), auc, 1e-12, 0, `${c.label} area under the drawn points`);
      expect([c.fpr[0], c.tpr[0], c.fpr.at(-1), c.tpr.at(-1)], c.label).toEqual([0, 0, 1, 1]);
      for (let i = 1; i < c.fpr.length; i++) expect(c.fpr[i] >= c.fpr[i - 1] && c.tpr[i] >= c.tpr[i - 1], `${c.label} point ${i}`).toBe(true);
    };
    await load("#sample", "sample.json");
    const ovr = await curves();
    expect(ovr.map((c) => c.label)).toEqual(sample.classes.map((name) => `${name} vs rest`));
    ovr.forEach((c, k) => check(c, aucOneVsRest(k)));
    await load("#sample-binary", "sample-binary.json");
    const binary = await curves();
    expect(binary.map((c) => c.label)).toEqual(["1 vs 0"]);
    check(binary[0], aucBinary());
    expect(pageErrors).toEqual([]);
  });
});
