/**
 * The writer: tensors → safetensors bytes, the reference implementation's bytes exactly. Tensors
 * are ordered by dtype (widest first, the reference's enum order), then by name; the JSON is
 * compact with `__metadata__` first (its keys sorted) and padded with spaces to a multiple of 8.
 */
import { formatShape } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import type { TypedArray } from "../../tensor/dtype.js";
import {
  DTYPE_SIZE,
  LITTLE_ENDIAN,
  SAFETENSORS_DTYPES,
  WRITE_DTYPE,
  swapBytes,
  type SafetensorsDType,
} from "./dtypes.js";
import { CheckpointError, describeValue, quote } from "./errors.js";
import { viewOf } from "../../autograd/kernels.js";

interface WriteEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: readonly number[];
  data: TypedArray;
}

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
  const entries = checkTensors(tensors, fn);
  const metaEntries = metadata === undefined ? undefined : checkMetadata(metadata, fn);
  entries.sort(
    (a, b) =>
      SAFETENSORS_DTYPES.indexOf(b.dtype) - SAFETENSORS_DTYPES.indexOf(a.dtype) ||
      compareCodePoints(a.name, b.name),
  );
  const { json, dataLength } = headerJson(entries, metaEntries);
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);

  let out: Uint8Array;
  try {
    out = new Uint8Array(8 + headerLength + dataLength);
  } catch (e) {
    throw new CheckpointError(
      `${fn}: the file would be ${8 + headerLength + dataLength} bytes, more than this runtime can allocate; save the tensors in several files`,
      { cause: e },
    );
  }
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let pos = 8 + headerLength;
  for (const e of entries) pos = writeData(e, out, pos);
  return out;
}

/** The entries of `tensors`, in their order, each checked. */
function checkTensors(tensors: Record<string, Tensor>, fn: string): WriteEntry[] {
  if (typeof tensors !== "object" || tensors === null || Array.isArray(tensors)) {
    throw new CheckpointError(
      `${fn}: expected an object of named tensors (e.g. model.stateDict()), got ${describeValue(tensors)}`,
    );
  }
  const entries: WriteEntry[] = [];
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
    const data = viewOf(t);
    if (dtype === undefined || data.length !== sizeOfShape(t.shape)) {
      throw new CheckpointError(
        `${fn}: tensor ${quote(name)} is malformed (dtype ${String(t.dtype)}, ${data.length} values for shape ${formatShape(t.shape)})`,
      );
    }
    entries.push({ name, dtype, shape: t.shape, data });
  }
  return entries;
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

/** The compact UTF-8 JSON header (unpadded) of sorted entries, and the data buffer's length. */
function headerJson(
  entries: readonly WriteEntry[],
  metaEntries: readonly [string, string][] | undefined,
): { json: Uint8Array; dataLength: number } {
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
  return { json: new TextEncoder().encode(`{${parts.join(",")}}`), dataLength: offset };
}

/** Writes one tensor's little-endian bytes at `pos`; returns the position after them. */
function writeData(e: WriteEntry, out: Uint8Array, pos: number): number {
  const size = DTYPE_SIZE[e.dtype];
  const bytes = new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.length * size);
  if (e.dtype === "BOOL") {
    for (let i = 0; i < bytes.length; i++) out[pos + i] = bytes[i]! !== 0 ? 1 : 0;
  } else {
    out.set(bytes, pos);
    if (!LITTLE_ENDIAN) swapBytes(out.subarray(pos, pos + bytes.length), size);
  }
  return pos + bytes.length;
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

function sizeOfShape(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}
