/** Optimizers by name, as the CLI, the playground and minimize() offer them. */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { Adagrad } from "../optim/adagrad.js";
import { Adam } from "../optim/adam.js";
import { AdamW } from "../optim/adamw.js";
import type { Optimizer } from "../optim/optimizer.js";
import { RMSprop } from "../optim/rmsprop.js";
import { GD, SGD } from "../optim/sgd.js";

export const OPTIMIZER_NAMES = [
  "gd",
  "sgd",
  "momentum",
  "nesterov",
  "adam",
  "adamw",
  "rmsprop",
  "adagrad",
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * Default learning rates for plain functions: larger than torch's defaults (made for networks),
 * chosen so that each optimizer makes visible progress on the gallery in a few hundred steps.
 */
export const DEFAULT_LR: Record<OptimizerName, number> = {
  gd: 0.01,
  sgd: 0.01,
  momentum: 0.01,
  nesterov: 0.01,
  adam: 0.05,
  adamw: 0.05,
  rmsprop: 0.01,
  adagrad: 0.5,
};

/** Options passed through to the optimizer (its own names: momentum, betas, weightDecay...). */
export type OptimizerOptions = Record<string, unknown> & { lr?: number };

export function isOptimizerName(name: string): name is OptimizerName {
  return (OPTIMIZER_NAMES as readonly string[]).includes(name);
}

/** Builds a named optimizer over `params`; momentum and nesterov are SGD with momentum 0.9. */
export function createOptimizer(
  name: string,
  params: Tensor[],
  options: OptimizerOptions = {},
): Optimizer {
  if (!isOptimizerName(name)) {
    throw new ArgumentError(
      `optimizer: unknown optimizer "${name}"; use one of ${OPTIMIZER_NAMES.join(", ")}`,
    );
  }
  const lr = options.lr ?? DEFAULT_LR[name];
  const o = { ...options, lr };
  switch (name) {
    case "gd":
      return new GD(params, o);
    case "sgd":
      return new SGD(params, o);
    case "momentum":
      return new SGD(params, { momentum: 0.9, ...o });
    case "nesterov":
      return new SGD(params, { momentum: 0.9, ...o, nesterov: true });
    case "adam":
      return new Adam(params, o);
    case "adamw":
      return new AdamW(params, o);
    case "rmsprop":
      return new RMSprop(params, o);
    case "adagrad":
      return new Adagrad(params, o);
    default:
      return name satisfies never;
  }
}
