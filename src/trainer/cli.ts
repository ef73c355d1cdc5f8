/** Command-line flags of `npm start` (node dist/trainer.js). */
import { parseArgs } from "node:util";
import { describeGrid, studyGrid } from "./grid.js";

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
  /** The parts to run: the tutorial's experiment, the study, or both (in that order). */
  parts: ("faithful" | "study")[];
  /** The study's larger grid. */
  full: boolean;
}

/** `text` broken into lines of at most `width` characters at spaces. */
function wrap(text: string, width = 96): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join("\n");
}

export const HELP = `Usage: npm start -- [flags]     (or: node dist/trainer.js [flags])

First the tutorial's experiment: Dense(64, relu) → Dense(1, sigmoid) on MNIST 0 vs 1 with MSE
and with binary cross-entropy (simdloss losses on TensorFlow.js), and Dense(64, relu) → Dense(10)
on all ten digits with sparse categorical cross-entropy. Then the study: when does cross-entropy
beat MSE? Digit pairs and all ten digits × optimizers, MSE against cross-entropy from the same
weights on the same batches, over several seeds. Writes report.md, results.json, SVG plots and
sample.json into the output folder.

${wrap(`The study's grid (default): ${describeGrid(studyGrid(false, 0))}. With --full: ${describeGrid(studyGrid(true, 0))}.`)}

  --full             the study's larger grid (above), with an estimate of the time left
  --only P           faithful | study: run only the tutorial's experiment or only the study
  --batch-size N     mini-batch size of every run (default 32)
  --epochs N         epochs per run of the tutorial's experiment (default 5; the tutorial's 10
                     gives the same verdict)
  --loss L           mse | bce | all: the tutorial's 0-vs-1 runs (default all)
  --classes C        2 | 10 | all: the tutorial's 0 vs 1, ten digits, or both (default all)
  --backend B        wasm | cpu: the TensorFlow.js backend (default wasm)
  --out DIR          report folder (default report)
  --seed N           seed of the split, the weights and the batch order (default 42); the
                     study's seeds are N, N + 1, …
  --per-digit N      the tutorial's experiment on the first N images of each digit (default: all)
  --compare-epochs N timing: N epochs of two fresh models, simdloss loss vs tfjs's own,
                     alternating, then their weights compared (default 1; 0 = skip)
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
        "compare-epochs": { type: "string" }, full: { type: "boolean" }, only: { type: "string" },
        help: { type: "boolean", short: "h" },
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
  const only = oneOf("only", str("only"), ["faithful", "study", "all"] as const, "all");
  return {
    epochs: positive("epochs", str("epochs"), 5),
    batchSize: positive("batch-size", str("batch-size"), 32),
    losses: loss === "all" ? ["mse", "bce"] : [loss],
    classes: classes === "all" ? [2, 10] : [Number(classes) as 2 | 10],
    backend: oneOf("backend", str("backend"), ["wasm", "cpu"] as const, "wasm"),
    out,
    seed: nonNegative("seed", seedText, 42),
    perDigit: str("per-digit") === undefined ? undefined : positive("per-digit", str("per-digit"), 0),
    compareEpochs: nonNegative("compare-epochs", str("compare-epochs"), 1),
    parts: only === "all" ? ["faithful", "study"] : [only],
    full: values.full === true,
  };
}
