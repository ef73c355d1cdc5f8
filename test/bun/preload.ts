// Runs the suite's vitest test files under Bun's test runner (`bun test --preload` this file; see
// scripts/test-bun.mjs). Bun already maps `import … from "vitest"` to its own `bun:test`, whose
// describe/it/expect the tests use as they are; this file adds the few vitest APIs Bun lacks, so
// the same files, with the same cases and expected values, run on JavaScriptCore:
//   expect.fail(message), describe.runIf / describe.skipIf, it.runIf;
//   vi.resetModules(): later imports of the package's sources (src/) get fresh module instances;
//   vi.doMock(path, factory) / vi.doUnmock(path): later imports of that source module get the
//   factory's object (the factory may call importOriginal()).
// Both work by a Bun plugin that resolves each import of a file under src/ in the generation of
// the test file that imports it (inherited by what that module imports): 0, the instance the
// setup made ready, until the file calls vi.resetModules(), which starts a new generation of
// module instances for that file alone (Bun runs every file in one process; vitest gives each
// file its own modules). A mocked file resolves to a module generated from the factory's result.
import { plugin } from "bun";
import { describe, expect, it, vi } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(import.meta.url);
const SRC = resolve(dirname(HERE), "../../src") + sep;
/** Each test file's generation (absent: 0); `resets` numbers them, so each reset is a new one. */
const generations = new Map<string, number>();
let resets = 0;
type Factory = (importOriginal: () => Promise<unknown>) => unknown;
const mocks = new Map<string, Factory>();
const made = new Map<string, Record<string, unknown>>();
const registry = globalThis as unknown as { __simdlossMock: Map<string, Record<string, unknown>> };
registry.__simdlossMock = made;

/** An import's file, as Bun would resolve it (a ".js" specifier names the ".ts" source). */
function fileOf(dir: string, specifier: string): string {
  const path = resolve(dir, specifier);
  const ts = path.replace(/\.js$/, ".ts");
  return !existsSync(path) && existsSync(ts) ? ts : path;
}

/** The test file that called the shim (the first stack frame outside this file). */
function callerFile(): string {
  const frames = (new Error().stack ?? "").split("\n").map((l) => /\(?(\/[^():]+):\d+:\d+\)?$/.exec(l)?.[1]).filter(Boolean) as string[];
  const caller = frames.find((f) => f !== HERE);
  if (!caller) throw new Error("vitest shim: cannot tell which file called it");
  return caller;
}

/** A module instance of generation g > 0 lives at "/gen/<g><file>" in the "fresh" namespace. */
const freshPath = (g: number, file: string) => `/gen/${g}${file}`;
const ORIGINAL = /^\.\/vitest-original\/(\d+)(\/.*)$/;
const GEN_PATH = /^\/?(?:fresh|vitest-mock):\/gen\/(\d+)(?:\/mock\d+)?(\/.*)$/;

plugin({
  name: "vitest-module-generations",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      // importOriginal() of a mock: the real module, in the mock's generation
      const original = ORIGINAL.exec(args.path);
      if (original) return Number(original[1]) > 0 ? { path: freshPath(Number(original[1]), original[2]), namespace: "fresh" } : { path: original[2] };
      // an importer of generation g > 0 is "fresh:/gen/<g><file>" (or a mock's path)
      const fresh = GEN_PATH.exec(args.importer);
      const importer = fresh ? fresh[2] : args.importer;
      const file = fileOf(dirname(importer), args.path);
      if (!file.startsWith(SRC)) return fresh ? { path: file } : undefined;
      // a test file imports in its own generation: 0 (the instance the setup made ready) until it
      // calls vi.resetModules(); a module imports in its own
      const g = fresh ? Number(fresh[1]) : (generations.get(importer) ?? 0);
      if (mocks.has(file)) return { path: `/gen/${g}/mock${made.size}${file}`, namespace: "vitest-mock" };
      return g > 0 ? { path: freshPath(g, file), namespace: "fresh" } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "fresh" }, (args) => {
      const file = GEN_PATH.exec(`fresh:${args.path}`)![2];
      return { contents: readFileSync(file, "utf8"), loader: file.endsWith(".ts") ? "ts" : "js" };
    });
    build.onLoad({ filter: /.*/, namespace: "vitest-mock" }, async (args) => {
      const [, g, file] = GEN_PATH.exec(`vitest-mock:${args.path}`)!;
      const value = (await mocks.get(file)!(() => import(`./vitest-original/${g}${file}`))) as Record<string, unknown>;
      made.set(args.path, value);
      const names = Object.keys(value).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
      return {
        loader: "js",
        contents: `const m = globalThis.__simdlossMock.get(${JSON.stringify(args.path)});\n` + names.map((n) => `export const ${n} = m.${n};`).join("\n"),
      };
    });
  },
});

const shim = vi as unknown as Record<string, unknown>;
shim.resetModules = () => {
  generations.set(callerFile(), ++resets);
};
shim.doMock = (path: string, factory: Factory) => {
  mocks.set(fileOf(dirname(callerFile()), path), factory);
};
shim.doUnmock = (path: string) => {
  mocks.delete(fileOf(dirname(callerFile()), path));
};
(expect as unknown as Record<string, unknown>).fail = (message?: string) => {
  throw new Error(message ?? "expect.fail()");
};
type Suite = typeof describe;
(describe as unknown as Record<string, unknown>).runIf = (condition: boolean) => (condition ? describe : (describe.skip as Suite));
(describe as unknown as Record<string, unknown>).skipIf ??= (condition: boolean) => (condition ? (describe.skip as Suite) : describe);
(it as unknown as Record<string, unknown>).runIf ??= (condition: boolean) => (condition ? it : it.skip);

// the project's setup: ready() on the build SIMDLOSS_BUILD names (as vitest.config.ts does)
await import("../setup.js");
