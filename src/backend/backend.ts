/**
 * The kernel interface, the one seam every backend plugs into: storage and shapes in, storage
 * out. Kernels know nothing of autograd or of Tensor. Above src/backend only
 * src/autograd/kernels.ts calls a backend (lint enforces it), so a backend sees every allocation
 * and every kernel call.
 *
 * What a new backend implements: every method below — `name`, `allocate` (zero-filled, never
 * shared), `allocateUninit` (the same without the zeros, for kernel outputs), `read` (an own
 * copy) and each kernel, on storages of any backend's making (see Storage), honouring the
 * in-place cases each one documents. Spread `referenceBackend` to start from its plain loops and
 * replace what you speed up. It registers nothing on import (users pass it to `setBackend`); it
 * is added to the list of backends that the PyTorch fixture, gradcheck and conformance suites
 * loop over (tests/backends.ts).
 *
 * Storage. A backend owns the storage of the tensors made while it is active: `allocate` hands
 * out a zero-filled `Storage`, kernels read and write storages, `read` copies one out. For CPU
 * backends a storage is a typed array of the dtype's class, read synchronously; it need not own
 * its ArrayBuffer: the CPU backends carve small ones from shared 8 KB blocks, and a WebAssembly
 * backend returns views into its `WebAssembly.Memory` (the view's byteOffset is the kernel's
 * pointer, so no op copies). Views of a growable non-shared memory are detached when it grows:
 * such a backend reserves its memory up front or uses a shared one, whose views stay valid.
 * Storages made by another backend (before a `setBackend`) or wrapped by the user
 * (`new Tensor(array, shape)`) are plain typed arrays: a backend with its own memory checks
 * `x.buffer` and copies those in.
 *
 * Above src/backend a tensor holds its storage as an opaque `StorageHandle`. Only
 * src/autograd/kernels.ts turns a handle back into a `Storage` (to pass it to a kernel) or into
 * values: `viewOf` (the synchronous typed-array view of a CPU backend, behind the public
 * `Tensor.data`), `toNumbers`, `itemOf`, `copyOf`; lint rejects any other read of a tensor's
 * storage in src/ and cli/. So a backend whose memory JS cannot read synchronously (GPU buffers)
 * changes those few functions, not their callers: its `Storage` becomes its own buffer type,
 * `read` is the asynchronous read it keeps, and the synchronous view reads eagerly or refuses.
 */
import type { DType, TypedArray } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";

/** The elementwise one-input kernels a backend implements. */
export type UnaryOp =
  | "neg"
  | "abs"
  | "sign"
  | "exp"
  | "log"
  | "log1p"
  | "sqrt"
  | "sin"
  | "cos"
  | "tanh"
  | "atan"
  | "sigmoid"
  | "relu"
  | "square"
  | "erf"
  | "reciprocal"
  | "not"
  /** params: [exponent] */
  | "powScalar"
  /** params: [beta, threshold] */
  | "softplus";

/** The broadcasting two-input kernels a backend implements (comparisons and logic give bool). */
export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "atan2"
  | "maximum"
  | "minimum"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "and"
  | "or";

/** The reduction kernels a backend implements. */
export type ReduceOp = "sum" | "prod" | "max" | "min";

/** Activations whose gradient is computed from their output y (see Backend.activationGrad). */
export type ActivationGradOp = "tanh" | "sigmoid" | "relu";

/** A tensor's elements as the backend stores them (see the header). */
export type Storage = TypedArray;

declare const opaqueStorage: unique symbol;

/**
 * A tensor's storage as the layers above src/backend hold it: opaque, so that only
 * src/autograd/kernels.ts can read it (see the header). At run time it is the backend's Storage.
 */
export interface StorageHandle {
  readonly [opaqueStorage]: "StorageHandle";
}

/**
 * A kernel set: what every op runs on (see the file's header for what a backend owns). Pass one to
 * setBackend; spread {@link referenceBackend} to start a new one. PyTorch: none (a dispatch key).
 */
