/**
 * The safetensors format (huggingface/safetensors), the weights format PyTorch users share:
 * bytes ↔ tensors. No Node imports: this module runs in the browser too (file IO is ./node.ts).
 *
 * Layout: an 8-byte little-endian u64 N; N bytes of UTF-8 JSON, padded with spaces to a multiple
 * of 8, mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets
 * into the data buffer) plus an optional `"__metadata__"` map of strings; then the data buffer:
 * every tensor in C order, little-endian, back to back, covering the buffer exactly.
 *
 * The writer gives the reference implementation's bytes: tensors ordered by dtype (widest
 * first, the reference's enum order), then by name; compact JSON with `__metadata__` first (its
 * keys sorted); header padded with spaces. The reader validates everything before it builds
 * anything: it returns every tensor or throws a CheckpointError, never a partial result.
 */
import { DescentError, formatShape } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { DType, TypedArray } from "../tensor/dtype.js";

/** A safetensors file or checkpoint that cannot be written or read, with what to do about it. */
export class CheckpointError extends DescentError {
  /** "CheckpointError", so a catch can tell it from other errors. */
  override name = "CheckpointError";
}

/** The reference implementation's limit on the JSON header (100 MB). */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

/** The dtype names of the safetensors format, in the reference's order (increasing alignment). */
export const SAFETENSORS_DTYPES = [
  "BOOL",
  "U8",
  "I8",
  "F8_E5M2",
  "F8_E4M3",
  "I16",
  "U16",
  "F16",
  "BF16",
  "I32",
  "U32",
  "F32",
  "F64",
  "I64",
  "U64",
] as const;

export type SafetensorsDType = (typeof SAFETENSORS_DTYPES)[number];

const DTYPE_SIZE: Record<SafetensorsDType, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** What each descent dtype is written as. */
const WRITE_DTYPE: Record<DType, SafetensorsDType> = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
  bool: "BOOL",
};

/** What each safetensors dtype is read into; integers wider than int32 are range-checked. */
const READ_DTYPE: Partial<Record<SafetensorsDType, DType>> = {
  BOOL: "bool",
  U8: "int32",
  I8: "int32",
  I16: "int32",
  U16: "int32",
  F16: "float32",
  BF16: "float32",
  I32: "int32",
  U32: "int32",
  F32: "float32",
  F64: "float64",
  I64: "int32",
  U64: "int32",
};

const READABLE =
  "F32, F64, I32, BOOL, F16 and BF16 (as float32), I64, U64, U32, I16, U16, I8 and U8 (as int32)";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The tensors and the `__metadata__` strings of a safetensors file. */
export interface SafetensorsContents {
  /** Every tensor of the file, by name. */
  tensors: Record<string, Tensor>;
  /** The `__metadata__` map (empty when the file has none). */
  metadata: Record<string, string>;
}

/** Limits and naming for {@link parseSafetensors}'s checks. */
export interface ParseSafetensorsOptions {
  /** Refuse headers longer than this many bytes (default 100 MB, as the reference). */
  maxHeaderBytes?: number;
  /** A file name or URL to put in error messages. */
  source?: string;
}

// ---- writing ------------------------------------------------------------------------------

/**
 * The safetensors bytes of `tensors` (any dtype, any shape, 0-d and empty included) and optional
 * `metadata` strings. Deterministic: the same tensors give the same bytes as the reference
 * implementation (`safetensors.torch.save_file`).
 */
