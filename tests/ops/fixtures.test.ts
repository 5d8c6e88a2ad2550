// PyTorch differential tests: every case of tests/fixtures/ops.json (made by generate.py with
// torch) is rebuilt with descent; outputs and the gradients of sum(out * w) must match torch.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import * as D from "../../src/index.js";
import {
  arange,
  cat,
  eye,
  full,
  linspace,
  oneHot,
  stack,
  tensor,
  where,
  type Tensor,
} from "../../src/index.js";
import {
  assertClose,
  assertTensor,
  decodeNumber,
  toleranceFor,
  type Tolerance,
  type ExpectedValue,
} from "../helpers.js";

type DTypeName = "float32" | "float64" | "int32" | "bool";

interface FxTensor {
  shape: number[];
  dtype: DTypeName;
  data: ExpectedValue[];
  /** Gradient of the loss w.r.t. this input (flat); null: torch left it None. */
  grad?: ExpectedValue[] | null;
}

interface FxScalar {
  scalar: number;
}

interface FxCase {
  name: string;
  op: string;
  kwargs: Record<string, unknown>;
  inputs: (FxTensor | FxScalar)[];
  kind: "tensor" | "valuesIndices" | "list";
  out: FxTensor[];
  w?: (FxTensor | null)[];
}

interface FxFile {
  torch: string;
  cases: FxCase[];
}

type Arg = Tensor | number;
type OpResult = Tensor | { values: Tensor; indices: Tensor } | Tensor[];
type OpFn = (x: Arg[], kw: Kwargs) => OpResult;

/** Typed access to a case's kwargs (descent argument names). */
class Kwargs {
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
    if (!isNumberArray(v)) this.bad(key, "a number[]");
    return v;
  }

  /** A dim argument: number, number[] or undefined (absent). */
  dims(key = "dim"): number | number[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    return typeof v === "number" ? v : this.nums(key);
  }

  /** A single dim, or undefined (absent). */
  dim(key = "dim"): number | undefined {
    return this.optNum(key);
  }

  dtype(): DTypeName {
    return this.str("dtype") as DTypeName;
  }

  /** norm's p: a number, "fro" or "inf". */
  p(): number | "fro" | "inf" {
    const v = this.raw.p;
    if (v === undefined) return 2;
    if (typeof v === "number" || v === "fro" || v === "inf") return v;
    this.bad("p", 'a number, "fro" or "inf"');
  }
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => typeof d === "number");
}

function T(x: Arg[], i: number): Tensor {
  const v = x[i];
  if (v === undefined || typeof v === "number") throw new Error(`input ${i} is not a tensor`);
  return v;
}

function A(x: Arg[], i: number): Arg {
  const v = x[i];
  if (v === undefined) throw new Error(`missing input ${i}`);
  return v;
}

function T0(x: Arg[]): Tensor {
  return T(x, 0);
}

const unary =
  (f: (t: Tensor) => Tensor): OpFn =>
  (x) =>
    f(T0(x));

