// Types of the parts of bench/report.mjs that test/bench/registry.test.ts uses.
import type { Case, Goal } from "./registry.mjs";

/** A result row as bench/run.mjs records it (only the fields the goal lines read). */
export interface ResultRow {
  case: string;
  shape: string;
  peer: string;
  status: string;
  medianMs?: number;
}
export interface GoalLine extends Goal {
  case: string;
  text: string;
  /** Some build met the goal. */
  met: boolean;
  /** The best ratio, and the peer that had it. */
  ratio?: number;
  by?: string;
  builds: { impl: string; ratio?: number; met: boolean }[];
}
export function goalLines(cases: Case[], results: ResultRow[]): GoalLine[];
export function ratio(results: ResultRow[], kase: string, shape: string, peer: string, base: string): number | undefined;
