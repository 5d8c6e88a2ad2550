// Optimizer contract beyond the torch fixtures: validation, state dicts, accumulation, noise.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Generator, optim, randn, tensor, zeros, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers.js";

describe("validation with torch's messages", () => {
  const p = () => [zeros([2]).requiresGrad_()];
  const cases: [string, () => unknown, RegExp][] = [
    ["SGD lr", () => new optim.SGD(p(), { lr: -1 }), /: Invalid learning rate: -1\b/],
    [
      "SGD momentum",
      () => new optim.SGD(p(), { momentum: -0.5 }),
      /: Invalid momentum value: -0.5\b/,
    ],
    [
      "SGD nesterov",
      () => new optim.SGD(p(), { nesterov: true }),
      /Nesterov momentum requires a momentum and zero dampening/,
    ],
    [
      "Adam beta",
      () => new optim.Adam(p(), { betas: [1, 0.999] }),
      /: Invalid beta parameter at index 0: 1\b/,
    ],
    ["Adam eps", () => new optim.Adam(p(), { eps: -1 }), /: Invalid epsilon value: -1\b/],
    [
      "AdamW weight decay",
      () => new optim.AdamW(p(), { weightDecay: -1 }),
      /: Invalid weight_decay value: -1\b/,
    ],
    ["RMSprop alpha", () => new optim.RMSprop(p(), { alpha: -1 }), /: Invalid alpha value: -1\b/],
    [
      "Adagrad lr decay",
      () => new optim.Adagrad(p(), { lrDecay: -1 }),
      /: Invalid lr_decay value: -1\b/,
    ],
    ["empty list", () => new optim.SGD([]), /empty parameter list/],
    [
      "duplicate",
      () => {
        const q = zeros([1]).requiresGrad_();
        return new optim.SGD([q, q]);
      },
      /more than one parameter group/,
    ],
    ["non-leaf", () => new optim.SGD([zeros([1]).requiresGrad_().mul(2)]), /non-leaf/],
  ];
  for (const [name, make, message] of cases) test(name, () => assert.throws(make, message));
});

test("zeroGrad sets gradients to null, or zeros them in place", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.1 });
  w.sum().backward();
  opt.zeroGrad(false);
  assertClose(w.grad!, [0, 0]);
  opt.zeroGrad();
  assert.equal(w.grad, null);
  opt.step(); // no gradient: no update
  assertClose(w, [1, 2]);
});

test("stateDict / loadStateDict resume an optimizer exactly", () => {
  const g = new Generator(3);
  const target = randn([4], { generator: g, dtype: "float64" });
  const loss = (w: Tensor) => w.sub(target).pow(4).sum();
  const run = (steps: number, w: Tensor, opt: optim.Optimizer) => {
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      loss(w).backward();
      opt.step();
    }
  };
  const w1 = zeros([4], { dtype: "float64" }).requiresGrad_();
  const o1 = new optim.Adam([w1], { lr: 0.05, amsgrad: true });
  run(20, w1, o1);
  const w2 = w1.detach().clone().requiresGrad_();
  const o2 = new optim.Adam([w2], { lr: 0.5 });
  o2.loadStateDict(o1.stateDict());
  assert.equal(o2.paramGroups[0]!.lr, 0.05);
  run(20, w1, o1);
  run(20, w2, o2);
  assertClose(w2, w1.toTypedArray(), { rtol: 0, atol: 0 });
  assert.throws(
    () =>
      new optim.Adam([zeros([4]).requiresGrad_(), zeros([1]).requiresGrad_()]).loadStateDict(
        o1.stateDict(),
      ),
    /parameters/,
  );
});

test("gradient accumulation over k micro-batches equals one batch of k·b (float64, 1e-12)", () => {
  const g = new Generator(11);
  const x = randn([24, 3], { generator: g, dtype: "float64" });
  const y = randn([24, 1], { generator: g, dtype: "float64" });
  const init = randn([3, 1], { generator: g, dtype: "float64" });
  const loss = (w: Tensor, xs: Tensor, ys: Tensor) => xs.matmul(w).sub(ys).square().mean();
  const big = init.clone().requiresGrad_();
  const small = init.clone().requiresGrad_();
  const bigOpt = new optim.SGD([big], { lr: 0.1, momentum: 0.9 });
  const smallOpt = new optim.SGD([small], { lr: 0.1, momentum: 0.9 });
  for (let step = 0; step < 5; step++) {
    bigOpt.zeroGrad();
    loss(big, x, y).backward();
    bigOpt.step();
    smallOpt.zeroGrad();
    const mean = optim.accumulateGradients(4, (i) =>
      loss(small, x.narrow(0, 6 * i, 6), y.narrow(0, 6 * i, 6)),
    );
    assert.ok(Number.isFinite(mean));
    smallOpt.step();
    assertClose(small, big.toTypedArray(), { rtol: 1e-12, atol: 1e-14 }, `step ${step}`);
  }
});

test("noise: seeded, reproducible, with a scale that follows its schedule", () => {
  const run = (seed: number) => {
    const w = zeros([3]).requiresGrad_();
    const opt = optim.withNoise(new optim.SGD([w], { lr: 0.1 }), {
      scale: optim.exponentialLR(1, { gamma: 0.5 }),
      seed,
    });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      w.sum().backward();
      opt.step();
    }
    return { w: Array.from(w.toTypedArray()), opt };
  };
  const a = run(5);
  assert.deepEqual(run(5).w, a.w);
  assert.notDeepEqual(run(6).w, a.w);
  assert.equal(a.opt.scaleAt(0), 1);
  assert.equal(a.opt.scaleAt(2), 0.25);
  assert.throws(
    () => optim.withNoise(new optim.SGD([zeros([1]).requiresGrad_()]), { scale: -1 }),
    /non-negative/,
  );
});

test("clipGradValue clamps each element", () => {
  const w = tensor([1, 2, 3], { requiresGrad: true });
  w.mul(tensor([-5, 0.5, 5]))
    .sum()
    .backward();
  optim.clipGradValue([w], 1);
  assertClose(w.grad!, [-1, 0.5, 1]);
});

test("GD is SGD without momentum", () => {
  const w = tensor([1], { requiresGrad: true });
  const opt = new optim.GD([w], { lr: 0.5 });
  assert.equal(opt.paramGroups[0]!.momentum, 0);
  w.square().sum().backward();
  opt.step();
  assertClose(w, [0]);
});