const OPS: Record<string, OpFn> = {
  // elementwise unary
  neg: unary((t) => t.neg()),
  abs: unary((t) => t.abs()),
  sign: unary((t) => t.sign()),
  exp: unary((t) => t.exp()),
  log: unary((t) => t.log()),
  log1p: unary((t) => t.log1p()),
  sqrt: unary((t) => t.sqrt()),
  rsqrt: unary((t) => t.rsqrt()),
  sin: unary((t) => t.sin()),
  cos: unary((t) => t.cos()),
  tanh: unary((t) => t.tanh()),
  sigmoid: unary((t) => t.sigmoid()),
  relu: unary((t) => t.relu()),
  square: unary((t) => t.square()),
  erf: unary((t) => t.erf()),
  reciprocal: unary((t) => t.reciprocal()),
  leakyRelu: (x, kw) =>
    kw.has("negativeSlope") ? T0(x).leakyRelu(kw.num("negativeSlope")) : T0(x).leakyRelu(),
  elu: (x, kw) => (kw.has("alpha") ? T0(x).elu(kw.num("alpha")) : T0(x).elu()),
  gelu: (x, kw) =>
    kw.has("approximate")
      ? T0(x).gelu({ approximate: kw.str("approximate") as "none" | "tanh" })
      : T0(x).gelu(),
  softplus: (x, kw) => {
    const opts: { beta?: number; threshold?: number } = {};
    if (kw.has("beta")) opts.beta = kw.num("beta");
    if (kw.has("threshold")) opts.threshold = kw.num("threshold");
    return T0(x).softplus(opts);
  },
  clamp: (x, kw) => T0(x).clamp(kw.numOrNull("min"), kw.numOrNull("max")),

  // binary (second operand may be a Python-style number)
  add: (x, kw) =>
    kw.has("alpha") ? T0(x).add(A(x, 1), { alpha: kw.num("alpha") }) : T0(x).add(A(x, 1)),
  sub: (x, kw) =>
    kw.has("alpha") ? T0(x).sub(A(x, 1), { alpha: kw.num("alpha") }) : T0(x).sub(A(x, 1)),
  mul: (x) => T0(x).mul(A(x, 1)),
  div: (x) => T0(x).div(A(x, 1)),
  pow: (x, kw) => T0(x).pow(kw.has("exponent") ? kw.num("exponent") : A(x, 1)),
  maximum: (x) => T0(x).maximum(T(x, 1)),
  minimum: (x) => T0(x).minimum(T(x, 1)),
  eq: (x) => T0(x).eq(A(x, 1)),
  ne: (x) => T0(x).ne(A(x, 1)),
  lt: (x) => T0(x).lt(A(x, 1)),
  le: (x) => T0(x).le(A(x, 1)),
  gt: (x) => T0(x).gt(A(x, 1)),
  ge: (x) => T0(x).ge(A(x, 1)),
  where: (x) => where(T0(x), A(x, 1), A(x, 2)),

  // reductions
  sum: (x, kw) => T0(x).sum(kw.dims(), kw.bool("keepdim", false)),
  mean: (x, kw) => T0(x).mean(kw.dims(), kw.bool("keepdim", false)),
  prod: (x, kw) => T0(x).prod(kw.dim(), kw.bool("keepdim", false)),
  max: (x, kw) => {
    const d = kw.dim();
    return d === undefined ? T0(x).max() : T0(x).max(d, kw.bool("keepdim", false));
  },
  min: (x, kw) => {
    const d = kw.dim();
    return d === undefined ? T0(x).min() : T0(x).min(d, kw.bool("keepdim", false));
  },
  amax: (x, kw) => T0(x).amax(kw.dims(), kw.bool("keepdim", false)),
  amin: (x, kw) => T0(x).amin(kw.dims(), kw.bool("keepdim", false)),
  argmax: (x, kw) => T0(x).argmax(kw.dim(), kw.bool("keepdim", false)),
  argmin: (x, kw) => T0(x).argmin(kw.dim(), kw.bool("keepdim", false)),
  var: (x, kw) => T0(x).var(kw.dims(), varOpts(kw)),
  std: (x, kw) => T0(x).std(kw.dims(), varOpts(kw)),
  logsumexp: (x, kw) => T0(x).logsumexp(kw.dims() ?? [], kw.bool("keepdim", false)),
  norm: (x, kw) => T0(x).norm(kw.p(), kw.dims(), kw.bool("keepdim", false)),

  matmul: (x) => T0(x).matmul(T(x, 1)),

  // movement
  reshape: (x, kw) => T0(x).reshape(kw.nums("shape")),
  view: (x, kw) => T0(x).view(kw.nums("shape")),
  flatten: (x, kw) => T0(x).flatten(kw.num("startDim", 0), kw.num("endDim", -1)),
  transpose: (x, kw) => T0(x).transpose(kw.num("dim0"), kw.num("dim1")),
  permute: (x, kw) => T0(x).permute(kw.nums("dims")),
  mT: (x) => T0(x).mT,
  squeeze: (x, kw) => {
    const d = kw.dim();
    return d === undefined ? T0(x).squeeze() : T0(x).squeeze(d);
  },
  unsqueeze: (x, kw) => T0(x).unsqueeze(kw.num("dim")),
  expand: (x, kw) => T0(x).expand(kw.nums("shape")),
  cat: (x, kw) =>
    cat(
      x.map((_, i) => T(x, i)),
      kw.num("dim", 0),
    ),
  stack: (x, kw) =>
    stack(
      x.map((_, i) => T(x, i)),
      kw.num("dim", 0),
    ),
  split: (x, kw) => {
    const s = kw.dims("splitSizeOrSections");
    if (s === undefined) throw new Error("split: missing splitSizeOrSections");
    return T0(x).split(s, kw.num("dim", 0));
  },
  narrow: (x, kw) => T0(x).narrow(kw.num("dim"), kw.num("start"), kw.num("length")),
  slice: (x, kw) =>
    T0(x).slice(
      kw.num("dim"),
      kw.numOrNull("start") ?? undefined,
      kw.numOrNull("end") ?? undefined,
      kw.num("step", 1),
    ),
  indexSelect: (x, kw) => T0(x).indexSelect(kw.num("dim"), T(x, 1)),
  gather: (x, kw) => T0(x).gather(kw.num("dim"), T(x, 1)),
  scatterAdd: (x, kw) => T0(x).scatterAdd(kw.num("dim"), T(x, 1), T(x, 2)),
  oneHot: (x, kw) => oneHot(T0(x), kw.num("numClasses", -1)),

  // view chains: ops applied to strided (non-contiguous) views
  transposeReshape: (x, kw) =>
    T0(x).transpose(kw.num("dim0"), kw.num("dim1")).reshape(kw.nums("shape")),
  permuteMatmul: (x, kw) => T0(x).permute(kw.nums("dims")).matmul(T(x, 1)),
  expandMul: (x, kw) => T0(x).expand(kw.nums("shape")).mul(T(x, 1)),
  // one leaf used twice / a diamond: gradients must accumulate
  selfMul: (x) => T0(x).mul(T0(x)),
  diamond: (x) => {
    const y = T0(x).exp();
    return y.mul(y).add(y.sin());
  },
  sliceSum: (x, kw) =>
    T0(x)
      .slice(kw.num("dim"), kw.num("start"), kw.num("end"), kw.num("step"))
      .sum(kw.num("sumDim")),

  softmax: (x, kw) => T0(x).softmax(kw.num("dim")),
  logSoftmax: (x, kw) => T0(x).logSoftmax(kw.num("dim")),

  to: (x, kw) => T0(x).to(kw.dtype()),

  // in-place (the mutated tensor is the output)
  add_: (x, kw) => T0(x).add_(A(x, 1), kw.has("alpha") ? { alpha: kw.num("alpha") } : undefined),
  sub_: (x, kw) => T0(x).sub_(A(x, 1), kw.has("alpha") ? { alpha: kw.num("alpha") } : undefined),
  mul_: (x) => T0(x).mul_(A(x, 1)),
  div_: (x) => T0(x).div_(A(x, 1)),
  copy_: (x) => T0(x).copy_(T(x, 1)),
  zero_: (x) => T0(x).zero_(),
  fill_: (x, kw) => T0(x).fill_(kw.num("value")),
  clamp_: (x, kw) => T0(x).clamp_(kw.numOrNull("min"), kw.numOrNull("max")),

  // creation
  arange: (_x, kw) =>
    kw.has("start")
      ? arange(kw.num("start"), kw.num("end"), kw.num("step", 1), { dtype: kw.dtype() })
      : arange(0, kw.num("end"), 1, { dtype: kw.dtype() }),
  linspace: (_x, kw) =>
    linspace(kw.num("start"), kw.num("end"), kw.num("steps"), { dtype: kw.dtype() }),
  eye: (_x, kw) => eye(kw.num("n"), kw.optNum("m"), { dtype: kw.dtype() }),
  full: (_x, kw) => full(kw.nums("shape"), kw.num("value"), { dtype: kw.dtype() }),
};

