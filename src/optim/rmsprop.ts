/** RMSprop, as torch.optim.RMSprop. */
import type { Tensor } from "../tensor/tensor.js";
import { zerosLike } from "../tensor/create.js";
import {
  Optimizer,
  addcdivTerm,
  addcmulTerm,
  stateTensor,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from "./optimizer.js";
import { checkBoolean, checkRange } from "./validate.js";

/** The options of {@link RMSprop}, torch's keyword arguments in camelCase. */
export interface RMSpropOptions {
  /** The learning rate γ (default 1e-2). */
  lr: number;
  /** The smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient as λθ (default 0). */
  weightDecay: number;
  /** Momentum μ on the scaled step (default 0: none). */
  momentum: number;
  /** Divide by the gradient's estimated variance instead of its second moment (default false). */
  centered: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * RMSprop: steps divided by a running root-mean-square of the gradient. PyTorch:
 * `torch.optim.RMSprop` (Hinton, Lecture 6e of "Neural Networks for Machine Learning"; centered
 * form: Graves, 2013, https://arxiv.org/abs/1308.0850).
 *
 * ```text
 * g ← ∇θ (−∇θ when maximize);  g ← g + λθ     (weightDecay λ)
 * v ← αv + (1 − α)g²
 * centered: ḡ ← αḡ + (1 − α)g;  d ← √(v − ḡ²) + ε,   else d ← √v + ε
 * momentum μ > 0: b ← μb + g/d;  θ ← θ − γb,  else θ ← θ − γ g/d
 * ```
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim, tensor } from "descentjs";
 * const model = nn.mlp([2, 8, 1]);
 * const opt = new optim.RMSprop(model.parameters(), { lr: 0.01 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(tensor([[0, 1]])), tensor([[1]])).backward();
 *   opt.step();
 * }
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  /** `params`: tensors, or parameter groups with their own options; `options`: the defaults. */
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<RMSpropOptions>>,
    options: Partial<RMSpropOptions> = {},
  ) {
    super(
      params,
      {
        lr: 1e-2,
        alpha: 0.99,
        eps: 1e-8,
        weightDecay: 0,
        momentum: 0,
        centered: false,
        maximize: false,
      },
      options,
    );
  }

  protected override validate(o: RMSpropOptions): void {
    super.validate(o);
    checkRange("Invalid epsilon value", o.eps, { min: 0 });
    checkRange("Invalid momentum value", o.momentum, { min: 0, max: 1, maxOpen: true });
    checkRange("Invalid weight_decay value", o.weightDecay, { min: 0 });
    // alpha is the decay of the squared-gradient average: past 1 the average grows without bound
    checkRange("Invalid alpha value", o.alpha, { min: 0, max: 1 });
    checkBoolean(this.constructor.name, "centered", o.centered);
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    o: ParamGroup<RMSpropOptions>,
  ): void {
    let g = o.maximize ? grad.neg() : grad;
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    if (o.weightDecay !== 0) g = g.add(p, { alpha: o.weightDecay });
    const v = stateTensor(state, "squareAvg") ?? (state.squareAvg = zerosLike(p));
    v.mul_(o.alpha).add_(addcmulTerm(g, g, 1 - o.alpha));
    let avg: Tensor;
    if (o.centered) {
      const gAvg = stateTensor(state, "gradAvg") ?? (state.gradAvg = zerosLike(p));
      gAvg.mul_(o.alpha).add_(g, { alpha: 1 - o.alpha });
      avg = v.add(addcmulTerm(gAvg, gAvg, -1)).sqrt();
    } else {
      avg = v.sqrt();
    }
    avg = avg.add(o.eps);
    if (o.momentum > 0) {
      const buffer = stateTensor(state, "momentumBuffer") ?? (state.momentumBuffer = zerosLike(p));
      buffer.mul_(o.momentum).add_(addcdivTerm(g, avg, 1));
      p.add_(buffer, { alpha: -o.lr });
    } else {
      p.add_(addcdivTerm(g, avg, -o.lr));
    }
  }
}
