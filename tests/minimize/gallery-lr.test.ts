// A gallery function brings learning rates that converge: `race rosenbrock` with GD, momentum
// and Adam at their defaults all end near the minimum (1, 1); an explicit lr still wins.
import assert from "node:assert/strict";
import { test } from "node:test";
import { minimize, race } from "../../src/index.js";

test("rosenbrock's own learning rates: every optimizer of the race converges", () => {
  const runs = race(
    "rosenbrock",
    [-1.5, 2],
    [{ optimizer: "gd" }, { optimizer: "momentum" }, { optimizer: "adam" }],
    {
      maxIters: 2000,
    },
  );
  for (const run of runs) {
    assert.notEqual(run.result.reason, "diverged", run.label);
    assert.ok(
      Math.hypot(run.result.x[0]! - 1, run.result.x[1]! - 1) < 0.02,
      `${run.label} ends at ${run.result.x.join(", ")}`,
    );
  }
  assert.equal(
    minimize("rosenbrock", [-1.5, 2], { optimizer: "gd", lr: 0.01, maxIters: 50 }).reason,
    "diverged",
  );
});
