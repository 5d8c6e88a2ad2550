// The safetensors format: reference bytes, round trips, files written by PyTorch, and a corpus
// of corrupted files that must each be rejected with a clear CheckpointError.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { Tensor, relu, tensor, type DType } from "../../src/index.js";
import {
  CheckpointError,
  compareCodePoints,
  parseSafetensors,
  serializeSafetensors,
} from "../../src/io/safetensors/index.js";
import { assertClose, decodeNumber, type ExpectedValue } from "../helpers.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

interface FixtureTensor {
  dtype: string;
  shape: number[];
  values: ExpectedValue[];
}
interface Fixtures {
  input: number[][];
  output: number[][];
  files: Record<
    string,
    { metadata: Record<string, string> | null; tensors: Record<string, FixtureTensor> }
  >;
}
const fixtures = JSON.parse(readFileSync(join(FIXTURES, "safetensors.json"), "utf8")) as Fixtures;
const fixtureBytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(FIXTURES, name)));

/** What a torch dtype is read into. */
const DESCENT_DTYPE: Record<string, DType> = {
  float32: "float32",
  float64: "float64",
  float16: "float32",
  bfloat16: "float32",
  int64: "int32",
  int32: "int32",
  int16: "int32",
  int8: "int32",
  uint8: "int32",
  bool: "bool",
};

function bitsOf(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
}

function assertSameTensor(actual: Tensor | undefined, expected: Tensor, name = ""): void {
  assert.ok(actual instanceof Tensor, `${name}: missing`);
  assert.equal(actual.dtype, expected.dtype, `${name}: dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${name}: shape`);
  assert.deepEqual(bitsOf(actual), bitsOf(expected), `${name}: bytes`);
}

/** A safetensors file from a header string (not padded unless it is) and a data buffer. */
function file(header: string, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const buffer = typeof data === "number" ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}

function withHeaderLength(n: bigint, rest: Uint8Array | number = 0): Uint8Array {
  const body = typeof rest === "number" ? new Uint8Array(rest) : rest;
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setBigUint64(0, n, true);
  out.set(body, 8);
  return out;
}

