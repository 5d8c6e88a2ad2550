/**
 * Hyperparameter checks shared by optimizers and schedules: torch's messages ("Invalid learning
 * rate: -1") with the range that was expected, and unknown option names rejected with the
 * closest valid one, so that a typo never silently falls back to a default.
 */
import { ArgumentError } from "../errors.js";
import { didYouMean } from "../util/suggest.js";

export interface Range {
  min?: number;
  max?: number;
  /** Whether min itself is excluded. */
  minOpen?: boolean;
  /** Whether max itself is excluded. */
  maxOpen?: boolean;
}

function describeRange(range: Range): string {
  const { min, max, minOpen = false, maxOpen = false } = range;
  if (min !== undefined && max !== undefined)
    return `in ${minOpen ? "(" : "["}${min}, ${max}${maxOpen ? ")" : "]"}`;
  if (min !== undefined) return `${minOpen ? ">" : "≥"} ${min}`;
  if (max !== undefined) return `${maxOpen ? "<" : "≤"} ${max}`;
  return "finite";
}

/** Whether `value` is a finite number in `range`. */
export function inRange(value: unknown, range: Range): value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  const { min, max, minOpen = false, maxOpen = false } = range;
  if (min !== undefined && (minOpen ? value <= min : value < min)) return false;
  if (max !== undefined && (maxOpen ? value >= max : value > max)) return false;
  return true;
}

/** Throws torch's "Invalid <what> value: v" (or "Invalid <what>: v") unless v is in range. */
export function checkRange(label: string, value: unknown, range: Range): void {
  if (inRange(value, range)) return;
  const shown = typeof value === "number" ? String(value) : JSON.stringify(value);
  throw new ArgumentError(
    `${label}: ${shown} (must be a finite number ${describeRange(range)})`.replace(
      "number finite",
      "number",
    ),
  );
}

/** Throws unless the option is a boolean. */
export function checkBoolean(owner: string, name: string, value: unknown): void {
  if (typeof value !== "boolean") {
    throw new ArgumentError(
      `${owner}: ${name} must be true or false, got ${JSON.stringify(value)}`,
    );
  }
}

/** Throws on an option name that is not one of `known`, suggesting the closest. */
export function checkOptionNames(
  owner: string,
  known: readonly string[],
  given: object,
  ignore: readonly string[] = [],
): void {
  for (const key of Object.keys(given)) {
    if (known.includes(key) || ignore.includes(key)) continue;
    const hint = didYouMean(key, known);
    throw new ArgumentError(
      `${owner}: unknown option '${key}'${hint}; the options are ${known.join(", ")}`,
    );
  }
}
