/** Sequential, and mlp(): the feed-forward networks of the lecture. */
import { ArgumentError } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { ELU, GELU, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh } from "./activation.js";
import { Dropout } from "./layers.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

/**
 * Modules applied in order, each to the previous one's output; children are named "0", "1", ...,
 * so state dict keys are torch's. PyTorch: `torch.nn.Sequential`.
 *
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 1));
 * model.forward(randn([4, 2])).shape; // [4, 1]
 * ```
 */
export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...modules: Module[]) {
    super();
    this.layers = modules;
    modules.forEach((m, i) => this.registerModule(String(i), m));
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }

  /** The number of modules. PyTorch: `len(sequential)`. */
  get length(): number {
    return this.layers.length;
  }

  /** The i-th module (negative counts from the end). PyTorch: `sequential[i]`. */
  at(i: number): Module {
    const layer = this.layers.at(i);
    if (layer === undefined)
      throw new ArgumentError(
        `Sequential: index ${i} is out of range for ${this.layers.length} modules`,
      );
    return layer;
  }

  /** Each layer's output for input x, in order (for pictures of what a network does); descent only. */
  trace(x: Tensor): Tensor[] {
    const outputs: Tensor[] = [];
    this.layers.reduce((h, layer) => {
      const out = layer.forward(h);
      outputs.push(out);
      return out;
    }, x);
    return outputs;
  }
}

/** The activations mlp() and the CLI know by name; each is the nn module of that name. */
export type ActivationName =
  "relu" | "tanh" | "sigmoid" | "gelu" | "leaky-relu" | "elu" | "softplus";

/** Every ActivationName, in the order the CLI lists them. */
export const ACTIVATIONS: readonly ActivationName[] = [
  "relu",
  "tanh",
  "sigmoid",
  "gelu",
  "leaky-relu",
  "elu",
  "softplus",
];

/** A new activation module from its name: "relu" gives ReLU, "leaky-relu" LeakyReLU, and so on. */
export function activation(name: ActivationName): Module {
  switch (name) {
    case "relu":
      return new ReLU();
    case "tanh":
      return new Tanh();
    case "sigmoid":
      return new Sigmoid();
    case "gelu":
      return new GELU();
    case "leaky-relu":
      return new LeakyReLU();
    case "elu":
      return new ELU();
    case "softplus":
      return new Softplus();
    default:
      throw new ArgumentError(
        `activation: unknown activation "${String(name)}"; use one of ${ACTIVATIONS.join(", ")}`,
      );
  }
}

/** Options of mlp(). */
export interface MLPOptions {
  /** The activation between the Linear layers (default "relu"). */
  activation?: ActivationName;
  /** Dropout probability after each hidden activation (0: none). */
  dropout?: number;
  /** The parameters' dtype (default float32). */
  dtype?: DType;
  /** Draw the initial weights from this generator instead of the default one. */
  generator?: Generator;
}

/**
 * A feed-forward network: Linear layers of the given sizes with an activation between them
 * (none after the last). mlp([784, 128, 10]) is Sequential(Linear(784, 128), ReLU(), Linear(128, 10)),
 * whose state dict keys (0.weight, 0.bias, 2.weight, 2.bias) are torch's for the same Sequential.
 * A descent helper; torch has no equivalent function.
 *
 * @example
 * ```ts
 * const model = nn.mlp([2, 16, 16, 1], { activation: "tanh" });
 * model.forward(randn([8, 2])).shape; // [8, 1]
 * ```
 */
export function mlp(sizes: readonly number[], options: MLPOptions = {}): Sequential {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ArgumentError(
      `mlp: sizes must list at least an input and an output size, all positive integers; got [${sizes.join(", ")}]`,
    );
  }
  const { activation: act = "relu", dropout = 0, dtype, generator } = options;
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { dtype, generator }));
    if (i + 2 < sizes.length) {
      layers.push(activation(act));
      if (dropout > 0) layers.push(new Dropout(dropout, generator));
    }
  }
  return new Sequential(...layers);
}
