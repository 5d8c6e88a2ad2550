// minimize(): reaching known minima, stop reasons, escapes from local minima, races.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ArgumentError,
  GALLERY,
  galleryFunction,
  minimize,
  optim,
  race,
  tensor,
  type MinimizeResult,
} from "../../src/index.js";

const distance = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(...a.map((v, i) => v - b[i]!));

function nearestMinimum(name: string, x: readonly number[]) {
  const f = galleryFunction(name)!;
  return [...f.minima].sort((m1, m2) => distance(m1.point, x) - distance(m2.point, x))[0]!;
}

function assertFinite(result: MinimizeResult): void {
  for (const p of result.trajectory) {
    for (const v of [...p.x, p.value, ...p.grad, p.gradNorm, p.lr, ...(p.update ?? [])]) {
      assert.ok(
        Number.isFinite(v),
        `non-finite number in the trajectory at iteration ${p.iteration}`,
      );
    }
  }
}

describe("the gallery", () => {
  // name, start, optimizer, lr, the minimum expected (index into minima)
  const cases: [string, number[], string, number, number][] = [
    ["cubic", [2], "gd", 0.01, 0],
    ["quartic", [3], "gd", 0.01, 0],
    ["double-well", [-2], "gd", 0.01, 0],
    ["bowl", [-2.5, 1], "momentum", 0.01, 0],
    ["rosenbrock", [-1.5, 2], "adam", 0.05, 0],
    ["himmelblau", [0, 0], "gd", 0.01, 0],
    ["himmelblau", [-1, 1], "gd", 0.01, 1],
    ["himmelblau", [-1, -1], "gd", 0.01, 2],
    ["himmelblau", [1, -1], "gd", 0.01, 3],
    ["beale", [1, 1.5], "adam", 0.05, 0],
    ["booth", [-8, -8], "momentum", 0.01, 0],
    ["rastrigin", [0.3, -0.2], "gd", 0.001, 0],
    ["six-hump-camel", [0.5, -0.5], "gd", 0.01, 0],
    ["six-hump-camel", [-1.5, 0.5], "gd", 0.01, 2],
    ["plateau", [1, 1], "gd", 0.1, 0],
  ];
  for (const [name, start, optimizer, lr, which] of cases) {
    test(`${name} from (${start.join(", ")}) with ${optimizer} reaches its minimum by the gradient tolerance`, () => {
      const f = galleryFunction(name)!;
      const result = minimize(name, start, { optimizer, lr, maxIters: 20_000, gradTol: 1e-6 });
      const expected = f.minima[which]!;
      assert.equal(result.reason, "gradient-tolerance");
      assert.ok(result.converged);
      assert.ok(
        distance(result.x, expected.point) < 1e-3,
        `ended at ${result.x.join(", ")}, expected ${expected.point.join(", ")}`,
      );
      assert.ok(
        Math.abs(result.value - expected.value) < 1e-4,
        `value ${result.value} vs ${expected.value}`,
      );
      assert.equal(result.trajectory.length, result.iterations + 1);
      assertFinite(result);
    });
  }

  test("every gallery function parses and its minima are stationary points", () => {
    // Ackley's minimum is a cone tip: √(x² + y²) has no gradient at 0 (NaN, as in torch)
    for (const f of GALLERY.filter((g) => g.name !== "ackley")) {
      for (const m of f.minima) {
        const r = minimize(f.expression, m.point.slice(), { maxIters: 0 });
        assert.ok(
          Math.abs(r.value - m.value) < 1e-3,
          `${f.name}: f at its minimum is ${r.value}, listed ${m.value}`,
        );
        assert.ok(
          r.trajectory[0]!.gradNorm < 5e-3,
          `${f.name}: gradient ${r.trajectory[0]!.gradNorm} at ${m.point.join(", ")}`,
        );
      }
    }
  });

  test("ackley: adam circles the cone tip at the centre, within a small fraction of the window", () => {
    const r = minimize("ackley", [0.3, 0.2], { optimizer: "adam", lr: 0.01, maxIters: 3000 });
    assert.equal(r.reason, "max-iterations");
    assert.ok(distance(r.x, [0, 0]) < 0.02, `ended at ${r.x.join(", ")}`);
    assertFinite(r);
  });

  test("the saddle: a start exactly on y = 0 stops at the saddle point, any other start runs away", () => {
    const stuck = minimize("saddle", [1.5, 0], { lr: 0.1 });
    assert.equal(stuck.reason, "gradient-tolerance");
    assert.ok(distance(stuck.x, [0, 0]) < 1e-5);
    const escaped = minimize("saddle", [1.5, 0.001], { lr: 0.1 });
    assert.equal(escaped.reason, "diverged");
  });
});

describe("the lecture's local-minimum trap", () => {
  test("plain GD from the wrong side stops in the local minimum of the double well", () => {
    const r = minimize("double-well", [2], { optimizer: "gd" });
    assert.equal(r.reason, "gradient-tolerance");
    assert.ok(Math.abs(r.x[0]! - 1.346997408527774) < 1e-5);
    assert.equal(nearestMinimum("double-well", r.x).global, false);
  });

  test("momentum carries it over the hump into the global minimum", () => {
    const r = minimize("double-well", [2], {
      optimizer: "momentum",
      optimizerOptions: { momentum: 0.95 },
    });
    assert.equal(r.reason, "gradient-tolerance");
    assert.ok(Math.abs(r.x[0]! + 1.4729976011140302) < 1e-5);
    assert.ok(r.trajectory.some((p) => p.velocity !== undefined));
  });

  test("seeded, decaying noise reaches the global minimum, reproducibly", () => {
    const options = {
      optimizer: "gd",
      noise: optim.exponentialLR(0.8, { gamma: 0.995 }),
      maxIters: 5000,
    };
    const escapes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((seed) =>
      minimize("double-well", [2], { ...options, seed }),
    );
    const global = escapes.filter((r) => r.x[0]! < 0);
    assert.ok(global.length >= 8, `${global.length} of 10 seeds escaped`);
    const again = minimize("double-well", [2], { ...options, seed: 3 });
    assert.deepEqual(again.x, escapes[3]!.x);
    assert.ok(escapes[3]!.trajectory[0]!.noise !== undefined);
  });
});

