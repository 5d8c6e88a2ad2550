/** Shape arithmetic: sizes, strides, broadcasting and dim normalisation. */
import { ArgumentError, ShapeError, formatShape } from "../errors.js";

/** A tensor's size in each dim, outermost first; `[]` is a 0-d tensor. PyTorch: `torch.Size`. */
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major (C-contiguous) strides. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shape two shapes broadcast to (aligned from the right; each pair equal or one of them 1), or
 * a ShapeError naming `op`. PyTorch: `torch.broadcast_shapes`.
 */
export function broadcastShapes(a: Shape, b: Shape, op = "broadcast"): number[] {
  if (shapesEqual(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast: ` +
          `dimension ${i - n} is ${da} in one and ${db} in the other (each must be equal or 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** A dim in [-ndim, ndim) made non-negative; `ndim` 0 accepts -1 and 0 like torch. */
export function normalizeDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new ArgumentError(
      `${op}: dim ${dim} is out of range for a tensor of ${ndim} dimension${ndim === 1 ? "" : "s"} ` +
        `(expected an integer in [${-n}, ${n - 1}])`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalised, sorted, de-duplicated dims; `undefined` means all dims. */
export function normalizeDims(
  dims: number | readonly number[] | undefined,
  ndim: number,
  op: string,
): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  const out = list.map((d) => normalizeDim(d, ndim, op));
  const unique = [...new Set(out)].sort((x, y) => x - y);
  if (unique.length !== out.length) {
    throw new ArgumentError(`${op}: dim ${JSON.stringify(list)} names the same dimension twice`);
  }
  return ndim === 0 ? [] : unique;
}

/** Checks a user-given shape: non-negative integers. */
export function checkShape(shape: readonly number[], op: string): number[] {
  const dims: unknown = shape;
  if (!(dims instanceof Array)) {
    throw new ArgumentError(`${op}: shape must be an array of integers, got ${String(shape)}`);
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ArgumentError(
        `${op}: invalid shape ${formatShape(shape)}: every dimension must be a non-negative integer`,
      );
    }
  }
  return shape.slice();
}

/** The shape after reducing `dims` (sorted, normalised) with or without keepdim. */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}
