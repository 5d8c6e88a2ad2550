/**
 * The wasm backend's batched float32 matrix product: operands copied into the arena, each batch's
 * B packed into panels (a transposed B is just a packing stride) and a transposed A made
 * row-major, then the register tiles, split over the thread pool when the product is large; B's
 * packing is split too (ranges of panels, in the same job as the tiles, before them) when it is
 * large. Small products and float64 run on the JavaScript kernels, whose per-call cost is lower.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { fastBackend } from "../fast/index.js";
import { matmulGeometry } from "../broadcast.js";
import { MR, NR } from "./gemm.js";
import { part, runParts, SHARES_PER_THREAD, type Part, type ThreadsFor } from "./split.js";
import { MAX_SHARES } from "./runtime.js";

/** Below this many multiply-adds the JavaScript kernel is faster (no copies, no packing). */
export const WASM_MIN_WORK = 16 * 16 * 16;
/**
 * Below this many multiply-adds (≈ 0.2 ms on one core) one thread is faster in training: waking a
 * sleeping worker costs 90–130 µs on the 2-core VM, and the operands move between the cores'
 * caches. Products of 4–6M multiply-adds (128×256 @ 256×128, MNIST's 64×784 @ 784×128) gain
 * 1.2–1.3× alone on two threads, but the steps they are part of ran faster without splitting
 * them: interleaved in one process, from 2M to 8M, the 784-128-10 step at batch 64 went 1.73 →
 * 1.64 ms median and the 784-256-128-10 step at batch 128 4.88 → 4.66 ms.
 */
export const THREAD_MIN_WORK = 1 << 23;
/**
 * From this many packed floats of B the packing is split over the threads too, in the job before
 * the tiles. Below, the calling thread packs alone: the operand it has just copied in is in its
 * cache, while a worker that packs fetches it from the other core (and the next copy-in takes it
 * back). Measured interleaved on the 2-core VM with the earlier packing of A and B: 784×64ᵀ @
 * 64×128 0.269 ms alone against 0.316 split, the 784-256-128-10 step 4.10 against 4.30.
 */
const PACK_SPLIT_MIN = 1 << 18;
/** A block of B panels (k·NR floats each) should fit in L2 beside the A rows. */
const BLOCK_BYTES = 128 * 1024;

export function wasmMatmul(
  threads: ThreadsFor,
  a: TypedArray,
  aShape: Shape,
  transA: boolean,
  b: TypedArray,
  bShape: Shape,
  transB: boolean,
  out: TypedArray,
  outShape: Shape,
): void {
  const g = matmulGeometry(aShape, transA, bShape, transB, outShape);
  const { m, n, k } = g;
  if (
    !(out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) ||
    m * n * k < WASM_MIN_WORK
  ) {
    fastBackend.matmul(a, aShape, transA, b, bShape, transB, out, outShape);
    return;
  }
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / (4 * NR * k)));
  const tiles = Math.ceil(nPanels / perBlock) * mPanels;
  const { runtime: rt, pool } = threads(m * n * k >= THREAD_MIN_WORK && tiles > 1);
  // the tiles read A's rows in place; a transposed A (k strided), read k by k, ran up to 1.7x
  // slower than from a row-major copy (m = 2048) and never more than 5% faster
  const copyA = g.aColStride !== 1;
  const bytes =
    4 * (a.length + b.length + out.length + nPanels * NR * k + (copyA ? m * k : 0)) + 64;
  rt.reset();
  if (!rt.fits(bytes)) {
    fastBackend.matmul(a, aShape, transA, b, bShape, transB, out, outShape);
    return;
  }
  const aPtr = rt.reserve(4 * a.length);
  const bPtr = rt.reserve(4 * b.length);
  const packedB = rt.reserve(4 * nPanels * NR * k);
  const rowMajorA = copyA ? rt.reserve(4 * m * k) : -1;
  const cPtr = rt.reserve(4 * out.length);
  const split = pool?.threads ?? 1;
  if (split > 1) pool!.wake(); // workers wake while the operands are copied in
  rt.f32.set(a, aPtr >> 2);
  rt.f32.set(b, bPtr >> 2);

  const packSplit = nPanels * NR * k >= PACK_SPLIT_MIN ? Math.min(split, MAX_SHARES / 4) : 1;
  const tileShares = split === 1 ? 1 : Math.min(split * SHARES_PER_THREAD, MAX_SHARES - packSplit);
  const threaded = { runtime: rt, pool };
  let packedBFrom = -1;
  let copiedAFrom = -1;
  for (let t = 0; t < g.batches; t++) {
    const aFrom = g.aBase(t);
    if (copyA && aFrom !== copiedAFrom) {
      rt.kernels.transpose(aPtr + 4 * aFrom, g.aColStride, m, k, rowMajorA);
      copiedAFrom = aFrom;
    }
    const bFrom = g.bBase(t);
    const packing: Part[] = [];
    if (bFrom !== packedBFrom) {
      // B is packed as Bᵀ: its panels run along j, so the strides swap
      const at = bPtr + 4 * bFrom;
      packing.push(packParts(at, g.bColStride, g.bRowStride, n, k, packedB, packSplit));
      packedBFrom = bFrom;
    }
    const c = cPtr + 4 * t * m * n;
    const rows = copyA ? rowMajorA : aPtr + 4 * aFrom;
    const operands = [rows, packedB, c, m, n, k, 0, 0, perBlock];
    // each share sweeps its range of the tiles with its own scratch
    const tiling = part("tiles", tiles, tileShares, 1, (first, end, share) => [
      ...operands,
      first,
      end,
      rt.scratch(share),
    ]);
    if (packSplit === 1) runParts(threaded, packing, false);
    runParts(threaded, packSplit === 1 ? [tiling] : [...packing, tiling], split > 1);
  }
  out.set(rt.f32.subarray(cPtr >> 2, (cPtr >> 2) + out.length));
}

/**
 * pack's arguments (see gemm-pack.ts) for `how` ranges of the panels of B's `n` columns, each
 * range its own columns and its own part of `dst`: together, the one-call packing.
 */
function packParts(
  src: number,
  strideW: number,
  strideK: number,
  n: number,
  k: number,
  dst: number,
  how: number,
): Part {
  return part("pack", Math.ceil(n / NR), how, 1, (first, end) => [
    src + 4 * first * NR * strideW,
    strideW,
    strideK,
    Math.min(n, end * NR) - first * NR,
    k,
    dst + 4 * first * NR * k,
  ]);
}
