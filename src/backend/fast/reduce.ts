/**
 * Fast reductions. Reduced dims are brought into one contiguous block (pre × red × post), with a
 * transposing copy only when they are not adjacent, and accumulated in float64.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import { sizeOf, stridesOf, type Shape } from "../../tensor/shape.js";
import type { ReduceOp } from "../backend.js";
import { referenceBackend } from "../reference.js";

interface Blocks {
  x: TypedArray;
  pre: number;
  red: number;
  post: number;
}

/** Splits x into pre × red × post around the reduced dims, moving them together if needed. */
function blocks(x: TypedArray, shape: Shape, dims: readonly number[]): Blocks {
  const kept = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  const reduced = dims.filter((d) => shape[d] !== 1);
  if (reduced.length === 0) return { x, pre: x.length, red: 1, post: 1 };
  const first = kept.indexOf(reduced[0]!);
  const contiguous = reduced.every((d, i) => kept[first + i] === d);
  if (contiguous) {
    const pre = sizeOf(shape.slice(0, reduced[0]));
    const red = sizeOf(reduced.map((d) => shape[d]!));
    return { x, pre, red, post: x.length / (pre * red) };
  }
  // Move the reduced dims last with one copy; then it is a suffix reduction.
  const rest = kept.filter((d) => !reduced.includes(d));
  const order = [...rest, ...reduced];
  const strides = stridesOf(shape);
  const copy =
    x.constructor === Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  referenceFreeCopy(
    x,
    order.map((d) => strides[d]!),
    order.map((d) => shape[d]!),
    copy,
  );
  const red = sizeOf(reduced.map((d) => shape[d]!));
  return { x: copy, pre: x.length / red, red, post: 1 };
}

/** A row-wise strided gather (the same job as stridedCopy, inner loop kept tight). */
export function referenceFreeCopy(
  x: TypedArray,
  strides: readonly number[],
  shape: readonly number[],
  out: TypedArray,
  offset = 0,
): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[offset]!;
    return;
  }
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  const coords = new Int32Array(rank);
  const rows = out.length / Math.max(inner, 1);
  let base = offset;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    for (let i = 0, xi = base; i < inner; i++, xi += innerStride) out[o++] = x[xi]!;
    for (let d = rank - 2; d >= 0; d--) {
      coords[d]!++;
      base += strides[d]!;
      if (coords[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      coords[d] = 0;
    }
  }
}

export function reduce(
  op: ReduceOp,
  x: TypedArray,
  shape: Shape,
  dims: readonly number[],
  out: TypedArray,
): void {
  if (x.length === 0) return referenceBackend.reduce(op, x, shape, dims, out);
  const { x: data, pre, red, post } = blocks(x, shape, dims);
  if (post === 1) {
    for (let p = 0; p < pre; p++) out[p] = reduceRow(op, data, p * red, red);
    return;
  }
  const acc = new Float64Array(post);
  for (let p = 0; p < pre; p++) {
    const base = p * red * post;
    acc.set(data.subarray(base, base + post));
    for (let r = 1; r < red; r++) {
      const row = base + r * post;
      switch (op) {
        case "sum":
          for (let q = 0; q < post; q++) acc[q]! += data[row + q]!;
          break;
        case "prod":
          for (let q = 0; q < post; q++) acc[q]! *= data[row + q]!;
          break;
        case "max":
          for (let q = 0; q < post; q++) {
            const v = data[row + q]!;
            if (v > acc[q]! || v !== v) acc[q] = v;
          }
          break;
        case "min":
          for (let q = 0; q < post; q++) {
            const v = data[row + q]!;
            if (v < acc[q]! || v !== v) acc[q] = v;
          }
          break;
        default:
          op satisfies never;
      }
    }
    for (let q = 0; q < post; q++) out[p * post + q] = acc[q]!;
  }
}

function reduceRow(op: ReduceOp, x: TypedArray, start: number, n: number): number {
  const end = start + n;
  switch (op) {
    case "sum": {
      let acc = 0;
      for (let i = start; i < end; i++) acc += x[i]!;
      return acc;
    }
    case "prod": {
      let acc = 1;
      for (let i = start; i < end; i++) acc *= x[i]!;
      return acc;
    }
    case "max": {
      let acc = -Infinity;
      for (let i = start; i < end; i++) {
        const v = x[i]!;
        if (v !== v) return NaN;
        if (v > acc) acc = v;
      }
      return acc;
    }
    case "min": {
      let acc = Infinity;
      for (let i = start; i < end; i++) {
        const v = x[i]!;
        if (v !== v) return NaN;
        if (v < acc) acc = v;
      }
      return acc;
    }
    default:
      return op satisfies never;
  }
}

export function argReduce(
  op: "max" | "min",
  x: TypedArray,
  shape: Shape,
  dim: number,
  values: TypedArray,
  indices: Int32Array,
): void {
  const red = shape[dim]!;
  const pre = sizeOf(shape.slice(0, dim));
  const post = sizeOf(shape.slice(dim + 1));
  const isMax = op === "max";
  for (let p = 0; p < pre; p++) {
    for (let q = 0; q < post; q++) {
      const base = p * red * post + q;
      let best = x[base]!;
      let bestIndex = 0;
      if (best === best) {
        for (let r = 1; r < red; r++) {
          const v = x[base + r * post]!;
          if (v !== v) {
            best = v;
            bestIndex = r;
            break;
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bestIndex = r;
          }
        }
      }
      values[p * post + q] = best;
      indices[p * post + q] = bestIndex;
    }
  }
}
