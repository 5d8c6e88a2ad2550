/**
 * Fast elementwise kernels: the op is chosen once per call (or per row), loops are plain. exp, log,
 * log1p, sin, cos, sigmoid, softplus and integer powers use det-math rather than Math, for the same
 * bits on every engine (and the wasm backend's).
 */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import type { ActivationGradOp, BinaryOp, UnaryOp } from "../backend.js";
import { cos, exp, log, log1p, pow, powi, sigmoid, sin, softplus } from "../../util/det-math.js";
import { erf, sign } from "../scalar-math.js";
import { broadcastPlan, forEachBlock, type BroadcastPlan } from "./broadcast.js";
import { tanhToFloat32 } from "./tanh.js";

export function unary(
  op: UnaryOp,
  x: TypedArray,
  out: TypedArray,
  params: readonly number[] = [],
): void {
  const n = x.length;
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -x[i]!;
      return;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      return;
    case "sign":
      for (let i = 0; i < n; i++) out[i] = sign(x[i]!);
      return;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = exp(x[i]!);
      return;
    case "log":
      for (let i = 0; i < n; i++) out[i] = log(x[i]!);
      return;
    case "log1p":
      for (let i = 0; i < n; i++) out[i] = log1p(x[i]!);
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      return;
    case "sin":
      for (let i = 0; i < n; i++) out[i] = sin(x[i]!);
      return;
    case "cos":
      for (let i = 0; i < n; i++) out[i] = cos(x[i]!);
      return;
    case "tanh":
      if (out instanceof Float32Array) tanhToFloat32(x, out);
      else for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      return;
    case "atan":
      for (let i = 0; i < n; i++) out[i] = Math.atan(x[i]!);
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]!);
      return;
    case "relu":
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v > 0 || v !== v ? v : 0;
      }
      return;
    case "square":
      for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
      return;
    case "erf":
      for (let i = 0; i < n; i++) out[i] = erf(x[i]!);
      return;
    case "reciprocal":
      for (let i = 0; i < n; i++) out[i] = 1 / x[i]!;
      return;
    case "not":
      for (let i = 0; i < n; i++) out[i] = x[i] === 0 ? 1 : 0;
      return;
    case "powScalar": {
      const p = params[0]!;
      if (p === 2) for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
      else if (Number.isInteger(p)) for (let i = 0; i < n; i++) out[i] = powi(x[i]!, p);
      else for (let i = 0; i < n; i++) out[i] = Math.pow(x[i]!, p);
      return;
    }
    case "softplus": {
      const [beta, threshold] = [params[0]!, params[1]!];
      for (let i = 0; i < n; i++) out[i] = softplus(x[i]!, beta, threshold);
      return;
    }
    default:
      op satisfies never;
  }
}

/**
 * One op over a block of `rows` rows of `n` elements: element i of row r reads a at
 * ai + r·ra + i·sa and b at bi + r·rb + i·sb (a stride is 0 where that operand broadcasts) and
 * writes out at oi + r·n + i.
 */
type BlockLoop = (
  a: TypedArray,
  ai: number,
  sa: number,
  ra: number,
  b: TypedArray,
  bi: number,
  sb: number,
  rb: number,
  out: TypedArray,
  oi: number,
  rows: number,
  n: number,
) => void;

