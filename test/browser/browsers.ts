// The browsers the browser tests run in, all driven by puppeteer-core: Debian's `chromium` (over
// the DevTools protocol) and Debian's `firefox-esr` (over WebDriver BiDi). No browser download
// exists here, so each is found on this machine. Without one, its tests are skipped with a loud
// message; with CI=true a missing browser (or a missing dist/ build) is a failure instead.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
// @ts-expect-error plain-JS module without type declarations
import { startServer } from "../../demo/serve.mjs";

/** Chromium's flags for this machine's closed network (puppeteer adds --headless). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic",
];

export interface BrowserKind {
  /** "Chromium" or "Firefox": what test names say. */
  name: string;
  /** puppeteer's browser name. */
  product: "chrome" | "firefox";
  /** The environment variable that names another binary, then the commands tried on PATH. */
  env: string;
  commands: string[];
  install: string;
  /** What navigator.userAgent contains in this browser. */
  userAgent: RegExp;
}

export const BROWSERS: BrowserKind[] = [
  {
    name: "Chromium", product: "chrome", env: "CHROMIUM_PATH", commands: ["chromium", "chromium-browser"],
    install: "apt-get install -y chromium", userAgent: /Chrome\//,
  },
  {
    name: "Firefox", product: "firefox", env: "FIREFOX_PATH", commands: ["firefox-esr", "firefox"],
    install: "apt-get install -y firefox-esr", userAgent: /Firefox\//,
  },
];

/** The browser's binary: its environment variable (when that file exists), else the first command on PATH, else null. */
export function findBrowser(kind: BrowserKind): string | null {
  const env = process.env[kind.env];
  if (env) return existsSync(env) ? env : null;
  for (const name of kind.commands) {
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

/** Why the tests cannot run in this browser here, or null when they can. */
export function missingPrerequisite(kind: BrowserKind): string | null {
  if (findBrowser(kind) === null) return `no ${kind.name} found (\`${kind.install}\`, or set ${kind.env})`;
  if (!existsSync(DIST)) return "dist/index.js is missing (`npm run build` first; `npm test` does it)";
  return null;
}

/** Starts the browser headless with a fresh profile; `close()` ends it and removes the profile. */
export async function launch(kind: BrowserKind): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), `simdloss-${kind.product}-`));
  const browser = await puppeteer.launch({
    browser: kind.product,
    executablePath: findBrowser(kind)!,
    headless: true,
    userDataDir: profile,
    args: kind.product === "chrome" ? CHROMIUM_FLAGS : [],
    defaultViewport: { width: 1280, height: 900 },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: BrowserKind;
  page: Page;
  /** Base URL of the static server (demo/ at "/", dist/ at "/dist/", test pages at "/test/"). */
  url: string;
  /** Messages the page logged as errors (uncaught exceptions, console.error). */
  pageErrors: string[];
}

/**
 * One `describe` per browser for tests that need a browser (named "NAME (Chromium)", "NAME
 * (Firefox)"): each starts the browser, a static server and one page (opened at `path`) before
 * its tests and closes them after. A browser missing here skips its block loudly, or fails it
 * under CI=true.
 */
export function describeInBrowsers(name: string, path: string, body: (session: () => BrowserSession) => void): void {
  for (const kind of BROWSERS) describeIn(kind, `${name} (${kind.name})`, path, body);
}

function describeIn(kind: BrowserKind, name: string, path: string, body: (session: () => BrowserSession) => void): void {
  const missing = missingPrerequisite(kind);
  if (missing !== null) {
    if (process.env.CI) {
      describe(name, () => {
        it(`has ${kind.name} to run in (CI=true: a missing browser is a failure)`, () => {
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
  describe(name, () => {
    beforeAll(async () => {
      const server = await startServer({ mounts: { "/dist/": "dist", "/test/": "test/browser/page", "/": "demo" } });
      const launched = await launch(kind);
      close = async () => {
        await launched.close();
        await server.close();
      };
      const page = (await launched.browser.pages())[0] ?? (await launched.browser.newPage());
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") pageErrors.push(m.text());
      });
      await page.goto(new URL(path, server.url).href);
      session = { browser: kind, page, url: server.url, pageErrors };
    });
    afterAll(async () => {
      await close();
    });
    body(() => {
      if (session === undefined) throw new Error(`the ${kind.name} session did not start`);
      return session;
    });
  });
}
