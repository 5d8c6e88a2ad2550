/**
 * The reference kernels: plain loops, one element function per op, every index computed the
 * long way. Slow on purpose; this is the definition every fast kernel is tested against.
 */
import { sizeOf, stridesOf, type Shape } from "../tensor/shape.js";
import type { ActivationGradOp, Backend, BinaryOp, ReduceOp, UnaryOp } from "./backend.js";
import { allocateCpu } from "./cpu-storage.js";
import { erf, sigmoid, sign, softplus } from "./scalar-math.js";
import { broadcastIndex, matmulGeometry } from "./broadcast.js";

export const UNARY_FUNCTIONS: { [K in UnaryOp]: (x: number, params: readonly number[]) => number } =
  {
    neg: (x) => -x,
    abs: (x) => Math.abs(x),
    sign: (x) => sign(x),
    exp: (x) => Math.exp(x),
    log: (x) => Math.log(x),
    log1p: (x) => Math.log1p(x),
    sqrt: (x) => Math.sqrt(x),
    sin: (x) => Math.sin(x),
    cos: (x) => Math.cos(x),
    tanh: (x) => Math.tanh(x),
    atan: (x) => Math.atan(x),
    sigmoid: (x) => sigmoid(x),
    relu: (x) => (x > 0 ? x : Number.isNaN(x) ? x : 0),
    square: (x) => x * x,
    erf: (x) => erf(x),
    reciprocal: (x) => 1 / x,
    not: (x) => (x === 0 ? 1 : 0),
    powScalar: (x, [p]) => Math.pow(x, p!),
    softplus: (x, [beta, threshold]) => softplus(x, beta!, threshold!),
  };

export const BINARY_FUNCTIONS: { [K in BinaryOp]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  atan2: (a, b) => Math.atan2(a, b),
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  and: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  or: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

/** Each activation's gradient from dOut and its output y, with `round` applied after every step. */
export const ACTIVATION_GRAD_FUNCTIONS: {
  [K in ActivationGradOp]: (dOut: number, y: number, round: (v: number) => number) => number;
} = {
  tanh: (g, y, round) => g * round(1 - round(y * y)),
  sigmoid: (g, y, round) => g * round(y * round(1 - y)),
  relu: (g, y) => (y > 0 ? g : 0),
};

/** The coordinates of flat index i in `shape`. */
function unravel(i: number, shape: Shape): number[] {
  const coords = new Array<number>(shape.length);
  let rest = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = rest % shape[d]!;
    rest = Math.floor(rest / shape[d]!);
  }
  return coords;
}

function ravel(coords: readonly number[], strides: readonly number[]): number {
  let index = 0;
  for (let d = 0; d < coords.length; d++) index += coords[d]! * strides[d]!;
  return index;
}

const REDUCE_INIT: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };
const REDUCE_STEP: Record<ReduceOp, (acc: number, x: number) => number> = {
  sum: (acc, x) => acc + x,
  prod: (acc, x) => acc * x,
  max: (acc, x) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : Math.max(acc, x)),
  min: (acc, x) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : Math.min(acc, x)),
};

/** Where out index `o` of a reduction lands for input coordinates (reduced dims dropped). */
function reducedIndex(coords: readonly number[], shape: Shape, dims: readonly number[]): number {
  let index = 0;
  for (let d = 0; d < shape.length; d++)
    if (!dims.includes(d)) index = index * shape[d]! + coords[d]!;
  return index;
}

