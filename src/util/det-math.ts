/**
 * exp, log, log1p, sin, cos and integer powers from IEEE +, −, ×, ÷ and bit manipulation only,
 * so that they give the same bits in every JavaScript engine (Math.exp, Math.pow and friends
 * differ between V8 versions in the last bit). Each follows, operation for operation, the float64
 * code the wasm backend emits (src/backend/wasm/math-exp-log.ts, math-trig.ts), so JavaScript
 * and wasm agree to the bit too. Two inputs stay on Math: sin and cos beyond TRIG_LIMIT
 * (|x| ≥ 2²⁰·π/2, which needs fdlibm's 1,100-bit table of 2/π), and pow with a non-integer
 * exponent.
 */
import { powInt } from "../optim/int-pow.js";

/** |x| at and above which sin and cos fall back to Math.sin and Math.cos. */
export const TRIG_LIMIT = 2 ** 20 * (Math.PI / 2);

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = 1.4426950408889634;
const TWO_1023 = 2 ** 1023;
const TWO_M200 = 2 ** -200;
const TWO_M1022 = 2 ** -1022;
const TWO_54 = 2 ** 54;
/** v + ROUNDER − ROUNDER is v rounded to the nearest integer, ties to even (wasm's f64.nearest). */
const ROUNDER = 1.5 * 2 ** 52;

// One scratch double and its two 32-bit halves; HI indexes the half with sign and exponent.
const scratch = new Float64Array(1);
const words = new Int32Array(scratch.buffer);
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function nearest(v: number): number {
  return v + ROUNDER - ROUNDER;
}

/** 2^j for an integer j in −1022…1023, each built from its bits: POWERS_OF_TWO[j + 1022]. */
const POWERS_OF_TWO = Float64Array.from({ length: 2046 }, (_, i) => {
  words[HI] = (i + 1) << 20;
  words[LO] = 0;
  return scratch[0]!;
});

function pow2(j: number): number {
  return POWERS_OF_TWO[j + 1022]!;
}

/** The biased exponent of x (bits 52–62). */
function biasedExponent(x: number): number {
  scratch[0] = x;
  return (words[HI]! >>> 20) & 0x7ff;
}

/** e^x: x = k·ln2 + r with ln2 in two parts, e^r by its Taylor series to r¹³, then × 2^k. */
export function exp(x: number): number {
  if (x !== x) return x;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const kf = nearest(x * LOG2E);
  const k = kf | 0;
  const r = x - kf * LN2_HI - kf * LN2_LO; // the first difference is exact
  // 1 + (r + r²·(1/2! + r/3! + … + r¹¹/13!)): the small terms summed before the 1
  let p = 1.6059043836821613e-10;
  p = p * r + 2.08767569878681e-9;
  p = p * r + 2.505210838544172e-8;
  p = p * r + 2.755731922398589e-7;
  p = p * r + 0.0000027557319223985893;
  p = p * r + 0.0000248015873015873;
  p = p * r + 0.0001984126984126984;
  p = p * r + 0.001388888888888889;
  p = p * r + 0.008333333333333333;
  p = p * r + 0.041666666666666664;
  p = p * r + 0.16666666666666666;
  p = p * r + 0.5;
  const e = r + r * r * p + 1;
  // × 2^k in two exact steps where 2^k alone is not a normal number
  if (k > 1023) return e * TWO_1023 * pow2(k - 1023);
  if (k < -1022) return e * pow2(k + 200) * TWO_M200;
  return e * pow2(k);
}

