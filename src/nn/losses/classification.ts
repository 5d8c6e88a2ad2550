/**
 * Multi-class losses: cross-entropy on logits and the negative log-likelihood on log-probabilities,
 * with torch's class weights, ignoreIndex and label smoothing. The class dim is 1 ([N, C] or
 * [N, C, d1, ...]), or 0 for one unbatched sample [C].
 */
import { DTypeError, ShapeError, ArgumentError, formatShape } from "../../errors.js";
import { where } from "../../autograd/ops/elementwise.js";
import { logSoftmax } from "../../autograd/ops/reduce.js";
import { isFloating } from "../../tensor/dtype.js";
import { shapesEqual } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkClassWeight,
  checkFloat,
  checkOption,
  checkReduction,
  type Reduction,
  type ReductionOptions,
} from "./common.js";
import { viewOf } from "../../autograd/kernels.js";

/** Options of nllLoss and nn.NLLLoss (torch's keywords in camelCase). */
export interface NllLossOptions extends ReductionOptions {
  /** One weight per class, shape [C]: scales each sample's loss by the weight of its class. */
  weight?: Tensor | null;
  /** A target equal to this value adds nothing to the loss nor to the mean's divisor (-100). */
  ignoreIndex?: number;
}

/** Options of crossEntropy and nn.CrossEntropyLoss (torch's keywords in camelCase). */
export interface CrossEntropyOptions extends NllLossOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Negative log-likelihood (torch.nn.functional.nll_loss) of log-probabilities `input` ([N, C],
 * [N, C, d1, ...] or [C]) at int32 class indices `target` ([N], [N, d1, ...] or 0-d):
 * ℓₙ = −w[yₙ]·x[n, yₙ], and 0 where yₙ = ignoreIndex. "mean" is Σℓₙ / Σ w[yₙ] over the
 * targets not ignored (NaN if all are), so class weights do not change the loss's scale.
 *
 * @example nllLoss(logSoftmax(logits, 1), tensor([2, 0], { dtype: "int32" }))
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const setup = indexSetup("nllLoss", input, target, options, false);
  return nllOf(input, setup);
}

/**
 * Cross-entropy of logits (torch.nn.functional.cross_entropy), log-softmax over the class dim.
 *
 * With int32 class indices (target [N], [N, d1, ...], or 0-d for an input [C]), label smoothing ε:
 * ℓₙ = (1 − ε)·w[yₙ]·(−log pₙ[yₙ]) + (ε/C)·Σ_c w[c]·(−log pₙ[c]), 0 where yₙ = ignoreIndex;
 * "mean" divides Σℓₙ by Σ w[yₙ] over the targets not ignored (their count without weights).
 *
 * With class probabilities (a float target of the input's shape; no ignoreIndex):
 * ℓₙ = −Σ_c w[c]·q[n, c]·log pₙ[c], q = (1 − ε)·target + ε/C; "mean" divides Σℓₙ by the number
 * of samples N·d1·…, whatever the weights (torch's rule).
 *
 * @example crossEntropy(randn([8, 10]), randint(0, 10, [8]), { labelSmoothing: 0.1 })
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const loss = "crossEntropy";
  const smoothing = options.labelSmoothing ?? 0;
  checkOption(loss, "labelSmoothing", smoothing, (e) => e >= 0 && e <= 1, "in [0, 1]");
  if (input.shape.length > 0 && shapesEqual(input.shape, target.shape)) {
    return probabilityTargets(input, target, options, smoothing);
  }
  const setup = indexSetup(loss, input, target, options, true);
  const logp = logSoftmax(input, setup.classDim);
  const nll = nllOf(logp, setup);
  if (smoothing === 0) return nll;
  // torch's cross_entropy_loss_label_smoothing: the smoothing term is −Σ_c w[c]·log p[c] per
  // sample, zeroed where ignored, reduced with the same divisor as the NLL term.
  const { classDim, weight, ignored, reduction } = setup;
  const weighted = weight === null ? logp : logp.mul(weight.reshape(classShape(input, classDim)));
  const smooth = zeroIgnored(weighted.sum(classDim).neg(), ignored);
  const term =
    reduction === "none"
      ? smooth
      : reduction === "sum"
        ? smooth.sum()
        : smooth.sum().div(meanDivisor(setup));
  return nll.mul(1 - smoothing).add(term.mul(smoothing / setup.classes));
}

// ---- class-index targets --------------------------------------------------------------------

interface IndexSetup {
  classDim: number;
  classes: number;
  reduction: Reduction;
  weight: Tensor | null;
  /** The target with ignored entries replaced by class 0, so that it can index. */
  safeTarget: Tensor;
  /** bool, target's shape: where target = ignoreIndex; null when no target is. */
  ignored: Tensor | null;
  /**
   * w[yₙ] (1 without weights), 0 where ignored; target's shape, input's dtype. Null when it
   * would be all ones (no weights, nothing ignored): the loss then skips multiplying by it.
   */
  targetWeight: Tensor | null;
  /** How many targets there are (the divisor of "mean" when targetWeight is null). */
  count: number;
}

