/** Losses by name, as fit(), the CLI and the playground offer them. */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import * as F from "../nn/losses.js";

/** A loss: the model's output and the targets in, a scalar (mean-reduced) tensor out. */
export type LossFunction = (output: Tensor, target: Tensor) => Tensor;

/** The losses by name, each the mean-reduced function of `nn` (PyTorch's name beside it). */
export const LOSSES = {
  /** Mean squared error. PyTorch: `F.mse_loss`. */
  mse: F.mseLoss,
  /** Mean absolute error. PyTorch: `F.l1_loss`. */
  l1: F.l1Loss,
  /** Huber loss, δ = 1. PyTorch: `F.huber_loss`. */
  huber: F.huberLoss,
  /** Smooth L1, β = 1. PyTorch: `F.smooth_l1_loss`. */
  "smooth-l1": F.smoothL1Loss,
  /** Softmax cross-entropy of logits [N, C] against class indices. PyTorch: `F.cross_entropy`. */
  "cross-entropy": F.crossEntropy,
  /** Negative log-likelihood of log-probabilities. PyTorch: `F.nll_loss`. */
  nll: F.nllLoss,
  /** Binary cross-entropy of probabilities. PyTorch: `F.binary_cross_entropy`. */
  bce: F.binaryCrossEntropy,
  /** Binary cross-entropy of logits, computed stably. PyTorch: `F.binary_cross_entropy_with_logits`. */
  "bce-with-logits": F.bceWithLogits,
  /** Hinge embedding loss, targets ±1. PyTorch: `F.hinge_embedding_loss`. */
  hinge: F.hingeEmbeddingLoss,
  /** The multi-class SVM (hinge) loss. PyTorch: `F.multi_margin_loss`. */
  "multi-margin": F.multiMarginLoss,
} satisfies Record<string, LossFunction>;

/** The loss names fit(), evaluate() and the CLI accept. */
export type LossName = keyof typeof LOSSES;

/** Every name of {@link LOSSES}. */
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

/** The loss function of a name, or the function itself; an unknown name throws, listing the names. */
export function lossByName(loss: LossName | LossFunction): LossFunction {
  if (typeof loss === "function") return loss;
  const f = LOSSES[loss] as LossFunction | undefined;
  if (!f)
    throw new ArgumentError(
      `loss: unknown loss "${String(loss)}"; use one of ${LOSS_NAMES.join(", ")} or a function`,
    );
  return f;
}

/** The threshold that turns an output into a 0/1 prediction for this loss (probabilities or logits). */
export function decisionThreshold(loss: LossName | LossFunction): number {
  return loss === "bce" ? 0.5 : 0;
}
