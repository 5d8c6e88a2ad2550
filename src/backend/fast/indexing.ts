/**
 * index_select and index_add_ as block copies: x is seen as (outer × size along dim × inner), so
 * each selected slice is `outer` contiguous runs of `inner` elements. `fit` draws every batch
 * with indexSelect, where the reference kernel's per-element index arithmetic cost more than the
 * step's matrix products.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import { sizeOf, type Shape } from "../../tensor/shape.js";

/** Elements before and after `dim`: x is (outer × shape[dim] × inner). */
function around(shape: Shape, dim: number): { outer: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, dim)), inner: sizeOf(shape.slice(dim + 1)) };
}

/** Below this many elements per run, a loop beats subarray + set. */
const SET_MIN = 32;

/** torch.index_select: out takes x's slices index[j] along dim. */
export function indexSelect(
  x: TypedArray,
  xShape: Shape,
  dim: number,
  index: Int32Array,
  out: TypedArray,
): void {
  const { outer, inner } = around(xShape, dim);
  const size = xShape[dim]!;
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const from = (o * size + index[j]!) * inner;
      const to = (o * count + j) * inner;
      if (inner >= SET_MIN) out.set(x.subarray(from, from + inner), to);
      else for (let i = 0; i < inner; i++) out[to + i] = x[from + i]!;
    }
  }
}

/** torch.index_add_: out's slices index[j] along dim += src's slice j, in order of j. */
export function indexAdd(
  out: TypedArray,
  outShape: Shape,
  dim: number,
  index: Int32Array,
  src: TypedArray,
): void {
  const { outer, inner } = around(outShape, dim);
  const size = outShape[dim]!;
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const to = (o * size + index[j]!) * inner;
      const from = (o * count + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = out[to + i]! + src[from + i]!;
    }
  }
}