export function serializeSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const fn = "serializeSafetensors";
  if (typeof tensors !== "object" || tensors === null || Array.isArray(tensors)) {
    throw new CheckpointError(
      `${fn}: expected an object of named tensors (e.g. model.stateDict()), got ${describeValue(tensors)}`,
    );
  }
  const entries: {
    name: string;
    dtype: SafetensorsDType;
    shape: readonly number[];
    data: TypedArray;
  }[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (name === "__metadata__") {
      throw new CheckpointError(
        `${fn}: "__metadata__" is reserved by the format for the metadata strings; rename that tensor`,
      );
    }
    if (!(t instanceof Tensor)) {
      throw new CheckpointError(`${fn}: ${quote(name)} is ${describeValue(t)}, not a Tensor`);
    }
    const dtype = WRITE_DTYPE[t.dtype];
    const data = t.data;
    if (dtype === undefined || data.length !== sizeOfShape(t.shape)) {
      throw new CheckpointError(
        `${fn}: tensor ${quote(name)} is malformed (dtype ${String(t.dtype)}, ${data.length} values for shape ${formatShape(t.shape)})`,
      );
    }
    entries.push({ name, dtype, shape: t.shape, data });
  }
  const metaEntries = metadata === undefined ? undefined : checkMetadata(metadata, fn);

  entries.sort(
    (a, b) =>
      SAFETENSORS_DTYPES.indexOf(b.dtype) - SAFETENSORS_DTYPES.indexOf(a.dtype) ||
      compareCodePoints(a.name, b.name),
  );
  const parts: string[] = [];
  if (metaEntries !== undefined) {
    const fields = metaEntries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    parts.push(`"__metadata__":{${fields.join(",")}}`);
  }
  let offset = 0;
  for (const e of entries) {
    const end = offset + e.data.length * DTYPE_SIZE[e.dtype];
    parts.push(
      `${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":[${e.shape.join(",")}],"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(",")}}`);
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);

  let out: Uint8Array;
  try {
    out = new Uint8Array(8 + headerLength + offset);
  } catch (e) {
    throw new CheckpointError(
      `${fn}: the file would be ${8 + headerLength + offset} bytes, more than this runtime can allocate; save the tensors in several files`,
      { cause: e },
    );
  }
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let pos = 8 + headerLength;
  for (const e of entries) {
    const size = DTYPE_SIZE[e.dtype];
    const bytes = new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.length * size);
    if (e.dtype === "BOOL") {
      for (let i = 0; i < bytes.length; i++) out[pos + i] = bytes[i]! !== 0 ? 1 : 0;
    } else {
      out.set(bytes, pos);
      if (!LITTLE_ENDIAN) swapBytes(out.subarray(pos, pos + bytes.length), size);
    }
    pos += bytes.length;
  }
  return out;
}

function checkMetadata(metadata: unknown, fn: string): [string, string][] {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new CheckpointError(
      `${fn}: metadata must be an object of strings, got ${describeValue(metadata)}`,
    );
  }
  const entries = Object.entries(metadata);
  for (const [k, v] of entries) {
    if (typeof v !== "string") {
      throw new CheckpointError(
        `${fn}: metadata value ${quote(k)} is ${describeValue(v)}; the format stores only strings, so convert it (e.g. with JSON.stringify)`,
      );
    }
  }
  return (entries as [string, string][]).sort((a, b) => compareCodePoints(a[0], b[0]));
}

// ---- reading ------------------------------------------------------------------------------

interface Entry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  numel: number;
  begin: number;
  end: number;
}

/**
 * Reads a safetensors file: every tensor (named as in the file) and the metadata strings. The
 * whole file is validated first; anything wrong throws a CheckpointError that names the problem
 * (and the tensor and field), and no tensor is returned. The tensors own copies of their data.
 */
