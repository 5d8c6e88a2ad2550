/**
 * Broadcast indexing, and the shape walk every matmul kernel shares (reference, fast, wasm): the
 * m×n output of each batch, the inner size k, and where batch t's A and B start in their operands
 * once the batch dims broadcast. A's element (i, p) is at aBase(t) + i·aRowStride + p·aColStride
 * and B's (p, j) at bBase(t) + p·bRowStride + j·bColStride: a transposition is only a pair of
 * strides.
 */
import { sizeOf, type Shape } from "../tensor/shape.js";

/** The flat index into an operand of shape `shape` that broadcasts to `outShape`, for out index i. */
export function broadcastIndex(i: number, outShape: Shape, shape: Shape): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let d = outShape.length - 1; d >= 0; d--) {
    const coord = rest % outShape[d]!;
    rest = Math.floor(rest / outShape[d]!);
    const sd = d - (outShape.length - shape.length);
    if (sd >= 0) {
      if (shape[sd] !== 1) index += coord * stride;
      stride *= shape[sd]!;
    }
  }
  return index;
}

/** What a batched product `out = op(A) · op(B)` walks, computed once per call. */
export interface MatmulGeometry {
  m: number;
  n: number;
  k: number;
  /** The number of m×n products (the product of the output's batch dims). */
  batches: number;
  aRowStride: number;
  aColStride: number;
  bRowStride: number;
  bColStride: number;
  /** Where batch t's A matrix starts in a. */
  aBase(t: number): number;
  /** Where batch t's B matrix starts in b. */
  bBase(t: number): number;
}

export function matmulGeometry(
  aShape: Shape,
  transA: boolean,
  bShape: Shape,
  transB: boolean,
  outShape: Shape,
): MatmulGeometry {
  const r = outShape.length;
  const aRows = aShape[aShape.length - 2]!;
  const aCols = aShape[aShape.length - 1]!;
  const bRows = bShape[bShape.length - 2]!;
  const bCols = bShape[bShape.length - 1]!;
  const batchShape = outShape.slice(0, r - 2);
  const aBatch = aShape.slice(0, aShape.length - 2);
  const bBatch = bShape.slice(0, bShape.length - 2);
  return {
    m: outShape[r - 2]!,
    n: outShape[r - 1]!,
    k: transA ? aRows : aCols,
    batches: sizeOf(batchShape),
    aRowStride: transA ? 1 : aCols,
    aColStride: transA ? aCols : 1,
    bRowStride: transB ? 1 : bCols,
    bColStride: transB ? bCols : 1,
    aBase: (t) => broadcastIndex(t, batchShape, aBatch) * aRows * aCols,
    bBase: (t) => broadcastIndex(t, batchShape, bBatch) * bRows * bCols,
  };
}
