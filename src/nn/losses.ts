/**
 * Loss functions as pure functions of tensors, with torch.nn.functional's names (camelCase) and
 * semantics, each with reduction "mean" | "sum" | "none". Composed from Tensor ops, so gradients
 * (of any order) come from autograd; binaryCrossEntropy alone has its own rule (see there).
 *
 * @packageDocumentation
 */
export type { Reduction, ReductionOptions } from "./losses/common.js";
export {
  mseLoss,
  l1Loss,
  huberLoss,
  smoothL1Loss,
  type HuberLossOptions,
  type SmoothL1LossOptions,
} from "./losses/regression.js";
export {
  crossEntropy,
  nllLoss,
  type CrossEntropyOptions,
  type NllLossOptions,
} from "./losses/classification.js";
export {
  binaryCrossEntropy,
  bceWithLogits,
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyOptions,
  type BceWithLogitsOptions,
} from "./losses/binary.js";
export {
  hingeEmbeddingLoss,
  multiMarginLoss,
  type HingeEmbeddingLossOptions,
  type MultiMarginLossOptions,
} from "./losses/margin.js";
