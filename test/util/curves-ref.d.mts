// Types of test/util/curves-ref.mjs.
type Values = ArrayLike<number>;
export interface CurveRefOptions {
  sampleWeight?: Values;
  dropIntermediate?: boolean;
}
export function thresholdCountsRef(yTrue: Values, scores: Values, sampleWeight?: Values | null): { thresholds: number[]; tps: number[]; fps: number[] };
export function rocCurveRef(yTrue: Values, scores: Values, options?: CurveRefOptions): { fpr: number[]; tpr: number[]; thresholds: number[] };
export function precisionRecallCurveRef(yTrue: Values, scores: Values, options?: CurveRefOptions): { precision: number[]; recall: number[]; thresholds: number[] };
export function trapezoid(x: Values, y: Values): number;
export function stepSum(precision: Values, recall: Values): number;
