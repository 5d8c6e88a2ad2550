// Finite-difference checks of every differentiable op: `gradcheck` compares the analytical
// gradient of sum(f(inputs) · w) with central differences in float64. Shapes and values are drawn
// from seeded generators (one per test, so tests do not depend on each other's order); values
// are kept away from kinks (0 for abs/relu/…, ties for max/min, clamp bounds) where a derivative
// does not exist and a finite difference means nothing.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Generator,
  Tensor,
  abs,
  add,
  amax,
  amin,
  autogradGrad,
  cast,
  cat,
  clamp,
  clone,
  cos,
  div,
  elu,
  enableGrad,
  erf,
  exp,
  expand,
  flatten,
  gather,
  gelu,
  gradcheck,
  indexSelect,
  leakyRelu,
  log,
  log1p,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  narrow,
  neg,
  norm,
  permute,
  pow,
  prod,
  rand,
  randn,
  reciprocal,
  relu,
  reshape,
  rsqrt,
  scatterAdd,
  sigmoid,
  sign,
  sin,
  slice,
  softmax,
  softplus,
  split,
  sqrt,
  square,
  squeeze,
  stack,
  std,
  sub,
  sum,
  sumToShape,
  tanh,
  tensor,
  transpose,
  unsqueeze,
  variance,
  where,
  type GradcheckOptions,
  type GradcheckResult,
} from "../../src/index.js";
import { apply, defineOp } from "../../src/autograd/op.js";

// ---- seeded draws -----------------------------------------------------------------------------

/** Seeded draws of shapes and float64 values, built on the library's own Generator. */
class Rng {
  readonly generator: Generator;

  constructor(seed: number) {
    this.generator = new Generator(seed);
  }

  /** A uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + (this.generator.nextUint32() % (hi - lo + 1));
  }

  /** A shape of the given rank with dims in [lo, hi]. */
  shape(rank: number, lo = 1, hi = 4): number[] {
    return Array.from({ length: rank }, () => this.int(lo, hi));
  }

  /** A shape that broadcasts to `target`: a random suffix of it with random dims set to 1. */
  partner(target: readonly number[]): number[] {
    const rank = this.int(0, target.length);
    return target.slice(target.length - rank).map((d) => (this.int(0, 2) === 0 ? 1 : d));
  }

  normal(shape: readonly number[]): Tensor {
    return randn(shape, { dtype: "float64", generator: this.generator });
  }

  uniform(shape: readonly number[], lo: number, hi: number): Tensor {
    return rand(shape, { dtype: "float64", generator: this.generator })
      .mul(hi - lo)
      .add(lo);
  }

  /** Magnitudes in [lo, hi] with random signs: at least `lo` away from 0. */
  awayFromZero(shape: readonly number[], lo = 0.3, hi = 2): Tensor {
    const magnitude = this.uniform(shape, lo, hi);
    const signs = rand(shape, { dtype: "float64", generator: this.generator })
      .lt(0.5)
      .to("float64")
      .mul(2)
      .sub(1);
    return magnitude.mul(signs);
  }

  /** Pairwise distinct values (at least `spacing` apart), shuffled, centred on 0. */
  distinct(shape: readonly number[], spacing = 0.25): Tensor {
    const n = shape.reduce((p, d) => p * d, 1);
    const perm = this.generator.permutation(n);
    const values = Float64Array.from(perm, (p) => (p - n / 2) * spacing + 0.05);
    return tensor(values, { shape });
  }

  /** A random bool tensor. */
  mask(shape: readonly number[]): Tensor {
    return rand(shape, { dtype: "float64", generator: this.generator }).lt(0.5);
  }

  /** An int32 tensor of indices in [0, high). */
  indices(shape: readonly number[], high: number): Tensor {
    const n = shape.reduce((p, d) => p * d, 1);
    const values = Int32Array.from({ length: n }, () => this.int(0, high - 1));
    return tensor(values, { shape });
  }
}

// ---- assertions -------------------------------------------------------------------------------

function describeInputs(inputs: readonly Tensor[]): string {
  return inputs.map((t) => `[${t.shape.join(",")}]`).join(" ");
}

/** Runs gradcheck and fails with its verdict, the inputs' shapes and the worst element. */
function check(
  name: string,
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options?: GradcheckOptions,
): GradcheckResult {
  const result = gradcheck(f, inputs, options);
  assert.ok(result.worst !== null, `${name} ${describeInputs(inputs)}: nothing was checked`);
  assert.ok(
    result.ok,
    `${name} ${describeInputs(inputs)}: ${result.message} (maxError ${result.maxError})`,
  );
  return result;
}

// ---- elementwise: unary -------------------------------------------------------------------------

