// Tests of expression strings: values and gradients against hand-written JS, parse errors with
// their exact positions, and seeded property tests against a direct tensor build of random trees.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ArgumentError, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import {
  ExpressionError,
  compileExpression,
  parseExpression,
  type ExpressionNode,
} from "../../src/minimize/expression.js";
import { assertClose } from "../helpers.js";

type Vars = Record<string, number>;
type Fn = (v: Vars) => number;

const f64 = (values: number[], requiresGrad = false) =>
  tensor(values, { dtype: "float64", requiresGrad });
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const sign = Math.sign;

// ---- valid expressions ---------------------------------------------------------------------------

interface ValidCase {
  source: string;
  value: Fn;
  /** Hand-written partial derivatives, or "fd" for central differences of `value`. */
  grad: Record<string, Fn> | "fd";
  points: Vars[];
}

const CASES: ValidCase[] = [
  // the lecture's examples
  {
    source: "x^4 - 3x^3 + 2",
    value: ({ x }) => x! ** 4 - 3 * x! ** 3 + 2,
    grad: { x: ({ x }) => 4 * x! ** 3 - 9 * x! ** 2 },
    points: [{ x: 1.5 }, { x: -0.7 }, { x: 2.25 }],
  },
  {
    source: "(1-x)^2 + 100(y-x^2)^2",
    value: ({ x, y }) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
    grad: {
      x: ({ x, y }) => -2 * (1 - x!) - 400 * x! * (y! - x! ** 2),
      y: ({ x, y }) => 200 * (y! - x! ** 2),
    },
    points: [
      { x: -1.5, y: 2 },
      { x: 0.3, y: -0.4 },
      { x: 1, y: 1 },
    ],
  },
  {
    source: "abs(x) + abs(y)",
    value: ({ x, y }) => Math.abs(x!) + Math.abs(y!),
    grad: { x: ({ x }) => sign(x!), y: ({ y }) => sign(y!) },
    points: [
      { x: -1.5, y: 2 },
      { x: 0.3, y: -0.4 },
    ],
  },
  {
    source: "sin(x)*cos(y)",
    value: ({ x, y }) => Math.sin(x!) * Math.cos(y!),
    grad: {
      x: ({ x, y }) => Math.cos(x!) * Math.cos(y!),
      y: ({ x, y }) => -Math.sin(x!) * Math.sin(y!),
    },
    points: [
      { x: 0.3, y: -1.2 },
      { x: 2, y: 0.5 },
    ],
  },
  // operators, precedence and associativity
  {
    source: "x + y - 2",
    value: ({ x, y }) => x! + y! - 2,
    grad: { x: () => 1, y: () => 1 },
    points: [
      { x: 1, y: 2 },
      { x: -3, y: 0.5 },
    ],
  },
  {
    source: "x / y",
    value: ({ x, y }) => x! / y!,
    grad: { x: ({ y }) => 1 / y!, y: ({ x, y }) => -x! / y! ** 2 },
    points: [
      { x: 1, y: 2 },
      { x: -3, y: 0.5 },
    ],
  },
  {
    source: "x ** 3",
    value: ({ x }) => x! ** 3,
    grad: { x: ({ x }) => 3 * x! ** 2 },
    points: [{ x: -1.25 }, { x: 2 }],
  },
  {
    source: "-x^2",
    value: ({ x }) => -(x! ** 2),
    grad: { x: ({ x }) => -2 * x! },
    points: [{ x: 3 }, { x: -0.5 }],
  },
  {
    source: "-2^2 + x",
    value: ({ x }) => -4 + x!,
    grad: { x: () => 1 },
    points: [{ x: 3 }, { x: -0.5 }],
  },
  { source: "2^3^2", value: () => 512, grad: {}, points: [{}] },
  {
    source: "x^2^3",
    value: ({ x }) => x! ** 8,
    grad: { x: ({ x }) => 8 * x! ** 7 },
    points: [{ x: 1.1 }, { x: -0.9 }],
  },
  {
    source: "2^-x",
    value: ({ x }) => 2 ** -x!,
    grad: { x: ({ x }) => -Math.LN2 * 2 ** -x! },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  {
    source: "x - y - z",
    value: ({ x, y, z }) => x! - y! - z!,
    grad: { x: () => 1, y: () => -1, z: () => -1 },
    points: [
      { x: 1, y: 2, z: 3 },
      { x: -1, y: 0.5, z: 4 },
    ],
  },
  {
    source: "x / y / z",
    value: ({ x, y, z }) => x! / y! / z!,
    grad: "fd",
    points: [
      { x: 1, y: 2, z: 3 },
      { x: -1, y: 0.5, z: 4 },
    ],
  },
  {
    source: "x*y/z",
    value: ({ x, y, z }) => (x! * y!) / z!,
    grad: {
      x: ({ y, z }) => y! / z!,
      y: ({ x, z }) => x! / z!,
      z: ({ x, y, z }) => (-x! * y!) / z! ** 2,
    },
    points: [
      { x: 1, y: 2, z: 3 },
      { x: -1, y: 0.5, z: 4 },
    ],
  },
  {
    source: "+x - -y",
    value: ({ x, y }) => x! + y!,
    grad: { x: () => 1, y: () => 1 },
    points: [
      { x: 1, y: 2 },
      { x: -3, y: 0.5 },
    ],
  },
  {
    source: "-x",
    value: ({ x }) => -x!,
    grad: { x: () => -1 },
    points: [{ x: 1 }, { x: -3 }],
  },
  // implicit multiplication
  {
    source: "3x^2",
    value: ({ x }) => 3 * x! ** 2,
    grad: { x: ({ x }) => 6 * x! },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  {
    source: "2(x+1)",
    value: ({ x }) => 2 * (x! + 1),
    grad: { x: () => 2 },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  {
    source: "(x-1)(x+1)",
    value: ({ x }) => (x! - 1) * (x! + 1),
    grad: { x: ({ x }) => 2 * x! },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  {
    source: "x y",
    value: ({ x, y }) => x! * y!,
    grad: { x: ({ y }) => y!, y: ({ x }) => x! },
    points: [
      { x: 1.5, y: 2 },
      { x: -2, y: 0.25 },
    ],
  },
  {
    source: "xy + x y z",
    value: ({ x, y, z, xy }) => xy! + x! * y! * z!,
    grad: {
      x: ({ y, z }) => y! * z!,
      y: ({ x, z }) => x! * z!,
      z: ({ x, y }) => x! * y!,
      xy: () => 1,
    },
    points: [
      { x: 1.5, y: 2, z: -1, xy: 7 },
      { x: -2, y: 0.25, z: 3, xy: -1 },
    ],
  },
  {
    source: "2pi x",
    value: ({ x }) => 2 * Math.PI * x!,
    grad: { x: () => 2 * Math.PI },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  {
    source: "2sin(x)cos(x)",
    value: ({ x }) => 2 * Math.sin(x!) * Math.cos(x!),
    grad: { x: ({ x }) => 2 * Math.cos(2 * x!) },
    points: [{ x: 0.4 }, { x: -2 }],
  },
  {
    source: "1/2x",
    value: ({ x }) => x! / 2,
    grad: { x: () => 0.5 },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  {
    source: "x^2y",
    value: ({ x, y }) => x! ** 2 * y!,
    grad: { x: ({ x, y }) => 2 * x! * y!, y: ({ x }) => x! ** 2 },
    points: [
      { x: 1.5, y: 2 },
      { x: -2, y: 0.25 },
    ],
  },
  {
    source: "theta^2 + w1 w2",
    value: ({ theta, w1, w2 }) => theta! ** 2 + w1! * w2!,
    grad: { theta: ({ theta }) => 2 * theta!, w1: ({ w2 }) => w2!, w2: ({ w1 }) => w1! },
    points: [
      { theta: 1.5, w1: 2, w2: 3 },
      { theta: -2, w1: 0.25, w2: -1 },
    ],
  },
  {
    source: "1e-3x + .5y - 2.5E+1",
    value: ({ x, y }) => 1e-3 * x! + 0.5 * y! - 25,
    grad: { x: () => 1e-3, y: () => 0.5 },
    points: [
      { x: 1.5, y: 2 },
      { x: -2, y: 0.25 },
    ],
  },
  {
    source: "e^x",
    value: ({ x }) => Math.E ** x!,
    grad: { x: ({ x }) => Math.log(Math.E) * Math.E ** x! },
    points: [{ x: 1.5 }, { x: -2 }],
  },
  // every function
  {
    source: "sqrt(x) + exp(y)",
    value: ({ x, y }) => Math.sqrt(x!) + Math.exp(y!),
    grad: { x: ({ x }) => 0.5 / Math.sqrt(x!), y: ({ y }) => Math.exp(y!) },
    points: [
      { x: 1.5, y: 2 },
      { x: 0.2, y: -1 },
    ],
  },
  {
    source: "log(x) + ln(y) + log1p(x y)",
    value: ({ x, y }) => Math.log(x!) + Math.log(y!) + Math.log1p(x! * y!),
    grad: {
      x: ({ x, y }) => 1 / x! + y! / (1 + x! * y!),
      y: ({ x, y }) => 1 / y! + x! / (1 + x! * y!),
    },
    points: [
      { x: 1.5, y: 2 },
      { x: 0.2, y: 0.7 },
    ],
  },
  {
    source: "tan(x)",
    value: ({ x }) => Math.tan(x!),
    grad: { x: ({ x }) => 1 / Math.cos(x!) ** 2 },
    points: [{ x: 0.3 }, { x: -1.2 }],
  },
  {
    source: "tanh(x) + sigmoid(y)",
    value: ({ x, y }) => Math.tanh(x!) + sigmoid(y!),
    grad: { x: ({ x }) => 1 - Math.tanh(x!) ** 2, y: ({ y }) => sigmoid(y!) * (1 - sigmoid(y!)) },
    points: [
      { x: 0.3, y: 2 },
      { x: -1.2, y: -0.5 },
    ],
  },
  {
    source: "relu(x) + relu(y) + sign(x y)",
    value: ({ x, y }) => Math.max(x!, 0) + Math.max(y!, 0) + sign(x! * y!),
    grad: { x: ({ x }) => (x! > 0 ? 1 : 0), y: ({ y }) => (y! > 0 ? 1 : 0) },
    points: [
      { x: 1.5, y: -0.5 },
      { x: -2, y: 3 },
    ],
  },
  {
    source: "softplus(x)",
    value: ({ x }) => (x! > 20 ? x! : Math.log1p(Math.exp(x!))),
    grad: { x: ({ x }) => (x! > 20 ? 1 : sigmoid(x!)) },
    points: [{ x: -1 }, { x: 0.5 }, { x: 25 }],
  },
  {
    source: "min(x, y) + max(x, y^2)",
    value: ({ x, y }) => Math.min(x!, y!) + Math.max(x!, y! ** 2),
    grad: {
      x: ({ x, y }) => (x! < y! ? 1 : 0) + (x! > y! ** 2 ? 1 : 0),
      y: ({ x, y }) => (y! < x! ? 1 : 0) + (y! ** 2 > x! ? 2 * y! : 0),
    },
    points: [
      { x: 1, y: 2 },
      { x: 3, y: -1 },
    ],
  },
  {
    source: "pow(x, y) + x^y",
    value: ({ x, y }) => 2 * x! ** y!,
    grad: {
      x: ({ x, y }) => 2 * y! * x! ** (y! - 1),
      y: ({ x, y }) => 2 * x! ** y! * Math.log(x!),
    },
    points: [
      { x: 1.5, y: 2.5 },
      { x: 0.3, y: -1 },
    ],
  },
  {
    source: "square(x - y)",
    value: ({ x, y }) => (x! - y!) ** 2,
    grad: { x: ({ x, y }) => 2 * (x! - y!), y: ({ x, y }) => -2 * (x! - y!) },
    points: [
      { x: 1.5, y: 2.5 },
      { x: 0.3, y: -1 },
    ],
  },
  {
    source: "hypot(x, y)",
    value: ({ x, y }) => Math.hypot(x!, y!),
    grad: { x: ({ x, y }) => x! / Math.hypot(x!, y!), y: ({ x, y }) => y! / Math.hypot(x!, y!) },
    points: [
      { x: 3, y: 4 },
      { x: 0.3, y: -1 },
    ],
  },
  {
    source: "clamp(x, -1, 2)",
    value: ({ x }) => Math.min(Math.max(x!, -1), 2),
    grad: { x: ({ x }) => (x! >= -1 && x! <= 2 ? 1 : 0) },
    points: [{ x: -3 }, { x: 0.5 }, { x: 5 }],
  },
  {
    source: "clamp(x, y, 1)",
    value: ({ x, y }) => Math.min(Math.max(x!, y!), 1),
    grad: { x: ({ x, y }) => (x! >= y! && x! <= 1 ? 1 : 0), y: ({ x, y }) => (x! < y! ? 1 : 0) },
    points: [
      { x: -1, y: 0 },
      { x: 0.5, y: 0 },
      { x: 3, y: 0 },
    ],
  },
  {
    source: "sin(x)^2 + cos(x)^2",
    value: () => 1,
    grad: { x: () => 0 },
    points: [{ x: 0.3 }, { x: -2 }],
  },
  {
    source: "x^0.5 + x^(1/3)",
    value: ({ x }) => Math.sqrt(x!) + Math.cbrt(x!),
    grad: { x: ({ x }) => 0.5 / Math.sqrt(x!) + 1 / (3 * Math.cbrt(x!) ** 2) },
    points: [{ x: 0.3 }, { x: 2 }],
  },
  // complicated ones, checked with central differences
  {
    source: "exp(-(x^2 + y^2)/2)",
    value: ({ x, y }) => Math.exp(-(x! ** 2 + y! ** 2) / 2),
    grad: "fd",
    points: [
      { x: 0.3, y: -1 },
      { x: 1.5, y: 0.5 },
    ],
  },
  {
    source: "log(1 + exp(x y)) / (1 + x^2)",
    value: ({ x, y }) => Math.log(1 + Math.exp(x! * y!)) / (1 + x! ** 2),
    grad: "fd",
    points: [
      { x: 0.3, y: -1 },
      { x: 1.5, y: 0.5 },
    ],
  },
  {
    source: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    value: ({ x, y }) => (x! ** 2 + y! - 11) ** 2 + (x! + y! ** 2 - 7) ** 2,
    grad: "fd",
    points: [
      { x: 0.3, y: -1 },
      { x: 3.5, y: 1.5 },
    ],
  },
  {
    source: "(x + y)/(x - y)^2",
    value: ({ x, y }) => (x! + y!) / (x! - y!) ** 2,
    grad: "fd",
    points: [
      { x: 0.3, y: -1 },
      { x: 3.5, y: 1.5 },
    ],
  },
];

/** ∂value/∂name by central differences in float64. */
function centralDifference(value: Fn, point: Vars, name: string): number {
  const h = 1e-5;
  const at = (d: number) => value({ ...point, [name]: point[name]! + d });
  return (at(h) - at(-h)) / (2 * h);
}

describe("expression: values and gradients", () => {
  assert.ok(CASES.length >= 30);
  for (const c of CASES) {
    test(c.source, () => {
      const e = parseExpression(c.source);
      assert.deepEqual([...e.variables].sort(), Object.keys(c.points[0]!).sort(), "variables");
      // one float64 tensor per variable, holding that variable at every point
      const vars: Record<string, Tensor> = {};
      for (const name of e.variables)
        vars[name] = f64(
          c.points.map((p) => p[name]!),
          true,
        );
      const out = e.evaluate(vars, { dtype: "float64" });
      assert.equal(out.dtype, "float64");
      const expected = c.points.map(c.value);
      assertClose(out, expected, { rtol: 1e-12, atol: 1e-14 }, "tensor values");
      assertClose(
        c.points.map((p) => e.evaluateNumber(p)),
        expected,
        { rtol: 1e-12, atol: 1e-14 },
        "numbers",
      );
      if (e.variables.length === 0) return;
      // the elementwise result summed: each element of a variable's gradient is the derivative at its point
      out.sum().backward();
      for (const name of e.variables) {
        const grad = vars[name]!.grad!;
        if (c.grad === "fd") {
          const fd = c.points.map((p) => centralDifference(c.value, p, name));
          assertClose(grad, fd, { rtol: 1e-6, atol: 1e-8 }, `d/d${name} (central differences)`);
        } else {
          const expectedGrad = c.points.map(c.grad[name]!);
          assertClose(grad, expectedGrad, { rtol: 1e-10, atol: 1e-12 }, `d/d${name}`);
        }
      }
    });
  }
});

describe("expression: structure", () => {
  /** A compact S-expression of a tree, to state precedence exactly. */
  const sexpr = (node: ExpressionNode): string => {
    switch (node.kind) {
      case "number":
        return node.name ?? String(node.value);
      case "variable":
        return node.name;
      case "unary":
        return `(neg ${sexpr(node.operand)})`;
      case "binary":
        return `(${node.op} ${sexpr(node.left)} ${sexpr(node.right)})`;
      case "call":
        return `(${node.name} ${node.args.map(sexpr).join(" ")})`;
    }
  };
  const TREES: [string, string][] = [
    ["-x^2", "(neg (^ x 2))"],
    ["2^3^2", "(^ 2 (^ 3 2))"],
    ["3x^2", "(* 3 (^ x 2))"],
    ["1/2x", "(* (/ 1 2) x)"],
    ["x^2y", "(* (^ x 2) y)"],
    ["-2x", "(* (neg 2) x)"],
    ["x y z", "(* (* x y) z)"],
    ["xy", "xy"],
    ["2pi", "(* 2 pi)"],
    ["2sin(x)", "(* 2 (sin x))"],
    ["x (y + 1)", "(* x (+ y 1))"],
    ["2^-x^2", "(^ 2 (neg (^ x 2)))"],
    ["x**2", "(^ x 2)"],
    ["a - b - c", "(- (- a b) c)"],
    ["2e", "(* 2 e)"],
    ["2e3x", "(* 2000 x)"],
    ["clamp(x, -1, 2)", "(clamp x (neg 1) 2)"],
  ];
  for (const [source, expected] of TREES) {
    test(`${source} is ${expected}`, () =>
      assert.equal(sexpr(parseExpression(source).ast), expected));
  }

  test("normalised toString", () => {
    const NORMAL: [string, string][] = [
      ["(1-x)^2 + 100(y-x^2)^2", "(1 - x)^2 + 100 * (y - x^2)^2"],
      ["1/2x", "1 / 2 * x"],
      ["a-(b-c)", "a - (b - c)"],
      ["(a-b)-c", "a - b - c"],
      ["(2^3)^2", "(2^3)^2"],
      ["(-x)^2", "(-x)^2"],
      ["x**-1", "x^(-1)"],
      ["- -x", "-(-x)"],
      ["min( x ,y )", "min(x, y)"],
    ];
    for (const [source, expected] of NORMAL)
      assert.equal(parseExpression(source).toString(), expected);
  });

  test("variables: x, y, z first, then alphabetical with numbers compared as numbers", () => {
    const e = parseExpression("z + b + y + w10 + w2 + x + a + b");
    assert.deepEqual(e.variables, ["x", "y", "z", "a", "b", "w2", "w10"]);
    assert.equal(e.source, "z + b + y + w10 + w2 + x + a + b");
  });

  test("dtype of the literals follows the variables", () => {
    const e = parseExpression("x + 0.5");
    assert.equal(e.evaluate({ x: tensor([1], { dtype: "float32" }) }).dtype, "float32");
    assert.equal(e.evaluate({ x: f64([1]) }).dtype, "float64");
    assert.equal(parseExpression("2 + 0.5").evaluate({}).dtype, "float32");
    const fromInt = e.evaluate({ x: tensor([1], { dtype: "int32" }) });
    assert.equal(fromInt.dtype, "float32");
    assertClose(fromInt, [1.5]);
  });

  test("broadcasting, unused extra variables, and compileExpression with valueAndGrad", () => {
    const e = parseExpression("x y + x^2");
    const out = e.evaluate({
      x: f64([1, 2, 3]).reshape([3, 1]),
      y: f64([1, 2, 3, 4]),
      unused: f64([0]),
    });
    assert.deepEqual([...out.shape], [3, 4]);
    assertClose(out.sum(), [6 * 10 + 4 * 14]);

    const { variables, f } = compileExpression("(1-x)^2 + 100(y-x^2)^2");
    assert.deepEqual(variables, ["x", "y"]);
    const [value, dx, dy] = valueAndGrad(f, { argnums: [0, 1] })(
      f64([-1.5]).reshape([]),
      f64([2]).reshape([]),
    );
    assertClose(value, [2.5 ** 2 + 100 * 0.25 ** 2]);
    assertClose(dx!, [-5 - 400 * -1.5 * -0.25]);
    assertClose(dy!, [200 * -0.25]);
    assert.throws(
      () => f(f64([1])),
      (err: unknown) =>
        err instanceof ArgumentError && /takes 2 tensors \(x, y\), got 1/.test(err.message),
    );
  });

  test("a flat expression of 50,000 terms parses, evaluates, differentiates and prints without a stack overflow", () => {
    const terms = 50_000;
    for (const [source, value, slope] of [
      [Array<string>(terms).fill("x").join("+"), terms * 2, terms],
      [Array<string>(terms).fill("x").join("-"), 2 - (terms - 1) * 2, 2 - terms],
      ["x" + " * 1".repeat(terms), 2, 1],
    ] as const) {
      const e = parseExpression(source);
      assert.deepEqual(e.variables, ["x"]);
      assert.equal(e.evaluateNumber({ x: 2 }), value);
      const x = tensor(2, { dtype: "float64", requiresGrad: true });
      const out = e.evaluate({ x });
      out.backward();
      assert.equal(out.item(), value);
      assert.equal(x.grad!.item(), slope);
      assert.equal(parseExpression(e.toString()).toString(), e.toString());
    }
  });
});

// ---- errors ----------------------------------------------------------------------------------------

describe("expression: errors", () => {
  const INVALID: [source: string, position: number, fragment: string][] = [
    ["foo(x)", 0, "the functions are abs, sqrt, exp"],
    ["Sin(x)", 0, "did you mean sin?"],
    ["x(y + 1)", 0, "write x*(...) or x (...)"],
    ["min(x)", 0, "min takes 2 arguments, got 1"],
    ["sin(x, y)", 0, "sin takes 1 argument, got 2"],
    ["2 + clamp(x, 1)", 4, "clamp takes 3 arguments, got 2"],
    ["(x + 1", 0, "missing ')'"],
    ["2 * sin(x + (y - 1)", 7, "missing ')'"],
    ["(x + 1))", 7, "unexpected ')'"],
    ["x + * y", 4, "expected a number, a variable, a function call or '('"],
    ["", 0, "empty expression"],
    ["   ", 0, "empty expression"],
    ["1.2.3", 0, "invalid number '1.2.3'"],
    ["x + 1..2", 4, "invalid number '1..2'"],
    ["1e5.3", 0, "invalid number '1e5.3'"],
    ["1e999", 0, "number '1e999' is too large"],
    ["x $ y", 2, "unexpected character '$'"],
    ["x +", 3, "unexpected end of the expression"],
    ["x^", 2, "unexpected end of the expression"],
    ["x 2", 2, "unexpected number '2'"],
    ["max(x y, 3 4)", 11, "unexpected number '4'"],
    ["()", 1, "expected an expression inside the parentheses"],
    ["min(x,)", 6, "unexpected ')'"],
    ["sin x", 0, "call it with parentheses: sin(...)"],
    ["2pi(x)", 1, "'pi' is a constant, not a function"],
    ["(".repeat(600) + "x" + ")".repeat(600), 500, "nested too deeply"], // the 501st level
  ];
  for (const [source, position, fragment] of INVALID) {
    test(JSON.stringify(source.length > 40 ? source.slice(0, 20) + "..." : source), () => {
      assert.throws(
        () => parseExpression(source),
        (err: unknown) => {
          assert.ok(err instanceof ExpressionError && err instanceof ArgumentError, String(err));
          assert.equal(err.position, position, err.message);
          assert.ok(err.message.includes(fragment), err.message);
          return true;
        },
      );
    });
  }

  test("a long source shows only the text around the mistake", () => {
    const source = "x+".repeat(5000) + "$";
    assert.throws(
      () => parseExpression(source),
      (err: unknown) => {
        assert.ok(err instanceof ExpressionError);
        assert.equal(err.position, 10000);
        const [, shown, caret] = err.message.split("\n") as [string, string, string];
        assert.ok(shown.length < 100 && shown.startsWith("  …x+x+") && shown.endsWith("$"));
        assert.equal(shown[caret.length - 1], "$", "the caret is under the '$'");
        return true;
      },
    );
  });

  test("the message shows the source and a caret", () => {
    assert.throws(() => parseExpression("(x + 1))"), {
      name: "ExpressionError",
      message:
        "expression: unexpected ')' at position 7; there is no '(' for it to close\n  (x + 1))\n         ^",
    });
    assert.throws(
      () => parseExpression("x +\t$"),
      (err: unknown) => {
        assert.ok(err instanceof ExpressionError);
        assert.equal(err.length, 1);
        assert.ok(err.message.endsWith("\n  x + $\n      ^"), err.message);
        return true;
      },
    );
  });

  test("a missing variable is named, with the ones given", () => {
    const e = parseExpression("x + y*y");
    for (const run of [() => e.evaluate({ x: f64([1]) }), () => e.evaluateNumber({ x: 1 })]) {
      assert.throws(run, (err: unknown) => {
        assert.ok(err instanceof ExpressionError);
        assert.equal(err.position, 4);
        assert.ok(
          err.message.includes(
            "missing variable 'y' at position 4; the expression uses x, y; got x",
          ),
          err.message,
        );
        return true;
      });
    }
    assert.throws(
      () => e.evaluate({ x: f64([1]), y: 2 as unknown as Tensor }),
      /variable 'y' must be a Tensor, got number/,
    );
  });
});

// ---- properties ----------------------------------------------------------------------------------

const RUNS = { seed: 7, numRuns: 200 };

/** A random tree of the test's own, printed to strings and also built directly with tensor ops. */
type Tree =
  | { k: "num"; v: number }
  | { k: "var"; name: "x" | "y" }
  | { k: "neg"; a: Tree }
  | { k: "bin"; op: "+" | "-" | "*" | "/"; a: Tree; b: Tree }
  | { k: "pow"; a: Tree; n: number }
  | { k: "fn"; f: "sin" | "cos" | "tanh" | "exp"; a: Tree };

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthIdentifier: "tree" },
    fc.oneof(
      fc.integer({ min: 0, max: 20 }).map((k): Tree => ({ k: "num", v: k / 4 })),
      fc.constantFrom<Tree>({ k: "var", name: "x" }, { k: "var", name: "y" }),
    ),
    tie("tree").map((a): Tree => ({ k: "neg", a })),
    fc
      .record({ op: fc.constantFrom("+", "-", "*", "/"), a: tie("tree"), b: tie("tree") })
      .map((r): Tree => ({ k: "bin", ...r })),
    fc
      .record({ a: tie("tree"), n: fc.integer({ min: -2, max: 3 }) })
      .map((r): Tree => ({ k: "pow", ...r })),
    fc
      .record({ f: fc.constantFrom("sin", "cos", "tanh"), a: tie("tree") })
      .map((r): Tree => ({ k: "fn", ...r })),
    // exp only of a bounded argument, so that values stay finite
    fc
      .record({ f: fc.constantFrom("sin", "cos", "tanh"), a: tie("tree") })
      .map((r): Tree => ({ k: "fn", f: "exp", a: { k: "fn", ...r } })),
  ),
}));

/** Fully parenthesised; with `implicit`, products are juxtaposed wherever the grammar allows. */
function print(t: Tree, implicit: boolean): string {
  const p = (u: Tree) => print(u, implicit);
  switch (t.k) {
    case "num":
      return String(t.v);
    case "var":
      return t.name;
    case "neg":
      return `(-${p(t.a)})`;
    case "pow":
      return `(${p(t.a)})^${t.n < 0 ? `(${t.n})` : t.n}`;
    case "fn":
      return `${t.f}(${p(t.a)})`;
    case "bin": {
      const [a, b] = [p(t.a), p(t.b)];
      if (implicit && t.op === "*" && /^[a-z(]/.test(b)) {
        // `2x` and `(a)(b)` need no space; `x y` and `x (b)` do (`x(b)` would be a call)
        const tight =
          (/[0-9]$/.test(a) && /^[a-z]/.test(b)) || (a.endsWith(")") && b.startsWith("("));
        return `(${a}${tight ? "" : " "}${b})`;
      }
      return `(${a} ${t.op} ${b})`;
    }
  }
}

function build(t: Tree, x: Tensor, y: Tensor): Tensor {
  const b = (u: Tree) => build(u, x, y);
  switch (t.k) {
    case "num":
      return tensor(t.v, { dtype: "float64" });
    case "var":
      return t.name === "x" ? x : y;
    case "neg":
      return b(t.a).neg();
    case "pow":
      return b(t.a).pow(t.n);
    case "fn":
      return b(t.a)[t.f]();
    case "bin": {
      const [l, r] = [b(t.a), b(t.b)];
      return t.op === "+" ? l.add(r) : t.op === "-" ? l.sub(r) : t.op === "*" ? l.mul(r) : l.div(r);
    }
  }
}

/** The value and the gradients (zeros for an unused variable) of `make` at the points. */
function valueAndGrads(make: (x: Tensor, y: Tensor) => Tensor, xs: number[], ys: number[]) {
  const [x, y] = [f64(xs, true), f64(ys, true)];
  const out = make(x, y);
  if (out.requiresGrad) out.sum().backward();
  const zeros = xs.map(() => 0);
  return { out, dx: x.grad ?? zeros, dy: y.grad ?? zeros };
}

const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 });

