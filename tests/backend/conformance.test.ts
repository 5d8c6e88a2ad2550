// Kernel conformance: every method of the Backend interface is called directly on typed arrays,
// for every backend in BACKENDS, and compared with the reference backend's result (the
// definition) and, for small cases, with values worked out by hand (which checks the reference
// itself). The elementwise kernels' cases come from one table, tests/ops/kernel-spec.ts, which
// ties each kernel op to the public op of the op-spec table whose PyTorch fixture inputs it also
// runs on. To test a new backend, add it to BACKENDS in tests/backends.ts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Generator, referenceBackend, wasmBackend, type TypedArray } from "../../src/index.js";
import type { ActivationGradOp, BinaryOp, ReduceOp, UnaryOp } from "../../src/backend/backend.js";
import { assertClose, decodeNumber, type ExpectedValue } from "../helpers.js";
import { BACKENDS } from "../backends.js";
import {
  BINARY_KERNELS,
  BINARY_KERNEL_OPS,
  UNARY_KERNELS,
  UNARY_KERNEL_OPS,
} from "../ops/kernel-spec.js";
import { OP_SPECS } from "../ops/spec.js";
import type { PublicOp } from "../../src/autograd/op-surface.js";

// ---- arrays, tolerances and comparison -----------------------------------------------------------

type FloatDType = "float32" | "float64";
type AnyDType = FloatDType | "int32" | "bool";
const FLOATS: readonly FloatDType[] = ["float32", "float64"];

/** Relative tolerances: float64 to 1e-12, float32 to 1e-6 (matmul 1e-5: summation order). */
const RTOL: Record<AnyDType, number> = { float64: 1e-12, float32: 1e-6, int32: 0, bool: 0 };
const MATMUL_RTOL: Record<FloatDType, number> = { float64: 1e-12, float32: 1e-5 };

/** A value no kernel produces here: an output element left unwritten shows as this. */
const SENTINEL = 7777;

function alloc(dtype: AnyDType, n: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(n).fill(SENTINEL);
    case "float64":
      return new Float64Array(n).fill(SENTINEL);
    case "int32":
      return new Int32Array(n).fill(SENTINEL);
    case "bool":
      return new Uint8Array(n).fill(2);
  }
}

function from(dtype: AnyDType, values: ArrayLike<number>): TypedArray {
  switch (dtype) {
    case "float32":
      return Float32Array.from(values);
    case "float64":
      return Float64Array.from(values);
    case "int32":
      return Int32Array.from(values);
    case "bool":
      return Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
  }
}

const numel = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Elementwise |a − e| ≤ atol + rtol·|e|, NaN matching NaN and infinities exact. */
function expectClose(
  actual: TypedArray,
  expected: ArrayLike<number>,
  rtol: number,
  label: string,
  atol = 0,
): void {
  assertClose(actual, expected, { rtol, atol }, label);
}

/** Seeded values for the tests, from the library's Generator (MT19937). */
class Rng {
  private readonly g: Generator;
  constructor(seed: number) {
    this.g = new Generator(seed);
  }
  uniform(lo: number, hi: number): number {
    return lo + this.g.nextFloat64() * (hi - lo);
  }
  int(lo: number, hi: number): number {
    return lo + (this.g.nextUint32() % (hi - lo + 1));
  }
  values(n: number, lo = -3, hi = 3): number[] {
    return Array.from({ length: n }, () => this.uniform(lo, hi));
  }
  /** Random values with special ones (±0, ±1, NaN, ±Infinity, tiny, large) mixed in. */
  mixed(n: number): number[] {
    const specials = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 1e-8, 40, -40, 2, 1e-300];
    return Array.from({ length: n }, (_, i) =>
      i % 3 === 0 ? specials[(i / 3) % specials.length]! : this.uniform(-4, 4),
    );
  }
  /** Small integers (so ties and equal values are common). */
  small(n: number, lo = 0, hi = 3): number[] {
    return Array.from({ length: n }, () => this.int(lo, hi));
  }
}

/** Row-major coordinates of flat index i in `shape`. */
function unravel(i: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  let rest = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = rest % shape[d]!;
    rest = Math.floor(rest / shape[d]!);
  }
  return coords;
}

/** Every subset of {0, …, n−1}, as sorted lists. */
function subsets(n: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    out.push(Array.from({ length: n }, (_, d) => d).filter((d) => mask & (1 << d)));
  }
  return out;
}

/** NumPy broadcasting of two shapes (the tests' own, to size the outputs). */
function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    return da === 1 ? db : da;
  });
}

const fmt = (shape: readonly number[]) => `[${shape.join(",")}]`;

// ---- the PyTorch fixtures (tests/fixtures/ops.json): their inputs feed the kernels too ---------

interface FxTensor {
  shape: number[];
  dtype: AnyDType;
  data: ExpectedValue[];
}
interface FxCase {
  name: string;
  op: string;
  inputs: (FxTensor | { scalar: number })[];
}
const OPS_JSON = JSON.parse(
  readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8"),
) as { cases: FxCase[] };

/** The fixture cases of a public op, found by its name in ops.json (the op-spec table's). */
function fixtureCases(op: PublicOp): FxCase[] {
  const name = OP_SPECS[op].fixture ?? op;
  return OPS_JSON.cases.filter((c) => c.op === name);
}

const tensorInputs = (c: FxCase): FxTensor[] => c.inputs.filter((x): x is FxTensor => "shape" in x);
const isFloat = (dtype: AnyDType): dtype is FloatDType =>
  dtype === "float32" || dtype === "float64";
const noFixtureInputs = (op: string, publicOp: PublicOp) =>
  `no case of ${publicOp} in tests/fixtures/ops.json has inputs the ${op} kernel takes: ` +
  `add some to tests/fixtures/generate.py, or name another op in tests/ops/kernel-spec.ts`;

// ---- case tables --------------------------------------------------------------------------------

const UNARY_OPS = UNARY_KERNEL_OPS;
const BINARY_OPS = BINARY_KERNEL_OPS;
const paramsOf = (op: UnaryOp) => UNARY_KERNELS[op].params ?? [[]];
const outDTypeOf = (op: BinaryOp, dtype: AnyDType): AnyDType =>
  BINARY_KERNELS[op].kind === "arith" ? dtype : "bool";

/** Broadcast patterns: [aShape, bShape]. */
const BROADCAST_PAIRS: readonly [number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
  ], // same shape
  [[], [3, 4]], // 0-d on the left
  [[3, 4], []], // 0-d on the right
  [[1], [3, 4]], // one element, rank 1
  [[3, 4], [4]], // row
  [
    [3, 4],
    [1, 4],
  ], // row, same rank
  [
    [3, 4],
    [3, 1],
  ], // column
  [
    [3, 1],
    [3, 4],
  ], // column on the left
  [
    [2, 3, 4],
    [3, 4],
  ], // rank differs
  [[4], [2, 3, 4]], // rank differs, on the left
  [
    [2, 1, 4],
    [2, 3, 4],
  ], // size-1 dim in the middle
  [
    [2, 3, 4],
    [2, 1, 4],
  ],
  [
    [3, 1, 4],
    [1, 5, 1],
  ], // non-contiguous broadcast on both sides
  [
    [5, 1],
    [1, 6],
  ], // outer product
  [
    [2, 1, 3, 1],
    [4, 1, 5],
  ],
  [
    [7, 1, 33],
    [1, 9, 33],
  ], // longer rows
  [
    [1, 1, 1],
    [2, 1, 3],
  ],
  [[], []], // both 0-d
  [[0, 3], [3]], // empty
  [[2, 1], [0]], // empty through broadcasting
];

// ---- the suite ----------------------------------------------------------------------------------