describe("gradcheck: unary elementwise ops", () => {
  interface UnaryCase {
    name: string;
    f: (x: Tensor) => Tensor;
    /** Input values for a shape. */
    values: (rng: Rng, shape: readonly number[]) => Tensor;
  }
  const anywhere = (rng: Rng, shape: readonly number[]) => rng.normal(shape);
  const nonZero = (rng: Rng, shape: readonly number[]) => rng.awayFromZero(shape);
  const positive = (rng: Rng, shape: readonly number[]) => rng.uniform(shape, 0.3, 3);
  const cases: UnaryCase[] = [
    { name: "neg", f: neg, values: anywhere },
    { name: "abs", f: abs, values: nonZero },
    { name: "sign", f: sign, values: nonZero },
    { name: "exp", f: exp, values: anywhere },
    { name: "log", f: log, values: positive },
    { name: "log1p", f: log1p, values: (rng, s) => rng.uniform(s, -0.7, 3) },
    { name: "sqrt", f: sqrt, values: positive },
    { name: "rsqrt", f: rsqrt, values: positive },
    { name: "sin", f: sin, values: anywhere },
    { name: "cos", f: cos, values: anywhere },
    { name: "tanh", f: tanh, values: anywhere },
    { name: "sigmoid", f: sigmoid, values: (rng, s) => rng.uniform(s, -6, 6) },
    { name: "relu", f: relu, values: nonZero },
    { name: "square", f: square, values: anywhere },
    { name: "erf", f: erf, values: (rng, s) => rng.uniform(s, -2.5, 2.5) },
    { name: "reciprocal", f: reciprocal, values: nonZero },
    { name: "leakyRelu (default slope)", f: (x) => leakyRelu(x), values: nonZero },
    { name: "leakyRelu(0.2)", f: (x) => leakyRelu(x, 0.2), values: nonZero },
    { name: "leakyRelu (method, slope 1.5)", f: (x) => x.leakyRelu(1.5), values: nonZero },
    { name: "elu (default alpha)", f: (x) => elu(x), values: nonZero },
    { name: "elu(0.5)", f: (x) => elu(x, 0.5), values: nonZero },
    { name: "elu (method, alpha 2)", f: (x) => x.elu(2), values: nonZero },
    { name: "gelu (exact)", f: (x) => gelu(x), values: anywhere },
    {
      name: 'gelu({ approximate: "none" })',
      f: (x) => gelu(x, { approximate: "none" }),
      values: anywhere,
    },
    {
      name: 'gelu({ approximate: "tanh" })',
      f: (x) => gelu(x, { approximate: "tanh" }),
      values: anywhere,
    },
    { name: "gelu (method, tanh)", f: (x) => x.gelu({ approximate: "tanh" }), values: anywhere },
    {
      name: "softplus (defaults)",
      f: (x) => softplus(x),
      values: (rng, s) => rng.uniform(s, -5, 5),
    },
    {
      name: "softplus({ beta: 2 })",
      f: (x) => softplus(x, { beta: 2 }),
      values: (rng, s) => rng.uniform(s, -3, 3),
    },
    {
      // both branches: βx = 2x crosses the threshold 3 at x = 1.5; stay clear of it
      name: "softplus({ beta: 2, threshold: 3 }) both sides of the threshold",
      f: (x) => softplus(x, { beta: 2, threshold: 3 }),
      values: (rng, s) => rng.awayFromZero(s, 0.3, 1.2).add(1.5),
    },
    {
      name: "softplus (method, beta 0.5, threshold 1)",
      f: (x) => x.softplus({ beta: 0.5, threshold: 1 }),
      values: (rng, s) => rng.awayFromZero(s, 0.3, 2).add(2),
    },
    { name: "clone", f: clone, values: anywhere },
    { name: "cast to float64 (identity)", f: (x) => cast(x, "float64").mul(3), values: anywhere },
  ];
  const shapes = [[], [1], [5], [3, 4], [2, 3, 2], [2, 1, 3, 2]];
  cases.forEach((c, k) => {
    test(`${c.name} on shapes ${shapes.map((s) => `[${s.join(",")}]`).join(" ")} and 2 random`, () => {
      const rng = new Rng(100 + k);
      // the fixed shapes, then two random ones of rank 0..4
      const random = [rng.shape(rng.int(0, 4)), rng.shape(rng.int(0, 4))];
      for (const shape of [...shapes, ...random]) check(c.name, c.f, [c.values(rng, shape)]);
    });
  });

  test("cast through float32 and back passes the gradient (coarse eps for float32)", () => {
    const rng = new Rng(7);
    check("cast float32", (x) => cast(x, "float32").mul(3).double(), [rng.normal([3, 4])], {
      eps: 1e-2,
      atol: 1e-4,
    });
  });

  test("method forms agree: x.exp().log1p().sqrt().tanh()", () => {
    const rng = new Rng(8);
    check("method chain", (x) => x.exp().log1p().sqrt().tanh().sigmoid().square(), [
      rng.normal([4, 3]),
    ]);
  });
});

describe("gradcheck: pow", () => {
  const exponents = [2, 3, -1, -2, 0.5, -0.5, 2.5, 1, 0];
  for (const p of exponents) {
    test(`pow(x, ${p}) with positive x`, () => {
      const rng = new Rng(200 + Math.round(p * 10));
      check(`pow ${p}`, (x) => pow(x, p), [rng.uniform([3, 4], 0.4, 2.5)]);
      check(`x.pow(${p})`, (x) => x.pow(p), [rng.uniform([2, 3, 2], 0.4, 2.5)]);
    });
  }
  for (const p of [2, 3, -1, -2, 0]) {
    test(`pow(x, ${p}) with negative x (integer exponent)`, () => {
      const rng = new Rng(300 + p);
      check(`pow ${p}`, (x) => pow(x, p), [rng.awayFromZero([4, 3])]);
    });
  }

  test("pow(a, b) with tensor exponent, both grads, broadcasting of different ranks", () => {
    const rng = new Rng(400);
    for (let trial = 0; trial < 8; trial++) {
      const out = rng.shape(rng.int(0, 4));
      const a = rng.uniform(rng.partner(out), 0.4, 2.5);
      const b = rng.uniform(rng.partner(out), -2, 2);
      check("pow(a, b)", (x, y) => pow(x, y), [a, b]);
    }
  });

  test("pow(a, b) with an integer-valued tensor exponent and negative base (grad of a only)", () => {
    const rng = new Rng(401);
    const b = tensor([[2, 3, -1]], { dtype: "float64" });
    check("pow(a, int b)", (x) => x.pow(b), [rng.awayFromZero([4, 3])]);
  });

  test("pow(scalar, b): scalar base, tensor exponent", () => {
    const rng = new Rng(402);
    check("pow(2.5, b)", (y) => pow(2.5, y), [rng.normal([3, 2])]);
  });
});

// ---- elementwise: binary ------------------------------------------------------------------------

