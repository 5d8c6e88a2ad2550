/** Turning numbers into tensors, torch's result_type, and dtype conversion as an op. */
import { DTypeError } from "../../errors.js";
import {
  checkDType,
  isFloating,
  promoteTypes,
  promoteWithScalar,
  type DType,
} from "../../tensor/dtype.js";
import { Tensor, type TensorLike } from "../../tensor/tensor.js";
import { apply, defineOp } from "../op.js";
import { allocate, castKernel } from "../kernels.js";

/**
 * The dtype an op on these operands computes in: tensors with dimensions decide first, then 0-d
 * tensors, then plain numbers; a lower priority only raises the category (bool → int → float),
 * never the float width. PyTorch: `torch.result_type`.
 */
export function resultType(...operands: readonly TensorLike[]): DType {
  let dimensioned: DType | null = null;
  let zeroDim: DType | null = null;
  for (const x of operands) {
    if (!(x instanceof Tensor)) continue;
    if (x.shape.length > 0)
      dimensioned = dimensioned ? promoteTypes(dimensioned, x.dtype) : x.dtype;
    else zeroDim = zeroDim ? promoteTypes(zeroDim, x.dtype) : x.dtype;
  }
  let dtype: DType | null = dimensioned;
  if (zeroDim !== null) {
    if (dtype === null) dtype = zeroDim;
    else if (category(zeroDim) > category(dtype)) dtype = zeroDim;
  }
  for (const x of operands) {
    if (x instanceof Tensor) continue;
    dtype = dtype === null ? scalarDType(x) : promoteWithScalar(dtype, x);
  }
  return dtype ?? "float32";
}

/** resultType of two operands, with the common cases answered first (no rest array). */
export function resultType2(a: TensorLike, b: TensorLike): DType {
  if (a instanceof Tensor) {
    if (b instanceof Tensor) {
      if (a.dtype === b.dtype) return a.dtype;
    } else if (typeof b === "number" && isFloating(a.dtype)) return a.dtype;
  } else if (b instanceof Tensor && typeof a === "number" && isFloating(b.dtype)) return b.dtype;
  return resultType(a, b);
}

function category(dtype: DType): number {
  return dtype === "bool" ? 0 : dtype === "int32" ? 1 : 2;
}

function scalarDType(x: number | boolean): DType {
  return typeof x === "boolean" ? "bool" : "float32";
}

/** A tensor of `dtype`: a number becomes a 0-d tensor, a tensor of another dtype is converted. */
export function toTensor(x: TensorLike, dtype: DType): Tensor {
  if (x instanceof Tensor) return x.dtype === dtype ? x : cast(x, dtype);
  if (typeof x !== "number" && typeof x !== "boolean") {
    throw new DTypeError(`expected a Tensor, a number or a boolean, got ${describe(x)}`);
  }
  const data = allocate(dtype, 1);
  data[0] = typeof x === "boolean" ? (x ? 1 : 0) : x;
  return new Tensor(data, []);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array (wrap it with tensor(...))";
  return typeof x;
}

export const Cast = defineOp<{ dtype: DType }>({
  name: "to",
  forward: ([x], { dtype }) => castKernel(x!, dtype),
  // a conversion passes the gradient through, converted back
  backward: (dOut, [x]) => [isFloating(x!.dtype) ? dOut.to(x!.dtype) : null],
});

/**
 * x converted to `dtype`: a copy, or x itself if it already has that dtype. Differentiable between
 * float dtypes. PyTorch: `torch.Tensor.to(dtype)`.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkDType(dtype);
  if (x.dtype === dtype) return x;
  return apply(Cast, [x], { dtype });
}

export const Clone = defineOp({
  name: "clone",
  forward: ([x]) => castKernel(x!, x!.dtype),
  // a copy passes the gradient through unchanged
  backward: (dOut) => [dOut],
});

/** A copy with its own storage; gradients flow through it. PyTorch: `torch.clone`. */
export function clone(x: Tensor): Tensor {
  return apply(Clone, [x], undefined);
}
