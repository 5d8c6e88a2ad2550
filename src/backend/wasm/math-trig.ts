/**
 * sin and cos in wasm float64 arithmetic (see math.ts), after fdlibm (FreeBSD's k_sin.c, k_cos.c
 * and the "medium" case of e_rem_pio2.c): x = n·π/2 + (y0 + y1) with π/2 in three 33-bit parts,
 * then the kernel polynomials on [−π/4, π/4] with the tail y1. That reduction is exact enough
 * below TRIG_LIMIT = 2²⁰·π/2; above it (arguments no network meets) the caller uses Math.sin and
 * Math.cos instead, which need the 1,100-bit 2/π table of the full Payne–Hanek reduction.
 */
import { Fn, op } from "./assembler.js";

/** |x| below which the wasm sin and cos apply; the callers hand larger inputs to Math. */
export const TRIG_LIMIT = 2 ** 20 * (Math.PI / 2);

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417; // the first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
const PIO2_2 = 6.0771005063039659766e-11; // the next 33 bits
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const S = [
  -1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4,
  2.75573137070700676789e-6, -2.50507602534068634195e-8, 1.58969099521155010221e-10,
];
const C = [
  4.16666666666666019037e-2, -1.38888888888741095749e-3, 2.48015872894767294178e-5,
  -2.75573143513906633035e-7, 2.0875723212981748279e-9, -1.13596475577881948265e-11,
];

/** Pushes c[0] + z·(c[1] + z·(… c[last])) for an f64 local z. */
function horner(f: Fn, z: number, c: readonly number[]): void {
  f.f64(c[c.length - 1]!);
  for (let i = c.length - 2; i >= 0; i--) f.get(z).emit(op.f64_mul).f64(c[i]!).emit(op.f64_add);
}

/** The biased exponent of an f64 local (bits 52–62), as i32. */
function exponent(f: Fn, x: number): void {
  f.get(x).emit(op.i64_reinterpret_f64).i64(52n).emit(op.i64_shr_u).emit(op.i32_wrap_i64);
  f.i32(0x7ff).emit(op.i32_and);
}

/** sin on [−π/4, π/4] of x + y (|y| tiny): x + x³·(S1 + …), with the tail y folded in. */
export function kernelSin64(): Fn {
  const f = new Fn("ksin64", ["f64", "f64"], ["f64"]);
  const [x, y] = [0, 1];
  const z = f.local("f64");
  const v = f.local("f64");
  const r = f.local("f64");
  f.get(x).get(x).emit(op.f64_mul).set(z);
  f.get(z).get(x).emit(op.f64_mul).set(v);
  horner(f, z, S.slice(1));
  f.set(r);
  // x − ((z·(y/2 − v·r) − y) − v·S1)
  f.get(x);
  f.get(z).f64(0.5).get(y).emit(op.f64_mul).get(v).get(r).emit(op.f64_mul).emit(op.f64_sub);
  f.emit(op.f64_mul).get(y).emit(op.f64_sub);
  f.get(v).f64(S[0]!).emit(op.f64_mul).emit(op.f64_sub);
  f.emit(op.f64_sub);
  return f;
}

/** cos on [−π/4, π/4] of x + y: w + (((1 − w) − z/2) + (z·r − x·y)) with w = 1 − z/2. */
export function kernelCos64(): Fn {
  const f = new Fn("kcos64", ["f64", "f64"], ["f64"]);
  const [x, y] = [0, 1];
  const z = f.local("f64");
  const hz = f.local("f64");
  const w = f.local("f64");
  f.get(x).get(x).emit(op.f64_mul).set(z);
  f.f64(0.5).get(z).emit(op.f64_mul).set(hz);
  f.f64(1).get(hz).emit(op.f64_sub).set(w);
  f.get(w);
  f.f64(1).get(w).emit(op.f64_sub).get(hz).emit(op.f64_sub);
  f.get(z).get(z);
  horner(f, z, C);
  f.emit(op.f64_mul).emit(op.f64_mul); // z·r with r = z·(C1 + …)
  f.get(x).get(y).emit(op.f64_mul).emit(op.f64_sub);
  f.emit(op.f64_add).emit(op.f64_add);
  return f;
}