describe("gradcheck: binary elementwise ops with broadcasting", () => {
  interface BinaryCase {
    name: string;
    f: (a: Tensor, b: Tensor) => Tensor;
    a: (rng: Rng, shape: readonly number[]) => Tensor;
    b: (rng: Rng, shape: readonly number[]) => Tensor;
  }
  const normal = (rng: Rng, s: readonly number[]) => rng.normal(s);
  const cases: BinaryCase[] = [
    { name: "add", f: (a, b) => add(a, b), a: normal, b: normal },
    { name: "add alpha 2.5", f: (a, b) => add(a, b, { alpha: 2.5 }), a: normal, b: normal },
    { name: "sub", f: (a, b) => sub(a, b), a: normal, b: normal },
    { name: "sub alpha -0.5", f: (a, b) => a.sub(b, { alpha: -0.5 }), a: normal, b: normal },
    { name: "mul", f: (a, b) => mul(a, b), a: normal, b: normal },
    { name: "div", f: (a, b) => div(a, b), a: normal, b: (rng, s) => rng.awayFromZero(s, 0.5, 2) },
    {
      // a on a grid offset by 0.25, b by 0.75 (±0.1): |a − b| ≥ 0.3, so never a tie
      name: "maximum",
      f: (a, b) => maximum(a, b),
      a: (rng, s) =>
        rng
          .indices(s, 5)
          .to("float64")
          .add(rng.uniform(s, 0.15, 0.35)),
      b: (rng, s) =>
        rng
          .indices(s, 5)
          .to("float64")
          .add(rng.uniform(s, 0.65, 0.85)),
    },
    {
      name: "minimum",
      f: (a, b) => minimum(a, b),
      a: (rng, s) =>
        rng
          .indices(s, 5)
          .to("float64")
          .add(rng.uniform(s, 0.15, 0.35)),
      b: (rng, s) =>
        rng
          .indices(s, 5)
          .to("float64")
          .add(rng.uniform(s, 0.65, 0.85)),
    },
    { name: "mul then add (a·b + a)", f: (a, b) => a.mul(b).add(a), a: normal, b: normal },
  ];
  cases.forEach((c, k) => {
    test(`${c.name}: random broadcast pairs of ranks 0..4`, () => {
      const rng = new Rng(500 + k);
      for (let trial = 0; trial < 8; trial++) {
        const out = rng.shape(rng.int(0, 4));
        const aShape = rng.partner(out);
        const bShape = rng.partner(out);
        check(c.name, c.f, [c.a(rng, aShape), c.b(rng, bShape)]);
      }
    });
  });

  test("fixed broadcast patterns: [3,1,4]·[1,5,1], [4]·[2,3,4], [2,3]·[] and [5,1]·[1,6]", () => {
    const rng = new Rng(550);
    const pairs: [number[], number[]][] = [
      [
        [3, 1, 4],
        [1, 5, 1],
      ],
      [[4], [2, 3, 4]],
      [[2, 3], []],
      [
        [5, 1],
        [1, 6],
      ],
      [
        [2, 1, 3, 1],
        [4, 1, 5],
      ],
    ];
    for (const [sa, sb] of pairs) {
      check("mul", (a, b) => a.mul(b), [rng.normal(sa), rng.normal(sb)]);
      check("div", (a, b) => a.div(b), [rng.normal(sa), rng.awayFromZero(sb)]);
      check("sub", (a, b) => a.sub(b), [rng.normal(sa), rng.normal(sb)]);
    }
  });

  test("binary ops with a plain number on either side", () => {
    const rng = new Rng(551);
    const x = rng.awayFromZero([3, 4]);
    check("add(x, 2)", (a) => add(a, 2), [x]);
    check("add(2, x)", (a) => add(2, a), [x]);
    check("sub(1.5, x)", (a) => sub(1.5, a), [x]);
    check("mul(x, -3)", (a) => mul(a, -3), [x]);
    check("div(2, x)", (a) => div(2, a), [x]);
    check("div(x, 4)", (a) => div(a, 4), [x]);
    check("maximum(x, 0.1)", (a) => maximum(a, 0.1), [x]);
    check("minimum(-0.1, x)", (a) => minimum(-0.1, a), [x]);
  });

  test("where(cond, a, b) with cond, a and b of different broadcastable shapes", () => {
    const rng = new Rng(560);
    for (let trial = 0; trial < 8; trial++) {
      const out = rng.shape(rng.int(1, 4));
      const cond = rng.mask(rng.partner(out));
      const a = rng.normal(rng.partner(out));
      const b = rng.normal(rng.partner(out));
      check("where", (x, y) => where(cond, x, y), [a, b]);
      check("a.where(cond, b)", (x, y) => x.where(cond, y), [a, b]);
    }
  });

  test("where with a number on one side", () => {
    const rng = new Rng(561);
    const cond = rng.mask([3, 4]);
    check("where(cond, x, 0)", (x) => where(cond, x, 0), [rng.normal([3, 4])]);
    check("where(cond, 2, x)", (x) => where(cond, 2, x), [rng.normal([4])]);
  });

  test("clamp with number bounds, values away from the bounds", () => {
    const rng = new Rng(570);
    // three bands: below -0.5, inside [-0.5, 0.5], above 0.5, each at least 0.2 from a bound
    const band = (shape: number[]) =>
      rng
        .indices(shape, 3)
        .to("float64")
        .sub(1)
        .add(rng.uniform(shape, -0.3, 0.3));
    check("clamp(x, -0.5, 0.5)", (a) => clamp(a, -0.5, 0.5), [band([4, 5])]);
    check("x.clamp(-0.5, 0.5)", (a) => a.clamp(-0.5, 0.5), [band([2, 3, 2])]);
    check("clamp(x, null, 0.4)", (a) => clamp(a, null, 0.4), [rng.awayFromZero([3, 3]).add(0.4)]);
    check("clamp(x, 0.4)", (a) => clamp(a, 0.4), [rng.awayFromZero([3, 3]).add(0.4)]);
    check("x.clamp(-0.3, null)", (a) => a.clamp(-0.3, null), [rng.awayFromZero([3, 3]).sub(0.3)]);
  });

  test("clamp with tensor bounds: gradients reach x, min and max", () => {
    const rng = new Rng(571);
    // three bands so that x is below, inside or above [lo, hi] by at least 0.2
    const lo = rng.uniform([4, 1], -1.2, -0.8);
    const hi = rng.uniform([5], 0.8, 1.2);
    const x = rng
      .indices([4, 5], 3)
      .to("float64")
      .sub(1)
      .mul(1.6)
      .add(rng.uniform([4, 5], -0.2, 0.2));
    check("clamp(x, lo, hi)", (a, l, h) => clamp(a, l, h), [x, lo, hi]);
  });
});

// ---- reductions -----------------------------------------------------------------------------------