function varOpts(kw: Kwargs): { correction?: number; keepdim?: boolean } {
  const o: { correction?: number; keepdim?: boolean } = {};
  if (kw.has("correction")) o.correction = kw.num("correction");
  if (kw.has("keepdim")) o.keepdim = kw.bool("keepdim", false);
  return o;
}

/** The loosest of the float dtypes' tolerances. */
function loosest(dtypes: DTypeName[]): Tolerance {
  const tols = dtypes.filter((d) => d === "float32" || d === "float64").map(toleranceFor);
  return {
    rtol: Math.max(0, ...tols.map((t) => t.rtol)),
    atol: Math.max(0, ...tols.map((t) => t.atol)),
  };
}

function isScalar(x: FxTensor | FxScalar): x is FxScalar {
  return "scalar" in x;
}

/** Builds a descent tensor from a fixture tensor: tensor(flat data, {dtype}).reshape(shape). */
function build(fx: FxTensor): Tensor {
  const data: number[] | boolean[] =
    fx.dtype === "bool" ? fx.data.map((v) => decodeNumber(v) !== 0) : fx.data.map(decodeNumber);
  return tensor(data, { dtype: fx.dtype }).reshape(fx.shape);
}

function outputs(res: OpResult, kind: FxCase["kind"]): Tensor[] {
  if (Array.isArray(res)) {
    assert.equal(kind, "list", `op returned a list, fixture kind is ${kind}`);
    return res;
  }
  if ("values" in res && "indices" in res && !("shape" in res)) {
    assert.equal(kind, "valuesIndices", `op returned {values, indices}, fixture kind is ${kind}`);
    return [res.values, res.indices];
  }
  assert.equal(kind, "tensor", `op returned a tensor, fixture kind is ${kind}`);
  return [res as Tensor];
}

