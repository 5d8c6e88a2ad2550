// fit(): learning from data end to end, early stopping, resuming, accumulation, aborting.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkpointFromBytes,
  checkpointToBytes,
  data,
  evaluate,
  fit,
  manualSeed,
  nn,
  optim,
  randn,
  tensor,
  Generator,
} from "../../src/index.js";
import { loadMnist } from "../../src/node.js";
import { assertClose } from "../helpers.js";

describe("fit learns", () => {
  test("two moons: ≥ 97% test accuracy", async () => {
    manualSeed(0);
    const train = data.twoMoons(500, { noise: 0.1, seed: 1 });
    const heldOut = data.twoMoons(500, { noise: 0.1, seed: 2 });
    const model = nn.mlp([2, 16, 16, 2], { activation: "tanh" });
    const history = await fit(model, train, {
      loss: "cross-entropy",
      optimizer: "adam",
      lr: 0.01,
      epochs: 30,
      batchSize: 32,
    });
    assert.equal(history.stopReason, "epochs");
    assert.equal(history.epochs.length, 30);
    assert.equal(history.steps.length, 30 * Math.ceil(500 / 32));
    assert.ok(history.epochs.at(-1)!.loss < history.epochs[0]!.loss);
    const { metrics } = evaluate(model, heldOut, { loss: "cross-entropy" });
    assert.ok(metrics.accuracy! >= 0.97, `accuracy ${metrics.accuracy}`);
  });

  test("MNIST: a 784-128-10 ReLU MLP, SGD 0.1 momentum 0.9, batch 64, 10 epochs: ≥ 95% on 2,000 held-out digits", async () => {
    const { train, test: heldOut } = loadMnist({ trainSize: 8000, seed: 0 });
    manualSeed(0);
    const model = nn.mlp([784, 128, 10]);
    const history = await fit(model, train, {
      loss: "cross-entropy",
      optimizer: "momentum",
      lr: 0.1,
      optimizerOptions: { momentum: 0.9 },
      epochs: 10,
      batchSize: 64,
      seed: 0,
    });
    const { metrics } = evaluate(model, heldOut, { loss: "cross-entropy" });
    // PyTorch with this setup reaches 95.7%; descent must be within one point of it.
    assert.ok(metrics.accuracy! >= 0.95, `accuracy ${metrics.accuracy}`);
    assert.ok(history.epochs.at(-1)!.metrics.accuracy! > 0.97);
  });
});

