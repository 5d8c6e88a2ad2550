// DataLoader shuffles, randomSplit and the synthetic sets' documented draws against torch 1.13
// (tests/fixtures/data.json, written by tests/fixtures/generate_data.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  defaultGenerator,
  manualSeed,
  Generator,
  rand,
  tensor,
  type Tensor,
} from "../../src/index.js";
import {
  blobs,
  DataLoader,
  linearRegression,
  randomSplit,
  TensorDataset,
  twoMoons,
  type Dataset,
} from "../../src/data/index.js";
import { assertClose } from "../helpers.js";

interface LoaderCase {
  n: number;
  batch_size: number;
  drop_last: boolean;
  seed: number;
  epochs: number[][][];
  after: number[];
}
interface DefaultLoaderCase {
  n: number;
  batch_size: number;
  shuffle: boolean;
  seed: number;
  epochs: number[][][];
  after: number[];
}
interface SplitCase {
  n: number;
  lengths: number[];
  seed: number | null;
  subsets: number[][];
}
interface SyntheticCase {
  options: Record<string, number>;
  x: number[][] | number[];
  y: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8"),
) as {
  torch_version: string;
  loaders: LoaderCase[];
  default_loaders: DefaultLoaderCase[];
  splits: SplitCase[];
  synthetic: Record<string, SyntheticCase>;
};

const ids = (n: number) => new TensorDataset(tensor(Int32Array.from({ length: n }, (_v, i) => i)));
const epochs = (loader: DataLoader<[Tensor]>, count: number) =>
  Array.from({ length: count }, () => [...loader].map(([b]) => Array.from(b.data)));

describe(`DataLoader order = torch ${fixture.torch_version}`, () => {
  for (const c of fixture.loaders) {
    test(`seed ${c.seed}: N ${c.n}, batch ${c.batch_size}${c.drop_last ? ", dropLast" : ""}`, () => {
      const generator = new Generator(c.seed);
      const loader = new DataLoader(ids(c.n), {
        batchSize: c.batch_size,
        shuffle: true,
        dropLast: c.drop_last,
        generator,
      });
      assert.deepEqual(epochs(loader, c.epochs.length), c.epochs);
      assertClose(rand([3], { generator }), c.after, { rtol: 0, atol: 0 }, "generator state after");
      // seed: s is the same as generator: new Generator(s)
      const seeded = new DataLoader(ids(c.n), {
        batchSize: c.batch_size,
        shuffle: true,
        dropLast: c.drop_last,
        seed: c.seed,
      });
      assert.deepEqual(epochs(seeded, c.epochs.length), c.epochs);
    });
  }
  for (const c of fixture.default_loaders) {
    test(`default generator after manualSeed(${c.seed}), shuffle ${c.shuffle}`, () => {
      manualSeed(c.seed);
      const loader = new DataLoader(ids(c.n), { batchSize: c.batch_size, shuffle: c.shuffle });
      assert.deepEqual(epochs(loader, c.epochs.length), c.epochs);
      assertClose(rand([3]), c.after, { rtol: 0, atol: 0 }, "default generator state after");
    });
  }
});

describe("randomSplit = torch.utils.data.random_split", () => {
  for (const c of fixture.splits) {
    test(`N ${c.n}, lengths [${c.lengths.join(", ")}], seed ${c.seed}`, () => {
      const range: Dataset<number> = { length: c.n, get: (i) => i };
      let parts;
      if (c.seed === null) {
        manualSeed(5);
        parts = randomSplit(range, c.lengths);
      } else {
        parts = randomSplit(range, c.lengths, { seed: c.seed });
      }
      assert.deepEqual(
        parts.map((p) => Array.from(p.indices)),
        c.subsets,
      );
    });
  }
  test("the default generator is left where torch leaves it", () => {
    manualSeed(5);
    randomSplit({ length: 8, get: (i) => i }, [4, 4]);
    const mine = defaultGenerator.nextUint32();
    const g = new Generator(5);
    g.permutation(8);
    assert.equal(mine, g.nextUint32());
  });
});

describe("synthetic sets: the documented draws are torch's", () => {
  const check = (
    name: string,
    data: { x: { data: ArrayLike<number> }; y: { data: ArrayLike<number> } },
    c: SyntheticCase,
  ) => {
    // float32 values computed in float64 by numpy/torch and by JS: equal up to a last-bit rounding
    assertClose(
      Array.from(data.x.data),
      (c.x as number[][]).flat(),
      { rtol: 1e-6, atol: 1e-7 },
      `${name} x`,
    );
    assertClose(Array.from(data.y.data), c.y.flat(), { rtol: 1e-6, atol: 1e-7 }, `${name} y`);
  };
  for (const key of ["twoMoons", "twoMoons_large"]) {
    test(key, () => {
      const c = fixture.synthetic[key]!;
      const n = c.y.length;
      check(key, twoMoons(n, { noise: c.options.noise!, seed: c.options.seed! }), c);
    });
  }
  test("blobs", () => {
    const c = fixture.synthetic.blobs!;
    const { centers, std, seed } = c.options;
    check("blobs", blobs(c.y.length, { centers: centers!, std: std!, seed: seed! }), c);
  });
  test("linearRegression", () => {
    const c = fixture.synthetic.linearRegression!;
    check("linearRegression", linearRegression(c.y.length, { ...c.options }), c);
  });
});
