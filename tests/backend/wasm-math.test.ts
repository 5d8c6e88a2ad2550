// The wasm backend's own exp, log, tanh, sigmoid, erf…: within a few ulps of float64 references
// (Math.* and the reference kernels), exact at the special values, float32 rounded from float64.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Generator, referenceBackend, wasmBackend } from "../../src/index.js";
import type { UnaryOp } from "../../src/backend/backend.js";
import { assemble, Fn } from "../../src/backend/wasm/assembler.js";

const rng = new Generator(5);

/** Inputs over many magnitudes, both signs, and the edges of each function's range. */
function inputs(): Float64Array {
  const xs: number[] = [0, -0, Infinity, -Infinity, NaN, 1, -1, 5e-324, 1e-310, 2 ** -30];
  xs.push(709.78, -745.1, 22, -22, 3, -3, 27, 28, 0.5, -0.5, 1e300, -1e300);
  for (let i = 0; i < 20000; i++) {
    const magnitude = 10 ** (rng.nextFloat64() * 8 - 5);
    xs.push((rng.nextFloat64() < 0.5 ? -1 : 1) * magnitude);
  }
  return Float64Array.from(xs);
}

/** Distance in units in the last place between two doubles (0 for NaN and NaN). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ordered = (x: bigint) => (x < 0n ? -(x & 0x7fffffffffffffffn) : x);
  const d = ordered(bits[0]!) - ordered(bits[1]!);
  return Number(d < 0n ? -d : d);
}

/** Max ulps from the float64 reference for each op (measured: exp, log, log1p 1; see README). */
const BOUND: [UnaryOp, number][] = [
  ["exp", 1],
  ["log", 1],
  ["log1p", 1],
  ["tanh", 3],
  ["sigmoid", 2],
  ["erf", 4],
  ["sin", 1],
  ["cos", 1],
];

describe("wasm math", () => {
  const x = inputs();
  for (const [op, bound] of BOUND) {
    test(`${op} in float64 is within ${bound} ulp of the reference kernel`, () => {
      const mine = new Float64Array(x.length);
      const theirs = new Float64Array(x.length);
      wasmBackend.unary(op, x, mine);
      referenceBackend.unary(op, x, theirs);
      for (let i = 0; i < x.length; i++) {
        const d = ulps(mine[i]!, theirs[i]!);
        assert.ok(d <= bound, `${op}(${x[i]}) = ${mine[i]}, reference ${theirs[i]} (${d} ulp)`);
      }
    });

    test(`${op} in float32 is the float64 value rounded once`, () => {
      const x32 = Float32Array.from(x);
      const mine = new Float32Array(x.length);
      const wide = new Float64Array(x.length);
      wasmBackend.unary(op, x32, mine);
      wasmBackend.unary(op, Float64Array.from(x32), wide);
      assert.deepEqual(mine, Float32Array.from(wide));
      // and so within one float32 ulp of the reference
      const theirs = new Float32Array(x.length);
      referenceBackend.unary(op, x32, theirs);
      for (let i = 0; i < x.length; i++) {
        const a = mine[i]!;
        const b = theirs[i]!;
        if (Number.isNaN(a) && Number.isNaN(b)) continue;
        const ulp = Math.max(Math.abs(b) * 2 ** -23, 2 ** -149);
        assert.ok(a === b || Math.abs(a - b) <= ulp, `${op}(${x32[i]}): ${a} vs ${b}`);
      }
    });
  }

  test("softplus follows torch's threshold rule", () => {
    const xs = Float64Array.from([-30, -1, 0, 1, 10, 19.9, 20.1, 100, NaN]);
    const mine = new Float64Array(xs.length);
    const theirs = new Float64Array(xs.length);
    wasmBackend.unary("softplus", xs, mine, [1, 20]);
    referenceBackend.unary("softplus", xs, theirs, [1, 20]);
    for (let i = 0; i < xs.length; i++) assert.ok(ulps(mine[i]!, theirs[i]!) <= 2, `${xs[i]}`);
  });

  test("special values are exact", () => {
    const xs = Float64Array.from([0, -0, Infinity, -Infinity, NaN, -1]);
    const run = (op: UnaryOp) => {
      const out = new Float64Array(xs.length);
      wasmBackend.unary(op, xs, out);
      return Array.from(out);
    };
    assert.deepEqual(run("exp"), [1, 1, Infinity, 0, NaN, Math.exp(-1)]);
    assert.deepEqual(run("log"), [-Infinity, -Infinity, Infinity, NaN, NaN, NaN]);
    assert.deepEqual(run("log1p"), [0, -0, Infinity, NaN, NaN, -Infinity]);
    assert.deepEqual(run("tanh").slice(0, 5), [0, -0, 1, -1, NaN]);
    assert.deepEqual(run("sigmoid").slice(0, 5), [0.5, 0.5, 1, 0, NaN]);
    assert.deepEqual(run("erf").slice(0, 5), [0, -0, 1, -1, NaN]);
    assert.deepEqual(run("sin").slice(0, 5), [0, -0, NaN, NaN, NaN]);
    assert.deepEqual(run("cos").slice(0, 5), [1, 1, NaN, NaN, NaN]);
  });

  test("sin and cos near multiples of π/2 (where the reduction cancels) are within 1 ulp", () => {
    const xs: number[] = [];
    for (let k = 1; k < 5000; k++) {
      const v = (k * Math.PI) / 2;
      xs.push(v, v * (1 + 2 ** -52), v * (1 - 2 ** -52), -v);
    }
    const x = Float64Array.from(xs);
    for (const op of ["sin", "cos"] as const) {
      const mine = new Float64Array(x.length);
      wasmBackend.unary(op, x, mine);
      for (let i = 0; i < x.length; i++) {
        const d = ulps(mine[i]!, Math[op](x[i]!));
        assert.ok(d <= 1, `${op}(${x[i]}) = ${mine[i]}, Math ${Math[op](x[i]!)} (${d} ulp)`);
      }
    }
  });

  test("sin and cos beyond 2²⁰·π/2 take Math's value, in place too, short and long arrays", () => {
    for (const n of [4, 100]) {
      const x = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1e7 + i : i / 7));
      for (const op of ["sin", "cos"] as const) {
        const expected = Array.from(x, (v) => (Math.abs(v) >= 1e7 ? Math[op](v) : NaN));
        const copy = x.slice();
        wasmBackend.unary(op, copy, copy);
        for (let i = 0; i < n; i += 2) assert.equal(copy[i], expected[i], `${op}(${x[i]})`);
        for (let i = 1; i < n; i += 2) assert.ok(ulps(copy[i]!, Math[op](x[i]!)) <= 1);
      }
    }
  });

  test("the assembler's modules validate (the kernels are built from source at load time)", () => {
    const f = new Fn("add", ["i32", "i32"], ["i32"]);
    f.get(0).get(1).emit(0x6a);
    const bytes = assemble([f], { shared: false, minPages: 1, maxPages: 1 });
    assert.ok(WebAssembly.validate(bytes));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    assert.equal((instance.exports.add as (a: number, b: number) => number)(2, 40), 42);
  });
});
