/** Margin losses: the hinge embedding loss and the multi-class SVM (multi margin) loss. */
import { ArgumentError, DTypeError, ShapeError, formatShape } from "../../errors.js";
import { sub, where } from "../../autograd/ops/elementwise.js";
import { oneHot } from "../../autograd/ops/indexing.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkClassWeight,
  checkFloat,
  checkOption,
  checkReduction,
  checkSameShape,
  reduce,
  type ReductionOptions,
} from "./common.js";
import { viewOf } from "../../autograd/kernels.js";

/** Options of hingeEmbeddingLoss and nn.HingeEmbeddingLoss. */
export interface HingeEmbeddingLossOptions extends ReductionOptions {
  /** Δ (default 1): inputs of dissimilar pairs (target −1) are pushed above it. */
  margin?: number;
}

/** Options of multiMarginLoss and nn.MultiMarginLoss. */
export interface MultiMarginLossOptions extends ReductionOptions {
  /** 1 (default) or 2: the power of each hinge term. */
  p?: 1 | 2;
  /** Δ (default 1): how far the true class's score must lead every other class. */
  margin?: number;
  /** One weight per class, shape [C]: w[y] multiplies every term of a sample of class y. */
  weight?: Tensor | null;
}

/**
 * Hinge embedding loss (torch.nn.functional.hinge_embedding_loss) of inputs x (typically
 * distances) and targets y = ±1 of the same shape: ℓᵢ = xᵢ if yᵢ = 1, max(0, Δ − xᵢ) if
 * yᵢ = −1. As torch, a target that is neither adds both terms.
 *
 * @example hingeEmbeddingLoss(tensor([0.3, 0.4]), tensor([1, -1]), { margin: 1 }) // (0.3 + 0.6)/2
 */
export function hingeEmbeddingLoss(
  input: Tensor,
  target: Tensor,
  options: HingeEmbeddingLossOptions = {},
): Tensor {
  const loss = "hingeEmbeddingLoss";
  const reduction = checkReduction(loss, options.reduction);
  const margin = options.margin ?? 1;
  checkOption(loss, "margin", margin, Number.isFinite, "a finite number");
  checkFloat(loss, "input", input);
  checkSameShape(loss, input, target);
  const hinge = sub(margin, input).clamp(0);
  const values = where(target.ne(1), hinge, 0).add(where(target.ne(-1), input, 0));
  return reduce(values, reduction);
}

/**
 * Multi-class hinge loss, the multi-class SVM loss (torch.nn.functional.multi_margin_loss), of
 * scores x ([N, C], or [C] for one sample) at int32 classes y ([N]; 0-d or [1] for one sample):
 * ℓₙ = Σ_{i≠yₙ} w[yₙ]·max(0, Δ − x[n, yₙ] + x[n, i])ᵖ / C. "none" gives target's shape; "mean"
 * averages over samples.
 *
 * @example multiMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: "int32" })) // 1.3/4
 */
export function multiMarginLoss(
  input: Tensor,
  target: Tensor,
  options: MultiMarginLossOptions = {},
): Tensor {
  const loss = "multiMarginLoss";
  const reduction = checkReduction(loss, options.reduction);
  const { p = 1, margin = 1 } = options;
  if (p !== 1 && p !== 2) {
    throw new ArgumentError(`${loss}: p must be 1 or 2 (as torch), got ${String(p)}`);
  }
  checkOption(loss, "margin", margin, Number.isFinite, "a finite number");
  checkFloat(loss, "input", input);
  const classes = input.shape[input.shape.length - 1] ?? 0;
  if ((input.shape.length !== 1 && input.shape.length !== 2) || classes === 0) {
    throw new ShapeError(
      `${loss}: the input must be scores of shape [N, C] or [C] with C > 0, got ${formatShape(input.shape)}`,
    );
  }
  const samples = input.shape.length === 2 ? input.shape[0]! : 1;
  const targetFits =
    input.shape.length === 2
      ? target.shape.length === 1 && target.shape[0] === samples
      : target.shape.length === 0 || (target.shape.length === 1 && target.shape[0] === 1);
  if (!targetFits) {
    throw new ShapeError(
      `${loss}: target of shape ${formatShape(target.shape)} does not fit input ${formatShape(input.shape)}: ` +
        `expected class indices of shape ${input.shape.length === 2 ? `[${samples}]` : "[] or [1]"}`,
    );
  }
  if (target.dtype !== "int32") {
    throw new DTypeError(
      `${loss}: class indices must be an int32 tensor, got ${target.dtype}; convert them with target.to("int32")`,
    );
  }
  for (const v of viewOf(target)) {
    if (!(v >= 0 && v < classes)) {
      throw new ArgumentError(
        `${loss}: target class ${v} is out of range for input ${formatShape(input.shape)} with ${classes} ` +
          `classes (valid: 0 to ${classes - 1})`,
      );
    }
  }
  const weight =
    options.weight === undefined || options.weight === null
      ? null
      : checkClassWeight(loss, options.weight, input, classes);
  const scores = input.reshape([samples, classes]);
  const y = target.reshape([samples]);
  // torch's order: (Δ − x[y]) + x[i]; the term i = y (always Δ) is masked out.
  const z = sub(margin, scores.gather(1, y.unsqueeze(1))).add(scores);
  const hinge = p === 1 ? z.relu() : z.relu().square();
  let terms = where(oneHot(y, classes).eq(1), 0, hinge);
  if (weight !== null) terms = terms.mul(weight.indexSelect(0, y).unsqueeze(1));
  const perSample = terms.sum(1).div(classes);
  return reduction === "none" ? perSample.reshape(target.shape) : reduce(perSample, reduction);
}
