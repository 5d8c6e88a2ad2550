/** Adagrad, as torch.optim.Adagrad. */
import type { Tensor } from "../tensor/tensor.js";
import { fullLike } from "../tensor/create.js";
import {
  Optimizer,
  addcdivTerm,
  stateTensor,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from "./optimizer.js";
import { checkRange } from "./validate.js";

/** The options of {@link Adagrad}, torch's keyword arguments in camelCase. */
export interface AdagradOptions {
  /** The learning rate γ (default 1e-2). */
  lr: number;
  /** η: the rate decays as γ / (1 + (t − 1)η) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient as λθ (default 0). */
  weightDecay: number;
  /** The starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** ε added to the denominator (default 1e-10). */
  eps: number;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

/**
 * Adagrad: steps divided by the root of every squared gradient so far, so often-moved
 * parameters slow down. PyTorch: `torch.optim.Adagrad` (Duchi, Hazan & Singer, 2011, JMLR 12).
 *
 * ```text
 * g ← ∇θ (−∇θ when maximize);  t ← t + 1;  g ← g + λθ    (weightDecay λ)
 * γₜ ← γ / (1 + (t − 1)η)                                (lrDecay η)
 * s ← s + g²                                             (s starts at initialAccumulatorValue)
 * θ ← θ − γₜ g / (√s + ε)
 * ```
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim, tensor } from "descentjs";
 * const model = nn.mlp([2, 8, 1]);
 * const opt = new optim.Adagrad(model.parameters(), { lr: 0.1 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(tensor([[0, 1]])), tensor([[1]])).backward();
 *   opt.step();
 * }
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  /** `params`: tensors, or parameter groups with their own options; `options`: the defaults. */
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<AdagradOptions>>,
    options: Partial<AdagradOptions> = {},
  ) {
    super(
      params,
      {
        lr: 1e-2,
        lrDecay: 0,
        weightDecay: 0,
        initialAccumulatorValue: 0,
        eps: 1e-10,
        maximize: false,
      },
      options,
    );
  }

  protected override validate(o: AdagradOptions): void {
    super.validate(o);
    checkRange("Invalid lr_decay value", o.lrDecay, { min: 0 });
    checkRange("Invalid weight_decay value", o.weightDecay, { min: 0 });
    checkRange("Invalid initial_accumulator_value value", o.initialAccumulatorValue, { min: 0 });
    checkRange("Invalid epsilon value", o.eps, { min: 0 });
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    state: ParamState,
    o: ParamGroup<AdagradOptions>,
  ): void {
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    let g = o.maximize ? grad.neg() : grad;
    if (o.weightDecay !== 0) g = g.add(p, { alpha: o.weightDecay });
    const clr = o.lr / (1 + (step - 1) * o.lrDecay);
    const sum = stateTensor(state, "sum") ?? (state.sum = fullLike(p, o.initialAccumulatorValue));
    sum.add_(g.mul(g));
    p.add_(addcdivTerm(g, sum.sqrt().add(o.eps), -clr));
  }
}
