// Minimal declarations for two untyped dev dependencies of the trainer.
declare module "mnist" {
  interface Digit {
    id: number;
    /** length × 784 pixel values in [0, 1], row-major 28 × 28 images. */
    raw: number[];
    length: number;
  }
  const mnist: Digit[];
  export default mnist;
}

declare module "cli-progress" {
  export class SingleBar {
    constructor(options: Record<string, unknown>, preset?: unknown);
    start(total: number, start: number, payload?: Record<string, unknown>): void;
    update(value: number, payload?: Record<string, unknown>): void;
    increment(delta?: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  export const Presets: { shades_classic: unknown; rect: unknown };
}
