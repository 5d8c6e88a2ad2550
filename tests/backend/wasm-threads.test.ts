// The wasm elementwise kernels split over threads (arrays past the thread thresholds): two threads
// give one thread's bits, which are the JavaScript kernels' bits for the exact ops (the fast
// kernels, conformance-tested against the reference ones, are the oracle at these sizes), whatever
// the length (shares end off a multiple of four), broadcasting and dtype.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fastBackend, referenceBackend, setThreads, wasmBackend } from "../../src/index.js";
import type { Backend, BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import { THREAD_MIN_ELEMENTS } from "../../src/backend/wasm/binary.js";
import { Pool } from "../../src/backend/wasm/pool.js";
import { MAP_THREAD_MIN } from "../../src/backend/wasm/unary.js";

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Values in [−5, 5] with the awkward ones sprinkled in (a formula: these arrays are long). */
function values(n: number, seed: number, f64 = false): Float32Array | Float64Array {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, -3, 90];
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = i % 211 === 7 ? specials[i % specials.length]! : 5 * Math.sin(i * 0.7 + seed);
  }
  return out;
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

interface Case {
  label: string;
  /** Runs the kernel of `backend` into a fresh output. */
  compute: (backend: Backend) => Float32Array | Float64Array;
  /** Whether the JavaScript kernels give the same bits (the exact ops), not only one thread. */
  exact: boolean;
}

const cases: Case[] = [];

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
  for (const f64 of [false, true]) {
    const x = values(MAP_THREAD_MIN + 3, 1, f64);
    cases.push({
      label: `${op} ${f64 ? "float64" : "float32"}`,
      compute: (backend) => {
        const out = f64 ? new Float64Array(x.length) : new Float32Array(x.length);
        backend.unary(op, x, out, params);
        return out;
      },
      exact: false,
    });
  }
}

const cols = 259; // not a multiple of four
const rows = Math.ceil(THREAD_MIN_ELEMENTS / cols);
const long = THREAD_MIN_ELEMENTS + 5;
const binaryCases: [BinaryOp, number[], number[]][] = [
  ["add", [long], [long]],
  ["sub", [long], []], // a scalar
  ["div", [rows, cols], [cols]], // a bias row: shares of rows
  ["mul", [rows, cols], [rows, 1]], // a column
];
for (const [op, aShape, bShape] of binaryCases) {
  const a = values(size(aShape), 2) as Float32Array;
  const b = values(size(bShape), 3) as Float32Array;
  cases.push({
    label: `${op} ${JSON.stringify([aShape, bShape])}`,
    compute: (backend) => {
      const out = new Float32Array(a.length);
      backend.binary(op, a, aShape, b, bShape, out, aShape);
      return out;
    },
    exact: true,
  });
}

const x = values(long, 4) as Float32Array;
const g = values(long, 5) as Float32Array;
const fresh = () => new Float32Array(long);
cases.push(
  {
    label: "relu",
    compute: (backend) => {
      const out = fresh();
      backend.unary("relu", x, out);
      return out;
    },
    exact: true,
  },
  {
    label: "relu grad",
    compute: (backend) => {
      const out = fresh();
      backend.activationGrad("relu", g, x, out);
      return out;
    },
    exact: true,
  },
  {
    label: "addScaled",
    compute: (backend) => {
      const out = fresh();
      backend.addScaled(x, g, 0.01, true, out);
      return out;
    },
    exact: true,
  },
);

describe("wasm elementwise kernels on two threads", () => {
  const one: (Float32Array | Float64Array)[] = [];
  const two: (Float32Array | Float64Array)[] = [];
  const split: boolean[] = [];
  before(async () => {
    await setThreads(1);
    for (const c of cases) one.push(c.compute(wasmBackend));
    await setThreads(2);
    for (const c of cases) {
      const jobsBefore = jobs;
      two.push(c.compute(wasmBackend));
      split.push(jobs > jobsBefore);
    }
  });
  after(() => setThreads(1));

  cases.forEach((c, i) => {
    test(`${c.label}: two threads give one thread's bits${c.exact ? ", the JS kernels' too" : ""}`, () => {
      assert.ok(split[i], `${c.label}: the work was not split`);
      sameBits(two[i]!, one[i]!, c.label);
      if (c.exact) sameBits(one[i]!, c.compute(fastBackend), c.label);
    });
  });

  test("addScaled in place on a length off a multiple of four", () => {
    for (const n of [2049, 2050, 2051, 5003]) {
      const a = values(n, 6) as Float32Array;
      const b = values(n, 7) as Float32Array;
      const expected = new Float32Array(n);
      referenceBackend.addScaled(a, b, 0.1, true, expected);
      wasmBackend.addScaled(a, b, 0.1, true, a);
      sameBits(a, expected, `addScaled n=${n}`);
    }
  });
});