for (const backend of BACKENDS) {
  describe(`backend conformance: ${backend.name}`, () => {
    // ---- unary ----
    describe("unary", () => {
      for (const op of UNARY_OPS) {
        test(`${op}: float32 and float64, every parameter set, in place too, vs reference`, () => {
          const rng = new Rng(11);
          for (const dtype of FLOATS) {
            for (const params of paramsOf(op)) {
              const x = from(dtype, rng.mixed(61));
              const expected = alloc(dtype, x.length);
              referenceBackend.unary(op, x, expected, params);
              const out = alloc(dtype, x.length);
              backend.unary(op, x, out, params);
              const label = `${op}(${params.join(", ")}) ${dtype}`;
              expectClose(out, expected, RTOL[dtype], label);
              const inPlace = x.slice();
              backend.unary(op, inPlace, inPlace, params);
              expectClose(inPlace, expected, RTOL[dtype], `${label} in place`);
            }
          }
        });
      }

      test("int32 in, int32 out (neg, abs, sign, square, relu) and int32 in, float32 out (exp, sqrt)", () => {
        const x = Int32Array.from([-3, -1, 0, 1, 2, 7, -100]);
        for (const op of ["neg", "abs", "sign", "square", "relu"] as const) {
          const expected = alloc("int32", x.length);
          referenceBackend.unary(op, x, expected);
          const out = alloc("int32", x.length);
          backend.unary(op, x, out);
          expectClose(out, expected, 0, `${op} int32`);
        }
        for (const op of ["exp", "sqrt", "sigmoid"] as const) {
          const expected = alloc("float32", x.length);
          referenceBackend.unary(op, x, expected);
          const out = alloc("float32", x.length);
          backend.unary(op, x, out);
          expectClose(out, expected, RTOL.float32, `${op} int32 → float32`);
        }
      });

      test("tanh into float32 equals Math.tanh rounded to float32, element for element", () => {
        // Near ±0, around the saturation at 9.5, specials, and a dense sweep of float32 values.
        const values: number[] = [0, -0, NaN, Infinity, -Infinity, 1e-45, 1e-30, 9.5, 9.499999, 20];
        const rng = new Rng(13);
        for (let i = 0; i < 20000; i++) values.push(rng.uniform(-10, 10));
        for (let i = 0; i < 5000; i++) values.push(rng.uniform(-1e-3, 1e-3));
        for (let e = -40; e <= 4; e++) values.push(2 ** e, -(2 ** e), 3 * 2 ** e);
        const x = Float32Array.from(values);
        const out = alloc("float32", x.length);
        backend.unary("tanh", x, out);
        for (let i = 0; i < x.length; i++) {
          const expected = Math.fround(Math.tanh(x[i]!));
          assert.ok(Object.is(out[i], expected), `tanh(${x[i]}) = ${out[i]}, expected ${expected}`);
        }
      });

      test("not on bool: 0 → 1, 1 → 0", () => {
        const out = alloc("bool", 3);
        backend.unary("not", Uint8Array.from([0, 1, 0]), out);
        expectClose(out, [1, 0, 1], 0, "not");
      });

      test("hand-computed values (the kernel-case table)", () => {
        const cases = UNARY_OPS.flatMap((op) =>
          UNARY_KERNELS[op].hand.map((h) => [op, ...h] as const),
        );
        for (const dtype of FLOATS) {
          for (const [op, params, input, expected] of cases) {
            const out = alloc(dtype, input.length);
            backend.unary(op, from(dtype, input), out, params);
            expectClose(
              out,
              expected,
              4 * RTOL[dtype],
              `${op}(${params.join(", ")}) ${dtype}`,
              1e-300,
            );
          }
        }
      });
    });

    // ---- binary ----
    describe("binary", () => {
      for (const op of BINARY_OPS) {
        test(`${op}: ${BROADCAST_PAIRS.length} broadcast patterns, float32 and float64, vs reference`, () => {
          const rng = new Rng(21);
          const kind = BINARY_KERNELS[op].kind;
          for (const dtype of FLOATS) {
            for (const [aShape, bShape] of BROADCAST_PAIRS) {
              const outShape = broadcast(aShape, bShape);
              // small integers make eq/le/maximum ties; mixed values bring NaN and infinities
              const draw = (n: number) => (kind === "arith" ? rng.mixed(n) : rng.small(n, -1, 2));
              const a = from(dtype, draw(numel(aShape)));
              const b = from(dtype, draw(numel(bShape)));
              if (kind !== "arith" && a.length > 2) a[1] = NaN;
              const outDType: AnyDType = kind === "arith" ? dtype : "bool";
              const expected = alloc(outDType, numel(outShape));
              referenceBackend.binary(op, a, aShape, b, bShape, expected, outShape);
              const out = alloc(outDType, numel(outShape));
              backend.binary(op, a, aShape, b, bShape, out, outShape);
              expectClose(
                out,
                expected,
                RTOL[outDType],
                `${op} ${dtype} ${fmt(aShape)} with ${fmt(bShape)}`,
              );
            }
          }
        });
      }

      test("in place: out is a (or b) whenever that operand has the output's shape", () => {
        const rng = new Rng(23);
        for (const op of ["add", "sub", "mul", "div", "pow", "maximum"] as const) {
          for (const dtype of FLOATS) {
            for (const [aShape, bShape] of BROADCAST_PAIRS) {
              const outShape = broadcast(aShape, bShape);
              const a = from(dtype, rng.mixed(numel(aShape)));
              const b = from(dtype, rng.mixed(numel(bShape)));
              const expected = alloc(dtype, numel(outShape));
              referenceBackend.binary(op, a, aShape, b, bShape, expected, outShape);
              const label = `${op} ${dtype} ${fmt(aShape)} with ${fmt(bShape)} in place`;
              if (numel(aShape) === numel(outShape)) {
                const inA = a.slice();
                backend.binary(op, inA, aShape, b, bShape, inA, outShape);
                expectClose(inA, expected, RTOL[dtype], `${label} (into a)`);
              }
              if (numel(bShape) === numel(outShape)) {
                const inB = b.slice();
                backend.binary(op, a, aShape, inB, bShape, inB, outShape);
                expectClose(inB, expected, RTOL[dtype], `${label} (into b)`);
              }
            }
          }
        }
      });

      test("int32 and bool operands (add, mul, maximum, eq, and, or)", () => {
        const rng = new Rng(22);
        for (const [aShape, bShape] of BROADCAST_PAIRS) {
          const outShape = broadcast(aShape, bShape);
          const n = numel(outShape);
          for (const op of ["add", "mul", "maximum", "sub"] as const) {
            const a = from("int32", rng.small(numel(aShape), -5, 5));
            const b = from("int32", rng.small(numel(bShape), -5, 5));
            const expected = alloc("int32", n);
            referenceBackend.binary(op, a, aShape, b, bShape, expected, outShape);
            const out = alloc("int32", n);
            backend.binary(op, a, aShape, b, bShape, out, outShape);
            expectClose(out, expected, 0, `${op} int32 ${fmt(aShape)} with ${fmt(bShape)}`);
          }
          for (const op of ["eq", "and", "or", "lt"] as const) {
            const a = from("bool", rng.small(numel(aShape), 0, 1));
            const b = from("bool", rng.small(numel(bShape), 0, 1));
            const expected = alloc("bool", n);
            referenceBackend.binary(op, a, aShape, b, bShape, expected, outShape);
            const out = alloc("bool", n);
            backend.binary(op, a, aShape, b, bShape, out, outShape);
            expectClose(out, expected, 0, `${op} bool ${fmt(aShape)} with ${fmt(bShape)}`);
          }
        }
      });

      test("hand-computed values (the kernel-case table)", () => {
        const cases = BINARY_OPS.flatMap((op) =>
          BINARY_KERNELS[op].hand.map((h) => [op, ...h] as const),
        );
        for (const dtype of FLOATS) {
          for (const [op, a, aShape, b, bShape, expected] of cases) {
            const outShape = broadcast(aShape, bShape);
            const outDType = outDTypeOf(op, dtype);
            const out = alloc(outDType, numel(outShape));
            backend.binary(op, from(dtype, a), aShape, from(dtype, b), bShape, out, outShape);
            expectClose(
              out,
              expected,
              RTOL[outDType],
              `${op} ${dtype} ${fmt(aShape)} ${fmt(bShape)}`,
            );
          }
        }
      });
    });

    // ---- the PyTorch fixtures' inputs, through the kernel-case table ----
    describe("the fixtures' inputs of each kernel's public op (tests/fixtures/ops.json)", () => {
      for (const op of UNARY_OPS) {
        const { op: publicOp } = UNARY_KERNELS[op];
        test(`${op}: the inputs of ${publicOp}'s cases, every parameter set, vs reference`, () => {
          const ran = fixtureCases(publicOp).filter((c) => {
            const [x] = tensorInputs(c);
            if (x === undefined || (op !== "not" && !isFloat(x.dtype))) return false;
            const input = from(x.dtype, x.data.map(decodeNumber));
            const outDType: AnyDType = op === "not" ? "bool" : x.dtype;
            for (const params of paramsOf(op)) {
              const expected = alloc(outDType, input.length);
              referenceBackend.unary(op, input, expected, params);
              const out = alloc(outDType, input.length);
              backend.unary(op, input, out, params);
              expectClose(
                out,
                expected,
                RTOL[outDType],
                `${op}(${params.join(", ")}) on ${c.name}`,
              );
            }
            return true;
          }).length;
          assert.ok(ran > 0, noFixtureInputs(op, publicOp));
        });
      }
      for (const op of BINARY_OPS) {
        const { op: publicOp, kind } = BINARY_KERNELS[op];
        test(`${op}: the inputs of ${publicOp}'s cases, vs reference`, () => {
          const ran = fixtureCases(publicOp).filter((c) => {
            const [a, b] = tensorInputs(c);
            if (a === undefined || b === undefined || a.dtype !== b.dtype) return false;
            if (kind === "arith" && !isFloat(a.dtype)) return false;
            const outShape = broadcast(a.shape, b.shape);
            const outDType = outDTypeOf(op, a.dtype);
            const aData = from(a.dtype, a.data.map(decodeNumber));
            const bData = from(b.dtype, b.data.map(decodeNumber));
            const expected = alloc(outDType, numel(outShape));
            referenceBackend.binary(op, aData, a.shape, bData, b.shape, expected, outShape);
            const out = alloc(outDType, numel(outShape));
            backend.binary(op, aData, a.shape, bData, b.shape, out, outShape);
            expectClose(out, expected, RTOL[outDType], `${op} on ${c.name}`);
            return true;
          }).length;
          assert.ok(ran > 0, noFixtureInputs(op, publicOp));
        });
      }
    });

    // ---- activationGrad ----
    describe("activationGrad", () => {
      const OPS: readonly ActivationGradOp[] = ["tanh", "sigmoid", "relu"];
      test("every op, float32 and float64, equal to the composed elementwise ops", () => {
        const rng = new Rng(27);
        for (const dtype of FLOATS) {
          for (const op of OPS) {
            const dOut = from(dtype, rng.mixed(61));
            const y = from(dtype, [...rng.mixed(31), ...rng.values(30, -1, 1)]);
            const out = alloc(dtype, y.length);
            backend.activationGrad(op, dOut, y, out);
            // The composition, one rounded step at a time, on the reference kernels.
            const one = from(dtype, [1]);
            const t1 = alloc(dtype, y.length);
            const t2 = alloc(dtype, y.length);
            const expected = alloc(dtype, y.length);
            const shape = [y.length];
            if (op === "tanh") {
              referenceBackend.binary("mul", y, shape, y, shape, t1, shape);
              referenceBackend.binary("sub", one, [], t1, shape, t2, shape);
              referenceBackend.binary("mul", dOut, shape, t2, shape, expected, shape);
            } else if (op === "sigmoid") {
              referenceBackend.binary("sub", one, [], y, shape, t1, shape);
              referenceBackend.binary("mul", y, shape, t1, shape, t2, shape);
              referenceBackend.binary("mul", dOut, shape, t2, shape, expected, shape);
            } else {
              const positive = new Uint8Array(y.length);
              referenceBackend.binary("gt", y, shape, from(dtype, [0]), [], positive, shape);
              referenceBackend.where(
                positive,
                shape,
                dOut,
                shape,
                from(dtype, [0]),
                [],
                expected,
                shape,
              );
            }
            expectClose(out, expected, 0, `${op} ${dtype}`);
          }
        }
      });

      test("hand-computed values", () => {
        for (const dtype of FLOATS) {
          const out = alloc(dtype, 3);
          const dOut = from(dtype, [2, -1, 4]);
          backend.activationGrad("tanh", dOut, from(dtype, [0, 0.5, 1]), out);
          expectClose(out, [2, -0.75, 0], 0, `tanh ${dtype}`);
          backend.activationGrad("sigmoid", dOut, from(dtype, [0.5, 0.25, 1]), out);
          expectClose(out, [0.5, -0.1875, 0], 0, `sigmoid ${dtype}`);
          backend.activationGrad("relu", dOut, from(dtype, [0, 3, NaN]), out);
          expectClose(out, [0, -1, 0], 0, `relu ${dtype}`);
        }
      });
    });

    // ---- addScaled ----
    describe("addScaled", () => {
      test("equals mul then add or sub, float32 and float64, in place too", () => {
        const rng = new Rng(28);
        for (const dtype of FLOATS) {
          for (const subtract of [false, true]) {
            for (const alpha of [0.1, -0.9, 3, 1e-3]) {
              const a = from(dtype, rng.mixed(61));
              const b = from(dtype, rng.mixed(61));
              const shape = [61];
              // the composition on the reference kernels: alpha as a 0-d tensor of the dtype
              const scaled = alloc(dtype, 61);
              referenceBackend.binary("mul", b, shape, from(dtype, [alpha]), [], scaled, shape);
              const expected = alloc(dtype, 61);
              referenceBackend.binary(
                subtract ? "sub" : "add",
                a,
                shape,
                scaled,
                shape,
                expected,
                shape,
              );
              const rounded = dtype === "float32" ? Math.fround(alpha) : alpha;
              const out = alloc(dtype, 61);
              backend.addScaled(a, b, rounded, subtract, out);
              const label = `${subtract ? "sub" : "add"} ${alpha} ${dtype}`;
              expectClose(out, expected, 0, label);
              const inPlace = a.slice();
              backend.addScaled(inPlace, b, rounded, subtract, inPlace);
              expectClose(inPlace, expected, 0, `${label} in place`);
            }
          }
        }
      });
    });

    // ---- where ----
    describe("where", () => {
      test("cond, a and b broadcast in many patterns, float32 and float64, vs reference", () => {
        const rng = new Rng(31);
        const triples: [number[], number[], number[]][] = [
          [
            [3, 4],
            [3, 4],
            [3, 4],
          ],
          [[3, 4], [], []],
          [[], [3, 4], [3, 4]],
          [[3, 1], [4], [3, 4]],
          [[1, 4], [3, 1], []],
          [
            [2, 1, 4],
            [3, 1],
            [2, 3, 1],
          ],
          [
            [3, 1, 4],
            [1, 5, 1],
            [5, 4],
          ],
          [
            [5, 1, 1],
            [1, 6, 1],
            [1, 1, 7],
          ],
          [[1], [2, 1, 3, 1], [4, 1, 5]],
          [[], [], []],
          [[0, 2], [2], [1]],
        ];
        for (const dtype of FLOATS) {
          for (const [cShape, aShape, bShape] of triples) {
            const outShape = broadcast(broadcast(cShape, aShape), bShape);
            const cond = from("bool", rng.small(numel(cShape), 0, 1)) as Uint8Array;
            const a = from(dtype, rng.mixed(numel(aShape)));
            const b = from(dtype, rng.values(numel(bShape)));
            const expected = alloc(dtype, numel(outShape));
            referenceBackend.where(cond, cShape, a, aShape, b, bShape, expected, outShape);
            const out = alloc(dtype, numel(outShape));
            backend.where(cond, cShape, a, aShape, b, bShape, out, outShape);
            expectClose(
              out,
              expected,
              RTOL[dtype],
              `where ${dtype} ${fmt(cShape)} ${fmt(aShape)} ${fmt(bShape)}`,
            );
          }
        }
      });

      test("hand-computed: cond [2,1], a [3], b 0-d", () => {
        for (const dtype of FLOATS) {
          const out = alloc(dtype, 6);
          backend.where(
            Uint8Array.from([1, 0]),
            [2, 1],
            from(dtype, [1, 2, 3]),
            [3],
            from(dtype, [9]),
            [],
            out,
            [2, 3],
          );
          expectClose(out, [1, 2, 3, 9, 9, 9], 0, `where ${dtype}`);
        }
        const out = alloc("float64", 4);
        backend.where(
          Uint8Array.from([0, 1, 1, 0]),
          [4],
          Float64Array.from([NaN, Infinity, 2, 3]),
          [4],
          Float64Array.from([-1, -2, -3, NaN]),
          [4],
          out,
          [4],
        );
        expectClose(out, [-1, Infinity, 2, NaN], 0, "where picks NaN and infinities as values");
      });
    });

    // ---- cast and fill ----
    describe("cast and fill", () => {
      test("every pair of dtypes, vs reference", () => {
        const rng = new Rng(41);
        const dtypes: AnyDType[] = ["float32", "float64", "int32", "bool"];
        const source: Record<AnyDType, number[]> = {
          float32: rng.mixed(40).map((v, i) => (i % 5 === 4 ? v * 1e9 : v)),
          float64: rng.mixed(40).map((v, i) => (i % 5 === 4 ? v * 1e12 : v)),
          int32: rng.small(40, -1000, 1000),
          bool: rng.small(40, 0, 1),
        };
        for (const fromType of dtypes) {
          for (const toType of dtypes) {
            const x = from(fromType, source[fromType]);
            const expected = alloc(toType, x.length);
            referenceBackend.cast(x, expected);
            const out = alloc(toType, x.length);
            backend.cast(x, out);
            expectClose(out, expected, 0, `cast ${fromType} → ${toType}`);
          }
        }
      });

      test("hand-computed: to bool is x ≠ 0 (NaN is true), to int32 truncates toward 0, to float32 rounds", () => {
        const x = Float64Array.from([1.5, -2.7, 0, -0, NaN, Infinity, 1e-50, 0.1, 2147483647]);
        const toBool = alloc("bool", x.length);
        backend.cast(x, toBool);
        expectClose(toBool, [1, 1, 0, 0, 1, 1, 1, 1, 1], 0, "float64 → bool");
        const finite = Float64Array.from([1.5, -2.7, 0, 0.999, -0.999, 100.9, -2147483648]);
        const toInt = alloc("int32", finite.length);
        backend.cast(finite, toInt);
        expectClose(toInt, [1, -2, 0, 0, 0, 100, -2147483648], 0, "float64 → int32");
        const toF32 = alloc("float32", x.length);
        backend.cast(x, toF32);
        expectClose(
          toF32,
          Array.from(x, (v) => Math.fround(v)),
          0,
          "float64 → float32",
        );
        const fromBool = alloc("float64", 3);
        backend.cast(Uint8Array.from([0, 1, 1]), fromBool);
        expectClose(fromBool, [0, 1, 1], 0, "bool → float64");
        const fromInt = alloc("float32", 3);
        backend.cast(Int32Array.from([-3, 7, 16777217]), fromInt);
        expectClose(fromInt, [-3, 7, 16777216], 0, "int32 → float32 rounds 2^24 + 1");
        const intToBool = alloc("bool", 3);
        backend.cast(Int32Array.from([0, -5, 2]), intToBool);
        expectClose(intToBool, [0, 1, 1], 0, "int32 → bool");
      });

      test("fill every dtype, including NaN and ±Infinity for floats", () => {
        for (const dtype of FLOATS) {
          for (const v of [2.5, 0, -0, NaN, Infinity, -Infinity]) {
            const out = alloc(dtype, 17);
            backend.fill(out, v);
            expectClose(out, new Array<number>(17).fill(v), 0, `fill ${dtype} ${v}`);
          }
        }
        const ints = alloc("int32", 5);
        backend.fill(ints, -7);
        expectClose(ints, [-7, -7, -7, -7, -7], 0, "fill int32");
        const bools = alloc("bool", 4);
        backend.fill(bools, 1);
        expectClose(bools, [1, 1, 1, 1], 0, "fill bool");
        const empty = alloc("float64", 0);
        backend.fill(empty, 3);
        assert.equal(empty.length, 0);
      });
    });

    // ---- reduce ----
    describe("reduce", () => {
      const shapes4 = [
        [2, 3, 4, 5],
        [3, 1, 4, 2],
        [1, 5, 1, 3],
      ];
      const ops: ReduceOp[] = ["sum", "prod", "max", "min"];
      /** The output shape of a reduction (reduced dims dropped). */
      const reducedShape = (shape: readonly number[], dims: readonly number[]) =>
        shape.filter((_, d) => !dims.includes(d));

      for (const op of ops) {
        test(`${op} over every subset of dims of 4-D tensors (contiguous and not), float32 and float64`, () => {
          const rng = new Rng(51);
          for (const dtype of FLOATS) {
            for (const shape of shapes4) {
              const n = numel(shape);
              // prod: values near 1 so that 120 factors neither overflow nor vanish
              const x = from(dtype, op === "prod" ? rng.values(n, 0.7, 1.3) : rng.values(n));
              const scale = Array.from(x, Math.abs).reduce((s, v) => s + v, 0);
              for (const dims of subsets(4)) {
                const m = numel(reducedShape(shape, dims));
                const expected = alloc(dtype, m);
                referenceBackend.reduce(op, x, shape, dims, expected);
                const out = alloc(dtype, m);
                backend.reduce(op, x, shape, dims, out);
                const atol = op === "sum" ? RTOL[dtype] * scale : 0;
                expectClose(
                  out,
                  expected,
                  RTOL[dtype],
                  `${op} ${dtype} ${fmt(shape)} dims ${fmt(dims)}`,
                  atol,
                );
              }
            }
          }
        });
      }

      test("max/min propagate NaN: an output is NaN exactly when its group holds a NaN", () => {
        const rng = new Rng(52);
        const shape = [2, 3, 4, 5];
        for (const dtype of FLOATS) {
          const values = rng.values(numel(shape));
          for (const at of [0, 7, 59, 119]) values[at] = NaN;
          values[30] = Infinity;
          values[31] = -Infinity;
          const x = from(dtype, values);
          for (const dims of subsets(4)) {
            const kept = shape.map((_, d) => d).filter((d) => !dims.includes(d));
            const m = numel(kept.map((d) => shape[d]!));
            // which outputs see a NaN, worked out directly
            const hasNaN = new Array<boolean>(m).fill(false);
            values.forEach((v, i) => {
              if (!Number.isNaN(v)) return;
              const c = unravel(i, shape);
              let o = 0;
              for (const d of kept) o = o * shape[d]! + c[d]!;
              hasNaN[o] = true;
            });
            for (const op of ["max", "min"] as const) {
              const expected = alloc(dtype, m);
              referenceBackend.reduce(op, x, shape, dims, expected);
              const out = alloc(dtype, m);
              backend.reduce(op, x, shape, dims, out);
              const label = `${op} ${dtype} dims ${fmt(dims)}`;
              expectClose(out, expected, 0, label);
              out.forEach((v, o) =>
                assert.equal(Number.isNaN(v), hasNaN[o], `${label}: output ${o} is ${v}`),
              );
            }
          }
        }
      });

      test("int32 and bool inputs: sum of bools into int32, max/min of int32", () => {
        const rng = new Rng(53);
        const shape = [3, 4, 5];
        const bools = from("bool", rng.small(60, 0, 1));
        const ints = from("int32", rng.small(60, -50, 50));
        for (const dims of subsets(3)) {
          const m = numel(shape.filter((_, d) => !dims.includes(d)));
          const cases: [ReduceOp, TypedArray][] = [
            ["sum", bools],
            ["sum", ints],
            ["max", ints],
            ["min", ints],
            ["prod", from("int32", rng.small(60, -1, 1))],
          ];
          for (const [op, x] of cases) {
            const expected = alloc("int32", m);
            referenceBackend.reduce(op, x, shape, dims, expected);
            const out = alloc("int32", m);
            backend.reduce(op, x, shape, dims, out);
            expectClose(out, expected, 0, `${op} ${x.constructor.name} dims ${fmt(dims)}`);
          }
        }
      });

      test("hand-computed: sums, products and extremes of a 2×3 matrix, 0-d and empty inputs", () => {
        for (const dtype of FLOATS) {
          const x = from(dtype, [1, 2, 3, 4, 5, 6]);
          const run = (
            op: ReduceOp,
            input: TypedArray,
            shape: number[],
            dims: number[],
            m: number,
          ) => {
            const out = alloc(dtype, m);
            backend.reduce(op, input, shape, dims, out);
            return out;
          };
          expectClose(run("sum", x, [2, 3], [0], 3), [5, 7, 9], 0, `sum dim 0 ${dtype}`);
          expectClose(run("sum", x, [2, 3], [1], 2), [6, 15], 0, `sum dim 1 ${dtype}`);
          expectClose(run("sum", x, [2, 3], [0, 1], 1), [21], 0, `sum all ${dtype}`);
          expectClose(run("sum", x, [2, 3], [], 6), [1, 2, 3, 4, 5, 6], 0, `sum no dims ${dtype}`);
          expectClose(run("prod", x, [2, 3], [1], 2), [6, 120], 0, `prod dim 1 ${dtype}`);
          expectClose(run("prod", x, [2, 3], [0], 3), [4, 10, 18], 0, `prod dim 0 ${dtype}`);
          expectClose(run("max", x, [2, 3], [0], 3), [4, 5, 6], 0, `max dim 0 ${dtype}`);
          expectClose(run("min", x, [2, 3], [1], 2), [1, 4], 0, `min dim 1 ${dtype}`);
          const withNaN = from(dtype, [1, NaN, 3, 4, 5, 6]);
          expectClose(run("max", withNaN, [2, 3], [1], 2), [NaN, 6], 0, `max NaN dim 1 ${dtype}`);
          expectClose(
            run("min", withNaN, [2, 3], [0], 3),
            [1, NaN, 3],
            0,
            `min NaN dim 0 ${dtype}`,
          );
          expectClose(run("max", withNaN, [2, 3], [0, 1], 1), [NaN], 0, `max NaN all ${dtype}`);
          const nanFirst = from(dtype, [NaN, 1, 2, -Infinity, -Infinity, -Infinity]);
          expectClose(
            run("max", nanFirst, [2, 3], [1], 2),
            [NaN, -Infinity],
            0,
            `max NaN first ${dtype}`,
          );
          expectClose(
            run("min", nanFirst, [2, 3], [1], 2),
            [NaN, -Infinity],
            0,
            `min NaN first ${dtype}`,
          );
          expectClose(run("sum", from(dtype, [2.5]), [], [], 1), [2.5], 0, `sum 0-d ${dtype}`);
          expectClose(run("max", from(dtype, [NaN]), [], [], 1), [NaN], 0, `max 0-d NaN ${dtype}`);
          const empty = from(dtype, []);
          expectClose(run("sum", empty, [0, 3], [0], 3), [0, 0, 0], 0, `sum of empty ${dtype}`);
          expectClose(run("prod", empty, [0, 3], [0], 3), [1, 1, 1], 0, `prod of empty ${dtype}`);
          expectClose(
            run("sum", empty, [3, 0], [1], 3),
            [0, 0, 0],
            0,
            `sum of empty rows ${dtype}`,
          );
        }
        // float32 storage: the sum is accumulated in float64 and rounded once
        const tiny = new Float32Array(1001).fill(1e-8);
        tiny[0] = 1;
        const out = alloc("float32", 1);
        backend.reduce("sum", tiny, [1001], [0], out);
        expectClose(
          out,
          [Math.fround(1 + 1000 * Math.fround(1e-8))],
          1e-7,
          "float32 sum in float64",
        );
      });
    });

    // ---- argReduce ----
    describe("argReduce", () => {
      test("ties give the first index and NaN wins (first NaN), every dim of 3-D tensors, vs reference", () => {
        const rng = new Rng(61);
        const shapes = [[3, 4, 5], [1, 6, 2], [4, 1, 3], [7]];
        for (const dtype of FLOATS) {
          for (const shape of shapes) {
            const n = numel(shape);
            for (const withNaN of [false, true]) {
              const values = rng.small(n, 0, 3);
              if (withNaN) for (let i = 2; i < n; i += 7) values[i] = NaN;
              const x = from(dtype, values);
              for (let dim = 0; dim < shape.length; dim++) {
                const m = n / shape[dim]!;
                for (const op of ["max", "min"] as const) {
                  const ev = alloc(dtype, m);
                  const ei = new Int32Array(m).fill(-1);
                  referenceBackend.argReduce(op, x, shape, dim, ev, ei);
                  const v = alloc(dtype, m);
                  const idx = new Int32Array(m).fill(-1);
                  backend.argReduce(op, x, shape, dim, v, idx);
                  const label = `${op} ${dtype} ${fmt(shape)} dim ${dim}${withNaN ? " with NaN" : ""}`;
                  expectClose(v, ev, 0, `${label} values`);
                  expectClose(idx, ei, 0, `${label} indices`);
                }
              }
            }
          }
        }
      });

      test("hand-computed ties, NaN and -Infinity", () => {
        for (const dtype of FLOATS) {
          const x = from(dtype, [
            1,
            3,
            3,
            2,
            NaN,
            5,
            NaN,
            1,
            2,
            2,
            2,
            2,
            -Infinity,
            -Infinity,
            0,
            0,
          ]);
          const run = (
            op: "max" | "min",
            input: TypedArray,
            shape: number[],
            dim: number,
            m: number,
          ) => {
            const values = alloc(dtype, m);
            const indices = new Int32Array(m).fill(-1);
            backend.argReduce(op, input, shape, dim, values, indices);
            return { values, indices };
          };
          const mx = run("max", x, [4, 4], 1, 4);
          expectClose(mx.values, [3, NaN, 2, 0], 0, `max values ${dtype}`);
          expectClose(mx.indices, [1, 0, 0, 2], 0, `max indices ${dtype}`);
          const mn = run("min", x, [4, 4], 1, 4);
          expectClose(mn.values, [1, NaN, 2, -Infinity], 0, `min values ${dtype}`);
          expectClose(mn.indices, [0, 0, 0, 0], 0, `min indices ${dtype}`);
          const cols = from(dtype, [1, 5, 7, 5, 7, NaN]);
          const cmax = run("max", cols, [3, 2], 0, 2);
          expectClose(cmax.values, [7, NaN], 0, `column max values ${dtype}`);
          expectClose(cmax.indices, [1, 2], 0, `column max indices ${dtype}`);
          const cmin = run("min", cols, [3, 2], 0, 2);
          expectClose(cmin.values, [1, NaN], 0, `column min values ${dtype}`);
          expectClose(cmin.indices, [0, 2], 0, `column min indices ${dtype}`);
          const late = run("max", from(dtype, [1, 2, NaN, 9, NaN]), [5], 0, 1);
          expectClose(late.indices, [2], 0, `first NaN ${dtype}`);
        }
      });
    });

    // ---- matmul ----
    describe("matmul", () => {
      /** One product: op(A) is m×k, op(B) is k×n, stored transposed when the flag says so. */
      interface MatmulCase {
        m: number;
        n: number;
        k: number;
        aBatch: number[];
        bBatch: number[];
      }
      const sizes = [1, 3, 4, 5, 17, 64, 130];
      const cases: MatmulCase[] = [];
      const plain = (m: number, n: number, k: number) =>
        cases.push({ m, n, k, aBatch: [], bBatch: [] });
      // each size on each axis, once beside small and once beside large partners
      for (const s of sizes) {
        plain(s, 5, 3);
        plain(3, s, 5);
        plain(5, 3, s);
        plain(s, 17, 64);
        plain(64, s, 17);
        plain(17, 64, s);
      }
      // the packed path: edges of the 4×4 tiles, n beyond one 128-column block, k beyond 256
      plain(130, 130, 17);
      plain(65, 67, 300);
      plain(3, 130, 300);
      plain(1, 130, 300);
      plain(130, 1, 300);
      plain(33, 32, 32);
      plain(32, 32, 32);
      plain(5, 5, 1500);
      plain(4, 3, 0);
      // broadcast batch dims
      cases.push({ m: 3, n: 4, k: 5, aBatch: [2, 1], bBatch: [3] });
      cases.push({ m: 4, n: 2, k: 3, aBatch: [1], bBatch: [4] });
      cases.push({ m: 2, n: 3, k: 4, aBatch: [], bBatch: [2, 2] });
      cases.push({ m: 5, n: 4, k: 3, aBatch: [3, 1, 2], bBatch: [1, 2, 1] });
      cases.push({ m: 17, n: 40, k: 64, aBatch: [2, 1], bBatch: [3] });
      cases.push({ m: 40, n: 33, k: 70, aBatch: [2], bBatch: [] });

      const reference = new Map<string, TypedArray>();

      for (const dtype of FLOATS) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            test(`${dtype} transA=${transA} transB=${transB}: ${cases.length} shapes (small and packed paths, batch broadcast), vs reference`, () => {
              const rng = new Rng(71);
              for (const [caseIndex, { m, n, k, aBatch, bBatch }] of cases.entries()) {
                const aShape = [...aBatch, ...(transA ? [k, m] : [m, k])];
                const bShape = [...bBatch, ...(transB ? [n, k] : [k, n])];
                const outShape = [...broadcast(aBatch, bBatch), m, n];
                const a = from(dtype, rng.values(numel(aShape), -1, 1));
                const b = from(dtype, rng.values(numel(bShape), -1, 1));
                const key = `#${caseIndex} ${dtype} ${transA} ${transB} ${fmt(aShape)} ${fmt(bShape)}`;
                let expected = reference.get(key);
                if (expected === undefined) {
                  expected = alloc(dtype, numel(outShape));
                  referenceBackend.matmul(a, aShape, transA, b, bShape, transB, expected, outShape);
                  reference.set(key, expected);
                }
                const out = alloc(dtype, numel(outShape));
                backend.matmul(a, aShape, transA, b, bShape, transB, out, outShape);
                // |values| ≤ 1, so a sum of k products is off by at most k·ε
                const atol = MATMUL_RTOL[dtype] * Math.max(1, Math.sqrt(k));
                expectClose(
                  out,
                  expected,
                  MATMUL_RTOL[dtype],
                  `matmul ${key} → ${fmt(outShape)}`,
                  atol,
                );
              }
            });
          }
        }
      }

      // The JavaScript kernels sum in float64; the wasm kernel sums in float32 like PyTorch's
      // (tests/backend/wasm-matmul.test.ts bounds its error against float64).
      test(
        "with k ≤ 256 every path (unpacked tiles and their edges, packed) equals the reference exactly",
        {
          skip: backend === wasmBackend,
        },
        () => {
          // one float64 sum per element in p order: the kernels may differ in speed, never in value
          const rng = new Rng(72);
          const shapes: [number, number, number][] = [
            [5, 7, 3],
            [200, 16, 16],
            [16, 16, 200],
            [200, 1, 16],
            [2, 16, 200],
            [7, 5, 1],
            [130, 130, 17],
            [130, 130, 64], // above the unpacked limit: packed
            [3, 130, 256],
          ];
          for (const [m, n, k] of shapes) {
            for (const transA of [false, true]) {
              for (const transB of [false, true]) {
                const aShape = transA ? [k, m] : [m, k];
                const bShape = transB ? [n, k] : [k, n];
                const a = from("float32", rng.values(m * k, -1, 1));
                const b = from("float32", rng.values(k * n, -1, 1));
                const expected = alloc("float32", m * n);
                referenceBackend.matmul(a, aShape, transA, b, bShape, transB, expected, [m, n]);
                const out = alloc("float32", m * n);
                backend.matmul(a, aShape, transA, b, bShape, transB, out, [m, n]);
                expectClose(out, expected, 0, `matmul ${m}×${k}×${n} ${transA} ${transB}`);
              }
            }
          }
        },
      );

      test("hand-computed 2×2 products with every transpose combination", () => {
        const A = [1, 2, 3, 4];
        const B = [5, 6, 7, 8];
        const expected: [boolean, boolean, number[]][] = [
          [false, false, [19, 22, 43, 50]],
          [true, false, [26, 30, 38, 44]],
          [false, true, [17, 23, 39, 53]],
          [true, true, [23, 31, 34, 46]],
        ];
        for (const dtype of FLOATS) {
          for (const [ta, tb, e] of expected) {
            const out = alloc(dtype, 4);
            backend.matmul(from(dtype, A), [2, 2], ta, from(dtype, B), [2, 2], tb, out, [2, 2]);
            expectClose(out, e, 0, `2×2 ${dtype} transA=${ta} transB=${tb}`);
          }
        }
      });

      test("hand-computed large products (packed path): ones · B with B[p][j] = p + j", () => {
        for (const [m, n, k] of [
          [65, 130, 300],
          [7, 33, 257],
          [130, 5, 64],
        ] as const) {
          const a = new Float64Array(m * k).fill(1);
          const b = Float64Array.from({ length: k * n }, (_, i) => Math.floor(i / n) + (i % n));
          for (const transB of [false, true]) {
            const stored = transB
              ? Float64Array.from({ length: k * n }, (_, i) => b[(i % k) * n + Math.floor(i / k)]!)
              : b;
            const out = alloc("float64", m * n);
            backend.matmul(a, [m, k], false, stored, transB ? [n, k] : [k, n], transB, out, [m, n]);
            const expected = Array.from(
              { length: m * n },
              (_, i) => (k * (k - 1)) / 2 + k * (i % n),
            );
            expectClose(out, expected, 0, `ones[${m}×${k}] · B[${k}×${n}] transB=${transB}`);
          }
        }
      });

      test("hand-computed batch broadcast: [2,1,1,2] · [3,2,1]", () => {
        // a[i] = [[i+1, 1]], b[j] = [[j], [10]] → out[i][j] = (i+1)·j + 10
        const a = Float64Array.from([1, 1, 2, 1]);
        const b = Float64Array.from([0, 10, 1, 10, 2, 10]);
        const out = alloc("float64", 6);
        backend.matmul(a, [2, 1, 1, 2], false, b, [3, 2, 1], false, out, [2, 3, 1, 1]);
        expectClose(out, [10, 11, 12, 10, 12, 14], 0, "batch broadcast");
      });

      test("NaN and Infinity propagate through both paths", () => {
        for (const [m, n, k] of [
          [3, 3, 3],
          [40, 40, 40],
        ] as const) {
          const a = new Float64Array(m * k).fill(1);
          const b = new Float64Array(k * n).fill(1);
          a[0] = NaN; // row 0 of the result is NaN
          b[n - 1] = Infinity; // column n-1 (rows 1..) is Infinity
          const out = alloc("float64", m * n);
          backend.matmul(a, [m, k], false, b, [k, n], false, out, [m, n]);
          for (let j = 0; j < n; j++)
            assert.ok(Number.isNaN(out[j]), `[0][${j}] of ${m}×${n}×${k} is NaN`);
          for (let i = 1; i < m; i++) {
            assert.equal(out[i * n + n - 1], Infinity, `[${i}][${n - 1}] of ${m}×${n}×${k}`);
            assert.equal(out[i * n], k, `[${i}][0] of ${m}×${n}×${k}`);
          }
        }
      });
    });

    // ---- strided copy and write ----
    describe("stridedCopy and stridedWrite", () => {
      /** [offset, strides, shape] views of a 120-element buffer. */
      const views: [string, number, number[], number[]][] = [
        ["contiguous [2,3,4]", 0, [12, 4, 1], [2, 3, 4]],
        ["permute [4,2,3]", 0, [1, 12, 4], [4, 2, 3]],
        ["transpose [5,4]", 0, [1, 5], [5, 4]],
        ["expand [3]→[2,3]", 0, [0, 1], [2, 3]],
        ["expand [3,1]→[3,4]", 0, [1, 0], [3, 4]],
        ["expand to 5-D with stride-0 dims", 3, [0, 6, 0, 2, 1], [2, 3, 2, 3, 2]],
        ["slice rows 1..3, cols 1,3,5 of [4,6]", 7, [6, 2], [3, 3]],
        ["narrow with offset, step 3", 10, [30, 3], [4, 5]],
        ["0-d at offset 5", 5, [], []],
        ["1-D single element", 119, [1], [1]],
        ["empty [0,3]", 0, [3, 1], [0, 3]],
        ["empty [3,0]", 0, [1, 1], [3, 0]],
        ["size-1 dims with odd strides", 2, [1000, 7, 1000, 1], [1, 4, 1, 3]],
      ];

      test("stridedCopy of many views, float32 and float64, vs reference", () => {
        for (const dtype of FLOATS) {
          const x = from(
            dtype,
            Array.from({ length: 120 }, (_, i) => i * 1.5 - 20),
          );
          for (const [name, offset, strides, shape] of views) {
            const expected = alloc(dtype, numel(shape));
            referenceBackend.stridedCopy(x, offset, strides, shape, expected);
            const out = alloc(dtype, numel(shape));
            backend.stridedCopy(x, offset, strides, shape, out);
            expectClose(out, expected, 0, `stridedCopy ${name} ${dtype}`);
          }
        }
      });

      test("hand-computed: transpose, slice with step, expand, 0-d", () => {
        const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
        const run = (offset: number, strides: number[], shape: number[]) => {
          const out = alloc("float64", numel(shape));
          backend.stridedCopy(x, offset, strides, shape, out);
          return out;
        };
        expectClose(
          run(0, [1, 3], [3, 2]),
          [1, 4, 2, 5, 3, 6],
          0,
          "transpose of [[1,2,3],[4,5,6]]",
        );
        expectClose(run(1, [2], [3]), [2, 4, 6], 0, "x[1::2]");
        expectClose(run(0, [0, 1], [2, 3]), [1, 2, 3, 1, 2, 3], 0, "expand row");
        expectClose(run(3, [1, 0], [3, 2]), [4, 4, 5, 5, 6, 6], 0, "expand column from offset 3");
        expectClose(run(4, [], []), [5], 0, "0-d at offset 4");
      });

      test("stridedWrite (plain and accumulate) of many views, vs reference", () => {
        const rng = new Rng(81);
        for (const dtype of FLOATS) {
          for (const [name, offset, strides, shape] of views) {
            // accumulate only: plain writes through stride-0 dims would overwrite one element
            const accumulateOnly = strides.some((s, d) => s === 0 && shape[d]! > 1);
            for (const accumulate of accumulateOnly ? [true] : [false, true]) {
              const src = from(dtype, rng.values(numel(shape)));
              const base = from(dtype, rng.values(120));
              const expected = base.slice();
              referenceBackend.stridedWrite(src, shape, expected, offset, strides, accumulate);
              const out = base.slice();
              backend.stridedWrite(src, shape, out, offset, strides, accumulate);
              const label = `stridedWrite ${name} ${dtype} accumulate=${accumulate}`;
              expectClose(out, expected, RTOL[dtype], label, RTOL[dtype] * 10);
            }
          }
        }
      });

      test("hand-computed: cat-style write, strided write, accumulation through stride 0", () => {
        const catOut = new Float64Array(12);
        backend.stridedWrite(
          Float64Array.from([1, 2, 3, 4, 5, 6]),
          [2, 3],
          catOut,
          3,
          [3, 1],
          false,
        );
        expectClose(catOut, [0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0], 0, "write rows 1..2 of [4,3]");
        const colOut = new Float64Array(8).fill(-1);
        backend.stridedWrite(Float64Array.from([7, 8, 9, 10]), [4, 1], colOut, 1, [2, 1], false);
        expectClose(colOut, [-1, 7, -1, 8, -1, 9, -1, 10], 0, "write column 1 of [4,2]");
        const stepOut = Float64Array.from([1, 1, 1, 1, 1, 1]);
        backend.stridedWrite(Float64Array.from([10, 20, 30]), [3], stepOut, 1, [2], true);
        expectClose(stepOut, [1, 11, 1, 21, 1, 31], 0, "accumulate into x[1::2]");
        const sumOut = Float64Array.from([100, 0]);
        backend.stridedWrite(
          Float64Array.from([1, 2, 3, 4, 5, 6]),
          [2, 3],
          sumOut,
          0,
          [0, 0],
          true,
        );
        expectClose(sumOut, [121, 0], 0, "accumulate everything into one element");
        const rows = Float64Array.from([0, 0, 0]);
        backend.stridedWrite(Float64Array.from([1, 2, 3, 4, 5, 6]), [2, 3], rows, 0, [0, 1], true);
        expectClose(rows, [5, 7, 9], 0, "expand backward: sum over a stride-0 dim");
      });
    });

    // ---- indexing ----
    describe("gather, scatterAdd, indexSelect, indexAdd", () => {
      test("gather along every dim, index smaller than x in other dims, repeated indices, vs reference", () => {
        const rng = new Rng(91);
        const xShape = [3, 4, 5];
        for (const dtype of FLOATS) {
          const x = from(dtype, rng.values(60));
          for (let dim = 0; dim < 3; dim++) {
            for (const indexShape of [
              [3, 4, 5],
              [2, 3, 4],
              [1, 1, 7],
              [3, 4, 1],
            ]) {
              const shape = indexShape.map((s, d) => (d === dim ? s : Math.min(s, xShape[d]!)));
              const index = Int32Array.from(rng.small(numel(shape), 0, xShape[dim]! - 1));
              const expected = alloc(dtype, index.length);
              referenceBackend.gather(x, xShape, dim, index, shape, expected);
              const out = alloc(dtype, index.length);
              backend.gather(x, xShape, dim, index, shape, out);
              expectClose(out, expected, 0, `gather ${dtype} dim ${dim} index ${fmt(shape)}`);
            }
          }
        }
      });

      test("scatterAdd along every dim, src larger than index, repeated indices, vs reference", () => {
        const rng = new Rng(92);
        const outShape = [3, 4, 5];
        for (const dtype of FLOATS) {
          for (let dim = 0; dim < 3; dim++) {
            for (const indexShape of [
              [3, 4, 5],
              [2, 3, 4],
              [3, 4, 8],
            ]) {
              const shape = indexShape.map((s, d) => (d === dim ? s : Math.min(s, outShape[d]!)));
              const srcShape = shape.map((s) => s + 1);
              const index = Int32Array.from(rng.small(numel(shape), 0, outShape[dim]! - 1));
              const src = from(dtype, rng.values(numel(srcShape)));
              const base = from(dtype, rng.values(60));
              const expected = base.slice();
              referenceBackend.scatterAdd(expected, outShape, dim, index, shape, src, srcShape);
              const out = base.slice();
              backend.scatterAdd(out, outShape, dim, index, shape, src, srcShape);
              expectClose(
                out,
                expected,
                RTOL[dtype],
                `scatterAdd ${dtype} dim ${dim} index ${fmt(shape)}`,
                RTOL[dtype] * 10,
              );
            }
          }
        }
      });

      test("indexSelect and indexAdd along every dim with repeated, unordered and empty index lists, vs reference", () => {
        const rng = new Rng(93);
        // [2, 5, 40]: slices long enough for the fast kernels' block copies
        for (const [dtype, xShape] of FLOATS.flatMap((t) => [
          [t, [3, 4, 5]] as const,
          [t, [2, 5, 40]] as const,
        ])) {
          const x = from(dtype, rng.values(numel(xShape)));
          for (let dim = 0; dim < 3; dim++) {
            for (const count of [1, 3, 6, 0]) {
              const index = Int32Array.from(rng.small(count, 0, xShape[dim]! - 1));
              const selShape = xShape.map((s, d) => (d === dim ? count : s));
              const expected = alloc(dtype, numel(selShape));
              referenceBackend.indexSelect(x, xShape, dim, index, expected);
              const out = alloc(dtype, numel(selShape));
              backend.indexSelect(x, xShape, dim, index, out);
              expectClose(out, expected, 0, `indexSelect ${dtype} dim ${dim} [${index.join(",")}]`);

              const src = from(dtype, rng.values(numel(selShape)));
              const base = from(dtype, rng.values(numel(xShape)));
              const added = base.slice();
              referenceBackend.indexAdd(added, xShape, dim, index, src);
              const out2 = base.slice();
              backend.indexAdd(out2, xShape, dim, index, src);
              expectClose(
                out2,
                added,
                RTOL[dtype],
                `indexAdd ${dtype} dim ${dim} [${index.join(",")}]`,
                RTOL[dtype] * 10,
              );
            }
          }
        }
      });

      test("hand-computed gather, scatterAdd, indexSelect, indexAdd", () => {
        for (const dtype of FLOATS) {
          const g = alloc(dtype, 4);
          backend.gather(
            from(dtype, [1, 2, 3, 4]),
            [2, 2],
            1,
            Int32Array.from([0, 0, 1, 0]),
            [2, 2],
            g,
          );
          expectClose(g, [1, 1, 4, 3], 0, `gather dim 1 ${dtype}`);
          const g0 = alloc(dtype, 3);
          backend.gather(
            from(dtype, [1, 2, 3, 4, 5, 6]),
            [2, 3],
            0,
            Int32Array.from([1, 0, 1]),
            [1, 3],
            g0,
          );
          expectClose(g0, [4, 2, 6], 0, `gather dim 0 ${dtype}`);

          const s = from(dtype, [0, 0, 0, 0, 0, 0]);
          backend.scatterAdd(
            s,
            [2, 3],
            1,
            Int32Array.from([2, 2, 0, 1]),
            [2, 2],
            from(dtype, [1, 2, 3, 4]),
            [2, 2],
          );
          expectClose(s, [0, 0, 3, 3, 4, 0], 0, `scatterAdd dim 1 ${dtype}`);
          const s0 = from(dtype, [1, 1, 1, 1, 1, 1]);
          // src is [2,3]; index [1,2] uses only src[0][0..1]
          backend.scatterAdd(
            s0,
            [2, 3],
            0,
            Int32Array.from([1, 1]),
            [1, 2],
            from(dtype, [10, 20, 30, 40, 50, 60]),
            [2, 3],
          );
          expectClose(s0, [1, 1, 1, 11, 21, 1], 0, `scatterAdd dim 0, src larger ${dtype}`);

          const sel = alloc(dtype, 6);
          backend.indexSelect(
            from(dtype, [1, 2, 3, 4, 5, 6]),
            [2, 3],
            1,
            Int32Array.from([2, 0, 2]),
            sel,
          );
          expectClose(sel, [3, 1, 3, 6, 4, 6], 0, `indexSelect dim 1 ${dtype}`);
          const sel0 = alloc(dtype, 9);
          backend.indexSelect(
            from(dtype, [1, 2, 3, 4, 5, 6]),
            [2, 3],
            0,
            Int32Array.from([1, 1, 0]),
            sel0,
          );
          expectClose(sel0, [4, 5, 6, 4, 5, 6, 1, 2, 3], 0, `indexSelect dim 0 ${dtype}`);

          const add = from(dtype, [0, 0, 0, 0, 0, 0]);
          backend.indexAdd(
            add,
            [2, 3],
            1,
            Int32Array.from([2, 0, 2]),
            from(dtype, [1, 2, 3, 4, 5, 6]),
          );
          expectClose(add, [2, 0, 4, 5, 0, 10], 0, `indexAdd dim 1 ${dtype}`);
          const add0 = from(dtype, [1, 1, 1, 1, 1, 1]);
          backend.indexAdd(
            add0,
            [2, 3],
            0,
            Int32Array.from([0, 0]),
            from(dtype, [1, 2, 3, 4, 5, 6]),
          );
          expectClose(add0, [6, 8, 10, 1, 1, 1], 0, `indexAdd dim 0 ${dtype}`);
        }
      });
    });

    // ---- countNonFinite ----
    describe("countNonFinite", () => {
      test("counts NaN and ±Infinity only, in every dtype", () => {
        const values = [0, -0, 1, NaN, Infinity, -Infinity, 1e308, -1e-320, 3.4e38, NaN];
        assert.equal(backend.countNonFinite(Float64Array.from(values)), 4, "float64");
        // float32: 1e308 overflows to Infinity when stored
        assert.equal(backend.countNonFinite(Float32Array.from(values)), 5, "float32");
        assert.equal(backend.countNonFinite(Int32Array.from([0, -1, 2147483647])), 0, "int32");
        assert.equal(backend.countNonFinite(Uint8Array.from([0, 1])), 0, "bool");
        assert.equal(backend.countNonFinite(new Float64Array(0)), 0, "empty");
      });

      test("agrees with the reference on random arrays with sprinkled non-finite values", () => {
        const rng = new Rng(101);
        for (const dtype of FLOATS) {
          for (const n of [1, 13, 1000]) {
            const x = from(dtype, rng.mixed(n));
            assert.equal(
              backend.countNonFinite(x),
              referenceBackend.countNonFinite(x),
              `${dtype} n=${n}`,
            );
          }
        }
      });
    });
  });
}