/** ln x: x = 2^e·m with m in [√2/2, √2), log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2 + f). */
export function log(x: number): number {
  if (x !== x) return x;
  if (x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  let adjust = 0;
  if (x < TWO_M1022) {
    x *= TWO_54; // subnormals: into the normal range first
    adjust = -54;
  }
  scratch[0] = x;
  const hi = words[HI]!;
  let e = (hi >>> 20) - 1023 + adjust;
  words[HI] = (hi & 0xfffff) | 0x3ff00000; // m in [1, 2): the same mantissa, exponent 0
  let m = scratch[0];
  if (m > Math.SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const f = m - 1; // exact
  const s = f / (2 + f);
  const z = s * s;
  const hfsq = 0.5 * f * f;
  // R = Σₙ≥₁ 2zⁿ/(2n+1), z ≤ 0.0295: 12 terms
  let p = 0.08;
  p = p * z + 0.08695652173913043;
  p = p * z + 0.09523809523809523;
  p = p * z + 0.10526315789473684;
  p = p * z + 0.11764705882352941;
  p = p * z + 0.13333333333333333;
  p = p * z + 0.15384615384615385;
  p = p * z + 0.18181818181818182;
  p = p * z + 0.2222222222222222;
  p = p * z + 0.2857142857142857;
  p = p * z + 0.4;
  p = p * z + 0.6666666666666666;
  const R = z * p;
  return e * LN2_HI + (f - (hfsq - (s * (hfsq + R) + e * LN2_LO)));
}

/** ln(1 + x) = log(u) + (x − (u − 1))/u with u = 1 + x rounded: the quotient restores what u lost. */
export function log1p(x: number): number {
  const u = x + 1;
  if (u === 1) return x;
  if (u === Infinity || u <= 0) return log(u);
  return log(u) + (x - (u - 1)) / u;
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417; // the first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
const PIO2_2 = 6.0771005063039659766e-11; // the next 33 bits
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;

/** sin on [−π/4, π/4] of x + y (|y| tiny), fdlibm's k_sin. */
function kernelSin(x: number, y: number): number {
  const z = x * x;
  const v = z * x;
  let r = 1.58969099521155010221e-10;
  r = r * z + -2.50507602534068634195e-8;
  r = r * z + 2.75573137070700676789e-6;
  r = r * z + -1.98412698298579493134e-4;
  r = r * z + 8.33333333332248946124e-3;
  return x - (z * (0.5 * y - v * r) - y - v * -1.66666666666666324348e-1);
}

/** cos on [−π/4, π/4] of x + y, fdlibm's k_cos: w + (((1 − w) − z/2) + (z·r − x·y)). */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  const hz = 0.5 * z;
  const w = 1 - hz;
  let r = -1.13596475577881948265e-11;
  r = r * z + 2.0875723212981748279e-9;
  r = r * z + -2.75573143513906633035e-7;
  r = r * z + 2.48015872894767294178e-5;
  r = r * z + -1.38888888888741095749e-3;
  r = r * z + 4.16666666666666019037e-2;
  return w + (1 - w - hz + (z * (z * r) - x * y));
}

/**
 * sin (quadrant 0) or cos (quadrant 1) of x: x = n·π/2 + (y0 + y1) with π/2 in three 33-bit
 * parts (fdlibm's "medium" reduction), then the kernel by (n + quadrant) mod 4.
 */
function trig(x: number, quadrant: 0 | 1): number {
  if (!(Math.abs(x) < TRIG_LIMIT)) {
    if (x - x !== 0) return NaN; // NaN, ±∞
    return quadrant === 0 ? Math.sin(x) : Math.cos(x);
  }
  if (Math.abs(x) <= Math.PI / 4) return quadrant === 0 ? kernelSin(x, 0) : kernelCos(x, 0);
  const fn = nearest(x * INV_PIO2);
  const n = fn | 0;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0 = r - w;
  const j = biasedExponent(x);
  // y0 + y1 = x − n·π/2 to 85 bits, refined to 118 and 151 where it cancels
  if (j - biasedExponent(y0) > 16) {
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (j - biasedExponent(y0) > 49) {
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  const t = (n + quadrant) & 1 ? kernelCos(y0, y1) : kernelSin(y0, y1);
  return (n + quadrant) & 2 ? -t : t;
}

/** sin x (Math.sin beyond TRIG_LIMIT). */
export function sin(x: number): number {
  return trig(x, 0);
}

/** cos x (Math.cos beyond TRIG_LIMIT). */
export function cos(x: number): number {
  return trig(x, 1);
}

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter
/** Magnitudes within which the double-double products below neither overflow nor lose bits. */
const DD_MIN = 2 ** -900;
const DD_MAX = 2 ** 900;

/**
 * xⁿ for a non-negative integer n ≤ 64 as hi (its correctly rounded value), or NaN when a
 * double-double product cannot decide the rounding (then powInt's exact method does).
 */
function powSmall(x: number, n: number): number {
  // (hi, lo) ← (hi, lo)·x, n − 1 times, each product exact by Dekker's two-product
  const xs = SPLIT * x;
  const xh = xs - (xs - x);
  const xl = x - xh;
  let hi = x;
  let lo = 0;
  for (let i = 1; i < n; i++) {
    const p = hi * x;
    const hs = SPLIT * hi;
    const hh = hs - (hs - hi);
    const hl = hi - hh;
    const err = hh * xh - p + hh * xl + hl * xh + hl * xl;
    const e = err + lo * x;
    hi = p + e;
    lo = e - (hi - p);
    const a = Math.abs(hi);
    if (!(a > DD_MIN && a < DD_MAX)) return NaN;
  }
  // each step errs by under 2⁻¹⁰⁴ relatively: with 2⁻⁹⁶·n of slack, hi is the rounded xⁿ when
  // it is also the rounding of both ends of the interval
  const slack = Math.abs(hi) * n * 2 ** -96;
  return hi + (lo + slack) === hi && hi + (lo - slack) === hi ? hi : NaN;
}

/**
 * xⁿ for an integer n, the same in every engine: correctly rounded for n ≥ 0 (a double-double
 * product where that decides it, else powInt), 1/x⁻ⁿ for n < 0, Math.pow beyond 2⁵³ (where every
 * result is 0, ±1 or ±∞ exactly).
 */
export function powi(x: number, n: number): number {
  if (n < 0) return n >= -Number.MAX_SAFE_INTEGER ? 1 / powi(x, -n) : Math.pow(x, n);
  if (n > Number.MAX_SAFE_INTEGER) return Math.pow(x, n);
  if (n === 0) return 1; // NaN⁰ too, as in torch and Math.pow
  if (n === 1) return x;
  if (n === 2) return x * x;
  const a = Math.abs(x);
  if (n <= 64 && a > DD_MIN && a < DD_MAX) {
    const v = powSmall(a, n);
    if (v === v) return x < 0 && n % 2 === 1 ? -v : v;
  }
  return powInt(x, n);
}

/** aᵇ: through powi when b is an integer, so x^4 is the same everywhere; else Math.pow. */
export function pow(a: number, b: number): number {
  return Number.isInteger(b) ? powi(a, b) : Math.pow(a, b);
}

/** The logistic function as scalar-math's sigmoid (exp only of x ≤ 0), with this exp. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + exp(-x));
  const e = exp(x);
  return e / (1 + e);
}

/** torch's softplus as scalar-math's, with this exp and log1p: log(1 + e^(βx))/β below the threshold. */
export function softplus(x: number, beta: number, threshold: number): number {
  const bx = x * beta;
  return bx > threshold ? x : log1p(exp(bx)) / beta;
}
