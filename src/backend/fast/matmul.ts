/**
 * Fast matrix product with float64 accumulators. Small and mid-sized products whose inner
 * dimension fits one block (k ≤ KC) are multiplied straight from the operands by a 2×4 register
 * tile, which reads a transposed operand as cheaply as a plain one; larger ones are packed,
 * blocked for the caches and multiplied by a 4×4 tile on the packed panels. Each output
 * element is the sum of its k products in order (per block of KC when packed), so the choice of
 * path never changes a result.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { matmulGeometry } from "../broadcast.js";

const MR = 4;
const NR = 4;
const KC = 256;
const NC = 128;
/** Up to this many multiply-adds any product is summed in one pass, unpacked. */
const SMALL = 32 * 32 * 32;
/**
 * Up to this many multiply-adds a product with k ≤ KC is multiplied unpacked (faster than
 * packing for these sizes; for larger transposed operands packing wins, by measurement).
 */
const DIRECT = 1 << 20;

/** A logical m×k or k×n operand: element (r, c) is at base + r·rowStride + c·colStride. */
interface View {
  data: TypedArray;
  base: number;
  rowStride: number;
  colStride: number;
}

// Scratch buffers grow to the largest problem seen and are reused across calls.
let packA: Float64Array = new Float64Array(0);
let packB: Float64Array = new Float64Array(0);
let accumulator: Float64Array = new Float64Array(0);

function scratch(current: Float64Array, size: number): Float64Array {
  return current.length >= size ? current : new Float64Array(size);
}

export function matmul(
  a: TypedArray,
  aShape: Shape,
  transA: boolean,
  b: TypedArray,
  bShape: Shape,
  transB: boolean,
  out: TypedArray,
  outShape: Shape,
): void {
  const g = matmulGeometry(aShape, transA, bShape, transB, outShape);
  const { m, n, k } = g;
  for (let t = 0; t < g.batches; t++) {
    const A: View = { data: a, base: g.aBase(t), rowStride: g.aRowStride, colStride: g.aColStride };
    const B: View = { data: b, base: g.bBase(t), rowStride: g.bRowStride, colStride: g.bColStride };
    const work = m * n * k;
    if (work <= SMALL || (k <= KC && work <= DIRECT)) directGemm(m, n, k, A, B, out, t * m * n);
    else packedGemm(m, n, k, A, B, out, t * m * n);
  }
}

/**
 * out = A·B read in place through the views' strides: 2×4 tiles of eight float64 accumulators
 * (no register spills, which made 4×4 slower here), leftover columns four rows at a time, and a
 * leftover row in 1×4 tiles. Every element is one pass over p = 0..k-1.
 */
function directGemm(
  m: number,
  n: number,
  k: number,
  A: View,
  B: View,
  out: TypedArray,
  outBase: number,
): void {
  const { data: a, base: aBase, rowStride: ars, colStride: acs } = A;
  const { data: b, base: bBase, rowStride: brs, colStride: bcs } = B;
  const ar2 = 2 * ars;
  const ar3 = 3 * ars;
  const bc2 = 2 * bcs;
  const bc3 = 3 * bcs;
  const n4 = n - (n % NR);
  let i0 = 0;
  for (; i0 + 2 <= m; i0 += 2) {
    for (let j0 = 0; j0 < n4; j0 += NR) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let ai = aBase + i0 * ars;
      let bi = bBase + j0 * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) {
        const b0 = b[bi]!,
          b1 = b[bi + bcs]!,
          b2 = b[bi + bc2]!,
          b3 = b[bi + bc3]!;
        const a0 = a[ai]!,
          a1 = a[ai + ars]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
      }
      const o = outBase + i0 * n + j0;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03;
      out[o + n] = c10;
      out[o + n + 1] = c11;
      out[o + n + 2] = c12;
      out[o + n + 3] = c13;
    }
  }
  if (i0 < m) {
    // the last row
    for (let j0 = 0; j0 < n4; j0 += NR) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      let ai = aBase + i0 * ars;
      let bi = bBase + j0 * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) {
        const av = a[ai]!;
        c0 += av * b[bi]!;
        c1 += av * b[bi + bcs]!;
        c2 += av * b[bi + bc2]!;
        c3 += av * b[bi + bc3]!;
      }
      const o = outBase + i0 * n + j0;
      out[o] = c0;
      out[o + 1] = c1;
      out[o + 2] = c2;
      out[o + 3] = c3;
    }
  }
  for (let j0 = n4; j0 < n; j0++) {
    // the leftover columns, four rows at a time
    let r0 = 0;
    for (; r0 + 4 <= m; r0 += 4) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      let ai = aBase + r0 * ars;
      let bi = bBase + j0 * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) {
        const bv = b[bi]!;
        c0 += a[ai]! * bv;
        c1 += a[ai + ars]! * bv;
        c2 += a[ai + ar2]! * bv;
        c3 += a[ai + ar3]! * bv;
      }
      const o = outBase + r0 * n + j0;
      out[o] = c0;
      out[o + n] = c1;
      out[o + 2 * n] = c2;
      out[o + 3 * n] = c3;
    }
    for (; r0 < m; r0++) {
      let sum = 0;
      let ai = aBase + r0 * ars;
      let bi = bBase + j0 * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) sum += a[ai]! * b[bi]!;
      out[outBase + r0 * n + j0] = sum;
    }
  }
}

