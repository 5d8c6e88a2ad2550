/**
 * exp, log, log1p and expm1 in wasm float64 arithmetic (see math.ts): exp by x = k·ln2 + r with
 * ln2 split in two, log by log(1 + f) = 2·atanh(f / (2 + f)), both with Taylor series.
 */
import { Fn, op } from "./assembler.js";

/** ln 2 = LN2_HI + LN2_LO: LN2_HI has 21 trailing zero bits, so k·LN2_HI is exact for |k| < 2¹¹. */
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = 1.4426950408889634;
const SQRT2 = Math.SQRT2;

/** 1/n! for n = 0…22 (e^r's Taylor series needs up to r¹³ for |r| ≤ ln2/2, expm1's to x²² for |x| ≤ 1.1). */
const INV_FACTORIAL = Array.from({ length: 23 }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return 1 / f;
});

/** Pushes 2^j (j an i32 local in −1022…1023) as f64, built from its bits. */
function pow2(f: Fn, j: number): void {
  f.get(j).i32(1023).emit(op.i32_add).emit(op.i64_extend_i32_u).i64(52n).emit(op.i64_shl);
  f.emit(op.f64_reinterpret_i64);
}

/** Horner: pushes c[0] + r·(c[1] + r·(… c[last])) for an f64 local r. */
function horner(f: Fn, r: number, c: readonly number[]): void {
  f.f64(c[c.length - 1]!);
  for (let i = c.length - 2; i >= 0; i--) f.get(r).emit(op.f64_mul).f64(c[i]!).emit(op.f64_add);
}

export function exp64(): Fn {
  const f = new Fn("exp64", ["f64"], ["f64"]);
  const x = 0;
  const kf = f.local("f64");
  const r = f.local("f64");
  const e = f.local("f64");
  const k = f.local("i32");
  const j = f.local("i32");
  f.get(x)
    .get(x)
    .emit(op.f64_ne)
    .if(() => f.get(x).emit(op.return));
  f.get(x)
    .f64(709.782712893384)
    .emit(op.f64_gt)
    .if(() => f.f64(Infinity).emit(op.return));
  f.get(x)
    .f64(-745.1332191019412)
    .emit(op.f64_lt)
    .if(() => f.f64(0).emit(op.return));
  f.get(x).f64(LOG2E).emit(op.f64_mul).emit(op.f64_nearest).tee(kf).emit(op.i32_trunc_f64_s).set(k);
  // r = (x − k·LN2_HI) − k·LN2_LO; the first difference is exact
  f.get(x).get(kf).f64(LN2_HI).emit(op.f64_mul).emit(op.f64_sub);
  f.get(kf).f64(LN2_LO).emit(op.f64_mul).emit(op.f64_sub).set(r);
  // e^r = 1 + (r + r²·(1/2 + r/6 + …)): the small terms are summed before the 1 is added
  f.get(r).get(r).get(r).emit(op.f64_mul);
  horner(f, r, INV_FACTORIAL.slice(2, 14));
  f.emit(op.f64_mul).emit(op.f64_add).f64(1).emit(op.f64_add).set(e);
  // × 2^k in two exact steps where 2^k alone is not a normal number
  f.get(k).i32(1023).emit(op.i32_gt_s);
  f.if(() => {
    f.get(e)
      .f64(2 ** 1023)
      .emit(op.f64_mul);
    f.get(k).i32(1023).emit(op.i32_sub).set(j);
    pow2(f, j);
    f.emit(op.f64_mul).emit(op.return);
  });
  f.get(k).i32(-1022).emit(op.i32_lt_s);
  f.if(() => {
    f.get(k).i32(200).emit(op.i32_add).set(j);
    f.get(e);
    pow2(f, j);
    f.emit(op.f64_mul)
      .f64(2 ** -200)
      .emit(op.f64_mul)
      .emit(op.return);
  });
  f.get(e);
  pow2(f, k);
  f.emit(op.f64_mul);
  return f;
}

