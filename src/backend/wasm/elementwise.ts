/**
 * Float32 elementwise kernels emitted as wasm, four lanes at a time: add, sub, mul, div with
 * broadcasting over (rows × inner) blocks, relu and its gradient, and the optimizers' scaled
 * update. Float32 +, −, ×, ÷ rounded once equal the JavaScript kernels' double-then-round results,
 * so these give the JavaScript kernels' bits.
 */
import { Fn, op, simd } from "./assembler.js";

export const BINARY_OPS = ["add", "sub", "mul", "div"] as const;
export type WasmBinaryOp = (typeof BINARY_OPS)[number];

const VECTOR: Record<WasmBinaryOp, number> = {
  add: simd.f32x4_add,
  sub: simd.f32x4_sub,
  mul: simd.f32x4_mul,
  div: simd.f32x4_div,
};
const SCALAR: Record<WasmBinaryOp, number> = {
  add: op.f32_add,
  sub: op.f32_sub,
  mul: op.f32_mul,
  div: op.f32_div,
};

/**
 * `binary_<op>(a, ia, ra, b, ib, rb, out, rows, inner)`: out[r·inner + c] = a[r·ra + c·ia] op
 * b[r·rb + c·ib] with byte pointers, element strides, and inner strides 0 (broadcast) or 1.
 */
function binaryFunction(name: WasmBinaryOp): Fn {
  const f = new Fn(`binary_${name}`, Array<"i32">(9).fill("i32"), []);
  const [a, ia, ra, b, ib, rb, out, rows, inner] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const r = f.local("i32");
  const c = f.local("i32");
  const pa = f.local("i32");
  const pb = f.local("i32");
  const po = f.local("i32");
  const va = f.local("v128");
  const vb = f.local("v128");
  const vectorLoop = (loadA: () => void, loadB: () => void) => {
    f.block(() =>
      f.loop(() => {
        f.get(c).i32(4).emit(op.i32_add).get(inner).emit(op.i32_gt_s).brIf(1);
        f.get(po).get(c).i32(2).emit(op.i32_shl).emit(op.i32_add);
        loadA();
        loadB();
        f.v(VECTOR[name]).vmem(simd.v128_store);
        f.get(c).i32(4).emit(op.i32_add).set(c);
        f.br(0);
      }),
    );
  };
  const at = (base: number, stride: number) =>
    f.get(base).get(c).get(stride).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add);
  f.forRange(
    r,
    () => f.i32(0),
    () => f.get(rows),
    1,
    () => {
      f.get(a).get(r).get(ra).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add).set(pa);
      f.get(b).get(r).get(rb).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add).set(pb);
      f.get(out).get(r).get(inner).emit(op.i32_mul).i32(2).emit(op.i32_shl).emit(op.i32_add);
      f.set(po);
      f.i32(0).set(c);
      const vecA = () => at(pa, ia).vmem(simd.v128_load);
      const vecB = () => at(pb, ib).vmem(simd.v128_load);
      f.get(ia).get(ib).emit(op.i32_and);
      f.if(
        () => vectorLoop(vecA, vecB),
        () => {
          f.get(ia);
          f.if(
            () => {
              f.get(pb).vmem(simd.v128_load32_splat, 0, 2).set(vb);
              vectorLoop(vecA, () => f.get(vb));
            },
            () => {
              f.get(ib).if(() => {
                f.get(pa).vmem(simd.v128_load32_splat, 0, 2).set(va);
                vectorLoop(() => f.get(va), vecB);
              });
            },
          );
        },
      );
      // the remaining columns (all of them when both operands broadcast along the row)
      f.block(() =>
        f.loop(() => {
          f.get(c).get(inner).emit(op.i32_ge_s).brIf(1);
          f.get(po).get(c).i32(2).emit(op.i32_shl).emit(op.i32_add);
          at(pa, ia).mem(op.f32_load, 2);
          at(pb, ib).mem(op.f32_load, 2);
          f.emit(SCALAR[name]).mem(op.f32_store, 2);
          f.get(c).i32(1).emit(op.i32_add).set(c);
          f.br(0);
        }),
      );
    },
  );
  return f;
}

