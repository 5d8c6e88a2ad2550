/**
 * exp, log, log1p, expm1, tanh, sigmoid, erf and softplus written with wasm float64 arithmetic
 * only, so they give the same bits on every engine (Math.exp and friends differ between engines in
 * the last bit). Each float32 result is the float64 value rounded once. Range reduction and the
 * series are the textbook ones: exp by x = k·ln2 + r with ln2 split in two, log by
 * log(1 + f) = 2·atanh(f / (2 + f)), erf by its Taylor series and erfc's continued fraction.
 */
import { Fn, op, type ValType } from "./assembler.js";

/** ln 2 = LN2_HI + LN2_LO: LN2_HI has 21 trailing zero bits, so k·LN2_HI is exact for |k| < 2¹¹. */
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = 1.4426950408889634;
const SQRT2 = Math.SQRT2;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** 1/n! for n = 0…22 (e^r's Taylor series needs up to r¹³ for |r| ≤ ln2/2, expm1's to x²² for |x| ≤ 1.1). */
const INV_FACTORIAL = Array.from({ length: 23 }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return 1 / f;
});

/** The scalar helpers, in index order after `first`; map kernels follow them. */
const HELPERS = ["exp64", "log64", "log1p64", "expm1_64", "tanh64", "sigmoid64", "erf64"] as const;
type Helper = (typeof HELPERS)[number];

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