function indexSetup(
  loss: string,
  input: Tensor,
  target: Tensor,
  options: NllLossOptions,
  probabilitiesAllowed: boolean,
): IndexSetup {
  const reduction = checkReduction(loss, options.reduction);
  const ignoreIndex = options.ignoreIndex ?? -100;
  checkOption(loss, "ignoreIndex", ignoreIndex, Number.isInteger, "an integer");
  checkFloat(loss, "input", input);
  if (input.shape.length === 0) {
    throw new ShapeError(
      `${loss}: the input needs a class dimension: shape [C], [N, C] or [N, C, d1, ...], got []`,
    );
  }
  const classDim = input.shape.length === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  const expected = input.shape.length === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
  const probabilities = probabilitiesAllowed
    ? ` or class probabilities of the input's shape ${formatShape(input.shape)}`
    : "";
  if (!shapesEqual(target.shape, expected)) {
    throw new ShapeError(
      `${loss}: target of shape ${formatShape(target.shape)} does not fit input ${formatShape(input.shape)}: ` +
        `expected class indices of shape ${formatShape(expected)}${probabilities}`,
    );
  }
  if (target.dtype !== "int32") {
    throw new DTypeError(
      `${loss}: class indices must be an int32 tensor, got ${target.dtype}; convert them with ` +
        `target.to("int32")${probabilities ? `, or give class probabilities of shape ${formatShape(input.shape)}` : ""}`,
    );
  }
  let anyIgnored = false;
  for (const v of viewOf(target)) {
    if (v === ignoreIndex) anyIgnored = true;
    else if (!(v >= 0 && v < classes)) {
      throw new ArgumentError(
        `${loss}: target class ${v} is out of range for input ${formatShape(input.shape)} with ${classes} ` +
          `classes (valid: 0 to ${classes - 1}, or ignoreIndex ${ignoreIndex} to skip an element)`,
      );
    }
  }
  const weight =
    options.weight === undefined || options.weight === null
      ? null
      : checkClassWeight(loss, options.weight, input, classes);
  const ignored = anyIgnored ? target.eq(ignoreIndex) : null;
  const safeTarget = ignored === null ? target : where(ignored, 0, target);
  const picked =
    weight === null
      ? (ignored?.not().to(input.dtype) ?? null)
      : zeroIgnored(weight.indexSelect(0, safeTarget.reshape([-1])).reshape(target.shape), ignored);
  const count = target.numel();
  return { classDim, classes, reduction, weight, safeTarget, ignored, targetWeight: picked, count };
}

/** x with 0 where the target is ignored. */
function zeroIgnored(x: Tensor, ignored: Tensor | null): Tensor {
  return ignored === null ? x : where(ignored, 0, x);
}

/** The divisor of "mean": Σ w[yₙ] over the targets not ignored (their count without weights). */
function meanDivisor({ targetWeight, count }: IndexSetup): Tensor | number {
  return targetWeight === null ? count : targetWeight.sum();
}

/** nll_loss on log-probabilities: −w[y]·x[y], 0 where ignored; mean divides by Σ w[y]. */
function nllOf(logp: Tensor, setup: IndexSetup): Tensor {
  const { classDim, safeTarget, ignored, targetWeight, reduction } = setup;
  const atTarget = logp.gather(classDim, safeTarget.unsqueeze(classDim)).squeeze(classDim);
  // where, not only the zero weight: an ignored row may hold −∞ at class 0 (0·∞ would be NaN)
  const losses = zeroIgnored((targetWeight ? atTarget.mul(targetWeight) : atTarget).neg(), ignored);
  if (reduction === "none") return losses;
  if (reduction === "sum") return losses.sum();
  return losses.sum().div(meanDivisor(setup));
}

// ---- probability targets --------------------------------------------------------------------

function probabilityTargets(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions,
  smoothing: number,
): Tensor {
  const loss = "crossEntropy";
  const reduction = checkReduction(loss, options.reduction);
  checkFloat(loss, "input", input);
  if (!isFloating(target.dtype)) {
    const expected = input.shape.length === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
    throw new DTypeError(
      `${loss}: a target of the input's shape ${formatShape(input.shape)} holds class probabilities and must ` +
        `be float32 or float64, got ${target.dtype}; class indices go in a target of shape ${formatShape(expected)}`,
    );
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (ignoreIndex >= 0) {
    throw new ArgumentError(
      `${loss}: ignoreIndex (${ignoreIndex}) applies to class-index targets only, not to class ` +
        `probabilities; leave it at its default (-100)`,
    );
  }
  const classDim = input.shape.length === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  const weight =
    options.weight === undefined || options.weight === null
      ? null
      : checkClassWeight(loss, options.weight, input, classes);
  const logp = logSoftmax(input, classDim);
  const q = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
  let terms = logp.mul(q);
  if (weight !== null) terms = terms.mul(weight.reshape(classShape(input, classDim)));
  if (reduction === "none") return terms.sum(classDim).neg();
  if (reduction === "sum") return terms.sum().neg();
  return terms
    .sum()
    .neg()
    .div(input.numel() / classes);
}

/** [1, C, 1, ...]: a per-class vector shaped to broadcast along the input's class dim. */
function classShape(input: Tensor, classDim: number): number[] {
  return input.shape.map((size, d) => (d === classDim ? size : 1));
}