// One plain loop nest per op. The arithmetic ops also have plain loops for the common cases
// (contiguous rows, one value, a row broadcast down a matrix): plain indexing and values held
// in registers are much faster than strided loops in V8.
const BLOCKS: { [K in BinaryOp]: BlockLoop } = {
  add: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    if (rows > 1 && sa === 1 && sb === 1 && ra === n && rb === 0) {
      // one row of b down a contiguous a (a bias): a column at a time, b's value held
      for (let j = 0; j < n; j++) {
        const v = b[bi + j]!;
        for (let x = ai + j, o = oi + j, end = o + rows * n; o < end; x += n, o += n)
          out[o] = a[x]! + v;
      }
      return;
    }
    if (rows > 1 && sa === 1 && sb === 1 && rb === n && ra === 0) {
      for (let j = 0; j < n; j++) {
        const u = a[ai + j]!;
        for (let y = bi + j, o = oi + j, end = o + rows * n; o < end; y += n, o += n)
          out[o] = u + b[y]!;
      }
      return;
    }
    for (let r = 0; r < rows; r++, ai += ra, bi += rb, oi += n) {
      if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! + b[bi + i]!;
      else if (sa === 1 && sb === 0) {
        const v = b[bi]!;
        for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! + v;
      } else if (sa === 0 && sb === 1) {
        const u = a[ai]!;
        for (let i = 0; i < n; i++) out[oi + i] = u + b[bi + i]!;
      } else
        for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) out[oi + i] = a[x]! + b[y]!;
    }
  },
  sub: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    if (rows > 1 && sa === 1 && sb === 1 && ra === n && rb === 0) {
      // one row of b down a contiguous a (a bias): a column at a time, b's value held
      for (let j = 0; j < n; j++) {
        const v = b[bi + j]!;
        for (let x = ai + j, o = oi + j, end = o + rows * n; o < end; x += n, o += n)
          out[o] = a[x]! - v;
      }
      return;
    }
    if (rows > 1 && sa === 1 && sb === 1 && rb === n && ra === 0) {
      for (let j = 0; j < n; j++) {
        const u = a[ai + j]!;
        for (let y = bi + j, o = oi + j, end = o + rows * n; o < end; y += n, o += n)
          out[o] = u - b[y]!;
      }
      return;
    }
    for (let r = 0; r < rows; r++, ai += ra, bi += rb, oi += n) {
      if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! - b[bi + i]!;
      else if (sa === 1 && sb === 0) {
        const v = b[bi]!;
        for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! - v;
      } else if (sa === 0 && sb === 1) {
        const u = a[ai]!;
        for (let i = 0; i < n; i++) out[oi + i] = u - b[bi + i]!;
      } else
        for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) out[oi + i] = a[x]! - b[y]!;
    }
  },
  mul: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    if (rows > 1 && sa === 1 && sb === 1 && ra === n && rb === 0) {
      // one row of b down a contiguous a (a bias): a column at a time, b's value held
      for (let j = 0; j < n; j++) {
        const v = b[bi + j]!;
        for (let x = ai + j, o = oi + j, end = o + rows * n; o < end; x += n, o += n)
          out[o] = a[x]! * v;
      }
      return;
    }
    if (rows > 1 && sa === 1 && sb === 1 && rb === n && ra === 0) {
      for (let j = 0; j < n; j++) {
        const u = a[ai + j]!;
        for (let y = bi + j, o = oi + j, end = o + rows * n; o < end; y += n, o += n)
          out[o] = u * b[y]!;
      }
      return;
    }
    for (let r = 0; r < rows; r++, ai += ra, bi += rb, oi += n) {
      if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! * b[bi + i]!;
      else if (sa === 1 && sb === 0) {
        const v = b[bi]!;
        for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! * v;
      } else if (sa === 0 && sb === 1) {
        const u = a[ai]!;
        for (let i = 0; i < n; i++) out[oi + i] = u * b[bi + i]!;
      } else
        for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) out[oi + i] = a[x]! * b[y]!;
    }
  },
  div: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    if (rows > 1 && sa === 1 && sb === 1 && ra === n && rb === 0) {
      // one row of b down a contiguous a (a bias): a column at a time, b's value held
      for (let j = 0; j < n; j++) {
        const v = b[bi + j]!;
        for (let x = ai + j, o = oi + j, end = o + rows * n; o < end; x += n, o += n)
          out[o] = a[x]! / v;
      }
      return;
    }
    if (rows > 1 && sa === 1 && sb === 1 && rb === n && ra === 0) {
      for (let j = 0; j < n; j++) {
        const u = a[ai + j]!;
        for (let y = bi + j, o = oi + j, end = o + rows * n; o < end; y += n, o += n)
          out[o] = u / b[y]!;
      }
      return;
    }
    for (let r = 0; r < rows; r++, ai += ra, bi += rb, oi += n) {
      if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! / b[bi + i]!;
      else if (sa === 1 && sb === 0) {
        const v = b[bi]!;
        for (let i = 0; i < n; i++) out[oi + i] = a[ai + i]! / v;
      } else if (sa === 0 && sb === 1) {
        const u = a[ai]!;
        for (let i = 0; i < n; i++) out[oi + i] = u / b[bi + i]!;
      } else
        for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) out[oi + i] = a[x]! / b[y]!;
    }
  },
  pow: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) out[oi++] = pow(a[x]!, b[y]!);
    }
  },
  atan2: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = Math.atan2(a[x]!, b[y]!);
    }
  },
  maximum: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) {
        const u = a[x]!;
        const v = b[y]!;
        out[oi++] = u !== u || v !== v ? NaN : u > v ? u : v;
      }
    }
  },
  minimum: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb) {
        const u = a[x]!;
        const v = b[y]!;
        out[oi++] = u !== u || v !== v ? NaN : u < v ? u : v;
      }
    }
  },
  eq: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x] === b[y] ? 1 : 0;
    }
  },
  ne: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x] !== b[y] ? 1 : 0;
    }
  },
  lt: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x]! < b[y]! ? 1 : 0;
    }
  },
  le: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x]! <= b[y]! ? 1 : 0;
    }
  },
  gt: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x]! > b[y]! ? 1 : 0;
    }
  },
  ge: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x]! >= b[y]! ? 1 : 0;
    }
  },
  and: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x] !== 0 && b[y] !== 0 ? 1 : 0;
    }
  },
  or: (a, ai, sa, ra, b, bi, sb, rb, out, oi, rows, n) => {
    for (let r = 0; r < rows; r++, ai += ra, bi += rb) {
      for (let i = 0, x = ai, y = bi; i < n; i++, x += sa, y += sb)
        out[oi++] = a[x] !== 0 || b[y] !== 0 ? 1 : 0;
    }
  },
};

