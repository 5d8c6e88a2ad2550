/**
 * The kernel interface: buffers and shapes in, buffers out. Kernels know nothing of autograd or
 * of Tensor; every loop over raw data in descent lives behind this interface.
 */
import type { TypedArray } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";

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

export type ReduceOp = "sum" | "prod" | "max" | "min";

/** Activations whose gradient is computed from their output y (see Backend.activationGrad). */
export type ActivationGradOp = "tanh" | "sigmoid" | "relu";

export interface Backend {
  readonly name: string;
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
