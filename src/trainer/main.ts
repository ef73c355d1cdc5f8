/**
 * `npm start`: the tutorial's MNIST experiment (experiment.ts), then the study of when
 * cross-entropy beats MSE (study.ts), with progress bars on a terminal, tables and findings at
 * the end, and the report folder. Flags: see cli.ts (`--help`).
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers the gradients tfjs-core needs in Node
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm"; // loads its .wasm from node_modules: no network
import cliProgress from "cli-progress";
import { ready } from "../index.js";
import { CliError, HELP, parseCli, type Cli } from "./cli.js";
import { loadDigits } from "./data.js";
import { machineInfo, runExperiment, type Results } from "./experiment.js";
import { studyGrid } from "./grid.js";
import { arbiterLines, studyTable, summaryTable, writeReport } from "./report.js";
import { runStudy, type OnStudyProgress, type StudyResults } from "./study.js";
import { LOSSES } from "./train.js";
import { useTransposeFirstMatMul } from "./wasm-matmul.js";

type Bar = InstanceType<typeof cliProgress.SingleBar>;
const log = (s: string) => process.stdout.write(s + "\n");

function faithful(cli: Cli, tty: boolean): Results {
  const epochs = cli.epochs;
  let bar: Bar | undefined;
  const results = runExperiment(cli, (key, i, count) => {
    bar?.stop();
    bar = undefined;
    if (!tty) log(`run ${i + 1}/${count}: ${LOSSES[key].simdloss}`);
    let phase = "";
    return (done, total, p) => {
      if (!tty) return;
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        const label = `${i + 1}/${count} ${key.toUpperCase()} ${phase === "simdloss" ? "training" : "timing vs tfjs"}`;
        bar = new cliProgress.SingleBar(
          { format: `${label.padEnd(28)} |{bar}| {percentage}% epoch {epoch}/${epochs}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { epoch: p.epoch });
      }
      bar?.update(done, { epoch: p.epoch });
    };
  });
  bar?.stop();
  return results;
}

const clock = (seconds: number) => {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s` : `${s} s`;
};

/** The study, with one progress bar (and the time left) on a terminal, one line per condition otherwise. */
async function study(cli: Cli, tty: boolean): Promise<StudyResults> {
  const grid = { ...studyGrid(cli.full, cli.seed), batchSize: cli.batchSize };
  const all = loadDigits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const t0 = performance.now();
  let bar: Bar | undefined;
  let current = -1;
  const onProgress: OnStudyProgress = (done, total, info) => {
    if (tty) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: "study |{bar}| {percentage}% | {value}/{total} run-steps | {duration_formatted} elapsed, {eta_formatted} left | {condition}",
            hideCursor: true, etaBuffer: 2000, etaAsynchronousUpdate: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { condition: "" });
      }
      bar.update(done, { condition: `${info.index + 1}/${info.count} ${info.condition}` });
    } else if (info.index !== current) {
      current = info.index;
      const elapsed = (performance.now() - t0) / 1000;
      const left = done > 0 ? ` (${Math.round((100 * done) / total)} % done, about ${clock((elapsed * (total - done)) / done)} left)` : "";
      log(`study ${info.index + 1}/${info.count}: ${info.condition}${left}`);
    }
  };
  const results = await runStudy(grid, all, onProgress);
  bar?.stop();
  return results;
}

async function main(argv: string[]): Promise<number> {
  let cli: Cli | "help";
  try {
    cli = parseCli(argv);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`trainer: ${e.message}\nRun with --help for the flags.\n`);
    return 2;
  }
  if (cli === "help") {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const t0 = performance.now();
  useTransposeFirstMatMul(); // same products, bit for bit here; training steps about 25 % cheaper
  if (!(await tf.setBackend(cli.backend))) throw new Error(`tfjs backend ${cli.backend} failed to initialise`);
  await tf.ready();
  const info = await ready();
  const tty = process.stdout.isTTY === true;
  log(`simdloss ${info.build} build, tfjs ${tf.version_core} on the ${tf.getBackend()} backend`);

  const results = cli.parts.includes("faithful") ? faithful(cli, tty) : undefined;
  if (results) {
    log("");
    log(summaryTable(results));
    for (const line of arbiterLines(results)) log(line);
    log("");
    log(results.claim.verdict);
    for (const r of results.runs) log(`${r.name}: ${r.verdict}`);
    const l = Object.entries(results.leakage).map(([t, v]) => `${t} ${v.trainVal + v.trainTest + v.valTest}`).join(", ");
    log(`leakage (identical images shared between train, validation and test): ${l}`);
    log(`the tutorial's experiment: ${results.seconds.toFixed(1)} s`);
    log("");
  }
  const findings = cli.parts.includes("study") ? await study(cli, tty) : undefined;
  if (findings) {
    log("");
    log(studyTable(findings));
    log("");
    for (const s of findings.summaries) log(`${s.sentence} ${s.mechanism}`);
    log("");
    for (const line of findings.overall) log(line);
    log(`the study: ${findings.seconds.toFixed(1)} s`);
  }
  const files = await writeReport({ faithful: results, study: findings, machine: machineInfo() }, cli.out);
  log(`report: ${cli.out}/ (${files.join(", ")})`);
  log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`trainer: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
