/**
 * The kernel seam: every allocation, every backend call and every read of a tensor's storage
 * above src/backend goes through this module (lint forbids `getBackend`, the allocator and
 * `Tensor.data` elsewhere). Each kernel helper allocates its output from the active backend, runs
 * one kernel and wraps the result in a Tensor; the storage helpers at the end turn a tensor's
 * opaque storage handle into values (viewOf, toNumbers, itemOf) or share it (reshapeView).
 */
import {
  getBackend,
  type ActivationGradOp,
  type BinaryOp,
  type ReduceOp,
  type Storage,
  type StorageHandle,
  type UnaryOp,
} from "../backend/index.js";
import { promoteTypes as promoteDTypes, type DType } from "../tensor/dtype.js";
import { broadcastShapes, reducedShape, shapesEqual, sizeOf, type Shape } from "../tensor/shape.js";
import { MAX_ELEMENTS, allocating } from "../tensor/limits.js";
import { Tensor } from "../tensor/tensor.js";
import type { TypedArray } from "../tensor/dtype.js";
import { bumpVersion, lastInPlaceOp } from "../tensor/version.js";

/** The backend's storage behind a tensor's handle, for kernel calls (the one unwrapping). */
function storage(t: Tensor): Storage {
  return t._storage as unknown as Storage;
}

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
  return allocateWith(false, dtype, size, shape, op);
}

/** Storage for a kernel's `out`, which it overwrites: unzeroed where the backend can (as allocate). */
function allocateOut(dtype: DType, size: number, shape?: Shape, op = "an op's result"): Storage {
  return allocateWith(true, dtype, size, shape, op);
}

function allocateWith(
  uninit: boolean,
  dtype: DType,
  size: number,
  shape: Shape | undefined,
  op: string,
): Storage {
  const backend = getBackend();
  let out: Storage | undefined;
  if (size <= MAX_ELEMENTS) {
    try {
      out = uninit ? backend.allocateUninit(dtype, size) : backend.allocate(dtype, size);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  // past the limit, or out of memory: refused (or retried once) with the shape in the message
  out ??= allocating(op, shape ?? [size], dtype, () =>
    uninit ? backend.allocateUninit(dtype, size) : backend.allocate(dtype, size),
  );
  made?.push(out);
  return out;
}

/** The storages allocated since the innermost trackAllocations began (null: none runs). */
let made: Storage[] | null = null;

/**
 * Runs `fn` and says which of the tensors it returns hold storage allocated while it ran. The
 * engine asks it of a backward rule: a gradient the rule computed (a product, a sum) is the
 * pass's own and may become a leaf's .grad without a copy; one it passed on (dOut, a reshape of
 * it) is shared.
 */
export function trackAllocations(fn: () => readonly (Tensor | null)[]): {
  results: readonly (Tensor | null)[];
  isNew: boolean[];
} {
  const outer = made;
  const list: Storage[] = [];
  made = list;
  try {
    const results = fn();
    return { results, isNew: results.map((t) => t !== null && list.includes(storage(t))) };
  } finally {
    made = outer;
    outer?.push(...list);
  }
}

export function unaryKernel(
  op: UnaryOp,
  x: Tensor,
  dtype: DType,
  params?: readonly number[],
): Tensor {
  const out = allocateOut(dtype, storage(x).length);
  getBackend().unary(op, storage(x), out, params);
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
  const out = allocateOut(dtype, sizeOf(shape), shape, name);
  getBackend().binary(op, storage(a), a.shape, storage(b), b.shape, out, shape);
  return new Tensor(out, shape);
}

/** An activation's gradient from dOut and the activation's output y (same shape and dtype). */
export function activationGradKernel(op: ActivationGradOp, dOut: Tensor, y: Tensor): Tensor {
  const out = allocateOut(y.dtype, storage(y).length);
  getBackend().activationGrad(op, storage(dOut), storage(y), out);
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
  const out = allocateOut(dtype, sizeOf(shape), shape);
  getBackend().reduce(op, storage(x), x.shape, dims, out);
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
  const values = allocateOut(x.dtype, sizeOf(shape), shape);
  const indices = allocateOut("int32", sizeOf(shape), shape) as Int32Array;
  getBackend().argReduce(op, storage(x), x.shape, dim, values, indices);
  return { values: new Tensor(values, shape), indices: new Tensor(indices, shape) };
}

export function castKernel(x: Tensor, dtype: DType): Tensor {
  const out = allocateOut(dtype, storage(x).length);
  getBackend().cast(storage(x), out);
  return new Tensor(out, x.shape);
}

/** A new contiguous tensor of `shape` read from x's storage through `strides` from `offset`. */
export function stridedKernel(
  x: Tensor,
  offset: number,
  strides: readonly number[],
  shape: Shape,
): Tensor {
  const out = allocateOut(x.dtype, sizeOf(shape), shape);
  getBackend().stridedCopy(storage(x), offset, strides, shape, out);
  return new Tensor(out, shape);
}

/** Writes src into `out`'s storage at offset + Σ idx·strides (cat, slice backward). */
export function stridedWriteKernel(
  src: Tensor,
  out: Tensor,
  offset: number,
  strides: readonly number[],
): void {
  getBackend().stridedWrite(storage(src), src.shape, storage(out), offset, strides, false);
}

/** A new tensor of `shape` filled with `value`. */
export function fullKernel(shape: Shape, value: number, dtype: DType): Tensor {
  if (value === 0) return new Tensor(allocate(dtype, sizeOf(shape), shape), shape);
  const out = allocateOut(dtype, sizeOf(shape), shape);
  getBackend().fill(out, value);
  return new Tensor(out, shape);
}

export function whereKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, "where"), b.shape, "where");
  const out = allocateOut(promoteDTypes(a.dtype, b.dtype), sizeOf(shape), shape);
  getBackend().where(
    storage(cond) as Uint8Array,
    cond.shape,
    storage(a),
    a.shape,
    storage(b),
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
  const out = allocateOut(dtype, sizeOf(shape), shape, "matmul");
  getBackend().matmul(storage(a), a.shape, transA, storage(b), b.shape, transB, out, shape);
  return new Tensor(out, shape);
}

