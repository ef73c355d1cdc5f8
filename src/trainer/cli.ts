/** Command-line flags of `npm start` (node dist/trainer.js). */
import { parseArgs } from "node:util";

export interface Cli {
  epochs: number;
  batchSize: number;
  losses: ("mse" | "bce")[];
  classes: (2 | 10)[];
  backend: "wasm" | "cpu";
  out: string;
  seed: number;
  perDigit?: number;
  compareEpochs: number;
}

export const HELP = `Usage: npm start -- [flags]     (or: node dist/trainer.js [flags])

Trains Dense(64, relu) → Dense(1, sigmoid) on MNIST 0 vs 1 with MSE and with binary
cross-entropy (simdloss losses on TensorFlow.js), and Dense(64, relu) → Dense(10) on all ten
digits with sparse categorical cross-entropy; writes report.md, results.json, SVG plots and
sample.json into the output folder.

  --epochs N         epochs per run (default 10)
  --batch-size N     mini-batch size (default 32)
  --loss L           mse | bce | all: the losses of the 0-vs-1 runs (default all)
  --classes C        2 | 10 | all: 0 vs 1, ten digits, or both (default all)
  --backend B        wasm | cpu: the TensorFlow.js backend (default wasm)
  --out DIR          report folder (default report)
  --seed N           seed of the split, the weights and the batch order (default 42)
  --per-digit N      use only the first N images of each digit (default: all)
  --compare-epochs N timing: N epochs of two fresh models, simdloss loss vs tfjs's own,
                     alternating, then their weights compared (default 3; 0 = skip)
  --help             this text`;

/** A bad flag or value: main prints the message and the usage line, and exits with status 2. */
export class CliError extends Error {}

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer, got '${v}'`);
  return n;
}

function nonNegative(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new CliError(`--${name} must be a non-negative integer, got '${v}'`);
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new CliError(`--${name} must be one of ${allowed.join(", ")}, got '${v}'`);
  return v as T;
}

/** Parses argv (without node and script); returns "help" for --help. */
export function parseCli(argv: string[]): Cli | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        epochs: { type: "string" }, "batch-size": { type: "string" }, loss: { type: "string" }, classes: { type: "string" },
        backend: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, "per-digit": { type: "string" },
        "compare-epochs": { type: "string" }, help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (values.help) return "help";
  const str = (k: string) => values[k] as string | undefined;
  const loss = oneOf("loss", str("loss"), ["mse", "bce", "all"] as const, "all");
  const classes = oneOf("classes", str("classes"), ["2", "10", "all"] as const, "all");
  const out = str("out") ?? "report";
  if (out.trim() === "") throw new CliError(`--out must name a folder, got ''`);
  const seedText = str("seed");
  return {
    epochs: positive("epochs", str("epochs"), 10),
    batchSize: positive("batch-size", str("batch-size"), 32),
    losses: loss === "all" ? ["mse", "bce"] : [loss],
    classes: classes === "all" ? [2, 10] : [Number(classes) as 2 | 10],
    backend: oneOf("backend", str("backend"), ["wasm", "cpu"] as const, "wasm"),
    out,
    seed: nonNegative("seed", seedText, 42),
    perDigit: str("per-digit") === undefined ? undefined : positive("per-digit", str("per-digit"), 0),
    compareEpochs: nonNegative("compare-epochs", str("compare-epochs"), 3),
  };
}
