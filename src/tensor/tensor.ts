/**
 * The Tensor: a contiguous typed array, a shape, and its place in the autograd graph. Methods are
 * thin: each calls the op function of the same name in src/autograd/ops.
 *
 * The import cycle tensor ↔ autograd is deliberate: methods call the ops, and the ops build
 * Tensors. It is safe because of one rule, for every module in the cycle (this file, src/autograd
 * and its ops, the creation functions they use): nothing runs at the top level that uses Tensor or
 * an op — no `new Tensor`, no op call, no `extends Tensor`, no constant tensor; only
 * declarations, which are used once every module has loaded. tests/architecture/cycle.test.ts
 * imports each module of the cycle first, in a fresh process, and then uses the library.
 */
import { dimArgs, sizesArg, type DimOptions, type SizesArgs } from "./args.js";
import { repeat as repeatTensor } from "./repeat.js";
import { ArgumentError, AutogradError, formatShape } from "../errors.js";
import type { Node } from "../autograd/op.js";
import { runBackward, type BackwardOptions } from "../autograd/engine.js";
import * as ew from "../autograd/ops/elementwise.js";
import * as cmp from "../autograd/ops/compare.js";
import * as red from "../autograd/ops/reduce.js";
import type { Dims } from "../autograd/ops/reduce.js";
import * as mv from "../autograd/ops/movement.js";
import * as idx from "../autograd/ops/indexing.js";
import { matmul } from "../autograd/ops/matmul.js";
import { cast, clone, resultType, toTensor } from "../autograd/ops/convert.js";
import { gradMode } from "../autograd/grad-mode.js";
import { addScaledInPlace, binaryInPlace, castInPlace, fillInPlace } from "../autograd/kernels.js";
import { dtypeOfArray, isFloating, type DType, type TypedArray } from "./dtype.js";
import { shapesEqual, sizeOf, type Shape } from "./shape.js";
import { formatTensor } from "./format.js";
import { toNested, type NestedArray } from "./nested.js";
import { bumpVersion, versionOf } from "./version.js";

/** What binary ops accept besides a Tensor: a number or boolean, broadcast like a 0-d tensor. */
export type TensorLike = Tensor | number | boolean;

