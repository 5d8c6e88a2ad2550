/** Races: several optimizers (or learning rates) from one start on one function, side by side. */
import { ArgumentError } from "../errors.js";
import { minimize, type MinimizeOptions, type MinimizeResult, type Objective } from "./minimize.js";

export interface RaceEntry extends MinimizeOptions {
  /** The label in legends; default: the optimizer and its lr. */
  label?: string;
}

export interface RaceOptions extends MinimizeOptions {
  /** One learning rate for every entry (the "same lr" race); otherwise each uses its own. */
  sameLr?: number;
}

export interface RaceRun {
  label: string;
  result: MinimizeResult;
}

/**
 * Runs each entry's optimizer from the same start with the shared options, returning one
 * trajectory per entry.
 *
 * @example race("rosenbrock", [-1.5, 2], ["gd", "momentum", "adam"].map((optimizer) => ({ optimizer })))
 */
export function race(
  f: Objective,
  x0: number | readonly number[] | Record<string, number>,
  entries: readonly (RaceEntry | string)[],
  options: RaceOptions = {},
): RaceRun[] {
  if (entries.length === 0) throw new ArgumentError("race: give at least one optimizer");
  const { sameLr, ...shared } = options;
  return entries.map((entry) => {
    // The label is the race's own field: minimize refuses option names it does not know.
    const { label, ...own }: RaceEntry = typeof entry === "string" ? { optimizer: entry } : entry;
    const settings: MinimizeOptions = {
      ...shared,
      ...own,
      ...(sameLr !== undefined ? { lr: sameLr } : {}),
    };
    const result = minimize(f, x0, settings);
    return { label: label ?? result.optimizer, result };
  });
}
