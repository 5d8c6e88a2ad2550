// fit() refuses what would train silently wrong: targets that do not suit the loss, empty data,
// loaders with no batch, bad option values and names, NaN in the data (named as the data's
// fault, with the row), negative schedules; and a long run keeps a bounded History.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ArgumentError,
  cat,
  data,
  fit,
  manualSeed,
  nn,
  tensor,
  zeros,
  type Tensor,
  type FitOptions,
} from "../../src/index.js";

function setup() {
  const moons = data.twoMoons(64, { seed: 0 });
  manualSeed(0);
  return { moons, model: nn.mlp([2, 8, 2]) };
}

async function assertRefused(run: Promise<unknown>, ...words: RegExp[]): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof ArgumentError, `expected ArgumentError, got ${String(error)}`);
    for (const word of words) assert.match(error.message, word);
    return true;
  });
}

describe("fit refuses", () => {
  test("float regression targets with a classification loss", async () => {
    manualSeed(0);
    const linear = data.linearRegression(64, { seed: 0 });
    const model = nn.mlp([1, 8, 1]);
    await assertRefused(
      fit(model, linear, { loss: "cross-entropy" }),
      /cross-entropy/,
      /integer class labels/,
      /mse/,
    );
    await assertRefused(fit(nn.mlp([1, 8, 1]), linear, { loss: "nll" }), /nll/, /float32 numbers/);
  });

  test("the issue's repro with a 2-output model and float targets", async () => {
    const { model } = setup();
    const linear = data.linearRegression(64, { seed: 0 });
    const x = cat([linear.x, linear.x], 1);
    await assertRefused(
      fit(model, { x, y: linear.y }, { loss: "cross-entropy" }),
      /integer class labels/,
    );
  });

  test("class labels with a regression loss", async () => {
    const { moons, model } = setup();
    await assertRefused(
      fit(model, moons, { loss: "mse" }),
      /shapes must be equal/,
      /cross-entropy/,
    );
  });

  test("an empty dataset", async () => {
    const { model } = setup();
    await assertRefused(
      fit(model, { x: zeros([0, 2]), y: zeros([0]).int() }, { loss: "cross-entropy" }),
      /0 samples/,
    );
  });

  test("a loader that yields no batch", async () => {
    const { moons, model } = setup();
    const loader = new data.DataLoader<Tensor[], Tensor[]>(
      new data.TensorDataset(moons.x, moons.y),
      {
        batchSize: 100,
        dropLast: true,
      },
    );
    await assertRefused(
      fit(model, loader, { loss: "cross-entropy" }),
      /yields no batch/,
      /dropLast/,
    );
  });

  const badOptions: [string, Partial<FitOptions>, RegExp][] = [
    ["clipGradNorm -1", { clipGradNorm: -1 }, /invalid clipGradNorm: -1/],
    ["tolerance -1", { tolerance: -1 }, /invalid tolerance: -1/],
    ["tolerance NaN", { tolerance: NaN }, /invalid tolerance: NaN/],
    ["lr Infinity", { lr: Infinity }, /invalid lr: Infinity/],
    ["epochs 2.5", { epochs: 2.5 }, /epochs must be a non-negative integer/],
    ["batchSize 0", { batchSize: 0 }, /batchSize must be a positive integer/],
    [
      "learningRate typo",
      { learningRate: 0.1 } as Partial<FitOptions>,
      /unknown option 'learningRate'/,
    ],
    ["epoch typo", { epoch: 3 } as Partial<FitOptions>, /did you mean 'epochs'/],
    [
      "momentum 1.5",
      { optimizer: "momentum", optimizerOptions: { momentum: 1.5 } },
      /Invalid momentum value: 1.5/,
    ],
    ["patience 0", { earlyStopping: { patience: 0 } }, /patience must be a positive integer/],
  ];
  for (const [name, options, word] of badOptions) {
    test(`option ${name}`, async () => {
      const { moons, model } = setup();
      await assertRefused(
        fit(model, moons, { loss: "cross-entropy", epochs: 1, ...options }),
        word,
      );
    });
  }

  test("a schedule that returns a negative learning rate", async () => {
    const { moons, model } = setup();
    await assertRefused(
      fit(model, moons, { loss: "cross-entropy", epochs: 3, schedule: (e) => (e < 1 ? 0.1 : -5) }),
      /schedule returned a learning rate of -5 at step 1/,
    );
  });

  test("NaN in the inputs is the data's fault, with its row", async () => {
    const { moons, model } = setup();
    const x = moons.x.clone();
    x.data[2 * 7 + 1] = NaN;
    await assertRefused(
      fit(model, { x, y: moons.y }, { loss: "cross-entropy" }),
      /inputs \(x\)/,
      /row 7/,
      /data's fault/,
    );
  });

  test("Infinity in regression targets, with its row", async () => {
    manualSeed(0);
    const y = tensor([[1], [2], [Infinity], [4]]);
    await assertRefused(
      fit(nn.mlp([1, 1]), { x: zeros([4, 1]), y }, { loss: "mse" }),
      /targets \(y\)/,
      /row 2/,
    );
  });
});

describe("fit stays bounded", () => {
  test("100,000 steps keep at most historyLimit step records, every stepStride-th", async () => {
    manualSeed(0);
    const model = nn.mlp([1, 1]);
    const x = tensor([[1]]);
    const y = tensor([[2]]);
    const history = await fit(
      model,
      { x, y },
      {
        loss: "mse",
        lr: 0.01,
        epochs: 100_000,
        batchSize: 1,
        historyLimit: 1000,
      },
    );
    assert.equal(history.totalSteps, 100_000);
    assert.ok(history.steps.length <= 1000, `${history.steps.length} records`);
    assert.ok(history.steps.length >= 500);
    assert.ok(history.steps.every((r) => r.step % history.stepStride === 0));
    assert.equal(history.stepStride, 128);
    assert.equal(history.steps[0]!.step, 0);
    assert.ok(history.epochs.length <= 1000);
    assert.ok(history.epochs.every((r) => r.epoch % history.epochStride === 0));
    assert.ok(Math.abs(history.epochs.at(-1)!.loss) < 1e-6, "it learned y = 2");
  });
});