export interface Backend {
  /** A name for messages and `descent info`, e.g. "wasm". */
  readonly name: string;
  /** Zero-filled storage of `size` elements of `dtype`, never shared with another tensor. */
  allocate(dtype: DType, size: number): Storage;
  /**
   * Storage as `allocate` gives, for a kernel's `out`, but with unspecified contents: a backend
   * may skip the zero-filling (or return `allocate`'s). Every kernel writes each element of
   * `out` (the conformance suite checks it with a sentinel), except where documented:
   * `stridedWrite`, `scatterAdd` and `indexAdd` add into theirs.
   */
  allocateUninit(dtype: DType, size: number): Storage;
  /** A copy of the elements in a JS typed array; the one read a non-CPU backend must offer. */
  read(x: Storage): Promise<TypedArray>;
  /** out[i] = op(x[i]); `out` may be `x` (in place). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, params?: readonly number[]): void;
  /**
   * out = op(a, b) with NumPy broadcasting of aShape and bShape to outShape. `out` may be `a`
   * or `b` when that operand has outShape's size (in place).
   */
  binary(
    op: BinaryOp,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** out = cond ? a : b, all three broadcast to outShape. */
  where(
    cond: Uint8Array,
    condShape: Shape,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void;
  /**
   * The gradient of an activation from its output y, elementwise over arrays of one length and
   * dtype: tanh: dOut·(1 − y²), sigmoid: dOut·(y·(1 − y)), relu: y > 0 ? dOut : 0. Every step
   * is rounded to out's precision, so the result equals those elementwise ops composed.
   */
  activationGrad(op: ActivationGradOp, dOut: TypedArray, y: TypedArray, out: TypedArray): void;
  /**
   * out = a + alpha·b, or a − alpha·b with `subtract`, elementwise over arrays of one length and
   * dtype (optimizers' scaled in-place updates). alpha·b is rounded to out's precision first, so
   * the result equals a mul followed by an add or sub; `out` may be `a` (in place).
   */
  addScaled(a: TypedArray, b: TypedArray, alpha: number, subtract: boolean, out: TypedArray): void;
  /** Converts element types (to bool: x != 0). */
  cast(x: TypedArray, out: TypedArray): void;
  /** out[i] = value for every i. */
  fill(out: TypedArray, value: number): void;
  /** Reduces the sorted, distinct `dims` of x; out has the reduced size (keepdim is a reshape). */
  reduce(op: ReduceOp, x: TypedArray, shape: Shape, dims: readonly number[], out: TypedArray): void;
  /** Max or min along one dim: values and the index of the first extreme (NaN counts as extreme). */
  argReduce(
    op: "max" | "min",
    x: TypedArray,
    shape: Shape,
    dim: number,
    values: TypedArray,
    indices: Int32Array,
  ): void;
  /**
   * Batched matrix product out = op(a) @ op(b) with broadcast batch dims. aShape and bShape are
   * the stored shapes (rank >= 2); op transposes the last two dims when trans* is set.
   */
  matmul(
    a: TypedArray,
    aShape: Shape,
    transA: boolean,
    b: TypedArray,
    bShape: Shape,
    transB: boolean,
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** out[i] = x[offset + Σ idx_d · strides_d] over `shape` (permute, expand, slice, narrow). */
  stridedCopy(
    x: TypedArray,
    offset: number,
    strides: readonly number[],
    shape: Shape,
    out: TypedArray,
  ): void;
  /** out[offset + Σ idx_d · strides_d] (+)= src[i] over `shape` (cat, slice backward). */
  stridedWrite(
    src: TypedArray,
    shape: Shape,
    out: TypedArray,
    offset: number,
    strides: readonly number[],
    accumulate: boolean,
  ): void;
  /** torch.gather: out[..i..] = x[..index[..i..]..] along dim; out has index's shape. */
  gather(
    x: TypedArray,
    xShape: Shape,
    dim: number,
    index: Int32Array,
    indexShape: Shape,
    out: TypedArray,
  ): void;
  /** torch.scatter_add_: out[..index[..i..]..] += src[..i..] along dim, over index's shape. */
  scatterAdd(
    out: TypedArray,
    outShape: Shape,
    dim: number,
    index: Int32Array,
    indexShape: Shape,
    src: TypedArray,
    srcShape: Shape,
  ): void;
  /** torch.index_select: out takes x's slices index[j] along dim. */
  indexSelect(x: TypedArray, xShape: Shape, dim: number, index: Int32Array, out: TypedArray): void;
  /** torch.index_add_: out's slices index[j] along dim += src's slice j. */
  indexAdd(out: TypedArray, outShape: Shape, dim: number, index: Int32Array, src: TypedArray): void;
  /** How many elements are NaN or ±Infinity (anomaly detection, divergence checks). */
  countNonFinite(x: TypedArray): number;
}
