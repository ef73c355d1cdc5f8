/**
 * What the study runs: its conditions (digits × optimizer × learning rate), seeds, epochs and
 * data sizes, for `npm start` (the default grid) and `npm start -- --full`.
 */

export interface Condition {
  /** "3 vs 5, SGD 0.01": digits, optimizer and learning rate. */
  name: string;
  /** Two digits (binary, labels 0 and 1 in this order) or all ten. */
  digits: number[];
  optimizer: "adam" | "sgd";
  learningRate: number;
}

export type DataSize = { train: number; val: number } | "all";

export interface StudyConfig {
  conditions: Condition[];
  seeds: number[];
  epochs: number;
  batchSize: number;
  /** Images per run: a seeded sample of the condition's digits, or "all" (80 / 20 %). */
  size: { binary: DataSize; multiclass: DataSize };
}

/** The default and --full grids. */
export function studyGrid(full: boolean, seed: number): StudyConfig {
  const pairs = full ? [[0, 1], [1, 7], [3, 5], [3, 8], [4, 9], [5, 8], [7, 9]] : [[0, 1], [3, 5], [4, 9]];
  const optimizers: [Condition["optimizer"], number][] = full
    ? [["adam", 1e-3], ["adam", 1e-4], ["sgd", 0.1], ["sgd", 0.01], ["sgd", 0.001]]
    : [["adam", 1e-3], ["sgd", 0.01]];
  const tasks = [...pairs, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]];
  return {
    conditions: tasks.flatMap((digits) => optimizers.map(([optimizer, learningRate]) => condition(digits, optimizer, learningRate))),
    seeds: Array.from({ length: full ? 5 : 3 }, (_, i) => seed + i),
    epochs: full ? 10 : 5,
    batchSize: 32,
    size: full ? { binary: "all", multiclass: "all" } : { binary: { train: 384, val: 512 }, multiclass: { train: 768, val: 1024 } },
  };
}

/** "Adam 0.001", "SGD 0.01". */
export const optimizerLabel = (c: Pick<Condition, "optimizer" | "learningRate">) =>
  `${c.optimizer === "adam" ? "Adam" : "SGD"} ${c.learningRate}`;

export function condition(digits: number[], optimizer: Condition["optimizer"], learningRate: number): Condition {
  const what = digits.length === 2 ? `${digits[0]} vs ${digits[1]}` : `${digits.length} digits`;
  return { name: `${what}, ${optimizerLabel({ optimizer, learningRate })}`, digits, optimizer, learningRate };
}

/** The grid in one line, for --help and the report. */
export function describeGrid(g: StudyConfig): string {
  const uniq = (xs: string[]) => [...new Set(xs)];
  const tasks = uniq(g.conditions.map((c) => (c.digits.length === 2 ? `${c.digits[0]} vs ${c.digits[1]}` : "ten digits")));
  const optimizers = uniq(g.conditions.map(optimizerLabel));
  const size = (s: DataSize) => (s === "all" ? "all images (80 / 20 % train / validation)" : `${s.train} / ${s.val} train / validation images`);
  return `${tasks.join(", ")} × ${optimizers.join(", ")}; ${size(g.size.binary)} per pair, ${size(g.size.multiclass)} for ten digits; ` +
    `${g.epochs} epochs; ${g.seeds.length} seeds`;
}
