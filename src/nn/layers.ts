/** Shape and regularisation layers: Flatten and Dropout. */
import { ArgumentError } from "../errors.js";
import { rand } from "../tensor/create.js";
import { defaultGenerator, type Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * Flattens dims startDim..endDim into one, by default all but the batch dim: [N, 1, 28, 28] →
 * [N, 784]. PyTorch: `torch.nn.Flatten`.
 */
export class Flatten extends Module {
  constructor(
    /** The first dim merged (default 1, keeping the batch dim). */
    readonly startDim = 1,
    /** The last dim merged, inclusive (default −1). */
    readonly endDim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  protected override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Options of the functional dropout. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Dropout is the identity unless training (default true, as torch's F.dropout). */
  training?: boolean;
  /** Where the masks come from (default the global generator). */
  generator?: Generator;
}

/**
 * Zeroes each element with probability p and scales the rest by 1/(1 − p); the identity when not
 * training. PyTorch: `torch.nn.functional.dropout`.
 *
 * @example nn.functional.dropout(x, { p: 0.2, training: model.training });
 */
export function dropout(x: Tensor, options: DropoutOptions = {}): Tensor {
  const { p = 0.5, training = true, generator = defaultGenerator } = options;
  if (!(p >= 0 && p <= 1))
    throw new ArgumentError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = rand(x.shape.slice(), { generator }).ge(p);
  return x.mul(keep).div(1 - p);
}

/**
 * Zeroes each element with probability p while training and scales the rest by 1/(1 − p), so
 * that evaluation (identity) sees the same expected activations. Masks come from a seeded
 * generator (not torch's stream: its bernoulli draws are not reproduced). PyTorch: `torch.nn.Dropout`.
 */
export class Dropout extends Module {
  constructor(
    /** The probability of zeroing an element, in [0, 1] (default 0.5). */
    readonly p = 0.5,
    /** Where the masks come from (default the global generator). */
    readonly generator: Generator = defaultGenerator,
  ) {
    super();
    if (!(p >= 0 && p <= 1))
      throw new ArgumentError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.generator });
  }
  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}
