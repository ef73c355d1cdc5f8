/**
 * Options objects: every public function declares the keys it accepts once (an OptionKeys beside
 * it, or the keys of an OptionTable that also reads them), and `toOptions` checks each call's
 * options against them, so that no option is silently ignored: an unknown key (a typo such as
 * `sampleWieght`, or `reduction` on a metric) is a ValueError that names it and lists the keys
 * the function accepts.
 */
import { ArgumentTypeError, ValueError } from "./errors.js";
import { describe, finiteNumber } from "./args.js";

/** The option keys one function accepts. */
export class OptionKeys {
  readonly names: readonly string[];
  private readonly set: ReadonlySet<string>;

  constructor(names: readonly string[]) {
    this.names = names;
    this.set = new Set(names);
  }

  /** These keys and `more` (a family's shared keys and one function's own). */
  and(...more: readonly string[]): OptionKeys {
    return new OptionKeys([...this.names, ...more.filter((k) => !this.set.has(k))]);
  }

  has(key: string): boolean {
    return this.set.has(key);
  }
}

/** The keys a function accepts (none: `optionKeys()`). */
export function optionKeys(...names: string[]): OptionKeys {
  return new OptionKeys(names);
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * The options object of a call, checked: undefined gives {}; anything but a plain object (null,
 * an array, a typed array, a number…) is an ArgumentTypeError; an enumerable key (own or
 * inherited) that `keys` does not list is a ValueError, whatever its value.
 */
export function toOptions<T extends object>(fn: string, options: T | undefined, keys: OptionKeys): Partial<T> {
  if (options === undefined) return EMPTY as Partial<T>;
  if (options === null || typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new ArgumentTypeError(fn, `options must be an object, got ${describe(options)}`);
  }
  for (const key in options) if (!keys.has(key)) throw unknownOption(fn, key, keys);
  return options;
}

function unknownOption(fn: string, key: string, keys: OptionKeys): ValueError {
  const accepted = keys.names.length === 0 ? `${fn} takes no options` : `the options are ${keys.names.join(", ")}`;
  return new ValueError(fn, `options.${key} is not an option (${accepted})`);
}

/**
 * `options.sampleWeight`, or its alias `options.weights` (the confusion matrices' older name),
 * with the name to use in messages; a ValueError when both are given.
 */
export function sampleWeightOption(fn: string, o: { sampleWeight?: unknown; weights?: unknown }): { value: unknown; name: string } {
  const alias = o.weights;
  if (alias === undefined) return { value: o.sampleWeight, name: "options.sampleWeight" };
  if (o.sampleWeight !== undefined) {
    throw new ValueError(fn, "options.sampleWeight and its alias options.weights were both given: give one");
  }
  return { value: alias, name: "options.weights" };
}

// ---- tables of options read into plain parameters -------------------------------------------------

/** Reads one option: its checked value (or the default when undefined); throws the typed error of a bad one. */
export type OptionReader<T> = (fn: string, name: string, value: unknown) => T;

/** Options by key, each with its reader: the table both declares the keys and checks them. */
export type OptionTable = Readonly<Record<string, OptionReader<number | boolean>>>;

/** The values an OptionTable reads. */
export type OptionValues<T extends OptionTable> = { -readonly [K in keyof T]: ReturnType<T[K]> };

/** A table's keys, and the options of a call read through it. */
export class OptionReaders<T extends OptionTable> {
  readonly keys: readonly string[];
  private readonly names: readonly string[];
  private readonly readers: readonly OptionReader<number | boolean>[];

  constructor(table: T) {
    this.keys = Object.keys(table);
    this.names = this.keys.map((k) => `options.${k}`);
    this.readers = this.keys.map((k) => table[k]);
  }

  read(fn: string, options: Readonly<Record<string, unknown>>): OptionValues<T> {
    const out: Record<string, number | boolean> = {};
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i];
      out[key] = this.readers[i](fn, this.names[i], options[key]);
    }
    return out as OptionValues<T>;
  }
}

/** A boolean option, `fallback` when undefined (ArgumentTypeError otherwise). */
export function booleanOption(fallback: boolean): OptionReader<boolean> {
  return (fn, name, value) => {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") throw new ArgumentTypeError(fn, `${name} must be a boolean, got ${describe(value)}`);
    return value;
  };
}

/** A finite number option checked by `ok` (which `domain` describes), `fallback` when undefined. */
export function numberOption(fallback: number, ok: (v: number) => boolean = () => true, domain = "a finite number"): OptionReader<number> {
  return (fn, name, value) => finiteNumber(fn, name, value, fallback, ok, domain);
}