describe("stop reasons", () => {
  test("too large a learning rate diverges with only finite numbers recorded", () => {
    const r = minimize("quartic", [3], { lr: 0.2 });
    assert.equal(r.reason, "diverged");
    assert.equal(r.converged, false);
    assertFinite(r);
    assert.ok(r.trajectory.length >= 1);
  });

  test("on |x| a fixed step bounces across the kink until max-iterations; a decaying step converges", () => {
    const fixed = minimize("abs(x)", [1.05], { lr: 0.1, maxIters: 500 });
    assert.equal(fixed.reason, "max-iterations");
    const last = fixed.trajectory.slice(-4).map((p) => p.x[0]!);
    assert.ok(last.some((v) => v > 0) && last.some((v) => v < 0), `bouncing: ${last.join(", ")}`);
    const decaying = minimize("abs(x)", [1.05], {
      schedule: optim.exponentialLR(0.1, { gamma: 0.97 }),
      maxIters: 5000,
    });
    assert.ok(decaying.converged, decaying.reason);
    assert.ok(Math.abs(decaying.x[0]!) < 1e-6);
  });

  test("value tolerance, step tolerance, time budget and max-iterations", () => {
    assert.equal(
      minimize("x^2", [1], { lr: 0.1, valueTol: 1e-3, gradTol: 0 }).reason,
      "value-tolerance",
    );
    assert.equal(
      minimize("x^2", [1], { lr: 0.1, stepTol: 1e-3, gradTol: 0 }).reason,
      "step-tolerance",
    );
    assert.equal(
      minimize("x^2", [1], { lr: 1e-9, timeBudgetMs: 20, gradTol: 0, stepTol: 0, maxIters: 1e9 })
        .reason,
      "time-budget",
    );
    const capped = minimize("x^2", [1], { lr: 1e-3, maxIters: 7 });
    assert.equal(capped.reason, "max-iterations");
    assert.equal(capped.iterations, 7);
  });

  test("the trajectory records x, value, gradient, lr and the update taken", () => {
    const r = minimize("x^2 + y^2", { x: 1, y: -2 }, { lr: 0.25, maxIters: 3 });
    assert.deepEqual(r.variables, ["x", "y"]);
    assert.deepEqual(r.trajectory[0]!.x, [1, -2]);
    assert.deepEqual(r.trajectory[0]!.grad, [2, -4]);
    assert.deepEqual(r.trajectory[0]!.update, [-0.5, 1]);
    assert.deepEqual(r.trajectory[1]!.x, [0.5, -1]);
    assert.equal(r.trajectory[0]!.lr, 0.25);
    assert.equal(r.trajectory.at(-1)!.update, undefined);
  });

  test("a TypeScript function of a tensor works like an expression", () => {
    const r = minimize(
      (x) =>
        x
          .sub(tensor([3, -1], { dtype: "float64" }))
          .square()
          .sum(),
      [0, 0],
      { lr: 0.1 },
    );
    assert.ok(distance(r.x, [3, -1]) < 1e-5);
  });

  test("bad input gets a clear error", () => {
    assert.throws(
      () => minimize("x^2 + y^2", [1]),
      /2 variable\(s\) \(x, y\) but the start point has 1/,
    );
    assert.throws(() => minimize("x^2", [1], { optimizer: "sdg" }), /unknown optimizer "sdg"/);
    assert.throws(() => minimize("x^2 +", [1]), /expression/);
  });

  test("a start outside the domain, or where the gradient is infinite, is the start's fault", () => {
    const startsBadly = (source: string, x0: number[], ...words: RegExp[]) =>
      assert.throws(
        () => minimize(source, x0),
        (err: unknown) => {
          assert.ok(err instanceof ArgumentError, String(err));
          for (const word of words) assert.match(err.message, word);
          return true;
        },
      );
    startsBadly(
      "log(x)",
      [-1],
      /f is NaN at the start point x = -1/,
      /outside the function's domain/,
    );
    startsBadly("1/x", [0], /f is Infinity at the start point x = 0/);
    startsBadly(
      "sqrt(x) + y^2",
      [0, 1],
      /f = 1 at the start point x = 0, y = 1 but its gradient is Infinity/,
      /no finite slope there/,
    );
    assert.equal(minimize("sqrt(x)", [1], { maxIters: 3 }).reason, "max-iterations");
  });
});

describe("race", () => {
  test("several optimizers from one start give one trajectory each; sameLr overrides", () => {
    const runs = race("rosenbrock", [-1.5, 2], ["gd", "momentum", "adam"], { maxIters: 300 });
    assert.deepEqual(
      runs.map((r) => r.label),
      ["gd (lr 0.002)", "momentum (lr 0.001)", "adam (lr 0.05)"], // rosenbrock's own rates,
    );
    runs.forEach((r) => assert.deepEqual(r.result.trajectory[0]!.x, [-1.5, 2]));
    const same = race("bowl", [-2.5, 1], ["gd", "adam"], { sameLr: 0.02, maxIters: 50 });
    same.forEach((r) => assert.equal(r.result.trajectory[0]!.lr, 0.02));
  });
});