/** A gradient hook: sees the gradient of a tensor; may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

export interface RemovableHandle {
  remove(): void;
}

export class Tensor {
  /**
   * The values, row-major. The array may be a view into an ArrayBuffer shared with other tensors
   * (small storage is carved from 8 KB blocks): address the buffer through byteOffset and
   * byteLength, and never transfer or detach `data.buffer` (copy with toTypedArray() instead).
   */
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
  /** The gradient accumulated by backward() (leaves, and tensors that called retainGrad()). */
  grad: Tensor | null = null;
  /** The op that produced this tensor, for non-leaf tensors that require grad (torch's grad_fn). */
  gradFn: Node | null = null;
  /** An optional label, shown by graph views. */
  label: string | undefined = undefined;

  /** @internal gradient being summed during a backward pass */
  _pending: Tensor | null = null;
  /** @internal visit mark of the topological sort */
  _mark = 0;
  /** @internal */
  _hooks: GradHook[] | null = null;
  /** @internal */
  _retainsGrad = false;
  private _requiresGrad = false;

  /** Wraps `data` (not copied) as a tensor of `shape`. Users create tensors with `tensor()`. */
  constructor(data: TypedArray, shape: Shape) {
    this.data = data;
    this.shape = shape;
    this.dtype = dtypeOfArray(data);
    if (data.length !== sizeOf(shape)) {
      throw new ArgumentError(
        `Tensor: ${data.length} values do not fill shape ${formatShape(shape)}`,
      );
    }
  }

  // ---- autograd state ---------------------------------------------------------------------

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /**
   * How many in-place ops have written this tensor's storage (torch's `_version`); shared with
   * every tensor on the same storage (detach, reshape). Backward checks it for saved tensors.
   */
  get version(): number {
    return versionOf(this.data);
  }

  /** Whether this tensor is a leaf of the graph (made by the user, not by an op that records). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** @internal marks this tensor as the output of a recorded node */
  _attach(node: Node): void {
    this._requiresGrad = true;
    this.gradFn = node;
  }

  /** Turns gradient tracking on (or off) for this leaf, in place; returns this. */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag) {
      throw new AutogradError(
        `requiresGrad_: cannot turn off gradients of a tensor computed by '${this.gradFn!.name}'; use detach() instead`,
      );
    }
    if (flag && !isFloating(this.dtype)) {
      throw new AutogradError(
        `requiresGrad_: only float tensors can require gradients, this one is ${this.dtype}; convert it with .float()`,
      );
    }
    this._requiresGrad = flag;
    return this;
  }

  /** Keeps `.grad` of this non-leaf tensor after backward (torch's retain_grad). */
  retainGrad(): this {
    if (!this.requiresGrad) {
      throw new AutogradError(
        "retainGrad: the tensor does not require grad, so it will never get one",
      );
    }
    this._retainsGrad = true;
    return this;
  }

  /** Calls `hook(grad)` whenever this tensor's gradient is computed; it may return a replacement. */
  registerHook(hook: GradHook): RemovableHandle {
    if (!this.requiresGrad) {
      throw new AutogradError(
        "registerHook: cannot register a hook on a tensor that does not require grad",
      );
    }
    (this._hooks ??= []).push(hook);
    return {
      remove: () => {
        this._hooks = this._hooks?.filter((h) => h !== hook) ?? null;
      },
    };
  }

  /**
   * Computes the gradient of this tensor with respect to the graph's leaves and adds it to their
   * `.grad`. A non-scalar needs `gradient` (same shape): backward computes gradientᵀ·J.
   */
  backward(gradient?: Tensor | null, options: BackwardOptions = {}): void {
    if (!this.requiresGrad) {
      throw new AutogradError(
        "backward: this tensor does not require grad and has no gradFn; call requiresGrad_() on the " +
          "leaves (e.g. the weights) before computing it",
      );
    }
    let seed = gradient ?? null;
    if (seed === null) {
      if (this.data.length !== 1) {
        throw new AutogradError(
          `backward: a gradient can be created implicitly only for a scalar output, this one has shape ` +
            `${formatShape(this.shape)}; pass one of that shape, e.g. out.backward(onesLike(out))`,
        );
      }
      seed = toTensor(1, this.dtype).reshape(this.shape);
    } else if (
      seed.shape.length !== this.shape.length ||
      seed.shape.some((d, i) => d !== this.shape[i])
    ) {
      throw new AutogradError(
        `backward: the gradient has shape ${formatShape(seed.shape)} but the output has shape ${formatShape(this.shape)}`,
      );
    }
    runBackward([this], [seed.to(this.dtype)], options);
  }

  /** The same data, cut from the graph: no gradient flows through it. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A copy with its own storage (differentiable). */
  clone(): Tensor {
    return clone(this);
  }

  // ---- read-out ---------------------------------------------------------------------------

  get ndim(): number {
    return this.shape.length;
  }

  numel(): number {
    return this.data.length;
  }

  /** The size of one dim (or the whole shape). */
  size(): Shape;
  size(dim: number): number;
  size(dim?: number): Shape | number {
    if (dim === undefined) return this.shape;
    const d = dim < 0 ? dim + this.shape.length : dim;
    const s = this.shape[d];
    if (s === undefined)
      throw new ArgumentError(
        `size: dim ${dim} is out of range for shape ${formatShape(this.shape)}`,
      );
    return s;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) {
      throw new ArgumentError(
        `item: only a tensor with one element can be converted to a number, this one has shape ${formatShape(this.shape)}`,
      );
    }
    return this.data[0]!;
  }

  /** Nested JS arrays (booleans for bool tensors); a number for a 0-d tensor. */
  toArray(): NestedArray {
    return toNested(this.data, this.shape, this.dtype === "bool");
  }

  /** Nested JS arrays, a number for a 0-d tensor (torch's Tensor.tolist; same as toArray). */
  tolist(): NestedArray {
    return this.toArray();
  }

  /** A flat copy of the values in a typed array of the tensor's dtype. */
  toTypedArray(): TypedArray {
    return this.data.slice();
  }

  toString(): string {
    return formatTensor(this);
  }

  // ---- conversion -------------------------------------------------------------------------

  to(dtype: DType): Tensor {
    return cast(this, dtype);
  }
  float(): Tensor {
    return cast(this, "float32");
  }
  double(): Tensor {
    return cast(this, "float64");
  }
  int(): Tensor {
    return cast(this, "int32");
  }
  bool(): Tensor {
    return cast(this, "bool");
  }

  // ---- elementwise ------------------------------------------------------------------------

  neg(): Tensor {
    return ew.neg(this);
  }
  abs(): Tensor {
    return ew.abs(this);
  }
  sign(): Tensor {
    return ew.sign(this);
  }
  exp(): Tensor {
    return ew.exp(this);
  }
  log(): Tensor {
    return ew.log(this);
  }
  log1p(): Tensor {
    return ew.log1p(this);
  }
  sqrt(): Tensor {
    return ew.sqrt(this);
  }
  rsqrt(): Tensor {
    return ew.rsqrt(this);
  }
  sin(): Tensor {
    return ew.sin(this);
  }
  cos(): Tensor {
    return ew.cos(this);
  }
  tanh(): Tensor {
    return ew.tanh(this);
  }
  atan(): Tensor {
    return ew.atan(this);
  }
  /** atan2(this, other): the angle of the point (other, this) (torch's Tensor.atan2). */
  atan2(other: TensorLike): Tensor {
    return ew.atan2(this, other);
  }
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  }
  relu(): Tensor {
    return ew.relu(this);
  }
  square(): Tensor {
    return ew.square(this);
  }
  erf(): Tensor {
    return ew.erf(this);
  }
  reciprocal(): Tensor {
    return ew.reciprocal(this);
  }
  leakyRelu(negativeSlope?: number): Tensor {
    return ew.leakyRelu(this, negativeSlope);
  }
  elu(alpha?: number): Tensor {
    return ew.elu(this, alpha);
  }
  gelu(options?: { approximate?: "none" | "tanh" }): Tensor {
    return ew.gelu(this, options);
  }
  softplus(options?: { beta?: number; threshold?: number }): Tensor {
    return ew.softplus(this, options);
  }
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
    return ew.clamp(this, min, max);
  }
  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.add(this, other, options);
  }
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.sub(this, other, options);
  }
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return ew.pow(this, exponent);
  }
  maximum(other: TensorLike): Tensor {
    return ew.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return ew.minimum(this, other);
  }
  /** this where cond, else other (torch's Tensor.where). */
  where(cond: Tensor, other: TensorLike): Tensor {
    return ew.where(cond, this, other);
  }
  eq(other: TensorLike): Tensor {
    return cmp.eq(this, other);
  }
  ne(other: TensorLike): Tensor {
    return cmp.ne(this, other);
  }
  lt(other: TensorLike): Tensor {
    return cmp.lt(this, other);
  }
  le(other: TensorLike): Tensor {
    return cmp.le(this, other);
  }
  gt(other: TensorLike): Tensor {
    return cmp.gt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return cmp.ge(this, other);
  }
  and(other: TensorLike): Tensor {
    return cmp.logicalAnd(this, other);
  }
  or(other: TensorLike): Tensor {
    return cmp.logicalOr(this, other);
  }
  not(): Tensor {
    return cmp.logicalNot(this);
  }

  // ---- reductions -------------------------------------------------------------------------

  sum(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.sum(this, ...dimArgs("sum", dim, keepdim));
  }
  mean(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.mean(this, ...dimArgs("mean", dim, keepdim));
  }
  prod(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor {
    return red.prod(this, ...dimArgs("prod", dim, keepdim));
  }
  max(): Tensor;
  max(dim: number | (DimOptions<number> & { dim: number }), keepdim?: boolean): red.ValuesIndices;
  max(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor | red.ValuesIndices {
    const [d, k] = dimArgs("max", dim, keepdim);
    return d === undefined ? red.max(this) : red.max(this, d, k);
  }
  min(): Tensor;
  min(dim: number | (DimOptions<number> & { dim: number }), keepdim?: boolean): red.ValuesIndices;
  min(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor | red.ValuesIndices {
    const [d, k] = dimArgs("min", dim, keepdim);
    return d === undefined ? red.min(this) : red.min(this, d, k);
  }
  amax(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.amax(this, ...dimArgs("amax", dim, keepdim));
  }
  amin(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.amin(this, ...dimArgs("amin", dim, keepdim));
  }
  argmax(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor {
    return red.argmax(this, ...dimArgs("argmax", dim, keepdim));
  }
  argmin(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor {
    return red.argmin(this, ...dimArgs("argmin", dim, keepdim));
  }
  var(dim?: number | readonly number[], options?: red.VarianceOptions): Tensor {
    return red.variance(this, dim, options);
  }
  std(dim?: number | readonly number[], options?: red.VarianceOptions): Tensor {
    return red.std(this, dim, options);
  }
  logsumexp(dim: Dims | (DimOptions & { dim: Dims }), keepdim?: boolean): Tensor {
    const [d, k] = dimArgs("logsumexp", dim, keepdim);
    return red.logsumexp(this, d!, k);
  }
  norm(p?: number | "fro" | "inf", dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return red.norm(this, p, dim, keepdim);
  }
  softmax(dim: number | { dim: number }): Tensor {
    return red.softmax(this, typeof dim === "number" ? dim : dim.dim);
  }
  logSoftmax(dim: number | { dim: number }): Tensor {
    return red.logSoftmax(this, typeof dim === "number" ? dim : dim.dim);
  }

  // ---- matmul and movement ----------------------------------------------------------------

  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
  /** New shape, as one array or separate sizes (`reshape(2, -1)`); one size may be −1. */
  reshape(...shape: SizesArgs): Tensor {
    return mv.reshape(this, sizesArg("reshape", shape));
  }
  /** Same as reshape: storage is always contiguous here, so every view is possible. */
  view(...shape: SizesArgs): Tensor {
    return mv.reshape(this, sizesArg("view", shape));
  }
  flatten(startDim?: number, endDim?: number): Tensor {
    return mv.flatten(this, startDim, endDim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return mv.transpose(this, dim0, dim1);
  }
  /** The dims reordered, as one array or separate dims (`permute(1, 0)`). */
  permute(...dims: SizesArgs): Tensor {
    return mv.permute(this, sizesArg("permute", dims));
  }
  /** The last two dims swapped (torch's Tensor.mT). */
  get mT(): Tensor {
    if (this.shape.length < 2) {
      throw new ArgumentError(
        `mT: the tensor needs at least 2 dimensions, got shape ${formatShape(this.shape)}`,
      );
    }
    return mv.transpose(this, -2, -1);
  }
  /** The transpose of a matrix (≤ 2-D), as torch's Tensor.T for matrices. */
  get T(): Tensor {
    if (this.shape.length > 2) {
      throw new ArgumentError(`T: use mT or permute for ${this.shape.length}-D tensors`);
    }
    return this.shape.length < 2 ? this : mv.transpose(this, 0, 1);
  }
  squeeze(dim?: number | readonly number[]): Tensor {
    return mv.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return mv.unsqueeze(this, dim);
  }
  /** Broadcast to a larger shape (one array or separate sizes; −1 keeps a size). */
  expand(...shape: SizesArgs): Tensor {
    return mv.expand(this, sizesArg("expand", shape));
  }
  /** Tiled `repeats[i]` times along each dim (torch's Tensor.repeat). */
  repeat(...repeats: SizesArgs): Tensor {
    return repeatTensor(this, sizesArg("repeat", repeats));
  }
  expandAs(other: Tensor): Tensor {
    return mv.expand(this, other.shape);
  }
  split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[] {
    return mv.split(this, splitSizeOrSections, dim);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return mv.narrow(this, dim, start, length);
  }
  slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor {
    return mv.slice(this, dim, start, end, step);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return idx.indexSelect(this, dim, index);
  }
  gather(dim: number, index: Tensor): Tensor {
    return idx.gather(this, dim, index);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return idx.scatterAdd(this, dim, index, src);
  }

  // ---- in place (for optimizers; never on a tensor the graph needs) -----------------------

  /** Refuses an in-place write that would corrupt the graph, else records it in the version. */
  private checkInPlace(op: string): void {
    if (this.requiresGrad && (this.gradFn !== null || gradMode.enabled)) {
      throw new AutogradError(
        `${op}: a ${this.isLeaf ? "leaf tensor that requires grad" : "tensor in the graph"} cannot be modified in ` +
          `place while gradients are recorded; do it inside noGrad(() => ...) or on a detached tensor`,
      );
    }
    bumpVersion(this.data, op);
  }

  private assign(op: string, value: Tensor): this {
    this.checkInPlace(op);
    if (value.shape.length > this.shape.length || value.data.length > this.data.length) {
      throw new ArgumentError(
        `${op}: the result of shape ${formatShape(value.shape)} does not fit in place into ${formatShape(this.shape)}`,
      );
    }
    const full = value.data.length === this.data.length ? value : value.expand(this.shape);
    castInPlace(full, this);
    return this;
  }

  /**
   * this = this op other (other times alpha first, as add and sub do), computed straight into
   * this tensor's storage when the result has this dtype and shape; otherwise through a
   * temporary and assign, which converts or reports what does not fit. Both give the values
   * of the out-of-place op.
   */
  private binaryInPlace(
    name: string,
    op: "add" | "sub" | "mul" | "div",
    other: TensorLike,
    alpha: number,
  ): this {
    if (
      alpha !== 1 &&
      (op === "add" || op === "sub") &&
      other instanceof Tensor &&
      other.dtype === this.dtype &&
      isFloating(this.dtype) &&
      shapesEqual(other.shape, this.shape) &&
      !gradMode.anomaly
    ) {
      // this ± alpha·other in one pass, alpha rounded to the dtype as a 0-d tensor of it would be
      this.checkInPlace(name);
      const scale = this.dtype === "float32" ? Math.fround(alpha) : alpha;
      addScaledInPlace(this, other, scale, op === "sub");
      return this;
    }
    const term = alpha === 1 ? detachLike(other) : ew.mul(detachLike(other), alpha);
    const dtype = resultType(this, term);
    // bool results are normalised to 0/1 by assign's cast, a true division of ints is float,
    // and detectAnomaly checks results as ops
    if (
      dtype === this.dtype &&
      dtype !== "bool" &&
      (op !== "div" || isFloating(dtype)) &&
      !gradMode.anomaly
    ) {
      const b = toTensor(term, dtype);
      if (
        broadcastsInto(b.shape, this.shape) &&
        (b.data !== this.data || shapesEqual(b.shape, this.shape))
      ) {
        this.checkInPlace(name);
        binaryInPlace(op, this, b);
        return this;
      }
    }
    const self = this.detach();
    const value =
      op === "add"
        ? ew.add(self, term)
        : op === "sub"
          ? ew.sub(self, term)
          : op === "mul"
            ? ew.mul(self, term)
            : ew.div(self, term);
    return this.assign(name, value);
  }

  /** this += alpha·other, in place. */
  add_(other: TensorLike, options?: { alpha?: number }): this {
    return this.binaryInPlace("add_", "add", other, options?.alpha ?? 1);
  }
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return this.binaryInPlace("sub_", "sub", other, options?.alpha ?? 1);
  }
  mul_(other: TensorLike): this {
    return this.binaryInPlace("mul_", "mul", other, 1);
  }
  div_(other: TensorLike): this {
    return this.binaryInPlace("div_", "div", other, 1);
  }
  clamp_(min?: number | null, max?: number | null): this {
    return this.assign("clamp_", ew.clamp(this.detach(), min, max));
  }
  /** Copies src's values (broadcast to this shape) into this tensor. */
  copy_(src: TensorLike): this {
    return this.assign("copy_", toTensor(detachLike(src), resultType(src)));
  }
  fill_(value: number): this {
    this.checkInPlace("fill_");
    fillInPlace(this, value);
    return this;
  }
  zero_(): this {
    return this.fill_(0);
  }
}

/** Whether `shape` broadcasts to `target` without changing it. */
function broadcastsInto(shape: Shape, target: Shape): boolean {
  const lead = target.length - shape.length;
  if (lead < 0) return false;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] !== 1 && shape[d] !== target[lead + d]) return false;
  }
  return true;
}

function detachLike(x: TensorLike): TensorLike {
  return x instanceof Tensor ? x.detach() : x;
}
