// Optimizers, schedules and clipping against torch.optim (tests/fixtures/generate_optim.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { optim, tensor, zeros, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers.js";

interface OptimizerCase {
  name: string;
  optimizer: "SGD" | "Adam" | "AdamW" | "RMSprop" | "Adagrad";
  problem: "least_squares" | "rosenbrock";
  options: Record<string, unknown>;
  groups?: Record<string, unknown>[];
  trajectory: number[][][];
}

interface Fixture {
  torch: string;
  problems: { A: number[]; b: number[] };
  optimizers: OptimizerCase[];
  schedules: { name: string; lr: number; options: Record<string, unknown>; values: number[] }[];
  reduceOnPlateau: {
    lr: number;
    options: optim.ReduceLROnPlateauOptions;
    metrics: number[];
    values: number[];
  };
  clipGradNorm: {
    normType: number | "inf";
    maxNorm: number;
    grads: { shape: number[]; data: number[] }[];
    total: number;
    clipped: number[][];
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/optim.json", import.meta.url), "utf8"),
) as Fixture;
const A = tensor(fixture.problems.A, { dtype: "float64" }).reshape([8, 3]);
const b = tensor(fixture.problems.b, { dtype: "float64" });

const problems = {
  least_squares: {
    init: () => [zeros([3], { dtype: "float64" }), zeros([1], { dtype: "float64" })],
    loss: ([w, c]: Tensor[]) => A.matmul(w!).add(c!).sub(b).square().mean(),
  },
  rosenbrock: {
    init: () => [tensor([-1.2, 1], { dtype: "float64" })],
    loss: ([p]: Tensor[]) => {
      const x = p!.narrow(0, 0, 1);
      const y = p!.narrow(0, 1, 1);
      return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)).sum();
    },
  },
};

const classes = {
  SGD: optim.SGD,
  Adam: optim.Adam,
  AdamW: optim.AdamW,
  RMSprop: optim.RMSprop,
  Adagrad: optim.Adagrad,
} as const;

describe(`torch.optim ${fixture.torch}: 100 steps in float64`, () => {
  for (const c of fixture.optimizers) {
    test(c.name, () => {
      const problem = problems[c.problem];
      const params = problem.init().map((p) => p.requiresGrad_());
      const Cls = classes[c.optimizer] as unknown as new (
        params: unknown,
        options: unknown,
      ) => optim.Optimizer;
      const input = c.groups ? c.groups.map((g, i) => ({ params: [params[i]!], ...g })) : params;
      const optimizer = new Cls(input, c.options);
      const sign = c.options.maximize ? -1 : 1;
      c.trajectory.forEach((expected, step) => {
        optimizer.zeroGrad();
        problem.loss(params).mul(sign).backward();
        optimizer.step();
        params.forEach((p, i) =>
          assertClose(
            p,
            expected[i]!,
            { rtol: 1e-10, atol: 1e-12 },
            `step ${step + 1}, parameter ${i}`,
          ),
        );
      });
    });
  }
});

describe("learning-rate schedules equal torch's lr_scheduler", () => {
  const makers: Record<string, (lr: number, options: never) => optim.Schedule> = {
    step: optim.stepLR,
    multiStep: optim.multiStepLR,
    exponential: optim.exponentialLR,
    cosineAnnealing: optim.cosineAnnealingLR,
    linear: optim.linearLR,
    oneCycle: optim.oneCycleLR,
    oneCycleLinear: optim.oneCycleLR,
    oneCycleThreePhase: optim.oneCycleLR,
  };
  for (const s of fixture.schedules) {
    test(`${s.name}: as a pure function and bound to an optimizer`, () => {
      const schedule = makers[s.name]!(s.lr, s.options as never);
      assertClose(
        s.values.map((_, t) => schedule(t)),
        s.values,
        { rtol: 1e-10, atol: 1e-14 },
        "pure schedule",
      );
      const p = zeros([1]).requiresGrad_();
      const optimizer = new optim.SGD([p], { lr: s.lr });
      const scheduler = new optim.LRScheduler(optimizer, (lr) =>
        makers[s.name]!(lr, s.options as never),
      );
      const seen = [scheduler.getLastLr()[0]!];
      for (let t = 1; t < s.values.length; t++) {
        scheduler.step();
        seen.push(optimizer.paramGroups[0]!.lr);
      }
      assertClose(seen, s.values, { rtol: 1e-10, atol: 1e-14 }, "scheduler");
    });
  }

  test("reduceOnPlateau follows the metric like torch", () => {
    const r = fixture.reduceOnPlateau;
    const optimizer = new optim.SGD([zeros([1]).requiresGrad_()], { lr: r.lr });
    const plateau = new optim.ReduceLROnPlateau(optimizer, r.options);
    const seen = r.metrics.map((m) => {
      plateau.step(m);
      return plateau.getLastLr()[0]!;
    });
    assertClose(seen, r.values, { rtol: 1e-12, atol: 0 });
  });
});

describe("clipGradNorm equals torch.nn.utils.clip_grad_norm_", () => {
  for (const c of fixture.clipGradNorm) {
    test(`norm ${c.normType}, max ${c.maxNorm}`, () => {
      const params = c.grads.map((g) => {
        const p = zeros(g.shape, { dtype: "float64" }).requiresGrad_();
        p.grad = tensor(g.data, { dtype: "float64" }).reshape(g.shape);
        return p;
      });
      const total = optim.clipGradNorm(params, c.maxNorm, {
        normType: c.normType === "inf" ? Infinity : c.normType,
      });
      assert.ok(
        Math.abs(total - c.total) <= 1e-12 * Math.abs(c.total),
        `total ${total} vs ${c.total}`,
      );
      params.forEach((p, i) => assertClose(p.grad!, c.clipped[i]!, { rtol: 1e-12, atol: 1e-15 }));
    });
  }
});
