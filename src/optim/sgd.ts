/** SGD (with momentum, dampening and Nesterov) and plain GD, as torch.optim.SGD. */
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

/** The options of {@link SGD}, torch's keyword arguments in camelCase. */
export interface SGDOptions {
  /** The learning rate γ (default 1e-3, torch: 1e-3). */
  lr: number;
  /** The momentum factor μ in [0, 1) (default 0: none). */
  momentum: number;
  /** The dampening τ in [0, 1] of the gradient added to the momentum buffer (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient as λθ (default 0). */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0; default false). */
  nesterov: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * Stochastic gradient descent with momentum. PyTorch: `torch.optim.SGD`.
 *
 * ```text
 * g ← ∇θ (−∇θ when maximize)
 * g ← g + λθ                                   (weightDecay λ)
 * b ← g at the first step, then μb + (1 − τ)g  (momentum μ, dampening τ)
 * g ← g + μb if nesterov, else b
 * θ ← θ − γg                                   (lr γ)
 * ```
 *
 * Momentum: Polyak (1964); Nesterov form as in Sutskever et al. (2013). Note the convention
 * (shared with torch, not with some papers): the buffer holds the velocity before lr scales it.
 * State per parameter: `momentumBuffer`.
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim, tensor } from "descentjs";
 * const model = nn.mlp([2, 8, 1]);
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const loss = mseLoss(model.forward(tensor([[0, 1]])), tensor([[1]]));
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  /** `params`: tensors, or parameter groups with their own options; `options`: the defaults. */
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
 * PyTorch: `torch.optim.SGD` with `momentum=0` (no class of its own in torch).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "descentjs";
 * const x = tensor([3], { requiresGrad: true });
 * const opt = new optim.GD([x], { lr: 0.1 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   x.sub(1).square().sum().backward(); // (x − 1)²
 *   opt.step();
 * }
 * x.item(); // ≈ 1
 * ```
 */
export class GD extends SGD {
  /** Takes only lr, weightDecay and maximize: momentum is always 0. */
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>,
    options: { lr?: number; weightDecay?: number; maximize?: boolean } = {},
  ) {
    super(params, { ...options, momentum: 0 });
  }
}
