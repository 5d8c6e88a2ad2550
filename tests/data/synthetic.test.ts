// Synthetic datasets: shapes, dtypes, class balance, determinism, exact curves without noise.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultGenerator, manualSeed } from "../../src/index.js";
import {
  blobs,
  circles,
  linearRegression,
  sineRegression,
  spiral,
  twoMoons,
  xor,
  type SyntheticData,
} from "../../src/data/index.js";

const points = (d: SyntheticData) => {
  const x = d.x.data;
  const y = d.y.data;
  return Array.from(y, (label, i) => ({ a: x[2 * i]!, b: x[2 * i + 1]!, label }));
};

const counts = (d: SyntheticData, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (const label of d.y.data) c[label]! += 1;
  return c;
};

const classification: [string, (n: number, seed: number) => SyntheticData, number][] = [
  ["twoMoons", (n, seed) => twoMoons(n, { seed }), 2],
  ["circles", (n, seed) => circles(n, { seed }), 2],
  ["spiral", (n, seed) => spiral(n, { seed }), 2],
  ["spiral 5 classes", (n, seed) => spiral(n, { classes: 5, seed }), 5],
  ["xor", (n, seed) => xor(n, { seed }), 2],
  ["blobs", (n, seed) => blobs(n, { seed }), 3],
  [
    "blobs at given centers",
    (n, seed) =>
      blobs(n, {
        centers: [
          [0, 0],
          [3, 3],
        ],
        seed,
      }),
    2,
  ],
];

describe("classification sets", () => {
  for (const [name, make, k] of classification) {
    test(`${name}: x float32 [N, 2], y int32 [N], balanced, deterministic`, () => {
      for (const n of [0, 1, 7, 101]) {
        const d = make(n, 3);
        assert.equal(d.x.dtype, "float32");
        assert.deepEqual([...d.x.shape], [n, 2]);
        assert.equal(d.y.dtype, "int32");
        assert.deepEqual([...d.y.shape], [n]);
        const c = counts(d, k);
        assert.equal(
          c.reduce((p, q) => p + q, 0),
          n,
        );
        assert.ok(Math.max(...c) - Math.min(...c) <= 1, `balanced: ${c.join(", ")}`);
        assert.ok(d.x.data.every((v) => Number.isFinite(v)));
        const again = make(n, 3);
        assert.deepEqual(Array.from(again.x.data), Array.from(d.x.data));
        assert.deepEqual(Array.from(again.y.data), Array.from(d.y.data));
      }
      assert.notDeepEqual(Array.from(make(50, 1).x.data), Array.from(make(50, 2).x.data));
    });
  }

  test("they never touch the default generator", () => {
    manualSeed(0);
    const before = defaultGenerator.nextUint32();
    manualSeed(0);
    for (const [, make] of classification) make(20, 1);
    linearRegression(20);
    sineRegression(20);
    assert.equal(defaultGenerator.nextUint32(), before);
  });

  test("shuffle interleaves the classes; shuffle: false keeps class order", () => {
    const ordered = twoMoons(10, { shuffle: false, noise: 0 });
    assert.deepEqual(Array.from(ordered.y.data), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const shuffled = twoMoons(10, { noise: 0 });
    assert.notDeepEqual(Array.from(shuffled.y.data), Array.from(ordered.y.data));
  });

  test("noise 0: moons and circles lie exactly on their curves", () => {
    const tol = 1e-6;
    for (const p of points(twoMoons(201, { noise: 0, seed: 5 }))) {
      if (p.label === 0) {
        assert.ok(Math.abs(Math.hypot(p.a, p.b) - 1) < tol);
        assert.ok(p.b >= -tol);
      } else {
        assert.ok(Math.abs(Math.hypot(p.a - 1, p.b - 0.5) - 1) < tol);
        assert.ok(p.b <= 0.5 + tol);
      }
    }
    // the ends of each half circle are included (numpy.linspace over [0, π])
    const moon = points(twoMoons(6, { noise: 0, shuffle: false }));
    assert.deepEqual(
      moon.map((p) => [Math.round(p.a * 1e6) / 1e6, Math.round(p.b * 1e6) / 1e6]),
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, 0.5],
        [1, -0.5],
        [2, 0.5],
      ],
    );
    for (const factor of [0.5, 0.8, 0]) {
      for (const p of points(circles(100, { noise: 0, factor, seed: 2 }))) {
        assert.ok(Math.abs(Math.hypot(p.a, p.b) - (p.label === 0 ? 1 : factor)) < tol);
      }
    }
    for (const p of points(spiral(90, { noise: 0, classes: 3 }))) {
      const r = Math.hypot(p.a, p.b);
      assert.ok(r <= 1 + tol);
      // on arm k: θ = 2πk/3 + 4r with (x, y) = (r sin θ, r cos θ)
      const theta = (2 * Math.PI * p.label) / 3 + 4 * r;
      assert.ok(
        Math.abs(p.a - r * Math.sin(theta)) < tol && Math.abs(p.b - r * Math.cos(theta)) < tol,
      );
    }
  });

  test("noise moves points off the curve by about its size", () => {
    const d = points(circles(2000, { noise: 0.1, factor: 0.5 }));
    const dev = d.map((p) => Math.hypot(p.a, p.b) - (p.label === 0 ? 1 : 0.5));
    const rms = Math.sqrt(dev.reduce((s, v) => s + v * v, 0) / dev.length);
    assert.ok(rms > 0.08 && rms < 0.12, `rms ${rms}`);
  });

  test("xor: class 1 where the signs differ (noise 0), points in [-1, 1]²", () => {
    for (const p of points(xor(400, { noise: 0, seed: 9 }))) {
      assert.equal(p.label, p.a * p.b < 0 ? 1 : 0);
      assert.ok(Math.abs(p.a) <= 1 && Math.abs(p.b) <= 1);
    }
  });

  test("blobs: each class around its center, spread std", () => {
    const centers: [number, number][] = [
      [-5, 0],
      [5, 5],
    ];
    const d = points(blobs(4000, { centers, std: 0.5, seed: 1 }));
    for (const k of [0, 1]) {
      const mine = d.filter((p) => p.label === k);
      const mean = [0, 1].map((j) => mine.reduce((s, p) => s + (j ? p.b : p.a), 0) / mine.length);
      assert.ok(
        Math.abs(mean[0]! - centers[k]![0]) < 0.05 && Math.abs(mean[1]! - centers[k]![1]) < 0.05,
      );
      const variance = mine.reduce((s, p) => s + (p.a - centers[k]![0]) ** 2, 0) / mine.length;
      assert.ok(Math.abs(Math.sqrt(variance) - 0.5) < 0.03);
    }
    const drawn = points(blobs(300, { seed: 4, std: 0 }));
    const distinct = new Set(drawn.map((p) => `${p.a},${p.b}`));
    assert.equal(distinct.size, 3, "std 0: three points");
    assert.ok(
      drawn.every((p) => Math.abs(p.a) <= 10 && Math.abs(p.b) <= 10),
      "centers in the box",
    );
  });

  test("bad options", () => {
    assert.throws(() => twoMoons(-1), /twoMoons: n must be a non-negative integer, got -1/);
    assert.throws(() => twoMoons(2.5), /twoMoons: n must be a non-negative integer, got 2.5/);
    assert.throws(
      () => circles(10, { noise: -0.1 }),
      /circles: noise must be a finite number ≥ 0, got -0.1/,
    );
    assert.throws(() => circles(10, { factor: 1 }), /circles: factor must be in \[0, 1\), got 1/);
    assert.throws(
      () => spiral(10, { classes: 0 }),
      /spiral: classes must be a positive integer, got 0/,
    );
    assert.throws(() => blobs(10, { centers: 0 }), /blobs: centers must be a positive integer/);
    assert.throws(() => blobs(10, { std: NaN }), /blobs: std must be a finite number ≥ 0, got NaN/);
    assert.throws(
      () => xor(10, { seed: -3 }),
      /xor: seed must be a non-negative safe integer, got -3/,
    );
  });
});

