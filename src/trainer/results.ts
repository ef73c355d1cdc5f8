/** What the study records of each run and condition (study.ts runs them, claims.ts reads them). */
import type { Condition } from "./grid.js";
import type { StudyLoss } from "./mechanism.js";

export interface StudyEpoch {
  /** 0 = the initial weights, before any step. */
  epoch: number;
  trainLoss: number;
  valLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
  /** Misclassified training samples after this epoch. */
  misclassified: number;
  /** Mean |∂L/∂logit| over them (null when none is misclassified). */
  gradMisclassified: number | null;
}

export interface StudyRun {
  loss: StudyLoss;
  seed: number;
  epochs: StudyEpoch[];
  /** Validation set after the last epoch: rows = true class. */
  confusionMatrix: number[][];
  /** Per class, then macro average: precision, recall, f1 and support on the validation set. */
  report: { label: string; precision: number; recall: number; f1: number; support: number }[];
}

export interface ConditionResult {
  condition: Condition;
  task: "binary" | "multiclass";
  /** Loss names as used (simdloss/tfjs expressions). */
  losses: Record<StudyLoss, string>;
  classes: string[];
  train: number;
  val: number;
  runs: StudyRun[];
  seconds: number;
}
