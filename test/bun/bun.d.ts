// The little of Bun's API test/bun/preload.ts uses, for tsc (Bun's own types are not installed).
declare module "bun" {
  interface OnResolveArgs {
    path: string;
    importer: string;
  }
  interface OnLoadArgs {
    path: string;
  }
  interface Loaded {
    contents: string;
    loader: "js" | "ts";
  }
  interface PluginBuilder {
    onResolve(options: { filter: RegExp; namespace?: string }, callback: (args: OnResolveArgs) => { path: string; namespace?: string } | undefined): void;
    onLoad(options: { filter: RegExp; namespace?: string }, callback: (args: OnLoadArgs) => Loaded | Promise<Loaded>): void;
  }
  export function plugin(plugin: { name: string; setup(build: PluginBuilder): void }): void;
}

// bun:test has vitest's describe, it, expect and vi (Bun maps `from "vitest"` to it)
declare module "bun:test" {
  export { describe, expect, it, vi } from "vitest";
}
