/**
 * The register tile of the wasm matrix product (see gemm.ts): MR·NR/4 f32x4 accumulators that
 * start at the bias, take one k at a time in order, then are clamped (relu) and stored. A is read
 * where it lies (row-major), one pointer per row; B comes packed.
 */
import { Fn, op, simd } from "./assembler.js";
import { MR, NR } from "./gemm.js";

/** f32x4 vectors per tile row. */
const V = NR / 4;

/** The tile function's parameters and locals, by index. */
interface Tile {
  f: Fn;
  a: number;
  b: number;
  c: number;
  ldc: number;
  rows: number;
  cols: number;
  k: number;
  bias: number;
  relu: number;
  scratch: number;
  /** Accumulator of row i, vector v: acc[i·V + v]. */
  acc: number[];
  /** The current k's B vectors. */
  bv: number[];
  /** The current k's A value, splat. */
  av: number;
}

/**
 * tile(a, b, c, ldc, rows, cols, k, bias, relu, scratch): one MR×NR block of C (byte pointers,
 * ldc in bytes) from A's rows at a (row-major, k floats each) and a B panel. bias (0 for none)
 * points at NR floats; relu ≠ 0 clamps below at 0 (pmax: NaN stays NaN). A block smaller than
 * MR×NR goes through `scratch`.
 */
export function tileFunction(relaxed: boolean): Fn {
  const f = new Fn("tile", Array<"i32">(10).fill("i32"), []);
  const [a, b, c, ldc, rows, cols, k, bias, relu, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const acc: number[] = [];
  for (let i = 0; i < MR * V; i++) acc.push(f.local("v128"));
  const bv: number[] = [];
  for (let v = 0; v < V; v++) bv.push(f.local("v128"));
  const av = f.local("v128");
  const t: Tile = { f, a, b, c, ldc, rows, cols, k, bias, relu, scratch, acc, bv, av };
  startAtBias(t);
  accumulate(t, relaxed);
  f.get(relu).if(() => {
    f.f32(0).v(simd.f32x4_splat).set(av);
    for (const x of acc) f.get(x).get(av).v(simd.f32x4_pmax).set(x);
  });
  store(t);
  return f;
}

/** Every row's accumulators start at the bias (or 0). */
function startAtBias({ f, bias, acc, bv }: Tile): void {
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
}

/**
 * acc += a[p]·b[p] for p = 0…k−1, in order: a rounded multiply and add each (or one FMA). Rows
 * past the block's last read that last row again (their sums are never stored), so A needs no
 * padding. One k per iteration: unrolled, V8 schedules every load first and spills accumulators.
 */
function accumulate(t: Tile, relaxed: boolean): void {
  const { f, a, b, rows, k, acc, bv, av } = t;
  const row: number[] = [];
  for (let i = 0; i < MR; i++) {
    row.push(f.local("i32"));
    // row i at a + 4·min(i, rows − 1)·k
    f.get(a)
      .get(k)
      .i32(2)
      .emit(op.i32_shl)
      .i32(i)
      .get(rows)
      .i32(1)
      .emit(op.i32_sub)
      .get(rows)
      .i32(i)
      .emit(op.i32_gt_s)
      .emit(op.select)
      .emit(op.i32_mul)
      .emit(op.i32_add)
      .set(row[i]!);
  }
  const bEnd = f.local("i32");
  f.get(b)
    .get(k)
    .i32(4 * NR)
    .emit(op.i32_mul)
    .emit(op.i32_add)
    .set(bEnd);
  f.block(() =>
    f.loop(() => {
      f.get(b).get(bEnd).emit(op.i32_eq).brIf(1);
      for (let v = 0; v < V; v++)
        f.get(b)
          .vmem(simd.v128_load, 16 * v)
          .set(bv[v]!);
      for (let i = 0; i < MR; i++) {
        f.get(row[i]!).vmem(simd.v128_load32_splat, 0, 2).set(av);
        for (let v = 0; v < V; v++) {
          const x = acc[i * V + v]!;
          if (relaxed) {
            f.get(av).get(bv[v]!).get(x).v(simd.f32x4_relaxed_madd).set(x);
          } else {
            f.get(x).get(av).get(bv[v]!).v(simd.f32x4_mul).v(simd.f32x4_add).set(x);
          }
        }
      }
      for (let i = 0; i < MR; i++) f.get(row[i]!).i32(4).emit(op.i32_add).set(row[i]!);
      f.get(b)
        .i32(4 * NR)
        .emit(op.i32_add)
        .set(b);
      f.br(0);
    }),
  );
}

/** A full tile goes straight into C; a partial one into scratch, then its valid part into C. */
function store({ f, c, ldc, rows, cols, scratch, acc }: Tile): void {
  const dst = f.local("i32");
  const ld = f.local("i32");
  const r = f.local("i32");
  const j = f.local("i32");
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
}
