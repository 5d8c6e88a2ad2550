/** The packing kernel of the wasm matrix product (see gemm.ts): operands into K-major panels. */
import { Fn, op, simd } from "./assembler.js";

/** The pack function's parameters and locals, by index. */
interface Pack {
  f: Fn;
  src: number;
  strideW: number;
  strideK: number;
  w: number;
  k: number;
  width: number;
  q: number;
  p: number;
  j: number;
  row: number;
  out: number;
}

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
  const pack: Pack = { f, src, strideW, strideK, w, k, width, q, p, j, row, out };
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
        vectorPanel(pack);
        f.get(q).get(width).emit(op.i32_add).set(q);
        f.br(1); // next panel: from the if to the head of the loop over q
      });
      elementPanel(pack);
      f.get(q).get(width).emit(op.i32_add).set(q);
    },
  );
  return f;
}

/** Panel q from contiguous rows: `width` elements per k copied as whole vectors. */
function vectorPanel({ f, src, strideK, k, width, q, p, j, row, out }: Pack): void {
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
}

/** Panel q element by element through both strides, zero past the edge. */
function elementPanel({ f, src, strideW, strideK, w, k, width, q, p, j, row, out }: Pack): void {
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
}
