/**
 * Losses as modules (torch.nn.MSELoss, CrossEntropyLoss, ...): options fixed at construction,
 * `forward(output, target)` calls the function of the same name in nn.functional.
 */
import type { Tensor } from "../tensor/tensor.js";
import * as F from "./losses.js";
import { Module } from "./module.js";

/** A loss module around a loss function and its options. */
abstract class Loss<O> extends Module {
  constructor(readonly options: O) {
    super();
  }
  protected abstract compute(output: Tensor, target: Tensor, options: O): Tensor;
  forward(output: Tensor, target: Tensor): Tensor {
    return this.compute(output, target, this.options);
  }
}

export class MSELoss extends Loss<F.ReductionOptions> {
  constructor(options: F.ReductionOptions = {}) {
    super(options);
  }
  protected compute = F.mseLoss;
}

export class L1Loss extends Loss<F.ReductionOptions> {
  constructor(options: F.ReductionOptions = {}) {
    super(options);
  }
  protected compute = F.l1Loss;
}

export class HuberLoss extends Loss<F.HuberLossOptions> {
  constructor(options: F.HuberLossOptions = {}) {
    super(options);
  }
  protected compute = F.huberLoss;
}

export class SmoothL1Loss extends Loss<F.SmoothL1LossOptions> {
  constructor(options: F.SmoothL1LossOptions = {}) {
    super(options);
  }
  protected compute = F.smoothL1Loss;
}

export class CrossEntropyLoss extends Loss<F.CrossEntropyOptions> {
  constructor(options: F.CrossEntropyOptions = {}) {
    super(options);
  }
  protected compute = F.crossEntropy;
}

export class NLLLoss extends Loss<F.NllLossOptions> {
  constructor(options: F.NllLossOptions = {}) {
    super(options);
  }
  protected compute = F.nllLoss;
}

export class BCELoss extends Loss<F.BinaryCrossEntropyOptions> {
  constructor(options: F.BinaryCrossEntropyOptions = {}) {
    super(options);
  }
  protected compute = F.binaryCrossEntropy;
}

export class BCEWithLogitsLoss extends Loss<F.BceWithLogitsOptions> {
  constructor(options: F.BceWithLogitsOptions = {}) {
    super(options);
  }
  protected compute = F.bceWithLogits;
}

export class HingeEmbeddingLoss extends Loss<F.HingeEmbeddingLossOptions> {
  constructor(options: F.HingeEmbeddingLossOptions = {}) {
    super(options);
  }
  protected compute = F.hingeEmbeddingLoss;
}

/** The multi-class SVM loss. */
export class MultiMarginLoss extends Loss<F.MultiMarginLossOptions> {
  constructor(options: F.MultiMarginLossOptions = {}) {
    super(options);
  }
  protected compute = F.multiMarginLoss;
}
