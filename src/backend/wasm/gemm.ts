/**
 * The float32 matrix-product kernels, emitted as wasm: B packed into K-major panels of NR columns
 * (zero-padded: gemm-pack.ts), A read where it lies if row-major (else made so first:
 * gemm-transpose.ts), then an MR×NR register tile (gemm-tile.ts) that keeps MR·NR/4 f32x4
 * accumulators and, per k, splats MR values of A against NR/4 vectors of B, driven over C's
 * tiles by `tiles` below. Every output element is bias + Σₚ a·b summed in order p = 0…k−1 with a
 * rounded multiply and add each, so a result never depends on the tiling or on which thread
 * computed it.
 */
import { Fn, op } from "./assembler.js";

/**
 * Rows and columns of the register tile; NR is a multiple of 4. 2×16: 8 accumulators, 4 B vectors
 * and 2 temporaries in x64's 16 xmm registers (V8 keeps one), and per k 2 splats against 16 mul
 * and add, where 4×8 took 4 (the tile runs ~18% faster than 4×8; 3×12 is between them).
 */
export const MR = 2;
export const NR = 16;
/** Bytes of scratch one thread's partial tiles pass through. */
export const TILE_SCRATCH_BYTES = MR * NR * 4;

/**
 * tiles(a, packedB, c, m, n, k, bias, relu, panelsPerBlock, first, end, scratch): the tiles
 * numbered first…end−1 of C (m×n, row-major) from A (m×k, row-major). Tile t is row panel t mod
 * mPanels of the block of B panels t div mPanels; each tile sweeps its block's panels, so its A
 * rows stay in L1 while the block's B panels stay in L2. `tile` is the function index of the
 * register tile.
 */
export function tilesFunction(tileIndex: number): Fn {
  const f = new Fn("tiles", Array<"i32">(12).fill("i32"), []);
  const [a, pb, c, m, n, k, bias, relu, perBlock, first, end, scratch] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const mPanels = f.local("i32");
  const nPanels = f.local("i32");
  const t = f.local("i32");
  const row = f.local("i32");
  const panel = f.local("i32");
  const panelEnd = f.local("i32");
  const col = f.local("i32");
  f.get(m)
    .i32(MR - 1)
    .emit(op.i32_add)
    .i32(MR)
    .emit(op.i32_div_u)
    .set(mPanels);
  f.get(n)
    .i32(NR - 1)
    .emit(op.i32_add)
    .i32(NR)
    .emit(op.i32_div_u)
    .set(nPanels);
  f.forRange(
    t,
    () => f.get(first),
    () => f.get(end),
    1,
    () => {
      f.get(t).get(mPanels).emit(op.i32_rem_u).i32(MR).emit(op.i32_mul).set(row);
      f.get(t).get(mPanels).emit(op.i32_div_u).get(perBlock).emit(op.i32_mul).set(panel);
      f.get(panel).get(perBlock).emit(op.i32_add).set(panelEnd);
      f.get(panelEnd).get(nPanels).emit(op.i32_gt_s);
      f.if(() => f.get(nPanels).set(panelEnd));
      f.block(() =>
        f.loop(() => {
          f.get(panel).get(panelEnd).emit(op.i32_ge_s).brIf(1);
          f.get(panel).i32(NR).emit(op.i32_mul).set(col);
          // a + 4·row·k; b: packedB + 4·col·k; c: c + 4·(row·n + col)
          f.get(a).get(row).get(k).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add);
          f.get(pb).get(col).get(k).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add);
          f.get(c);
          f.get(row).get(n).emit(op.i32_mul).get(col).emit(op.i32_add);
          f.i32(2).emit(op.i32_shl).emit(op.i32_add);
          f.get(n).i32(2).emit(op.i32_shl);
          minOf(f, () => f.get(m).get(row).emit(op.i32_sub), MR);
          minOf(f, () => f.get(n).get(col).emit(op.i32_sub), NR);
          f.get(k);
          f.get(bias).ifValue(
            "i32",
            () => f.get(bias).get(col).i32(2).emit(op.i32_shl).emit(op.i32_add),
            () => f.i32(0),
          );
          f.get(relu);
          f.get(scratch);
          f.call(tileIndex);
          f.get(panel).i32(1).emit(op.i32_add).set(panel);
          f.br(0);
        }),
      );
    },
  );
  return f;
}

/** Pushes min(value(), limit) for a non-negative value. */
function minOf(f: Fn, value: () => void, limit: number): void {
  value();
  f.i32(limit);
  value();
  f.i32(limit).emit(op.i32_lt_s);
  f.emit(op.select);
}
