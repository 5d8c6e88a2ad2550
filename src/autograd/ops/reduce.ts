/** Reductions: sum, prod, amax/amin, logsumexp and norm as primitives; the rest composed. */
import { ArgumentError } from "../../errors.js";
import { floatingOf, isFloating, type DType } from "../../tensor/dtype.js";
import {
  normalizeDim,
  normalizeDims,
  reducedShape,
  sizeOf,
  type Shape,
} from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { apply, defineOp } from "../op.js";
import { argReduceKernel, reduceKernel } from "../kernels.js";
import { where } from "./elementwise.js";
import { gather } from "./indexing.js";

interface ReduceAttrs {
  dims: readonly number[];
  keepdim: boolean;
}

/** dOut reshaped so it broadcasts against the reduction's input (keepdim shape). */
function keep(dOut: Tensor, x: Tensor, { dims, keepdim }: ReduceAttrs): Tensor {
  return keepdim ? dOut : dOut.reshape(reducedShape(x.shape, dims, true));
}

/** torch.sum's dtype: bools and ints sum to int (int64 in torch, int32 here). */
function sumDType(dtype: DType): DType {
  return dtype === "bool" ? "int32" : dtype;
}

export const Sum = defineOp<ReduceAttrs>({
  name: "sum",
  forward: ([x], { dims, keepdim }) => reduceKernel("sum", x!, dims, keepdim, sumDType(x!.dtype)),
  // ∂/∂xᵢ Σx = 1: the gradient is spread back over the reduced dims
  backward: (dOut, [x], _out, attrs) => [keep(dOut, x!, attrs).expand(x!.shape)],
});

export const Prod = defineOp<ReduceAttrs>({
  name: "prod",
  forward: ([x], { dims, keepdim }) => reduceKernel("prod", x!, dims, keepdim, sumDType(x!.dtype)),
  // ∂/∂xᵢ Πx = Π_{j≠i} xⱼ; written so zeros work: one zero gets the product of the others
  backward: (dOut, [x], out, attrs) => {
    const keepAttrs = { ...attrs, keepdim: true };
    const isZero = x!.eq(0);
    const nonZeroProduct = apply(Prod, [where(isZero, 1, x!)], keepAttrs);
    const zeros = apply(Sum, [isZero.to(x!.dtype)], keepAttrs);
    const others = where(
      isZero,
      where(zeros.eq(1), nonZeroProduct, 0),
      keep(out, x!, attrs).div(x!),
    );
    return [keep(dOut, x!, attrs).mul(others)];
  },
});

function extremum(name: "amax" | "amin") {
  return defineOp<ReduceAttrs>({
    name,
    forward: ([x], { dims, keepdim }) =>
      reduceKernel(name === "amax" ? "max" : "min", x!, dims, keepdim, x!.dtype),
    // the extreme elements share the gradient evenly, as torch.amax/amin (and max() without dim)
    backward: (dOut, [x], out, attrs) => {
      const isExtreme = x!.eq(keep(out, x!, attrs)).to(dOut.dtype);
      const count = apply(Sum, [isExtreme], { dims: attrs.dims, keepdim: true });
      return [keep(dOut, x!, attrs).mul(isExtreme).div(count)];
    },
  });
}
export const Amax = extremum("amax");
export const Amin = extremum("amin");

// Own rule: log Σ eˣ is computed around the max, so logits in the thousands do not overflow.
export const LogSumExp = defineOp<ReduceAttrs>({
  name: "logsumexp",
  forward: ([x], { dims, keepdim }) => {
    const m = reduceKernel("max", x!, dims, true, x!.dtype);
    const shift = where(m.abs().eq(Infinity), 0, m);
    const s = x!.sub(shift).exp().sum(dims, true).log().add(shift);
    return keepdim ? s : s.reshape(reducedShape(x!.shape, dims, false));
  },
  // ∂/∂xᵢ log Σ eˣ = softmax(x)ᵢ
  backward: (dOut, [x], out, attrs) => [
    keep(dOut, x!, attrs).mul(x!.sub(keep(out, x!, attrs)).exp()),
  ],
});