function packedGemm(
  m: number,
  n: number,
  k: number,
  A: View,
  B: View,
  out: TypedArray,
  outBase: number,
): void {
  const mPanels = Math.ceil(m / MR);
  const kc0 = Math.min(k, KC);
  packA = scratch(packA, mPanels * MR * kc0);
  packB = scratch(packB, Math.ceil(Math.min(n, NC) / NR) * NR * kc0);
  accumulator = scratch(accumulator, m * n);
  const c = accumulator;
  c.fill(0, 0, m * n);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    packPanelsA(A, m, p0, kc, packA);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const nc = Math.min(NC, n - j0);
      packPanelsB(B, j0, nc, p0, kc, packB);
      for (let ip = 0; ip < mPanels; ip++) {
        for (let jp = 0; jp * NR < nc; jp++) {
          microKernel(kc, packA, ip * MR * kc, packB, jp * NR * kc, c, ip * MR, j0 + jp * NR, m, n);
        }
      }
    }
  }
  for (let i = 0; i < m * n; i++) out[outBase + i] = c[i]!;
}

/** A's rows in panels of MR: panel ip holds, for each p, the MR values A[ip·MR + r, p0 + p]. */
function packPanelsA(A: View, m: number, p0: number, kc: number, dst: Float64Array): void {
  const { data, base, rowStride, colStride } = A;
  let d = 0;
  for (let i0 = 0; i0 < m; i0 += MR) {
    for (let p = 0; p < kc; p++) {
      const col = base + (p0 + p) * colStride;
      for (let r = 0; r < MR; r++) dst[d++] = i0 + r < m ? data[col + (i0 + r) * rowStride]! : 0;
    }
  }
}

/** B's columns j0..j0+nc in panels of NR: panel jp holds, for each p, NR values of row p0 + p. */
function packPanelsB(
  B: View,
  j0: number,
  nc: number,
  p0: number,
  kc: number,
  dst: Float64Array,
): void {
  const { data, base, rowStride, colStride } = B;
  let d = 0;
  for (let jj = 0; jj < nc; jj += NR) {
    for (let p = 0; p < kc; p++) {
      const row = base + (p0 + p) * rowStride;
      for (let c = 0; c < NR; c++)
        dst[d++] = jj + c < nc ? data[row + (j0 + jj + c) * colStride]! : 0;
    }
  }
}

/** C[i0:i0+4, j0:j0+4] += Apanel · Bpanel, sixteen accumulators kept in registers. */
function microKernel(
  kc: number,
  a: Float64Array,
  ai: number,
  b: Float64Array,
  bi: number,
  c: Float64Array,
  i0: number,
  j0: number,
  m: number,
  n: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let p = 0; p < kc; p++, ai += MR, bi += NR) {
    const a0 = a[ai]!,
      a1 = a[ai + 1]!,
      a2 = a[ai + 2]!,
      a3 = a[ai + 3]!;
    const b0 = b[bi]!,
      b1 = b[bi + 1]!,
      b2 = b[bi + 2]!,
      b3 = b[bi + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  if (i0 + MR <= m && j0 + NR <= n) {
    let o = i0 * n + j0;
    c[o]! += c00;
    c[o + 1]! += c01;
    c[o + 2]! += c02;
    c[o + 3]! += c03;
    o += n;
    c[o]! += c10;
    c[o + 1]! += c11;
    c[o + 2]! += c12;
    c[o + 3]! += c13;
    o += n;
    c[o]! += c20;
    c[o + 1]! += c21;
    c[o + 2]! += c22;
    c[o + 3]! += c23;
    o += n;
    c[o]! += c30;
    c[o + 1]! += c31;
    c[o + 2]! += c32;
    c[o + 3]! += c33;
    return;
  }
  const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < MR && i0 + r < m; r++) {
    for (let q = 0; q < NR && j0 + q < n; q++) c[(i0 + r) * n + j0 + q]! += tile[r * NR + q]!;
  }
}
