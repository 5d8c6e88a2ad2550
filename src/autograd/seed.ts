/** The implicit seed of a backward pass: ones shaped like the output. */
import { allocate } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { getBackend } from "../backend/index.js";

export function onesLikeOf(t: Tensor): Tensor {
  const data = allocate(t.dtype, t.data.length);
  getBackend().fill(data, 1);
  return new Tensor(data, t.shape);
}
