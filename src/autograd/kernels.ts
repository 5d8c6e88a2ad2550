/**
 * The kernel seam: every allocation and every backend call above src/backend goes through this
 * module (lint forbids `getBackend` and the allocator elsewhere). Each helper allocates its
 * output from the active backend, runs one kernel and wraps the result in a Tensor.
 */
import {
  getBackend,
  type ActivationGradOp,
  type BinaryOp,
  type ReduceOp,
  type Storage,
  type UnaryOp,
} from "../backend/index.js";
import { promoteTypes as promoteDTypes, type DType } from "../tensor/dtype.js";
import { broadcastShapes, reducedShape, shapesEqual, sizeOf, type Shape } from "../tensor/shape.js";
import { MAX_ELEMENTS, allocating } from "../tensor/limits.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Zero-filled storage of the active backend (creation functions fill it, then wrap it). A `shape`
 * past a typed array's limit is refused before allocating, and a failed allocation reported,
 * naming `op` and the shape (a broadcast or a matmul can ask for far more than its inputs hold).
 */
export function allocate(
  dtype: DType,
  size: number,
  shape?: Shape,
  op = "an op's result",
): Storage {
  if (size <= MAX_ELEMENTS) {
    try {
      return getBackend().allocate(dtype, size);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  // past the limit, or out of memory: refused (or retried once) with the shape in the message
  return allocating(op, shape ?? [size], dtype, () => getBackend().allocate(dtype, size));
}

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
  const out = allocate(dtype, sizeOf(shape), shape, name);
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
  const out = allocate(dtype, sizeOf(shape), shape);
  getBackend().reduce(op, x.data, x.shape, dims, out);
  return new Tensor(out, shape);
}

/** The max or min of all elements of a non-empty tensor, as a number (index range checks). */
export function reduceAllToNumber(op: "max" | "min", x: Tensor): number {
  return reduceKernel(
    op,
    x,
    x.shape.map((_, d) => d),
    false,
    x.dtype,
  ).item();
}

/** Values and first indices of the max or min along `dim` (shape: `dim` reduced, kept). */
export function argReduceKernel(
  op: "max" | "min",
  x: Tensor,
  dim: number,
): { values: Tensor; indices: Tensor } {
  const shape = reducedShape(x.shape, [dim], true);
  const values = allocate(x.dtype, sizeOf(shape), shape);
  const indices = allocate("int32", sizeOf(shape), shape) as Int32Array;
  getBackend().argReduce(op, x.data, x.shape, dim, values, indices);
  return { values: new Tensor(values, shape), indices: new Tensor(indices, shape) };
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
  const out = allocate(x.dtype, sizeOf(shape), shape);
  getBackend().stridedCopy(x.data, offset, strides, shape, out);
  return new Tensor(out, shape);
}

/** Writes src into `out`'s storage at offset + Σ idx·strides (cat, slice backward). */
export function stridedWriteKernel(
  src: Tensor,
  out: Tensor,
  offset: number,
  strides: readonly number[],
): void {
  getBackend().stridedWrite(src.data, src.shape, out.data, offset, strides, false);
}

/** A new tensor of `shape` filled with `value`. */
export function fullKernel(shape: Shape, value: number, dtype: DType): Tensor {
  const out = allocate(dtype, sizeOf(shape), shape);
  if (value !== 0) getBackend().fill(out, value);
  return new Tensor(out, shape);
}

export function whereKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, "where"), b.shape, "where");
  const out = allocate(promoteDTypes(a.dtype, b.dtype), sizeOf(shape), shape);
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

/** op(a) @ op(b) into a new tensor of `shape` and `dtype` (a and b already of that dtype). */
export function matmulKernel(
  a: Tensor,
  transA: boolean,
  b: Tensor,
  transB: boolean,
  shape: Shape,
  dtype: DType,
): Tensor {
  const out = allocate(dtype, sizeOf(shape), shape, "matmul");
  getBackend().matmul(a.data, a.shape, transA, b.data, b.shape, transB, out, shape);
  return new Tensor(out, shape);
}

export function gatherKernel(x: Tensor, dim: number, index: Tensor): Tensor {
  const out = allocate(x.dtype, index.data.length);
  getBackend().gather(x.data, x.shape, dim, index.data as Int32Array, index.shape, out);
  return new Tensor(out, index.shape);
}

/** A copy of `self` with src added at `index` along `dim`. */
export function scatterAddKernel(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const out = allocate(self.dtype, self.data.length);
  getBackend().cast(self.data, out);
  getBackend().scatterAdd(
    out,
    self.shape,
    dim,
    index.data as Int32Array,
    index.shape,
    src.data,
    src.shape,
  );
  return new Tensor(out, self.shape);
}

export function indexSelectKernel(x: Tensor, dim: number, index: Tensor, shape: Shape): Tensor {
  const out = allocate(x.dtype, sizeOf(shape), shape);
  getBackend().indexSelect(x.data, x.shape, dim, index.data as Int32Array, out);
  return new Tensor(out, shape);
}

/** Zeros of `shape` with src's slices added at `index` along `dim`. */
export function indexAddKernel(src: Tensor, dim: number, index: Tensor, shape: Shape): Tensor {
  const out = allocate(src.dtype, sizeOf(shape), shape);
  getBackend().indexAdd(out, shape, dim, index.data as Int32Array, src.data);
  return new Tensor(out, shape);
}

/** How many elements are NaN or ±Infinity. */
export function countNonFinite(t: Tensor): number {
  return getBackend().countNonFinite(t.data);
}

// ---- in place: the storage of `target` is overwritten ----------------------------------------

export function fillInPlace(target: Tensor, value: number): void {
  getBackend().fill(target.data, value);
}

/** target = value (converted to target's dtype); both have target's size. */
export function castInPlace(value: Tensor, target: Tensor): void {
  getBackend().cast(value.data, target.data);
}

/** target = target ± alpha·other (same dtype and size). */
export function addScaledInPlace(
  target: Tensor,
  other: Tensor,
  alpha: number,
  subtract: boolean,
): void {
  getBackend().addScaled(target.data, other.data, alpha, subtract, target.data);
}

/** target = target op b, b broadcast to target's shape. */
export function binaryInPlace(op: BinaryOp, target: Tensor, b: Tensor): void {
  getBackend().binary(op, target.data, target.shape, b.data, b.shape, target.data, target.shape);
}
