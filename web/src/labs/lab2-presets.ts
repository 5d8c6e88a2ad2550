// Lab 2's defaults and one-click presets: the local-minimum trap and its escapes, the ravine.
import type { OptimizerName } from "../../../src/index.js";

export const RACERS = [
  "gd",
  "momentum",
  "nesterov",
  "rmsprop",
  "adagrad",
  "adam",
  "adamw",
] as const satisfies readonly OptimizerName[];
export type Racer = (typeof RACERS)[number];

export const DEFAULTS_2D = {
  f: "rosenbrock",
  x0: -1.5,
  y0: 2,
  racers: "gd,momentum,adam",
  lr_gd: 0.001,
  lr_momentum: 0.0005,
  lr_nesterov: 0.0005,
  lr_rmsprop: 0.005,
  lr_adagrad: 0.3,
  lr_adam: 0.05,
  lr_adamw: 0.05,
  fair: false as boolean,
  lr: 0.001,
  eps: 1e-4,
  maxIters: 2000,
  momentum: 0.9,
  noise: 0,
  seed: 0,
  step: 60,
  speed: "60",
  narrate: "",
  sub: 0,
} satisfies Record<string, number | string | boolean>;

/** Two valleys along x (the 1-D double well) times a bowl in y: the trap is the right valley. */
export const TWO_VALLEYS = "x^4 - 4x^2 + x + y^2";

export const PRESETS_2D: readonly {
  id: string;
  title: string;
  params: Partial<typeof DEFAULTS_2D>;
}[] = [
  {
    id: "trap",
    title: "Trap: plain descent stops in the shallow valley",
    params: { f: TWO_VALLEYS, x0: 2, y0: 1.5, racers: "gd", lr_gd: 0.02, maxIters: 400, step: 400 },
  },
  {
    id: "escape-momentum",
    title: "Escape with momentum (same lr, β = 0.95)",
    params: {
      f: TWO_VALLEYS,
      x0: 2,
      y0: 1.5,
      racers: "gd,momentum",
      fair: true,
      lr: 0.01,
      momentum: 0.95,
      maxIters: 1000,
      step: 1000,
    },
  },
  {
    id: "escape-noise",
    title: "Escape with seeded noise (σ = 0.1, seed 2; try other seeds)",
    params: {
      f: TWO_VALLEYS,
      x0: 2,
      y0: 1.5,
      racers: "gd",
      lr_gd: 0.01,
      noise: 0.1,
      seed: 2,
      maxIters: 1000,
      step: 1000,
    },
  },
  {
    id: "ravine",
    title: "Ravine: the ill-conditioned bowl, fair race",
    params: {
      f: "bowl",
      x0: -2.5,
      y0: 1,
      racers: "gd,momentum,nesterov,adam",
      fair: true,
      lr: 0.04,
      maxIters: 300,
      step: 300,
    },
  },
  {
    id: "all",
    title: "Rosenbrock: all seven, each at its own lr",
    params: { racers: "gd,momentum,nesterov,rmsprop,adagrad,adam,adamw", step: 2000 },
  },
];