export function parseSafetensors(
  file: Uint8Array | ArrayBuffer,
  options: ParseSafetensorsOptions = {},
): SafetensorsContents {
  const where =
    options.source === undefined ? "parseSafetensors" : `parseSafetensors (${options.source})`;
  const fail: (message: string) => never = (message) => {
    throw new CheckpointError(`${where}: ${message}`);
  };
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (!Number.isSafeInteger(maxHeaderBytes) || maxHeaderBytes < 2) {
    fail(`maxHeaderBytes must be an integer of at least 2, got ${String(maxHeaderBytes)}`);
  }
  const bytes = file instanceof ArrayBuffer ? new Uint8Array(file) : file;
  if (!(bytes instanceof Uint8Array)) {
    return fail(
      `expected the file's bytes as a Uint8Array or an ArrayBuffer, got ${describeValue(bytes)}`,
    );
  }
  const notSafetensors = "the file is truncated or not a safetensors file";
  if (bytes.length < 8) {
    fail(
      `the file has ${bytes.length} bytes, fewer than the 8 of the header length: ${notSafetensors}`,
    );
  }
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(maxHeaderBytes)) {
    fail(
      `the header length is ${n64} bytes, more than maxHeaderBytes (${maxHeaderBytes}): ${notSafetensors} ` +
        `(if it is a genuine file with a huge header, pass a larger maxHeaderBytes)`,
    );
  }
  const n = Number(n64);
  if (n < 2) {
    fail(`the header length is ${n} bytes; even an empty header ("{}") has 2: ${notSafetensors}`);
  }
  if (n > bytes.length - 8) {
    fail(
      `the header length is ${n} bytes but only ${bytes.length - 8} bytes follow the 8-byte length: ${notSafetensors}`,
    );
  }

  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(8, 8 + n),
    );
  } catch {
    fail(`the header is not valid UTF-8 text: ${notSafetensors}`);
  }
  const root = parseJson(text, (message) =>
    fail(`the header is not valid JSON: ${message}; ${notSafetensors}`),
  );
  if (!(root instanceof Map)) {
    return fail(
      `the header is JSON ${describeJson(root)}, not an object of tensors: ${notSafetensors}`,
    );
  }

  // -- every entry, before looking at any data
  const bufferLength = bytes.length - 8 - n;
  const metadata: [string, string][] = [];
  const entries: Entry[] = [];
  for (const [name, value] of root) {
    if (name === "__metadata__") {
      if (!(value instanceof Map)) {
        return fail(`"__metadata__" must be an object of strings, it is ${describeJson(value)}`);
      }
      for (const [k, v] of value) {
        if (typeof v !== "string") {
          fail(
            `"__metadata__" value ${quote(k)} is ${describeJson(v)}; metadata values must be strings`,
          );
        }
        metadata.push([k, v]);
      }
      continue;
    }
    entries.push(readEntry(name, value, bufferLength, fail));
  }

  // -- the tensors tile the data buffer: no overlap, no hole, nothing after the last one
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const e of byOffset) {
    if (e.begin < covered) {
      fail(
        `tensor ${quote(e.name)} (data_offsets [${e.begin}, ${e.end}]) overlaps tensor ` +
          `${quote(previous!.name)} ([${previous!.begin}, ${previous!.end}]): ${notSafetensors}`,
      );
    }
    if (e.begin > covered) {
      fail(
        `bytes ${covered} to ${e.begin} of the data buffer belong to no tensor (a hole before tensor ` +
          `${quote(e.name)}); the format requires the tensors to cover the buffer exactly: ${notSafetensors}`,
      );
    }
    covered = e.end;
    previous = e;
  }
  if (covered !== bufferLength) {
    fail(
      `the data buffer has ${bufferLength} bytes but the tensors cover only the first ${covered}; ` +
        `the format requires them to cover it exactly (extra bytes at the end, or a tensor missing from the header)`,
    );
  }

  // -- decode (copies: the data of a tensor need not be aligned in the file)
  const dataStart = 8 + n;
  const decoded = entries.map(
    (e) =>
      [
        e.name,
        new Tensor(
          // new Uint8Array(view) copies (Buffer#slice would not)
          decode(e, new Uint8Array(bytes.subarray(dataStart + e.begin, dataStart + e.end)), fail),
          e.shape,
        ),
      ] as const,
  );
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of decoded) define(tensors, name, t);
  const meta: Record<string, string> = {};
  for (const [k, v] of metadata) define(meta, k, v);
  return { tensors, metadata: meta };
}

function readEntry(
  name: string,
  value: JsonValue,
  bufferLength: number,
  fail: (message: string) => never,
): Entry {
  const what = `tensor ${quote(name)}`;
  if (!(value instanceof Map)) {
    return fail(
      `${what}: expected an object {"dtype", "shape", "data_offsets"}, got ${describeJson(value)}`,
    );
  }
  for (const key of value.keys()) {
    if (key !== "dtype" && key !== "shape" && key !== "data_offsets") {
      fail(
        `${what}: unknown field ${quote(key)} (a tensor has only "dtype", "shape" and "data_offsets")`,
      );
    }
  }
  const dtypeValue = value.get("dtype");
  const shapeValue = value.get("shape");
  const offsetsValue = value.get("data_offsets");
  if (dtypeValue === undefined || shapeValue === undefined || offsetsValue === undefined) {
    const missing = ["dtype", "shape", "data_offsets"].filter((k) => !value.has(k));
    return fail(
      `${what}: the field${missing.length > 1 ? "s" : ""} ${missing.map(quote).join(", ")} ${missing.length > 1 ? "are" : "is"} missing`,
    );
  }
  if (typeof dtypeValue !== "string") {
    return fail(`${what}: dtype must be a string such as "F32", got ${describeJson(dtypeValue)}`);
  }
  if (!(SAFETENSORS_DTYPES as readonly string[]).includes(dtypeValue)) {
    return fail(`${what}: unknown dtype ${quote(dtypeValue)}; descent reads ${READABLE}`);
  }
  const dtype = dtypeValue as SafetensorsDType;
  if (READ_DTYPE[dtype] === undefined) {
    fail(
      `${what}: dtype ${dtype} is not supported; descent reads ${READABLE}. Convert the tensor ` +
        `before saving it (e.g. t.float() in PyTorch)`,
    );
  }
  if (!Array.isArray(shapeValue)) {
    return fail(`${what}: shape must be an array of sizes, got ${describeJson(shapeValue)}`);
  }
  const shape: number[] = [];
  let numel = 1;
  for (const [i, d] of shapeValue.entries()) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      fail(`${what}: shape[${i}] is ${describeJson(d)}; sizes must be non-negative integers`);
    }
    shape.push(d);
    numel *= d;
  }
  if (!Array.isArray(offsetsValue) || offsetsValue.length !== 2) {
    return fail(
      `${what}: data_offsets must be an array [begin, end], got ${describeJson(offsetsValue)}`,
    );
  }
  const [begin, end] = offsetsValue;
  for (const [field, v] of [
    ["begin", begin],
    ["end", end],
  ] as const) {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      fail(
        `${what}: data_offsets ${field} is ${describeJson(v!)}; offsets must be non-negative integers`,
      );
    }
  }
  const b = begin as number;
  const e = end as number;
  const offsets = `data_offsets [${b}, ${e}]`;
  if (e < b) fail(`${what}: ${offsets} end before they begin`);
  if (e > bufferLength) {
    fail(
      `${what}: ${offsets} run past the end of the data buffer (${bufferLength} bytes): the file is truncated or corrupted`,
    );
  }
  const bytes = numel * DTYPE_SIZE[dtype];
  if (!Number.isSafeInteger(bytes)) {
    fail(
      `${what}: shape ${formatShape(shape)} has more elements than any file can hold (${offsets} ` +
        `hold ${e - b} bytes): the header is corrupted`,
    );
  }
  if (bytes !== e - b) {
    fail(
      `${what}: shape ${formatShape(shape)} of ${dtype} needs ${bytes} bytes but ${offsets} hold ${e - b}: ` +
        `the header is corrupted`,
    );
  }
  return { name, dtype, shape, numel, begin: b, end: e };
}

