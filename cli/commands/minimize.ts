/** descent minimize: gradient descent on one function, with a table of steps and a picture. */
import {
  galleryFunction,
  minimize,
  optim,
  type MinimizeOptions,
  type MinimizeResult,
  OPTIMIZER_NAMES,
} from "../../src/index.js";
import { UsageError, type CommandSpec, type FlagValues } from "../args.js";
import { num, sampleIndices, table, vector } from "../format.js";
import { checkOutputPath, checkPicturePath, writeJson } from "../output.js";
import { drawMinimize } from "../pictures.js";

/** The ceiling of --max-iters: every run is bounded (the trajectory is downsampled past its cap). */
export const MAX_ITERS = 10_000_000;

/** The optimizers that take a momentum coefficient. */
const TAKES_MOMENTUM: readonly string[] = ["momentum", "nesterov", "sgd", "rmsprop"];

/** Refuses --momentum for an optimizer that has none (Adam's is its betas). */
export function checkMomentumApplies(
  momentum: number | undefined,
  optimizers: readonly string[],
): void {
  if (momentum === undefined) return;
  const without = optimizers.filter((o) => !TAKES_MOMENTUM.includes(o));
  if (without.length > 0) {
    throw new UsageError(
      `--momentum does not apply to ${without.join(", ")}; it applies to ${TAKES_MOMENTUM.join(", ")}`,
    );
  }
}

export const minimizeSpec = {
  name: "minimize",
  summary: "run gradient descent on a function and show every step",
  usage: "descent minimize <expression | gallery name> --from <x[,y]> [flags]",
  positionals: ["function"],
  flags: {
    from: {
      type: "numbers",
      help: "the start point, one number per variable",
      placeholder: "x[,y]",
    },
    "from-y": { type: "number", help: "the start's y (same as a second --from number)" },
    optimizer: { type: "string", help: "the update rule", default: "gd", choices: OPTIMIZER_NAMES },
    lr: {
      type: "number",
      help: "learning rate (default: the optimizer's own for plain functions)",
      min: 0,
      minOpen: true,
    },
    momentum: {
      type: "number",
      help: "momentum coefficient (momentum, nesterov, sgd, rmsprop)",
      min: 0,
      max: 0.999,
    },
    "lr-decay": {
      type: "number",
      help: "multiply the lr by this every step (exponential schedule)",
      min: 0,
      minOpen: true,
      max: 1,
    },
    noise: { type: "number", help: "std of Gaussian noise added after each step", min: 0 },
    "noise-decay": {
      type: "number",
      help: "multiply the noise std by this every step",
      default: 1,
      min: 0,
      minOpen: true,
      max: 1,
    },
    seed: { type: "number", help: "seed of the noise", default: 0, integer: true, min: 0 },
    tol: {
      type: "number",
      help: "stop when the gradient norm is below this",
      default: 1e-6,
      min: 0,
    },
    "value-tol": {
      type: "number",
      help: "stop when f changes less than this in one step",
      min: 0,
    },
    "step-tol": {
      type: "number",
      help: "stop when a step moves less than this",
      default: 1e-10,
      min: 0,
    },
    "max-iters": {
      type: "number",
      help: "at most this many steps",
      default: 10000,
      integer: true,
      min: 1,
      max: MAX_ITERS,
    },
    plot: {
      type: "string",
      help: "draw the path to a .svg or .png file",
      placeholder: "file.svg|png",
    },
    json: {
      type: "string",
      help: "write the whole trajectory as JSON (- for standard output)",
      placeholder: "file.json",
    },
    rows: {
      type: "number",
      help: "how many steps the table shows",
      default: 12,
      integer: true,
      min: 1,
      max: 10000,
    },
  },
  examples: [
    'descent minimize "x^4 - 3x^3 + 2" --from 3 --lr 0.01',
    "descent minimize double-well --from 2 --optimizer momentum --momentum 0.95 --plot well.svg",
    "descent minimize rosenbrock --from -1.5,2 --optimizer adam --lr 0.05 --plot rosen.png --json rosen.json",
    'descent minimize "abs(x)" --from 1.05 --lr 0.1 --lr-decay 0.97',
  ],
} as const satisfies CommandSpec;

