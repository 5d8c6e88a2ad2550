// Gradients of gradients: createGraph and nested functional grad.
import assert from "node:assert/strict";
import { test } from "node:test";
import { autogradGrad, grad, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers.js";

const quartic = (x: Tensor) => x.pow(4).sub(x.pow(3).mul(3)).add(2).sum();

test("grad(grad(f)) of x⁴ − 3x³ + 2 is 12x² − 18x, and the third derivative is 24x − 18", () => {
  const xs = [-2, -0.5, 0, 0.75, 1.5, 3];
  const d1 = grad(quartic);
  const d2 = grad(d1);
  const d3 = grad(d2);
  for (const v of xs) {
    const x = tensor([v], { dtype: "float64" });
    assertClose(d1(x), [4 * v ** 3 - 9 * v ** 2], { rtol: 1e-12, atol: 1e-12 });
    assertClose(d2(x), [12 * v ** 2 - 18 * v], { rtol: 1e-12, atol: 1e-12 });
    assertClose(d3(x), [24 * v - 18], { rtol: 1e-12, atol: 1e-12 });
  }
});

test("createGraph: the gradient is itself differentiable", () => {
  const x = tensor([2], { requiresGrad: true, dtype: "float64" });
  const [dx] = autogradGrad(quartic(x), [x], { createGraph: true });
  assert.ok(dx!.requiresGrad);
  dx!.sum().backward();
  assertClose(x.grad!, [12 * 4 - 36]);
});

test("Hessian-vector product on Rosenbrock equals the analytic Hessian times v", () => {
  const rosenbrock = (p: Tensor) => {
    const x = p.narrow(0, 0, 1);
    const y = p.narrow(0, 1, 1);
    return tensor(1, { dtype: "float64" })
      .sub(x)
      .square()
      .add(y.sub(x.square()).square().mul(100))
      .sum();
  };
  const [px, py] = [-1.2, 1];
  const v = tensor([0.3, -0.7], { dtype: "float64" });
  const p = tensor([px, py], { dtype: "float64", requiresGrad: true });
  const [g] = autogradGrad(rosenbrock(p), [p], { createGraph: true });
  const [hvp] = autogradGrad(g!.mul(v).sum(), [p]);
  const hxx = 2 - 400 * (py - px * px) + 800 * px * px;
  const hxy = -400 * px;
  const hyy = 200;
  assertClose(hvp!, [hxx * 0.3 + hxy * -0.7, hxy * 0.3 + hyy * -0.7], { rtol: 1e-12, atol: 1e-12 });
});

test("valueAndGrad returns the value and gradients for several argnums", () => {
  const f = (a: Tensor, b: Tensor) => a.mul(b).add(a.exp()).sum();
  const [value, da, db] = valueAndGrad(f, { argnums: [0, 1] })(
    tensor([1], { dtype: "float64" }),
    tensor([3], { dtype: "float64" }),
  );
  assertClose(value, [3 + Math.E]);
  assertClose(da!, [3 + Math.E]);
  assertClose(db!, [1]);
});

test("grad of a non-scalar function is a clear error", () => {
  assert.throws(() => grad((x: Tensor) => x.mul(2))(tensor([1, 2])), /scalar/);
});

test("second derivatives through every smooth unary op match closed forms", () => {
  const x0 = 0.7;
  const cases: [string, (x: Tensor) => Tensor, number][] = [
    ["exp", (x) => x.exp(), Math.exp(x0)],
    ["log", (x) => x.log(), -1 / x0 ** 2],
    ["sin", (x) => x.sin(), -Math.sin(x0)],
    ["cos", (x) => x.cos(), -Math.cos(x0)],
    ["tanh", (x) => x.tanh(), -2 * Math.tanh(x0) * (1 - Math.tanh(x0) ** 2)],
    [
      "sigmoid",
      (x) => x.sigmoid(),
      (() => {
        const s = 1 / (1 + Math.exp(-x0));
        return s * (1 - s) * (1 - 2 * s);
      })(),
    ],
    ["sqrt", (x) => x.sqrt(), -0.25 * x0 ** -1.5],
    ["reciprocal", (x) => x.reciprocal(), 2 / x0 ** 3],
    ["pow 2.5", (x) => x.pow(2.5), 2.5 * 1.5 * x0 ** 0.5],
    [
      "softplus",
      (x) => x.softplus(),
      (() => {
        const s = 1 / (1 + Math.exp(-x0));
        return s * (1 - s);
      })(),
    ],
    ["erf", (x) => x.erf(), (-4 * x0 * Math.exp(-x0 * x0)) / Math.sqrt(Math.PI)],
  ];
  for (const [name, f, expected] of cases) {
    const d2 = grad(grad((x: Tensor) => f(x).sum()));
    assertClose(
      d2(tensor([x0], { dtype: "float64" })),
      [expected],
      { rtol: 1e-10, atol: 1e-12 },
      name,
    );
  }
});
