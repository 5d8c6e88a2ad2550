/** descent race: several optimizers from one start on one function, on one picture. */
import { DEFAULT_LR, OPTIMIZER_NAMES, galleryFunction, race } from "../../src/index.js";
import type { CommandSpec, FlagValues } from "../args.js";
import { num, table, vector } from "../format.js";
import { checkOutputPath, checkPicturePath, writeJson } from "../output.js";
import { drawMinimize } from "../pictures.js";
import {
  MAX_ITERS,
  checkMomentumApplies,
  minimizeOptions,
  minimizeSpec,
  startPoint,
} from "./minimize.js";

export const raceSpec = {
  name: "race",
  summary: "race optimizers from one start on one function",
  usage:
    "descent race <expression | gallery name> --from <x[,y]> --optimizers gd,momentum,adam [flags]",
  positionals: ["function"],
  flags: {
    ...minimizeSpec.flags,
    optimizers: {
      type: "list",
      help: "the optimizers to race",
      default: ["gd", "momentum", "adam"],
      choices: OPTIMIZER_NAMES,
    },
    lr: {
      type: "number",
      help: "one learning rate for every optimizer (default: each its own)",
      min: 0,
      minOpen: true,
    },
    "same-lr": {
      type: "boolean",
      help: "give every optimizer the first one's default learning rate",
    },
    "max-iters": {
      type: "number",
      help: "at most this many steps each",
      default: 2000,
      integer: true,
      min: 1,
      max: MAX_ITERS,
    },
  },
  examples: [
    "descent race rosenbrock --from -1.5,2 --optimizers gd,momentum,nesterov,adam --plot race.svg",
    "descent race bowl --from -2.5,1 --optimizers gd,momentum --same-lr --lr 0.05",
    "descent race double-well --from 2 --optimizers gd,momentum,adam",
  ],
} as const satisfies CommandSpec;

export async function runRace(
  positionals: string[],
  flags: FlagValues<typeof raceSpec.flags>,
): Promise<void> {
  const [fn] = positionals as [string];
  checkPicturePath(flags.plot);
  checkOutputPath(flags.json, "json");
  const start = startPoint(flags);
  checkMomentumApplies(flags.momentum, flags.optimizers);
  const { optimizer: _unused, lr, ...shared } = minimizeOptions(flags);
  // --lr is one rate for all; --same-lr alone shares the first optimizer's default rate.
  const names = flags.optimizers;
  const first = names[0]!;
  const sameLr = lr ?? (flags["same-lr"] === true ? DEFAULT_LR[first] : undefined);
  const runs = race(fn, start, names, { ...shared, ...(sameLr !== undefined ? { sameLr } : {}) });
  const gallery = galleryFunction(fn);
  console.log(
    `race on ${gallery ? `${gallery.name}: ${gallery.expression}` : fn} from ${vector(start)}`,
  );
  console.log(
    table(
      ["optimizer", "reason", "iterations", "final x", "f"],
      runs.map(({ label, result }) => [
        label,
        result.reason,
        String(result.iterations),
        vector(result.x),
        num(result.value),
      ]),
    ),
  );
  const best = [...runs].sort((a, b) => a.result.value - b.result.value)[0]!;
  console.log(`lowest value: ${best.label} (f = ${num(best.result.value)})`);
  if (flags.json) {
    await writeJson(flags.json, { function: fn, start, runs });
    console.log(`wrote ${flags.json}`);
  }
  if (flags.plot) {
    await drawMinimize(
      flags.plot,
      fn,
      runs.map((r) => ({ label: r.label, result: r.result })),
    );
    console.log(`wrote ${flags.plot}`);
  }
}
