/** Fast elementwise kernels: the op is chosen once per call (or per row), loops are plain. */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import type { BinaryOp, UnaryOp } from "../backend.js";
import { erf, sigmoid, sign, softplus } from "../scalar-math.js";
import { broadcastPlan, forEachRow } from "./broadcast.js";

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
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      return;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      return;
    case "log1p":
      for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!);
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      return;
    case "sin":
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!);
      return;
    case "cos":
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!);
      return;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
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

type RowLoop = (
  a: TypedArray,
  ai: number,
  sa: number,
  b: TypedArray,
  bi: number,
  sb: number,
  out: TypedArray,
  oi: number,
  n: number,
) => void;

// One plain loop per op; `sa`/`sb` are 0 (broadcast) or the operand's inner stride.
const ROWS: { [K in BinaryOp]: RowLoop } = {
  add: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! + b[bi]!;
  },
  sub: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! - b[bi]!;
  },
  mul: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! * b[bi]!;
  },
  div: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! / b[bi]!;
  },
  pow: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = Math.pow(a[ai]!, b[bi]!);
  },
  maximum: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) {
      const x = a[ai]!;
      const y = b[bi]!;
      out[oi + i] = x !== x || y !== y ? NaN : x > y ? x : y;
    }
  },
  minimum: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) {
      const x = a[ai]!;
      const y = b[bi]!;
      out[oi + i] = x !== x || y !== y ? NaN : x < y ? x : y;
    }
  },
  eq: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai] === b[bi] ? 1 : 0;
  },
  ne: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai] !== b[bi] ? 1 : 0;
  },
  lt: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! < b[bi]! ? 1 : 0;
  },
  le: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! <= b[bi]! ? 1 : 0;
  },
  gt: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! > b[bi]! ? 1 : 0;
  },
  ge: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) out[oi + i] = a[ai]! >= b[bi]! ? 1 : 0;
  },
  and: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb)
      out[oi + i] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
  },
  or: (a, ai, sa, b, bi, sb, out, oi, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb)
      out[oi + i] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
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
  const loop = ROWS[op];
  const n = out.length;
  // The common cases need no plan: equal sizes, or one side a single element.
  if (a.length === n && b.length === n) return loop(a, 0, 1, b, 0, 1, out, 0, n);
  if (a.length === n && b.length === 1) return loop(a, 0, 1, b, 0, 0, out, 0, n);
  if (a.length === 1 && b.length === n) return loop(a, 0, 0, b, 0, 1, out, 0, n);
  const plan = broadcastPlan(outShape, [aShape, bShape]);
  const inner = plan.shape.length - 1;
  const sa = plan.strides[0]![inner]!;
  const sb = plan.strides[1]![inner]!;
  forEachRow(plan, (offsets, oi, len) =>
    loop(a, offsets[0]!, sa, b, offsets[1]!, sb, out, oi, len),
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
  const inner = plan.shape.length - 1;
  const [sc, sa, sb] = [
    plan.strides[0]![inner]!,
    plan.strides[1]![inner]!,
    plan.strides[2]![inner]!,
  ];
  forEachRow(plan, (offsets, oi, n) => {
    let [ci, ai, bi] = [offsets[0]!, offsets[1]!, offsets[2]!];
    for (let i = 0; i < n; i++, ci += sc, ai += sa, bi += sb)
      out[oi + i] = cond[ci] ? a[ai]! : b[bi]!;
  });
}