export function log64(): Fn {
  const f = new Fn("log64", ["f64"], ["f64"]);
  const x = 0;
  const bits = f.local("i64");
  const e = f.local("f64");
  const m = f.local("f64");
  const fr = f.local("f64");
  const s = f.local("f64");
  const z = f.local("f64");
  const hfsq = f.local("f64");
  const adjust = f.local("i32");
  f.get(x)
    .get(x)
    .emit(op.f64_ne)
    .if(() => f.get(x).emit(op.return));
  f.get(x)
    .f64(0)
    .emit(op.f64_lt)
    .if(() => f.f64(NaN).emit(op.return));
  f.get(x)
    .f64(0)
    .emit(op.f64_eq)
    .if(() => f.f64(-Infinity).emit(op.return));
  f.get(x)
    .f64(Infinity)
    .emit(op.f64_eq)
    .if(() => f.get(x).emit(op.return));
  // subnormals: scale into the normal range first
  f.get(x)
    .f64(2 ** -1022)
    .emit(op.f64_lt);
  f.if(() => {
    f.get(x)
      .f64(2 ** 54)
      .emit(op.f64_mul)
      .set(x);
    f.i32(-54).set(adjust);
  });
  f.get(x).emit(op.i64_reinterpret_f64).set(bits);
  f.get(bits).i64(52n).emit(op.i64_shr_u).emit(op.i32_wrap_i64).i32(1023).emit(op.i32_sub);
  f.get(adjust).emit(op.i32_add).emit(op.f64_convert_i32_s).set(e);
  // m in [1, 2): the mantissa with a zero exponent; then into [√2/2, √2)
  f.get(bits)
    .i64((1n << 52n) - 1n)
    .emit(op.i64_and)
    .i64(1023n << 52n)
    .emit(op.i64_or);
  f.emit(op.f64_reinterpret_i64).set(m);
  f.get(m).f64(SQRT2).emit(op.f64_gt);
  f.if(() => {
    f.get(m).f64(0.5).emit(op.f64_mul).set(m);
    f.get(e).f64(1).emit(op.f64_add).set(e);
  });
  f.get(m).f64(1).emit(op.f64_sub).set(fr); // exact
  f.get(fr).f64(2).get(fr).emit(op.f64_add).emit(op.f64_div).set(s);
  f.get(s).get(s).emit(op.f64_mul).set(z);
  f.f64(0.5).get(fr).emit(op.f64_mul).get(fr).emit(op.f64_mul).set(hfsq);
  // log(1+f) = f − hfsq + s·(hfsq + R), R = Σₙ≥₁ 2zⁿ/(2n+1) (z ≤ 0.0295: 12 terms)
  f.get(e).f64(LN2_HI).emit(op.f64_mul);
  f.get(fr);
  f.get(hfsq);
  f.get(s);
  f.get(hfsq);
  f.get(z);
  horner(
    f,
    z,
    Array.from({ length: 12 }, (_, i) => 2 / (2 * i + 3)),
  );
  f.emit(op.f64_mul); // R
  f.emit(op.f64_add).emit(op.f64_mul); // s·(hfsq + R)
  f.get(e).f64(LN2_LO).emit(op.f64_mul).emit(op.f64_add);
  f.emit(op.f64_sub).emit(op.f64_sub).emit(op.f64_add);
  return f;
}

export function log1p64(log: number): Fn {
  const f = new Fn("log1p64", ["f64"], ["f64"]);
  const x = 0;
  const u = f.local("f64");
  // log1p(x) = log(u) + (x − (u − 1))/u with u = 1 + x rounded: the quotient restores what the
  // rounding of u lost (and log1p(x) = x where u is 1)
  f.get(x).f64(1).emit(op.f64_add).set(u);
  f.get(u)
    .f64(1)
    .emit(op.f64_eq)
    .if(() => f.get(x).emit(op.return));
  // u = ∞ stays ∞; u ≤ 0 gives log's −∞ or NaN
  f.get(u).f64(Infinity).emit(op.f64_eq).get(u).f64(0).emit(op.f64_le).emit(op.i32_or);
  f.if(() => f.get(u).call(log).emit(op.return));
  f.get(u).call(log);
  f.get(x).get(u).f64(1).emit(op.f64_sub).emit(op.f64_sub).get(u).emit(op.f64_div);
  f.emit(op.f64_add);
  return f;
}

export function expm1_64(exp: number): Fn {
  const f = new Fn("expm1_64", ["f64"], ["f64"]);
  const x = 0;
  const kf = f.local("f64");
  const r = f.local("f64");
  const k = f.local("i32");
  const series = (v: number) => {
    // v + v²·(1/2 + v/6 + …): the v² part is at most 0.65 of the result for |v| ≤ 1.1
    f.get(v).get(v).get(v).emit(op.f64_mul);
    horner(f, v, INV_FACTORIAL.slice(2, 23));
    f.emit(op.f64_mul).emit(op.f64_add);
  };
  f.get(x).emit(op.f64_abs).f64(1.1).emit(op.f64_le);
  f.if(() => {
    series(x);
    f.emit(op.return);
  });
  f.get(x)
    .get(x)
    .emit(op.f64_ne)
    .if(() => f.get(x).emit(op.return));
  // far out (|x| > 36, so |k| > 51), e^x − 1 is e^x or −1 to the last bit
  f.get(x).emit(op.f64_abs).f64(36).emit(op.f64_gt);
  f.if(() => f.get(x).call(exp).f64(1).emit(op.f64_sub).emit(op.return));
  f.get(x).f64(LOG2E).emit(op.f64_mul).emit(op.f64_nearest).tee(kf).emit(op.i32_trunc_f64_s).set(k);
  // e^x − 1 = (2^k − 1) + 2^k·expm1(r), x = k·ln2 + r; 2^k − 1 is exact here
  f.get(x).get(kf).f64(LN2_HI).emit(op.f64_mul).emit(op.f64_sub);
  f.get(kf).f64(LN2_LO).emit(op.f64_mul).emit(op.f64_sub).set(r);
  pow2(f, k);
  f.f64(1).emit(op.f64_sub);
  pow2(f, k);
  series(r);
  f.emit(op.f64_mul).emit(op.f64_add);
  return f;
}
