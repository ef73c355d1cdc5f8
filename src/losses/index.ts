// The loss functions, one module per family (each mirrors its kernels in assembly/losses/).
export type { Reduction } from "../core/reduction.js";
export type {
  ElementwiseLossOptions, GradOptions, LossWithGrad, LossFunction, LossWithGradFunction,
} from "./elementwise.js";
export type { RowLossFunction, RowLossWithGradFunction } from "./rows.js";
export * from "./regression.js";
export * from "./crossentropy.js";
export * from "./softmax.js";
export * from "./binary-crossentropy.js";
export * from "./binary-focal.js";
export * from "./categorical-focal.js";
export * from "./divergence.js";
export * from "./hinge.js";
