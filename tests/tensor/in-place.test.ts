// In-place arithmetic (add_, sub_, mul_, div_, with alpha) computes straight into the tensor's
// storage when it can: the values must be exactly those of the out-of-place op, in every dtype
// and broadcasting case, and the cases it cannot do in place must still convert or refuse.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { noGrad, tensor, type Tensor, type TensorLike } from "../../src/index.js";

type InPlace = "add_" | "sub_" | "mul_" | "div_";

function outOfPlace(t: Tensor, op: InPlace, other: TensorLike, alpha?: number): Tensor {
  const options = alpha === undefined ? undefined : { alpha };
  switch (op) {
    case "add_":
      return t.add(other, options);
    case "sub_":
      return t.sub(other, options);
    case "mul_":
      return t.mul(other);
    case "div_":
      return t.div(other);
  }
}

function inPlace(t: Tensor, op: InPlace, other: TensorLike, alpha?: number): Tensor {
  const options = alpha === undefined ? undefined : { alpha };
  switch (op) {
    case "add_":
      return t.add_(other, options);
    case "sub_":
      return t.sub_(other, options);
    case "mul_":
      return t.mul_(other);
    case "div_":
      return t.div_(other);
  }
}

/** Same values bit for bit (NaN equal to NaN, −0 distinct from 0). */
function assertSameValues(actual: Tensor, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.data.length, expected.length, label);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Object.is(actual.data[i], expected[i]),
      `${label} [${i}]: ${actual.data[i]} vs ${expected[i]}`,
    );
  }
}

describe("in-place arithmetic", () => {
  const values = [0.1, -2.5, 3.75, 1e-7, -0, 123.456, 7, -1 / 3];

  test("equals the out-of-place op exactly: dtypes, scalars, broadcasting, alpha, aliasing", () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const op of ["add_", "sub_", "mul_", "div_"] as const) {
        const alphas = op === "add_" || op === "sub_" ? [undefined, 0.1, -3] : [undefined];
        for (const alpha of alphas) {
          const others: [string, () => TensorLike][] = [
            [
              "same shape",
              () =>
                tensor(
                  values.map((v) => v * 1.7 - 0.3),
                  { dtype, shape: [2, 4] },
                ),
            ],
            ["row", () => tensor([0.5, -1.25, 3, 0.1], { dtype })],
            ["column", () => tensor([[2], [-0.7]], { dtype })],
            ["0-d", () => tensor(0.3, { dtype })],
            ["number", () => 0.1],
            ["other dtype", () => tensor([1, 2, 3, 4], { dtype: "int32" })],
            [
              "other float dtype",
              () =>
                tensor([0.1, 0.2, 0.3, 0.4], {
                  dtype: dtype === "float32" ? "float64" : "float32",
                }),
            ],
          ];
          for (const [name, make] of others) {
            const t = tensor(values, { dtype, shape: [2, 4] });
            const other = make();
            const expected = Array.from(outOfPlace(t, op, other, alpha).to(dtype).data);
            const storage = t.data;
            const result = inPlace(t, op, other, alpha);
            const label = `${dtype} ${op} ${name} alpha=${alpha}`;
            assert.equal(result, t, label);
            assert.equal(t.data, storage, `${label}: same storage`);
            assertSameValues(t, expected, label);
          }
          // aliasing: the other operand is the tensor itself
          const t = tensor(values, { dtype, shape: [2, 4] });
          const expected = Array.from(outOfPlace(t, op, t, alpha).data);
          inPlace(t, op, t, alpha);
          assertSameValues(t, expected, `${dtype} ${op} itself alpha=${alpha}`);
        }
      }
    }
  });

  test("int and bool tensors keep torch's conversions; results that do not fit are refused", () => {
    const i = tensor([1, 2, 3], { dtype: "int32" });
    i.add_(2);
    assert.deepEqual(Array.from(i.data), [3, 4, 5]);
    i.mul_(2);
    assert.deepEqual(Array.from(i.data), [6, 8, 10]);
    // A float result is never truncated into an int tensor (torch: "result type Float can't be
    // cast to the desired output type Long"), nor an int result into a bool one.
    for (const [name, op] of [
      ["mul_", () => i.mul_(2.5)],
      ["div_", () => i.div_(2)],
      ["add_", () => i.add_(tensor([0.5, 0.5, 0.5]))],
      ["clamp_", () => i.clamp_(0.5, 9)],
    ] as const)
      assert.throws(op, new RegExp(`${name}: the result is float32 and can't be cast .* int32`));
    assert.throws(() => tensor([true]).add_(1), /add_: the result is int32 .* bool/);
    assert.deepEqual(Array.from(i.data), [6, 8, 10]);
    i.sub_(tensor([1, 1, 1], { dtype: "int32" }), { alpha: 2 });
    assert.deepEqual(Array.from(i.data), [4, 6, 8]);
    const b = tensor([true, false, true]);
    b.add_(tensor([true, true, false]));
    assert.deepEqual(Array.from(b.data), [1, 1, 1]);
    const small = tensor([1, 2, 3]);
    assert.throws(() => small.add_(tensor([[1], [2]])), /does not fit in place/);
  });

  test("a leaf that requires grad is modified only under noGrad, with the same values", () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const g = tensor([0.5, 0.25, -1]);
    assert.throws(() => w.sub_(g, { alpha: 0.1 }), /noGrad/);
    assert.deepEqual(Array.from(w.data), [1, 2, 3]);
    const expected = Array.from(w.detach().sub(g, { alpha: 0.1 }).data);
    noGrad(() => w.sub_(g, { alpha: 0.1 }));
    assertSameValues(w, expected, "sub_ with alpha under noGrad");
  });
});
