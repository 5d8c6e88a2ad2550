// The op-spec table: one entry per public op function (the compiler demands one for every op
// that src/autograd/op-surface.ts finds), saying how a PyTorch fixture case calls it. It drives
// the fixture test (method and function forms), the gradchecks on the fixtures' inputs and the
// every-backend runs of both; the kernel-case table (./kernel-spec.ts) points each kernel op at
// an op here, whose fixture inputs the backend conformance suite runs the kernel on.
import * as D from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import type { PublicOp } from "../../src/autograd/op-surface.js";

export type Arg = Tensor | number;
export type OpResult = Tensor | { values: Tensor; indices: Tensor } | Tensor[];

/** Typed access to a case's kwargs (descent argument names). */
export class Kwargs {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly caseName: string,
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private bad(key: string, what: string): never {
    throw new Error(
      `${this.caseName}: kwarg ${key} = ${JSON.stringify(this.raw[key])} is not ${what}`,
    );
  }

  num(key: string, fallback?: number): number {
    const v = this.raw[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== "number") this.bad(key, "a number");
    return v;
  }

  /** number, or undefined when absent. */
  optNum(key: string): number | undefined {
    return this.has(key) ? this.num(key) : undefined;
  }

  /** number, null (explicit None), or undefined when absent. */
  numOrNull(key: string): number | null | undefined {
    const v = this.raw[key];
    if (v === null) return null;
    return this.optNum(key);
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== "boolean") this.bad(key, "a boolean");
    return v;
  }

  str(key: string): string {
    const v = this.raw[key];
    if (typeof v !== "string") this.bad(key, "a string");
    return v;
  }

  nums(key: string): number[] {
    const v = this.raw[key];
    if (!Array.isArray(v) || !v.every((d) => typeof d === "number")) this.bad(key, "a number[]");
    return v;
  }

  /** A dim argument: number, number[] or undefined (absent). */
  dims(key = "dim"): number | number[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    return typeof v === "number" ? v : this.nums(key);
  }

  /** norm's p: a number, "fro" or "inf". */
  p(): number | "fro" | "inf" {
    const v = this.raw.p;
    if (v === undefined) return 2;
    if (typeof v === "number" || v === "fro" || v === "inf") return v;
    this.bad("p", 'a number, "fro" or "inf"');
  }

  dtype(): D.DType {
    return this.str("dtype") as D.DType;
  }

  /** The optional trailing arguments present in the case, in order (absent ones end the list). */
  present(...keys: string[]): unknown[] {
    const out: unknown[] = [];
    for (const key of keys) {
      if (!this.has(key)) break;
      out.push(this.raw[key]);
    }
    return out;
  }

  /** An options object of the keys present. */
  options(...keys: string[]): Record<string, unknown> | undefined {
    const found = keys.filter((k) => this.has(k));
    return found.length === 0 ? undefined : Object.fromEntries(found.map((k) => [k, this.raw[k]]));
  }
}

export function T(x: readonly Arg[], i: number): Tensor {
  const v = x[i];
  if (v === undefined || typeof v === "number") throw new Error(`input ${i} is not a tensor`);
  return v;
}

function A(x: readonly Arg[], i: number): Arg {
  const v = x[i];
  if (v === undefined) throw new Error(`missing input ${i}`);
  return v;
}

export interface OpSpec {
  /** The arguments of the function form `op(...args)`; the method form is `args[0].method(...rest)`. */
  args: (x: readonly Arg[], kw: Kwargs) => unknown[];
  /** The Tensor method when its name differs from the op's, or false for a function-only op. */
  method?: string | false;
  /** The op's name in ops.json when it differs from the function's. */
  fixture?: string;
  /** Why ops.json has no case of this op (otherwise it must have some). */
  noFixture?: string;
  /** Why the fixtures' inputs cannot be gradchecked (they sit on kinks, or nothing is smooth). */
  noGradcheck?: string;
  /** Fixture cases (by name) to leave out of the gradcheck, beside `/extreme` ones, and why. */
  gradcheckSkip?: { cases: RegExp; why: string };
}

