/**
 * The float32 matrix-product kernels, emitted as wasm: both operands packed into K-major panels
 * (A in MR-row panels, B in NR-column panels, zero-padded), then an MR×NR register tile that keeps
 * MR·NR/4 f32x4 accumulators and, per k, splats MR values of A against NR/4 vectors of B. Every
 * output element is bias + Σₚ a·b summed in order p = 0…k−1 with a rounded multiply and add each,
 * so a result never depends on the tiling or on which thread computed it.
 */
import { Fn, op, simd } from "./assembler.js";

/** Rows and columns of the register tile; NR is a multiple of 4. 4×8: 8 accumulators. */
export const MR = 4;
export const NR = 8;
/** Bytes of scratch one thread's partial tiles pass through. */
export const TILE_SCRATCH_BYTES = MR * NR * 4;

/**
 * pack(src, strideW, strideK, w, k, width, dst): dst[((q·k + p)·width + j] = element (q·width + j,
 * p) of src — read at src + 4·((q·width + j)·strideW + p·strideK) — or 0 past w. Strides are in
 * elements. A is packed with (strideW, strideK) = (row stride, column stride) and width MR, B with
 * (column stride, row stride) and width NR.
 */
export function packFunction(): Fn {
  const f = new Fn("pack", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"], []);
  const [src, strideW, strideK, w, k, width, dst] = [0, 1, 2, 3, 4, 5, 6];
  const q = f.local("i32");
  const p = f.local("i32");
  const j = f.local("i32");
  const row = f.local("i32");
  const out = f.local("i32");
  f.get(dst).set(out);
  f.forRange(
    q,
    () => f.i32(0),
    () => f.get(w),
    0,
    () => {
      // a full panel with contiguous rows (B as stored, A transposed): whole vectors per k
      f.get(strideW).i32(1).emit(op.i32_eq);
      f.get(q).get(width).emit(op.i32_add).get(w).emit(op.i32_le_s);
      f.emit(op.i32_and);
      f.if(() => {
        f.forRange(
          p,
          () => f.i32(0),
          () => f.get(k),
          1,
          () => {
            // row = src + 4·(q + p·strideK)
            f.get(src).get(q).get(p).get(strideK).emit(op.i32_mul).emit(op.i32_add);
            f.i32(2).emit(op.i32_shl).emit(op.i32_add).set(row);
            f.forRange(
              j,
              () => f.i32(0),
              () => f.get(width),
              4,
              () => {
                f.get(out).get(row).get(j).i32(2).emit(op.i32_shl).emit(op.i32_add);
                f.vmem(simd.v128_load).vmem(simd.v128_store);
                f.get(out).i32(16).emit(op.i32_add).set(out);
              },
            );
          },
        );
        f.get(q).get(width).emit(op.i32_add).set(q);
        f.br(1); // next panel: from the if to the head of the loop over q
      });
      f.forRange(
        p,
        () => f.i32(0),
        () => f.get(k),
        1,
        () => {
          f.forRange(
            j,
            () => f.i32(0),
            () => f.get(width),
            1,
            () => {
              // row = q + j (q counts in elements of w); 0 past the edge
              f.get(q).get(j).emit(op.i32_add).set(row);
              f.get(out);
              f.get(row).get(w).emit(op.i32_lt_s);
              f.ifValue(
                "f32",
                () => {
                  f.get(src);
                  f.get(row).get(strideW).emit(op.i32_mul);
                  f.get(p).get(strideK).emit(op.i32_mul).emit(op.i32_add);
                  f.i32(2).emit(op.i32_shl).emit(op.i32_add);
                  f.mem(op.f32_load, 2);
                },
                () => f.f32(0),
              );
              f.mem(op.f32_store, 2);
              f.get(out).i32(4).emit(op.i32_add).set(out);
            },
          );
        },
      );
      f.get(q).get(width).emit(op.i32_add).set(q);
    },
  );
  return f;
}

/**
 * tile(a, b, c, ldc, rows, cols, k, bias, relu, scratch): one MR×NR block of C (byte pointers,
 * ldc in bytes) from an A panel and a B panel. bias (0 for none) points at NR floats; relu ≠ 0
 * clamps below at 0 (pmax: NaN stays NaN). A block smaller than MR×NR goes through `scratch`.
 */
export function tileFunction(relaxed: boolean): Fn {
  const f = new Fn(
    "tile",
    ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"],
    [],
  );
  const [a, b, c, ldc, rows, cols, k, bias, relu, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const V = NR / 4;
  const acc: number[] = [];
  for (let i = 0; i < MR * V; i++) acc.push(f.local("v128"));
  const bv: number[] = [];
  for (let v = 0; v < V; v++) bv.push(f.local("v128"));
  const av = f.local("v128");
  const p = f.local("i32");
  const dst = f.local("i32");
  const ld = f.local("i32");
  const r = f.local("i32");
  const j = f.local("i32");

  // accumulators start at the bias (or 0)
  f.get(bias);
  f.if(
    () => {
      for (let v = 0; v < V; v++)
        f.get(bias)
          .vmem(simd.v128_load, 16 * v)
          .set(bv[v]!);
    },
    () => {
      for (let v = 0; v < V; v++) f.f32(0).v(simd.f32x4_splat).set(bv[v]!);
    },
  );
  for (let i = 0; i < MR; i++) for (let v = 0; v < V; v++) f.get(bv[v]!).set(acc[i * V + v]!);

  const step = (offsetA: number, offsetB: number) => {
    for (let v = 0; v < V; v++)
      f.get(b)
        .vmem(simd.v128_load, offsetB + 16 * v)
        .set(bv[v]!);
    for (let i = 0; i < MR; i++) {
      f.get(a)
        .vmem(simd.v128_load32_splat, offsetA + 4 * i, 2)
        .set(av);
      for (let v = 0; v < V; v++) {
        const x = acc[i * V + v]!;
        if (relaxed) {
          f.get(av).get(bv[v]!).get(x).v(simd.f32x4_relaxed_madd).set(x);
        } else {
          f.get(x).get(av).get(bv[v]!).v(simd.f32x4_mul).v(simd.f32x4_add).set(x);
        }
      }
    }
  };
  // one k per iteration: unrolled, V8 hoists the second step's loads and spills accumulators
  f.get(k).set(p);
  f.block(() =>
    f.loop(() => {
      f.get(p).emit(op.i32_eqz).brIf(1);
      step(0, 0);
      f.get(a)
        .i32(4 * MR)
        .emit(op.i32_add)
        .set(a);
      f.get(b)
        .i32(4 * NR)
        .emit(op.i32_add)
        .set(b);
      f.get(p).i32(1).emit(op.i32_sub).set(p);
      f.br(0);
    }),
  );

  f.get(relu).if(() => {
    f.f32(0).v(simd.f32x4_splat).set(av);
    for (const x of acc) f.get(x).get(av).v(simd.f32x4_pmax).set(x);
  });

  // full tile: straight into C; partial: into scratch, then the valid part element by element
  const full = () => f.get(rows).i32(MR).emit(op.i32_eq).get(cols).i32(NR).emit(op.i32_eq);
  full().emit(op.i32_and);
  f.if(
    () => {
      f.get(c).set(dst);
      f.get(ldc).set(ld);
    },
    () => {
      f.get(scratch).set(dst);
      f.i32(4 * NR).set(ld);
    },
  );
  for (let i = 0; i < MR; i++) {
    for (let v = 0; v < V; v++)
      f.get(dst)
        .get(acc[i * V + v]!)
        .vmem(simd.v128_store, 16 * v);
    if (i < MR - 1) f.get(dst).get(ld).emit(op.i32_add).set(dst);
  }
  full().emit(op.i32_and).emit(op.i32_eqz);
  f.if(() => {
    f.forRange(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        f.forRange(
          j,
          () => f.i32(0),
          () => f.get(cols),
          1,
          () => {
            f.get(c).get(r).get(ldc).emit(op.i32_mul).emit(op.i32_add);
            f.get(j).i32(2).emit(op.i32_shl).emit(op.i32_add);
            f.get(scratch)
              .get(r)
              .i32(4 * NR)
              .emit(op.i32_mul)
              .emit(op.i32_add);
            f.get(j).i32(2).emit(op.i32_shl).emit(op.i32_add);
            f.mem(op.f32_load, 2);
            f.mem(op.f32_store, 2);
          },
        );
      },
    );
  });
  return f;
}

/**
 * tiles(packedA, packedB, c, m, n, k, bias, relu, panelsPerBlock, first, end, scratch): the tiles
 * numbered first…end−1 of C (m×n, row-major). Tile t is row panel t mod mPanels of the block of B
 * panels t div mPanels; each tile sweeps its block's panels, so its A panel stays in L1 while the
 * block's B panels stay in L2. `tile` is the function index of the register tile.
 */
export function tilesFunction(tileIndex: number): Fn {
  const f = new Fn(
    "tiles",
    ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"],
    [],
  );
  const [pa, pb, c, m, n, k, bias, relu, perBlock, first, end, scratch] = [
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
          // a: packedA + 4·row·k; b: packedB + 4·col·k; c: c + 4·(row·n + col)
          f.get(pa).get(row).get(k).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add);
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
