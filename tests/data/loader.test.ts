// DataLoader: epochs visit every sample exactly once (property tests, seeded), batch counts,
// shuffling per epoch, batch layout, validation errors.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Generator, manualSeed, rand, tensor, type Tensor } from "../../src/index.js";
import { DataLoader, TensorDataset, type Dataset } from "../../src/data/index.js";

const RUNS = { seed: 4, numRuns: 150 };

/** A dataset of n samples: ids [n] int32 (sample i holds i) and x [n, 2] float32 = [i, 10·i]. */
function numbered(n: number): TensorDataset<[Tensor, Tensor]> {
  const ids = Int32Array.from({ length: n }, (_v, i) => i);
  const x = Float32Array.from({ length: 2 * n }, (_v, k) => (k % 2 === 0 ? k / 2 : 5 * k - 5));
  return new TensorDataset(tensor(ids), tensor(x, { shape: [n, 2] }));
}

/** One epoch: the ids of each batch, checking that x's rows travel with their ids. */
function epoch(loader: DataLoader<[Tensor, Tensor]>): number[][] {
  const batches: number[][] = [];
  for (const [ids, x] of loader) {
    assert.equal(ids.dtype, "int32");
    assert.equal(ids.shape.length, 1);
    assert.deepEqual([...x.shape], [ids.shape[0], 2]);
    const idList = Array.from(ids.data);
    const rows = x.data;
    idList.forEach((id, r) => {
      assert.equal(rows[2 * r], id);
      assert.equal(rows[2 * r + 1], 10 * id);
    });
    batches.push(idList);
  }
  return batches;
}

const sizeArb = fc.integer({ min: 0, max: 200 });
const batchArb = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 250 }));

describe("DataLoader epochs (property tests)", () => {
  test("every sample exactly once; ceil(N/b) batches, floor(N/b) full ones with dropLast", () => {
    fc.assert(
      fc.property(
        sizeArb,
        batchArb,
        fc.boolean(),
        fc.boolean(),
        fc.nat(2 ** 31),
        (n, b, shuffle, dropLast, seed) => {
          const loader = new DataLoader(numbered(n), { batchSize: b, shuffle, dropLast, seed });
          const expected = dropLast ? Math.floor(n / b) : Math.ceil(n / b);
          assert.equal(loader.length, expected);
          for (let e = 0; e < 2; e++) {
            const batches = epoch(loader);
            assert.equal(batches.length, expected);
            batches.forEach((batch, i) => {
              if (dropLast || i < batches.length - 1) assert.equal(batch.length, b);
              else assert.ok(batch.length >= 1 && batch.length <= b);
            });
            const seen = batches.flat();
            const count = dropLast ? Math.floor(n / b) * b : n;
            assert.equal(seen.length, count);
            assert.equal(new Set(seen).size, count, "no sample twice");
            assert.ok(seen.every((id) => Number.isInteger(id) && id >= 0 && id < n));
            if (!shuffle)
              assert.deepEqual(
                seen,
                Array.from({ length: count }, (_v, i) => i),
              );
          }
        },
      ),
      RUNS,
    );
  });

  test("the same seed gives the same orders; each epoch gets a new order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 200 }), batchArb, fc.nat(2 ** 31), (n, b, seed) => {
        const a = new DataLoader(numbered(n), { batchSize: b, shuffle: true, seed });
        const c = new DataLoader(numbered(n), { batchSize: b, shuffle: true, seed });
        const first = epoch(a);
        assert.deepEqual(epoch(c), first);
        const second = epoch(a);
        assert.deepEqual(epoch(c), second);
        assert.notDeepEqual(second.flat(), first.flat(), "a new shuffle in the next epoch");
        assert.equal(a.epoch, 2);
      }),
      { ...RUNS, numRuns: 60 },
    );
  });

  test('batchSize "full" and N give one full batch (GD); 1 gives N batches (SGD)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.boolean(), (n, shuffle) => {
        for (const batchSize of ["full", n] as const) {
          const loader = new DataLoader(numbered(n), { batchSize, shuffle, seed: 1 });
          assert.equal(loader.length, 1);
          const batches = epoch(loader);
          assert.equal(batches.length, 1);
          assert.deepEqual(
            [...batches[0]!].sort((p, q) => p - q),
            Array.from({ length: n }, (_v, i) => i),
          );
        }
        const sgd = new DataLoader(numbered(n), { shuffle, seed: 1 });
        assert.equal(sgd.length, n);
        assert.ok(epoch(sgd).every((batch) => batch.length === 1));
      }),
      { ...RUNS, numRuns: 40 },
    );
  });
});

