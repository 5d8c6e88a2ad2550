/**
 * The wasm backend's batched float32 matrix product: operands copied into the arena, each batch's
 * A and B packed into panels (any transposition is just a packing stride), then the register
 * tiles, split over the thread pool when the product is large; the packing is split too (ranges of
 * panels, in the same job as the tiles) when the operands are large. Small products and float64
 * run on the JavaScript kernels, whose per-call cost is lower.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { fastBackend } from "../fast/index.js";
import { matmulGeometry } from "../broadcast.js";
import { MR, NR } from "./gemm.js";
import { part, runParts, SHARES_PER_THREAD, type Threads } from "./split.js";
import { MAX_SHARES } from "./runtime.js";

/** Below this many multiply-adds the JavaScript kernel is faster (no copies, no packing). */
export const WASM_MIN_WORK = 16 * 16 * 16;
/**
 * Below this many multiply-adds (≈ 50 µs on one core) one thread is faster: waking a sleeping
 * worker costs tens of µs, more on a loaded machine.
 */
export const THREAD_MIN_WORK = 1 << 21;
/**
 * From this many packed floats (A's and B's panels) the packing is split over the threads too,
 * in the job before the tiles. Below, the calling thread packs alone: the operands it has just
 * copied in are in its cache, while a worker that packs fetches them from the other core (and
 * the next copy-in takes them back). Interleaved against the split on the 2-core VM: 784×64ᵀ @
 * 64×128 0.269 ms against 0.316, the 784-256-128-10 step 4.10 against 4.30; the split pays for
 * 128×784 @ 784×256 (300K floats: 1.03 against 1.07).
 */
const PACK_SPLIT_MIN = 1 << 18;
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
  const g = matmulGeometry(aShape, transA, bShape, transB, outShape);
  const { m, n, k } = g;
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
  const perBlock = Math.max(1, Math.floor(BLOCK_BYTES / (4 * NR * k)));
  const tiles = Math.ceil(nPanels / perBlock) * mPanels;
  const split = pool !== undefined && m * n * k >= THREAD_MIN_WORK && tiles > 1 ? pool.threads : 1;
  if (split > 1) pool!.wake();
  rt.f32.set(a, aPtr >> 2);
  rt.f32.set(b, bPtr >> 2);

  const packed = (mPanels * MR + nPanels * NR) * k;
  const packSplit = packed >= PACK_SPLIT_MIN ? Math.min(split, MAX_SHARES / 4) : 1;
  const tileShares =
    split === 1 ? 1 : Math.min(split * SHARES_PER_THREAD, MAX_SHARES - 2 * packSplit);
  let packedAFrom = -1;
  let packedBFrom = -1;
  for (let t = 0; t < g.batches; t++) {
    const aFrom = g.aBase(t);
    const bFrom = g.bBase(t);
    const packing: (readonly number[])[] = [];
    if (aFrom !== packedAFrom) {
      const at = aPtr + 4 * aFrom;
      packing.push(...packShares(at, g.aRowStride, g.aColStride, m, k, MR, packedA, packSplit));
      packedAFrom = aFrom;
    }
    if (bFrom !== packedBFrom) {
      // B is packed as Bᵀ: its panels run along j, so the strides swap
      const at = bPtr + 4 * bFrom;
      packing.push(...packShares(at, g.bColStride, g.bRowStride, n, k, NR, packedB, packSplit));
      packedBFrom = bFrom;
    }
    const c = cPtr + 4 * t * m * n;
    // each share sweeps its range of the tiles with its own scratch
    const tiling = part("tiles", tiles, tileShares, 1, (first, end, share) => {
      const scratch = rt.scratch(share);
      return [packedA, packedB, c, m, n, k, 0, 0, perBlock, first, end, scratch];
    });
    const packs = { kernel: "pack", shares: packing };
    if (packSplit === 1) runParts({ runtime: rt, pool }, [packs], false);
    runParts({ runtime: rt, pool }, packSplit === 1 ? [tiling] : [packs, tiling], split > 1);
  }
  out.set(rt.f32.subarray(cPtr >> 2, (cPtr >> 2) + out.length));
}

/**
 * pack's arguments (see gemm-pack.ts) for `how` ranges of the panels of `w` rows of `width`, each
 * range its own rows and its own part of `dst`: together, the one-call packing.
 */
function packShares(
  src: number,
  strideW: number,
  strideK: number,
  w: number,
  k: number,
  width: number,
  dst: number,
  how: number,
): readonly (readonly number[])[] {
  const panels = Math.ceil(w / width);
  return part("pack", panels, how, 1, (first, end) => {
    const rows = Math.min(w, end * width) - first * width;
    return [
      src + 4 * first * width * strideW,
      strideW,
      strideK,
      rows,
      k,
      width,
      dst + 4 * first * width * k,
    ];
  }).shares;
}
