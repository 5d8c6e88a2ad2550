/** The safetensors dtypes: their sizes, how descent's dtypes map to them and back, byte order. */
import type { DType } from "../../tensor/dtype.js";

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

/** Bytes per element. */
export const DTYPE_SIZE: Record<SafetensorsDType, number> = {
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
export const WRITE_DTYPE: Record<DType, SafetensorsDType> = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
  bool: "BOOL",
};

/** What each safetensors dtype is read into; integers wider than int32 are range-checked. */
export const READ_DTYPE: Partial<Record<SafetensorsDType, DType>> = {
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

/** The readable dtypes, for messages. */
export const READABLE =
  "F32, F64, I32, BOOL, F16 and BF16 (as float32), I64, U64, U32, I16, U16, I8 and U8 (as int32)";

/** The format is little-endian; on a big-endian machine every element's bytes are swapped. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the bytes of each `size`-byte element, in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** IEEE 754 binary16 → number (exact). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