describe("DataLoader", () => {
  test("an empty dataset has no batches", () => {
    for (const batchSize of [1, 3, "full"] as const) {
      const loader = new DataLoader(numbered(0), { batchSize, shuffle: true, seed: 0 });
      assert.equal(loader.length, 0);
      assert.deepEqual(epoch(loader), []);
    }
  });

  test("batches are gathered with one indexSelect per tensor, batch dim first", () => {
    const x = rand([6, 3, 2]).requiresGrad_();
    const y = tensor([0, 1, 2, 3, 4, 5], { dtype: "int32" });
    const loader = new DataLoader(new TensorDataset(x, y), {
      batchSize: 4,
      shuffle: true,
      seed: 3,
    });
    const [xb, yb] = [...loader][0]!;
    assert.deepEqual([...xb.shape], [4, 3, 2]);
    assert.deepEqual([...yb.shape], [4]);
    assert.equal(xb.gradFn?.name, "indexSelect");
    assert.equal(xb.gradFn.inputs[0], x, "selected straight from the dataset tensor");
    // an unshuffled full batch is the dataset's own tensors
    const [xAll, yAll] = [...new DataLoader(new TensorDataset(x, y), { batchSize: "full" })][0]!;
    assert.equal(xAll, x);
    assert.equal(yAll, y);
  });

  test("a generic dataset: tensors are stacked, other samples listed, collate overrides", () => {
    const tensors: Dataset<Tensor> = {
      length: 5,
      get: (i) => tensor([i, -i]),
    };
    const stacked = [...new DataLoader(tensors, { batchSize: 2 })];
    assert.deepEqual(
      stacked.map((t) => t.toArray()),
      [
        [
          [0, -0],
          [1, -1],
        ],
        [
          [2, -2],
          [3, -3],
        ],
        [[4, -4]],
      ],
    );
    const pairs: Dataset<[Tensor, Tensor]> = {
      length: 3,
      get: (i) => [tensor([i]), tensor(i * 2)],
    };
    const [[a, b]] = [...new DataLoader(pairs, { batchSize: "full" })] as [[Tensor, Tensor]];
    assert.deepEqual(a.toArray(), [[0], [1], [2]]);
    assert.deepEqual(b.toArray(), [0, 2, 4]);
    const words: Dataset<string> = { length: 3, get: (i) => "abc"[i]! };
    assert.deepEqual([...new DataLoader(words, { batchSize: 2 })], [["a", "b"], ["c"]]);
    const joined = new DataLoader(words, { batchSize: 2, collate: (s) => s.join("") });
    assert.deepEqual([...joined], ["ab", "c"]);
  });

  test("batchIndices gives the epoch's index batches", () => {
    const loader = new DataLoader(numbered(7), { batchSize: 3 });
    assert.deepEqual(
      [...loader.batchIndices()].map((b) => Array.from(b)),
      [[0, 1, 2], [3, 4, 5], [6]],
    );
  });

  test("shuffles from its generator, or from the default generator", () => {
    const g = new Generator(5);
    const before = new Generator(5);
    const loader = new DataLoader(numbered(12), { batchSize: 5, shuffle: true, generator: g });
    epoch(loader);
    before.nextUint32();
    before.nextUint32();
    before.permutation(12);
    before.permutation(12);
    assert.equal(g.nextUint32(), before.nextUint32(), "an epoch: 2 draws + randperm(12) twice");
    manualSeed(9);
    const first = epoch(new DataLoader(numbered(12), { batchSize: 5, shuffle: true }));
    manualSeed(9);
    assert.deepEqual(epoch(new DataLoader(numbered(12), { batchSize: 5, shuffle: true })), first);
  });

  test("bad options give clear errors", () => {
    const ds = numbered(4);
    const cases: [unknown, string][] = [
      [0, 'DataLoader: batchSize must be a positive integer or "full", got 0'],
      [-2, 'DataLoader: batchSize must be a positive integer or "full", got -2'],
      [2.5, 'DataLoader: batchSize must be a positive integer or "full", got 2.5'],
      [NaN, 'DataLoader: batchSize must be a positive integer or "full", got NaN'],
      ["all", 'DataLoader: batchSize must be a positive integer or "full", got "all"'],
    ];
    for (const [batchSize, message] of cases) {
      assert.throws(
        () => new DataLoader(ds, { batchSize: batchSize as number }),
        (e: Error) => e.name === "ArgumentError" && e.message === message,
      );
    }
    assert.throws(
      () => new DataLoader(ds, { seed: 1, generator: new Generator(1) }),
      /DataLoader: give either seed or generator, not both/,
    );
    assert.throws(
      () => new DataLoader(ds, { seed: -1 }),
      /DataLoader: seed must be a non-negative/,
    );
    assert.throws(
      () => new DataLoader([1, 2] as unknown as Dataset<number>),
      /DataLoader: expected a dataset/,
    );
  });
});
