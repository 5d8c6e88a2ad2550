// Labs 1 and 2 show a refused start (outside f's domain, or where the gradient is infinite) as a
// problem with the formula, as they show a typing mistake, instead of the worker throwing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { run1d, type Descent1dSettings } from "../../web/src/engine/descent1d.js";
import { run2d, type Descent2dSettings } from "../../web/src/engine/descent2d.js";

const lab1: Descent1dSettings = {
  f: "log(x)",
  x0: -1,
  optimizer: "gd",
  lr: 0.1,
  eps: 1e-6,
  maxIters: 10,
  momentum: 0.9,
  noise: 0,
  seed: 0,
};

test("lab 1: a start outside the domain or with an infinite slope is a problem", () => {
  const outside = run1d(lab1);
  assert.ok("problem" in outside);
  assert.match(outside.problem.message, /outside the function's domain/);
  const steep = run1d({ ...lab1, f: "sqrt(x)", x0: 0 });
  assert.ok("problem" in steep);
  assert.match(steep.problem.message, /gradient is Infinity/);
  assert.ok(!("problem" in run1d({ ...lab1, f: "sqrt(x)", x0: 1 })), "a fine start runs");
});

test("lab 2: the same for a race", () => {
  const lab2: Descent2dSettings = {
    f: "log(x) + y^2",
    x0: -1,
    y0: 1,
    racers: ["gd", "adam"],
    lrs: {},
    fair: false,
    lr: 0.1,
    eps: 1e-6,
    maxIters: 10,
    momentum: 0.9,
    noise: 0,
    seed: 0,
  };
  const runs = run2d(lab2);
  assert.ok("problem" in runs);
  assert.match(runs.problem.message, /f is NaN at the start point x = -1, y = 1/);
});