const unary: OpSpec = { args: (x) => [T(x, 0)] };
const binary: OpSpec = { args: (x) => [T(x, 0), A(x, 1)] };
const withAlpha: OpSpec = {
  args: (x, kw) => [T(x, 0), A(x, 1), ...(kw.has("alpha") ? [{ alpha: kw.num("alpha") }] : [])],
};
const dimsKeepdim: OpSpec = { args: (x, kw) => [T(x, 0), kw.dims(), kw.bool("keepdim", false)] };
/** max/min/argmax…: the dim may be absent (the whole tensor). */
const optionalDim: OpSpec = {
  args: (x, kw) => [T(x, 0), ...(kw.has("dim") ? [kw.num("dim"), kw.bool("keepdim", false)] : [])],
};
const variance = (x: readonly Arg[], kw: Kwargs): unknown[] => [
  T(x, 0),
  kw.dims(),
  kw.options("correction", "keepdim") ?? {},
];
const KINKS = "the fixtures sit on its kinks on purpose (0, ties, bounds)";
const NOT_SMOOTH = "piecewise constant or boolean: nothing to differentiate";

export const OP_SPECS: { readonly [K in PublicOp]: OpSpec } = {
  // elementwise, one input
  neg: unary,
  abs: { ...unary, noGradcheck: KINKS },
  sign: { ...unary, noGradcheck: NOT_SMOOTH },
  exp: unary,
  log: unary,
  log1p: unary,
  sqrt: unary,
  rsqrt: unary,
  sin: unary,
  cos: unary,
  tanh: unary,
  atan: unary,
  sigmoid: unary,
  relu: { ...unary, noGradcheck: KINKS },
  square: unary,
  erf: unary,
  reciprocal: unary,
  leakyRelu: { args: (x, kw) => [T(x, 0), ...kw.present("negativeSlope")], noGradcheck: KINKS },
  elu: { args: (x, kw) => [T(x, 0), ...kw.present("alpha")], noGradcheck: KINKS },
  gelu: { args: (x, kw) => [T(x, 0), kw.options("approximate")] },
  softplus: { args: (x, kw) => [T(x, 0), kw.options("beta", "threshold")], noGradcheck: KINKS },
  clamp: {
    args: (x, kw) => [T(x, 0), kw.numOrNull("min"), kw.numOrNull("max")],
    noGradcheck: KINKS,
  },
  // elementwise, two or three inputs
  add: withAlpha,
  sub: withAlpha,
  mul: binary,
  div: binary,
  pow: {
    args: (x, kw) => [T(x, 0), kw.has("exponent") ? kw.num("exponent") : A(x, 1)],
    gradcheckSkip: { cases: /zero_base|at_zero/, why: "0^p: a step below 0 is NaN" },
  },
  atan2: binary,
  maximum: { ...binary, noGradcheck: KINKS },
  minimum: { ...binary, noGradcheck: KINKS },
  // the method is x.where(cond, other); the function is where(cond, x, other)
  where: { args: (x) => [T(x, 0), A(x, 1), A(x, 2)], method: false },
  eq: { ...binary, noGradcheck: NOT_SMOOTH },
  ne: { ...binary, noGradcheck: NOT_SMOOTH },
  lt: { ...binary, noGradcheck: NOT_SMOOTH },
  le: { ...binary, noGradcheck: NOT_SMOOTH },
  gt: { ...binary, noGradcheck: NOT_SMOOTH },
  ge: { ...binary, noGradcheck: NOT_SMOOTH },
  logicalAnd: { ...binary, method: "and", noGradcheck: NOT_SMOOTH },
  logicalOr: { ...binary, method: "or", noGradcheck: NOT_SMOOTH },
  logicalNot: { ...unary, method: "not", noGradcheck: NOT_SMOOTH },
  isnan: { ...unary, method: false, noGradcheck: NOT_SMOOTH },
  // reductions
  sum: dimsKeepdim,
  mean: dimsKeepdim,
  prod: { args: (x, kw) => [T(x, 0), kw.dims(), kw.bool("keepdim", false)] },
  max: { ...optionalDim, noGradcheck: KINKS },
  min: { ...optionalDim, noGradcheck: KINKS },
  amax: { ...dimsKeepdim, noGradcheck: KINKS },
  amin: { ...dimsKeepdim, noGradcheck: KINKS },
  argmax: { ...optionalDim, noGradcheck: NOT_SMOOTH },
  argmin: { ...optionalDim, noGradcheck: NOT_SMOOTH },
  variance: { args: variance, method: "var", fixture: "var" },
  std: { args: variance },
  logsumexp: {
    args: (x, kw) => [T(x, 0), kw.dims() ?? [], kw.bool("keepdim", false)],
  },
  norm: {
    args: (x, kw) => [T(x, 0), kw.p(), kw.dims(), kw.bool("keepdim", false)],
    noGradcheck: KINKS,
  },
  softmax: { args: (x, kw) => [T(x, 0), kw.num("dim")] },
  logSoftmax: { args: (x, kw) => [T(x, 0), kw.num("dim")] },
  sumToShape: { args: (x, kw) => [T(x, 0), kw.nums("shape")], method: false },
  // matmul
  matmul: { args: (x) => [T(x, 0), T(x, 1)] },
  linear: { args: (x) => x.map((_, i) => T(x, i)), method: false },
  // movement
  reshape: { args: (x, kw) => [T(x, 0), kw.nums("shape")] },
  flatten: { args: (x, kw) => [T(x, 0), kw.num("startDim", 0), kw.num("endDim", -1)] },
  transpose: { args: (x, kw) => [T(x, 0), kw.num("dim0"), kw.num("dim1")] },
  permute: { args: (x, kw) => [T(x, 0), kw.nums("dims")] },
  squeeze: { args: (x, kw) => [T(x, 0), ...(kw.has("dim") ? [kw.dims()] : [])] },
  unsqueeze: { args: (x, kw) => [T(x, 0), kw.num("dim")] },
  expand: { args: (x, kw) => [T(x, 0), kw.nums("shape")] },
  cat: { args: (x, kw) => [x.map((_, i) => T(x, i)), kw.num("dim", 0)], method: false },
  stack: { args: (x, kw) => [x.map((_, i) => T(x, i)), kw.num("dim", 0)], method: false },
  split: {
    args: (x, kw) => [T(x, 0), kw.dims("splitSizeOrSections"), kw.num("dim", 0)],
  },
  narrow: { args: (x, kw) => [T(x, 0), kw.num("dim"), kw.num("start"), kw.num("length")] },
  slice: {
    args: (x, kw) => [
      T(x, 0),
      kw.num("dim"),
      kw.numOrNull("start") ?? undefined,
      kw.numOrNull("end") ?? undefined,
      kw.num("step", 1),
    ],
  },
  // indexing
  indexSelect: { args: (x, kw) => [T(x, 0), kw.num("dim"), T(x, 1)] },
  gather: { args: (x, kw) => [T(x, 0), kw.num("dim"), T(x, 1)] },
  scatterAdd: { args: (x, kw) => [T(x, 0), kw.num("dim"), T(x, 1), T(x, 2)] },
  oneHot: {
    args: (x, kw) => [T(x, 0), kw.num("numClasses", -1)],
    method: false,
    noGradcheck: NOT_SMOOTH,
  },
  // conversion
  cast: {
    args: (x, kw) => [T(x, 0), kw.dtype()],
    method: "to",
    fixture: "to",
    noGradcheck: "its fixtures convert to or from float32, whose rounding swamps a 1e-6 step",
  },
  clone: unary,
  resultType: {
    args: (x) => [...x],
    method: false,
    noFixture: "returns a dtype, not a tensor: tests/tensor/dtype.test.ts checks torch's table",
  },
};