export function gatherKernel(x: Tensor, dim: number, index: Tensor): Tensor {
  const out = allocateOut(x.dtype, storage(index).length);
  getBackend().gather(storage(x), x.shape, dim, storage(index) as Int32Array, index.shape, out);
  return new Tensor(out, index.shape);
}

/** A copy of `self` with src added at `index` along `dim`. */
export function scatterAddKernel(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const out = allocateOut(self.dtype, storage(self).length);
  getBackend().cast(storage(self), out);
  getBackend().scatterAdd(
    out,
    self.shape,
    dim,
    storage(index) as Int32Array,
    index.shape,
    storage(src),
    src.shape,
  );
  return new Tensor(out, self.shape);
}

export function indexSelectKernel(x: Tensor, dim: number, index: Tensor, shape: Shape): Tensor {
  const out = allocateOut(x.dtype, sizeOf(shape), shape);
  getBackend().indexSelect(storage(x), x.shape, dim, storage(index) as Int32Array, out);
  return new Tensor(out, shape);
}

/** Zeros of `shape` with src's slices added at `index` along `dim`. */
export function indexAddKernel(src: Tensor, dim: number, index: Tensor, shape: Shape): Tensor {
  const out = allocate(src.dtype, sizeOf(shape), shape);
  getBackend().indexAdd(out, shape, dim, storage(index) as Int32Array, storage(src));
  return new Tensor(out, shape);
}

/** How many elements are NaN or ±Infinity. */
export function countNonFinite(t: Tensor): number {
  return getBackend().countNonFinite(storage(t));
}

// ---- in place: the storage of `target` is overwritten ----------------------------------------

export function fillInPlace(target: Tensor, value: number): void {
  getBackend().fill(storage(target), value);
}

/** target = value (converted to target's dtype); both have target's size. */
export function castInPlace(value: Tensor, target: Tensor): void {
  getBackend().cast(storage(value), storage(target));
}

/** target = target ± alpha·other (same dtype and size). */
export function addScaledInPlace(
  target: Tensor,
  other: Tensor,
  alpha: number,
  subtract: boolean,
): void {
  getBackend().addScaled(storage(target), storage(other), alpha, subtract, storage(target));
}

/** target = target op b, b broadcast to target's shape. */
export function binaryInPlace(op: BinaryOp, target: Tensor, b: Tensor): void {
  getBackend().binary(
    op,
    storage(target),
    target.shape,
    storage(b),
    b.shape,
    storage(target),
    target.shape,
  );
}

// ---- storage: the only reads of a tensor's values above src/backend ----------------------------

/** The handle a Tensor keeps for `array` (a backend's storage is a typed array today). */
export function handleOf(array: TypedArray): StorageHandle {
  return array as unknown as StorageHandle;
}

/**
 * The values as a live typed array (row-major), the synchronous view of a CPU backend's storage;
 * writes go through `writableView`, so that backward sees them. A backend whose memory JS cannot
 * read synchronously (GPU buffers) will read eagerly here, or refuse and point to `read()`.
 */
export function viewOf(t: Tensor): TypedArray {
  return storage(t);
}

/** The view of `t` for an in-place write by `op`: the write is recorded in t's version. */
export function writableView(t: Tensor, op: string): TypedArray {
  bumpVersion(t._storage, op);
  return storage(t);
}

/** A flat copy of the values as JS numbers (bool as 0/1). */
export function toNumbers(t: Tensor): number[] {
  return Array.from(storage(t));
}

/** The element at flat index `i` (row-major), as a number. */
export function itemOf(t: Tensor, i = 0): number {
  return storage(t)[i]!;
}

/** A flat copy of the values in a new typed array of t's dtype (its own ArrayBuffer). */
export function copyOf(t: Tensor): TypedArray {
  return storage(t).slice();
}

/** Whether `a` and `b` share one storage (one is a view, detach or reshape of the other). */
export function sameStorage(a: Tensor, b: Tensor): boolean {
  return a._storage === b._storage;
}

/** A tensor of `shape` (same size) on x's storage: writes to either show in both (reshape). */
export function reshapeView(x: Tensor, shape: Shape): Tensor {
  return new Tensor(storage(x), shape);
}

/** The in-place op that wrote t's storage last, if any (for the error message of backward). */
export function lastWriteOf(t: Tensor): string | undefined {
  return lastInPlaceOp(t._storage);
}

/** Moves `target` onto `source`'s storage and dtype, keeping the object (Module.to(dtype)). */
export function rebindStorage(target: Tensor, source: Tensor): void {
  const writable = target as unknown as { _storage: StorageHandle; dtype: DType };
  writable._storage = source._storage;
  writable.dtype = source.dtype;
}
