// NaN or ±Infinity in fit()'s data is named by the row and column of the data given to fit(),
// never by a position in a shuffled batch: tensors are checked before training (one
// countNonFinite pass, the rows scanned only when it finds one), other datasets as their batches
// are read, through the batch's sample indices.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ArgumentError,
  data,
  fit,
  manualSeed,
  nn,
  tensor,
  type FitOptions,
  type Tensor,
} from "../../src/index.js";

const ROW = 37;
const COLUMN = 1;

/** `t` (2-D) with `value` at [row, column]. */
function withValue(t: Tensor, row: number, column: number, value: number): Tensor {
  const rows = t.tolist() as number[][];
  rows[row]![column] = value;
  return tensor(rows, { dtype: t.dtype });
}

/** A dataset that is not a TensorDataset, so fit() meets its values only batch by batch. */
function plainDataset(x: Tensor, y: Tensor): data.Dataset<Tensor[]> {
  return {
    length: x.shape[0]!,
    get: (i) => [x.narrow(0, i, 1).squeeze(0), y.narrow(0, i, 1).squeeze(0)],
  };
}

async function message(run: Promise<unknown>): Promise<string> {
  let text = "";
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof ArgumentError, `expected ArgumentError, got ${String(error)}`);
    text = error.message;
    return true;
  });
  return text;
}

const SHUFFLED: FitOptions = { loss: "cross-entropy", batchSize: 8, shuffle: true, seed: 3 };

describe("fit names the data's own row and column of a NaN or Infinity", () => {
  const moons = data.twoMoons(64, { seed: 0 });
  const x = withValue(moons.x, ROW, COLUMN, NaN);

  test("tensors: the row and column of x, checked before any step", async () => {
    manualSeed(0);
    const text = await message(fit(nn.mlp([2, 8, 2]), { x, y: moons.y }, SHUFFLED));
    assert.match(text, /training inputs \(x\) hold NaN in row 37, column 1;/);
    assert.match(text, /data's fault/);
    assert.doesNotMatch(text, /batch/);
  });

  test("tensors with a validation split: still the row of the data given", async () => {
    for (const row of [0, ROW, 63]) {
      manualSeed(0);
      const bad = withValue(moons.x, row, 0, -Infinity);
      const text = await message(
        fit(nn.mlp([2, 8, 2]), { x: bad, y: moons.y }, { ...SHUFFLED, validation: 0.25 }),
      );
      assert.match(text, new RegExp(`hold -Infinity in row ${row}, column 0;`));
    }
  });

  test("a count when there are several, and the first in row order", async () => {
    manualSeed(0);
    const twice = withValue(withValue(x, 50, 0, Infinity), 40, 0, NaN);
    const text = await message(fit(nn.mlp([2, 8, 2]), { x: twice, y: moons.y }, SHUFFLED));
    assert.match(text, /hold NaN in row 37, column 1 \(3 values are NaN or Infinity\)/);
  });

  test("targets, and explicit validation data, are named as such", async () => {
    manualSeed(0);
    const y = tensor([[1], [2], [3], [Infinity], [5], [6]]);
    const xs = tensor([[0], [1], [2], [3], [4], [5]]);
    const regression = { loss: "mse", batchSize: 2, shuffle: true } as const;
    const model = nn.mlp([1, 1]);
    assert.match(
      await message(fit(model, { x: xs, y }, regression)),
      /training targets \(y\) hold Infinity in row 3, column 0;/,
    );
    const clean = tensor([[1], [2], [3], [4], [5], [6]]);
    assert.match(
      await message(fit(model, { x: xs, y: clean }, { ...regression, validation: { x: xs, y } })),
      /validation targets \(y\) hold Infinity in row 3, column 0;/,
    );
  });

  test("inputs of more than two dimensions: the place within the row", async () => {
    manualSeed(0);
    const rows = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 2 }, (_, j) => Array.from({ length: 3 }, (_, k) => i + j + k)),
    );
    rows[4]![1]![2] = NaN;
    const text = await message(
      fit(
        nn.mlp([6, 2]),
        { x: tensor(rows), y: tensor([0, 1, 0, 1, 0, 1], { dtype: "int32" }) },
        SHUFFLED,
      ),
    );
    assert.match(text, /hold NaN in row 4, at \[1, 2\];/);
  });

  test("another dataset: found in its shuffled batch, named by the dataset's row", async () => {
    manualSeed(0);
    const text = await message(fit(nn.mlp([2, 8, 2]), plainDataset(x, moons.y), SHUFFLED));
    assert.match(text, /training inputs \(x\) hold NaN in row 37, column 1 \(read in epoch 0\)/);
    assert.doesNotMatch(text, /batch/);
  });

  test("another dataset with a validation split: the row of the dataset given", async () => {
    const options = { loss: "mse", batchSize: 8, seed: 3, validation: 0.25 } as const;
    // fit splits with randomSplit and the same seed: a row it trains on, far from its position
    const [trained] = data.randomSplit(plainDataset(moons.x, moons.x), [0.75, 0.25], { seed: 3 });
    const row = trained!.indices[5]!;
    assert.notEqual(row, 5);
    manualSeed(0);
    const bad = withValue(moons.x, row, COLUMN, NaN);
    const text = await message(fit(nn.mlp([2, 2]), plainDataset(bad, moons.x), options));
    assert.match(text, new RegExp(`hold NaN in row ${row}, column 1 \\(read in epoch 0\\)`));
  });
});