export function binary(
  op: BinaryOp,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const loop = BLOCKS[op];
  const n = out.length;
  // The common cases need no plan: equal sizes, or one side a single element.
  if (a.length === n && b.length === n) return loop(a, 0, 1, 0, b, 0, 1, 0, out, 0, 1, n);
  if (a.length === n && b.length === 1) return loop(a, 0, 1, 0, b, 0, 0, 0, out, 0, 1, n);
  if (a.length === 1 && b.length === n) return loop(a, 0, 0, 0, b, 0, 1, 0, out, 0, 1, n);
  const plan = broadcastPlan(outShape, [aShape, bShape]);
  const [sa, sb] = plan.strides;
  const rank = plan.shape.length;
  const inner = plan.shape[rank - 1]!;
  if (rank === 1) return loop(a, 0, sa![0]!, 0, b, 0, sb![0]!, 0, out, 0, 1, inner);
  const rows = plan.shape[rank - 2]!;
  const [ia, ra, ib, rb] = [sa![rank - 1]!, sa![rank - 2]!, sb![rank - 1]!, sb![rank - 2]!];
  if (rank === 2) return loop(a, 0, ia, ra, b, 0, ib, rb, out, 0, rows, inner);
  binaryBlocks(plan, loop, a, ia, ra, b, ib, rb, out, rows, inner);
}

// Kept apart from binary(): a closure there would capture binary's arguments and make the
// inlined loops read them from the heap.
function binaryBlocks(
  plan: BroadcastPlan,
  loop: BlockLoop,
  a: TypedArray,
  ia: number,
  ra: number,
  b: TypedArray,
  ib: number,
  rb: number,
  out: TypedArray,
  rows: number,
  inner: number,
): void {
  forEachBlock(plan, (offsets, oi) =>
    loop(a, offsets[0]!, ia, ra, b, offsets[1]!, ib, rb, out, oi, rows, inner),
  );
}

export function where(
  cond: Uint8Array,
  condShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const plan = broadcastPlan(outShape, [condShape, aShape, bShape]);
  const rank = plan.shape.length;
  const inner = plan.shape[rank - 1]!;
  const rows = rank > 1 ? plan.shape[rank - 2]! : 1;
  const [s0, s1, s2] = plan.strides as [number[], number[], number[]];
  const [sc, sa, sb] = [s0[rank - 1]!, s1[rank - 1]!, s2[rank - 1]!];
  const [rc, ra, rb] = rank > 1 ? [s0[rank - 2]!, s1[rank - 2]!, s2[rank - 2]!] : [0, 0, 0];
  if (rank <= 2)
    return whereBlock(cond, 0, sc, rc, a, 0, sa, ra, b, 0, sb, rb, out, 0, rows, inner);
  forEachBlock(plan, (offsets, oi) =>
    whereBlock(
      cond,
      offsets[0]!,
      sc,
      rc,
      a,
      offsets[1]!,
      sa,
      ra,
      b,
      offsets[2]!,
      sb,
      rb,
      out,
      oi,
      rows,
      inner,
    ),
  );
}

/** where over a block of rows × n, strides as in BlockLoop. */
function whereBlock(
  cond: Uint8Array,
  ci: number,
  sc: number,
  rc: number,
  a: TypedArray,
  ai: number,
  sa: number,
  ra: number,
  b: TypedArray,
  bi: number,
  sb: number,
  rb: number,
  out: TypedArray,
  oi: number,
  rows: number,
  n: number,
): void {
  for (let r = 0; r < rows; r++, ci += rc, ai += ra, bi += rb) {
    for (let i = 0, c = ci, x = ai, y = bi; i < n; i++, c += sc, x += sa, y += sb)
      out[oi++] = cond[c] ? a[x]! : b[y]!;
  }
}

export function activationGrad(
  op: ActivationGradOp,
  dOut: TypedArray,
  y: TypedArray,
  out: TypedArray,
): void {
  const n = out.length;
  // Float32 storage rounds every intermediate like the composed float32 ops would.
  const f32 = out instanceof Float32Array;
  switch (op) {
    case "tanh":
      if (f32)
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          out[i] = dOut[i]! * Math.fround(1 - Math.fround(v * v));
        }
      else
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          out[i] = dOut[i]! * (1 - v * v);
        }
      return;
    case "sigmoid":
      if (f32)
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          out[i] = dOut[i]! * Math.fround(v * Math.fround(1 - v));
        }
      else
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          out[i] = dOut[i]! * (v * (1 - v));
        }
      return;
    case "relu":
      for (let i = 0; i < n; i++) out[i] = y[i]! > 0 ? dOut[i]! : 0;
      return;
    default:
      op satisfies never;
  }
}

export function addScaled(
  a: TypedArray,
  b: TypedArray,
  alpha: number,
  subtract: boolean,
  out: TypedArray,
): void {
  const n = out.length;
  const s = subtract ? -1 : 1;
  // ±(alpha·b) is the rounded product with its sign flipped: exact, so a − p = a + (−p)
  if (out instanceof Float32Array)
    for (let i = 0; i < n; i++) out[i] = a[i]! + s * Math.fround(alpha * b[i]!);
  else for (let i = 0; i < n; i++) out[i] = a[i]! + s * (alpha * b[i]!);
}
