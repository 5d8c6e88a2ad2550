// The engine-independent scalar math: within 1 ulp of the correctly rounded values
// (tests/fixtures/math.json, mpmath) and of Math.* on 120,000 inputs, the wasm kernels' bits in
// plain JavaScript, exact at the special values; integer powers correctly rounded.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Generator, wasmBackend } from "../../src/index.js";
import { powInt } from "../../src/optim/int-pow.js";
import {
  cos,
  exp,
  log,
  log1p,
  pow,
  powi,
  sigmoid,
  sin,
  softplus,
  TRIG_LIMIT,
} from "../../src/util/det-math.js";

const rng = new Generator(13);

/** 120,000 inputs over many magnitudes and both signs, with the edges of every range. */
function inputs(): Float64Array {
  const xs: number[] = [
    0,
    -0,
    Infinity,
    -Infinity,
    NaN,
    1,
    -1,
    5e-324,
    -5e-324,
    1e-310,
    2 ** -1022,
  ];
  xs.push(709.782712893384, 709.79, -745.1332191019412, -745.14, 1e300, -1e300, Number.MAX_VALUE);
  xs.push(Math.PI / 4, -Math.PI / 4, Math.PI / 2, Math.PI, 1e5 * Math.PI, TRIG_LIMIT * 0.999999);
  xs.push(-1 + 2 ** -53, -1 + 2 ** -30, 2 ** -60, -(2 ** -60), Math.SQRT2, Math.SQRT1_2);
  for (let i = 0; i < 100_000; i++) {
    const magnitude = 10 ** (rng.nextFloat64() * 12 - 6);
    xs.push((rng.nextFloat64() < 0.5 ? -1 : 1) * magnitude);
  }
  // every decade out to the edges of the double range, subnormals included
  for (let i = 0; i < 20_000; i++)
    xs.push((rng.nextFloat64() < 0.5 ? -1 : 1) * 10 ** (rng.nextFloat64() * 632 - 324));
  return Float64Array.from(xs);
}

/** Distance in units in the last place between two doubles (0 for NaN and NaN). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return Object.is(a, b) ? 0 : Infinity;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ordered = (x: bigint) => (x < 0n ? -(x & 0x7fffffffffffffffn) : x);
  const d = ordered(bits[0]!) - ordered(bits[1]!);
  return Number(d < 0n ? -d : d);
}

const FUNCTIONS = [
  ["exp", exp, Math.exp],
  ["log", log, Math.log],
  ["log1p", log1p, Math.log1p],
  ["sin", sin, Math.sin],
  ["cos", cos, Math.cos],
] as const;

const correctlyRounded = JSON.parse(
  readFileSync(new URL("../fixtures/math.json", import.meta.url), "utf8"),
) as { cases: Record<(typeof FUNCTIONS)[number][0], [number, number][]> };

describe("det-math", () => {
  const x = inputs();
  for (const [name, mine, math] of FUNCTIONS) {
    test(`${name} is within 1 ulp of the correctly rounded value (mpmath)`, () => {
      const cases = correctlyRounded.cases[name];
      assert.ok(cases.length > 700);
      let exact = 0;
      for (const [v, want] of cases) {
        const d = ulps(mine(v), want);
        assert.ok(d <= 1, `${name}(${v}) = ${mine(v)}, correctly rounded ${want} (${d} ulp)`);
        if (d === 0) exact++;
      }
      assert.ok(exact > 0.8 * cases.length, `${name}: only ${exact} of ${cases.length} exact`);
    });

    test(`${name} is within 1 ulp of Math.${name} on ${x.length} inputs`, () => {
      let worst = 0;
      for (const v of x) {
        const d = ulps(mine(v), math(v));
        assert.ok(d <= 1, `${name}(${v}) = ${mine(v)}, Math.${name} ${math(v)} (${d} ulp)`);
        worst = Math.max(worst, d);
      }
      assert.equal(worst, 1, "Math differs somewhere in the last bit, or this test tests nothing");
    });

    test(`${name} gives the wasm backend's bits`, () => {
      const theirs = new Float64Array(x.length);
      wasmBackend.unary(name, x, theirs);
      for (let i = 0; i < x.length; i++) {
        assert.ok(
          Object.is(mine(x[i]!), theirs[i]),
          `${name}(${x[i]}): ${mine(x[i]!)} vs wasm ${theirs[i]}`,
        );
      }
    });
  }

  test("sigmoid and softplus give the wasm backend's bits", () => {
    const theirs = new Float64Array(x.length);
    wasmBackend.unary("sigmoid", x, theirs);
    x.forEach((v, i) => assert.ok(Object.is(sigmoid(v), theirs[i]), `sigmoid(${v})`));
    wasmBackend.unary("softplus", x, theirs, [2, 20]);
    x.forEach((v, i) => assert.ok(Object.is(softplus(v, 2, 20), theirs[i]), `softplus(${v})`));
  });

  test("the special values are exact", () => {
    assert.deepEqual(
      [exp(0), exp(-0), exp(Infinity), exp(-Infinity), exp(NaN), exp(710), exp(-746)],
      [1, 1, Infinity, 0, NaN, Infinity, 0],
    );
    assert.deepEqual(
      [log(1), log(0), log(-0), log(-1), log(Infinity), log(-Infinity), log(NaN)],
      [0, -Infinity, -Infinity, NaN, Infinity, NaN, NaN],
    );
    assert.ok(Object.is(log1p(-0), -0) && log1p(-1) === -Infinity && Number.isNaN(log1p(-2)));
    assert.ok(Object.is(sin(-0), -0) && Object.is(sin(5e-324), 5e-324) && cos(0) === 1);
    for (const f of [sin, cos])
      assert.ok([Infinity, -Infinity, NaN].every((v) => Number.isNaN(f(v))));
    assert.equal(exp(-745.1), 5e-324); // the last subnormal
  });

  test("integer powers are correctly rounded: powInt's bits, not the engine's **", () => {
    for (let i = 0; i < 20_000; i++) {
      const v = (rng.nextFloat64() - 0.5) * 10 ** (rng.nextFloat64() * 8 - 4);
      const n = i % 66;
      assert.ok(Object.is(powi(v, n), powInt(v, n)), `${v}^${n}: ${powi(v, n)} vs ${powInt(v, n)}`);
    }
    assert.equal(powi(0.9, 4), 0.6561); // V8 in Node 20: 0.9 ** 4 = 0.6561000000000001
    assert.deepEqual(
      [powi(2, 1100), powi(-2, 1101), powi(2, -1100), powi(0.5, 1080)],
      [Infinity, -Infinity, 0, 0],
    );
    assert.deepEqual(
      [powi(-0, 3), powi(NaN, 0), powi(3.7, 0), powi(-0, 0), powi(3, -2), powi(1e-200, 2)],
      [-0, 1, 1, 1, 1 / 9, 0],
    );
    assert.equal(pow(2, 0.5), Math.pow(2, 0.5)); // a non-integer exponent stays on Math.pow
    assert.equal(pow(-8, 3), -512);
  });
});
