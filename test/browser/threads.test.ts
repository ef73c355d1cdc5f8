// The thread pool in real browsers (headless Chromium and Firefox), on the build of this vitest
// project, through the built package (dist/index.js) in test/browser/page/threads.html:
// - a page that is not cross-origin isolated runs one thread whatever ready() asks;
// - served with COOP same-origin and COEP require-corp (cross-origin isolated), ready({ threads })
//   starts Web Workers: the calls the pool runs (loss values of BCE from logits and sparse
//   cross-entropy) and those that stay on the calling thread (sparse cross-entropy with its
//   gradient, with and without `out`, and softmax: per-element outputs; memory-bound MSE, argmax,
//   accuracy; ROC AUC, sorted whole), at sizes of many
//   chunks, give at 2 and 3 threads the bits of 1 thread, within the stated bounds of a float64
//   reference written in the page (threads.js);
// - bad class ids in several chunks throw the LabelError naming the first bad row, and the pool
//   keeps working; close() returns to one thread;
// - a Content-Security-Policy that does not allow blob: workers means one thread (ready() neither
//   hangs nor throws), and `worker-src blob:` is what it takes.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Server } from "node:http";
import type { Page } from "puppeteer-core";
import { BUILD } from "../setup.js";
import { describeInBrowsers } from "./browsers.js";
// @ts-expect-error plain-JS module without type declarations
import { startServer } from "../../demo/serve.mjs";

const MOUNTS = { "/dist/": "dist", "/test/": "test/browser/page", "/": "demo" };
const ISOLATED = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };
const SCRIPTS = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'"; // the import map is inline
const PAGE = "test/threads.html";

/** Each case's bound on its largest relative error against the float64 reference (threads.js). */
const BOUNDS: Record<string, number> = {
  meanSquaredErrorWithGrad: 1e-6, // mean within 1e-6 relative, terms and gradient within 4 ULP
  binaryCrossentropyWithGrad: 5e-6, // relaxed build's softplus (README: 4.2e-6 for tiny losses)
  sparseCategoricalCrossentropy: 2e-6,
  sparseCategoricalCrossentropyWithGrad: 2e-6, // gradient entries within 2e-6 relative
  "sparseCategoricalCrossentropyWithGrad into out": 2e-6,
  softmax: 2e-6,
  argmax: 0,
  sparseCategoricalAccuracy: 0,
  rocAuc: 1e-12,
};

interface Info { build: string; threads: number; threadsSupported: boolean }
interface CaseResult { bits: string; hashes: Record<string, string>; error: number }
interface Thrown { label: boolean; message: string }
interface Api {
  ready(options: object): Promise<{ info: Info; isolated: boolean }>;
  run(build: string, threads: number): Promise<{ info: Info; cases: Record<string, CaseResult> }>;
  badLabels(build: string, threads: number): Promise<{
    info: Info; first: number; ce: Thrown | null; confusion: Thrown | null; afterError: number; threadsAfter: number;
  }>;
  close(): Promise<Info>;
}
type Win = { simdlossThreads: Api; simdlossThreadsReady?: boolean };

/** Opens the test page at `base` and waits until its script has loaded. */
async function open(page: Page, base: string): Promise<void> {
  await page.goto(new URL(PAGE, base).href);
  await page.waitForFunction(() => (window as unknown as Win).simdlossThreadsReady === true);
}

