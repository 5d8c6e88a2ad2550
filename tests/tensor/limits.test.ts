// What a tensor can hold: int32 values that overflow are refused as torch refuses them (never a
// silent wrap-around), and sizes beyond a typed array are refused before allocating, naming the
// shape.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ArgumentError,
  arange,
  eye,
  full,
  linspace,
  ones,
  rand,
  randint,
  randn,
  tensor,
  zeros,
} from "../../src/index.js";
import { MAX_ELEMENTS } from "../../src/tensor/limits.js";

/** Asserts an ArgumentError whose message matches every pattern. */
function refuses(run: () => unknown, ...words: RegExp[]): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof ArgumentError, String(err));
    for (const word of words) assert.match(err.message, word);
    return true;
  });
}

const overflow = (op: string, value: string) =>
  new RegExp(`^${op}: value ${value} cannot be converted to int32 without overflow`);

describe("int32 values that do not fit are refused, as in torch", () => {
  test("tensor() from numbers and from a typed array", () => {
    refuses(
      () => tensor([2 ** 31], { dtype: "int32" }),
      overflow("tensor", "2147483648"),
      /float64/,
    );
    refuses(
      () => tensor([1, -(2 ** 31) - 1], { dtype: "int32" }),
      overflow("tensor", "-2147483649"),
    );
    refuses(() => tensor([NaN], { dtype: "int32" }), overflow("tensor", "NaN"));
    refuses(() => tensor(-Infinity, { dtype: "int32" }), overflow("tensor", "-Infinity"));
    refuses(
      () => tensor(new Float64Array([1, 1e10]), { dtype: "int32" }),
      overflow("tensor", "10000000000"),
    );
  });

  test("full, arange and randint", () => {
    refuses(() => full([2], 2 ** 40, { dtype: "int32" }), overflow("full", "1099511627776"));
    refuses(
      () => arange(0, 2 ** 31 + 2, 2 ** 30, { dtype: "int32" }),
      overflow("arange", "2147483648"),
    );
    refuses(() => linspace(0, 1e10, 3, { dtype: "int32" }), overflow("linspace", "10000000000"));
    refuses(() => randint(0, 2 ** 33, [2]), overflow("randint", "8589934591"));
  });

  test("the edges of int32 and fractions (truncated toward zero, as torch does) are kept", () => {
    const t = tensor([-(2 ** 31), 2 ** 31 - 1, 1.9, -2.7, 2 ** 31 - 0.5], { dtype: "int32" });
    assert.deepEqual([...t.data], [-(2 ** 31), 2 ** 31 - 1, 1, -2, 2 ** 31 - 1]);
    assert.deepEqual([...full([1], -(2 ** 31), { dtype: "int32" }).data], [-(2 ** 31)]);
    // float dtypes keep torch's behaviour: 1e39 is Infinity in float32, without an error
    assert.equal(tensor([1e39]).data[0], Infinity);
  });
});

describe("sizes beyond a typed array are refused before allocating, naming the shape", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "zeros",
      () => zeros([1e6, 1e6]),
      /^zeros: shape \[1000000, 1000000\] has 1,000,000,000,000 elements \(3\.6 TB of float32\)/,
    ],
    [
      "ones",
      () => ones([2 ** 20, 2 ** 20], { dtype: "float64" }),
      /^ones: shape \[1048576, 1048576\].*8\.0 TB of float64/,
    ],
    ["full", () => full([2 ** 33], 1), /^full: shape \[8589934592\]/],
    ["rand", () => rand([1e5, 1e5]), /^rand: shape \[100000, 100000\]/],
    ["randn", () => randn([1e5, 1e5]), /^randn: shape \[100000, 100000\]/],
    ["randint", () => randint(0, 2, [1e5, 1e5]), /^randint: shape \[100000, 100000\]/],
    ["eye", () => eye(1e6), /^eye: shape \[1000000, 1000000\]/],
    ["arange", () => arange(1e12), /^arange: shape \[1000000000000\]/],
    ["linspace", () => linspace(0, 1, 1e12), /^linspace: shape \[1000000000000\]/],
  ];
  for (const [op, run, words] of cases)
    test(op, () => {
      const started = performance.now();
      refuses(run, words, /a tensor holds at most 4,294,967,296 elements/, /smaller shape/);
      assert.ok(performance.now() - started < 200, "refused before allocating anything");
    });

  test("results of broadcasting and matmul are checked too, naming the op", () => {
    refuses(
      () => zeros([1e5, 1]).add(zeros([1, 1e5])),
      /^add: shape \[100000, 100000\] has 10,000,000,000 elements/,
    );
    refuses(() => ones([70000, 1]).matmul(ones([1, 70000])), /^matmul: shape \[70000, 70000\]/);
    refuses(() => zeros([1e5, 1]).expand([1e5, 1e5]), /^an op's result: shape \[100000, 100000\]/);
  });

  test("the limit is a typed array's own", () => {
    assert.equal(MAX_ELEMENTS, 2 ** 32);
    assert.throws(() => new Uint8Array(MAX_ELEMENTS + 1), RangeError);
  });
});
