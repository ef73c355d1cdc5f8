/**
 * An exact float64 sum: Shewchuk's non-overlapping partials, as in Python's `math.fsum`
 * (J. R. Shewchuk, "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric
 * Predicates", 1997; R. Hettinger's msum recipe). The partials represent the sum of everything
 * added exactly, and `value()` rounds that exact sum once (round-half-even), so the value does
 * not depend on the order of the additions nor on how sums were split and merged.
 *
 * Non-finite inputs (±Infinity, NaN) are summed apart (their sum is order-independent too).
 * A finite sum beyond ±1.8e308 cannot be represented and throws.
 */
import { ValueError } from "../core/errors.js";

export class ExactSum {
  private partials: number[] = [];
  private special = 0;

  /** Adds x exactly. */
  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.special += x;
      return;
    }
    const p = this.partials;
    const n = p.length;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (!Number.isFinite(x)) throw new ValueError("ExactSum.add", "the sum overflows float64 (beyond ±1.8e308)");
    if (i < n) {
      p[i] = x;
      if (i + 1 < n) p.length = i + 1;
    } else {
      p.push(x);
    }
  }

  /** Adds everything another sum holds (exact: the merged value is the sum of both). */
  addSum(other: ExactSum): void {
    for (const x of other.partials) this.add(x);
    this.special += other.special;
  }

  /** The exact sum rounded to the nearest float64 (ties to even). */
  value(): number {
    if (this.special !== 0) return this.special; // ±Infinity or NaN
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // round half to even across partials, as Python's fsum
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /** The partials and the non-finite part, for JSON (non-finite numbers as strings). */
  toJSON(): { partials: number[]; special: number | string } {
    return { partials: this.partials.slice(), special: Number.isFinite(this.special) ? this.special : String(this.special) };
  }

  static fromJSON(fn: string, name: string, json: unknown): ExactSum {
    const j = json as { partials?: unknown; special?: unknown } | null;
    const s = new ExactSum();
    if (j === null || typeof j !== "object" || !Array.isArray(j.partials)) {
      throw new ValueError(fn, `${name} must be { partials: number[], special }, got ${JSON.stringify(json)}`);
    }
    for (const x of j.partials) {
      if (typeof x !== "number" || !Number.isFinite(x)) throw new ValueError(fn, `${name}.partials holds ${JSON.stringify(x)}, not a finite number`);
      s.add(x);
    }
    const special = j.special === 0 ? 0 : ["Infinity", "-Infinity", "NaN"].includes(j.special as string) ? Number(j.special) : undefined;
    if (special === undefined) {
      throw new ValueError(fn, `${name}.special must be 0, "Infinity", "-Infinity" or "NaN", got ${JSON.stringify(j.special)}`);
    }
    s.special = special;
    return s;
  }
}
