/**
 * The wasm backend's batched float32 matrix product: operands copied into the arena, each batch's
 * A and B packed into panels (any transposition is just a packing stride), then the register
 * tiles, split over the thread pool when the product is large. Small products and float64 run
 * on the JavaScript kernels, whose per-call cost is lower.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import { sizeOf, type Shape } from "../../tensor/shape.js";
import { fastBackend } from "../fast/index.js";
import { broadcastIndex } from "../reference.js";
import { MR, NR } from "./gemm.js";
import { runSplit, type Threads } from "./pool.js";

/** Below this many multiply-adds the JavaScript kernel is faster (no copies, no packing). */
export const WASM_MIN_WORK = 16 * 16 * 16;
/**
 * Below this many multiply-adds (≈ 50 µs on one core) one thread is faster: waking a sleeping
 * worker costs tens of µs, more on a loaded machine.
 */
export const THREAD_MIN_WORK = 1 << 21;
/** A block of B panels (k·NR floats each) should fit in L2 beside the A panel. */
const BLOCK_BYTES = 128 * 1024;

export function wasmMatmul(
  threads: () => Threads,
  a: TypedArray,
  aShape: Shape,
  transA: boolean,
  b: TypedArray,
  bShape: Shape,
  transB: boolean,
  out: TypedArray,
  outShape: Shape,
): void {
  const r = outShape.length;
  const m = outShape[r - 2]!;
  const n = outShape[r - 1]!;
  const aRows = aShape[aShape.length - 2]!;
  const aCols = aShape[aShape.length - 1]!;
  const bRows = bShape[bShape.length - 2]!;
  const bCols = bShape[bShape.length - 1]!;
  const k = transA ? aRows : aCols;
  if (
    !(out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) ||
    m * n * k < WASM_MIN_WORK
  ) {
    fastBackend.matmul(a, aShape, transA, b, bShape, transB, out, outShape);
    return;
  }
  const { runtime: rt, pool } = threads();
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  const bytes = 4 * (a.length + b.length + out.length + (mPanels * MR + nPanels * NR) * k) + 64;
  rt.reset();
  if (!rt.fits(bytes)) {
    fastBackend.matmul(a, aShape, transA, b, bShape, transB, out, outShape);
    return;
  }
  const aPtr = rt.reserve(4 * a.length);
  const bPtr = rt.reserve(4 * b.length);
  const packedA = rt.reserve(4 * mPanels * MR * k);
  const packedB = rt.reserve(4 * nPanels * NR * k);
  const cPtr = rt.reserve(4 * out.length);
  rt.f32.set(a, aPtr >> 2);
  rt.f32.set(b, bPtr >> 2);

  const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / (4 * NR * k)));
  const tiles = Math.ceil(nPanels / perBlock) * mPanels;
  const parallel = m * n * k >= THREAD_MIN_WORK && tiles > 1;
  const batchShape = outShape.slice(0, r - 2);
  const aBatch = aShape.slice(0, aShape.length - 2);
  const bBatch = bShape.slice(0, bShape.length - 2);
  const batches = sizeOf(batchShape);
  const kernels = rt.kernels;
  let packedAFrom = -1;
  let packedBFrom = -1;
  for (let t = 0; t < batches; t++) {
    const aFrom = broadcastIndex(t, batchShape, aBatch) * aRows * aCols;
    const bFrom = broadcastIndex(t, batchShape, bBatch) * bRows * bCols;
    // A's element (i, p) at i·rowStride + p·colStride; B's (p, j) likewise
    if (aFrom !== packedAFrom) {
      const [rowStride, colStride] = transA ? [1, aCols] : [aCols, 1];
      kernels.pack(aPtr + 4 * aFrom, rowStride, colStride, m, k, MR, packedA);
      packedAFrom = aFrom;
    }
    if (bFrom !== packedBFrom) {
      const [rowStride, colStride] = transB ? [1, bCols] : [bCols, 1];
      kernels.pack(bPtr + 4 * bFrom, colStride, rowStride, n, k, NR, packedB);
      packedBFrom = bFrom;
    }
    const c = cPtr + 4 * t * m * n;
    // each share sweeps its range of the tiles with its own scratch
    runSplit({ runtime: rt, pool }, "tiles", tiles, parallel, 1, (first, end, share) => {
      const scratch = rt.scratch(share);
      return [packedA, packedB, c, m, n, k, 0, 0, perBlock, first, end, scratch];
    });
  }
  out.set(rt.f32.subarray(cPtr >> 2, (cPtr >> 2) + out.length));
}
