// Gradchecks driven by the op-spec table: every differentiable public op is checked against
// float64 central differences at the inputs of its float64 PyTorch fixture cases, on every
// backend. (tests/autograd/gradcheck.test.ts adds random shapes and second derivatives.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { cat, gradcheck, tensor, type Tensor } from "../../src/index.js";
import { BACKENDS, withBackend } from "../backends.js";
import type { PublicOp } from "../../src/autograd/op-surface.js";
import { decodeNumber, type ExpectedValue } from "../helpers.js";
import { Kwargs, OP_SPECS, functionOf, type Arg, type OpResult } from "./spec.js";

interface FxTensor {
  shape: number[];
  dtype: string;
  data: ExpectedValue[];
  grad?: ExpectedValue[] | null;
}
interface FxCase {
  name: string;
  op: string;
  kwargs: Record<string, unknown>;
  inputs: (FxTensor | { scalar: number })[];
  w?: unknown;
}

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8"),
) as { cases: FxCase[] };

function build(fx: FxTensor): Tensor {
  const data = fx.data.map(decodeNumber);
  const values = fx.dtype === "bool" ? data.map((v) => v !== 0) : data;
  return tensor(values, { dtype: fx.dtype as "float64" }).reshape(fx.shape);
}

/** The float outputs of a result, flattened into one tensor (gradcheck wants one output). */
function joined(result: OpResult): Tensor {
  const outs = Array.isArray(result)
    ? result
    : "values" in result && !("shape" in result)
      ? [result.values]
      : [result as Tensor];
  return outs.length === 1 ? outs[0]! : cat(outs.map((o) => o.reshape([-1])));
}

/**
 * The float64 cases of an op whose inputs torch differentiated, all values finite; not the
 * `/extreme` ones (1e-30, 1e30…), where a 1e-6 step leaves the domain or the float range.
 */
function casesOf(op: PublicOp): FxCase[] {
  const { fixture = op, gradcheckSkip } = OP_SPECS[op];
  return fixtures.cases.filter(
    (c) =>
      c.op === fixture &&
      !c.name.endsWith("/extreme") &&
      !(gradcheckSkip?.cases.test(c.name) ?? false) &&
      c.w !== undefined &&
      c.inputs.some((i) => "grad" in i && i.grad) &&
      c.inputs.every(
        (i) =>
          "scalar" in i || (i.dtype !== "float32" && i.data.every((v) => typeof v !== "string")),
      ),
  );
}

function gradcheckCase(op: PublicOp, c: FxCase): void {
  const spec = OP_SPECS[op];
  const fn = functionOf(op);
  const all: Arg[] = c.inputs.map((i) => ("scalar" in i ? i.scalar : build(i)));
  const varying = c.inputs.flatMap((i, k) => ("grad" in i && i.grad ? [k] : []));
  const f = (...xs: Tensor[]) => {
    const args = [...all];
    varying.forEach((k, j) => (args[k] = xs[j]!));
    return joined(fn(...spec.args(args, new Kwargs(c.kwargs, c.name))));
  };
  const result = gradcheck(
    f,
    varying.map((k) => all[k] as Tensor),
  );
  assert.ok(result.ok, `${c.name}: ${result.message}`);
}

for (const backend of BACKENDS) {
  void describe(`gradcheck at the fixtures' inputs on the ${backend.name} backend`, () => {
    for (const op of Object.keys(OP_SPECS) as PublicOp[]) {
      const spec = OP_SPECS[op];
      if (spec.noGradcheck !== undefined || spec.noFixture !== undefined) continue;
      void test(op, () => {
        const cases = casesOf(op);
        assert.ok(cases.length > 0, `${op}: no float64 fixture case to gradcheck`);
        withBackend(backend, () => cases.forEach((c) => gradcheckCase(op, c)));
      });
    }
  });
}