// ---- storage ---------------------------------------------------------------------------------

const STORAGE_CLASS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

for (const backend of BACKENDS) {
  void describe(`${backend.name}: storage`, () => {
    test("allocate gives zero-filled, unshared storage of the dtype's class, any size", () => {
      for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
        for (const n of [0, 1, 16, 300, 5000]) {
          const a = backend.allocate(dtype, n);
          const b = backend.allocate(dtype, n);
          assert.ok(a instanceof STORAGE_CLASS[dtype], `${dtype} n=${n}`);
          assert.equal(a.length, n);
          assert.ok(
            a.every((v) => v === 0),
            `${dtype} n=${n} is zero-filled`,
          );
          if (n > 0) {
            a[n - 1] = 1;
            assert.equal(b[n - 1], 0, `${dtype} n=${n}: two allocations share storage`);
          }
        }
      }
    });

    test("allocateUninit gives unshared storage of the dtype's class, any size", () => {
      for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
        for (const n of [0, 1, 16, 300, 5000, 300_000]) {
          const a = backend.allocateUninit(dtype, n);
          const b = backend.allocateUninit(dtype, n);
          assert.ok(a instanceof STORAGE_CLASS[dtype], `${dtype} n=${n}`);
          assert.equal(a.length, n);
          if (n > 0) {
            a.fill(0);
            b.fill(1);
            assert.ok(
              a.every((v) => v === 0),
              `${dtype} n=${n}: two allocations share storage`,
            );
          }
        }
      }
    });

    test("read resolves to a copy of the values", async () => {
      const x = backend.allocate("float64", 3);
      x.set([1.5, -2, 3]);
      const copy = await backend.read(x);
      assert.deepEqual(Array.from(copy), [1.5, -2, 3]);
      copy[0] = 9;
      assert.equal(x[0], 1.5);
    });
  });
}
