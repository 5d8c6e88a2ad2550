// The kernel-case table: one entry per elementwise kernel op of the Backend interface (the mapped
// types make the compiler name a missing one). Each entry names the public op of the op-spec
// table (./spec.ts) whose PyTorch fixture inputs exercise the kernel, and the values worked out by
// hand that check the reference kernel itself. tests/backend/conformance.test.ts runs every entry
// on every backend: on seeded random and special values, on the fixtures' inputs of `op`, and on
// the hand-computed cases.
import type { BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import type { PublicOp } from "../../src/autograd/op-surface.js";

/** [params, input, expected]: one hand-computed unary case. */
export type UnaryHand = readonly [readonly number[], readonly number[], readonly number[]];

export interface UnaryKernelSpec {
  /** The public op (a key of OP_SPECS) whose fixture inputs run through this kernel. */
  op: PublicOp;
  /** The parameter sets to try (default: none). */
  params?: readonly (readonly number[])[];
  hand: readonly UnaryHand[];
}

/** [a, aShape, b, bShape, expected]: one hand-computed binary case (expected has the broadcast shape). */
export type BinaryHand = readonly [
  readonly number[],
  readonly number[],
  readonly number[],
  readonly number[],
  readonly number[],
];

export interface BinaryKernelSpec {
  op: PublicOp;
  /** arith: out has the inputs' dtype; compare and logic: out is bool. */
  kind: "arith" | "compare" | "logic";
  hand: readonly BinaryHand[];
}

const none: readonly number[] = [];

export const UNARY_KERNELS: { readonly [K in UnaryOp]: UnaryKernelSpec } = {
  neg: { op: "neg", hand: [[none, [1.5, -2, 0], [-1.5, 2, -0]]] },
  abs: { op: "abs", hand: [[none, [-2.5, 3, -0], [2.5, 3, 0]]] },
  sign: { op: "sign", hand: [[none, [-3, 0, 2, NaN, -Infinity], [-1, 0, 1, NaN, -1]]] },
  exp: { op: "exp", hand: [[none, [0, 1, -Infinity, 1000], [1, Math.E, 0, Infinity]]] },
  log: { op: "log", hand: [[none, [1, Math.E, 0, -1], [0, 1, -Infinity, NaN]]] },
  log1p: { op: "log1p", hand: [[none, [0, -1, 1e-20], [0, -Infinity, 1e-20]]] },
  sqrt: { op: "sqrt", hand: [[none, [4, 2.25, -1, Infinity], [2, 1.5, NaN, Infinity]]] },
  sin: { op: "sin", hand: [[none, [0, Math.PI / 2], [0, 1]]] },
  cos: { op: "cos", hand: [[none, [0, Math.PI], [1, -1]]] },
  tanh: { op: "tanh", hand: [[none, [0, Infinity, -Infinity, 30], [0, 1, -1, 1]]] },
  atan: { op: "atan", hand: [[none, [0, 1, -Infinity, NaN], [0, Math.PI / 4, -Math.PI / 2, NaN]]] },
  sigmoid: { op: "sigmoid", hand: [[none, [0, 1000, -1000, NaN], [0.5, 1, 0, NaN]]] },
  relu: { op: "relu", hand: [[none, [-1, 0, 2, NaN, -Infinity], [0, 0, 2, NaN, 0]]] },
  square: { op: "square", hand: [[none, [-3, 0.5, NaN], [9, 0.25, NaN]]] },
  erf: {
    op: "erf",
    hand: [
      [
        none,
        [0, 0.5, -1, 2, 3.5, 5, Infinity, -Infinity, NaN],
        [
          0,
          0.5204998778130465,
          -0.8427007929497149,
          0.9953222650189527,
          0.9999992569016276,
          0.9999999999984626,
          1,
          -1,
          NaN,
        ],
      ],
    ],
  },
  reciprocal: {
    op: "reciprocal",
    hand: [[none, [2, -0.25, 0, -0, Infinity], [0.5, -4, Infinity, -Infinity, 0]]],
  },
  not: { op: "logicalNot", hand: [[none, [0, 1, 2, -0, NaN], [1, 0, 0, 1, 0]]] },
  powScalar: {
    op: "pow",
    params: [[2], [3], [0.5], [-1], [0], [-2.5], [1 / 3], [1]],
    hand: [
      [[2], [3, -2, NaN], [9, 4, NaN]],
      [[0.5], [4, -1, 0], [2, NaN, 0]],
      [[-1], [4, 0], [0.25, Infinity]],
      [[0], [0, NaN, -3], [1, 1, 1]],
      [[3], [-2, 0.5], [-8, 0.125]],
    ],
  },
  softplus: {
    op: "softplus",
    params: [
      [1, 20],
      [2, 3],
      [0.5, 1],
      [3, -2],
    ],
    hand: [
      [
        [1, 20],
        [0, 30, -30],
        [Math.LN2, 30, Math.log1p(Math.exp(-30))],
      ],
      [
        [2, 3],
        [2, 1, -1],
        [2, Math.log1p(Math.exp(2)) / 2, Math.log1p(Math.exp(-2)) / 2],
      ],
    ],
  },
};

export const BINARY_KERNELS: { readonly [K in BinaryOp]: BinaryKernelSpec } = {
  add: {
    op: "add",
    kind: "arith",
    hand: [
      [
        [1, 2, 3],
        [1, 3],
        [10, 20],
        [2, 1],
        [11, 12, 13, 21, 22, 23],
      ],
      // [3,1,4] with [1,2,1]: a[i,0,k] + b[0,j,0]
      [
        [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23],
        [3, 1, 4],
        [100, 200],
        [1, 2, 1],
        [
          100, 101, 102, 103, 200, 201, 202, 203, 110, 111, 112, 113, 210, 211, 212, 213, 120, 121,
          122, 123, 220, 221, 222, 223,
        ],
      ],
    ],
  },
  sub: { op: "sub", kind: "arith", hand: [[[5], [], [1, 2, 3, 4], [2, 2], [4, 3, 2, 1]]] },
  mul: {
    op: "mul",
    kind: "arith",
    hand: [[[1, 2, 3, 4], [2, 2], [10, 100], [2], [10, 200, 30, 400]]],
  },
  div: {
    op: "div",
    kind: "arith",
    hand: [[[1, -1, 0, 0], [4], [0, 0, 0, 4], [4], [Infinity, -Infinity, NaN, 0]]],
  },
  pow: {
    op: "pow",
    kind: "arith",
    hand: [[[2, 4, -8, 0, NaN], [5], [3, 0.5, 1 / 3, -1, 0], [5], [8, 2, NaN, Infinity, 1]]],
  },
  atan2: {
    op: "atan2",
    kind: "arith",
    hand: [
      [
        [1, 0, -1, 0, 1],
        [5],
        [0, 1, 0, -1, 1],
        [5],
        [Math.PI / 2, 0, -Math.PI / 2, Math.PI, Math.PI / 4],
      ],
    ],
  },
  maximum: {
    op: "maximum",
    kind: "arith",
    hand: [[[1, NaN, 3, -Infinity], [4], [2, 0, NaN, -5], [4], [2, NaN, NaN, -5]]],
  },
  minimum: {
    op: "minimum",
    kind: "arith",
    hand: [[[1, NaN, 3, -Infinity], [4], [2, 0, NaN, -5], [4], [1, NaN, NaN, -Infinity]]],
  },
  eq: {
    op: "eq",
    kind: "compare",
    hand: [[[1, NaN, 2, 0], [4], [1, NaN, 3, -0], [4], [1, 0, 0, 1]]],
  },
  ne: {
    op: "ne",
    kind: "compare",
    hand: [[[1, NaN, 2, 0], [4], [1, NaN, 3, -0], [4], [0, 1, 1, 0]]],
  },
  lt: {
    op: "lt",
    kind: "compare",
    hand: [[[1, 2, NaN, 3], [4], [2, 2, 1, NaN], [4], [1, 0, 0, 0]]],
  },
  le: {
    op: "le",
    kind: "compare",
    hand: [[[1, 2, NaN, 3], [4], [2, 2, 1, NaN], [4], [1, 1, 0, 0]]],
  },
  gt: { op: "gt", kind: "compare", hand: [[[1, 2, NaN, 3], [4], [2, 2, 1, 1], [4], [0, 0, 0, 1]]] },
  ge: { op: "ge", kind: "compare", hand: [[[1, 2, NaN, 3], [4], [2, 2, 1, 1], [4], [0, 1, 0, 1]]] },
  and: {
    op: "logicalAnd",
    kind: "logic",
    hand: [[[0, 1, 2, 0, NaN], [5], [0, 0, 3, 5, 1], [5], [0, 0, 1, 0, 1]]],
  },
  or: {
    op: "logicalOr",
    kind: "logic",
    hand: [[[0, 1, 2, 0, NaN], [5], [0, 0, 3, 5, 0], [5], [0, 1, 1, 1, 1]]],
  },
};

export const UNARY_KERNEL_OPS = Object.keys(UNARY_KERNELS) as UnaryOp[];
export const BINARY_KERNEL_OPS = Object.keys(BINARY_KERNELS) as BinaryOp[];
