/**
 * The Tensor: contiguous storage (an opaque handle that only src/autograd/kernels.ts reads), a
 * shape, and its place in the autograd graph. Methods are thin: each calls the op function of the
 * same name in src/autograd/ops.
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
import { ArgumentError, AutogradError, DTypeError, formatShape } from "../errors.js";
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
import {
  addScaledInPlace,
  binaryInPlace,
  castInPlace,
  copyOf,
  fillInPlace,
  handleOf,
  itemOf,
  reshapeView,
  sameStorage,
  viewOf,
} from "../autograd/kernels.js";
import type { StorageHandle } from "../backend/backend.js";
import { canCast, dtypeOfArray, isFloating, type DType, type TypedArray } from "./dtype.js";
import { shapesEqual, sizeOf, type Shape } from "./shape.js";
import { formatTensor } from "./format.js";
import { toNested, type NestedArray } from "./nested.js";
import { bumpVersion, versionOf } from "./version.js";

/** What binary ops accept besides a Tensor: a number or boolean, broadcast like a 0-d tensor. */
export type TensorLike = Tensor | number | boolean;

/**
 * A gradient hook: sees the gradient of a tensor; may return a replacement.
 * PyTorch: the hook of `torch.Tensor.register_hook`.
 */
export type GradHook = (grad: Tensor) => Tensor | void;

/** What registerHook returns: a way to take the hook off again. PyTorch: `RemovableHandle`. */
export interface RemovableHandle {
  /** Removes the hook; calling it twice is harmless. */
  remove(): void;
}

/**
 * An n-dimensional array of float32, float64, int32 or bool values that can record the ops applied
 * to it and backpropagate through them. Storage is always contiguous and row-major, so reshape and
 * view never copy. Create tensors with {@link tensor}, {@link zeros}, {@link randn} and the like;
 * each op is a method here and a function of the same name. PyTorch: `torch.Tensor`.
 *
 * @example
 * ```ts
 * import { tensor } from "descentjs";
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const loss = w.mul(w).sum(); // Σ w²
 * loss.backward();
 * w.grad?.toArray(); // [[2, 4], [6, 8]]
 * ```
 */
