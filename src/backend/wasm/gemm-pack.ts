/**
 * The packing kernel of the wasm matrix product (see gemm.ts): B into K-major panels of NR
 * columns. B as stored has each k's columns contiguous (whole vectors); a transposed B has each
 * column's k contiguous (4×4 blocks transposed by shuffles); other strides go element by element.
 */
import { Fn, op, simd } from "./assembler.js";
import { NR } from "./gemm.js";
import { transpose4 } from "./gemm-transpose.js";

/** The pack function's parameters and locals, by index. */
interface Pack {
  f: Fn;
  src: number;
  strideW: number;
  strideK: number;
  w: number;
  k: number;
  q: number;
  p: number;
  j: number;
  row: number;
  out: number;
}

/**
 * pack(src, strideW, strideK, w, k, dst): dst[(q·k + p)·NR + j] = element (q·NR + j, p) of src
 * — read at src + 4·((q·NR + j)·strideW + p·strideK) — or 0 past w. Strides are in elements; B is
 * packed with (strideW, strideK) = (its column stride, its row stride).
 */
export function packFunction(): Fn {
  const f = new Fn("pack", Array<"i32">(6).fill("i32"), []);
  const [src, strideW, strideK, w, k, dst] = [0, 1, 2, 3, 4, 5];
  const q = f.local("i32");
  const p = f.local("i32");
  const j = f.local("i32");
  const row = f.local("i32");
  const out = f.local("i32");
  const pack: Pack = { f, src, strideW, strideK, w, k, q, p, j, row, out };
  const full = () => f.get(q).i32(NR).emit(op.i32_add).get(w).emit(op.i32_le_s);
  f.get(dst).set(out);
  f.forRange(
    q,
    () => f.i32(0),
    () => f.get(w),
    0,
    () => {
      f.i32(0).set(p);
      f.get(strideW).i32(1).emit(op.i32_eq);
      full().emit(op.i32_and);
      f.if(() => {
        vectorPanel(pack);
        f.get(q).i32(NR).emit(op.i32_add).set(q);
        f.br(1); // next panel: from the if to the head of the loop over q
      });
      // a transposed B: k = 0…k−4 by 4×4 blocks, the rest element by element
      f.get(strideK).i32(1).emit(op.i32_eq);
      full().emit(op.i32_and);
      f.if(() => transposedPanel(pack));
      elementPanel(pack);
      f.get(q).i32(NR).emit(op.i32_add).set(q);
    },
  );
  return f;
}

/** Panel q from contiguous rows: NR elements per k copied as whole vectors. */
function vectorPanel({ f, src, strideK, k, q, p, row, out }: Pack): void {
  f.forRange(
    p,
    () => f.i32(0),
    () => f.get(k),
    1,
    () => {
      // row = src + 4·(q + p·strideK)
      f.get(src).get(q).get(p).get(strideK).emit(op.i32_mul).emit(op.i32_add);
      f.i32(2).emit(op.i32_shl).emit(op.i32_add).set(row);
      for (let v = 0; v < NR / 4; v++)
        f.get(out)
          .get(row)
          .vmem(simd.v128_load, 16 * v)
          .vmem(simd.v128_store, 16 * v);
      f.get(out)
        .i32(4 * NR)
        .emit(op.i32_add)
        .set(out);
    },
  );
}

/**
 * Panel q of a transposed B (strideK = 1: column j's k contiguous) for p = 0, 4, … while p + 4 ≤
 * k: per 4 columns, 4 vectors of 4 k's transposed into 4 vectors of 4 columns. Leaves p and out
 * at the first k not done.
 */
function transposedPanel({ f, src, strideW, k, q, p, j, row, out }: Pack): void {
  const c = Array.from({ length: 4 }, () => f.local("v128"));
  const t = Array.from({ length: 4 }, () => f.local("v128"));
  // j: the bytes from one column to the next
  f.get(strideW).i32(2).emit(op.i32_shl).set(j);
  f.block(() =>
    f.loop(() => {
      f.get(p).i32(4).emit(op.i32_add).get(k).emit(op.i32_gt_s).brIf(1);
      for (let g = 0; g < NR; g += 4) {
        // row = src + 4·((q + g)·strideW + p); c[n]: column q + g + n at k = p…p + 3
        f.get(src).get(q).i32(g).emit(op.i32_add).get(strideW).emit(op.i32_mul);
        f.get(p).emit(op.i32_add).i32(2).emit(op.i32_shl).emit(op.i32_add).set(row);
        for (let n = 0; n < 4; n++) {
          if (n > 0) f.get(row).get(j).emit(op.i32_add).set(row);
          f.get(row).vmem(simd.v128_load, 0, 2).set(c[n]!);
        }
        // one vector of the 4 columns per k, stored at k = p + s
        transpose4(f, c, t, (s, push) => {
          f.get(out);
          push();
          f.vmem(simd.v128_store, 4 * (s * NR + g), 2);
        });
      }
      f.get(out)
        .i32(16 * NR)
        .emit(op.i32_add)
        .set(out);
      f.get(p).i32(4).emit(op.i32_add).set(p);
      f.br(0);
    }),
  );
}

/** Panel q from k = p on, element by element through both strides, zero past the edge. */
function elementPanel({ f, src, strideW, strideK, w, k, q, p, j, row, out }: Pack): void {
  f.forRange(
    p,
    () => f.get(p),
    () => f.get(k),
    1,
    () => {
      f.forRange(
        j,
        () => f.i32(0),
        () => f.i32(NR),
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
}
