/**
 * Adagrad, as torch.optim.Adagrad (Duchi, Hazan & Singer, 2011, JMLR 12).
 *
 *   g ← ∇θ (−∇θ when maximize);  t ← t + 1;  g ← g + λθ     (weightDecay λ)
 *   γₜ ← γ / (1 + (t − 1)η)                                 (lrDecay η)
 *   s ← s + g²                                               (s starts at initialAccumulatorValue)
 *   θ ← θ − γₜ g / (√s + ε)
 */
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

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export class Adagrad extends Optimizer<AdagradOptions> {
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