/** The reference kernels: the simplest correct loop per op, the definition every other backend is tested against. */
export const referenceBackend: Backend = {
  name: "reference",
  allocate: allocateCpu,
  allocateUninit: allocateCpu,
  read: (x) => Promise.resolve(x.slice()),

  unary(op, x, out, params = []) {
    const f = UNARY_FUNCTIONS[op];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, params);
  },

  binary(op, a, aShape, b, bShape, out, outShape) {
    const f = BINARY_FUNCTIONS[op];
    const n = sizeOf(outShape);
    for (let i = 0; i < n; i++) {
      out[i] = f(a[broadcastIndex(i, outShape, aShape)]!, b[broadcastIndex(i, outShape, bShape)]!);
    }
  },

  where(cond, condShape, a, aShape, b, bShape, out, outShape) {
    const n = sizeOf(outShape);
    for (let i = 0; i < n; i++) {
      out[i] = cond[broadcastIndex(i, outShape, condShape)]
        ? a[broadcastIndex(i, outShape, aShape)]!
        : b[broadcastIndex(i, outShape, bShape)]!;
    }
  },

  activationGrad(op, dOut, y, out) {
    const f = ACTIVATION_GRAD_FUNCTIONS[op];
    const round = out instanceof Float32Array ? Math.fround : (v: number) => v;
    for (let i = 0; i < out.length; i++) out[i] = f(dOut[i]!, y[i]!, round);
  },

  addScaled(a, b, alpha, subtract, out) {
    const round = out instanceof Float32Array ? Math.fround : (v: number) => v;
    for (let i = 0; i < out.length; i++) {
      const scaled = round(alpha * b[i]!);
      out[i] = subtract ? a[i]! - scaled : a[i]! + scaled;
    }
  },

  cast(x, out) {
    const toBool = out instanceof Uint8Array;
    for (let i = 0; i < x.length; i++) out[i] = toBool ? (x[i] !== 0 ? 1 : 0) : x[i]!;
  },

  fill(out, value) {
    for (let i = 0; i < out.length; i++) out[i] = value;
  },

  reduce(op, x, shape, dims, out) {
    // Accumulate in float64 whatever the storage, then round once.
    const acc = new Float64Array(out.length).fill(REDUCE_INIT[op]);
    const step = REDUCE_STEP[op];
    for (let i = 0; i < x.length; i++) {
      const o = reducedIndex(unravel(i, shape), shape, dims);
      acc[o] = step(acc[o]!, x[i]!);
    }
    for (let o = 0; o < out.length; o++) out[o] = acc[o]!;
  },

  argReduce(op, x, shape, dim, values, indices) {
    const better =
      op === "max" ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
    values.fill(NaN);
    const seen = new Uint8Array(values.length);
    for (let i = 0; i < x.length; i++) {
      const coords = unravel(i, shape);
      const o = reducedIndex(coords, shape, [dim]);
      const v = x[i]!;
      const best = values[o]!;
      if (!seen[o] || (!Number.isNaN(best) && (Number.isNaN(v) || better(v, best)))) {
        seen[o] = 1;
        values[o] = v;
        indices[o] = coords[dim]!;
      }
    }
  },

  matmul(a, aShape, transA, b, bShape, transB, out, outShape) {
    const g = matmulGeometry(aShape, transA, bShape, transB, outShape);
    const { m, n, k } = g;
    for (let t = 0; t < g.batches; t++) {
      const aBase = g.aBase(t);
      const bBase = g.bBase(t);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) {
            const av = a[aBase + i * g.aRowStride + p * g.aColStride]!;
            const bv = b[bBase + p * g.bRowStride + j * g.bColStride]!;
            sum += av * bv;
          }
          out[t * m * n + i * n + j] = sum;
        }
      }
    }
  },

  stridedCopy(x, offset, strides, shape, out) {
    const n = sizeOf(shape);
    for (let i = 0; i < n; i++) out[i] = x[offset + ravel(unravel(i, shape), strides)]!;
  },

  stridedWrite(src, shape, out, offset, strides, accumulate) {
    const n = sizeOf(shape);
    for (let i = 0; i < n; i++) {
      const o = offset + ravel(unravel(i, shape), strides);
      out[o] = accumulate ? out[o]! + src[i]! : src[i]!;
    }
  },

  gather(x, xShape, dim, index, indexShape, out) {
    const xStrides = stridesOf(xShape);
    for (let i = 0; i < index.length; i++) {
      const coords = unravel(i, indexShape);
      coords[dim] = index[i]!;
      out[i] = x[ravel(coords, xStrides)]!;
    }
  },

  scatterAdd(out, outShape, dim, index, indexShape, src, srcShape) {
    const outStrides = stridesOf(outShape);
    const srcStrides = stridesOf(srcShape);
    for (let i = 0; i < index.length; i++) {
      const coords = unravel(i, indexShape);
      const s = ravel(coords, srcStrides);
      coords[dim] = index[i]!;
      const o = ravel(coords, outStrides);
      out[o] = out[o]! + src[s]!;
    }
  },

  indexSelect(x, xShape, dim, index, out) {
    const outShape = xShape.slice();
    outShape[dim] = index.length;
    const xStrides = stridesOf(xShape);
    const n = sizeOf(outShape);
    for (let i = 0; i < n; i++) {
      const coords = unravel(i, outShape);
      coords[dim] = index[coords[dim]!]!;
      out[i] = x[ravel(coords, xStrides)]!;
    }
  },

  indexAdd(out, outShape, dim, index, src) {
    const srcShape = outShape.slice();
    srcShape[dim] = index.length;
    const outStrides = stridesOf(outShape);
    const n = sizeOf(srcShape);
    for (let i = 0; i < n; i++) {
      const coords = unravel(i, srcShape);
      coords[dim] = index[coords[dim]!]!;
      const o = ravel(coords, outStrides);
      out[o] = out[o]! + src[i]!;
    }
  },

  countNonFinite(x) {
    let count = 0;
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) count++;
    return count;
  },
};
