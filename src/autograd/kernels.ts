/** Forward helpers: allocate an output Tensor and fill it with one backend kernel call. */
import {
  getBackend,
  type ActivationGradOp,
  type BinaryOp,
  type ReduceOp,
  type UnaryOp,
} from "../backend/index.js";
import { allocate, promoteTypes as promoteDTypes, type DType } from "../tensor/dtype.js";
import { broadcastShapes, reducedShape, shapesEqual, sizeOf, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

export function unaryKernel(
  op: UnaryOp,
  x: Tensor,
  dtype: DType,
  params?: readonly number[],
): Tensor {
  const out = allocate(dtype, x.data.length);
  getBackend().unary(op, x.data, out, params);
  return new Tensor(out, x.shape);
}

export function binaryKernel(
  op: BinaryOp,
  a: Tensor,
  b: Tensor,
  dtype: DType,
  name: string = op,
): Tensor {
  // Equal shapes share the (read-only) shape array.
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, name);
  const out = allocate(dtype, sizeOf(shape));
  getBackend().binary(op, a.data, a.shape, b.data, b.shape, out, shape);
  return new Tensor(out, shape);
}

/** An activation's gradient from dOut and the activation's output y (same shape and dtype). */
export function activationGradKernel(op: ActivationGradOp, dOut: Tensor, y: Tensor): Tensor {
  const out = allocate(y.dtype, y.data.length);
  getBackend().activationGrad(op, dOut.data, y.data, out);
  return new Tensor(out, y.shape);
}

export function reduceKernel(
  op: ReduceOp,
  x: Tensor,
  dims: readonly number[],
  keepdim: boolean,
  dtype: DType,
): Tensor {
  const shape = reducedShape(x.shape, dims, keepdim);
  const out = allocate(dtype, sizeOf(shape));
  getBackend().reduce(op, x.data, x.shape, dims, out);
  return new Tensor(out, shape);
}

export function castKernel(x: Tensor, dtype: DType): Tensor {
  const out = allocate(dtype, x.data.length);
  getBackend().cast(x.data, out);
  return new Tensor(out, x.shape);
}

/** A new contiguous tensor of `shape` read from x's storage through `strides` from `offset`. */
export function stridedKernel(
  x: Tensor,
  offset: number,
  strides: readonly number[],
  shape: Shape,
): Tensor {
  const out = allocate(x.dtype, sizeOf(shape));
  getBackend().stridedCopy(x.data, offset, strides, shape, out);
  return new Tensor(out, shape);
}

export function fullKernel(shape: Shape, value: number, dtype: DType): Tensor {
  const out = allocate(dtype, sizeOf(shape));
  if (value !== 0) getBackend().fill(out, value);
  return new Tensor(out, shape);
}

export function whereKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, "where"), b.shape, "where");
  const out = allocate(promoteDTypes(a.dtype, b.dtype), sizeOf(shape));
  getBackend().where(
    cond.data as Uint8Array,
    cond.shape,
    a.data,
    a.shape,
    b.data,
    b.shape,
    out,
    shape,
  );
  return new Tensor(out, shape);
}
