/**
 * The reader: safetensors bytes → tensors. The whole file is validated first (./header.ts); it
 * returns every tensor or throws a CheckpointError, never a partial result.
 */
import { Tensor } from "../../tensor/tensor.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { DTYPE_SIZE, LITTLE_ENDIAN, halfToNumber, swapBytes } from "./dtypes.js";
import { CheckpointError, describeValue, quote, type Fail } from "./errors.js";
import { checkTiling, readEntries, readHeader, type Entry } from "./header.js";

/** The reference implementation's limit on the JSON header (100 MB). */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

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
  const fail: Fail = (message) => {
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
  const { n, root } = readHeader(bytes, maxHeaderBytes, fail);
  const bufferLength = bytes.length - 8 - n;
  const { entries, metadata } = readEntries(root, bufferLength, fail);
  checkTiling(entries, bufferLength, fail);

  // Decode copies: the data of a tensor need not be aligned in the file.
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

/** The values of one tensor from its own (aligned) copy of its bytes. */
function decode(e: Entry, raw: Uint8Array, fail: Fail): TypedArray {
  const size = DTYPE_SIZE[e.dtype];
  if (!LITTLE_ENDIAN && size > 1) swapBytes(raw, size);
  const buffer = raw.buffer;
  const n = e.numel;
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
      for (let i = 0; i < n; i++) if (u[i]! > 0x7fffffff) tooWide(e, i, u[i]!, fail);
      return new Int32Array(buffer, 0, n);
    }
    case "I64":
    case "U64":
      return decodeInt64(e, buffer, fail);
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

/** I64 or U64 values as int32, each range-checked. */
function decodeInt64(e: Entry, buffer: ArrayBufferLike, fail: Fail): Int32Array {
  const n = e.numel;
  const words = new Int32Array(buffer, 0, 2 * n);
  const out = new Int32Array(n);
  const signed = e.dtype === "I64";
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    if (signed ? hi !== lo >> 31 : hi !== 0 || lo < 0) {
      const view = new DataView(buffer, 8 * i, 8);
      tooWide(e, i, signed ? view.getBigInt64(0, true) : view.getBigUint64(0, true), fail);
    }
    out[i] = lo;
  }
  return out;
}

function tooWide(e: Entry, i: number, value: bigint | number, fail: Fail): never {
  return fail(
    `tensor ${quote(e.name)}: ${e.dtype} value ${value} at index ${i} does not fit in int32, ` +
      `descent's integer dtype (-2147483648 to 2147483647); convert the tensor before saving it ` +
      `(e.g. t.double() or t.int() in PyTorch)`,
  );
}

/** Sets a property even when the name is "__proto__" (never the prototype). */
function define<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
