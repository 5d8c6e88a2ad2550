/**
 * tanh, sigmoid and erf in wasm float64 arithmetic (see math.ts), each calling the exp or expm1
 * of math-exp-log.ts by function index.
 */
import { Fn, op } from "./assembler.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

export function tanh64(expm1: number): Fn {
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

export function sigmoid64(exp: number): Fn {
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

/** erf as in scalar-math.ts, with exp64: series below 3, erfc's fraction above. */
export function erf64(exp: number): Fn {
  const f = new Fn("erf64", ["f64"], ["f64"]);
  const x = 0;
  const ax = f.local("f64");
  const x2 = f.local("f64");
  const term = f.local("f64");
  const sum = f.local("f64");
  const n = f.local("i32");
  const fr = f.local("f64");
  f.get(x)
    .get(x)
    .emit(op.f64_ne)
    .if(() => f.get(x).emit(op.return));
  f.get(x).emit(op.f64_abs).set(ax);
  f.get(ax).f64(3).emit(op.f64_lt);
  f.if(() => {
    // erf x = 2/√π · e^(−x²) · Σₙ 2ⁿx²ⁿ⁺¹/(1·3·…·(2n + 1))
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
  erfcFraction(f, ax, n, fr);
  const tail = f.local("f64");
  // erfc(ax) = e^(−ax²)/√π / fraction
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

/**
 * fr = ax + ½/(ax + 1/(ax + (3/2)/(ax + …))), erfc's continued fraction, by the modified Lentz
 * method (n and fr are locals of f; the fraction's own locals are added here).
 */
function erfcFraction(f: Fn, ax: number, n: number, fr: number): void {
  const c = f.local("f64");
  const d = f.local("f64");
  const half = f.local("f64");
  const delta = f.local("f64");
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
}