function exp64(): Fn {
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

function log64(): Fn {
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

function log1p64(log: number): Fn {
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

function expm1_64(exp: number): Fn {
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

function tanh64(expm1: number): Fn {
  const f = new Fn("tanh64", ["f64"], ["f64"]);
  const x = 0;
  const a = f.local("f64");
  const t = f.local("f64");
  f.get(x).emit(op.f64_abs).set(a);
  f.get(a)
    .f64(2 ** -28)
    .emit(op.f64_lt)
    .if(() => f.get(x).emit(op.return)); // also ±0
  f.get(a)
    .f64(22)
    .emit(op.f64_gt)
    .if(() => f.f64(1).get(x).emit(op.f64_copysign).emit(op.return));
  // t = expm1(2a) > 0; tanh a = t/(t + 2) below 1, 1 − 2/(t + 2) above (a small correction)
  f.get(a).f64(2).emit(op.f64_mul).call(expm1).set(t);
  f.get(a).f64(1).emit(op.f64_lt);
  f.emit(0x04, 0x7c);
  f.get(t).get(t).f64(2).emit(op.f64_add).emit(op.f64_div);
  f.emit(0x05);
  f.f64(1).f64(2).get(t).f64(2).emit(op.f64_add).emit(op.f64_div).emit(op.f64_sub);
  f.emit(0x0b);
  f.get(x).emit(op.f64_copysign); // NaN propagates through expm1
  return f;
}

function sigmoid64(exp: number): Fn {
  const f = new Fn("sigmoid64", ["f64"], ["f64"]);
  const x = 0;
  const e = f.local("f64");
  // exp only of a non-positive number: no overflow
  f.get(x).f64(0).emit(op.f64_ge);
  f.if(() => {
    f.f64(1).f64(1).get(x).emit(op.f64_neg).call(exp).emit(op.f64_add).emit(op.f64_div);
    f.emit(op.return);
  });
  f.get(x).call(exp).tee(e).f64(1).get(e).emit(op.f64_add).emit(op.f64_div);
  return f;
}

/** erf as in scalar-math.ts, with this file's exp: series below 3, erfc's fraction above. */
function erf64(exp: number): Fn {
  const f = new Fn("erf64", ["f64"], ["f64"]);
  const x = 0;
  const ax = f.local("f64");
  const x2 = f.local("f64");
  const term = f.local("f64");
  const sum = f.local("f64");
  const n = f.local("i32");
  const fr = f.local("f64");
  const c = f.local("f64");
  const d = f.local("f64");
  const half = f.local("f64");
  const delta = f.local("f64");
  const tail = f.local("f64");
  f.get(x)
    .get(x)
    .emit(op.f64_ne)
    .if(() => f.get(x).emit(op.return));
  f.get(x).emit(op.f64_abs).set(ax);
  f.get(ax).f64(3).emit(op.f64_lt);
  f.if(() => {
    f.get(x).get(x).emit(op.f64_mul).set(x2);
    f.get(x).tee(term).set(sum);
    f.forRange(
      n,
      () => f.i32(1),
      () => f.i32(200),
      1,
      () => {
        // term ·= 2x²/(2n + 1)
        f.get(term).f64(2).get(x2).emit(op.f64_mul);
        f.get(n).i32(2).emit(op.i32_mul).i32(1).emit(op.i32_add).emit(op.f64_convert_i32_s);
        f.emit(op.f64_div).emit(op.f64_mul).set(term);
        f.get(sum).get(term).emit(op.f64_add).set(sum);
        f.get(term).emit(op.f64_abs).f64(1e-17).get(sum).emit(op.f64_abs).emit(op.f64_mul);
        f.emit(op.f64_lt).if(() => f.i32(1000).set(n));
      },
    );
    f.f64(TWO_OVER_SQRT_PI).get(x2).emit(op.f64_neg).call(exp).emit(op.f64_mul);
    f.get(sum).emit(op.f64_mul).emit(op.return);
  });
  f.get(ax)
    .f64(27)
    .emit(op.f64_gt)
    .if(() => f.f64(1).get(x).emit(op.f64_copysign).emit(op.return));
  // erfc(ax) by the continued fraction, modified Lentz
  f.get(ax).tee(fr).set(c);
  f.f64(0).set(d);
  f.forRange(
    n,
    () => f.i32(1),
    () => f.i32(300),
    1,
    () => {
      f.get(n).emit(op.f64_convert_i32_s).f64(0.5).emit(op.f64_mul).set(half);
      f.get(ax).get(half).get(d).emit(op.f64_mul).emit(op.f64_add).set(d);
      f.get(d)
        .f64(0)
        .emit(op.f64_eq)
        .if(() => f.f64(1e-300).set(d));
      f.get(ax).get(half).get(c).emit(op.f64_div).emit(op.f64_add).set(c);
      f.get(c)
        .f64(0)
        .emit(op.f64_eq)
        .if(() => f.f64(1e-300).set(c));
      f.f64(1).get(d).emit(op.f64_div).set(d);
      f.get(c).get(d).emit(op.f64_mul).set(delta);
      f.get(fr).get(delta).emit(op.f64_mul).set(fr);
      f.get(delta).f64(1).emit(op.f64_sub).emit(op.f64_abs).f64(1e-16).emit(op.f64_lt);
      f.if(() => f.i32(1000).set(n));
    },
  );
  f.f64(ONE_OVER_SQRT_PI).get(ax).get(ax).emit(op.f64_mul).emit(op.f64_neg).call(exp);
  f.emit(op.f64_mul).get(fr).emit(op.f64_div).set(tail);
  f.get(x).f64(0).emit(op.f64_gt);
  f.emit(0x04, 0x7c); // if (result f64)
  f.f64(1).get(tail).emit(op.f64_sub);
  f.emit(0x05);
  f.get(tail).f64(1).emit(op.f64_sub);
  f.emit(0x0b);
  return f;
}

export type MathOp = "exp" | "log" | "log1p" | "tanh" | "sigmoid" | "erf" | "softplus";
export const MATH_OPS: readonly MathOp[] = [
  "exp",
  "log",
  "log1p",
  "tanh",
  "sigmoid",
  "erf",
  "softplus",
];
const HELPER_OF: Record<Exclude<MathOp, "softplus">, Helper> = {
  exp: "exp64",
  log: "log64",
  log1p: "log1p64",
  tanh: "tanh64",
  sigmoid: "sigmoid64",
  erf: "erf64",
};

/**
 * `name(src, dst, n[, beta, threshold])`: dst[i] = op(src[i]) over float32 or float64 storage,
 * computed in float64. softplus: log1p(e^(βx))/β, x itself above the threshold (torch's rule).
 */
function mapFunction(mathOp: MathOp, type: "f32" | "f64", index: (h: Helper) => number): Fn {
  const params: ValType[] = ["i32", "i32", "i32"];
  if (mathOp === "softplus") params.push("f64", "f64");
  const f = new Fn(`${mathOp}_${type}`, params, []);
  const [src, dst, n] = [0, 1, 2];
  const i = f.local("i32");
  const x = f.local("f64");
  const size = type === "f32" ? 4 : 8;
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n),
    1,
    () => {
      f.get(dst).get(i).i32(size).emit(op.i32_mul).emit(op.i32_add);
      f.get(src).get(i).i32(size).emit(op.i32_mul).emit(op.i32_add);
      if (type === "f32") f.mem(op.f32_load, 2).emit(op.f64_promote_f32);
      else f.mem(op.f64_load, 3);
      f.set(x);
      if (mathOp === "softplus") {
        const [beta, threshold] = [3, 4];
        f.get(x).get(beta).emit(op.f64_mul).get(threshold).emit(op.f64_gt);
        f.emit(0x04, 0x7c);
        f.get(x);
        f.emit(0x05);
        f.get(x).get(beta).emit(op.f64_mul).call(index("exp64")).call(index("log1p64"));
        f.get(beta).emit(op.f64_div);
        f.emit(0x0b);
      } else {
        f.get(x).call(index(HELPER_OF[mathOp]));
      }
      if (type === "f32") f.emit(op.f32_demote_f64).mem(op.f32_store, 2);
      else f.mem(op.f64_store, 3);
    },
  );
  return f;
}

/** The helpers and the map kernels, for a module in which they start at function index `first`. */
export function mathFunctions(first: number): Fn[] {
  const index = (h: Helper) => first + HELPERS.indexOf(h);
  const helpers = [
    exp64(),
    log64(),
    log1p64(index("log64")),
    expm1_64(index("exp64")),
    tanh64(index("expm1_64")),
    sigmoid64(index("exp64")),
    erf64(index("exp64")),
  ];
  const maps = MATH_OPS.flatMap((m) => [
    mapFunction(m, "f32", index),
    mapFunction(m, "f64", index),
  ]);
  return [...helpers, ...maps];
}
