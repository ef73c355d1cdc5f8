/**
 * `npm start`: the MNIST experiment (see experiment.ts), with a progress bar on a terminal,
 * a summary table at the end and the report folder. Flags: see cli.ts (`--help`).
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers the gradients tfjs-core needs in Node
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm"; // loads its .wasm from node_modules: no network
import cliProgress from "cli-progress";
import { ready } from "../index.js";
import { CliError, HELP, parseCli, type Cli } from "./cli.js";
import { runExperiment } from "./experiment.js";
import { arbiterLines, summaryTable, writeReport } from "./report.js";
import { LOSSES } from "./train.js";

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
  if (!(await tf.setBackend(cli.backend))) throw new Error(`tfjs backend ${cli.backend} failed to initialise`);
  await tf.ready();
  const info = await ready();
  const tty = process.stdout.isTTY === true;
  const log = (s: string) => process.stdout.write(s + "\n");
  log(`simdloss ${info.build} build, tfjs ${tf.version_core} on the ${tf.getBackend()} backend`);

  const epochs = cli.epochs;
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
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

  const files = await writeReport(results, cli.out);
  log("");
  log(summaryTable(results));
  for (const line of arbiterLines(results)) log(line);
  log("");
  log(results.claim.verdict);
  for (const r of results.runs) log(`${r.name}: ${r.verdict}`);
  const l = Object.entries(results.leakage).map(([t, v]) => `${t} ${v.trainVal + v.trainTest + v.valTest}`).join(", ");
  log(`leakage (identical images shared between train, validation and test): ${l}`);
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
