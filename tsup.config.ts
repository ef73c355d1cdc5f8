import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "es2020",
  platform: "neutral",
  sourcemap: false,
  clean: true,
  treeshake: true,
});
