/**
 * Losses as modules (torch.nn.MSELoss, CrossEntropyLoss, ...): options fixed at construction,
 * `forward(output, target)` calls the function of the same name in nn.functional.
 */
import type { Tensor } from "../tensor/tensor.js";
import * as F from "./losses.js";
import { Module } from "./module.js";

/** A loss module around a loss function and its options. */
abstract class Loss<O> extends Module {
  constructor(
    /** The loss's options (reduction and the like), fixed at construction. */
    readonly options: O,
  ) {
    super();
  }
  /** The loss function this module calls. */
  protected abstract compute(output: Tensor, target: Tensor, options: O): Tensor;
  /** The loss of `output` against `target`, with this module's options. */
  forward(output: Tensor, target: Tensor): Tensor {
    return this.compute(output, target, this.options);
  }
}

/** Mean squared error (output − target)²; see {@link mseLoss}. PyTorch: `torch.nn.MSELoss`. */
export class MSELoss extends Loss<F.ReductionOptions> {
  constructor(options: F.ReductionOptions = {}) {
    super(options);
  }
  protected compute = F.mseLoss;
}

/** Mean absolute error |output − target|; see {@link l1Loss}. PyTorch: `torch.nn.L1Loss`. */
export class L1Loss extends Loss<F.ReductionOptions> {
  constructor(options: F.ReductionOptions = {}) {
    super(options);
  }
  protected compute = F.l1Loss;
}

/** Quadratic below delta, linear above; see {@link huberLoss}. PyTorch: `torch.nn.HuberLoss`. */
export class HuberLoss extends Loss<F.HuberLossOptions> {
  constructor(options: F.HuberLossOptions = {}) {
    super(options);
  }
  protected compute = F.huberLoss;
}

/** Huber loss divided by beta; see {@link smoothL1Loss}. PyTorch: `torch.nn.SmoothL1Loss`. */
export class SmoothL1Loss extends Loss<F.SmoothL1LossOptions> {
  constructor(options: F.SmoothL1LossOptions = {}) {
    super(options);
  }
  protected compute = F.smoothL1Loss;
}

/** Cross-entropy of logits [N, C] against int32 class indices [N] or class probabilities; see {@link crossEntropy}. PyTorch: `torch.nn.CrossEntropyLoss`. */
export class CrossEntropyLoss extends Loss<F.CrossEntropyOptions> {
  constructor(options: F.CrossEntropyOptions = {}) {
    super(options);
  }
  protected compute = F.crossEntropy;
}

/** Negative log-likelihood of log-probabilities [N, C] against int32 class indices; see {@link nllLoss}. PyTorch: `torch.nn.NLLLoss`. */
export class NLLLoss extends Loss<F.NllLossOptions> {
  constructor(options: F.NllLossOptions = {}) {
    super(options);
  }
  protected compute = F.nllLoss;
}

/** Binary cross-entropy of probabilities in [0, 1] against targets in [0, 1]; see {@link binaryCrossEntropy}. PyTorch: `torch.nn.BCELoss`. */
export class BCELoss extends Loss<F.BinaryCrossEntropyOptions> {
  constructor(options: F.BinaryCrossEntropyOptions = {}) {
    super(options);
  }
  protected compute = F.binaryCrossEntropy;
}

/** Binary cross-entropy of logits, without sigmoid's overflow; see {@link bceWithLogits}. PyTorch: `torch.nn.BCEWithLogitsLoss`. */
export class BCEWithLogitsLoss extends Loss<F.BceWithLogitsOptions> {
  constructor(options: F.BceWithLogitsOptions = {}) {
    super(options);
  }
  protected compute = F.bceWithLogits;
}

/** x where the target is 1, max(0, margin − x) where it is −1; see {@link hingeEmbeddingLoss}. PyTorch: `torch.nn.HingeEmbeddingLoss`. */
export class HingeEmbeddingLoss extends Loss<F.HingeEmbeddingLossOptions> {
  constructor(options: F.HingeEmbeddingLossOptions = {}) {
    super(options);
  }
  protected compute = F.hingeEmbeddingLoss;
}

/** The multi-class SVM loss; see {@link multiMarginLoss}. PyTorch: `torch.nn.MultiMarginLoss`. */
export class MultiMarginLoss extends Loss<F.MultiMarginLossOptions> {
  constructor(options: F.MultiMarginLossOptions = {}) {
    super(options);
  }
  protected compute = F.multiMarginLoss;
}