describe("gradcheck: reductions", () => {
  const shape4 = [2, 3, 1, 4];
  const dimChoices: (number | number[] | undefined)[] = [
    undefined,
    0,
    1,
    -1,
    2,
    [0, 2],
    [1, 3],
    [0, 1, 3],
    [-1, 0],
  ];
  const label = (d: number | number[] | undefined) => (d === undefined ? "all" : JSON.stringify(d));

  test("sum over every dim choice, keepdim both ways", () => {
    const rng = new Rng(600);
    const x = rng.normal(shape4);
    for (const d of dimChoices) {
      for (const keepdim of [false, true]) {
        check(`sum(${label(d)}, ${keepdim})`, (a) => sum(a, d, keepdim), [x]);
      }
    }
    check("x.sum()", (a) => a.sum(), [rng.normal([])]);
  });

  test("mean over every dim choice, keepdim both ways", () => {
    const rng = new Rng(601);
    const x = rng.normal(shape4);
    for (const d of dimChoices) {
      for (const keepdim of [false, true]) {
        check(`mean(${label(d)}, ${keepdim})`, (a) => mean(a, d, keepdim), [x]);
      }
    }
  });

  test("prod over one dim and over all elements", () => {
    const rng = new Rng(602);
    const x = rng.uniform([3, 4], 0.5, 1.5);
    check("prod()", (a) => prod(a), [x]);
    for (const d of [0, 1, -1]) {
      check(`prod(${d})`, (a) => prod(a, d), [x]);
      check(`prod(${d}, keepdim)`, (a) => a.prod(d, true), [x]);
    }
    check("prod(1) on [2,3,4] with negatives", (a) => prod(a, 1), [rng.awayFromZero([2, 3, 4])]);
  });

  test("prod with one zero in a row (the zero gets the product of the others)", () => {
    const x = tensor(
      [
        [0, 2, 3],
        [4, 5, -0.5],
        [1.5, -2, 0],
      ],
      { dtype: "float64" },
    );
    check("prod(1) with zeros", (a) => prod(a, 1), [x]);
    check("prod(0) with zeros", (a) => prod(a, 0), [x]);
  });

  test("prod with two zeros in a row (every gradient in that row is 0)", () => {
    const x = tensor(
      [
        [0, 2, 0],
        [4, 5, 3],
      ],
      { dtype: "float64" },
    );
    check("prod(1) with two zeros", (a) => prod(a, 1), [x]);
    check("prod() with two zeros", (a) => prod(a), [x]);
  });

  test("amax/amin over dims with distinct values, keepdim both ways", () => {
    const rng = new Rng(603);
    const x = rng.distinct(shape4);
    for (const d of dimChoices) {
      for (const keepdim of [false, true]) {
        check(`amax(${label(d)}, ${keepdim})`, (a) => amax(a, d, keepdim), [x]);
        check(`amin(${label(d)}, ${keepdim})`, (a) => amin(a, d, keepdim), [x]);
      }
    }
  });

  test("max()/min() of all elements (distinct values)", () => {
    const rng = new Rng(604);
    const x = rng.distinct([3, 4]);
    check("max()", (a) => max(a), [x]);
    check("min()", (a) => min(a), [x]);
    check("x.max()", (a) => a.max(), [x]);
  });

  test("max(dim)/min(dim) values (distinct values), keepdim both ways", () => {
    const rng = new Rng(605);
    const x = rng.distinct([3, 4, 2]);
    for (const d of [0, 1, 2, -1]) {
      for (const keepdim of [false, true]) {
        check(`max(${d}).values`, (a) => max(a, d, keepdim).values, [x]);
        check(`min(${d}).values`, (a) => min(a, d, keepdim).values, [x]);
      }
    }
    check("x.max(0).values on 0-d", (a) => a.max(0).values, [rng.normal([])]);
  });

  test("var/std with correction 0, 1, 2 over dims, keepdim both ways", () => {
    const rng = new Rng(606);
    const x = rng.normal([3, 4, 5]);
    const dims: (number | number[] | undefined)[] = [undefined, 0, 1, -1, [0, 2], [1, 2]];
    for (const d of dims) {
      for (const correction of [0, 1, 2]) {
        for (const keepdim of [false, true]) {
          const opts = { correction, keepdim };
          const tag = `(${label(d)}, ${JSON.stringify(opts)})`;
          check(`var${tag}`, (a) => variance(a, d, opts), [x]);
          check(`std${tag}`, (a) => std(a, d, opts), [x]);
        }
      }
    }
    check("x.var() default", (a) => a.var(), [x]);
    check("x.std(1) default", (a) => a.std(1), [x]);
  });

  test("logsumexp over dims, keepdim both ways, and with large logits", () => {
    const rng = new Rng(607);
    const x = rng.normal([3, 4, 2]);
    for (const d of [0, 1, -1, [0, 2], [0, 1, 2]]) {
      for (const keepdim of [false, true]) {
        check(`logsumexp(${JSON.stringify(d)}, ${keepdim})`, (a) => logsumexp(a, d, keepdim), [x]);
      }
    }
    check("logsumexp large", (a) => a.logsumexp(1), [rng.normal([3, 4]).mul(3).add(500)]);
  });

  test("norm with p = 1, 2, 3, 0.5, 'fro', 'inf' over dims, keepdim both ways", () => {
    const rng = new Rng(608);
    // distinct magnitudes away from 0 (|x| ≥ 0.3): no kink for p = 1, no tie for 'inf'
    const n = 24;
    const magnitudes = Float64Array.from(rng.generator.permutation(n), (p) => 0.3 + p * 0.15);
    const signs = rng.awayFromZero([n]).sign();
    const x = tensor(magnitudes, { shape: [n] })
      .mul(signs)
      .reshape([2, 3, 4]);
    const ps: (number | "fro" | "inf")[] = [1, 2, 3, 0.5, "fro", "inf"];
    for (const p of ps) {
      for (const d of [undefined, 0, -1, [0, 2], [1, 2]]) {
        for (const keepdim of [false, true]) {
          check(`norm(${p}, ${label(d)}, ${keepdim})`, (a) => norm(a, p, d, keepdim), [x]);
        }
      }
    }
    check("x.norm() default", (a) => a.norm(), [x]);
  });

  test("softmax/logSoftmax along every dim, including negative dims and 1-D", () => {
    const rng = new Rng(609);
    const x = rng.normal([2, 3, 4]);
    for (const d of [0, 1, 2, -1, -3]) {
      check(`softmax(${d})`, (a) => softmax(a, d), [x]);
      check(`logSoftmax(${d})`, (a) => logSoftmax(a, d), [x]);
    }
    check("softmax 1-D", (a) => a.softmax(0), [rng.normal([5])]);
    check("logSoftmax 1-D", (a) => a.logSoftmax(-1), [rng.normal([5])]);
    check("softmax large logits", (a) => a.softmax(1), [rng.normal([3, 4]).mul(2).add(800)]);
  });

  test("random shapes and dim sets: sum, mean, amax, amin, logsumexp, var, std, norm, softmax", () => {
    const rng = new Rng(611);
    for (let trial = 0; trial < 12; trial++) {
      const rank = rng.int(1, 4);
      const shape = rng.shape(rank);
      // a non-empty random subset of dims, sometimes written negative
      let dims = shape.map((_, d) => d).filter(() => rng.int(0, 1) === 1);
      if (dims.length === 0) dims = [rng.int(0, rank - 1)];
      const written = dims.map((d) => (rng.int(0, 1) === 1 ? d - rank : d));
      const keepdim = rng.int(0, 1) === 1;
      const tag = `[${shape.join(",")}] dims ${JSON.stringify(written)} keepdim ${keepdim}`;
      const x = rng.distinct(shape, 0.2);
      check(`sum ${tag}`, (a) => a.sum(written, keepdim), [x]);
      check(`mean ${tag}`, (a) => a.mean(written, keepdim), [x]);
      check(`amax ${tag}`, (a) => a.amax(written, keepdim), [x]);
      check(`amin ${tag}`, (a) => a.amin(written, keepdim), [x]);
      check(`logsumexp ${tag}`, (a) => a.logsumexp(written, keepdim), [x]);
      check(`norm 2 ${tag}`, (a) => a.norm(2, written, keepdim), [x]);
      const count = dims.reduce((p, d) => p * shape[d]!, 1);
      if (count > 1) {
        check(`var ${tag}`, (a) => a.var(written, { keepdim }), [x]);
        check(`std ${tag}`, (a) => a.std(written, { keepdim, correction: 0 }), [x]);
      }
      const d = written[0]!;
      check(`softmax(${d}) [${shape.join(",")}]`, (a) => a.softmax(d), [x]);
      check(`logSoftmax(${d}) [${shape.join(",")}]`, (a) => a.logSoftmax(d), [x]);
      check(`max(${d}).values [${shape.join(",")}]`, (a) => a.max(d, keepdim).values, [x]);
      check(`prod(${d}) [${shape.join(",")}]`, (a) => a.prod(d, keepdim), [
        rng.uniform(shape, 0.5, 1.5),
      ]);
    }
  });

  test("sumToShape sums a broadcast gradient back", () => {
    const rng = new Rng(610);
    check("sumToShape [2,3,4]→[3,1]", (a) => sumToShape(a, [3, 1]), [rng.normal([2, 3, 4])]);
    check("sumToShape [2,3,4]→[4]", (a) => sumToShape(a, [4]), [rng.normal([2, 3, 4])]);
    check("sumToShape [2,3]→[]", (a) => sumToShape(a, []), [rng.normal([2, 3])]);
  });
});

