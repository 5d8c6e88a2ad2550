/** Adam, as torch.optim.Adam, and the moment update it shares with AdamW. */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { zerosLike } from "../tensor/create.js";
import { powInt } from "./int-pow.js";
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

/** The options of {@link Adam} and {@link AdamW}, torch's keyword arguments in camelCase. */
export interface AdamOptions {
  /** The learning rate γ (default 1e-3). */
  lr: number;
  /** [β₁, β₂], the decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** ε added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** λ: Adam adds λθ to the gradient (L2, default 0); AdamW decays θ by γλ (default 0.01). */
  weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad, Reddi et al. 2018; default false). */
  amsgrad: boolean;
  /** Maximise the objective instead of minimising it (default false). */
  maximize: boolean;
}

export function validateAdam(o: AdamOptions, owner: string): void {
  checkRange("Invalid learning rate", o.lr, { min: 0 });
  checkRange("Invalid epsilon value", o.eps, { min: 0 });
  if (!Array.isArray(o.betas) || o.betas.length !== 2) {
    throw new ArgumentError(
      `${owner}: betas must be a pair [beta1, beta2], got ${JSON.stringify(o.betas)}`,
    );
  }
  checkRange("Invalid beta parameter at index 0", o.betas[0], { min: 0, max: 1, maxOpen: true });
  checkRange("Invalid beta parameter at index 1", o.betas[1], { min: 0, max: 1, maxOpen: true });
  checkRange("Invalid weight_decay value", o.weightDecay, { min: 0 });
  checkBoolean(owner, "amsgrad", o.amsgrad);
  checkBoolean(owner, "maximize", o.maximize);
}

/** The Adam moment update and parameter step shared by Adam and AdamW (g already adjusted). */
export function adamStep(p: Tensor, g: Tensor, state: ParamState, o: AdamOptions): void {
  const [beta1, beta2] = o.betas;
  const step = ((state.step as number | undefined) ?? 0) + 1;
  state.step = step;
  const m = stateTensor(state, "expAvg") ?? (state.expAvg = zerosLike(p));
  const v = stateTensor(state, "expAvgSq") ?? (state.expAvgSq = zerosLike(p));
  m.mul_(beta1).add_(g, { alpha: 1 - beta1 });
  v.mul_(beta2).add_(addcmulTerm(g, g, 1 - beta2));
  // βᵗ correctly rounded: the engine's ** differs between V8 versions in the last bit
  const biasCorrection1 = 1 - powInt(beta1, step);
  const biasCorrection2Sqrt = Math.sqrt(1 - powInt(beta2, step));
  let second = v;
  if (o.amsgrad) {
    const vMax = stateTensor(state, "maxExpAvgSq") ?? (state.maxExpAvgSq = zerosLike(p));
    vMax.copy_(vMax.maximum(v));
    second = vMax;
  }
  const denom = second.sqrt().div(biasCorrection2Sqrt).add(o.eps);
  p.add_(addcdivTerm(m, denom, -o.lr / biasCorrection1));
}

/**
 * Adam: per-parameter steps scaled by running averages of the gradient and its square.
 * PyTorch: `torch.optim.Adam` (Kingma & Ba, 2015, https://arxiv.org/abs/1412.6980).
 *
 * ```text
 * g ← ∇θ (−∇θ when maximize);  t ← t + 1
 * g ← g + λθ                          (weightDecay λ: L2, coupled)
 * m ← β₁m + (1 − β₁)g
 * v ← β₂v + (1 − β₂)g²
 * v̂max ← max(v̂max, v)                 (amsgrad only; then v is replaced by v̂max)
 * θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * ```
 *
 * β₁ᵗ and β₂ᵗ are computed correctly rounded, so float64 runs equal CPython's on every
 * JavaScript engine. State per parameter: `step`, `expAvg`, `expAvgSq` (and `maxExpAvgSq`).
 *
 * @example
 * ```ts
 * import { mseLoss, nn, optim, tensor } from "descentjs";
 * const model = nn.mlp([2, 8, 1]);
 * const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   mseLoss(model.forward(tensor([[0, 1]])), tensor([[1]])).backward();
 *   opt.step();
 * }
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
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
        weightDecay: 0,
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
    let g = o.maximize ? grad.neg() : grad;
    if (o.weightDecay !== 0) g = g.add(p, { alpha: o.weightDecay });
    adamStep(p, g, state, o);
  }
}
