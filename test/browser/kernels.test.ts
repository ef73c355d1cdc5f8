// The built package (dist/index.js, the file the "browser" export condition points at) running in
// real headless browsers (Chromium and Firefox): every case of cases.ts on the build of this
// vitest project, compared in Node with a float64 reference.
import { expect, it } from "vitest";
import { BUILD } from "../setup.js";
import { CASES, NOT_KERNELS, decodeReply, type BrowserCase, type Reply } from "./cases.js";
import { describeInBrowsers, type BrowserSession } from "./browsers.js";

interface Inventory {
  functions: string[];
  notReady: Reply;
  userAgent: string;
}

describeInBrowsers(`browser: kernels on the ${BUILD} build`, "/test/", (session) => {
  let inventory: Inventory | undefined;
  async function getInventory(s: BrowserSession): Promise<Inventory> {
    await s.page.waitForFunction(() => (window as unknown as { simdlossTestReady?: boolean }).simdlossTestReady === true);
    return (inventory ??= await s.page.evaluate(() =>
      (window as unknown as { simdlossTest: { inventory(): Inventory } }).simdlossTest.inventory()));
  }
  async function run(c: Omit<BrowserCase, "name" | "check">): Promise<Reply> {
    const { args, options, gradOutInWasm, freeBefore, fn } = c;
    const spec = { build: BUILD, fn, args, options, gradOutInWasm, freeBefore };
    return decodeReply(await session().page.evaluate((s) =>
      (window as unknown as { simdlossTest: { runCase(x: unknown): Promise<Reply> } }).simdlossTest.runCase(s), spec));
  }

  it("loads the package in the page, without errors", async () => {
    const inv = await getInventory(session());
    expect(inv.userAgent).toMatch(session().browser.userAgent);
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

  it(`ready({ build: "${BUILD}" }) runs the ${BUILD} build, which computes (1 + 4) / 2 = 2.5 for the README example`, async () => {
    const reply = await run({ fn: "meanSquaredError", args: [[2, 3], [1, 5]] });
    expect(reply.build).toBe(BUILD);
    expect(reply.error).toBeUndefined();
    expect(reply.result).toBe(2.5);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const reply = await run(c);
      expect(reply.build).toBe(BUILD);
      c.check(reply);
    });
  }
});
