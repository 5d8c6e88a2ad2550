/** Comparisons and logic: bool results, no gradients. */
import type { BinaryOp } from "../../backend/index.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { binaryKernel, unaryKernel } from "../kernels.js";
import { resultType2, toTensor } from "./convert.js";

function compare(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  // Both sides are converted to the common dtype first: float32 x == 0.1 compares with fround(0.1).
  const dtype = resultType2(a, b);
  return binaryKernel(op, toTensor(a, dtype), toTensor(b, dtype), "bool");
}

/** a = b, elementwise with broadcasting: a bool tensor, no gradient. PyTorch: `torch.eq`. */
export const eq = (a: TensorLike, b: TensorLike): Tensor => compare("eq", a, b);
/** a ≠ b (true where either is NaN), elementwise with broadcasting: a bool tensor, no gradient. PyTorch: `torch.ne`. */
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare("ne", a, b);
/** a < b, elementwise with broadcasting: a bool tensor, no gradient. PyTorch: `torch.lt`. */
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare("lt", a, b);
/** a ≤ b, elementwise with broadcasting: a bool tensor, no gradient. PyTorch: `torch.le`. */
export const le = (a: TensorLike, b: TensorLike): Tensor => compare("le", a, b);
/** a > b, elementwise with broadcasting: a bool tensor, no gradient. PyTorch: `torch.gt`. */
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare("gt", a, b);
/** a ≥ b, elementwise with broadcasting: a bool tensor, no gradient. PyTorch: `torch.ge`. */
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare("ge", a, b);
/** a AND b elementwise (non-zero is true), broadcast: a bool tensor. PyTorch: `torch.logical_and`. */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => compare("and", a, b);
/** a OR b elementwise (non-zero is true), broadcast: a bool tensor. PyTorch: `torch.logical_or`. */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => compare("or", a, b);
/** NOT x elementwise (true where x is zero): a bool tensor. PyTorch: `torch.logical_not`. */
export const logicalNot = (x: Tensor): Tensor => unaryKernel("not", x, "bool");
/** True where x is NaN: a bool tensor of x's shape. PyTorch: `torch.isnan`. */
export const isnan = (x: Tensor): Tensor => compare("ne", x, x);
