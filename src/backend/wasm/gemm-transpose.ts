/**
 * Transposes for the wasm matrix product (see gemm.ts): the 4×4 block transpose by shuffles that
 * packing a transposed B uses (gemm-pack.ts), and a kernel that makes a transposed A row-major.
 * The register tile reads A's rows in place; a transposed A read k by k takes a cache line per k
 * for a tile's two rows, and a page per k once m ≥ 1024.
 */
import { Fn, op, simd } from "./assembler.js";

/** i8x16.shuffle of two f32x4 by f32 lanes (0–3 the first, 4–7 the second). */
function shuffle(f: Fn, lanes: number[]): Fn {
  f.v(simd.i8x16_shuffle);
  for (const l of lanes) f.emit(4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3);
  return f;
}

/**
 * The 4×4 block in the v128 locals c (c[r] its row r) transposed through the temporaries t:
 * `store(s, push)` for s = 0…3, where push() pushes column s, (c0[s], c1[s], c2[s], c3[s]).
 */
export function transpose4(
  f: Fn,
  c: number[],
  t: number[],
  store: (s: number, push: () => void) => void,
): void {
  const [c0, c1, c2, c3] = c as [number, number, number, number];
  const [t0, t1, t2, t3] = t as [number, number, number, number];
  // pairs of rows interleaved (t0: columns 0, 1 of c0 and c1; t1: columns 2, 3) …
  const pairs: [number, number, number, number[]][] = [
    [t0, c0, c1, [0, 4, 1, 5]],
    [t1, c0, c1, [2, 6, 3, 7]],
    [t2, c2, c3, [0, 4, 1, 5]],
    [t3, c2, c3, [2, 6, 3, 7]],
  ];
  for (const [into, x, y, lanes] of pairs) shuffle(f.get(x).get(y), lanes).set(into);
  // … then their halves joined: one column each
  const joins: [number, number, number[]][] = [
    [t0, t2, [0, 1, 4, 5]],
    [t0, t2, [2, 3, 6, 7]],
    [t1, t3, [0, 1, 4, 5]],
    [t1, t3, [2, 3, 6, 7]],
  ];
  joins.forEach(([x, y, lanes], s) => store(s, () => shuffle(f.get(x).get(y), lanes)));
}

/**
 * transpose(src, ld, m, k, dst): dst (m×k, row-major) = the A whose element (i, p) is at src +
 * 4·(p·ld + i), a transposed A. Rows go 8 at a time while they last, then 4, by 4×4 blocks; the
 * edges element by element. 8 destination rows filled in step, each source line read in two
 * halves: rows 4 at a time alone left L1 thrashing (0.59 ms for m = k = 512, now 0.09 ms); 16 at a
 * time put more rows on one cache set than it has ways when k is a multiple of 1024.
 */
export function transposeFunction(): Fn {
  const f = new Fn("transpose", Array<"i32">(5).fill("i32"), []);
  const [src, ld, m, k, dst] = [0, 1, 2, 3, 4];
  const i = f.local("i32");
  const p = f.local("i32");
  const blocked = f.local("i32");
  const x: Transpose = { f, src, ld, m, k, dst, i, p };
  const element = () => {
    out(x, 0);
    from(x, 0);
    f.mem(op.f32_load, 2).mem(op.f32_store, 2);
  };
  f.i32(0).set(i);
  rowGroups(x, 8);
  rowGroups(x, 4);
  // the last m mod 4 rows whole, then the last k mod 4 columns of the others
  f.get(i).set(blocked);
  f.forRange(
    i,
    () => f.get(blocked),
    () => f.get(m),
    1,
    () => {
      f.forRange(
        p,
        () => f.i32(0),
        () => f.get(k),
        1,
        element,
      );
    },
  );
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(blocked),
    1,
    () => {
      f.forRange(
        p,
        () => f.get(k).i32(-4).emit(op.i32_and),
        () => f.get(k),
        1,
        element,
      );
    },
  );
  return f;
}

/** The transpose function's parameters and locals, by index. */
interface Transpose {
  f: Fn;
  src: number;
  ld: number;
  m: number;
  k: number;
  dst: number;
  i: number;
  p: number;
}

/** Pushes dst + 4·((i + s)·k + p). */
function out({ f, dst, i, k, p }: Transpose, s: number): void {
  f.get(dst).get(i).i32(s).emit(op.i32_add).get(k).emit(op.i32_mul);
  f.get(p).emit(op.i32_add).i32(2).emit(op.i32_shl).emit(op.i32_add);
}

/** Pushes src + 4·(p·ld + i + s). */
function from({ f, src, p, ld, i }: Transpose, s: number): void {
  f.get(src).get(p).get(ld).emit(op.i32_mul).get(i).emit(op.i32_add).i32(s).emit(op.i32_add);
  f.i32(2).emit(op.i32_shl).emit(op.i32_add);
}

/** Rows i… in groups of `rows` (a multiple of 4) while a whole group is left; k by 4 to k − 3. */
function rowGroups(x: Transpose, rows: number): void {
  const { f, ld, m, k, i, p } = x;
  const at = f.local("i32");
  const c = Array.from({ length: 4 }, () => f.local("v128"));
  const t = Array.from({ length: 4 }, () => f.local("v128"));
  const group = () => {
    for (let g = 0; g < rows; g += 4) {
      // c[r]: elements i + g…i + g + 3 at k = p + r; its column s: row i + g + s at p…p + 3
      from(x, g);
      f.set(at);
      for (let r = 0; r < 4; r++) {
        if (r > 0) f.get(at).get(ld).i32(2).emit(op.i32_shl).emit(op.i32_add).set(at);
        f.get(at).vmem(simd.v128_load, 0, 2).set(c[r]!);
      }
      transpose4(f, c, t, (s, push) => {
        out(x, g + s);
        push();
        f.vmem(simd.v128_store, 0, 2);
      });
    }
  };
  f.block(() =>
    f.loop(() => {
      f.get(i).i32(rows).emit(op.i32_add).get(m).emit(op.i32_gt_s).brIf(1);
      f.forRange(
        p,
        () => f.i32(0),
        () => f.get(k).i32(-4).emit(op.i32_and),
        4,
        group,
      );
      f.get(i).i32(rows).emit(op.i32_add).set(i);
      f.br(0);
    }),
  );
}
