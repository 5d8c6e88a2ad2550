// Every user mistake gets an error that names the op, the shapes or the argument, and the fix.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  arange,
  cat,
  gather,
  oneHot,
  randn,
  tensor,
  zeros,
  type DType,
} from "../../src/index.js";

function throwsWith(
  fn: () => unknown,
  kind: new (...args: never[]) => Error,
  ...patterns: RegExp[]
): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof kind, `expected ${kind.name}, got ${e.constructor.name}: ${e.message}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

test("matmul names both shapes and the inner dimensions", () => {
  throwsWith(
    () => zeros([3, 5]).matmul(zeros([4, 2])),
    ShapeError,
    /^matmul: cannot multiply \[3, 5\] by \[4, 2\]: inner dimensions 5 and 4 differ$/,
  );
  throwsWith(
    () => zeros([2, 2, 3]).matmul(zeros([3, 3, 2])),
    ShapeError,
    /batch/,
    /\[2\]/,
    /\[3\]/,
  );
  throwsWith(() => zeros([]).matmul(zeros([2])), ShapeError, /at least 1 dimension/);
});

test("broadcasting errors name the op, both shapes and the dimension", () => {
  throwsWith(
    () => zeros([2, 3]).add(zeros([4])),
    ShapeError,
    /^add: shapes \[2, 3\] and \[4\]/,
    /dimension -1/,
  );
  throwsWith(() => zeros([2, 3]).mul(zeros([2, 2])), ShapeError, /^mul:/);
});

test("reshape and expand say what does not fit", () => {
  throwsWith(() => zeros([2, 3]).reshape([4, 2]), ShapeError, /\[2, 3\]/, /\[4, 2\]/, /6 elements/);
  throwsWith(() => zeros([2, 3]).reshape([-1, -1]), ShapeError, /at most one -1/);
  throwsWith(() => zeros([2, 3]).expand([4, 3]), ShapeError, /dimension 0 is 2/);
});

test("dims and indices out of range", () => {
  throwsWith(() => zeros([2, 3]).sum(2), ArgumentError, /^sum: dim 2 is out of range/, /\[-2, 1\]/);
  throwsWith(() => zeros([2, 3]).transpose(0, 5), ArgumentError, /transpose/);
  throwsWith(
    () => gather(zeros([2, 3]), 1, tensor([[0, 3]], { dtype: "int32" })),
    ArgumentError,
    /index 3 is out of range/,
    /size 3/,
  );
  throwsWith(
    () => zeros([4]).indexSelect(0, tensor([-1], { dtype: "int32" })),
    ArgumentError,
    /index -1/,
  );
  throwsWith(() => oneHot(tensor([0, 5], { dtype: "int32" }), 3), ArgumentError, /oneHot/);
  throwsWith(() => zeros([3]).narrow(0, 2, 2), ArgumentError, /narrow/, /size 3/);
  throwsWith(() => tensor([1, 2]).item(), ArgumentError, /one element/, /\[2\]/);
});

test("index tensors must be int32", () => {
  throwsWith(
    () => gather(zeros([2, 3]), 1, tensor([[0, 1]])),
    DTypeError,
    /int32/,
    /to\("int32"\)/,
  );
});

test("unknown dtypes are named", () => {
  throwsWith(
    () => zeros([2], { dtype: "float16" as DType }),
    DTypeError,
    /unknown dtype "float16"/,
    /float32/,
  );
});

test("cat explains which tensor does not fit", () => {
  throwsWith(() => cat([zeros([2, 3]), zeros([2, 4])], 0), ShapeError, /tensor 1/, /\[2, 4\]/);
  throwsWith(() => cat([]), ArgumentError, /non-empty/);
});

test("creation checks its arguments", () => {
  throwsWith(() => zeros([2, -1]), ArgumentError, /non-negative/);
  throwsWith(() => tensor([[1, 2], [3]]), ArgumentError, /rectangular/);
  throwsWith(() => arange(0, 1, 0), ArgumentError, /step/);
  throwsWith(() => randn([2], { dtype: "int32" }), ArgumentError, /float32 or float64/);
  throwsWith(() => tensor(new Float32Array(5), { shape: [2, 2] }), ArgumentError, /5 values/);
});

test("where wants a bool condition", () => {
  throwsWith(() => zeros([2]).where(zeros([2]), 1), ArgumentError, /bool/, /gt\(0\)/);
});

test("no silent NaN from a bad scalar argument", () => {
  throwsWith(() => zeros([2]).add([1, 2] as unknown as number), DTypeError, /tensor\(/);
});