describe("regression sets", () => {
  test("linearRegression: x [N, 1] in [-1, 1), y = slope·x + intercept + noise", () => {
    const d = linearRegression(500, { slope: -3, intercept: 0.5, noise: 0, seed: 2 });
    for (const t of [d.x, d.y]) {
      assert.equal(t.dtype, "float32");
      assert.deepEqual([...t.shape], [500, 1]);
    }
    d.x.data.forEach((x, i) => {
      assert.ok(x >= -1 && x < 1);
      assert.ok(Math.abs(d.y.data[i]! - (-3 * x + 0.5)) < 1e-5);
    });
    const noisy = linearRegression(2000, { noise: 0.2, seed: 2 });
    const res = Array.from(noisy.x.data, (x, i) => noisy.y.data[i]! - (2 * x + 1));
    const rms = Math.sqrt(res.reduce((s, v) => s + v * v, 0) / res.length);
    assert.ok(rms > 0.18 && rms < 0.22, `rms ${rms}`);
    assert.deepEqual(
      Array.from(linearRegression(30).y.data),
      Array.from(linearRegression(30).y.data),
    );
  });

  test("sineRegression: x in [-π, π), y = sin x + noise", () => {
    const d = sineRegression(300, { noise: 0, seed: 1 });
    assert.deepEqual([...d.x.shape], [300, 1]);
    assert.deepEqual([...d.y.shape], [300, 1]);
    d.x.data.forEach((x, i) => {
      assert.ok(x >= -Math.PI - 1e-6 && x <= Math.PI + 1e-6);
      assert.ok(Math.abs(d.y.data[i]! - Math.sin(x)) < 1e-6);
    });
    assert.notDeepEqual(
      Array.from(sineRegression(10, { seed: 1 }).y.data),
      Array.from(sineRegression(10, { seed: 2 }).y.data),
    );
  });
});
