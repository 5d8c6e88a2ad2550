// The wasm elementwise kernels split over threads (arrays past the thread thresholds): two threads
// give one thread's bits, which are the reference kernels' bits for the exact ops, whatever the
// length (shares end off a multiple of four), broadcasting and dtype.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Generator, referenceBackend, setThreads, wasmBackend } from "../../src/index.js";
import type { BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import { THREAD_MIN_ELEMENTS } from "../../src/backend/wasm/binary.js";
import { Pool } from "../../src/backend/wasm/pool.js";
import { MAP_THREAD_MIN } from "../../src/backend/wasm/unary.js";

const rng = new Generator(12);
const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

function values(n: number, f64 = false): Float32Array | Float64Array {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, -3, 90];
  const make = (i: number) =>
    i % 211 === 7 ? specials[i % specials.length]! : rng.nextFloat64() * 10 - 5;
  return f64
    ? Float64Array.from({ length: n }, (_, i) => make(i))
    : Float32Array.from({ length: n }, (_, i) => make(i));
}

/** Same bits, NaN payloads aside. */
function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!Object.is(a, e)) assert.fail(`${label} [${i}]: ${a} vs ${e}`);
  }
}

/** Counts pool jobs, so that a test knows the work was really split. */
let jobs = 0;
const run = Object.getOwnPropertyDescriptor(Pool.prototype, "run")!.value as Pool["run"];
Pool.prototype.run = function (this: Pool, ...args: Parameters<Pool["run"]>) {
  jobs++;
  run.apply(this, args);
};

/** `compute` on one thread and on two: the results, and whether two threads ran a pool job. */
async function oneAndTwo<T>(compute: () => T): Promise<{ one: T; two: T; split: boolean }> {
  await setThreads(1);
  const one = compute();
  await setThreads(2);
  const before = jobs;
  const two = compute();
  return { one, two, split: jobs > before };
}

describe("wasm elementwise kernels on two threads", () => {
  after(() => setThreads(1));

  const mathOps: [UnaryOp, number[]?][] = [
    ["exp"],
    ["log"],
    ["log1p"],
    ["sigmoid"],
    ["erf"],
    ["softplus", [2, 20]],
    ["sin"],
    ["cos"],
  ];
  for (const [op, params] of mathOps) {
    test(`${op} (float32 and float64) gives one thread's bits`, async () => {
      for (const f64 of [false, true]) {
        const x = values(MAP_THREAD_MIN + 3, f64);
        const { one, two, split } = await oneAndTwo(() => {
          const out = f64 ? new Float64Array(x.length) : new Float32Array(x.length);
          wasmBackend.unary(op, x, out, params);
          return out;
        });
        assert.ok(split, `${op}: the work was not split`);
        sameBits(two, one, `${op} ${f64 ? "f64" : "f32"}`);
      }
    });
  }

  const rows = 520;
  const cols = 259; // rows·cols > THREAD_MIN_ELEMENTS; 259 is not a multiple of four
  const shapes: [number[], number[]][] = [
    [[THREAD_MIN_ELEMENTS + 5], [THREAD_MIN_ELEMENTS + 5]],
    [[THREAD_MIN_ELEMENTS + 5], []], // a scalar
    [[rows, cols], [cols]], // a bias row
    [
      [rows, cols],
      [rows, 1],
    ], // a column
    [[1], [rows, cols]],
  ];
  for (const op of ["add", "sub", "mul", "div"] as BinaryOp[]) {
    test(`${op} with broadcasting gives the reference's bits on two threads`, async () => {
      for (const [aShape, bShape] of shapes) {
        const outShape = size(aShape) >= size(bShape) ? aShape : bShape;
        const a = values(size(aShape)) as Float32Array;
        const b = values(size(bShape)) as Float32Array;
        const expected = new Float32Array(size(outShape));
        referenceBackend.binary(op, a, aShape, b, bShape, expected, outShape);
        const { one, two, split } = await oneAndTwo(() => {
          const out = new Float32Array(size(outShape));
          wasmBackend.binary(op, a, aShape, b, bShape, out, outShape);
          return out;
        });
        const label = `${op} ${JSON.stringify([aShape, bShape])}`;
        assert.ok(split, `${label}: the work was not split`);
        sameBits(one, expected, label);
        sameBits(two, expected, label);
      }
    });
  }

  test("relu, its gradient and addScaled give the reference's bits on two threads", async () => {
    const n = THREAD_MIN_ELEMENTS + 7;
    const x = values(n) as Float32Array;
    const g = values(n) as Float32Array;
    const cases: [string, (backend: typeof wasmBackend, out: Float32Array) => void][] = [
      ["relu", (backend, out) => backend.unary("relu", x, out)],
      ["relu grad", (backend, out) => backend.activationGrad("relu", g, x, out)],
      ["addScaled −", (backend, out) => backend.addScaled(x, g, 0.01, true, out)],
      ["addScaled +", (backend, out) => backend.addScaled(x, g, 1 / 3, false, out)],
    ];
    for (const [label, compute] of cases) {
      const expected = new Float32Array(n);
      compute(referenceBackend, expected);
      const { one, two, split } = await oneAndTwo(() => {
        const out = new Float32Array(n);
        compute(wasmBackend, out);
        return out;
      });
      assert.ok(split, `${label}: the work was not split`);
      sameBits(one, expected, label);
      sameBits(two, expected, label);
    }
  });

  test("addScaled in place on a length off a multiple of four", () => {
    for (const n of [2049, 2050, 2051, 5003]) {
      const a = values(n) as Float32Array;
      const b = values(n) as Float32Array;
      const expected = new Float32Array(n);
      referenceBackend.addScaled(a, b, 0.1, true, expected);
      wasmBackend.addScaled(a, b, 0.1, true, a);
      sameBits(a, expected, `addScaled n=${n}`);
    }
  });
});
