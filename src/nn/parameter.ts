/** Parameter: a leaf tensor that requires grad and that a Module registers as its own. */
import { viewOf } from "../autograd/kernels.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * A tensor that is a module's trainable weight: a leaf that requires grad (unless told not to),
 * found by Module.parameters() once registered. PyTorch: `torch.nn.Parameter`.
 */
export class Parameter extends Tensor {
  /** Wraps the values of `data` (shared, not copied) as a trainable leaf. */
  constructor(data: Tensor, requiresGrad = true) {
    super(viewOf(data), data.shape);
    if (requiresGrad) this.requiresGrad_();
  }
}