/**
 * `select_positive(x, g, out, n)`: out = x > 0 || x is NaN ? g : 0 — with g = x, relu (NaN kept,
 * −0 → 0, as the reference); with g = dOut and x = y, relu's gradient for mode 0 (NaN y → 0).
 * `keepNaN` picks the relu rule.
 */
function selectFunction(name: string, keepNaN: boolean): Fn {
  const f = new Fn(name, ["i32", "i32", "i32", "i32"], []);
  const [x, g, out, n] = [0, 1, 2, 3];
  const i = f.local("i32");
  const vx = f.local("v128");
  const zero = f.local("v128");
  f.f32(0).v(simd.f32x4_splat).set(zero);
  // n is a multiple of 4 here (the caller pads); four lanes per step
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n),
    4,
    () => {
      f.get(out).get(i).i32(2).emit(op.i32_shl).emit(op.i32_add);
      f.get(g).get(i).i32(2).emit(op.i32_shl).emit(op.i32_add).vmem(simd.v128_load);
      f.get(zero);
      f.get(x).get(i).i32(2).emit(op.i32_shl).emit(op.i32_add).vmem(simd.v128_load).tee(vx);
      f.get(zero).v(simd.f32x4_gt);
      if (keepNaN) f.get(vx).get(vx).v(66 /* f32x4.ne */).v(simd.v128_or);
      f.v(simd.v128_bitselect).vmem(simd.v128_store);
    },
  );
  return f;
}

/** Lane indices of i8x16.shuffle: the upper two f32 lanes of the first operand moved down. */
const UPPER_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** The lower two f32 lanes of each operand, side by side. */
const LOWER_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * `add_scaled(a, b, out, n, alpha, sign)`: out = a + sign·fround(alpha·b), four lanes at a time
 * with each product in f64 (two f64x2 halves) and rounded once, as the JavaScript kernel's
 * double product is. n is a multiple of 4 here (the caller pads).
 */
function addScaledFunction(): Fn {
  const f = new Fn("add_scaled", ["i32", "i32", "i32", "i32", "f64", "f32"], []);
  const [a, b, out, n, alpha, sign] = [0, 1, 2, 3, 4, 5];
  const i = f.local("i32");
  const vb = f.local("v128");
  const alpha2 = f.local("v128");
  const sign4 = f.local("v128");
  const at = (base: number) => f.get(base).get(i).i32(2).emit(op.i32_shl).emit(op.i32_add);
  const shuffle = (lanes: number[]) => f.v(simd.i8x16_shuffle).emit(...lanes);
  f.get(alpha).v(simd.f64x2_splat).set(alpha2);
  f.get(sign).v(simd.f32x4_splat).set(sign4);
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n),
    4,
    () => {
      at(out);
      at(a).vmem(simd.v128_load);
      at(b).vmem(simd.v128_load).set(vb);
      // lanes 0, 1 and lanes 2, 3 of b as f64, times alpha, each rounded to f32
      f.get(vb).v(simd.f64x2_promote_low_f32x4).get(alpha2).v(simd.f64x2_mul);
      f.v(simd.f32x4_demote_f64x2_zero);
      f.get(vb).get(vb);
      shuffle(UPPER_HALF);
      f.v(simd.f64x2_promote_low_f32x4).get(alpha2).v(simd.f64x2_mul);
      f.v(simd.f32x4_demote_f64x2_zero);
      shuffle(LOWER_HALVES);
      f.get(sign4).v(simd.f32x4_mul).v(simd.f32x4_add);
      f.vmem(simd.v128_store);
    },
  );
  return f;
}

export function elementwiseFunctions(): Fn[] {
  return [
    ...BINARY_OPS.map(binaryFunction),
    selectFunction("relu_f32", true),
    selectFunction("relu_grad_f32", false),
    addScaledFunction(),
  ];
}
