/** Linear: y = x·Wᵀ + b, with PyTorch's default initialisation. */
import { zeros } from "../tensor/create.js";
import type { DType } from "../tensor/dtype.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { linear } from "../autograd/ops/matmul.js";
import { fans, kaimingUniform_, uniform_ } from "./init.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";

/** Options of Linear (torch's keywords in camelCase). */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** The parameters' dtype (default float32). */
  dtype?: DType;
  /** Draw the initial weights from this generator instead of the default one. */
  generator?: Generator;
}

/**
 * A fully connected layer: y = x·Wᵀ + b over the last dim, [..., inFeatures] → [..., outFeatures].
 * Seeded initial values equal torch's. PyTorch: `torch.nn.Linear`.
 *
 * @example
 * ```ts
 * const layer = new nn.Linear(3, 2);
 * layer.forward(randn([5, 3])).shape; // [5, 2]
 * layer.weight.shape; // [2, 3]
 * ```
 */
export class Linear extends Module {
  /** W, of shape [outFeatures, inFeatures]. */
  readonly weight: Parameter;
  /** b, of shape [outFeatures]; null with `bias: false`. */
  readonly bias: Parameter | null;

  /**
   * A fully connected layer. Weight [outFeatures, inFeatures] and bias [outFeatures], both
   * U(−1/√inFeatures, 1/√inFeatures) as torch.nn.Linear (kaiming_uniform with a = √5).
   */
  constructor(
    /** The size of each input's last dim. PyTorch: `in_features`. */
    readonly inFeatures: number,
    /** The size of each output's last dim. PyTorch: `out_features`. */
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    const { bias = true, dtype = "float32", generator } = options;
    this.weight = this.registerParameter(
      "weight",
      new Parameter(zeros([outFeatures, inFeatures], { dtype })),
    );
    this.bias = this.registerParameter(
      "bias",
      bias ? new Parameter(zeros([outFeatures], { dtype })) : null,
    );
    this.resetParameters(generator);
  }

  /** Draws fresh initial values. PyTorch: `Linear.reset_parameters`. */
  resetParameters(generator?: Generator): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator });
    if (this.bias) {
      const { fanIn } = fans(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound, { generator });
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  protected override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
