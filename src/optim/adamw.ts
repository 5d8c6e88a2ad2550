/** AdamW, as torch.optim.AdamW: Adam with decoupled weight decay. */
import type { Tensor } from "../tensor/tensor.js";
import { adamStep, validateAdam, type AdamOptions } from "./adam.js";
import { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from "./optimizer.js";

/**
 * AdamW: Adam with the weight decay taken out of the gradient and applied to the weights
 * directly. PyTorch: `torch.optim.AdamW` (Loshchilov & Hutter, 2019,
 * https://arxiv.org/abs/1711.05101).
 *
 * ```text
 * θ ← θ − γλθ          (decoupled weight decay λ, default 0.01)
 * then Adam's moments and step on the plain gradient (see Adam)
 * ```
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim, tensor } from "descentjs";
 * const model = nn.mlp([2, 8, 1]);
 * const opt = new optim.AdamW(model.parameters(), { lr: 0.01, weightDecay: 0.01 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(tensor([[0, 1]])), tensor([[1]])).backward();
 *   opt.step();
 * }
 * ```
 */
export class AdamW extends Optimizer<AdamOptions> {
  /** `params`: tensors, or parameter groups with their own options; `options`: the defaults. */
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>,
    options: Partial<AdamOptions> = {},
  ) {
    super(
      params,
      {
        lr: 1e-3,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 1e-2,
        amsgrad: false,
        maximize: false,
      },
      options,
    );
  }

  protected override validate(o: AdamOptions): void {
    validateAdam(o, this.constructor.name);
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, o: ParamGroup<AdamOptions>): void {
    const g = o.maximize ? grad.neg() : grad;
    p.mul_(1 - o.lr * o.weightDecay);
    adamStep(p, g, state, o);
  }
}