export class Tensor {
  /** @internal The storage, opaque: src/autograd/kernels.ts is the one place that reads it. */
  readonly _storage: StorageHandle;
  /** The size of each dim; `[]` for a 0-d (scalar) tensor. PyTorch: `torch.Tensor.shape`. */
  readonly shape: Shape;
  /** The element type: "float32", "float64", "int32" or "bool". PyTorch: `torch.Tensor.dtype`. */
  readonly dtype: DType;
  /**
   * The gradient accumulated by backward() (leaves, and tensors that called retainGrad()); null until
   * then. PyTorch: `torch.Tensor.grad`.
   */
  grad: Tensor | null = null;
  /**
   * The op that produced this tensor, for non-leaf tensors that require grad; null for leaves.
   * PyTorch: `torch.Tensor.grad_fn`.
   */
  gradFn: Node | null = null;
  /** An optional label, shown by graph views ({@link traceGraph}); descent only. */
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
    this._storage = handleOf(data);
    this.shape = shape;
    this.dtype = dtypeOfArray(data);
    if (data.length !== sizeOf(shape)) {
      throw new ArgumentError(
        `Tensor: ${data.length} values do not fill shape ${formatShape(shape)}`,
      );
    }
  }

  /**
   * The values, row-major: the live typed-array view a CPU backend gives of the storage (writes
   * through it change the tensor). The array may be a view into an ArrayBuffer shared with other
   * tensors (small storage is carved from 8 KB blocks): address the buffer through byteOffset and
   * byteLength, and never transfer or detach `data.buffer` (copy with toTypedArray() instead).
   */
  get data(): TypedArray {
    return viewOf(this);
  }

  // ---- autograd state ---------------------------------------------------------------------

  /**
   * Whether ops on this tensor are recorded for backward. Setting it is requiresGrad_(flag): only on
   * float leaves. PyTorch: `torch.Tensor.requires_grad`.
   */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  /** Turns recording on or off for this leaf; see {@link Tensor.requiresGrad_}. */
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /**
   * How many in-place ops have written this tensor's storage (torch's `_version`); shared with
   * every tensor on the same storage (detach, reshape). Backward checks it for saved tensors.
   * PyTorch: `torch.Tensor._version`.
   */
  get version(): number {
    return versionOf(this._storage);
  }

  /**
   * Whether this tensor is a leaf of the graph (made by the user, not by an op that records).
   * PyTorch: `torch.Tensor.is_leaf`.
   */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** @internal marks this tensor as the output of a recorded node */
  _attach(node: Node): void {
    this._requiresGrad = true;
    this.gradFn = node;
  }

  /**
   * Turns gradient tracking on (or off) for this leaf, in place; returns this. Only float tensors can
   * require gradients, and a computed tensor cannot turn them off (detach it instead).
   * PyTorch: `torch.Tensor.requires_grad_`.
   */
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

  /** Keeps `.grad` of this non-leaf tensor after backward. PyTorch: `torch.Tensor.retain_grad`. */
  retainGrad(): this {
    if (!this.requiresGrad) {
      throw new AutogradError(
        "retainGrad: the tensor does not require grad, so it will never get one",
      );
    }
    this._retainsGrad = true;
    return this;
  }

  /**
   * Calls `hook(grad)` whenever this tensor's gradient is computed; it may return a replacement,
   * which is what flows on. PyTorch: `torch.Tensor.register_hook`.
   */
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
   * `.grad` (gradients accumulate: zero them between steps). A non-scalar needs `gradient` (same
   * shape): backward computes gradientᵀ·J. The graph is freed afterwards unless
   * `options.retainGraph`; `options.createGraph` records the backward pass itself, for gradients of
   * gradients. PyTorch: `torch.Tensor.backward`.
   *
   * @example
   * ```ts
   * const x = tensor([1, 2, 3], { requiresGrad: true });
   * x.pow(2).sum().backward(); // d/dx Σ x² = 2x
   * x.grad?.toArray(); // [2, 4, 6]
   *
   * const y = x.mul(3); // not a scalar: pass the vector of the vector-Jacobian product
   * y.backward(tensor([1, 1, 1])); // x.grad is now [5, 7, 9]
   * ```
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
      if (this.numel() !== 1) {
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

  /**
   * The same data (shared storage), cut from the graph: no gradient flows through it.
   * PyTorch: `torch.Tensor.detach`.
   */
  detach(): Tensor {
    return reshapeView(this, this.shape);
  }

  /** A copy with its own storage (differentiable). PyTorch: `torch.Tensor.clone`. */
  clone(): Tensor {
    return clone(this);
  }

  // ---- read-out ---------------------------------------------------------------------------

  /** The number of dims (0 for a scalar). PyTorch: `torch.Tensor.ndim`. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The number of elements: the product of the shape. PyTorch: `torch.Tensor.numel`. */
  numel(): number {
    return sizeOf(this.shape);
  }

  /** The whole shape. PyTorch: `torch.Tensor.size()`. */
  size(): Shape;
  /** The size of one dim (negative counts from the end). PyTorch: `torch.Tensor.size(dim)`. */
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

  /** The single value of a one-element tensor, as a number. PyTorch: `torch.Tensor.item`. */
  item(): number {
    if (this.numel() !== 1) {
      throw new ArgumentError(
        `item: only a tensor with one element can be converted to a number, this one has shape ${formatShape(this.shape)}`,
      );
    }
    return itemOf(this);
  }

  /**
   * The values as nested JS arrays (booleans for bool tensors); a number for a 0-d tensor.
   * PyTorch: `torch.Tensor.tolist`.
   */
  toArray(): NestedArray {
    return toNested(viewOf(this), this.shape, this.dtype === "bool");
  }

  /** The values as nested JS arrays, the same as toArray. PyTorch: `torch.Tensor.tolist`. */
  tolist(): NestedArray {
    return this.toArray();
  }

  /**
   * A flat copy of the values in a typed array of the tensor's dtype (Uint8Array for bool).
   * PyTorch: `torch.Tensor.numpy().flatten()`.
   */
  toTypedArray(): TypedArray {
    return copyOf(this);
  }

  /** A printout of the values in torch's layout, e.g. `tensor([1., 2.])`. PyTorch: `repr(tensor)`. */
  toString(): string {
    return formatTensor(this);
  }

  // ---- conversion -------------------------------------------------------------------------

  /**
   * This tensor converted to `dtype` (itself if it has it already); differentiable between floats.
   * PyTorch: `torch.Tensor.to(dtype)`.
   */
  to(dtype: DType): Tensor {
    return cast(this, dtype);
  }
  /** Converted to float32. PyTorch: `torch.Tensor.float`. */
  float(): Tensor {
    return cast(this, "float32");
  }
  /** Converted to float64. PyTorch: `torch.Tensor.double`. */
  double(): Tensor {
    return cast(this, "float64");
  }
  /** Converted to int32, truncating toward zero (torch's `int` is int32 too). PyTorch: `torch.Tensor.int`. */
  int(): Tensor {
    return cast(this, "int32");
  }
  /** Converted to bool: true where non-zero. PyTorch: `torch.Tensor.bool`. */
  bool(): Tensor {
    return cast(this, "bool");
  }

  // ---- elementwise ------------------------------------------------------------------------

  /** Elementwise −x; see {@link neg}. PyTorch: `torch.Tensor.neg`. */
  neg(): Tensor {
    return ew.neg(this);
  }
  /** Elementwise |x|; see {@link abs}. PyTorch: `torch.Tensor.abs`. */
  abs(): Tensor {
    return ew.abs(this);
  }
  /** Elementwise −1, 0 or 1; see {@link sign}. PyTorch: `torch.Tensor.sign`. */
  sign(): Tensor {
    return ew.sign(this);
  }
  /** Elementwise eˣ; see {@link exp}. PyTorch: `torch.Tensor.exp`. */
  exp(): Tensor {
    return ew.exp(this);
  }
  /** Elementwise natural log; see {@link log}. PyTorch: `torch.Tensor.log`. */
  log(): Tensor {
    return ew.log(this);
  }
  /** Elementwise ln(1 + x); see {@link log1p}. PyTorch: `torch.Tensor.log1p`. */
  log1p(): Tensor {
    return ew.log1p(this);
  }
  /** Elementwise √x; see {@link sqrt}. PyTorch: `torch.Tensor.sqrt`. */
  sqrt(): Tensor {
    return ew.sqrt(this);
  }
  /** Elementwise 1/√x; see {@link rsqrt}. PyTorch: `torch.Tensor.rsqrt`. */
  rsqrt(): Tensor {
    return ew.rsqrt(this);
  }
  /** Elementwise sine; see {@link sin}. PyTorch: `torch.Tensor.sin`. */
  sin(): Tensor {
    return ew.sin(this);
  }
  /** Elementwise cosine; see {@link cos}. PyTorch: `torch.Tensor.cos`. */
  cos(): Tensor {
    return ew.cos(this);
  }
  /** Elementwise hyperbolic tangent; see {@link tanh}. PyTorch: `torch.Tensor.tanh`. */
  tanh(): Tensor {
    return ew.tanh(this);
  }
  /** Elementwise arctangent; see {@link atan}. PyTorch: `torch.Tensor.atan`. */
  atan(): Tensor {
    return ew.atan(this);
  }
  /** atan2(this, other): the angle of the point (other, this); see {@link atan2}. PyTorch: `torch.Tensor.atan2`. */
  atan2(other: TensorLike): Tensor {
    return ew.atan2(this, other);
  }
  /** Elementwise 1/(1 + e⁻ˣ); see {@link sigmoid}. PyTorch: `torch.Tensor.sigmoid`. */
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  }
  /** Elementwise max(x, 0); see {@link relu}. PyTorch: `torch.Tensor.relu`. */
  relu(): Tensor {
    return ew.relu(this);
  }
  /** Elementwise x²; see {@link square}. PyTorch: `torch.Tensor.square`. */
  square(): Tensor {
    return ew.square(this);
  }
  /** Elementwise error function; see {@link erf}. PyTorch: `torch.Tensor.erf`. */
  erf(): Tensor {
    return ew.erf(this);
  }
  /** Elementwise 1/x; see {@link reciprocal}. PyTorch: `torch.Tensor.reciprocal`. */
  reciprocal(): Tensor {
    return ew.reciprocal(this);
  }
  /**
   * x, or negativeSlope·x (default 0.01) where x ≤ 0; see {@link leakyRelu}.
   * PyTorch: `torch.nn.functional.leaky_relu`.
   */
  leakyRelu(negativeSlope?: number): Tensor {
    return ew.leakyRelu(this, negativeSlope);
  }
  /** x, or α(eˣ − 1) where x ≤ 0; see {@link elu}. PyTorch: `torch.nn.functional.elu`. */
  elu(alpha?: number): Tensor {
    return ew.elu(this, alpha);
  }
  /** x·Φ(x), exact or tanh-approximated; see {@link gelu}. PyTorch: `torch.nn.functional.gelu`. */
  gelu(options?: { approximate?: "none" | "tanh" }): Tensor {
    return ew.gelu(this, options);
  }
  /** ln(1 + e^(βx))/β; see {@link softplus}. PyTorch: `torch.nn.functional.softplus`. */
  softplus(options?: { beta?: number; threshold?: number }): Tensor {
    return ew.softplus(this, options);
  }
  /** Limited to [min, max] (either may be null); see {@link clamp}. PyTorch: `torch.Tensor.clamp`. */
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
    return ew.clamp(this, min, max);
  }
  /** this + alpha·other, broadcast; see {@link add}. PyTorch: `torch.Tensor.add`. */
  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.add(this, other, options);
  }
  /** this − alpha·other, broadcast; see {@link sub}. PyTorch: `torch.Tensor.sub`. */
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.sub(this, other, options);
  }
  /** this·other elementwise, broadcast; see {@link mul}. PyTorch: `torch.Tensor.mul`. */
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  /** this/other elementwise (true division), broadcast; see {@link div}. PyTorch: `torch.Tensor.div`. */
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  /** this to the power `exponent`, broadcast; see {@link pow}. PyTorch: `torch.Tensor.pow`. */
  pow(exponent: TensorLike): Tensor {
    return ew.pow(this, exponent);
  }
  /** The elementwise larger of this and other; see {@link maximum}. PyTorch: `torch.Tensor.maximum`. */
  maximum(other: TensorLike): Tensor {
    return ew.maximum(this, other);
  }
  /** The elementwise smaller of this and other; see {@link minimum}. PyTorch: `torch.Tensor.minimum`. */
  minimum(other: TensorLike): Tensor {
    return ew.minimum(this, other);
  }
  /** this where cond, else other, all broadcast; see {@link where}. PyTorch: `torch.Tensor.where`. */
  where(cond: Tensor, other: TensorLike): Tensor {
    return ew.where(cond, this, other);
  }
  /** this = other elementwise, broadcast: a bool tensor. PyTorch: `torch.Tensor.eq`. */
  eq(other: TensorLike): Tensor {
    return cmp.eq(this, other);
  }
  /** this ≠ other elementwise, broadcast: a bool tensor. PyTorch: `torch.Tensor.ne`. */
  ne(other: TensorLike): Tensor {
    return cmp.ne(this, other);
  }
  /** this < other elementwise, broadcast: a bool tensor. PyTorch: `torch.Tensor.lt`. */
  lt(other: TensorLike): Tensor {
    return cmp.lt(this, other);
  }
  /** this ≤ other elementwise, broadcast: a bool tensor. PyTorch: `torch.Tensor.le`. */
  le(other: TensorLike): Tensor {
    return cmp.le(this, other);
  }
  /** this > other elementwise, broadcast: a bool tensor. PyTorch: `torch.Tensor.gt`. */
  gt(other: TensorLike): Tensor {
    return cmp.gt(this, other);
  }
  /** this ≥ other elementwise, broadcast: a bool tensor. PyTorch: `torch.Tensor.ge`. */
  ge(other: TensorLike): Tensor {
    return cmp.ge(this, other);
  }
  /** Elementwise logical AND, broadcast: a bool tensor. PyTorch: `torch.Tensor.logical_and` (`&`). */
  and(other: TensorLike): Tensor {
    return cmp.logicalAnd(this, other);
  }
  /** Elementwise logical OR, broadcast: a bool tensor. PyTorch: `torch.Tensor.logical_or` (`|`). */
  or(other: TensorLike): Tensor {
    return cmp.logicalOr(this, other);
  }
  /** Elementwise logical NOT: a bool tensor; see {@link logicalNot}. PyTorch: `torch.Tensor.logical_not`. */
  not(): Tensor {
    return cmp.logicalNot(this);
  }

  // ---- reductions -------------------------------------------------------------------------

  /**
   * Sum over `dim` (all if omitted), positionally or as `{ dim, keepdim }`; see {@link sum}.
   * PyTorch: `torch.Tensor.sum`.
   *
   * @example
   * ```ts
   * const x = tensor([[1, 2], [3, 4]]);
   * x.sum(); // 10
   * x.sum(0); // [4, 6]
   * x.sum({ dim: 1, keepdim: true }); // [[3], [7]]
   * ```
   */
  sum(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.sum(this, ...dimArgs("sum", dim, keepdim));
  }
  /** Mean over `dim` (all if omitted), float tensors only; see {@link mean}. PyTorch: `torch.Tensor.mean`. */
  mean(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.mean(this, ...dimArgs("mean", dim, keepdim));
  }
  /** Product over one dim, or of all elements; see {@link prod}. PyTorch: `torch.Tensor.prod`. */
  prod(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor {
    return red.prod(this, ...dimArgs("prod", dim, keepdim));
  }
  /** The largest element (the gradient shared among ties). PyTorch: `torch.Tensor.max()`. */
  max(): Tensor;
  /** The largest values along `dim` and their int32 indices; see {@link max}. PyTorch: `torch.Tensor.max(dim)`. */
  max(dim: number | (DimOptions<number> & { dim: number }), keepdim?: boolean): red.ValuesIndices;
  max(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor | red.ValuesIndices {
    const [d, k] = dimArgs("max", dim, keepdim);
    return d === undefined ? red.max(this) : red.max(this, d, k);
  }
  /** The smallest element (the gradient shared among ties). PyTorch: `torch.Tensor.min()`. */
  min(): Tensor;
  /** The smallest values along `dim` and their int32 indices; see {@link min}. PyTorch: `torch.Tensor.min(dim)`. */
  min(dim: number | (DimOptions<number> & { dim: number }), keepdim?: boolean): red.ValuesIndices;
  min(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor | red.ValuesIndices {
    const [d, k] = dimArgs("min", dim, keepdim);
    return d === undefined ? red.min(this) : red.min(this, d, k);
  }
  /** The largest value over `dim` (all if omitted); see {@link amax}. PyTorch: `torch.Tensor.amax`. */
  amax(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.amax(this, ...dimArgs("amax", dim, keepdim));
  }
  /** The smallest value over `dim` (all if omitted); see {@link amin}. PyTorch: `torch.Tensor.amin`. */
  amin(dim?: Dims | DimOptions, keepdim?: boolean): Tensor {
    return red.amin(this, ...dimArgs("amin", dim, keepdim));
  }
  /** int32 index of the largest value along `dim`, or in the flattened tensor. PyTorch: `torch.Tensor.argmax`. */
  argmax(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor {
    return red.argmax(this, ...dimArgs("argmax", dim, keepdim));
  }
  /** int32 index of the smallest value along `dim`, or in the flattened tensor. PyTorch: `torch.Tensor.argmin`. */
  argmin(dim?: number | DimOptions<number>, keepdim?: boolean): Tensor {
    return red.argmin(this, ...dimArgs("argmin", dim, keepdim));
  }
  /** Variance over `dim` with Bessel's correction by default; see {@link variance}. PyTorch: `torch.Tensor.var`. */
  var(dim?: number | readonly number[], options?: red.VarianceOptions): Tensor {
    return red.variance(this, dim, options);
  }
  /** Standard deviation over `dim`; see {@link std}. PyTorch: `torch.Tensor.std`. */
  std(dim?: number | readonly number[], options?: red.VarianceOptions): Tensor {
    return red.std(this, dim, options);
  }
  /** log Σ exp over `dim`, without overflow; see {@link logsumexp}. PyTorch: `torch.Tensor.logsumexp`. */
  logsumexp(dim: Dims | (DimOptions & { dim: Dims }), keepdim?: boolean): Tensor {
    const [d, k] = dimArgs("logsumexp", dim, keepdim);
    return red.logsumexp(this, d!, k);
  }
  /** Vector p-norm over `dim` (default p = 2, all elements); see {@link norm}. PyTorch: `torch.Tensor.norm`. */
  norm(p?: number | "fro" | "inf", dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return red.norm(this, p, dim, keepdim);
  }
  /** Softmax along `dim`; see {@link softmax}. PyTorch: `torch.Tensor.softmax`. */
  softmax(dim: number | { dim: number }): Tensor {
    return red.softmax(this, typeof dim === "number" ? dim : dim.dim);
  }
  /** log softmax along `dim`; see {@link logSoftmax}. PyTorch: `torch.Tensor.log_softmax`. */
  logSoftmax(dim: number | { dim: number }): Tensor {
    return red.logSoftmax(this, typeof dim === "number" ? dim : dim.dim);
  }

  // ---- matmul and movement ----------------------------------------------------------------

  /** Matrix product with batch broadcasting; see {@link matmul}. PyTorch: `torch.Tensor.matmul` (`@`). */
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
  /**
   * The same values in a new shape, as one array or separate sizes (`reshape(2, -1)`); one size may be
   * −1. Shares storage. PyTorch: `torch.Tensor.reshape`.
   */
  reshape(...shape: SizesArgs): Tensor {
    return mv.reshape(this, sizesArg("reshape", shape));
  }
  /**
   * The same as reshape: storage is always contiguous here, so every view is possible.
   * PyTorch: `torch.Tensor.view`.
   */
  view(...shape: SizesArgs): Tensor {
    return mv.reshape(this, sizesArg("view", shape));
  }
  /** Dims startDim..endDim merged into one (default: all); see {@link flatten}. PyTorch: `torch.Tensor.flatten`. */
  flatten(startDim?: number, endDim?: number): Tensor {
    return mv.flatten(this, startDim, endDim);
  }
  /** dim0 and dim1 swapped; see {@link transpose}. PyTorch: `torch.Tensor.transpose`. */
  transpose(dim0: number, dim1: number): Tensor {
    return mv.transpose(this, dim0, dim1);
  }
  /** The dims reordered, as one array or separate dims (`permute(1, 0)`). PyTorch: `torch.Tensor.permute`. */
  permute(...dims: SizesArgs): Tensor {
    return mv.permute(this, sizesArg("permute", dims));
  }
  /** The last two dims swapped (needs ≥ 2 dims). PyTorch: `torch.Tensor.mT`. */
  get mT(): Tensor {
    if (this.shape.length < 2) {
      throw new ArgumentError(
        `mT: the tensor needs at least 2 dimensions, got shape ${formatShape(this.shape)}`,
      );
    }
    return mv.transpose(this, -2, -1);
  }
  /**
   * The transpose of a matrix; a 0-d or 1-D tensor is returned as is. Refuses more than 2 dims (use mT
   * or permute), where torch's deprecated `T` reverses all dims. PyTorch: `torch.Tensor.T`.
   */
  get T(): Tensor {
    if (this.shape.length > 2) {
      throw new ArgumentError(`T: use mT or permute for ${this.shape.length}-D tensors`);
    }
    return this.shape.length < 2 ? this : mv.transpose(this, 0, 1);
  }
  /** Size-1 dims removed (all, or the ones given); see {@link squeeze}. PyTorch: `torch.Tensor.squeeze`. */
  squeeze(dim?: number | readonly number[]): Tensor {
    return mv.squeeze(this, dim);
  }
  /** A size-1 dim inserted at `dim`; see {@link unsqueeze}. PyTorch: `torch.Tensor.unsqueeze`. */
  unsqueeze(dim: number): Tensor {
    return mv.unsqueeze(this, dim);
  }
  /**
   * Broadcast to a larger shape (one array or separate sizes; −1 keeps a size); a copy, not a view.
   * PyTorch: `torch.Tensor.expand`.
   */
  expand(...shape: SizesArgs): Tensor {
    return mv.expand(this, sizesArg("expand", shape));
  }
  /** Tiled `repeats[i]` times along each dim; see {@link repeat}. PyTorch: `torch.Tensor.repeat`. */
  repeat(...repeats: SizesArgs): Tensor {
    return repeatTensor(this, sizesArg("repeat", repeats));
  }
  /** Broadcast to other's shape. PyTorch: `torch.Tensor.expand_as`. */
  expandAs(other: Tensor): Tensor {
    return mv.expand(this, other.shape);
  }
  /** Pieces along `dim` of one size or of the listed sizes; see {@link split}. PyTorch: `torch.Tensor.split`. */
  split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[] {
    return mv.split(this, splitSizeOrSections, dim);
  }
  /** `length` elements from `start` along `dim`; see {@link narrow}. PyTorch: `torch.Tensor.narrow`. */
  narrow(dim: number, start: number, length: number): Tensor {
    return mv.narrow(this, dim, start, length);
  }
  /** `x[start:end:step]` along `dim`, as Python slices; see {@link slice}. PyTorch: indexing with a slice. */
  slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor {
    return mv.slice(this, dim, start, end, step);
  }
  /** The slices at the positions of a 1-D int32 index along `dim`. PyTorch: `torch.Tensor.index_select`. */
  indexSelect(dim: number, index: Tensor): Tensor {
    return idx.indexSelect(this, dim, index);
  }
  /** Values picked along `dim` by an int32 index; see {@link gather}. PyTorch: `torch.Tensor.gather`. */
  gather(dim: number, index: Tensor): Tensor {
    return idx.gather(this, dim, index);
  }
  /**
   * A copy with src added at the index's positions along `dim`; see {@link scatterAdd}.
   * PyTorch: `torch.Tensor.scatter_add`.
   */
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
    bumpVersion(this._storage, op);
  }

  private assign(op: string, value: Tensor): this {
    this.checkInPlace(op);
    if (value.shape.length > this.shape.length || value.numel() > this.numel()) {
      throw new ArgumentError(
        `${op}: the result of shape ${formatShape(value.shape)} does not fit in place into ${formatShape(this.shape)}`,
      );
    }
    const full = value.numel() === this.numel() ? value : value.expand(this.shape);
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
        (!sameStorage(b, this) || shapesEqual(b.shape, this.shape))
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
    this.checkCast(name, value.dtype);
    return this.assign(name, value);
  }

  /** torch's rule for in-place results: never stored into a lower dtype category. */
  private checkCast(op: string, result: DType): void {
    if (!canCast(result, this.dtype)) {
      throw new DTypeError(
        `${op}: the result is ${result} and can't be cast to this tensor's ${this.dtype} ` +
          `(it would be truncated); use the out-of-place op, or convert first with .to("${result}")`,
      );
    }
  }

  /**
   * this += alpha·other, in place (a result of a higher dtype category than this one, e.g. float into int32, is refused as torch does). Refused on a tensor
   * that requires grad while gradients are recorded: optimizers do it inside {@link noGrad}.
   * PyTorch: `torch.Tensor.add_`.
   */
  add_(other: TensorLike, options?: { alpha?: number }): this {
    return this.binaryInPlace("add_", "add", other, options?.alpha ?? 1);
  }
  /** this −= alpha·other, in place. PyTorch: `torch.Tensor.sub_`. */
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return this.binaryInPlace("sub_", "sub", other, options?.alpha ?? 1);
  }
  /** this ·= other, in place. PyTorch: `torch.Tensor.mul_`. */
  mul_(other: TensorLike): this {
    return this.binaryInPlace("mul_", "mul", other, 1);
  }
  /** this /= other (true division), in place. PyTorch: `torch.Tensor.div_`. */
  div_(other: TensorLike): this {
    return this.binaryInPlace("div_", "div", other, 1);
  }
  /** Limits this to [min, max], in place. PyTorch: `torch.Tensor.clamp_`. */
  clamp_(min?: number | null, max?: number | null): this {
    const value = ew.clamp(this.detach(), min, max);
    this.checkCast("clamp_", value.dtype);
    return this.assign("clamp_", value);
  }
  /** Copies src's values (broadcast to this shape, converted to this dtype) into this tensor. PyTorch: `torch.Tensor.copy_`. */
  copy_(src: TensorLike): this {
    return this.assign("copy_", toTensor(detachLike(src), resultType(src)));
  }
  /** Sets every element to `value`, in place. PyTorch: `torch.Tensor.fill_`. */
  fill_(value: number): this {
    this.checkInPlace("fill_");
    fillInPlace(this, value);
    return this;
  }
  /** Sets every element to 0, in place. PyTorch: `torch.Tensor.zero_`. */
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