/**
 * `name(x)`: sin or cos by quadrant n mod 4 of the reduced argument. `ksin` and `kcos` are the
 * function indices of the kernels. NaN and ±∞ give NaN; |x| ≥ TRIG_LIMIT gives NaN too (the
 * caller replaces it).
 */
export function trig64(name: "sin64" | "cos64", ksin: number, kcos: number): Fn {
  const f = new Fn(name, ["f64"], ["f64"]);
  const x = 0;
  const fn = f.local("f64");
  const r = f.local("f64");
  const w = f.local("f64");
  const t = f.local("f64");
  const y0 = f.local("f64");
  const y1 = f.local("f64");
  const n = f.local("i32");
  const j = f.local("i32");
  f.get(x).emit(op.f64_abs).f64(TRIG_LIMIT).emit(op.f64_lt).emit(op.i32_eqz);
  f.if(() => f.f64(NaN).emit(op.return)); // also NaN and ±∞
  f.get(x)
    .emit(op.f64_abs)
    .f64(Math.PI / 4)
    .emit(op.f64_le);
  f.if(() => {
    f.get(x)
      .f64(0)
      .call(name === "sin64" ? ksin : kcos)
      .emit(op.return);
  });
  // n = round(x·2/π); y0 + y1 = x − n·π/2 to 85 bits, refined to 118 and 151 where it cancels
  f.get(x).f64(INV_PIO2).emit(op.f64_mul).emit(op.f64_nearest).tee(fn);
  f.emit(op.i32_trunc_f64_s).set(n);
  f.get(x).get(fn).f64(PIO2_1).emit(op.f64_mul).emit(op.f64_sub).set(r);
  f.get(fn).f64(PIO2_1T).emit(op.f64_mul).set(w);
  f.get(r).get(w).emit(op.f64_sub).set(y0);
  exponent(f, x);
  f.set(j);
  const refine = (part: number, tail: number) => {
    f.get(r).set(t);
    f.get(fn).f64(part).emit(op.f64_mul).set(w);
    f.get(t).get(w).emit(op.f64_sub).set(r);
    // w = fn·tail − ((t − r) − w)
    f.get(fn).f64(tail).emit(op.f64_mul);
    f.get(t).get(r).emit(op.f64_sub).get(w).emit(op.f64_sub);
    f.emit(op.f64_sub).set(w);
    f.get(r).get(w).emit(op.f64_sub).set(y0);
  };
  const lostBits = () => {
    f.get(j);
    exponent(f, y0);
    f.emit(op.i32_sub);
  };
  lostBits();
  f.i32(16).emit(op.i32_gt_s);
  f.if(() => {
    refine(PIO2_2, PIO2_2T);
    lostBits();
    f.i32(49).emit(op.i32_gt_s);
    f.if(() => refine(PIO2_3, PIO2_3T));
  });
  f.get(r).get(y0).emit(op.f64_sub).get(w).emit(op.f64_sub).set(y1);
  // sin: ksin, kcos, −ksin, −kcos by n mod 4; cos: kcos, −ksin, −kcos, ksin
  const quadrant = name === "sin64" ? 0 : 1;
  f.get(n).i32(quadrant).emit(op.i32_add).i32(1).emit(op.i32_and);
  f.ifValue(
    "f64",
    () => f.get(y0).get(y1).call(kcos),
    () => f.get(y0).get(y1).call(ksin),
  );
  f.set(t);
  f.get(n).i32(quadrant).emit(op.i32_add).i32(2).emit(op.i32_and);
  f.ifValue(
    "f64",
    () => f.get(t).emit(op.f64_neg),
    () => f.get(t),
  );
  return f;
}
