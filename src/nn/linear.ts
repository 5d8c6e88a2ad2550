/** Linear: y = x·Wᵀ + b, with PyTorch's default initialisation. */
import { zeros } from "../tensor/create.js";
import type { DType } from "../tensor/dtype.js";
import type { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { linear } from "../autograd/ops/matmul.js";
import { fans, kaimingUniform_, uniform_ } from "./init.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
  /** Draw the initial weights from this generator instead of the default one. */
  generator?: Generator;
}

export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  /**
   * A fully connected layer. Weight [outFeatures, inFeatures] and bias [outFeatures], both
   * U(−1/√inFeatures, 1/√inFeatures) as torch.nn.Linear (kaiming_uniform with a = √5).
   */
  constructor(
    readonly inFeatures: number,
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

  /** Draws fresh initial values, as torch's reset_parameters. */
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