/**
 * The function forms (`add(a, b)`, tensor first) of the ops that the contract exports as functions;
 * each case of these ops is checked through both the method and the function.
 */
const FN_OPS: Record<string, OpFn> = {
  neg: (x) => D.neg(T0(x)),
  abs: (x) => D.abs(T0(x)),
  sign: (x) => D.sign(T0(x)),
  exp: (x) => D.exp(T0(x)),
  log: (x) => D.log(T0(x)),
  log1p: (x) => D.log1p(T0(x)),
  sqrt: (x) => D.sqrt(T0(x)),
  rsqrt: (x) => D.rsqrt(T0(x)),
  sin: (x) => D.sin(T0(x)),
  cos: (x) => D.cos(T0(x)),
  tanh: (x) => D.tanh(T0(x)),
  sigmoid: (x) => D.sigmoid(T0(x)),
  relu: (x) => D.relu(T0(x)),
  square: (x) => D.square(T0(x)),
  erf: (x) => D.erf(T0(x)),
  reciprocal: (x) => D.reciprocal(T0(x)),
  leakyRelu: (x, kw) =>
    kw.has("negativeSlope") ? D.leakyRelu(T0(x), kw.num("negativeSlope")) : D.leakyRelu(T0(x)),
  elu: (x, kw) => (kw.has("alpha") ? D.elu(T0(x), kw.num("alpha")) : D.elu(T0(x))),
  gelu: (x, kw) =>
    kw.has("approximate")
      ? D.gelu(T0(x), { approximate: kw.str("approximate") as "none" | "tanh" })
      : D.gelu(T0(x)),
  softplus: (x, kw) => {
    const opts: { beta?: number; threshold?: number } = {};
    if (kw.has("beta")) opts.beta = kw.num("beta");
    if (kw.has("threshold")) opts.threshold = kw.num("threshold");
    return D.softplus(T0(x), opts);
  },
  clamp: (x, kw) => D.clamp(T0(x), kw.numOrNull("min"), kw.numOrNull("max")),
  add: (x, kw) =>
    kw.has("alpha") ? D.add(T0(x), A(x, 1), { alpha: kw.num("alpha") }) : D.add(T0(x), A(x, 1)),
  sub: (x, kw) =>
    kw.has("alpha") ? D.sub(T0(x), A(x, 1), { alpha: kw.num("alpha") }) : D.sub(T0(x), A(x, 1)),
  mul: (x) => D.mul(T0(x), A(x, 1)),
  div: (x) => D.div(T0(x), A(x, 1)),
  pow: (x, kw) => D.pow(T0(x), kw.has("exponent") ? kw.num("exponent") : A(x, 1)),
  maximum: (x) => D.maximum(T0(x), T(x, 1)),
  minimum: (x) => D.minimum(T0(x), T(x, 1)),
  eq: (x) => D.eq(T0(x), A(x, 1)),
  ne: (x) => D.ne(T0(x), A(x, 1)),
  lt: (x) => D.lt(T0(x), A(x, 1)),
  le: (x) => D.le(T0(x), A(x, 1)),
  gt: (x) => D.gt(T0(x), A(x, 1)),
  ge: (x) => D.ge(T0(x), A(x, 1)),
  sum: (x, kw) => D.sum(T0(x), kw.dims(), kw.bool("keepdim", false)),
  mean: (x, kw) => D.mean(T0(x), kw.dims(), kw.bool("keepdim", false)),
  prod: (x, kw) => D.prod(T0(x), kw.dim(), kw.bool("keepdim", false)),
  max: (x, kw) => {
    const d = kw.dim();
    return d === undefined ? D.max(T0(x)) : D.max(T0(x), d, kw.bool("keepdim", false));
  },
  min: (x, kw) => {
    const d = kw.dim();
    return d === undefined ? D.min(T0(x)) : D.min(T0(x), d, kw.bool("keepdim", false));
  },
  amax: (x, kw) => D.amax(T0(x), kw.dims(), kw.bool("keepdim", false)),
  amin: (x, kw) => D.amin(T0(x), kw.dims(), kw.bool("keepdim", false)),
  argmax: (x, kw) => D.argmax(T0(x), kw.dim(), kw.bool("keepdim", false)),
  argmin: (x, kw) => D.argmin(T0(x), kw.dim(), kw.bool("keepdim", false)),
  var: (x, kw) => D.var(T0(x), kw.dims(), varOpts(kw)),
  std: (x, kw) => D.std(T0(x), kw.dims(), varOpts(kw)),
  logsumexp: (x, kw) => D.logsumexp(T0(x), kw.dims() ?? [], kw.bool("keepdim", false)),
  norm: (x, kw) => D.norm(T0(x), kw.p(), kw.dims(), kw.bool("keepdim", false)),
  matmul: (x) => D.matmul(T0(x), T(x, 1)),
  reshape: (x, kw) => D.reshape(T0(x), kw.nums("shape")),
  flatten: (x, kw) => D.flatten(T0(x), kw.num("startDim", 0), kw.num("endDim", -1)),
  transpose: (x, kw) => D.transpose(T0(x), kw.num("dim0"), kw.num("dim1")),
  permute: (x, kw) => D.permute(T0(x), kw.nums("dims")),
  squeeze: (x, kw) => {
    const d = kw.dim();
    return d === undefined ? D.squeeze(T0(x)) : D.squeeze(T0(x), d);
  },
  unsqueeze: (x, kw) => D.unsqueeze(T0(x), kw.num("dim")),
  expand: (x, kw) => D.expand(T0(x), kw.nums("shape")),
  split: (x, kw) => {
    const s = kw.dims("splitSizeOrSections");
    if (s === undefined) throw new Error("split: missing splitSizeOrSections");
    return D.split(T0(x), s, kw.num("dim", 0));
  },
  narrow: (x, kw) => D.narrow(T0(x), kw.num("dim"), kw.num("start"), kw.num("length")),
  slice: (x, kw) =>
    D.slice(
      T0(x),
      kw.num("dim"),
      kw.numOrNull("start") ?? undefined,
      kw.numOrNull("end") ?? undefined,
      kw.num("step", 1),
    ),
  indexSelect: (x, kw) => D.indexSelect(T0(x), kw.num("dim"), T(x, 1)),
  gather: (x, kw) => D.gather(T0(x), kw.num("dim"), T(x, 1)),
  scatterAdd: (x, kw) => D.scatterAdd(T0(x), kw.num("dim"), T(x, 1), T(x, 2)),
  softmax: (x, kw) => D.softmax(T0(x), kw.num("dim")),
  logSoftmax: (x, kw) => D.logSoftmax(T0(x), kw.num("dim")),
};

