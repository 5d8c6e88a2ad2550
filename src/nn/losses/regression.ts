/** Regression losses on a prediction and a target of the same shape: MSE, L1, Huber, smooth L1. */
import { sub, where } from "../../autograd/ops/elementwise.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkFloat,
  checkOption,
  checkReduction,
  checkSameShape,
  reduce,
  type Reduction,
  type ReductionOptions,
} from "./common.js";

/** Options of huberLoss and nn.HuberLoss. */
export interface HuberLossOptions extends ReductionOptions {
  /** δ > 0 (default 1): where the loss turns from quadratic to linear. */
  delta?: number;
}

/** Options of smoothL1Loss and nn.SmoothL1Loss. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** β ≥ 0 (default 1): where the loss turns from quadratic to linear; 0 gives L1. */
  beta?: number;
}

function prepare(
  loss: string,
  input: Tensor,
  target: Tensor,
  options: ReductionOptions,
): { diff: Tensor; reduction: Reduction } {
  const reduction = checkReduction(loss, options.reduction);
  checkFloat(loss, "input", input);
  checkSameShape(loss, input, target);
  return { diff: input.sub(target), reduction };
}

/**
 * Mean squared error (torch.nn.functional.mse_loss): ℓᵢ = (xᵢ − yᵢ)², then reduced.
 * Differentiable in both the input and the target.
 *
 * @example mseLoss(tensor([1, 2]), tensor([0, 4])) // (1 + 4) / 2 = 2.5
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const { diff, reduction } = prepare("mseLoss", input, target, options);
  return reduce(diff.square(), reduction);
}

/**
 * Mean absolute error (torch.nn.functional.l1_loss): ℓᵢ = |xᵢ − yᵢ|, then reduced. The gradient
 * at xᵢ = yᵢ is 0, as torch.
 *
 * @example l1Loss(tensor([1, 2]), tensor([0, 4])) // (1 + 2) / 2 = 1.5
 */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const { diff, reduction } = prepare("l1Loss", input, target, options);
  return reduce(diff.abs(), reduction);
}

/**
 * Huber loss (torch.nn.functional.huber_loss), quadratic near 0 and linear beyond δ:
 * ℓᵢ = ½(xᵢ − yᵢ)² if |xᵢ − yᵢ| < δ, else δ(|xᵢ − yᵢ| − ½δ); δ > 0 (default 1).
 *
 * @example huberLoss(tensor([0.5, 3]), tensor([0, 0]), { reduction: "sum" }) // 0.125 + 2.5
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  checkOption("huberLoss", "delta", delta, (d) => d > 0 && d < Infinity, "a finite number > 0");
  const { diff, reduction } = prepare("huberLoss", input, target, options);
  const z = diff.abs();
  const loss = where(z.lt(delta), diff.square().mul(0.5), z.sub(0.5 * delta).mul(delta));
  return reduce(loss, reduction);
}

/**
 * Smooth L1 loss (torch.nn.functional.smooth_l1_loss), Huber divided by β:
 * ℓᵢ = ½(xᵢ − yᵢ)²/β if |xᵢ − yᵢ| < β, else |xᵢ − yᵢ| − ½β; β ≥ 0 (default 1), β = 0 is L1.
 *
 * @example smoothL1Loss(tensor([0.5, 3]), tensor([0, 0]), { reduction: "sum" }) // 0.125 + 2.5
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  options: SmoothL1LossOptions = {},
): Tensor {
  const beta = options.beta ?? 1;
  checkOption("smoothL1Loss", "beta", beta, (b) => b >= 0 && b < Infinity, "a finite number ≥ 0");
  const { diff, reduction } = prepare("smoothL1Loss", input, target, options);
  const z = diff.abs();
  if (beta === 0) {
    // L1 (the quadratic branch would divide by zero), with torch's subgradient at x = y: its
    // smooth_l1_loss_backward tests x − y ≤ −β first and, called with the arguments swapped for
    // the target, gives −1 to both x and y there (l1Loss gives 0). The tie branch is 0 with
    // exactly that gradient.
    const tie = sub(input.detach(), input).sub(target.sub(target.detach()));
    return reduce(where(diff.gt(0), diff, where(diff.lt(0), sub(0, diff), tie)), reduction);
  }
  const loss = where(z.lt(beta), diff.square().mul(0.5).div(beta), z.sub(0.5 * beta));
  return reduce(loss, reduction);
}
