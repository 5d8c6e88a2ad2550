/** Binary cross-entropy, on probabilities and (numerically stable) on logits. */
import { ArgumentError, formatShape } from "../../errors.js";
import { apply, defineOp } from "../../autograd/op.js";
import { sub } from "../../autograd/ops/elementwise.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkBroadcastWeight,
  checkFloat,
  checkReduction,
  checkSameShape,
  reduce,
  type ReductionOptions,
} from "./common.js";
import { viewOf } from "../../autograd/kernels.js";

/** Options of binaryCrossEntropy and nn.BCELoss. */
export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** Multiplies each element's loss; broadcast to the input's shape. */
  weight?: Tensor | null;
}

/** Options of bceWithLogits and nn.BCEWithLogitsLoss (torch's `pos_weight` is posWeight). */
export interface BceWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term, broadcast to the input's shape (e.g. [C], one per class). */
  posWeight?: Tensor | null;
}

/** torch's EPSILON in binary_cross_entropy_backward: 1e-12 as a C++ float, also in float64. */
const BCE_EPSILON = Math.fround(1e-12);

// Own rule. Composed, torch's forward −(y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100)) gets
// NaN gradients at x = 0 and x = 1 (log's backward computes 0/0 behind the clamp), and torch's
// gradient is not the derivative of its clamped forward anyway: it is (x − y)/max(x(1 − x), 1e-12)
// for the input and −logit(x) for the target. The backward is written with Tensor ops, so it can
// be differentiated again.
export const BinaryCrossEntropy = defineOp({
  name: "binaryCrossEntropy",
  forward: ([x, y]) => {
    const logX = x!.log().maximum(-100);
    const log1mX = sub(1, x!).log().maximum(-100);
    return y!.sub(1).mul(log1mX).sub(y!.mul(logX));
  },
  backward: (dOut, [x, y], _out, _attrs, needs) => [
    needs[0] ? dOut.mul(x!.sub(y!)).div(sub(1, x!).mul(x!).clamp(BCE_EPSILON)) : null,
    needs[1] ? dOut.mul(x!.div(sub(1, x!)).log().neg()) : null,
  ],
});

/**
 * Binary cross-entropy of probabilities (torch.nn.functional.binary_cross_entropy):
 * ℓᵢ = −wᵢ·(yᵢ·max(ln xᵢ, −100) + (1 − yᵢ)·max(ln(1 − xᵢ), −100)), with x in [0, 1]. As torch,
 * the logs are clamped at −100, the input's gradient is wᵢ(xᵢ − yᵢ)/max(xᵢ(1 − xᵢ), 10⁻¹²) and the
 * target's −wᵢ·logit(xᵢ). Prefer bceWithLogits on logits: it is exact where sigmoid saturates.
 *
 * @example binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])) // −(ln 0.9 + ln 0.8)/2
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  const loss = "binaryCrossEntropy";
  const reduction = checkReduction(loss, options.reduction);
  checkFloat(loss, "input", input);
  checkFloat(loss, "target", target);
  checkSameShape(loss, input, target);
  for (const v of viewOf(input)) {
    if (!(v >= 0 && v <= 1)) {
      throw new ArgumentError(
        `${loss}: every input value must be a probability in [0, 1], found ${v} (input of shape ` +
          `${formatShape(input.shape)}); apply sigmoid first, or use bceWithLogits on the logits`,
      );
    }
  }
  let values = apply(BinaryCrossEntropy, [input, target.to(input.dtype)], undefined);
  if (options.weight !== undefined && options.weight !== null) {
    checkBroadcastWeight(loss, "weight", options.weight, input.shape);
    values = values.mul(options.weight);
  }
  return reduce(values, reduction);
}

/**
 * Binary cross-entropy on logits z (torch.nn.functional.binary_cross_entropy_with_logits), i.e.
 * binaryCrossEntropy(sigmoid(z), y) without its overflow: with p the posWeight (default 1),
 * ℓᵢ = wᵢ·((1 − yᵢ)·zᵢ + (1 + (pᵢ − 1)·yᵢ)·softplus(−zᵢ)), and
 * softplus(−z) = max(−z, 0) + ln(1 + e^−|z|), finite with exact gradients for logits of ±1000.
 *
 * @example bceWithLogits(tensor([2.2, -1.4]), tensor([1, 0]), { posWeight: tensor([3]) })
 */
export function bceWithLogits(
  input: Tensor,
  target: Tensor,
  options: BceWithLogitsOptions = {},
): Tensor {
  const loss = "bceWithLogits";
  const reduction = checkReduction(loss, options.reduction);
  checkFloat(loss, "input", input);
  checkFloat(loss, "target", target);
  checkSameShape(loss, input, target);
  const { weight, posWeight } = options;
  if (weight !== undefined && weight !== null)
    checkBroadcastWeight(loss, "weight", weight, input.shape);
  if (posWeight !== undefined && posWeight !== null)
    checkBroadcastWeight(loss, "posWeight", posWeight, input.shape);
  // maximum, not relu: at z = 0 it splits the gradient, so softplus'(0) = ½ exactly as torch.
  const softplusNeg = input.neg().maximum(0).add(input.abs().neg().exp().log1p());
  const negative = sub(1, target).mul(input);
  let values =
    posWeight === undefined || posWeight === null
      ? negative.add(softplusNeg)
      : negative.add(posWeight.sub(1).mul(target).add(1).mul(softplusNeg));
  if (weight !== undefined && weight !== null) values = values.mul(weight);
  return reduce(values, reduction);
}

/** torch's name for bceWithLogits. */
export const binaryCrossEntropyWithLogits = bceWithLogits;