/** Runs one case through `fn` (fresh inputs) and checks outputs and gradients against torch. */
function check(c: FxCase, fn: OpFn, form: string): void {
  const args: Arg[] = c.inputs.map((inp) => {
    if (isScalar(inp)) return inp.scalar;
    const t = build(inp);
    return inp.grad !== undefined ? t.requiresGrad_() : t;
  });

  const outs = outputs(fn(args, new Kwargs(c.kwargs, c.name)), c.kind);
  assert.equal(outs.length, c.out.length, `${form}: number of outputs`);
  outs.forEach((o, i) =>
    assertTensor(o, c.out[i]!, `${form}: ${c.out.length > 1 ? `output ${i}` : "output"}`),
  );

  if (c.w === undefined) return;
  let loss: Tensor | null = null;
  for (const [i, w] of c.w.entries()) {
    if (w === null) continue;
    const term = outs[i]!.mul(build(w)).sum();
    loss = loss === null ? term : loss.add(term);
  }
  assert.ok(loss !== null, "fixture has w but no differentiable output");
  loss.backward();

  c.inputs.forEach((inp, i) => {
    if (isScalar(inp) || inp.grad === undefined) return;
    const g = T(args, i).grad;
    const label = `${form}: grad of input ${i}`;
    if (inp.grad === null) {
      // torch left it None: descent may leave it null or fill it with zeros
      if (g !== null)
        assertClose(g, new Array<number>(g.numel()).fill(0), { rtol: 0, atol: 0 }, label);
      return;
    }
    assert.ok(g !== null, `${label} is null, torch has one`);
    // A float64 input feeding a float32 output (e.g. a 0-d float64 operand) gets a gradient that
    // torch computed in float32: compare it with the float32 tolerance.
    const tol = loosest([inp.dtype, ...c.out.map((o) => o.dtype)]);
    assertTensor(g, { shape: inp.shape, dtype: inp.dtype, data: inp.grad }, label, tol);
  });
}

function runCase(c: FxCase): void {
  const method = OPS[c.op];
  if (method === undefined) throw new Error(`no entry for op "${c.op}" in the fixture op table`);
  check(c, method, "method");
  const fn = FN_OPS[c.op];
  if (fn !== undefined) check(c, fn, "function");
}

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8"),
) as FxFile;

const byOp = new Map<string, FxCase[]>();
for (const c of fixtures.cases) {
  const list = byOp.get(c.op) ?? [];
  list.push(c);
  byOp.set(c.op, list);
}

void describe(`PyTorch ${fixtures.torch} fixtures`, () => {
  for (const [op, cases] of byOp) {
    void describe(op, () => {
      for (const c of cases) void test(c.name, () => runCase(c));
    });
  }
});
