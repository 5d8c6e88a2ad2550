// Names the page needs without loading the library (the worker has it): optimizers, 1-D windows.
import type { OptimizerName } from "../../../src/minimize/optimizers.js";

/** The optimizers the labs offer, as minimize() names them (a test checks the list matches). */
export const OPTIMIZERS: readonly OptimizerName[] = [
  "gd",
  "sgd",
  "momentum",
  "nesterov",
  "adam",
  "adamw",
  "rmsprop",
  "adagrad",
];

/** The gallery's 1-D view windows (a test checks them against the gallery). */
export const WINDOWS_1D: Readonly<Record<string, readonly [number, number]>> = {
  cubic: [-2.5, 2.5],
  quartic: [-1.5, 3.5],
  "double-well": [-2.5, 2.5],
};

/** The 1-D lab's window: the gallery's, else [−3, 3], widened to hold the start. */
export function window1d(f: string, x0: number): [number, number] {
  const w = WINDOWS_1D[f];
  if (w) return [Math.min(w[0], x0), Math.max(w[1], x0)];
  return [Math.min(-3, x0 - 1), Math.max(3, x0 + 1)];
}
