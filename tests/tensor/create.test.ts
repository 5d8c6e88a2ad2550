// Creation, read-out, dtype promotion, printing and seeded randomness.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Generator,
  arange,
  eye,
  full,
  linspace,
  manualSeed,
  ones,
  rand,
  randint,
  randn,
  randperm,
  tensor,
  zeros,
  zerosLike,
} from "../../src/index.js";

test("tensor() infers shape and dtype from JS data", () => {
  assert.deepEqual(
    tensor([
      [1, 2],
      [3, 4],
    ]).shape,
    [2, 2],
  );
  assert.equal(tensor([1, 2]).dtype, "float32");
  assert.equal(tensor(new Float64Array([1])).dtype, "float64");
  assert.equal(tensor(new Int32Array([1])).dtype, "int32");
  assert.equal(tensor([true, false]).dtype, "bool");
  assert.deepEqual(tensor(3).shape, []);
  assert.equal(tensor(3).item(), 3);
  assert.deepEqual(
    tensor([
      [1, 2],
      [3, 4],
    ]).toArray(),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.deepEqual(tensor([true, false]).toArray(), [true, false]);
  assert.deepEqual(tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] }).toArray(), [
    [1, 2],
    [3, 4],
  ]);
});

test("toTypedArray is a copy", () => {
  const t = tensor([1, 2]);
  const copy = t.toTypedArray();
  copy[0] = 9;
  assert.equal(t.toArray()[0 as never], 1);
});

test("torch's promotion rules", () => {
  const f32 = ones([2]);
  const f64 = ones([2], { dtype: "float64" });
  const i32 = ones([2], { dtype: "int32" });
  const b = ones([2], { dtype: "bool" });
  assert.equal(f32.add(f64).dtype, "float64");
  assert.equal(i32.add(f32).dtype, "float32");
  assert.equal(i32.add(2).dtype, "int32");
  assert.equal(i32.add(2.5).dtype, "float32");
  assert.equal(i32.div(i32).dtype, "float32");
  assert.equal(b.add(b.int()).dtype, "int32");
  assert.equal(f32.mul(tensor(2, { dtype: "float64" })).dtype, "float32"); // 0-d does not widen
  assert.equal(i32.mul(tensor(2.5, { dtype: "float64" })).dtype, "float64"); // but raises the category
  assert.equal(f32.gt(0).dtype, "bool");
  assert.equal(b.sum().dtype, "int32");
});

test("comparisons convert the scalar to the tensor's dtype first", () => {
  assert.deepEqual(tensor([0.1]).eq(0.1).toArray(), [true]);
});

test("filled tensors, ranges and identity", () => {
  assert.deepEqual(zeros([2, 1]).toArray(), [[0], [0]]);
  assert.deepEqual(full([2], 7, { dtype: "int32" }).toArray(), [7, 7]);
  assert.deepEqual(zerosLike(ones([3], { dtype: "float64" })).dtype, "float64");
  assert.deepEqual(arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(linspace(2, 5, 1).toArray(), [2]);
  assert.deepEqual(eye(2, 3).toArray(), [
    [1, 0, 0],
    [0, 1, 0],
  ]);
});

test("toString prints like PyTorch", () => {
  assert.equal(tensor([1, 2.5]).toString(), "tensor([1.0000, 2.5000])");
  assert.equal(
    tensor([
      [1, 2],
      [3, 4],
    ]).toString(),
    "tensor([[1., 2.],\n        [3., 4.]])",
  );
  assert.equal(tensor([1e-5, 1]).toString(), "tensor([1.0000e-05, 1.0000e+00])");
  assert.equal(tensor([1, 2], { dtype: "float64" }).toString(), "tensor([1., 2.], dtype=float64)");
  assert.equal(
    tensor([1, 2], { requiresGrad: true }).toString(),
    "tensor([1., 2.], requiresGrad=true)",
  );
  assert.equal(tensor([true, false]).toString(), "tensor([ True, False], dtype=bool)");
  assert.equal(tensor(3.5).toString(), "tensor(3.5000)");
  assert.match(zeros([2000]).toString(), /0\., 0\., 0\., \.\.\., 0\., 0\., 0\.\]/);
});

test("seeded draws equal torch.manual_seed(0)'s", () => {
  manualSeed(0);
  // torch.manual_seed(0); torch.randn(3) -> [1.5410, -0.2934, -2.1788]
  const values = randn([3]).toTypedArray();
  [1.5409960746765137, -0.293428897857666, -2.1787893772125244].forEach((v, i) =>
    assert.ok(Math.abs(values[i]! - v) < 1e-6, `randn[${i}] = ${values[i]}, torch ${v}`),
  );
  manualSeed(0);
  // torch.manual_seed(0); torch.rand(3) -> [0.4963, 0.7682, 0.0885]
  const uniform = rand([3]).toTypedArray();
  [0.49625658988952637, 0.7682217955589294, 0.08847743272781372].forEach((v, i) =>
    assert.ok(Math.abs(uniform[i]! - v) < 1e-7, `rand[${i}] = ${uniform[i]}, torch ${v}`),
  );
});

test("generators are independent and reproducible", () => {
  const a = randn([20], { generator: new Generator(7) }).toArray();
  const b = randn([20], { generator: new Generator(7) }).toArray();
  assert.deepEqual(a, b);
  const g = new Generator(1);
  const perm = randperm(50, { generator: g }).toArray() as number[];
  assert.deepEqual(
    [...perm].sort((x, y) => x - y),
    Array.from({ length: 50 }, (_, i) => i),
  );
  const ints = randint(-3, 4, [1000], { generator: g }).toArray() as number[];
  assert.ok(ints.every((v) => v >= -3 && v < 4 && Number.isInteger(v)));
  assert.equal(new Set(ints).size, 7);
});
