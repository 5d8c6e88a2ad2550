/**
 * Stochastic gradient descent with momentum, as torch.optim.SGD.
 *
 *   g ← ∇θ (−∇θ when maximize)
 *   g ← g + λθ                              (weightDecay λ)
 *   b ← g at the first step, then μb + (1 − τ)g   (momentum μ, dampening τ)
 *   g ← g + μb if nesterov, else b
 *   θ ← θ − γg                              (lr γ)
 *
 * Momentum: Polyak (1964); Nesterov form as in Sutskever et al. (2013). Note the convention
 * (shared with torch, not with some papers): the buffer holds the velocity before lr scales it.
 */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import {
  Optimizer,
  stateTensor,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from "./optimizer.js";
import { checkBoolean, checkRange } from "./validate.js";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>,
    options: Partial<SGDOptions> = {},
  ) {
    super(
      params,
      {
        lr: 1e-3,
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
      },
      options,
    );
  }

  protected override validate(o: SGDOptions): void {
    super.validate(o);
    checkRange("Invalid momentum value", o.momentum, { min: 0, max: 1, maxOpen: true });
    checkRange("Invalid dampening value", o.dampening, { min: 0, max: 1 });
    checkRange("Invalid weight_decay value", o.weightDecay, { min: 0 });
    checkBoolean(this.constructor.name, "nesterov", o.nesterov);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ArgumentError("Nesterov momentum requires a momentum and zero dampening");
    }
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, o: ParamGroup<SGDOptions>): void {
    let g = o.maximize ? grad.neg() : grad;
    if (o.weightDecay !== 0) g = g.add(p, { alpha: o.weightDecay });
    if (o.momentum !== 0) {
      let buffer = stateTensor(state, "momentumBuffer");
      if (buffer === undefined) buffer = state.momentumBuffer = g.clone();
      else buffer.mul_(o.momentum).add_(g, { alpha: 1 - o.dampening });
      g = o.nesterov ? g.add(buffer, { alpha: o.momentum }) : buffer;
    }
    p.add_(g, { alpha: -o.lr });
  }
}

/**
 * Plain gradient descent θ ← θ − γ∇θ: SGD with no momentum. "GD" when every step sees the whole
 * data set (or a plain function, as in minimize); stochastic when the data loader gives batches.
 */
export class GD extends SGD {
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>,
    options: { lr?: number; weightDecay?: number; maximize?: boolean } = {},
  ) {
    super(params, { ...options, momentum: 0 });
  }
}