// Own rule for p-norms with p ∉ {1, ∞}: the composed gradient is NaN at the all-zero vector.
export const Norm = defineOp<ReduceAttrs & { p: number }>({
  name: "norm",
  forward: ([x], { p, dims, keepdim }) =>
    p === 2
      ? x!.square().sum(dims, keepdim).sqrt()
      : x!
          .abs()
          .pow(p)
          .sum(dims, keepdim)
          .pow(1 / p),
  // ∂‖x‖ₚ/∂xᵢ = sign(xᵢ)|xᵢ|ᵖ⁻¹ / ‖x‖ₚᵖ⁻¹, and 0 where the norm is 0 (as torch)
  backward: (dOut, [x], out, attrs) => {
    const norm = keep(out, x!, attrs);
    const scale = where(
      norm.eq(0),
      0,
      keep(dOut, x!, attrs).div(attrs.p === 2 ? norm : norm.pow(attrs.p - 1)),
    );
    const direction = attrs.p === 2 ? x! : x!.sign().mul(x!.abs().pow(attrs.p - 1));
    return [direction.mul(scale)];
  },
});

// ---- public functions ---------------------------------------------------------------------

/** The dims a reduction runs over: one dim or several; negative dims count from the end. */
export type Dims = number | readonly number[];

function attrs(x: Tensor, dim: Dims | undefined, keepdim: boolean, op: string): ReduceAttrs {
  return { dims: normalizeDims(dim, x.shape.length, op), keepdim };
}

/**
 * Sum over `dim` (all dims if omitted), dropping the reduced dims unless `keepdim`. Bools and
 * ints sum to int32 (torch: int64). PyTorch: `torch.sum`.
 */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return apply(Sum, [x], attrs(x, dim, keepdim, "sum"));
}

/**
 * Mean over `dim` (all dims if omitted), dropping the reduced dims unless `keepdim`; float inputs
 * only, as torch. PyTorch: `torch.mean`.
 */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const a = attrs(x, dim, keepdim, "mean");
  if (!isFloating(x.dtype)) {
    throw new ArgumentError(
      `mean: the input must be float32 or float64, got ${x.dtype}; convert it with .float()`,
    );
  }
  const count = sizeOf(a.dims.map((d) => x.shape[d]!));
  return apply(Sum, [x], a).div(count);
}

/** Product over one dim, or of all elements if `dim` is omitted. PyTorch: `torch.prod`. */
export function prod(x: Tensor, dim?: number, keepdim = false): Tensor {
  return apply(Prod, [x], attrs(x, dim, keepdim, "prod"));
}

/**
 * The largest value over `dim` (all dims if omitted); the gradient is shared evenly among ties.
 * PyTorch: `torch.amax`.
 */
export function amax(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkNotEmpty(x, "amax");
  return apply(Amax, [x], attrs(x, dim, keepdim, "amax"));
}

/**
 * The smallest value over `dim` (all dims if omitted); the gradient is shared evenly among ties.
 * PyTorch: `torch.amin`.
 */
export function amin(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkNotEmpty(x, "amin");
  return apply(Amin, [x], attrs(x, dim, keepdim, "amin"));
}

/** What max(dim) and min(dim) return, as torch's named tuple. */
export interface ValuesIndices {
  /** The extreme values along the dim. */
  values: Tensor;
  /** Where they are: int32 positions along the dim (torch: int64). */
  indices: Tensor;
}

/** Values and int32 indices of the extreme along `dim`; the gradient goes to the index. */
function extremeAlong(x: Tensor, dim: number, keepdim: boolean, op: "max" | "min"): ValuesIndices {
  checkNotEmpty(x, op);
  const d = normalizeDim(dim, x.shape.length, op);
  const source = x.shape.length === 0 ? x.reshape([1]) : x;
  const index = argReduceKernel(op, source, d).indices;
  const picked = gather(source, d, index);
  const outShape = x.shape.length === 0 ? [] : reducedShape(x.shape, [d], keepdim);
  return { values: picked.reshape(outShape), indices: index.reshape(outShape) };
}

/**
 * max(x) is the largest element (gradient shared among ties); max(x, dim) gives `{ values,
 * indices }` along dim, the gradient going to the index. PyTorch: `torch.max`.
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? amax(x) : extremeAlong(x, dim, keepdim, "max");
}

/**
 * min(x) is the smallest element (gradient shared among ties); min(x, dim) gives `{ values,
 * indices }` along dim, the gradient going to the index. PyTorch: `torch.min`.
 */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? amin(x) : extremeAlong(x, dim, keepdim, "min");
}

/**
 * int32 index of the largest value along `dim`, or in the flattened tensor; the first one among
 * ties. PyTorch: `torch.argmax`.
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) return extremeAlong(x.reshape([-1]), 0, false, "max").indices;
  return extremeAlong(x, dim, keepdim, "max").indices;
}

/**
 * int32 index of the smallest value along `dim`, or in the flattened tensor; the first one among
 * ties. PyTorch: `torch.argmin`.
 */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) return extremeAlong(x.reshape([-1]), 0, false, "min").indices;
  return extremeAlong(x, dim, keepdim, "min").indices;
}

