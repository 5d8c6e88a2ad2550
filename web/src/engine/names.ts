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

type Window2d = readonly [readonly [number, number], readonly [number, number]];

/** The gallery's 2-D functions: view window, a telling start, and the menu title. */
export const GALLERY_2D: Readonly<
  Record<string, { window: Window2d; start: readonly [number, number]; title: string }>
> = {
  bowl: {
    window: [
      [-3, 3],
      [-3, 3],
    ],
    start: [-2.5, 1],
    title: "Ill-conditioned bowl x² + 10y²",
  },
  rosenbrock: {
    window: [
      [-2, 2],
      [-1, 3],
    ],
    start: [-1.5, 2],
    title: "Rosenbrock (1 − x)² + 100(y − x²)²",
  },
  himmelblau: {
    window: [
      [-5, 5],
      [-5, 5],
    ],
    start: [0, 0],
    title: "Himmelblau",
  },
  beale: {
    window: [
      [-4.5, 4.5],
      [-4.5, 4.5],
    ],
    start: [1, 1.5],
    title: "Beale",
  },
  booth: {
    window: [
      [-10, 10],
      [-10, 10],
    ],
    start: [-8, -8],
    title: "Booth",
  },
  saddle: {
    window: [
      [-2, 2],
      [-2, 2],
    ],
    start: [1.5, 0.001],
    title: "Saddle x² − y²",
  },
  "monkey-saddle": {
    window: [
      [-1.5, 1.5],
      [-1.5, 1.5],
    ],
    start: [0.5, 0.3],
    title: "Monkey saddle x³ − 3xy²",
  },
  rastrigin: {
    window: [
      [-5.12, 5.12],
      [-5.12, 5.12],
    ],
    start: [3.2, 2.1],
    title: "Rastrigin",
  },
  ackley: {
    window: [
      [-5, 5],
      [-5, 5],
    ],
    start: [2.5, 3.5],
    title: "Ackley",
  },
  "six-hump-camel": {
    window: [
      [-2, 2],
      [-1, 1],
    ],
    start: [-1.5, 0.5],
    title: "Six-hump camel",
  },
  abs: {
    window: [
      [-2, 2],
      [-2, 2],
    ],
    start: [1.3, -0.7],
    title: "|x| + |y| (a kink)",
  },
  plateau: {
    window: [
      [-4, 4],
      [-4, 4],
    ],
    start: [3, 3],
    title: "Plateau 1 − exp(−(x² + y²))",
  },
};

/** The 2-D lab's window: the gallery's, else [−3, 3]², widened to hold the start. */
export function window2d(f: string, x0: number, y0: number): [[number, number], [number, number]] {
  const w = GALLERY_2D[f]?.window ?? [
    [-3, 3],
    [-3, 3],
  ];
  return [
    [Math.min(w[0][0], x0), Math.max(w[0][1], x0)],
    [Math.min(w[1][0], y0), Math.max(w[1][1], y0)],
  ];
}

/** Lab 4's data sets, input features and activations. */
export const DATASETS = ["moons", "circles", "spiral", "xor", "blobs"] as const;
export const FEATURES = ["x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"] as const;
export const ACTIVATIONS = ["tanh", "relu", "sigmoid", "linear"] as const;
