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

/**
 * From this many elements a run is copied by subarray + set (indexSelect's threshold): a narrow
 * of 64 MNIST rows (one run of 50,176 float32) took 0.6 ms element by element, a few µs by set.
 */
const SET_MIN = 32;

/** A row-wise strided gather (the same job as stridedCopy, inner loop kept tight). */
export function referenceFreeCopy(
  x: TypedArray,
  stridesIn: readonly number[],
  shapeIn: readonly number[],
  out: TypedArray,
  offset = 0,
): void {
  // Size-1 dims are dropped and a dim is merged into the next when the strides allow, so that
  // the inner loop is as long as possible (e.g. a broadcast [200, 1] is one loop of 200).
  const shape: number[] = [];
  const strides: number[] = [];
  for (let d = 0; d < shapeIn.length; d++) {
    const size = shapeIn[d]!;
    if (size === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && strides[last] === stridesIn[d]! * size) {
      shape[last]! *= size;
      strides[last] = stridesIn[d]!;
    } else {
      shape.push(size);
      strides.push(stridesIn[d]!);
    }
  }
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[offset]!;
    return;
  }
  const inner = shape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  // contiguous runs (narrow, slices of rows) are copied by set, a memcpy
  const runs = innerStride === 1 && inner >= SET_MIN && x.constructor === out.constructor;
  const coords = new Int32Array(rank);
  const rows = out.length / Math.max(inner, 1);
  let base = offset;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    if (runs) {
      out.set(x.subarray(base, base + inner), o);
      o += inner;
    } else if (innerStride === 0) {
      // a value expanded along the row (sum's gradient)
      out.fill(x[base]!, o, o + inner);
      o += inner;
    } else for (let i = 0, xi = base; i < inner; i++, xi += innerStride) out[o++] = x[xi]!;
    for (let d = rank - 2; d >= 0; d--) {
      coords[d]!++;
      base += strides[d]!;
      if (coords[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      coords[d] = 0;
    }
  }
}

/** Per-column accumulators, reused across calls (kernels run one at a time). */
let accumulator = new Float64Array(64);

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
  if (op === "sum") return sumColumns(data, pre, red, post, out);
  if (accumulator.length < post) accumulator = new Float64Array(post);
  const acc = accumulator;
  for (let p = 0; p < pre; p++) {
    const base = p * red * post;
    for (let q = 0; q < post; q++) acc[q] = data[base + q]!;
    for (let r = 1; r < red; r++) {
      const row = base + r * post;
      switch (op) {
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

/**
 * Sums over the middle axis of pre × red × post, four columns at a time in registers, each
 * column in row order (the same sums as one accumulator per column).
 */
function sumColumns(x: TypedArray, pre: number, red: number, post: number, out: TypedArray): void {
  for (let p = 0; p < pre; p++) {
    const base = p * red * post;
    let q = 0;
    for (; q + 4 <= post; q += 4) {
      let i = base + q;
      let s0 = x[i]!;
      let s1 = x[i + 1]!;
      let s2 = x[i + 2]!;
      let s3 = x[i + 3]!;
      for (let r = 1; r < red; r++) {
        i += post;
        s0 += x[i]!;
        s1 += x[i + 1]!;
        s2 += x[i + 2]!;
        s3 += x[i + 3]!;
      }
      const o = p * post + q;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
    for (; q < post; q++) {
      let i = base + q;
      let s = x[i]!;
      for (let r = 1; r < red; r++) s += x[(i += post)]!;
      out[p * post + q] = s;
    }
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
