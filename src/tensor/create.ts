/** Creating tensors: from JS data, filled, ranges, identity, and seeded random draws. */
import { ArgumentError } from "../errors.js";
import { allocate, fullKernel } from "../autograd/kernels.js";
import { checkDType, isFloating, type DType, type TypedArray } from "./dtype.js";
import { allocating, checkIntegerValue, checkIntegerValues } from "./limits.js";
import { checkShape, sizeOf } from "./shape.js";
import { defaultGenerator, type Generator } from "./random.js";
import { flattenNested, type NestedInput } from "./nested.js";
import { Tensor } from "./tensor.js";

/** The keywords every creation function takes, as torch's. */
export interface TensorOptions {
  /** The element type (default float32 for numbers, bool for booleans). */
  dtype?: DType;
  /** Record ops on the new tensor for backward (float dtypes only). */
  requiresGrad?: boolean;
}

/** The keywords of the random creation functions. */
export interface RandomOptions extends TensorOptions {
  /** The generator to draw from (default: {@link defaultGenerator}, seeded by manualSeed). */
  generator?: Generator;
}

function finish(t: Tensor, options: TensorOptions | undefined): Tensor {
  return options?.requiresGrad ? t.requiresGrad_() : t;
}

function dtypeOption(options: TensorOptions | undefined, fallback: DType): DType {
  return options?.dtype === undefined ? fallback : checkDType(options.dtype);
}

/**
 * A tensor from a number, a boolean, nested arrays or a typed array (copied). Numbers give
 * float32 unless `dtype` says otherwise (JS has no separate integers); Float64Array gives float64,
 * Int32Array int32; booleans give bool. A typed array is 1-D unless `shape` is given.
 * Values for int32 are truncated toward zero; NaN, ±Infinity and values outside int32's range
 * throw, as in torch.
 *
 * PyTorch: `torch.tensor` (dtype and shape of a typed array as above; torch would infer int64 from
 * integers).
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]); // float32, shape [2, 2]
 * tensor([1, 2, 3], { dtype: "int32" });
 * tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] }); // float64
 * const w = tensor([0.5, -0.5], { requiresGrad: true }); // a leaf that collects .grad
 * ```
 */
export function tensor(
  data: NestedInput | TypedArray | ArrayLike<number>,
  options?: TensorOptions & { shape?: readonly number[] },
): Tensor {
  if (ArrayBuffer.isView(data)) {
    const source = data as unknown as ArrayLike<number>;
    const natural: DType =
      data instanceof Float64Array ? "float64" : data instanceof Int32Array ? "int32" : "float32";
    const dtype = dtypeOption(options, natural);
    checkIntegerValues("tensor", source, dtype);
    const out = allocate(dtype, source.length);
    if (dtype === "bool") for (let i = 0; i < source.length; i++) out[i] = source[i] ? 1 : 0;
    else out.set(source);
    const shape = options?.shape ? checkShape(options.shape, "tensor") : [source.length];
    if (sizeOf(shape) !== source.length) {
      throw new ArgumentError(
        `tensor: ${source.length} values do not fill shape [${shape.join(", ")}]`,
      );
    }
    return finish(new Tensor(out, shape), options);
  }
  const { shape, values } = flattenNested(data as NestedInput);
  const allBool = values.length > 0 && values.every((v) => typeof v === "boolean");
  const dtype = dtypeOption(options, allBool ? "bool" : "float32");
  checkIntegerValues("tensor", values, dtype);
  const out = allocate(dtype, values.length);
  values.forEach((v, i) => (out[i] = dtype === "bool" ? (v ? 1 : 0) : Number(v)));
  const t = new Tensor(out, shape);
  return finish(options?.shape ? t.reshape(options.shape) : t, options);
}

/** A tensor of `shape` filled with `value` (bool for a boolean). PyTorch: `torch.full`. */
export function full(
  shape: readonly number[],
  value: number | boolean,
  options?: TensorOptions,
): Tensor {
  return filled("full", shape, value, options);
}

/** full, with the op name its errors give. */
function filled(
  op: string,
  shape: readonly number[],
  value: number | boolean,
  options: TensorOptions | undefined,
): Tensor {
  const checked = checkShape(shape, op);
  const dtype = dtypeOption(options, typeof value === "boolean" ? "bool" : "float32");
  checkIntegerValue(op, Number(value), dtype);
  return finish(
    allocating(op, checked, dtype, () => fullKernel(checked, Number(value), dtype)),
    options,
  );
}

/** A tensor of `shape` filled with zeros (float32 by default). PyTorch: `torch.zeros`. */
export const zeros = (shape: readonly number[], options?: TensorOptions): Tensor =>
  filled("zeros", shape, 0, options);
/** A tensor of `shape` filled with ones (float32 by default). PyTorch: `torch.ones`. */
export const ones = (shape: readonly number[], options?: TensorOptions): Tensor =>
  filled("ones", shape, 1, options);

const like = (t: Tensor, options?: TensorOptions): TensorOptions => ({
  dtype: t.dtype,
  ...options,
});
/** Zeros of t's shape and dtype (unless options say otherwise). PyTorch: `torch.zeros_like`. */
export const zerosLike = (t: Tensor, options?: TensorOptions): Tensor =>
  zeros(t.shape, like(t, options));
/** Ones of t's shape and dtype (unless options say otherwise). PyTorch: `torch.ones_like`. */
export const onesLike = (t: Tensor, options?: TensorOptions): Tensor =>
  ones(t.shape, like(t, options));