/**
 * Fixture cases that are not one public op: method-only forms, view chains, a node used twice,
 * in-place ops and creation functions. Each is one call.
 */
export const CHAIN_SPECS: Readonly<Record<string, (x: readonly Arg[], kw: Kwargs) => OpResult>> = {
  view: (x, kw) => T(x, 0).view(kw.nums("shape")),
  mT: (x) => T(x, 0).mT,
  transposeReshape: (x, kw) =>
    T(x, 0).transpose(kw.num("dim0"), kw.num("dim1")).reshape(kw.nums("shape")),
  permuteMatmul: (x, kw) => T(x, 0).permute(kw.nums("dims")).matmul(T(x, 1)),
  expandMul: (x, kw) => T(x, 0).expand(kw.nums("shape")).mul(T(x, 1)),
  // one leaf used twice / a diamond: gradients must accumulate
  selfMul: (x) => T(x, 0).mul(T(x, 0)),
  diamond: (x) => {
    const y = T(x, 0).exp();
    return y.mul(y).add(y.sin());
  },
  sliceSum: (x, kw) =>
    T(x, 0)
      .slice(kw.num("dim"), kw.num("start"), kw.num("end"), kw.num("step"))
      .sum(kw.num("sumDim")),
  // in place (the mutated tensor is the output)
  add_: (x, kw) => T(x, 0).add_(A(x, 1), kw.has("alpha") ? { alpha: kw.num("alpha") } : undefined),
  sub_: (x, kw) => T(x, 0).sub_(A(x, 1), kw.has("alpha") ? { alpha: kw.num("alpha") } : undefined),
  mul_: (x) => T(x, 0).mul_(A(x, 1)),
  div_: (x) => T(x, 0).div_(A(x, 1)),
  copy_: (x) => T(x, 0).copy_(T(x, 1)),
  zero_: (x) => T(x, 0).zero_(),
  fill_: (x, kw) => T(x, 0).fill_(kw.num("value")),
  clamp_: (x, kw) => T(x, 0).clamp_(kw.numOrNull("min"), kw.numOrNull("max")),
  // creation
  arange: (_x, kw) =>
    kw.has("start")
      ? D.arange(kw.num("start"), kw.num("end"), kw.num("step", 1), { dtype: kw.dtype() })
      : D.arange(0, kw.num("end"), 1, { dtype: kw.dtype() }),
  linspace: (_x, kw) =>
    D.linspace(kw.num("start"), kw.num("end"), kw.num("steps"), { dtype: kw.dtype() }),
  eye: (_x, kw) => D.eye(kw.num("n"), kw.optNum("m"), { dtype: kw.dtype() }),
  full: (_x, kw) => D.full(kw.nums("shape"), kw.num("value"), { dtype: kw.dtype() }),
};

type Callable = (...args: unknown[]) => OpResult;

/** The function form of an op, from the package root or nn.functional. */
export function functionOf(op: PublicOp): Callable {
  const root = D as unknown as Record<string, Callable | undefined>;
  const functional = D.nn.functional as unknown as Record<string, Callable | undefined>;
  const fn = root[op] ?? functional[op];
  if (fn === undefined)
    throw new Error(`${op} is exported neither at the root nor in nn.functional`);
  return fn;
}

/** The method form `args[0].method(...rest)`, or null for a function-only op. */
export function methodOf(op: PublicOp): ((args: unknown[]) => OpResult) | null {
  const spec = OP_SPECS[op];
  if (spec.method === false) return null;
  const name = spec.method ?? op;
  return (args) => {
    const self = args[0] as Record<string, Callable>;
    return self[name]!.call(self, ...args.slice(1));
  };
}

/** Maps the op names of ops.json to public ops (by their fixture name). */
export const PUBLIC_BY_FIXTURE: ReadonlyMap<string, PublicOp> = new Map(
  (Object.keys(OP_SPECS) as PublicOp[]).map((op) => [OP_SPECS[op].fixture ?? op, op]),
);
