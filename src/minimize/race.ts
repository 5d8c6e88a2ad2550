/** Races: several optimizers (or learning rates) from one start on one function, side by side. */
import { ArgumentError } from "../errors.js";
import { minimize, type MinimizeOptions, type MinimizeResult, type Objective } from "./minimize.js";

/** One racer: minimize()'s options (its optimizer and lr above all) and a label. */
export interface RaceEntry extends MinimizeOptions {
  /** The label in legends; default: the optimizer and its lr. */
  label?: string;
}

/** Options every racer shares (maxIters, tolerances, noise…), and the "same lr" switch. */
export interface RaceOptions extends MinimizeOptions {
  /** One learning rate for every entry (the "same lr" race); otherwise each uses its own. */
  sameLr?: number;
}

/** One racer's run: its label and what minimize() returned for it. */
export interface RaceRun {
  /** The entry's label, or the optimizer and its lr ("adam (lr 0.05)"). */
  label: string;
  /** Its trajectory, end point and stop reason. */
  result: MinimizeResult;
}

/**
 * Runs each entry's optimizer from the same start with the shared options, returning one
 * trajectory per entry. An entry is an optimizer name or minimize() options with a label; on a
 * gallery function an entry without lr takes the function's rate for its optimizer. No PyTorch
 * equivalent.
 *
 * @example
 * ```ts
 * import { race } from "descentjs";
 * const runs = race("rosenbrock", [-1.5, 2], ["gd", "momentum", "adam"], { maxIters: 2000 });
 * runs.map((run) => run.label); // ["gd (lr 0.002)", "momentum (lr 0.001)", "adam (lr 0.05)"]
 * ```
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