describeInBrowsers(`browser: threads on the ${BUILD} build`, `/${PAGE}`, (session) => {
  const servers: { url: string; server: Server; close(): Promise<void> }[] = [];
  const serve = async (headers: Record<string, string>) => {
    const s = await startServer({ mounts: MOUNTS, headers });
    servers.push(s);
    return s.url as string;
  };
  let isolated = "";
  beforeAll(async () => {
    isolated = await serve(ISOLATED);
  });
  afterAll(async () => {
    // before the browser closes (hooks run last-in first-out): its kept-alive connections would
    // hold close() open for minutes
    for (const s of servers) s.server.closeAllConnections();
    await Promise.all(servers.map((s) => s.close()));
  });
  const page = () => session().page;
  const ready = (options: object) => page().evaluate((o) => (window as unknown as Win).simdlossThreads.ready(o), options);

  it("a page that is not cross-origin isolated runs one thread, whatever ready() asks", async () => {
    await open(page(), session().url);
    for (const threads of ["auto", 4, 2] as const) {
      const r = await ready({ build: BUILD, threads });
      expect(r.isolated).toBe(false);
      expect(r.info).toMatchObject({ build: BUILD, threads: 1, threadsSupported: false });
    }
    const { info, cases } = await page().evaluate((b) => (window as unknown as Win).simdlossThreads.run(b, 2), BUILD);
    expect(info.threads).toBe(1);
    expect(cases.meanSquaredErrorWithGrad.error).toBeLessThanOrEqual(BOUNDS.meanSquaredErrorWithGrad);
    await page().evaluate(() => (window as unknown as Win).simdlossThreads.close());
    expect(session().pageErrors).toEqual([]);
  });

  it("cross-origin isolated: 2 and 3 threads on Web Workers give the bits of 1 thread, within the float64 reference's bounds", async () => {
    await open(page(), isolated);
    const runs: Record<number, Record<string, CaseResult>> = {};
    for (const threads of [1, 2, 3]) {
      const { info, cases } = await page().evaluate((b, t) => (window as unknown as Win).simdlossThreads.run(b, t), BUILD, threads);
      expect(info).toMatchObject({ build: BUILD, threads, threadsSupported: true });
      runs[threads] = cases;
    }
    expect(Object.keys(runs[1]).sort()).toEqual(Object.keys(BOUNDS).sort());
    for (const [name, bound] of Object.entries(BOUNDS)) {
      for (const threads of [1, 2, 3]) {
        const r = runs[threads][name];
        expect(r.error, `${name} at ${threads} threads against float64`).toBeLessThanOrEqual(bound);
        if (threads > 1) expect(r, `${name} at ${threads} threads against 1 thread`).toEqual(runs[1][name]);
      }
    }
  });

  it("cross-origin isolated: bad class ids in several chunks throw the LabelError of the first, and the pool keeps working", async () => {
    const r = await page().evaluate((b) => (window as unknown as Win).simdlossThreads.badLabels(b, 2), BUILD);
    expect(r.info.threads).toBe(2);
    expect(r.ce).toEqual({ label: true, message: `sparseCategoricalCrossentropy: labels[${r.first}] = -1 is out of range [0, 10)` });
    expect(r.confusion).toEqual({ label: true, message: `confusionMatrix: labels[${r.first}] = -1 is out of range [0, 10)` });
    expect(r.afterError).toBeLessThanOrEqual(BOUNDS.sparseCategoricalCrossentropy);
    expect(r.threadsAfter).toBe(2);
  });

  it("cross-origin isolated: close() returns to one thread", async () => {
    expect((await ready({ build: BUILD, threads: 3 })).info.threads).toBe(3);
    const info = await page().evaluate(() => (window as unknown as Win).simdlossThreads.close());
    expect(info).toMatchObject({ threads: 1, threadsSupported: true });
    const { info: after, cases } = await page().evaluate((b) => (window as unknown as Win).simdlossThreads.run(b, 1), BUILD);
    expect(after.threads).toBe(1);
    expect(cases.softmax.error).toBeLessThanOrEqual(BOUNDS.softmax);
  });

  it("a Content-Security-Policy must allow blob: workers; without, one thread", async () => {
    await open(page(), await serve({ ...ISOLATED, "content-security-policy": `default-src 'self'; ${SCRIPTS}` }));
    const blocked = await ready({ build: BUILD, threads: 2 });
    expect(blocked).toMatchObject({ isolated: true, info: { threads: 1, threadsSupported: true } });
    await open(page(), await serve({ ...ISOLATED, "content-security-policy": `default-src 'self'; ${SCRIPTS}; worker-src blob:` }));
    const allowed = await ready({ build: BUILD, threads: 2 });
    expect(allowed).toMatchObject({ isolated: true, info: { threads: 2, threadsSupported: true } });
    const { cases } = await page().evaluate((b) => (window as unknown as Win).simdlossThreads.run(b, 2), BUILD);
    for (const [name, bound] of Object.entries(BOUNDS)) expect(cases[name].error, name).toBeLessThanOrEqual(bound);
  });
});