// ---- matmul -------------------------------------------------------------------------------------

describe("gradcheck: matmul in every torch.matmul rank case", () => {
  const cases: [string, number[], number[]][] = [
    ["1-D · 1-D (dot)", [4], [4]],
    ["1-D · 2-D", [3], [3, 5]],
    ["2-D · 1-D", [4, 3], [3]],
    ["2-D · 2-D", [3, 4], [4, 2]],
    ["1-D · 3-D", [3], [2, 3, 4]],
    ["3-D · 1-D", [2, 4, 3], [3]],
    ["3-D · 2-D", [2, 3, 4], [4, 5]],
    ["2-D · 3-D", [3, 4], [2, 4, 5]],
    ["3-D · 3-D", [2, 3, 4], [2, 4, 2]],
    ["batch broadcast [2,1,3,4]·[5,4,2]", [2, 1, 3, 4], [5, 4, 2]],
    ["batch broadcast [1,3,4]·[2,4,5]", [1, 3, 4], [2, 4, 5]],
    ["batch broadcast [3,1,2,3]·[1,4,3,2]", [3, 1, 2, 3], [1, 4, 3, 2]],
    ["4-D · 1-D", [2, 2, 3, 4], [4]],
    ["1-D · 4-D", [3], [2, 1, 3, 2]],
    ["1×1 · 1×1", [1, 1], [1, 1]],
  ];
  cases.forEach(([name, sa, sb], k) => {
    test(`${name}: ${JSON.stringify(sa)} · ${JSON.stringify(sb)}`, () => {
      const rng = new Rng(700 + k);
      check(`matmul ${name}`, (a, b) => matmul(a, b), [rng.normal(sa), rng.normal(sb)]);
    });
  });

  test("matmul of random shapes (seeded), method form", () => {
    const rng = new Rng(750);
    for (let trial = 0; trial < 6; trial++) {
      const [m, k, n] = rng.shape(3, 1, 5);
      const batch = rng.shape(rng.int(0, 2), 1, 3);
      const aBatch = rng.partner(batch);
      const bBatch = rng.partner(batch);
      check("a.matmul(b)", (a, b) => a.matmul(b), [
        rng.normal([...aBatch, m!, k!]),
        rng.normal([...bBatch, k!, n!]),
      ]);
    }
  });

  test("matmul with transposed operands (a.mT · b, a · b.mT)", () => {
    const rng = new Rng(751);
    check("a.mT · b", (a, b) => a.mT.matmul(b), [rng.normal([2, 4, 3]), rng.normal([4, 5])]);
    check("a · b.mT", (a, b) => a.matmul(b.mT), [rng.normal([3, 4]), rng.normal([2, 5, 4])]);
    check("a.mT · b.mT", (a, b) => a.mT.matmul(b.mT), [rng.normal([4, 3]), rng.normal([5, 4])]);
  });
});

// ---- movement -----------------------------------------------------------------------------------

