/** Losses by name, as fit(), the CLI and the playground offer them. */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import * as F from "../nn/losses.js";

export type LossFunction = (output: Tensor, target: Tensor) => Tensor;

export const LOSSES = {
  mse: F.mseLoss,
  l1: F.l1Loss,
  huber: F.huberLoss,
  "smooth-l1": F.smoothL1Loss,
  "cross-entropy": F.crossEntropy,
  nll: F.nllLoss,
  bce: F.binaryCrossEntropy,
  "bce-with-logits": F.bceWithLogits,
  hinge: F.hingeEmbeddingLoss,
  "multi-margin": F.multiMarginLoss,
} satisfies Record<string, LossFunction>;

export type LossName = keyof typeof LOSSES;

export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

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
