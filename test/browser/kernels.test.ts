// The built package (dist/index.js, the file the "browser" export condition points at) running in
// real headless Chromium: every case of cases.ts on the build of this vitest project ("simd" or
// "scalar"), compared in Node with a float64 reference.
import { expect, it } from "vitest";
import { BUILD } from "../setup.js";
import { CASES, NOT_KERNELS, type BrowserCase, type Reply } from "./cases.js";
import { describeInBrowser, type BrowserSession } from "./chromium.js";

interface Inventory {
  functions: string[];
  notReady: Reply;
  userAgent: string;
}

describeInBrowser(`browser (Chromium): kernels on the ${BUILD} build`, "/test/", (session) => {
  let inventory: Inventory | undefined;
  async function getInventory(s: BrowserSession): Promise<Inventory> {
    await s.page.waitForFunction(() => (window as unknown as { simdlossTestReady?: boolean }).simdlossTestReady === true);
    return (inventory ??= await s.page.evaluate(() =>
      (window as unknown as { simdlossTest: { inventory(): Inventory } }).simdlossTest.inventory()));
  }
  async function run(c: BrowserCase): Promise<Reply> {
    const { args, options, gradOutInWasm, freeBefore, fn } = c;
    const spec = { build: BUILD, fn, args, options, gradOutInWasm, freeBefore };
    return session().page.evaluate((s) =>
      (window as unknown as { simdlossTest: { runCase(x: unknown): Promise<Reply> } }).simdlossTest.runCase(s), spec);
  }

  it("loads the package in the page, without errors", async () => {
    const inv = await getInventory(session());
    expect(inv.userAgent).toMatch(/Chrome\//);
    expect(inv.functions).toContain("meanSquaredError");
    expect(session().pageErrors).toEqual([]);
  });

  it("throws NotReadyError before ready()", async () => {
    const { notReady } = await getInventory(session());
    expect(notReady.error?.classes).toContain("NotReadyError");
    expect(notReady.error?.message).toContain("ready()");
  });

  it("every exported kernel function has a browser case in cases.ts", async () => {
    const { functions } = await getInventory(session());
    const covered = new Set(CASES.map((c) => c.fn));
    const missing = functions.filter((f) => !NOT_KERNELS.includes(f) && !covered.has(f));
    expect(missing, "add cases for these to test/browser/cases.ts").toEqual([]);
  });

  it(`ready({ simd: ${BUILD === "simd"} }) runs the ${BUILD} build (Chromium validates SIMD)`, async () => {
    const reply = await run({ name: "", fn: "meanSquaredError", args: [[1], [1]], check: () => {} });
    expect(reply.build).toBe(BUILD);
  });

  for (const c of CASES) {
    it(c.name, async (ctx) => {
      if (c.planned && !(await getInventory(session())).functions.includes(c.fn)) {
        ctx.skip(`${c.fn} is not in this build yet`);
      }
      const reply = await run(c);
      expect(reply.build).toBe(BUILD);
      c.check(reply);
    });
  }
});