describe("gradcheck: movement ops", () => {
  test("random shapes: permute, transpose, slice, narrow, cat, expand, gather", () => {
    const rng = new Rng(799);
    for (let trial = 0; trial < 10; trial++) {
      const rank = rng.int(1, 4);
      const shape = rng.shape(rank, 1, 5);
      const x = rng.normal(shape);
      const tag = `[${shape.join(",")}]`;
      const perm = Array.from(rng.generator.permutation(rank));
      const weights = rng.normal(perm.map((d) => shape[d]!));
      check(`permute ${JSON.stringify(perm)} ${tag}`, (a) => a.permute(perm).mul(weights), [x]);
      const d0 = rng.int(0, rank - 1);
      const d1 = rng.int(0, rank - 1);
      check(`transpose(${d0}, ${d1}) ${tag}`, (a) => a.transpose(d0, d1).square(), [x]);
      const size = shape[d0]!;
      const start = rng.int(0, size - 1);
      const end = rng.int(start + 1, size);
      const step = rng.int(1, 3);
      check(
        `slice(${d0}, ${start}, ${end}, ${step}) ${tag}`,
        (a) => a.slice(d0, start, end, step).square(),
        [x],
      );
      const length = rng.int(0, size - start);
      check(`narrow(${d0}, ${start}, ${length}) ${tag}`, (a) => a.narrow(d0, start, length).exp(), [
        x,
      ]);
      const otherShape = shape.map((s, d) => (d === d0 ? rng.int(1, 3) : s));
      check(`cat dim ${d0} ${tag}`, (a, b) => cat([a, b, a], d0).square(), [
        x,
        rng.normal(otherShape),
      ]);
      const small = shape.map((s) => (rng.int(0, 1) === 1 ? 1 : s)).slice(rng.int(0, rank));
      const wide = rng.normal(shape);
      check(`expand [${small.join(",")}] → ${tag}`, (a) => a.expand(shape).mul(wide), [
        rng.normal(small),
      ]);
      const index = rng.indices(shape, shape[d0]!);
      check(`gather(${d0}) ${tag}`, (a) => a.gather(d0, index).square(), [x]);
      check(
        `indexSelect(${d0}) ${tag}`,
        (a) => a.indexSelect(d0, index.flatten().slice(0, 0, 4)).square(),
        [x],
      );
    }
  });

  test("reshape / view with -1, flatten with start/end", () => {
    const rng = new Rng(800);
    const x = rng.normal([2, 3, 4]);
    check("reshape [4,6]", (a) => reshape(a, [4, 6]), [x]);
    check("reshape [-1,2]", (a) => a.reshape([-1, 2]), [x]);
    check("view [3,-1]", (a) => a.view([3, -1]), [x]);
    check("reshape to 0-d", (a) => a.reshape([]), [rng.normal([1, 1])]);
    check("flatten()", (a) => flatten(a), [x]);
    check("flatten(1)", (a) => a.flatten(1), [x]);
    check("flatten(0, 1)", (a) => a.flatten(0, 1), [x]);
    check("flatten 0-d", (a) => a.flatten(), [rng.normal([])]);
  });

  test("permute / transpose / mT / T on random shapes", () => {
    const rng = new Rng(801);
    const pattern = rng.normal([4, 2, 3]);
    const x = rng.normal([2, 3, 4, 2]);
    for (const dims of [
      [3, 2, 1, 0],
      [0, 2, 1, 3],
      [1, 3, 0, 2],
      [-1, 0, -2, 1],
    ]) {
      check(`permute ${JSON.stringify(dims)}`, (a) => permute(a, dims), [x]);
    }
    check("transpose(0, 2)", (a) => transpose(a, 0, 2), [x]);
    check("transpose(-1, 1)", (a) => a.transpose(-1, 1), [x]);
    check("mT", (a) => a.mT, [x]);
    check("T", (a) => a.T, [rng.normal([3, 5])]);
    // a non-linear f after the move, so a wrong placement shows in the gradient
    check("permute then mul by a fixed pattern", (a) => a.permute([2, 0, 1]).mul(pattern), [
      rng.normal([2, 3, 4]),
    ]);
  });

  test("expand (new leading dims, -1, size-1 dims) and expandAs", () => {
    const rng = new Rng(802);
    const pattern = rng.normal([3, 2, 4]);
    const target = rng.normal([2, 3]);
    check("expand [3,1]→[2,3,4]", (a) => expand(a, [2, 3, 4]), [rng.normal([3, 1])]);
    check("expand [1,4]→[2,3,-1]", (a) => a.expand([2, 3, -1]), [rng.normal([1, 4])]);
    check("expand [1]→[5]", (a) => a.expand([5]), [rng.normal([1])]);
    check("expand 0-d→[2,2]", (a) => a.expand([2, 2]), [rng.normal([])]);
    check("expand then mul", (a) => a.expand([3, 2, 4]).mul(pattern), [rng.normal([2, 1])]);
    check("expandAs", (a) => a.expandAs(target), [rng.normal([3])]);
  });

  test("squeeze / unsqueeze", () => {
    const rng = new Rng(803);
    const x = rng.normal([2, 1, 3, 1]);
    check("squeeze()", (a) => squeeze(a), [x]);
    check("squeeze(1)", (a) => a.squeeze(1), [x]);
    check("squeeze(-1)", (a) => a.squeeze(-1), [x]);
    check("squeeze([1,3])", (a) => a.squeeze([1, 3]), [x]);
    check("unsqueeze(0)", (a) => unsqueeze(a, 0), [x]);
    check("unsqueeze(-1)", (a) => a.unsqueeze(-1), [x]);
    check("unsqueeze(2)", (a) => a.unsqueeze(2), [x]);
  });

  test("cat along each dim with pieces of different sizes", () => {
    const rng = new Rng(804);
    const pattern = rng.normal([2, 3, 5]);
    check("cat dim 0", (a, b, c) => cat([a, b, c], 0), [
      rng.normal([1, 3]),
      rng.normal([2, 3]),
      rng.normal([3, 3]),
    ]);
    check("cat dim 1", (a, b) => cat([a, b], 1), [rng.normal([2, 1, 4]), rng.normal([2, 3, 4])]);
    check("cat dim -1", (a, b) => cat([a, b], -1).mul(pattern), [
      rng.normal([2, 3, 2]),
      rng.normal([2, 3, 3]),
    ]);
    check("cat one tensor", (a) => cat([a], 0), [rng.normal([3])]);
    check("cat the same tensor twice", (a) => cat([a, a.mul(2)], 0), [rng.normal([2, 2])]);
  });

  test("stack along each dim", () => {
    const rng = new Rng(805);
    for (const d of [0, 1, 2, -1]) {
      check(`stack dim ${d}`, (a, b, c) => stack([a, b, c], d), [
        rng.normal([2, 3]),
        rng.normal([2, 3]),
        rng.normal([2, 3]),
      ]);
    }
  });

  test("split by size and by sections; pieces weighted differently", () => {
    const rng = new Rng(806);
    const x = rng.normal([3, 7]);
    const weigh = (pieces: Tensor[]) =>
      cat(
        pieces.map((p, i) => p.mul(i + 1).flatten()),
        0,
      );
    check("split(3, 1)", (a) => weigh(split(a, 3, 1)), [x]);
    check("split([2,4,1], 1)", (a) => weigh(a.split([2, 4, 1], 1)), [x]);
    check("split(2) dim 0", (a) => weigh(a.split(2)), [x]);
    check(
      "split(1, -1) squares",
      (a) =>
        cat(
          a.split(1, -1).map((p, i) => p.pow((i % 3) + 1)),
          1,
        ),
      [x],
    );
  });

  test("narrow (negative start) and slice (steps, negative and open bounds)", () => {
    const rng = new Rng(807);
    const x = rng.normal([4, 7, 3]);
    check("narrow(1, 2, 3)", (a) => narrow(a, 1, 2, 3), [x]);
    check("narrow(0, -2, 2)", (a) => a.narrow(0, -2, 2), [x]);
    check("narrow(2, 0, 1)", (a) => a.narrow(2, 0, 1), [x]);
    check("slice(1, 1, 6, 2)", (a) => slice(a, 1, 1, 6, 2), [x]);
    check("slice(1, null, null, 3)", (a) => a.slice(1, null, null, 3), [x]);
    check("slice(0, -3)", (a) => a.slice(0, -3), [x]);
    check("slice(-1, 0, 3, 2)", (a) => a.slice(-1, 0, 3, 2), [x]);
    check("slice(1, 2, -1, 4)", (a) => a.slice(1, 2, -1, 4), [x]);
    check("slice(1, 5, 100)", (a) => a.slice(1, 5, 100), [x]);
    check("slice twice then square", (a) => a.slice(1, 0, 7, 2).slice(0, 1, 4, 2).square(), [x]);
  });

  test("indexSelect with repeated and unordered indices, every dim, 0-d index", () => {
    const rng = new Rng(808);
    const x = rng.normal([3, 4, 2]);
    const idx = tensor(Int32Array.from([2, 0, 2, 1, 2]));
    check("indexSelect(0)", (a) => indexSelect(a, 0, idx), [x]);
    check("indexSelect(1)", (a) => a.indexSelect(1, tensor(Int32Array.from([3, 3, 0]))), [x]);
    check("indexSelect(-1)", (a) => a.indexSelect(-1, tensor(Int32Array.from([1, 1]))), [x]);
    check("indexSelect 0-d index", (a) => a.indexSelect(0, tensor(1, { dtype: "int32" })), [x]);
  });

  test("gather with repeated indices and an index smaller than the input", () => {
    const rng = new Rng(809);
    const x = rng.normal([3, 4, 5]);
    for (const d of [0, 1, 2, -1]) {
      const dim = d < 0 ? d + 3 : d;
      const shape = [2, 3, 4];
      const index = rng.indices(shape, x.shape[dim]!);
      check(`gather(${d})`, (a) => gather(a, d, index), [x]);
    }
    check(
      "x.gather(1, …) with every column picked twice",
      (a) =>
        a.gather(
          1,
          tensor(
            [
              [0, 0, 2, 2],
              [1, 3, 1, 3],
            ],
            { dtype: "int32" },
          ),
        ),
      [rng.normal([2, 4])],
    );
  });

  test("scatterAdd: gradients of self and of src, repeated indices", () => {
    const rng = new Rng(810);
    for (const d of [0, 1, -1]) {
      const self = rng.normal([3, 4]);
      const dim = d < 0 ? d + 2 : d;
      const index = rng.indices([3, 3], self.shape[dim]!);
      const src = rng.normal([3, 3]);
      check(`scatterAdd(${d})`, (s, r) => scatterAdd(s, d, index, r), [self, src]);
      check(`x.scatterAdd(${d}) squared`, (s, r) => s.scatterAdd(d, index, r).square(), [
        self,
        src,
      ]);
    }
  });
});

