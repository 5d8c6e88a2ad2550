/**
 * The reader's validation of the header: the length prefix, the JSON, every tensor's entry, and
 * that the entries tile the data buffer. Nothing here looks at tensor data.
 */
import { formatShape } from "../../errors.js";
import {
  DTYPE_SIZE,
  READABLE,
  READ_DTYPE,
  SAFETENSORS_DTYPES,
  type SafetensorsDType,
} from "./dtypes.js";
import { quote, type Fail } from "./errors.js";
import { describeJson, parseJson, type JsonValue } from "./json.js";

/** One tensor of the header, checked: its bytes are data[begin, end). */
export interface Entry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  numel: number;
  begin: number;
  end: number;
}

export const NOT_SAFETENSORS = "the file is truncated or not a safetensors file";

/** The header's length N (the data buffer starts at 8 + N) and its JSON object. */
export function readHeader(
  bytes: Uint8Array,
  maxHeaderBytes: number,
  fail: Fail,
): { n: number; root: Map<string, JsonValue> } {
  if (bytes.length < 8) {
    fail(
      `the file has ${bytes.length} bytes, fewer than the 8 of the header length: ${NOT_SAFETENSORS}`,
    );
  }
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(maxHeaderBytes)) {
    fail(
      `the header length is ${n64} bytes, more than maxHeaderBytes (${maxHeaderBytes}): ${NOT_SAFETENSORS} ` +
        `(if it is a genuine file with a huge header, pass a larger maxHeaderBytes)`,
    );
  }
  const n = Number(n64);
  if (n < 2) {
    fail(`the header length is ${n} bytes; even an empty header ("{}") has 2: ${NOT_SAFETENSORS}`);
  }
  if (n > bytes.length - 8) {
    fail(
      `the header length is ${n} bytes but only ${bytes.length - 8} bytes follow the 8-byte length: ${NOT_SAFETENSORS}`,
    );
  }
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(8, 8 + n),
    );
  } catch {
    fail(`the header is not valid UTF-8 text: ${NOT_SAFETENSORS}`);
  }
  const root = parseJson(text, (message) =>
    fail(`the header is not valid JSON: ${message}; ${NOT_SAFETENSORS}`),
  );
  if (!(root instanceof Map)) {
    return fail(
      `the header is JSON ${describeJson(root)}, not an object of tensors: ${NOT_SAFETENSORS}`,
    );
  }
  return { n, root };
}

/** The header's tensor entries and `__metadata__` strings, each checked, in the file's order. */
export function readEntries(
  root: Map<string, JsonValue>,
  bufferLength: number,
  fail: Fail,
): { entries: Entry[]; metadata: [string, string][] } {
  const metadata: [string, string][] = [];
  const entries: Entry[] = [];
  for (const [name, value] of root) {
    if (name !== "__metadata__") {
      entries.push(readEntry(name, value, bufferLength, fail));
      continue;
    }
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
  }
  return { entries, metadata };
}

/** The tensors tile the data buffer: no overlap, no hole, nothing after the last one. */
export function checkTiling(entries: readonly Entry[], bufferLength: number, fail: Fail): void {
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const e of byOffset) {
    if (e.begin < covered) {
      fail(
        `tensor ${quote(e.name)} (data_offsets [${e.begin}, ${e.end}]) overlaps tensor ` +
          `${quote(previous!.name)} ([${previous!.begin}, ${previous!.end}]): ${NOT_SAFETENSORS}`,
      );
    }
    if (e.begin > covered) {
      fail(
        `bytes ${covered} to ${e.begin} of the data buffer belong to no tensor (a hole before tensor ` +
          `${quote(e.name)}); the format requires the tensors to cover the buffer exactly: ${NOT_SAFETENSORS}`,
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
}

function readEntry(name: string, value: JsonValue, bufferLength: number, fail: Fail): Entry {
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
  const dtype = readDType(dtypeValue, what, fail);
  const { shape, numel } = readShape(shapeValue, what, fail);
  const [begin, end] = readOffsets(offsetsValue, what, fail);
  const offsets = `data_offsets [${begin}, ${end}]`;
  if (end > bufferLength) {
    fail(
      `${what}: ${offsets} run past the end of the data buffer (${bufferLength} bytes): the file is truncated or corrupted`,
    );
  }
  const bytes = numel * DTYPE_SIZE[dtype];
  if (!Number.isSafeInteger(bytes)) {
    fail(
      `${what}: shape ${formatShape(shape)} has more elements than any file can hold (${offsets} ` +
        `hold ${end - begin} bytes): the header is corrupted`,
    );
  }
  if (bytes !== end - begin) {
    fail(
      `${what}: shape ${formatShape(shape)} of ${dtype} needs ${bytes} bytes but ${offsets} hold ${end - begin}: ` +
        `the header is corrupted`,
    );
  }
  return { name, dtype, shape, numel, begin, end };
}

function readDType(value: JsonValue, what: string, fail: Fail): SafetensorsDType {
  if (typeof value !== "string") {
    return fail(`${what}: dtype must be a string such as "F32", got ${describeJson(value)}`);
  }
  if (!(SAFETENSORS_DTYPES as readonly string[]).includes(value)) {
    return fail(`${what}: unknown dtype ${quote(value)}; descent reads ${READABLE}`);
  }
  const dtype = value as SafetensorsDType;
  if (READ_DTYPE[dtype] === undefined) {
    fail(
      `${what}: dtype ${dtype} is not supported; descent reads ${READABLE}. Convert the tensor ` +
        `before saving it (e.g. t.float() in PyTorch)`,
    );
  }
  return dtype;
}

function readShape(value: JsonValue, what: string, fail: Fail): { shape: number[]; numel: number } {
  if (!Array.isArray(value)) {
    return fail(`${what}: shape must be an array of sizes, got ${describeJson(value)}`);
  }
  const shape: number[] = [];
  let numel = 1;
  for (const [i, d] of value.entries()) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      fail(`${what}: shape[${i}] is ${describeJson(d)}; sizes must be non-negative integers`);
    }
    shape.push(d);
    numel *= d;
  }
  return { shape, numel };
}

/** [begin, end] of data_offsets: non-negative integers, in order. */
function readOffsets(value: JsonValue, what: string, fail: Fail): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    return fail(`${what}: data_offsets must be an array [begin, end], got ${describeJson(value)}`);
  }
  const [begin, end] = value;
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
  if (e < b) fail(`${what}: data_offsets [${b}, ${e}] end before they begin`);
  return [b, e];
}
