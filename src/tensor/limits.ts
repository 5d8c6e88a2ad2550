/**
 * What a tensor can hold, checked when it is created: a size a typed array can have (before any
 * allocation, naming the shape), and integer values that fit the dtype (torch's overflow error
 * instead of a silent wrap-around).
 */
import { ArgumentError, formatShape } from "../errors.js";
import type { DType } from "./dtype.js";

/**
 * The most elements one tensor may have: 2³², the largest typed array V8 (Node, Chrome) makes.
 * A tensor below it can still fail to allocate when memory runs out; that is reported too.
 */
export const MAX_ELEMENTS = 2 ** 32;

const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Throws, before allocating, when `shape` holds more elements than a typed array can. */
export function checkStorage(op: string, shape: readonly number[], dtype: DType): void {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > MAX_ELEMENTS) {
    throw new ArgumentError(
      `${op}: shape ${formatShape(shape)} has ${count.toLocaleString("en")} elements ` +
        `(${formatBytes(count * BYTES[dtype])} of ${dtype}); a tensor holds at most ` +
        `${MAX_ELEMENTS.toLocaleString("en")} elements: use a smaller shape`,
    );
  }
}

/** Runs `allocate`, turning the engine's out-of-memory RangeError into one naming the shape. */
export function allocating<T>(
  op: string,
  shape: readonly number[],
  dtype: DType,
  allocate: () => T,
): T {
  checkStorage(op, shape, dtype);
  try {
    return allocate();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const count = shape.reduce((a, b) => a * b, 1);
    throw new ArgumentError(
      `${op}: cannot allocate shape ${formatShape(shape)} of ${dtype} ` +
        `(${formatBytes(count * BYTES[dtype])}): ${error.message}; use a smaller shape`,
    );
  }
}

/**
 * Throws when a value cannot be stored in an int32 tensor, like torch's "value cannot be
 * converted to type int32 without overflow": NaN, ±Infinity, or outside −2³¹ … 2³¹−1 once
 * truncated. Fractions are truncated toward zero, as torch does.
 */
export function checkIntegerValue(op: string, value: number, dtype: DType): void {
  if (dtype !== "int32") return;
  const truncated = Math.trunc(value);
  if (truncated >= INT32_MIN && truncated <= INT32_MAX) return;
  throw new ArgumentError(
    `${op}: value ${String(value)} cannot be converted to int32 without overflow ` +
      `(int32 holds ${INT32_MIN} to ${INT32_MAX}); use dtype "float64" for it`,
  );
}

/** checkIntegerValue for every value (a no-op unless `dtype` is int32). */
export function checkIntegerValues(
  op: string,
  values: ArrayLike<number | boolean>,
  dtype: DType,
): void {
  if (dtype !== "int32") return;
  for (let i = 0; i < values.length; i++) checkIntegerValue(op, Number(values[i]), dtype);
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB", "PB"];
  let k = 0;
  while (bytes >= 1024 && k < units.length - 1) {
    bytes /= 1024;
    k++;
  }
  return `${k === 0 ? bytes : bytes.toFixed(1)} ${units[k]}`;
}