// ---- composites and second derivatives ------------------------------------------------------------

describe("gradcheck: compositions and second derivatives", () => {
  test("a small MLP: logSoftmax(tanh(x·W1 + b1)·W2 + b2) picked by gather", () => {
    const rng = new Rng(900);
    const target = tensor([[1], [0], [2], [1]], { dtype: "int32" });
    check(
      "mlp",
      (x, w1, b1, w2, b2) =>
        x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).logSoftmax(1).gather(1, target).mean().neg(),
      [
        rng.normal([4, 3]),
        rng.normal([3, 5]),
        rng.normal([5]),
        rng.normal([5, 3]),
        rng.normal([3]),
      ],
    );
  });

  /** The gradient of sum(f(x)·w) as a function of x, differentiable again (createGraph). */
  function gradOf(f: (...xs: Tensor[]) => Tensor, w: Tensor): (...xs: Tensor[]) => Tensor {
    // gradcheck evaluates f under noGrad for the finite differences: record anyway
    return (...xs) =>
      enableGrad(() => {
        const grads = autogradGrad(
          f(...xs)
            .mul(w)
            .sum(),
          xs,
          { createGraph: true },
        );
        return cat(
          grads.map((g, i) => (g ?? xs[i]!.mul(0)).flatten()),
          0,
        );
      });
  }

  const second: [string, (...xs: Tensor[]) => Tensor, (rng: Rng) => Tensor[]][] = [
    ["tanh", (x) => x.tanh(), (r) => [r.normal([3, 4])]],
    ["sigmoid", (x) => x.sigmoid(), (r) => [r.normal([3, 4])]],
    ["exp·sin", (x) => x.exp().mul(x.sin()), (r) => [r.normal([3, 4])]],
    ["log", (x) => x.log(), (r) => [r.uniform([3, 4], 0.5, 2)]],
    ["sqrt", (x) => x.sqrt(), (r) => [r.uniform([3, 4], 0.5, 2)]],
    ["reciprocal", (x) => x.reciprocal(), (r) => [r.awayFromZero([3, 4])]],
    ["erf", (x) => x.erf(), (r) => [r.normal([3, 4])]],
    ["pow 3", (x) => x.pow(3), (r) => [r.normal([3, 4])]],
    ["pow(a, b)", (a, b) => a.pow(b), (r) => [r.uniform([3, 4], 0.5, 2), r.normal([4])]],
    ["mul broadcast", (a, b) => a.mul(b).mul(a), (r) => [r.normal([3, 4]), r.normal([4])]],
    ["div", (a, b) => a.div(b), (r) => [r.normal([3, 4]), r.awayFromZero([3, 1])]],
    ["matmul", (a, b) => a.matmul(b).square(), (r) => [r.normal([2, 3, 4]), r.normal([4, 2])]],
    ["softmax", (x) => x.softmax(1), (r) => [r.normal([3, 4])]],
    ["logSoftmax", (x) => x.logSoftmax(-1), (r) => [r.normal([3, 4])]],
    ["logsumexp", (x) => x.logsumexp(1).square(), (r) => [r.normal([3, 4])]],
    ["softplus", (x) => x.softplus({ beta: 2 }), (r) => [r.normal([3, 4])]],
    ["gelu tanh", (x) => x.gelu({ approximate: "tanh" }), (r) => [r.normal([3, 4])]],
    ["gelu exact", (x) => x.gelu(), (r) => [r.normal([3, 4])]],
    ["elu", (x) => x.elu(), (r) => [r.awayFromZero([3, 4])]],
    ["norm 2", (x) => x.norm(2, 1), (r) => [r.awayFromZero([3, 4])]],
    ["norm 3", (x) => x.norm(3, 1), (r) => [r.awayFromZero([3, 4])]],
    ["var", (x) => x.var(1), (r) => [r.normal([3, 4])]],
    ["std", (x) => x.std(0), (r) => [r.normal([3, 4])]],
    ["prod", (x) => x.prod(1), (r) => [r.uniform([3, 4], 0.5, 1.5)]],
    ["amax·x", (x) => x.amax(1).mul(x.sum(1)), (r) => [r.distinct([3, 4])]],
    [
      "gather·x",
      (x) =>
        x
          .gather(
            1,
            tensor(
              [
                [0, 0],
                [2, 1],
                [3, 3],
              ],
              { dtype: "int32" },
            ),
          )
          .square(),
      (r) => [r.normal([3, 4])],
    ],
    [
      "indexSelect",
      (x) => x.indexSelect(0, tensor(Int32Array.from([1, 1, 0]))).square(),
      (r) => [r.normal([2, 3])],
    ],
    ["slice step", (x) => x.slice(1, 0, 4, 2).square(), (r) => [r.normal([3, 4])]],
    [
      "cat/permute",
      (a, b) => cat([a, b], 0).permute([1, 0]).square(),
      (r) => [r.normal([2, 3]), r.normal([1, 3])],
    ],
    ["expand", (x) => x.expand([3, 4]).square(), (r) => [r.normal([4])]],
    [
      "maximum",
      (a, b) => a.maximum(b).square(),
      (r) => [r.distinct([3, 4]), r.distinct([4]).add(0.1)],
    ],
    ["where", (a) => where(a.gt(0), a.square(), a.exp()), (r) => [r.awayFromZero([3, 4])]],
  ];
  second.forEach(([name, f, inputs], k) => {
    test(`second derivative of ${name}`, () => {
      const rng = new Rng(950 + k);
      const xs = inputs(rng);
      const probe = f(...xs.map((x) => x.double()));
      const w = rng.normal([...probe.shape]);
      check(`grad of ${name}`, gradOf(f, w), xs);
    });
  });
});