/** The values of one tensor from its own (aligned) copy of its bytes. */
function decode(e: Entry, raw: Uint8Array, fail: (message: string) => never): TypedArray {
  const size = DTYPE_SIZE[e.dtype];
  if (!LITTLE_ENDIAN && size > 1) swapBytes(raw, size);
  const buffer = raw.buffer;
  const n = e.numel;
  const tooWide = (i: number, value: bigint | number): never =>
    fail(
      `tensor ${quote(e.name)}: ${e.dtype} value ${value} at index ${i} does not fit in int32, ` +
        `descent's integer dtype (-2147483648 to 2147483647); convert the tensor before saving it ` +
        `(e.g. t.double() or t.int() in PyTorch)`,
    );
  switch (e.dtype) {
    case "F32":
      return new Float32Array(buffer, 0, n);
    case "F64":
      return new Float64Array(buffer, 0, n);
    case "I32":
      return new Int32Array(buffer, 0, n);
    case "BOOL": {
      for (let i = 0; i < n; i++) {
        if (raw[i]! > 1) {
          fail(
            `tensor ${quote(e.name)}: BOOL byte ${raw[i]} at index ${i} is neither 0 nor 1: the file is corrupted`,
          );
        }
      }
      return raw;
    }
    case "U8":
      return new Int32Array(raw);
    case "I8":
      return new Int32Array(new Int8Array(buffer, 0, n));
    case "I16":
      return new Int32Array(new Int16Array(buffer, 0, n));
    case "U16":
      return new Int32Array(new Uint16Array(buffer, 0, n));
    case "U32": {
      const u = new Uint32Array(buffer, 0, n);
      for (let i = 0; i < n; i++) if (u[i]! > 0x7fffffff) tooWide(i, u[i]!);
      return new Int32Array(buffer, 0, n);
    }
    case "I64":
    case "U64": {
      const words = new Int32Array(buffer, 0, 2 * n);
      const out = new Int32Array(n);
      const signed = e.dtype === "I64";
      for (let i = 0; i < n; i++) {
        const lo = words[2 * i]!;
        const hi = words[2 * i + 1]!;
        if (signed ? hi !== lo >> 31 : hi !== 0 || lo < 0) {
          const view = new DataView(buffer, 8 * i, 8);
          tooWide(i, signed ? view.getBigInt64(0, true) : view.getBigUint64(0, true));
        }
        out[i] = lo;
      }
      return out;
    }
    case "F16": {
      const h = new Uint16Array(buffer, 0, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToNumber(h[i]!);
      return out;
    }
    case "BF16": {
      const h = new Uint16Array(buffer, 0, n);
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = h[i]! << 16;
      return out;
    }
    default:
      return fail(`tensor ${quote(e.name)}: dtype ${e.dtype} is not supported`);
  }
}

/** IEEE 754 binary16 → number (exact). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

// ---- a strict JSON parser: objects keep their order and reject duplicate keys ----------------

type JsonValue = null | boolean | number | string | JsonValue[] | Map<string, JsonValue>;

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** JSON.parse, but duplicate keys are an error (JSON.parse silently keeps the last one). */
function parseJson(text: string, fail: (message: string) => never): JsonValue {
  let i = 0;
  const here = (): string =>
    i < text.length ? `${JSON.stringify(text[i])} at character ${i}` : "the end of the header";
  const unexpected = (expected: string): never => fail(`expected ${expected} but found ${here()}`);
  const skipSpace = (): void => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
  };
  const parseString = (): string => {
    i++; // the opening quote
    let out = "";
    let start = i;
    for (;;) {
      if (i >= text.length) return fail("a string is not terminated");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i++);
        return out;
      }
      if (c < 0x20) return fail(`a control character (code ${c}) at character ${i} is not escaped`);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      const escape = text[i + 1];
      if (escape === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`a bad \\u escape at character ${i}`);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = escape === undefined ? undefined : ESCAPES[escape];
        if (decoded === undefined) fail(`a bad escape at character ${i}`);
        out += decoded;
        i += 2;
      }
      start = i;
    }
  };
  const parseValue = (depth: number, path: string): JsonValue => {
    skipSpace();
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) fail(`it nests deeper than ${MAX_DEPTH} levels`);
      i++;
      skipSpace();
      if (c === "[") {
        const array: JsonValue[] = [];
        if (text[i] === "]") {
          i++;
          return array;
        }
        for (;;) {
          array.push(parseValue(depth + 1, `${path}[${array.length}]`));
          skipSpace();
          if (text[i] === ",") i++;
          else if (text[i] === "]") {
            i++;
            return array;
          } else unexpected('"," or "]"');
        }
      }
      const object = new Map<string, JsonValue>();
      if (text[i] === "}") {
        i++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') unexpected("a key in quotes");
        const key = parseString();
        if (object.has(key)) {
          if (depth === 0) {
            fail(
              key === "__metadata__"
                ? `"__metadata__" appears twice`
                : `tensor ${quote(key)} appears twice; names must be unique`,
            );
          }
          fail(`${path} has the key ${quote(key)} twice`);
        }
        skipSpace();
        if (text[i] !== ":") unexpected('":"');
        i++;
        const child =
          depth === 0
            ? key === "__metadata__"
              ? '"__metadata__"'
              : `tensor ${quote(key)}`
            : `${path}.${key}`;
        object.set(key, parseValue(depth + 1, child));
        skipSpace();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return object;
        } else unexpected('"," or "}"');
      }
    }
    if (c === '"') return parseString();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match === null) return unexpected("a value");
    i += match[0].length;
    return Number(match[0]);
  };
  const value = parseValue(0, "the header");
  skipSpace();
  if (i < text.length) fail(`unexpected ${here()} after the JSON value`);
  return value;
}