/** The minimize() options that the flags describe (shared with race). */
export function minimizeOptions(flags: FlagValues<typeof minimizeSpec.flags>): MinimizeOptions {
  const lr = flags.lr;
  const decay = flags["lr-decay"];
  const noise = flags.noise;
  const noiseDecay = flags["noise-decay"];
  const momentum = flags.momentum;
  const options: MinimizeOptions = {
    optimizer: flags.optimizer,
    gradTol: flags.tol,
    stepTol: flags["step-tol"],
    maxIters: flags["max-iters"],
    seed: flags.seed,
    ...(lr !== undefined ? { lr } : {}),
    ...(flags["value-tol"] !== undefined ? { valueTol: flags["value-tol"] } : {}),
    ...(momentum !== undefined ? { optimizerOptions: { momentum } } : {}),
    ...(noise !== undefined
      ? { noise: noiseDecay === 1 ? noise : optim.exponentialLR(noise, { gamma: noiseDecay }) }
      : {}),
  };
  if (decay !== undefined) {
    if (lr === undefined)
      throw new UsageError("--lr-decay needs --lr (the starting learning rate)");
    options.schedule = optim.exponentialLR(lr, { gamma: decay });
  }
  return options;
}

/** The start point from --from and --from-y. */
export function startPoint(flags: FlagValues<typeof minimizeSpec.flags>): number[] {
  const from = flags.from ?? [];
  const y = flags["from-y"];
  const start = y === undefined ? from : [...from.slice(0, 1), y];
  if (start.length === 0)
    throw new UsageError("give a start point with --from, e.g. --from 2 or --from -1.5,2");
  return start;
}

export function resultLine(r: MinimizeResult): string {
  const where = r.variables.map((v, i) => `${v} = ${num(r.x[i]!, 7)}`).join(", ");
  return `stopped: ${r.reason} after ${r.iterations} iteration${r.iterations === 1 ? "" : "s"} at ${where}, f = ${num(r.value, 7)}${r.converged ? " (converged)" : ""}`;
}

export async function runMinimize(
  positionals: string[],
  flags: FlagValues<typeof minimizeSpec.flags>,
): Promise<void> {
  const [fn] = positionals as [string];
  checkPicturePath(flags.plot);
  checkOutputPath(flags.json, "json");
  const start = startPoint(flags);
  checkMomentumApplies(flags.momentum, [flags.optimizer]);
  const options = minimizeOptions(flags);
  const result = minimize(fn, start, options);
  const gallery = galleryFunction(fn);
  console.log(
    `minimize ${gallery ? `${gallery.name}: ${gallery.expression}` : fn} from ${vector(start)} with ${result.optimizer}`,
  );
  const rows = sampleIndices(result.trajectory.length, flags.rows).map((i) => {
    const p = result.trajectory[i]!;
    return [
      String(p.iteration),
      vector(p.x),
      num(p.value),
      num(p.gradNorm),
      p.update ? vector(p.update, 3) : "—",
    ];
  });
  console.log(table(["iter", result.variables.join(", "), "f", "|∇f|", "update"], rows));
  console.log(resultLine(result));
  if (gallery && gallery.minima.length > 0) {
    const nearest = [...gallery.minima].sort(
      (a, b) => dist(a.point, result.x) - dist(b.point, result.x),
    )[0]!;
    console.log(
      `nearest known minimum: ${vector([...nearest.point])} (${nearest.global ? "global" : "local"}, f = ${num(nearest.value)}), distance ${num(dist(nearest.point, result.x), 3)}`,
    );
  }
  if (flags.json) {
    await writeJson(flags.json, { function: fn, start, ...result });
    console.log(`wrote ${flags.json}`);
  }
  if (flags.plot) {
    await drawMinimize(flags.plot, fn, [{ label: result.optimizer, result }]);
    console.log(`wrote ${flags.plot}`);
  }
}

function dist(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((v, i) => v - b[i]!));
}