function rejects(bytes: Uint8Array, ...patterns: RegExp[]): CheckpointError {
  let error: unknown;
  try {
    parseSafetensors(bytes);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${String(error)}`);
  assert.match(error.message, /^parseSafetensors: /);
  for (const p of patterns) assert.match(error.message, p);
  return error;
}

describe("the reference implementation's bytes", () => {
  // Test vectors of huggingface/safetensors (safetensors/src/tensor.rs, tests).
  test("one F32 tensor", () => {
    const out = serializeSafetensors({ "attn.0": tensor([0, 1, 2, 3, 4, 5]).reshape([1, 2, 3]) });
    // prettier-ignore
    assert.deepEqual([...out], [
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
      116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
      58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
      101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
      0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
  });

  test("padding with spaces to a multiple of 8", () => {
    const out = serializeSafetensors({ attn0: tensor([0, 1, 2, 3, 4, 5]).reshape([1, 1, 2, 3]) });
    assert.equal(new DataView(out.buffer).getBigUint64(0, true), 72n);
    assert.equal(new TextDecoder().decode(out.subarray(8, 80)).trimEnd().length, 65);
    assert.deepEqual([...out.subarray(73, 80)], [32, 32, 32, 32, 32, 32, 32]);
  });

  test("no tensors, with and without metadata", () => {
    assert.deepEqual(
      [...serializeSafetensors({})],
      [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32],
    );
    // prettier-ignore
    assert.deepEqual([...serializeSafetensors({}, { framework: "pt" })], [
      40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
      95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
      116, 34, 125, 125, 32, 32, 32, 32, 32,
    ]);
    assert.deepEqual(parseSafetensors(serializeSafetensors({}, { framework: "pt" })), {
      tensors: {},
      metadata: { framework: "pt" },
    });
  });
});

describe("round trips", () => {
  const all = (): Record<string, Tensor> => ({
    f32: tensor([
      [1.5, -0, NaN],
      [Infinity, -Infinity, 3.4e38],
    ]),
    f64: tensor([Math.PI, -1e-300, 5e-324], { dtype: "float64" }),
    i32: tensor([-2147483648, 2147483647, 0, -1], { dtype: "int32" }),
    bool: tensor([
      [true, false],
      [false, true],
    ]),
    scalar: tensor(2.5),
    scalarF64: tensor(-7, { dtype: "float64" }),
    scalarI32: tensor(-3, { dtype: "int32" }),
    scalarBool: tensor(true),
    empty: tensor([]),
    emptyF64: new Tensor(new Float64Array(0), [2, 0, 3]),
    emptyI32: new Tensor(new Int32Array(0), [0]),
    emptyBool: new Tensor(new Uint8Array(0), [0, 5]),
    "0.weight": tensor([[1, 2, 3]]),
    'with spaces and "quotes"\n': tensor([1]),
    "ünïcödé ✓ 😀": tensor([2], { dtype: "int32" }),
    ["__proto__"]: tensor([3]),
  });

  test("every dtype, 0-d and empty shapes, odd names and metadata", () => {
    const tensors = all();
    const metadata = { format: "pt", note: 'ünï ✓ "q"\n', "": "" };
    const back = parseSafetensors(serializeSafetensors(tensors, metadata));
    assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) assertSameTensor(back.tensors[name], t, name);
    assert.deepEqual(back.metadata, metadata);
    assert.equal(Object.getPrototypeOf(back.tensors), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(back.tensors, "__proto__"));
  });

  test("no metadata reads as {}; the tensors are plain leaves with their own data", () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const bytes = serializeSafetensors({ w });
    const back = parseSafetensors(bytes);
    assert.deepEqual(back.metadata, {});
    const t = back.tensors.w!;
    assert.equal(t.requiresGrad, false);
    assert.notEqual(t.data.buffer, bytes.buffer);
    t.data[0] = 42;
    assert.equal(parseSafetensors(bytes).tensors.w!.data[0], 1);
  });

  test("deterministic: the same bytes whatever the insertion order", () => {
    const tensors = all();
    const reversed = Object.fromEntries(Object.entries(tensors).reverse());
    assert.deepEqual(
      serializeSafetensors(tensors, { b: "2", a: "1" }),
      serializeSafetensors(reversed, { a: "1", b: "2" }),
    );
  });

  test("tensors are ordered by dtype (widest first), then by code point", () => {
    const bytes = serializeSafetensors({
      b: tensor([1]),
      a: tensor([true]),
      "\u{1F600}": tensor([1]),
      "\uFFFD": tensor([1]),
      c: tensor([1], { dtype: "float64" }),
      d: tensor([1], { dtype: "int32" }),
    });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as object;
    assert.deepEqual(Object.keys(header), ["c", "b", "\uFFFD", "\u{1F600}", "d", "a"]);
    assert.ok(compareCodePoints("\uFFFD", "\u{1F600}") < 0);
    assert.ok(compareCodePoints("a", "ab") < 0);
    assert.equal(compareCodePoints("x", "x"), 0);
  });

  test("a view into a bigger buffer, at an odd offset (unaligned data), is read correctly", () => {
    const tensors = all();
    const bytes = serializeSafetensors(tensors);
    for (const offset of [1, 3, 5]) {
      const big = new Uint8Array(bytes.length + 16).fill(0xee);
      big.set(bytes, offset);
      const back = parseSafetensors(big.subarray(offset, offset + bytes.length));
      for (const [name, t] of Object.entries(tensors))
        assertSameTensor(back.tensors[name], t, name);
    }
    // an ArrayBuffer (what fetch gives)
    const copy = bytes.slice();
    assertSameTensor(parseSafetensors(copy.buffer).tensors.f32, tensors.f32!, "ArrayBuffer");
    // a Node Buffer (whose slice() does not copy)
    const back = parseSafetensors(Buffer.from(bytes));
    for (const [name, t] of Object.entries(tensors)) assertSameTensor(back.tensors[name], t, name);
  });

  test("a tensor that is a view of a larger array is written from its own bytes", () => {
    const base = new Float32Array([9, 9, 1, 2, 3, 9]);
    const view = new Tensor(base.subarray(2, 5), [3]);
    const back = parseSafetensors(serializeSafetensors({ view }));
    assert.deepEqual([...back.tensors.view!.data], [1, 2, 3]);
  });

  test("a model's stateDict (torch key names) round-trips", () => {
    const state = {
      "0.weight": tensor([
        [1, 2],
        [3, 4],
      ]),
      "0.bias": tensor([0.5, -0.5]),
      "2.weight": tensor([[1, -1]]),
      "2.bias": tensor([0]),
    };
    const back = parseSafetensors(serializeSafetensors(state)).tensors;
    for (const [k, v] of Object.entries(state)) assertSameTensor(back[k], v, k);
  });
});

describe("writing errors", () => {
  const throwsWith = (fn: () => unknown, pattern: RegExp): void =>
    assert.throws(fn, (e: Error) => e instanceof CheckpointError && pattern.test(e.message));

  test("values that are not tensors, the reserved name, non-string metadata", () => {
    throwsWith(
      () => serializeSafetensors({ w: [1, 2] as unknown as Tensor }),
      /"w" is an array, not a Tensor/,
    );
    throwsWith(
      () => serializeSafetensors({ __metadata__: tensor([1]) }),
      /"__metadata__" is reserved/,
    );
    throwsWith(
      () => serializeSafetensors({}, { epoch: 3 as unknown as string }),
      /metadata value "epoch" is a number \(3\).*JSON.stringify/,
    );
    throwsWith(() => serializeSafetensors(null as unknown as Record<string, Tensor>), /got null/);
  });
});

describe("files written by PyTorch", () => {
  for (const [name, spec] of Object.entries(fixtures.files)) {
    test(`${name}: every value, dtype and shape`, () => {
      const { tensors, metadata } = parseSafetensors(fixtureBytes(name));
      assert.deepEqual(Object.keys(tensors).sort(), Object.keys(spec.tensors).sort());
      assert.deepEqual(metadata, spec.metadata ?? {});
      for (const [key, expected] of Object.entries(spec.tensors)) {
        const t = tensors[key]!;
        assert.equal(t.dtype, DESCENT_DTYPE[expected.dtype], key);
        assert.deepEqual(t.shape, expected.shape, key);
        const values = expected.values.map(decodeNumber);
        assert.equal(t.data.length, values.length);
        values.forEach((v, i) =>
          assert.ok(Object.is(t.data[i], v), `${key}[${i}]: ${t.data[i]} != ${v}`),
        );
      }
    });
  }

  // The files whose dtypes descent writes: descent's bytes for the same tensors are the file's.
  for (const name of [
    "torch_sequential.safetensors",
    "torch_float64.safetensors",
    "torch_mixed.safetensors",
  ]) {
    test(`${name}: descent writes the identical bytes`, () => {
      const spec = fixtures.files[name]!;
      const tensors: Record<string, Tensor> = {};
      for (const [key, t] of Object.entries(spec.tensors)) {
        tensors[key] = tensor(t.values.map(decodeNumber), {
          dtype: DESCENT_DTYPE[t.dtype],
          shape: t.shape,
        });
      }
      const bytes = fixtureBytes(name);
      assert.deepEqual(serializeSafetensors(tensors, spec.metadata ?? undefined), bytes);
      const read = parseSafetensors(bytes);
      assert.deepEqual(
        serializeSafetensors(read.tensors, spec.metadata === null ? undefined : read.metadata),
        bytes,
      );
    });
  }

  test("the Sequential's weights give torch's output", () => {
    const w = parseSafetensors(fixtureBytes("torch_sequential.safetensors")).tensors;
    const x = tensor(fixtures.input);
    const out = relu(x.matmul(w["0.weight"]!.transpose(0, 1)).add(w["0.bias"]!))
      .matmul(w["2.weight"]!.transpose(0, 1))
      .add(w["2.bias"]!);
    assertClose(out, fixtures.output.flat(), { rtol: 1e-5, atol: 1e-6 });
  });
});

describe("corrupted files are rejected with a CheckpointError", () => {
  const F32x6 = '{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}';

  test("header length: too short a file, 0, 1, huge, more than the file", () => {
    rejects(new Uint8Array(0), /has 0 bytes, fewer than the 8 of the header length/);
    rejects(new Uint8Array(5), /has 5 bytes/);
    rejects(withHeaderLength(0n), /header length is 0 bytes; even an empty header/);
    rejects(withHeaderLength(1n, 1), /header length is 1 bytes/);
    rejects(
      withHeaderLength(2n ** 64n - 1n, 100),
      /18446744073709551615 bytes, more than maxHeaderBytes \(100000000\)/,
    );
    rejects(
      withHeaderLength(200_000_000n, 100),
      /more than maxHeaderBytes.*pass a larger maxHeaderBytes/,
    );
    rejects(withHeaderLength(1000n, 92), /header length is 1000 bytes but only 92 bytes follow/);
    assert.throws(
      () => parseSafetensors(file(F32x6, 24), { maxHeaderBytes: 16 }),
      /more than maxHeaderBytes \(16\)/,
    );
    assert.throws(() => parseSafetensors(file(F32x6, 24), { maxHeaderBytes: 0 }), CheckpointError);
    assert.throws(
      () => parseSafetensors("model.safetensors" as unknown as Uint8Array),
      /expected the file's bytes as a Uint8Array or an ArrayBuffer, got a string \("model.safetensors"\)/,
    );
  });

  test("header text: bad UTF-8, bad JSON, not an object", () => {
    rejects(
      file('{"\xff"}').map((b, i) => (i === 10 ? 0xff : b)),
      /not valid UTF-8/,
    );
    rejects(
      file('{"w":1}').map((b, i) => (i === 10 ? 0xc3 : b)),
      /not valid UTF-8/,
    );
    rejects(file('{"w":'), /not valid JSON: expected a value but found the end of the header/);
    rejects(file('{"w" 1}'), /not valid JSON: expected ":" but found "1" at character 5/);
    rejects(file("{} x"), /not valid JSON: unexpected "x" at character 3 after the JSON value/);
    rejects(file("{}\0\0"), /not valid JSON: unexpected "\\u0000"/);
    rejects(file("\uFEFF{}"), /not valid JSON/);
    rejects(file('{"a\nb":1}'), /control character/);
    rejects(file('{"a\\x":1}'), /bad escape/);
    rejects(file('{"a\\u12":1}'), /bad \\u escape/);
    rejects(file("[1, 2]"), /the header is JSON an array of 2, not an object of tensors/);
    rejects(file("null"), /JSON null, not an object/);
    rejects(file(`{"w":${"[".repeat(100_000)}`), /nests deeper than 64 levels/);
  });

  test("duplicate names and fields", () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    rejects(
      file(`{"w":${entry},"w":${entry}}`, 8),
      /tensor "w" appears twice; names must be unique/,
    );
    rejects(file('{"__metadata__":{},"__metadata__":{}}'), /"__metadata__" appears twice/);
    rejects(
      file('{"w":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}', 4),
      /tensor "w" has the key "dtype" twice/,
    );
    rejects(file('{"__metadata__":{"a":"1","a":"2"}}'), /"__metadata__" has the key "a" twice/);
  });

  test("metadata that is not strings", () => {
    rejects(
      file('{"__metadata__":{"epoch":3}}'),
      /"__metadata__" value "epoch" is 3; metadata values must be strings/,
    );
    rejects(
      file('{"__metadata__":[]}'),
      /"__metadata__" must be an object of strings, it is an array of 0/,
    );
  });

  test("dtypes: unknown, unsupported, not a string", () => {
    rejects(
      file('{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}', 16),
      /tensor "w": unknown dtype "F128"; descent reads F32, F64/,
    );
    rejects(
      file('{"w":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}', 4),
      /tensor "w": dtype F8_E4M3 is not supported; descent reads .* Convert the tensor/,
    );
    rejects(
      file('{"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}}', 4),
      /tensor "w": dtype must be a string/,
    );
  });

  test("entries: not an object, missing and unknown fields, bad shapes", () => {
    rejects(
      file('{"w":[1]}'),
      /tensor "w": expected an object \{"dtype", "shape", "data_offsets"\}/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[1]}}', 4),
      /tensor "w": the field "data_offsets" is missing/,
    );
    rejects(file('{"w":{"dtype":"F32"}}', 4), /the fields "shape", "data_offsets" are missing/);
    rejects(
      file('{"w":{"dtype":"F32","shape":[1],"offsets":[0,4],"data_offsets":[0,4]}}', 4),
      /tensor "w": unknown field "offsets"/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":4,"data_offsets":[0,4]}}', 4),
      /shape must be an array of sizes, got 4/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', 4),
      /shape\[0\] is -1; sizes must be non-negative integers/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', 4),
      /shape\[0\] is 1.5/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[1,"2"],"data_offsets":[0,8]}}', 8),
      /shape\[1\] is the string "2"/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,4]}}', 4),
      /shape\[0\] is 18446744073709552000; sizes must be non-negative integers/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[67108864,67108864,67108864],"data_offsets":[0,4]}}', 4),
      /shape \[67108864, 67108864, 67108864\] has more elements than any file can hold/,
    );
  });

  test("data_offsets: malformed, reversed, out of range", () => {
    rejects(
      file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}', 4),
      /data_offsets must be an array \[begin, end\], got an array of 1/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,-4]}}', 4),
      /data_offsets end is -4/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[1],"data_offsets":["0",4]}}', 4),
      /data_offsets begin is the string "0"/,
    );
    rejects(
      file('{"w":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}', 4),
      /data_offsets \[4, 0\] end before they begin/,
    );
    rejects(
      file(F32x6, 20),
      /tensor "w": data_offsets \[0, 24\] run past the end of the data buffer \(20 bytes\)/,
    );
  });

  test("the tensors must tile the buffer: no overlap, no hole, no trailing bytes", () => {
    const two = (a: string, b: string, data: number): Uint8Array =>
      file(
        `{"a":{"dtype":"F32","shape":[2],"data_offsets":${a}},"b":{"dtype":"F32","shape":[2],"data_offsets":${b}}}`,
        data,
      );
    rejects(
      two("[0,8]", "[4,12]", 12),
      /tensor "b" \(data_offsets \[4, 12\]\) overlaps tensor "a" \(\[0, 8\]\)/,
    );
    rejects(two("[0,8]", "[0,8]", 8), /overlaps/);
    rejects(
      two("[0,8]", "[12,20]", 20),
      /bytes 8 to 12 of the data buffer belong to no tensor \(a hole before tensor "b"\)/,
    );
    rejects(two("[4,12]", "[12,20]", 20), /bytes 0 to 4 .* hole before tensor "a"/);
    rejects(
      two("[0,8]", "[8,16]", 20),
      /the data buffer has 20 bytes but the tensors cover only the first 16/,
    );
    rejects(file("{}", 3), /the data buffer has 3 bytes but the tensors cover only the first 0/);
  });

  test("shape × dtype size must equal the byte length", () => {
    rejects(
      file(F32x6.replace("[0,24]", "[0,20]"), 20),
      /tensor "w": shape \[2, 3\] of F32 needs 24 bytes but data_offsets \[0, 20\] hold 20/,
    );
    rejects(file(F32x6.replace("F32", "F64"), 24), /shape \[2, 3\] of F64 needs 48 bytes/);
  });

  test("values that do not fit descent's dtypes", () => {
    const i64 = (values: bigint[], dtype = "I64"): Uint8Array => {
      const data = new Uint8Array(8 * values.length);
      values.forEach((v, i) =>
        new DataView(data.buffer).setBigUint64(8 * i, BigInt.asUintN(64, v), true),
      );
      return file(
        `{"ok":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"n":{"dtype":"${dtype}","shape":[${values.length}],"data_offsets":[0,${data.length}]}}`,
        data,
      );
    };
    assert.deepEqual(
      [...parseSafetensors(i64([-(2n ** 31n), 2n ** 31n - 1n, -1n])).tensors.n!.data],
      [-2147483648, 2147483647, -1],
    );
    rejects(
      i64([1n, 2n ** 31n]),
      /tensor "n": I64 value 2147483648 at index 1 does not fit in int32/,
    );
    rejects(i64([-(2n ** 31n) - 1n]), /I64 value -2147483649 at index 0 does not fit/);
    rejects(i64([2n ** 40n]), /I64 value 1099511627776/);
    assert.deepEqual(
      [...parseSafetensors(i64([0n, 2n ** 31n - 1n], "U64")).tensors.n!.data],
      [0, 2147483647],
    );
    rejects(i64([2n ** 31n], "U64"), /U64 value 2147483648 at index 0/);
    rejects(i64([2n ** 64n - 1n], "U64"), /U64 value 18446744073709551615/);
    const u32 = new Uint8Array(new Uint32Array([7, 2 ** 32 - 1]).buffer);
    rejects(
      file('{"n":{"dtype":"U32","shape":[2],"data_offsets":[0,8]}}', u32),
      /U32 value 4294967295 at index 1/,
    );
    rejects(
      file('{"b":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}}', new Uint8Array([1, 0, 2])),
      /BOOL byte 2 at index 2 is neither 0 nor 1/,
    );
  });

  test("every truncation of the PyTorch files, and every 97th byte of a big one", () => {
    for (const name of Object.keys(fixtures.files)) {
      const bytes = fixtureBytes(name);
      for (let n = 0; n < bytes.length; n++) rejects(bytes.subarray(0, n));
    }
    const big = serializeSafetensors(
      {
        a: tensor(
          Array.from({ length: 5000 }, (_, i) => i),
          { dtype: "float64" },
        ),
        b: tensor(Array.from({ length: 3000 }, (_, i) => i)),
        c: tensor(Array.from({ length: 999 }, (_, i) => i % 2 === 0)),
      },
      { note: "x".repeat(500) },
    );
    let count = 0;
    for (let n = 0; n < big.length; n += 97, count++) rejects(big.subarray(0, n));
    assert.ok(count > 500);
  });

  test("random byte flips: either the same kind of file or a CheckpointError, never a crash", () => {
    const bytes = fixtureBytes("torch_mixed.safetensors");
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    let seed = 12345;
    const random = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    let rejected = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const copy = bytes.slice();
      for (let flips = 1 + random(3); flips > 0; flips--) {
        copy[random(8 + n)] = random(256); // within the length and the header
      }
      try {
        const { tensors } = parseSafetensors(copy);
        for (const t of Object.values(tensors)) assert.ok(t instanceof Tensor);
      } catch (e) {
        assert.ok(e instanceof CheckpointError, `trial ${trial}: ${String(e)}`);
        rejected++;
      }
    }
    assert.ok(rejected > 1000);
  });
});