// ---- gradcheck itself -----------------------------------------------------------------------------

describe("gradcheck reports wrong gradients", () => {
  /** x² with a wrong backward: 3x instead of 2x. */
  const WrongSquare = defineOp<undefined, string>({
    name: "wrongSquare",
    forward: ([x]) => x!.mul(x!),
    backward: (dOut, [x]) => [dOut.mul(x!).mul(3)],
  });
  /** a·b with a right gradient for a and a gradient for b that is off by 1. */
  const WrongSecond = defineOp<undefined, string>({
    name: "wrongSecond",
    forward: ([a, b]) => a!.mul(b!),
    backward: (dOut, [a, b]) => [dOut.mul(b!), dOut.mul(a!).add(1)],
  });
  /** x³ that claims it has no gradient. */
  const NoGrad = defineOp<undefined, string>({
    name: "noGradCube",
    forward: ([x]) => x!.mul(x!).mul(x!),
    backward: () => [null],
  });
  /** Gradcheck's fixed projection weights: element i of the output is weighted by this. */
  const weight = (i: number) => 1 + ((i * 7919) % 13) / 13;

  test("a wrong gradient gives ok false with input, index, analytical and numerical", () => {
    const x = tensor([0.5, -1.25, 2, 0.75], { dtype: "float64" });
    const result = gradcheck((a) => apply(WrongSquare, [a], undefined), [x]);
    assert.equal(result.ok, false, "gradcheck must reject 3x as the gradient of x²");
    assert.ok(result.worst !== null, "worst must be reported");
    const values = [0.5, -1.25, 2, 0.75];
    // |3x·w − 2x·w| − 1e-3·|2x·w| = |x|·w·(1 − 2e-3): largest at the largest |x|·w
    const errors = values.map((v, i) => Math.abs(v) * weight(i));
    const expectedIndex = errors.indexOf(Math.max(...errors));
    assert.equal(result.worst.input, 0);
    assert.equal(result.worst.index, expectedIndex);
    const v = values[expectedIndex]!;
    const w = weight(expectedIndex);
    assert.ok(
      Math.abs(result.worst.analytical - 3 * v * w) < 1e-12,
      `analytical ${result.worst.analytical}, expected ${3 * v * w}`,
    );
    assert.ok(
      Math.abs(result.worst.numerical - 2 * v * w) < 1e-6,
      `numerical ${result.worst.numerical}, expected ${2 * v * w}`,
    );
    assert.ok(
      Math.abs(result.maxError - errors[expectedIndex]! * (1 - 2e-3)) < 1e-5,
      `maxError ${result.maxError}`,
    );
    assert.match(result.message, /differ/);
  });

  test("the worst disagreement is located in the second input when only its gradient is wrong", () => {
    const a = tensor([1.5, -0.5, 2], { dtype: "float64" });
    const b = tensor([0.25, 3, -1], { dtype: "float64" });
    const result = gradcheck((x, y) => apply(WrongSecond, [x, y], undefined), [a, b]);
    assert.equal(result.ok, false);
    assert.ok(result.worst !== null);
    assert.equal(result.worst.input, 1, `worst input should be 1: ${result.message}`);
    // dOut is gradcheck's weight w; the rule returns w·a + 1 where w·a is right
    const i = result.worst.index;
    const w = weight(i);
    assert.ok(Math.abs(result.worst.analytical - (w * a.data[i]! + 1)) < 1e-12);
    assert.ok(Math.abs(result.worst.numerical - w * a.data[i]!) < 1e-6);
  });

  test("a missing gradient (null) counts as 0 and is reported", () => {
    const x = tensor([1, 2], { dtype: "float64" });
    const result = gradcheck((a) => apply(NoGrad, [a], undefined).add(a), [x]);
    assert.equal(result.ok, false);
    assert.ok(result.worst !== null);
    // d/dx (x³ + x) = 3x² + 1, but only the +1 arrives
    const i = result.worst.index;
    assert.equal(i, 1, "x = 2 has the larger error");
    assert.ok(Math.abs(result.worst.analytical - weight(1)) < 1e-12);
    assert.ok(Math.abs(result.worst.numerical - 13 * weight(1)) < 1e-5);
  });

  test("a right gradient passes with small maxError", () => {
    const rng = new Rng(1000);
    const result = gradcheck((a) => a.mul(a), [rng.normal([5])]);
    assert.equal(result.ok, true, result.message);
    assert.ok(result.maxError <= 1e-5, `maxError ${result.maxError}`);
    assert.match(result.message, /match/);
  });

  test("tolerances matter: a 1% error passes with rtol 0.05 and fails with the defaults", () => {
    const Off = defineOp<undefined, string>({
      name: "offByOnePercent",
      forward: ([x]) => x!.mul(2),
      backward: (dOut) => [dOut.mul(2.02)],
    });
    const x = tensor([1, 2, 3], { dtype: "float64" });
    const f = (a: Tensor) => apply(Off, [a], undefined);
    assert.equal(gradcheck(f, [x]).ok, false, "1% off must fail at rtol 1e-3");
    assert.equal(gradcheck(f, [x], { rtol: 0.05 }).ok, true, "1% off must pass at rtol 5e-2");
  });
});
