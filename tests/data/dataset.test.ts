// TensorDataset, Subset and randomSplit: samples, batches, split sizes, errors.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { arange, Generator, manualSeed, tensor, zeros } from "../../src/index.js";
import {
  DataLoader,
  randomSplit,
  Subset,
  TensorDataset,
  twoMoons,
  type Dataset,
} from "../../src/data/index.js";

const range = (n: number): Dataset<number> => ({ length: n, get: (i) => i });

describe("TensorDataset", () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const y = tensor([0, 1, 0], { dtype: "int32" });
  const ds = new TensorDataset(x, y);

  test("length is the first dim; get(i) is row i of every tensor", () => {
    assert.equal(ds.length, 3);
    const [xi, yi] = ds.get(1);
    assert.deepEqual(xi.toArray(), [3, 4]);
    assert.deepEqual([...yi.shape], []);
    assert.equal(yi.item(), 1);
    assert.deepEqual(ds.get(-1)[0].toArray(), [5, 6], "negative from the end");
  });

  test("getBatch gathers rows in the given order", () => {
    const [xb, yb] = ds.getBatch(Int32Array.from([2, 0, 2]));
    assert.deepEqual(xb.toArray(), [
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    assert.deepEqual(yb.toArray(), [0, 0, 0]);
  });

  test("errors name the shapes and the index", () => {
    assert.throws(
      () => new TensorDataset(zeros([100, 2]), zeros([99]), zeros([100, 1])),
      (e: Error) =>
        e.name === "ShapeError" &&
        e.message ===
          "TensorDataset: the tensors must have the same size in their first dim (the sample dim), got shapes [100, 2], [99], [100, 1]",
    );
    assert.throws(() => new TensorDataset(), /TensorDataset: expected at least one tensor/);
    assert.throws(
      () => new TensorDataset(tensor(1)),
      /TensorDataset: tensor 0 is 0-d \(shape \[\]\); every tensor needs a first dim/,
    );
    assert.throws(
      () => ds.get(3),
      /TensorDataset.get: index 3 is out of range for a dataset of 3 samples \(valid: 0 to 2/,
    );
    assert.throws(() => ds.get(1.5), /TensorDataset.get: index 1.5 is out of range/);
  });
});

describe("Subset", () => {
  test("maps indices into the dataset, in order", () => {
    const sub = new Subset(range(10), [7, 2, 2]);
    assert.equal(sub.length, 3);
    assert.deepEqual([sub.get(0), sub.get(1), sub.get(-3)], [7, 2, 7]);
    assert.deepEqual(sub.getBatch(Int32Array.from([1, 0])), [2, 7]);
  });

  test("a Subset of a TensorDataset gathers from its tensors (one indexSelect each)", () => {
    const x = arange(10, { dtype: "float32" }).reshape([5, 2]).requiresGrad_();
    const sub = new Subset(new TensorDataset(x), [4, 1, 3]);
    const [xb] = sub.getBatch(Int32Array.from([2, 0]));
    assert.deepEqual(xb.toArray(), [
      [6, 7],
      [8, 9],
    ]);
    assert.equal(xb.gradFn?.name, "indexSelect");
    assert.equal(xb.gradFn.inputs[0], x);
    const nested = new Subset(sub, [2]);
    assert.deepEqual(nested.getBatch(Int32Array.from([0]))[0].toArray(), [[6, 7]]);
  });

  test("errors", () => {
    assert.throws(
      () => new Subset(range(4), [0, 4]),
      /Subset: index 4 \(at position 1\) is out of range for a dataset of 4 samples \(valid: 0 to 3\)/,
    );
    assert.throws(() => new Subset(range(4), [0]).get(1), /Subset.get: index 1 is out of range/);
  });
});

describe("randomSplit", () => {
  test("lengths: consecutive slices of one randperm of the generator", () => {
    const parts = randomSplit(range(10), [3, 7], { seed: 42 });
    const perm = Array.from(new Generator(42).permutation(10));
    assert.deepEqual(Array.from(parts[0]!.indices), perm.slice(0, 3));
    assert.deepEqual(Array.from(parts[1]!.indices), perm.slice(3));
  });

  test("fractions: floor(N·f) each, the remainder round-robin (torch's sizes)", () => {
    const sizes = (n: number, f: number[]) =>
      randomSplit(range(n), f, { seed: 0 }).map((s) => s.length);
    assert.deepEqual(sizes(10, [0.8, 0.2]), [8, 2]);
    assert.deepEqual(sizes(5, [0.5, 0.5]), [3, 2]);
    assert.deepEqual(sizes(11, [0.1, 0.2, 0.7]), [2, 2, 7]);
    assert.deepEqual(sizes(7, [1 / 3, 1 / 3, 1 / 3]), [3, 2, 2]);
    assert.deepEqual(sizes(3, [1]), [3]);
    assert.deepEqual(sizes(0, [0.5, 0.5]), [0, 0]);
  });

  test("property: the subsets partition the dataset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.nat(2 ** 31),
        (n, weights, asFractions, seed) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const lengths = asFractions
            ? weights.map((w) => w / total)
            : weights.map((w, i) => (i === 0 ? 0 : Math.floor((n * w) / total)));
          if (!asFractions) lengths[0] = n - lengths.reduce((a, b) => a + b, 0);
          if (asFractions && Math.abs(lengths.reduce((a, b) => a + b, 0) - 1) > 1e-9) return;
          const parts = randomSplit(range(n), lengths, { seed });
          assert.equal(parts.length, lengths.length);
          const all = parts.flatMap((p) => Array.from(p.indices));
          assert.equal(all.length, n);
          assert.equal(new Set(all).size, n);
          if (!asFractions)
            assert.deepEqual(
              parts.map((p) => p.length),
              lengths,
            );
          // deterministic by seed
          const again = randomSplit(range(n), lengths, { seed });
          assert.deepEqual(
            again.map((p) => Array.from(p.indices)),
            parts.map((p) => Array.from(p.indices)),
          );
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  test("without seed or generator it draws from the default generator", () => {
    manualSeed(3);
    const a = randomSplit(range(20), [10, 10]).map((s) => Array.from(s.indices));
    manualSeed(3);
    const b = randomSplit(range(20), [10, 10], { generator: undefined }).map((s) =>
      Array.from(s.indices),
    );
    assert.deepEqual(a, b);
  });

  test("the lecture's pipeline: synthetic set → split → loaders of [x, y] batches", () => {
    const { x, y } = twoMoons(100, { seed: 1 });
    const [train, test] = randomSplit(new TensorDataset(x, y), [0.8, 0.2], { seed: 0 });
    const loader = new DataLoader(train!, { batchSize: 32, shuffle: true, seed: 0 });
    assert.equal(loader.length, 3);
    const sizes: number[] = [];
    for (const [xb, yb] of loader) {
      assert.deepEqual([...xb.shape], [yb.shape[0], 2]);
      assert.equal(yb.dtype, "int32");
      sizes.push(yb.shape[0]!);
    }
    assert.deepEqual(sizes, [32, 32, 16]);
    const [xt, yt] = [...new DataLoader(test!, { batchSize: "full" })][0]!;
    assert.deepEqual([...xt.shape], [20, 2]);
    // the test batch holds exactly the split's rows of x and y
    const rows = Array.from(test!.indices);
    assert.deepEqual(
      Array.from(yt.data),
      rows.map((r) => y.data[r]!),
    );
    assert.deepEqual(
      Array.from(xt.data),
      rows.flatMap((r) => [x.data[2 * r]!, x.data[2 * r + 1]!]),
    );
  });

  test("errors", () => {
    assert.throws(
      () => randomSplit(range(10), [3, 6]),
      /randomSplit: the lengths \[3, 6\] sum to 9 but the dataset has 10 samples/,
    );
    assert.throws(
      () => randomSplit(range(10), [2.5, 7.5]),
      /randomSplit: length 2.5 at position 0 must be a non-negative integer \(or give fractions that sum to 1\)/,
    );
    assert.throws(
      () => randomSplit(range(10), [1.2, -0.2]),
      /randomSplit: fraction 1.2 at position 0 is not between 0 and 1/,
    );
    assert.throws(() => randomSplit(range(10), []), /randomSplit: expected at least one length/);
    assert.throws(
      () => randomSplit(range(10), [5, 5], { seed: 1, generator: new Generator() }),
      /randomSplit: give either seed or generator, not both/,
    );
  });
});
