/** minimize()'s checks before the first step: its options, and a start outside f's domain. */
import { ArgumentError } from "../errors.js";
import { checkOptionNames, checkRange } from "../optim/validate.js";
import type { MinimizeOptions } from "./minimize.js";

const MINIMIZE_OPTIONS = [
  "optimizer",
  "lr",
  "optimizerOptions",
  "schedule",
  "maxIters",
  "gradTol",
  "valueTol",
  "stepTol",
  "timeBudgetMs",
  "divergence",
  "noise",
  "seed",
  "record",
  "maxPoints",
] as const satisfies readonly (keyof MinimizeOptions)[];

/** Every option checked before the first step: a typo or a negative tolerance fails at once. */
export function checkMinimizeOptions(options: MinimizeOptions): void {
  checkOptionNames("minimize", MINIMIZE_OPTIONS, options);
  const { maxIters, maxPoints } = options;
  for (const [name, value] of [
    ["maxIters", maxIters],
    ["maxPoints", maxPoints],
  ] as const) {
    if (
      value !== undefined &&
      (!Number.isSafeInteger(value) || value < (name === "maxPoints" ? 2 : 0))
    )
      throw new ArgumentError(
        `minimize: ${name} must be a whole number${name === "maxPoints" ? " ≥ 2" : " ≥ 0"}, got ${value}`,
      );
  }
  for (const name of ["gradTol", "valueTol", "stepTol"] as const) {
    const value = options[name];
    if (value !== undefined) checkRange(`minimize: invalid ${name}`, value, { min: 0 });
  }
  if (options.lr !== undefined) checkRange("minimize: invalid lr", options.lr, { min: 0 });
  if (options.timeBudgetMs !== undefined && !(options.timeBudgetMs > 0))
    throw new ArgumentError(`minimize: timeBudgetMs must be positive, got ${options.timeBudgetMs}`);
  if (options.divergence !== undefined && !(options.divergence > 0))
    throw new ArgumentError(`minimize: divergence must be positive, got ${options.divergence}`);
}

/** The start is where f is not a number: the start's fault, not divergence. */
export function outsideDomain(
  variables: readonly string[],
  x: readonly number[],
  value: number,
): ArgumentError {
  const at = variables.map((v, i) => `${v} = ${x[i]}`).join(", ");
  return new ArgumentError(
    `minimize: f is ${value} at the start point ${at}: the start is outside the function's domain ` +
      `(e.g. log or sqrt of a negative number, or a division by zero); start somewhere f is defined`,
  );
}

/** The gradient at the start is not finite (√x at 0): the start's fault, not divergence. */
export function noGradientAtStart(
  variables: readonly string[],
  x: readonly number[],
  value: number,
  grad: readonly number[],
): ArgumentError {
  const at = variables.map((v, i) => `${v} = ${x[i]}`).join(", ");
  const bad = grad.find((g) => !Number.isFinite(g));
  return new ArgumentError(
    `minimize: f = ${value} at the start point ${at} but its gradient is ${bad}: f has no finite ` +
      `slope there (e.g. sqrt at 0, or the edge of the function's domain); start somewhere f is smooth`,
  );
}