/** `value` in t's shape and dtype (unless options say otherwise). PyTorch: `torch.full_like`. */
export const fullLike = (t: Tensor, value: number, options?: TensorOptions): Tensor =>
  full(t.shape, value, like(t, options));
/** U[0, 1) draws of t's shape and (float) dtype. PyTorch: `torch.rand_like`. */
export const randLike = (t: Tensor, options?: RandomOptions): Tensor =>
  rand(t.shape, like(t, options));
/** N(0, 1) draws of t's shape and (float) dtype. PyTorch: `torch.randn_like`. */
export const randnLike = (t: Tensor, options?: RandomOptions): Tensor =>
  randn(t.shape, like(t, options));

/** 0, 1, … up to, not including, end (float32 unless a dtype is given). PyTorch: `torch.arange`. */
export function arange(end: number, options?: TensorOptions): Tensor;
/** start, start + step, … up to, not including, end. PyTorch: `torch.arange`. */
export function arange(start: number, end: number, step?: number, options?: TensorOptions): Tensor;
export function arange(
  a: number,
  b?: number | TensorOptions,
  c?: number,
  d?: TensorOptions,
): Tensor {
  const [start, end, step, options] = typeof b === "number" ? [a, b, c ?? 1, d] : [0, a, 1, b];
  if (step === 0 || !Number.isFinite(step))
    throw new ArgumentError(`arange: step must be a non-zero finite number, got ${step}`);
  const count = Math.max(0, Math.ceil((end - start) / step));
  const dtype = dtypeOption(options, "float32");
  if (count > 0) {
    checkIntegerValue("arange", start, dtype);
    checkIntegerValue("arange", start + (count - 1) * step, dtype);
  }
  const out = allocating("arange", [count], dtype, () => allocate(dtype, count));
  for (let i = 0; i < count; i++) out[i] = start + i * step;
  return finish(new Tensor(out, [count]), options);
}

/** `steps` evenly spaced values from start to end inclusive, as torch rounds them. PyTorch: `torch.linspace`. */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options?: TensorOptions,
): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new ArgumentError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = dtypeOption(options, "float32");
  checkIntegerValues("linspace", [start, end], dtype);
  const out = allocating("linspace", [steps], dtype, () => allocate(dtype, steps));
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // torch fills the second half from the end so that the last value is exactly `end`
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++)
    out[i] = i < half || steps === 1 ? start + step * i : end - step * (steps - 1 - i);
  return finish(new Tensor(out, [steps]), options);
}

/** The n×m identity matrix (m defaults to n). PyTorch: `torch.eye`. */
export function eye(n: number, m: number = n, options?: TensorOptions): Tensor {
  const shape = checkShape([n, m], "eye");
  const dtype = dtypeOption(options, "float32");
  const out = allocating("eye", shape, dtype, () => allocate(dtype, n * m));
  for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  return finish(new Tensor(out, shape), options);
}

function randomFloat(
  op: string,
  shape: readonly number[],
  options: RandomOptions | undefined,
): Float32Array | Float64Array {
  const dtype = dtypeOption(options, "float32");
  if (!isFloating(dtype))
    throw new ArgumentError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const checked = checkShape(shape, op);
  return allocating(op, checked, dtype, () => allocate(dtype, sizeOf(checked))) as
    Float32Array | Float64Array;
}

/**
 * Uniform samples in [0, 1) of `shape`, from the default generator or `options.generator`; equal
 * to torch's after the same seed. PyTorch: `torch.rand`.
 */
export function rand(shape: readonly number[], options?: RandomOptions): Tensor {
  const out = randomFloat("rand", shape, options);
  (options?.generator ?? defaultGenerator).fillUniform(out);
  return finish(new Tensor(out, shape.slice()), options);
}

/**
 * Standard normal samples of `shape`, from the default generator or `options.generator`; equal to
 * torch's after the same seed. PyTorch: `torch.randn`.
 */
export function randn(shape: readonly number[], options?: RandomOptions): Tensor {
  const out = randomFloat("randn", shape, options);
  (options?.generator ?? defaultGenerator).fillNormal(out);
  return finish(new Tensor(out, shape.slice()), options);
}

/** Uniform integers in [low, high) of `shape` (int32 unless a dtype is given). PyTorch: `torch.randint`. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options?: RandomOptions,
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError(`randint: expected integers low < high, got low=${low}, high=${high}`);
  }
  const checked = checkShape(shape, "randint");
  const generator = options?.generator ?? defaultGenerator;
  const dtype = dtypeOption(options, "int32");
  checkIntegerValues("randint", [low, high - 1], dtype);
  const out = allocating("randint", checked, dtype, () => allocate(dtype, sizeOf(checked)));
  for (let i = 0; i < out.length; i++) out[i] = generator.nextInt(low, high);
  return finish(new Tensor(out, checked), options);
}

/** A random permutation of 0..n−1 (int32; torch's int64). PyTorch: `torch.randperm`. */
export function randperm(n: number, options?: RandomOptions): Tensor {
  if (!Number.isInteger(n) || n < 0)
    throw new ArgumentError(`randperm: n must be a non-negative integer, got ${n}`);
  const perm = (options?.generator ?? defaultGenerator).permutation(n);
  const dtype = dtypeOption(options, "int32");
  const out = dtype === "int32" ? perm : allocate(dtype, n);
  if (out !== perm) out.set(perm);
  return finish(new Tensor(out, [n]), options);
}