// ---- helpers ------------------------------------------------------------------------------

/** Sets a property even when the name is "__proto__" (never the prototype). */
function define<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Orders strings by code point, like the reference (Rust's byte order of UTF-8) and Python. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // UTF-16 order is code point order except that surrogates (astral code points) must come
      // after U+E000..U+FFFF.
      const fx = x >= 0xd800 ? (x < 0xe000 ? x + 0x2000 : x - 0x800) : x;
      const fy = y >= 0xd800 ? (y < 0xe000 ? y + 0x2000 : y - 0x800) : y;
      return fx - fy;
    }
  }
  return a.length - b.length;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

function sizeOfShape(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

function quote(name: string): string {
  return JSON.stringify(name);
}

function describeJson(value: JsonValue): string {
  if (value instanceof Map) return "an object";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string")
    return `the string ${quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return String(value);
}

/** A short description of any JS value for messages: `a number (3)`, `an array`, `null`... */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Tensor) return "a Tensor";
  switch (typeof value) {
    case "number":
    case "bigint":
    case "boolean":
      return `${typeof value === "bigint" ? "a bigint" : `a ${typeof value}`} (${String(value)})`;
    case "string":
      return `a string (${quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default: {
      const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof ctor !== "string" || ctor === "Object" || ctor === "") return "an object";
      return `${/^[AEIOU]/.test(ctor) ? "an" : "a"} ${ctor}`;
    }
  }
}
