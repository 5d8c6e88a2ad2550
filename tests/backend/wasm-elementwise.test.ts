// The wasm elementwise kernels (long float32 arrays: the sizes the conformance suite's small cases
// do not reach) give the reference kernels' bits, with broadcasting, in place, and at NaN and −0.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Generator, referenceBackend, wasmBackend } from "../../src/index.js";
import type { BinaryOp } from "../../src/backend/backend.js";

const rng = new Generator(8);
const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Random values with the awkward ones sprinkled in. */
function values(n: number): Float32Array {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, -3];
  return Float32Array.from({ length: n }, (_, i) =>
    i % 97 === 5 ? specials[i % specials.length]! : rng.nextFloat64() * 8 - 4,
  );
}

/** Same bits, NaN payloads aside. */
function sameBits(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    assert.ok(Object.is(a, e), `${label} [${i}]: ${a} vs ${e}`);
  }
}

const SHAPES: [number[], number[]][] = [
  [
    [64, 48],
    [64, 48],
  ],
  [[64, 48], [48]], // a bias row
  [
    [64, 48],
    [64, 1],
  ], // a column
  [[1], [64, 48]], // a scalar in front
  [[64, 48], []],
  [
    [4, 16, 48],
    [16, 1],
  ], // rank 3: the JavaScript kernel
  [[3001], [3001]], // not a multiple of four
];

describe("wasm elementwise", () => {
  for (const op of ["add", "sub", "mul", "div"] as BinaryOp[]) {
    test(`${op} with broadcasting equals the reference`, () => {
      for (const [aShape, bShape] of SHAPES) {
        const rank = Math.max(aShape.length, bShape.length);
        const outShape = Array.from({ length: rank }, (_, i) => {
          const x = aShape[aShape.length - rank + i] ?? 1;
          const y = bShape[bShape.length - rank + i] ?? 1;
          return x === 1 ? y : x;
        });
        const a = values(size(aShape));
        const b = values(size(bShape));
        const out = new Float32Array(size(outShape));
        const expected = new Float32Array(out.length);
        wasmBackend.binary(op, a, aShape, b, bShape, out, outShape);
        referenceBackend.binary(op, a, aShape, b, bShape, expected, outShape);
        sameBits(out, expected, `${op} ${JSON.stringify([aShape, bShape])}`);
      }
    });
  }

  test("in place: out may be an operand", () => {
    const a = values(5000);
    const b = values(5000);
    const expected = new Float32Array(5000);
    referenceBackend.binary("mul", a, [5000], b, [5000], expected, [5000]);
    wasmBackend.binary("mul", a, [5000], b, [5000], a, [5000]);
    sameBits(a, expected, "mul in place");
  });

  test("relu and its gradient equal the reference (NaN, −0 included)", () => {
    const x = values(4099);
    const g = values(4099);
    const [mine, theirs] = [new Float32Array(4099), new Float32Array(4099)];
    wasmBackend.unary("relu", x, mine);
    referenceBackend.unary("relu", x, theirs);
    sameBits(mine, theirs, "relu");
    wasmBackend.activationGrad("relu", g, x, mine);
    referenceBackend.activationGrad("relu", g, x, theirs);
    sameBits(mine, theirs, "relu grad");
  });

  test("square and powScalar 2 equal the reference, in place too", () => {
    const x = values(4099);
    const [mine, theirs] = [new Float32Array(4099), new Float32Array(4099)];
    referenceBackend.unary("square", x, theirs);
    wasmBackend.unary("square", x, mine);
    sameBits(mine, theirs, "square");
    wasmBackend.unary("powScalar", x, mine, [2]);
    sameBits(mine, theirs, "powScalar 2");
    wasmBackend.unary("square", x, x);
    sameBits(x, theirs, "square in place");
  });

  test("addScaled rounds alpha·b to float32 first, as the reference does", () => {
    const a = values(3000);
    const b = values(3000);
    for (const [alpha, subtract] of [
      [0.01, true],
      [0.1, false],
      [1 / 3, true],
    ] as const) {
      const [mine, theirs] = [new Float32Array(3000), new Float32Array(3000)];
      wasmBackend.addScaled(a, b, alpha, subtract, mine);
      referenceBackend.addScaled(a, b, alpha, subtract, theirs);
      sameBits(mine, theirs, `addScaled ${alpha} ${subtract}`);
    }
  });
});
