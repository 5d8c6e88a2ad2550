// Gallery functions bring learning rates that converge: racing every optimizer at its defaults
// from a function's first start (as `descent race <fn> --from <start>` does, 2,000 steps) ends at
// a minimum, or else in the stated behaviour that the function is in the gallery to show.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  GALLERY,
  OPTIMIZER_NAMES,
  minimize,
  race,
  type GalleryFunction,
  type MinimizeResult,
} from "../../src/index.js";

const MAX_ITERS = 2000; // the CLI's default for race
const NEAR = 0.1; // "at a minimum": this close to one of the function's known minima (local ones count)

/** The distance from x to the nearest known minimum of g. */
function toNearestMinimum(g: GalleryFunction, x: readonly number[]): number {
  return Math.min(...g.minima.map((m) => Math.hypot(...m.point.map((p, i) => p - x[i]!))));
}

/** Stopped by a tolerance, or the last tenth of the run stayed within 0.05 of where it ended. */
function settled(result: MinimizeResult): boolean {
  if (result.reason !== "max-iterations") return result.reason !== "diverged";
  const tail = result.trajectory.filter((p) => p.iteration >= 0.9 * result.iterations);
  return tail.every((p) => Math.hypot(...p.x.map((v, i) => v - result.x[i]!)) < 0.05);
}

type Expectation = (
  g: GalleryFunction,
  result: MinimizeResult,
  f0: number,
  optimizer: string,
) => void;

const atMinimum: Expectation = (g, result) => {
  assert.notEqual(result.reason, "diverged");
  const d = toNearestMinimum(g, result.x);
  assert.ok(d < NEAR, `ends at (${result.x.join(", ")}), ${d.toFixed(3)} from a minimum`);
};

/**
 * The exceptions, each the lesson of its function. Key: function, or function/optimizer.
 * Everything not listed must end at a minimum.
 */
const EXCEPTIONS: Record<string, { why: string; expect: Expectation }> = {
  quartic: {
    why: "from x = −1, GD, RMSprop and Adagrad crawl into the flat inflection at x = 0 and stop there",
    expect: (g, result, f0, optimizer) => {
      if (["momentum", "nesterov", "adam", "adamw"].includes(optimizer)) {
        atMinimum(g, result, f0, optimizer);
      } else {
        assert.ok(Math.abs(result.x[0]!) < 0.1 && result.x[0]! <= 0, `x = ${result.x[0]}`);
      }
    },
  },
  "rosenbrock/rmsprop": {
    why: "RMSprop's normalised step rattles across the narrow valley instead of following it",
    expect: (_g, result, f0) => {
      assert.notEqual(result.reason, "diverged");
      assert.ok(result.value < f0 / 1000, `f = ${result.value} (from ${f0})`);
    },
  },
  "rosenbrock/adagrad": {
    why: "Adagrad's steps shrink as its sum of squared gradients grows: still in the valley after 2,000",
    expect: (_g, result, f0) => {
      assert.notEqual(result.reason, "diverged");
      assert.ok(result.value < f0 / 50, `f = ${result.value} (from ${f0})`);
    },
  },
  saddle: {
    why: "no minimum: off the line y = 0 every optimizer escapes downhill along y without bound",
    expect: (_g, result, f0) => assert.ok(result.value < f0 - 100, `f = ${result.value}`),
  },
  "monkey-saddle": {
    why: "no minimum: every optimizer runs downhill without bound",
    expect: (_g, result, f0) => assert.ok(result.value < f0 - 100, `f = ${result.value}`),
  },
  rastrigin: {
    why: "a bowl of dimples: every optimizer settles in a local minimum that is not listed",
    expect: (_g, result, f0) => {
      assert.ok(settled(result), `${result.reason} at (${result.x.join(", ")})`);
      assert.ok(result.value < f0, `f = ${result.value} (from ${f0})`);
    },
  },
  ackley: {
    why: "its small dips catch every optimizer before the central funnel",
    expect: (_g, result, f0) => {
      assert.ok(settled(result), `${result.reason} at (${result.x.join(", ")})`);
      assert.ok(result.value < f0, `f = ${result.value} (from ${f0})`);
    },
  },
  plateau: {
    why: "at (3, 3) the gradient (1.3e-7) is already under the tolerance: every optimizer stops at once",
    expect: (_g, result) => {
      assert.equal(result.reason, "gradient-tolerance");
      assert.equal(result.iterations, 0);
    },
  },
};

for (const g of GALLERY) {
  const start = g.starts[0]!;
  test(`race ${g.name} from (${start.join(", ")}): every optimizer at its defaults`, () => {
    const runs = race(g.name, start, [...OPTIMIZER_NAMES], { maxIters: MAX_ITERS, record: true });
    const f0 = runs[0]!.result.trajectory[0]!.value;
    for (const [i, run] of runs.entries()) {
      const name = OPTIMIZER_NAMES[i]!;
      const exception = EXCEPTIONS[`${g.name}/${name}`] ?? EXCEPTIONS[g.name];
      const expect = exception?.expect ?? atMinimum;
      try {
        expect(g, run.result, f0, name);
      } catch (error) {
        const why = exception ? ` (stated exception: ${exception.why})` : "";
        throw new Error(`${g.name}, ${run.label}${why}: ${(error as Error).message}`);
      }
    }
  });
}

test("every exception names a gallery function and an optimizer", () => {
  for (const key of Object.keys(EXCEPTIONS)) {
    const [fn, optimizer] = key.split("/");
    assert.ok(
      GALLERY.some((g) => g.name === fn),
      key,
    );
    if (optimizer !== undefined)
      assert.ok((OPTIMIZER_NAMES as readonly string[]).includes(optimizer), key);
  }
});

test("the README's race converges: rosenbrock with gd, momentum and adam at their defaults", () => {
  const runs = race("rosenbrock", [-1.5, 2], ["gd", "momentum", "adam"], { maxIters: MAX_ITERS });
  for (const run of runs) {
    assert.ok(
      Math.hypot(run.result.x[0]! - 1, run.result.x[1]! - 1) < 0.02,
      `${run.label} ends at ${run.result.x.join(", ")}`,
    );
  }
});

test("an explicit lr still wins over the gallery's", () => {
  assert.equal(
    minimize("rosenbrock", [-1.5, 2], { optimizer: "gd", lr: 0.01, maxIters: 50 }).reason,
    "diverged",
  );
});