describe("fit's controls", () => {
  const regression = () => {
    const g = new Generator(5);
    const x = randn([64, 3], { generator: g, dtype: "float64" });
    const w = tensor([[1.5], [-2], [0.5]], { dtype: "float64" });
    return { x, y: x.matmul(w).add(randn([64, 1], { generator: g, dtype: "float64" }).mul(0.1)) };
  };
  const linear = (seed: number) => {
    const model = new nn.Linear(3, 1, { dtype: "float64", generator: new Generator(seed) });
    return model;
  };

  test("accumulating 4 batches of 8 equals batches of 32 (float64, 1e-12)", async () => {
    const set = regression();
    const a = linear(1);
    const b = linear(1);
    await fit(a, set, {
      loss: "mse",
      optimizer: "momentum",
      lr: 0.05,
      epochs: 3,
      batchSize: 32,
      shuffle: false,
    });
    const h = await fit(b, set, {
      loss: "mse",
      optimizer: "momentum",
      lr: 0.05,
      epochs: 3,
      batchSize: 8,
      accumulate: 4,
      shuffle: false,
    });
    assert.equal(h.steps.length, 3 * 2);
    for (const [name, p] of a.namedParameters())
      assertClose(b.stateDict()[name]!, p.toTypedArray(), { rtol: 1e-12, atol: 1e-14 }, name);
  });

  test("early stopping stops and restores the best weights", async () => {
    const set = regression();
    const model = linear(2);
    const snapshots: Record<string, number[]>[] = [];
    // a learning rate that first helps, then makes the loss oscillate upwards
    const history = await fit(model, set, {
      loss: "mse",
      optimizer: "sgd",
      lr: 0.9,
      epochs: 50,
      batchSize: "full",
      earlyStopping: { patience: 3 },
      schedule: (epoch) => (epoch < 3 ? 0.3 : 1.05),
      callbacks: {
        onEpoch: () =>
          snapshots.push(
            Object.fromEntries(
              Object.entries(model.stateDict()).map(([k, v]) => [k, Array.from(v.toTypedArray())]),
            ),
          ),
      },
    });
    assert.equal(history.stopReason, "early-stopping");
    const losses = history.epochs.map((e) => e.loss);
    const best = losses.indexOf(Math.min(...losses));
    assert.equal(history.bestEpoch, best);
    assert.equal(history.epochs.length, best + 1 + 3);
    for (const [k, v] of Object.entries(model.stateDict()))
      assert.deepEqual(Array.from(v.toTypedArray()), snapshots[best]![k]);
  });

  test("resuming from a checkpoint gives the same result as not stopping", async () => {
    const moons = data.twoMoons(200, { noise: 0.2, seed: 3 });
    const options = {
      loss: "cross-entropy" as const,
      lr: 0.05,
      optimizerOptions: { momentum: 0.9 },
      batchSize: 16,
      seed: 4,
    };
    const make = () => nn.mlp([2, 8, 2], { generator: new Generator(9), dtype: "float32" });
    const straight = make();
    const straightOpt = new optim.SGD(straight.parameters(), { lr: 0.05, momentum: 0.9 });
    await fit(straight, moons, { ...options, optimizer: straightOpt, epochs: 4 });

    const first = make();
    const firstOpt = new optim.SGD(first.parameters(), { lr: 0.05, momentum: 0.9 });
    await fit(first, moons, { ...options, optimizer: firstOpt, epochs: 2 });
    const bytes = checkpointToBytes({
      model: first.stateDict(),
      optimizer: firstOpt.stateDict(),
      extra: { epoch: 2 },
    });

    const restored = checkpointFromBytes(bytes);
    const resumed = make();
    resumed.loadStateDict(restored.model);
    const resumedOpt = new optim.SGD(resumed.parameters(), { lr: 0.05, momentum: 0.9 });
    resumedOpt.loadStateDict(restored.optimizer as optim.OptimizerStateDict<optim.SGDOptions>);
    await fit(resumed, moons, {
      ...options,
      optimizer: resumedOpt,
      epochs: 4,
      initialEpoch: restored.extra!.epoch as number,
    });
    for (const [k, v] of Object.entries(straight.stateDict()))
      assert.deepEqual(
        Array.from(resumed.stateDict()[k]!.toTypedArray()),
        Array.from(v.toTypedArray()),
        k,
      );
  });

  test("an AbortSignal stops training between batches", async () => {
    const controller = new AbortController();
    const set = regression();
    const history = await fit(linear(3), set, {
      loss: "mse",
      epochs: 100,
      batchSize: 4,
      signal: controller.signal,
      callbacks: { onStep: (s) => (s.step === 5 ? controller.abort() : undefined) },
    });
    assert.equal(history.stopReason, "aborted");
    assert.equal(history.steps.length, 6);
  });

  test("tolerance stops when the epoch loss settles; validation is reported per epoch", async () => {
    const set = regression();
    const history = await fit(linear(4), set, {
      loss: "mse",
      optimizer: "adam",
      lr: 0.05,
      epochs: 500,
      batchSize: "full",
      tolerance: 1e-7,
      validation: 0.25,
    });
    assert.equal(history.stopReason, "tolerance");
    assert.ok(history.epochs.length < 500);
    assert.ok(history.epochs.every((e) => e.valLoss !== undefined && Number.isFinite(e.valLoss)));
    assert.equal(history.epochs[0]!.examplesSeen, 48);
  });

  test("a divergent learning rate ends with 'diverged', not NaN weights in the history", async () => {
    const history = await fit(linear(5), regression(), {
      loss: "mse",
      optimizer: "sgd",
      lr: 50,
      epochs: 100,
      batchSize: "full",
    });
    assert.equal(history.stopReason, "diverged");
    assert.ok(history.steps.every((s) => Number.isFinite(s.loss)));
  });

  test("progress: one plain line per epoch when not a terminal, a live bar on one", async () => {
    const lines: string[] = [];
    await fit(linear(6), regression(), {
      loss: "mse",
      epochs: 3,
      batchSize: 16,
      progress: { isTTY: false, write: (s) => lines.push(s) },
    });
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^epoch 1\/3 {2}loss \d+\.\d{4} {2}\(\d+\.\ds\)\n$/);
    const tty: string[] = [];
    await fit(linear(6), regression(), {
      loss: "mse",
      epochs: 2,
      batchSize: 16,
      progress: { isTTY: true, write: (s) => tty.push(s) },
    });
    assert.ok(tty.some((s) => /^\repoch 1\/2 \[.*\] \d+\/4 loss .* ETA \d+s/.test(s)));
  });

  test("bad input is named", async () => {
    await assert.rejects(
      fit(linear(7), { x: randn([4, 3]), y: randn([5, 1]) }, { loss: "mse" }),
      /x has 4 samples but y has 5/,
    );
    await assert.rejects(
      fit(linear(7), regression(), { loss: "nope" as "mse" }),
      /unknown loss "nope"/,
    );
    await assert.rejects(
      fit(linear(7), regression(), { loss: "mse", accumulate: 0 }),
      /accumulate must be a positive integer/,
    );
  });
});
