// PyTorch differential tests: every case of tests/fixtures/ops.json (made by generate.py with
// torch) is rebuilt with descent through the op-spec table (tests/ops/spec.ts), as a method and as
// a function, on every backend; outputs and the gradients of sum(out * w) must match torch.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { tensor, type Tensor } from "../../src/index.js";
import { BACKENDS, withBackend } from "../backends.js";
import {
  assertClose,
  assertTensor,
  decodeNumber,
  toleranceFor,
  type Tolerance,
  type ExpectedValue,
} from "../helpers.js";
import {
  CHAIN_SPECS,
  Kwargs,
  OP_SPECS,
  PUBLIC_BY_FIXTURE,
  T,
  functionOf,
  methodOf,
  type Arg,
  type OpResult,
} from "./spec.js";

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

type OpFn = (x: Arg[], kw: Kwargs) => OpResult;

/** The forms a case is checked through: the method and the function, or the one chain. */
function formsOf(op: string): [string, OpFn][] {
  const publicOp = PUBLIC_BY_FIXTURE.get(op);
  if (publicOp !== undefined) {
    const spec = OP_SPECS[publicOp];
    const fn = functionOf(publicOp);
    const method = methodOf(publicOp);
    const forms: [string, OpFn][] = [["function", (x, kw) => fn(...spec.args(x, kw))]];
    if (method !== null) forms.unshift(["method", (x, kw) => method(spec.args(x, kw))]);
    return forms;
  }
  const chain = CHAIN_SPECS[op];
  if (chain === undefined) throw new Error(`no entry for op "${op}" in tests/ops/spec.ts`);
  return [["chain", chain]];
}

function runCase(c: FxCase): void {
  for (const [form, fn] of formsOf(c.op)) check(c, fn, form);
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

for (const backend of BACKENDS) {
  void describe(`PyTorch ${fixtures.torch} fixtures on the ${backend.name} backend`, () => {
    for (const [op, cases] of byOp) {
      void describe(op, () => {
        for (const c of cases) {
          void test(c.name, () => withBackend(backend, () => runCase(c)));
        }
      });
    }
  });
}

void describe("the op-spec table and ops.json agree", () => {
  test("every public op has fixture cases, or says why not", () => {
    for (const [op, spec] of Object.entries(OP_SPECS)) {
      const cases = byOp.get(spec.fixture ?? op)?.length ?? 0;
      if (spec.noFixture === undefined) assert.ok(cases > 0, `${op}: no case in ops.json`);
      else assert.equal(cases, 0, `${op} has cases but says: ${spec.noFixture}`);
    }
  });
  test("every op of ops.json has an entry", () => {
    for (const op of byOp.keys()) {
      assert.ok(PUBLIC_BY_FIXTURE.has(op) || op in CHAIN_SPECS, `no spec for "${op}"`);
    }
  });
});
