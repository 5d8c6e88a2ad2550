/** Parameter: a leaf tensor that requires grad and that a Module registers as its own. */
import { viewOf } from "../autograd/kernels.js";
import { Tensor } from "../tensor/tensor.js";

export class Parameter extends Tensor {
  /** Wraps the values of `data` (shared, not copied) as a trainable leaf. */
  constructor(data: Tensor, requiresGrad = true) {
    super(viewOf(data), data.shape);
    if (requiresGrad) this.requiresGrad_();
  }
}
