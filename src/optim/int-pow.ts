/**
 * powInt(x, n) = xⁿ for an integer n ≥ 0, correctly rounded: the double nearest the exact power
 * (ties to even), which is what CPython's `x ** n` gives (C's pow, correctly rounded in glibc).
 * JavaScript's `**` is not correctly rounded and differs between engines (V8 in Node 20 gives
 * 0.9 ** 4 = 0.6561000000000001, Chromium and CPython 0.6561), and neither is repeated
 * multiplication. Adam's bias corrections 1 − βᵗ use this, so runs agree across engines.
 *
 * Method (Ziv's strategy, exact): x = M·2^E with M an integer, so xⁿ = Mⁿ·2^(En). Square and
 * multiply on BigInt mantissas truncated to K bits, which gives a lower bound r ≤ xⁿ < r·(1 + δ);
 * if r and r·(1 + δ) round to the same double, that double is the answer; otherwise double K.
 * Once K exceeds Mⁿ's bit length nothing is truncated and the power is exact, so it terminates.
 */

const TWO52 = 2 ** 52;

/** x = m·2^e with m a non-negative integer (x finite, ≥ 0). */
function decompose(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (hi & 0xfffff) * 2 ** 32 + lo;
  if (biased === 0) return { m: BigInt(fraction), e: -1074 };
  return { m: BigInt(fraction + TWO52), e: biased - 1075 };
}

function bitLength(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

/** m·2^e rounded to the nearest double, ties to even (m > 0). */
function roundToDouble(m: bigint, e: number): number {
  const length = bitLength(m);
  if (length - 1 + e > 1023) return Infinity;
  // keep 53 significant bits, fewer where the result is subnormal (lowest bit 2^-1074)
  const keep = Math.min(53, length + e + 1074);
  if (keep < 0) return 0;
  const drop = length - keep;
  let q = m;
  let shift = e;
  if (drop > 0) {
    q = m >> BigInt(drop);
    const rest = m - (q << BigInt(drop));
    const half = 1n << BigInt(drop - 1);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
    shift = e + drop;
  }
  return scale(Number(q), shift);
}

/** x·2^k, exact when the result is representable: steps that never pass below the result. */
function scale(x: number, k: number): number {
  let value = x;
  let rest = k;
  while (rest > 1000) {
    value *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    value *= 2 ** -1000;
    rest += 1000;
  }
  return value * 2 ** rest;
}

/** Keeps the top `bits` bits of m (truncating); returns the new mantissa and exponent. */
function truncate(m: bigint, e: number, bits: number): [bigint, number, boolean] {
  const length = bitLength(m);
  if (length <= bits) return [m, e, false];
  const drop = length - bits;
  return [m >> BigInt(drop), e + drop, true];
}

/** xⁿ correctly rounded, for a finite x and a safe integer n ≥ 0 (see the file comment). */
export function powInt(x: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`powInt: the exponent must be a non-negative safe integer, got ${n}`);
  }
  if (n === 0) return 1;
  if (!Number.isFinite(x) || x === 0) return x ** n; // NaN, ±Infinity, ±0: exact in every engine
  const negative = x < 0 && n % 2 === 1;
  const magnitude = Math.abs(x);
  // far outside the double range: no need for the exact power (the margins dwarf log2's error)
  const log2 = n * Math.log2(magnitude);
  if (log2 < -1080) return negative ? -0 : 0;
  if (log2 > 1030) return negative ? -Infinity : Infinity;
  const { m, e } = decompose(magnitude);
  const exponentBits = bitLength(BigInt(n));
  for (let bits = 64 + 2 * exponentBits; ; bits *= 2) {
    let [rm, re] = [1n, 0];
    let [bm, be] = [m, e];
    let inexact = false;
    for (let k = n; k > 0; k = Math.floor(k / 2)) {
      if (k % 2 === 1) {
        const [tm, te, lost] = truncate(rm * bm, re + be, bits);
        [rm, re] = [tm, te];
        inexact ||= lost;
      }
      if (k > 1) {
        const [tm, te, lost] = truncate(bm * bm, be + be, bits);
        [bm, be] = [tm, te];
        inexact ||= lost;
      }
    }
    const lower = roundToDouble(rm, re);
    if (!inexact) return negative ? -lower : lower;
    // each truncation loses less than a factor (1 + ε), ε = 2^(1−bits); squaring doubles what
    // came before, so at most N = n + 64 such factors reach the result: xⁿ < rm·(1 + ε)^N, and
    // (1 + ε)^N ≤ 1 + 2Nε while Nε ≤ 1 (bits ≥ 64 + 2·log2 n makes it tiny)
    const slack = ((rm * BigInt(n + 64)) >> BigInt(bits - 2)) + 1n;
    const upper = roundToDouble(rm + slack, re);
    if (lower === upper) return negative ? -lower : lower;
  }
}
