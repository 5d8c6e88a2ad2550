/**
 * Optimizers by name, as the CLI, the playground, minimize() and fit() offer them: one table
 * holding, per name, how to build it and its default learning rates. Adding a name is one entry
 * here and its name in OptimizerName (the compiler asks for each); OPTIMIZER_NAMES, DEFAULT_LR
 * and createOptimizer follow from the table.
 */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { didYouMean } from "../util/suggest.js";
import { Adagrad } from "./adagrad.js";
import { Adam } from "./adam.js";
import { AdamW } from "./adamw.js";
import type { Optimizer } from "./optimizer.js";
import { RMSprop } from "./rmsprop.js";
import { GD, SGD } from "./sgd.js";

/** Options passed through to the optimizer (its own names: momentum, betas, weightDecay...). */
export type OptimizerOptions = Record<string, unknown> & {
  /** The learning rate; without it, the entry's default for the purpose. */
  lr?: number;
};

/** One row of {@link OPTIMIZERS}: how to build the optimizer of a name, and its default rates. */
export interface OptimizerEntry {
  /** One line for --help and menus. */
  readonly summary: string;
  /**
   * The default lr on plain functions (minimize, race, the gallery): larger than torch's
   * defaults (made for networks), so each optimizer makes visible progress in a few hundred steps.
   */
  readonly lr: number;
  /** The default lr when training a network with fit(). */
  readonly trainLr: number;
  /** Builds it; `options` always holds lr. */
  create(params: Tensor[], options: OptimizerOptions & { lr: number }): Optimizer;
}

/** The optimizer names the CLI, the playground, minimize() and fit() accept. */
export type OptimizerName =
  "gd" | "sgd" | "momentum" | "nesterov" | "adam" | "adamw" | "rmsprop" | "adagrad";

// Spelled out rather than inferred so the reference lists the names; `satisfies` keeps the two
// in step (a missing or extra entry does not compile).
const TABLE = {
  gd: {
    summary: "plain gradient descent",
    lr: 0.01,
    trainLr: 0.01,
    create: (params, o) => new GD(params, o),
  },
  sgd: {
    summary: "stochastic gradient descent (torch.optim.SGD)",
    lr: 0.01,
    trainLr: 0.01,
    create: (params, o) => new SGD(params, o),
  },
  momentum: {
    summary: "SGD with momentum 0.9",
    lr: 0.01,
    trainLr: 0.01,
    create: (params, o) => new SGD(params, { momentum: 0.9, ...o }),
  },
  nesterov: {
    summary: "SGD with Nesterov momentum 0.9",
    lr: 0.01,
    trainLr: 0.01,
    create: (params, o) => new SGD(params, { momentum: 0.9, ...o, nesterov: true }),
  },
  adam: { summary: "Adam", lr: 0.05, trainLr: 1e-3, create: (params, o) => new Adam(params, o) },
  adamw: {
    summary: "Adam with decoupled weight decay",
    lr: 0.05,
    trainLr: 1e-3,
    create: (params, o) => new AdamW(params, o),
  },
  rmsprop: {
    summary: "RMSprop",
    lr: 0.01,
    trainLr: 0.01,
    create: (params, o) => new RMSprop(params, o),
  },
  adagrad: {
    summary: "Adagrad",
    lr: 0.5,
    trainLr: 0.01,
    create: (params, o) => new Adagrad(params, o),
  },
} as const satisfies Record<OptimizerName, OptimizerEntry>;

/**
 * The optimizers by name: gd, sgd, momentum and nesterov (SGD with momentum 0.9), adam, adamw,
 * rmsprop, adagrad, each with a one-line summary, its default lr for plain functions and for
 * training, and a factory. No PyTorch equivalent (torch picks classes, not names).
 */
export const OPTIMIZERS: Readonly<Record<OptimizerName, OptimizerEntry>> = TABLE;

/** Every name of {@link OPTIMIZERS}, in menu order. */
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as readonly OptimizerName[];

/** The default learning rate of each optimizer on plain functions (minimize, race). */
export const DEFAULT_LR = Object.fromEntries(
  OPTIMIZER_NAMES.map((name) => [name, OPTIMIZERS[name].lr]),
) as Record<OptimizerName, number>;

/** Whether `name` is one of {@link OPTIMIZER_NAMES} (a type guard). */
export function isOptimizerName(name: string): name is OptimizerName {
  return Object.hasOwn(OPTIMIZERS, name);
}

/** The table entry of `name`, or a clear error listing the names. */
export function optimizerEntry(name: string): OptimizerEntry {
  if (!isOptimizerName(name)) {
    throw new ArgumentError(
      `optimizer: unknown optimizer "${name}"${didYouMean(name, OPTIMIZER_NAMES)}; use one of ${OPTIMIZER_NAMES.join(", ")}`,
    );
  }
  return OPTIMIZERS[name];
}

/**
 * Builds a named optimizer over `params` (momentum and nesterov are SGD with momentum 0.9).
 * Without options.lr it takes the entry's lr, or its trainLr with `{ purpose: "train" }`.
 */
export function createOptimizer(
  name: string,
  params: Tensor[],
  options: OptimizerOptions = {},
  purpose: "minimize" | "train" = "minimize",
): Optimizer {
  const entry = optimizerEntry(name);
  const lr = options.lr ?? (purpose === "train" ? entry.trainLr : entry.lr);
  return entry.create(params, { ...options, lr });
}