describe("expression: properties", () => {
  test("printed random trees parse to the same values and gradients as a direct build", () => {
    fc.assert(
      fc.property(tree, point, point, (t, xs, ys) => {
        const direct = valueAndGrads((x, y) => build(t, x, y), xs, ys);
        const first = parseExpression(print(t, false));
        for (const source of [print(t, false), print(t, true), first.toString()]) {
          const e = parseExpression(source);
          const parsed = valueAndGrads(
            (x, y) => e.evaluate({ x, y }, { dtype: "float64" }),
            xs,
            ys,
          );
          const tol = { rtol: 1e-12, atol: 0 };
          assertClose(parsed.out, direct.out, tol, `value of ${source}`);
          assertClose(parsed.dx, direct.dx, tol, `d/dx of ${source}`);
          assertClose(parsed.dy, direct.dy, tol, `d/dy of ${source}`);
          const numbers = xs.map((x, i) => e.evaluateNumber({ x, y: ys[i]! }));
          assertClose(
            numbers,
            direct.out.expand([3]), // a tree without variables gives a 0-d tensor
            { rtol: 1e-12, atol: 1e-300 },
            `evaluateNumber of ${source}`,
          );
          assert.equal(e.toString(), first.toString(), "toString is the same for every spelling");
        }
      }),
      RUNS,
    );
  });

  test("any string either parses and round-trips, or throws an ExpressionError inside it", () => {
    const piece = fc.constantFrom(
      "x",
      "y",
      " ",
      "2",
      ".",
      "5",
      "e",
      "pi",
      "+",
      "-",
      "*",
      "/",
      "^",
      "(",
      ")",
      ",",
      "sin",
      "min",
      "$",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
        (source) => {
          let e;
          try {
            e = parseExpression(source);
          } catch (err) {
            assert.ok(err instanceof ExpressionError, String(err));
            assert.ok(err.position >= 0 && err.position + err.length <= source.length, err.message);
            return;
          }
          assert.equal(parseExpression(e.toString()).toString(), e.toString());
        },
      ),
      { seed: 7, numRuns: 1000 },
    );
  });
});
