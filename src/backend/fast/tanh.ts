/**
 * tanh into float32 storage, about twice as fast as Math.tanh and with the same stored values.
 *
 * tanh|x| is a degree-6 Taylor polynomial around the nearest node j/64 (|x − j/64| ≤ 1/128), from
 * a table of coefficients worked out once from Math.tanh at the nodes: relative error below
 * 1.3e-14 (measured over every float32 input), 70 times inside the guard. Storing rounds the
 * result to float32. Where the value lies within 2^-40 (relative) of a float32 rounding boundary,
 * so that Math.tanh's double could round the other way, the element is recomputed with
 * Math.tanh (rare: about 1 in 40,000 values); everywhere else both round to the same float32. So
 * the output equals Math.tanh rounded to float32, element for element: scripts/check-tanh.ts
 * checks all 2^32 float32 inputs (by hand; a sampled run is a test). From |x| = 9.5 on, float32
 * tanh is ±1.
 */
import type { TypedArray } from "../../tensor/dtype.js";

/** Nodes per unit of x. */
const PER = 64;
const SATURATED = 9.5;
const DEGREE = 6;
/** Coefficients per node (DEGREE + 1, padded to 8, laid out contiguously). */
const STRIDE = 8;
const NODES = Math.ceil(SATURATED * PER) + 1;

/** COEFFICIENTS[j·STRIDE + n] = tanh⁽ⁿ⁾(j/64) / n!, from the given tanh at the nodes. */
function coefficients(tanh: (x: number) => number): Float64Array {
  const table = new Float64Array(NODES * STRIDE);
  // Every derivative of tanh is a polynomial in t = tanh x: d/dx P(t) = P'(t)·(1 − t²).
  const derivatives: number[][] = [[0, 1]];
  for (let n = 1; n <= DEGREE; n++) {
    const p = derivatives[n - 1]!;
    const next = new Array<number>(p.length + 1).fill(0);
    for (let i = 1; i < p.length; i++) {
      next[i - 1]! += i * p[i]!;
      next[i + 1]! -= i * p[i]!;
    }
    derivatives.push(next);
  }
  for (let j = 0; j < NODES; j++) {
    const t = tanh(j / PER);
    let factorial = 1;
    for (let n = 0; n <= DEGREE; n++) {
      if (n > 0) factorial *= n;
      const p = derivatives[n]!;
      let value = 0;
      for (let i = p.length - 1; i >= 0; i--) value = value * t + p[i]!;
      table[j * STRIDE + n] = value / factorial;
    }
  }
  return table;
}

/** y·(1 ± 2^-40): within this relative distance of a float32 rounding boundary Math.tanh decides. */
const UP = 1 + 2 ** -40;
const DOWN = 1 - 2 ** -40;

/**
 * A float32 tanh kernel equal, element for element, to `tanh` rounded to float32 (Math.tanh for
 * the JavaScript kernels; the wasm backend's own tanh, which makes it engine-independent).
 */
export function makeTanhToFloat32(
  tanh: (x: number) => number,
): (x: TypedArray, out: Float32Array) => void {
  const c = coefficients(tanh);
  return (x, out) => {
    const n = x.length;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const a = Math.abs(v);
      if (a < SATURATED && a !== 0) {
        const j = (a * PER + 0.5) | 0;
        const d = a - j * (1 / PER);
        const o = j * STRIDE;
        const d2 = d * d;
        const t =
          c[o]! +
          d * c[o + 1]! +
          d2 * (c[o + 2]! + d * c[o + 3]!) +
          d2 * d2 * (c[o + 4]! + d * c[o + 5]! + d2 * c[o + 6]!);
        // v / a is ±1 exactly: the sign without a branch on it (a quarter faster on mixed signs)
        const y = t * (v / a);
        const f = Math.fround(y * UP);
        out[i] = f === Math.fround(y * DOWN) ? f : tanh(v);
      } else {
        // ±1 from the saturation point on; NaN and ±0 are returned as they are
        out[i] = a === a && a !== 0 ? (v < 0 ? -1 : 1) : v;
      }
    }
  };
}

export const tanhToFloat32 = makeTanhToFloat32(Math.tanh);
