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

export const eq = (a: TensorLike, b: TensorLike): Tensor => compare("eq", a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare("ne", a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare("lt", a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => compare("le", a, b);
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare("gt", a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare("ge", a, b);
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => compare("and", a, b);
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => compare("or", a, b);
export const logicalNot = (x: Tensor): Tensor => unaryKernel("not", x, "bool");
/** True where x is NaN. */
export const isnan = (x: Tensor): Tensor => compare("ne", x, x);
