// Drives the demo page (demo/) in headless Chromium and Firefox: loads demo/sample.json with the
// "load the sample" button and checks every number shown against values computed here in Node
// (float64, from the formulas); runs the in-browser benchmark and checks the value every build and
// plain JS computed while being timed; drops a small binary CSV on the page; reads a bad file
// through the file input; checks the ROC curves drawn for the sample and the binary sample.
// Screenshots go to test/browser/screenshots/ (gitignored). Each project opens the page with
// ?build=<its build>; both browsers validate every build.
import { mkdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { BUILD } from "../setup.js";
import { expectClose } from "../util/close.js";
import { trapezoid } from "../util/curves-ref.mjs";
import type { Page } from "puppeteer-core";
import { BUILD_NAMES } from "../../scripts/builds.mjs";
import { describeInBrowsers } from "./browsers.js";

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

const attr = (page: Page, selector: string, name: string) => page.$eval(selector, (e, n) => e.getAttribute(n), name);
const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? "");
const screenshot = async (page: Page, name: string) => {
  mkdirSync("test/browser/screenshots", { recursive: true });
  await page.screenshot({ path: `test/browser/screenshots/${name}.png`, fullPage: true });
};

describeInBrowsers(`browser: demo page on the ${BUILD} build`, path, (session) => {
  const shot = (what: string) => `${what}-${BUILD}-${session().browser.name.toLowerCase()}`;

  it("starts with the requested build and no page errors", async () => {
    const { page, pageErrors } = session();
    await page.waitForSelector("body[data-state=ready]");
    expect(await attr(page, "[data-build]", "data-build")).toBe(BUILD);
    expect(pageErrors).toEqual([]);
  });

  it("shows the sample's losses, accuracy, confusion matrix and report, matching Node", async () => {
    const { page, pageErrors } = session();
    await page.click("#sample"); // "load the sample": fetches demo/sample.json
    await page.waitForSelector("body[data-state=done]");
    expect(await text(page, "#dataset")).toContain(`${N.toLocaleString("en")} rows × ${K} classes`);

    // losses: the value each card holds, its rounded text, and the function it came from
    const FN = { mse: "meanSquaredError", mae: "meanAbsoluteError", accuracy: "sparseCategoricalAccuracy", crossentropy: "sparseCategoricalCrossentropy", auc: "rocAuc" };
    for (const key of ["mse", "mae", "accuracy", "crossentropy", "auc"] as const) {
      const card = `[data-metric=${key}]`;
      expect(await text(page, `${card} .fn`), key).toBe(FN[key]);
      expectClose(Number(await attr(page, card, "data-value")), REF[key], 1e-5, 1e-7, key);
      const shown = await text(page, `${card} .value`);
      if (key === "accuracy") expect(shown).toBe(`${(100 * REF.accuracy).toFixed(2)} %`);
      else expectClose(Number(shown), REF[key], 1e-5, 0, `${key} text`);
    }

    // confusion matrix: every cell's count
    const cells = await page.$$eval("#matrix td", (tds) =>
      tds.map((td) => [Number(td.getAttribute("data-true")), Number(td.getAttribute("data-pred")), Number(td.textContent)]));
    expect(cells).toHaveLength(K * K);
    for (const [t, p, count] of cells) expect(count, `cell true ${t} predicted ${p}`).toBe(matrix[t][p]);

    // classification report: per-class precision and recall, two decimals (sklearn's layout)
    const report = await text(page, "#report pre");
    for (let c = 0; c < K; c++) {
      const line = report.split("\n").find((l) => l.trim().startsWith(`${sample.classes[c]} `));
      expect(line, `report line of class ${c}`).toBeDefined();
      const [, prec, rec] = line!.trim().split(/\s+/).map(Number);
      expect(prec).toBeCloseTo(precision(c), 2);
      expect(rec).toBeCloseTo(recall(c), 2);
    }
    expect(pageErrors).toEqual([]);
    await screenshot(page, shot("demo"));
  });

  it("runs the benchmark in the page: every build and plain JS compute the right values while timed", async () => {
    const { page, pageErrors } = session();
    await page.click("#bench-run");
    await page.waitForSelector("body[data-bench=done]", { timeout: 120_000 });
    type Cell = { impl: string | null; ms: string | null; result: string | null };
    const row = (op: string) =>
      page.$$eval(`tr[data-op=${op}] td[data-impl]`, (tds) =>
        tds.map((td) => ({ impl: td.getAttribute("data-impl"), ms: td.getAttribute("data-ms"), result: td.getAttribute("data-result") })));
    const flatMatrix = matrix.flat();
    const expected: Record<string, (result: unknown, what: string) => void> = {
      meanSquaredError: (r, what) => expectClose(r as number, REF.mse, 1e-5, 1e-7, what),
      "meanSquaredError-zero-copy": (r, what) => expectClose(r as number, REF.mse, 1e-5, 1e-7, what),
      sparseCategoricalCrossentropy: (r, what) => expectClose(r as number, REF.crossentropy, 1e-5, 1e-7, what),
      sparseCategoricalAccuracy: (r, what) => expectClose(r as number, REF.accuracy, 1e-12, 0, what),
      confusionMatrix: (r, what) => expect(r, what).toEqual(flatMatrix),
    };
    for (const [op, check] of Object.entries(expected)) {
      const cells: Cell[] = await row(op);
      // every build this browser validates (all of them, here), then plain JS
      expect(cells.map((c) => c.impl), op).toEqual([...BUILD_NAMES, "js"]);
      for (const c of cells) {
        expect(Number(c.ms), `${op} ${c.impl} median ms`).toBeGreaterThan(0);
        check(JSON.parse(c.result!), `${op} ${c.impl}`);
      }
      // the ratio column: plain JS time over the fastest build's, one decimal
      const speedup = await page.$eval(`tr[data-op=${op}] td[data-speedup]`, (td) => td.textContent);
      expect(speedup, op).toBe(`${(Number(cells.at(-1)!.ms) / Number(cells[0].ms)).toFixed(1)}×`);
    }
    expect(await attr(page, "[data-build]", "data-build"), "the build is restored after the benchmark").toBe(BUILD);
    await screenshot(page, shot("demo-bench"));
    expect(pageErrors).toEqual([]);
  });

  it("reads a binary CSV (label, P(class 1)) dropped on the page and shows MSE, MAE, accuracy and cross-entropy", async () => {
    const { page } = session();
    // hand-computed: labels 1,0,1,0; p 0.9,0.2,0.4,0.6 → errors 0.1,0.2,0.6,0.6
    const csv = "label,p\n1,0.9\n0,0.2\n1,0.4\n0,0.6\n";
    await page.evaluate((content) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([content], "tiny.csv", { type: "text/csv" }));
      document.querySelector("#drop")!.dispatchEvent(new DragEvent("drop", { dataTransfer, bubbles: true, cancelable: true }));
    }, csv);
    await page.waitForFunction(() => document.querySelector("#dataset")?.textContent?.startsWith("tiny.csv"));
    await page.waitForSelector("body[data-state=done]");
    const value = async (key: string) => Number(await attr(page, `[data-metric=${key}]`, "data-value"));
    expectClose(await value("mse"), (0.01 + 0.04 + 0.36 + 0.36) / 4, 1e-6); // 0.1925
    expectClose(await value("mae"), (0.1 + 0.2 + 0.6 + 0.6) / 4, 1e-6); // 0.375
    expectClose(await value("accuracy"), 0.5, 0); // rows 1 and 2 right
    // −(log 0.9 + log 0.8 + log 0.4 + log 0.4) / 4, p as float32
    const bce = -(Math.log(Math.fround(0.9)) + Math.log(1 - Math.fround(0.2)) + Math.log(Math.fround(0.4)) + Math.log(1 - Math.fround(0.6))) / 4;
    expectClose(await value("crossentropy"), bce, 1e-5);
    expect(await text(page, "#dataset")).toContain("4 rows × 2 classes (binary)");
  });

  it("says what is wrong with a bad file", async () => {
    const { page } = session();
    // the file input, given a file as a user's file picker would (the input's change event)
    await page.evaluate(() => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File(["label,p\n3,0.5\n"], "bad.csv", { type: "text/csv" }));
      const input = document.querySelector<HTMLInputElement>("#file")!;
      input.files = dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await page.waitForSelector("body[data-state=error]");
    expect(await text(page, "#error")).toContain("row 1: label 3 is not a class in [0, 2)");
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
