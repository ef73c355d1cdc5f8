// The browser downloads the core and only the build it runs: in headless Chromium and Firefox,
// the test page imports dist/index.js (through its import map); no build's chunk is fetched before
// ready(), ready() fetches exactly the chunk of the build it picks (the fastest the browser
// validates: relaxed in Chromium 114+ and Firefox ESR 153), and asking for another build later
// fetches that one chunk more. What was fetched is read from the page's resource timing entries
// (every module the page loaded is one).
import { expect, it } from "vitest";
import { BUILD_NAMES } from "../../scripts/builds.mjs";
import { describeInBrowsers } from "./browsers.js";

type Info = { build: string; simdSupported: boolean; relaxedSimdSupported: boolean };

describeInBrowsers("browser: only the chosen build's chunk is downloaded", "/test/", (session) => {
  const wasmChunks = () =>
    session().page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => /\/wasm-[a-z]+\.generated-[\w-]+\.js$/.test(p)).sort());
  // A string, not a function: vitest would rewrite a function's import() for Node.
  const ready = (options: object): Promise<Info> =>
    session().page.evaluate(`import("simdloss").then((sl) => sl.ready(${JSON.stringify(options)}))`) as Promise<Info>;

  it("fetches no build before ready(), then only the build ready() picks, then only the one asked for", async () => {
    await session().page.waitForFunction(() => (window as unknown as { simdlossTestReady?: boolean }).simdlossTestReady === true);
    const entry = await session().page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
    expect(entry).toContain("/dist/index.js");
    expect(await wasmChunks()).toEqual([]);

    const info = await ready({});
    expect(info).toMatchObject({ build: "relaxed", simdSupported: true, relaxedSimdSupported: true });
    const first = await wasmChunks();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^\/dist\/wasm-relaxed\.generated-[\w-]+\.js$/);

    expect((await ready({ build: "scalar" })).build).toBe("scalar");
    const second = await wasmChunks();
    expect(second).toHaveLength(2);
    expect(second.filter((p) => !first.includes(p))[0]).toMatch(/^\/dist\/wasm-scalar\.generated-[\w-]+\.js$/);
    for (const b of BUILD_NAMES.filter((b) => b !== "relaxed" && b !== "scalar")) {
      expect(second.some((p) => p.includes(`wasm-${b}.`)), `the ${b} chunk was not fetched`).toBe(false);
    }
    expect(session().pageErrors).toEqual([]);
  });
});
