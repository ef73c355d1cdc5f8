// Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core (no
// browser download exists here). Without Chromium the browser tests are skipped with a loud
// message; with CI=true a missing browser (or a missing dist/ build) is a failure instead.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
// @ts-expect-error plain-JS module without type declarations
import { startServer } from "../../demo/serve.mjs";

/** Flags that work on this machine's closed network (see the issue). */
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic",
];

/** CHROMIUM_PATH (when it exists), else `which chromium`, else null. */
export function findChromium(): string | null {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? env : null;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execFileSync("which", [name], { encoding: "utf8" }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const DIST = join(process.cwd(), "dist", "index.js");

/** Why the browser tests cannot run here, or null when they can. */
export function missingPrerequisite(): string | null {
  if (findChromium() === null) return "no Chromium found (`apt-get install -y chromium`, or set CHROMIUM_PATH)";
  if (!existsSync(DIST)) return "dist/index.js is missing (`npm run build` first; `npm test` does it)";
  return null;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Base URL of the static server (demo/ at "/", dist/ at "/dist/", test pages at "/test/"). */
  url: string;
  /** Messages the page logged as errors (uncaught exceptions, console.error). */
  pageErrors: string[];
}

/**
 * `describe` for tests that need a browser: sets up Chromium, a static server and one page
 * (opened at `path`) before the tests and closes them after. Skips loudly without Chromium, and
 * fails under CI=true instead of skipping.
 */
export function describeInBrowser(name: string, path: string, body: (session: () => BrowserSession) => void): void {
  const missing = missingPrerequisite();
  if (missing !== null) {
    if (process.env.CI) {
      describe(name, () => {
        it("has a browser to run in (CI=true: a missing browser is a failure)", () => {
          throw new Error(`browser tests cannot run: ${missing}`);
        });
      });
      return;
    }
    const line = "!".repeat(100);
    console.warn(`\n${line}\n!!! SKIPPED browser tests "${name}": ${missing}\n${line}\n`);
    describe.skip(name, () => body(() => undefined as never));
    return;
  }

  let session: BrowserSession | undefined;
  let close: () => Promise<void> = async () => {};
  let profile = "";
  describe(name, () => {
    beforeAll(async () => {
      const server = await startServer({ mounts: { "/dist/": "dist", "/test/": "test/browser/page", "/": "demo" } });
      profile = mkdtempSync(join(tmpdir(), "simdloss-chromium-"));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: findChromium()!,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1280, height: 900 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") pageErrors.push(m.text());
      });
      await page.goto(new URL(path, server.url).href);
      session = { context, page, url: server.url, pageErrors };
      close = async () => {
        await context.close();
        await server.close();
      };
    });
    afterAll(async () => {
      await close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });
    body(() => {
      if (session === undefined) throw new Error("the browser session did not start");
      return session;
    });
  });
}