/** Options of variance and std, as torch's keywords. */
export interface VarianceOptions {
  /** Subtracted from the count in the denominator: 1 (default) is Bessel's correction. */
  correction?: number;
  /** Keep the reduced dims with size 1 (default false). */
  keepdim?: boolean;
}

/**
 * Variance over `dim` (all if omitted): Σ(x − mean)² / (N − correction), correction 1 by default.
 * PyTorch: `torch.var`.
 */
export function variance(x: Tensor, dim?: Dims, options: VarianceOptions = {}): Tensor {
  const { correction = 1, keepdim = false } = options;
  const a = attrs(x, dim, keepdim, "var");
  const count = sizeOf(a.dims.map((d) => x.shape[d]!));
  const centered = x.sub(x.mean(a.dims, true));
  return centered
    .square()
    .sum(a.dims, keepdim)
    .div(Math.max(count - correction, 0));
}

/** Standard deviation over `dim`: the square root of {@link variance}. PyTorch: `torch.std`. */
export function std(x: Tensor, dim?: Dims, options: VarianceOptions = {}): Tensor {
  return variance(x, dim, options).sqrt();
}

/**
 * log Σ exp(x) over `dim`, computed around the max so logits in the thousands do not overflow.
 * PyTorch: `torch.logsumexp`.
 */
export function logsumexp(x: Tensor, dim: Dims, keepdim = false): Tensor {
  const input = isFloating(x.dtype) ? x : x.to(floatingOf(x.dtype));
  return apply(LogSumExp, [input], attrs(input, dim, keepdim, "logsumexp"));
}

/**
 * Vector p-norm over `dim` (all elements if omitted): p = 2 ("fro"), 1, Infinity ("inf"), or any
 * p > 0. PyTorch: `torch.norm` (vector norms only; `torch.linalg.vector_norm`).
 */
export function norm(
  x: Tensor,
  p: number | "fro" | "inf" = 2,
  dim?: Dims,
  keepdim = false,
): Tensor {
  const order = p === "fro" ? 2 : p === "inf" ? Infinity : p;
  if (typeof order !== "number" || !(order > 0)) {
    throw new ArgumentError(`norm: p must be a positive number, "fro" or "inf", got ${String(p)}`);
  }
  const a = attrs(x, dim, keepdim, "norm");
  if (order === Infinity) return amax(x.abs(), a.dims, keepdim);
  if (order === 1) return x.abs().sum(a.dims, keepdim);
  return apply(Norm, [x], { ...a, p: order });
}

/**
 * Softmax along `dim`: e^(x − max) / Σ e^(x − max), stable for logits in the thousands.
 * PyTorch: `torch.softmax`.
 */
export function softmax(x: Tensor, dim: number): Tensor {
  const shifted = shiftByMax(x, dim);
  const e = shifted.exp();
  return e.div(e.sum(dim, true));
}

/**
 * log softmax along `dim`: (x − max) − log Σ e^(x − max). The max is subtracted first, exactly,
 * so float32 keeps its precision for logits in the thousands (as torch).
 * PyTorch: `torch.log_softmax`.
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const shifted = shiftByMax(x, dim);
  return shifted.sub(shifted.exp().sum(dim, true).log());
}

/** x − max(x) along dim, the max held constant (the results do not depend on it). */
function shiftByMax(x: Tensor, dim: number): Tensor {
  const input = isFloating(x.dtype) ? x : x.to("float32");
  const d = normalizeDim(dim, input.shape.length, "softmax");
  if (input.numel() === 0) return input;
  const m = reduceKernel("max", input, [d], true, input.dtype);
  return input.sub(where(m.abs().eq(Infinity), 0, m));
}

/**
 * Sums a broadcast gradient back to `shape` (the inverse of expand): leading dims are summed away,
 * dims of size 1 in `shape` summed with keepdim. PyTorch: `torch.Tensor.sum_to_size`.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < g.shape.length; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
  }
  if (dims.length === 0) return g.reshape(shape);
  return apply(Sum, [g], { dims, keepdim: true }).reshape(shape);
}

function checkNotEmpty(x: Tensor, op: string): void {
  if (x.numel() === 0) {
    throw new ArgumentError(
      `${op}: the input is empty (shape [${x.shape.join(", ")}]); there is no extreme to take`,
    );
  }
}
