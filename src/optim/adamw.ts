/**
 * AdamW, as torch.optim.AdamW (Loshchilov & Hutter, 2019, https://arxiv.org/abs/1711.05101):
 * Adam with the weight decay taken out of the gradient and applied to the weights directly.
 *
 *   θ ← θ − γλθ                                 (decoupled weight decay λ, default 0.01)
 *   then Adam's moments and step on the plain gradient (see adam.ts)
 */
import type { Tensor } from "../tensor/tensor.js";
import { adamStep, validateAdam, type AdamOptions } from "./adam.js";
import { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from "./optimizer.js";

export class AdamW extends Optimizer<AdamOptions> {
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
