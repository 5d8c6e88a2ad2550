/** The dtypes descent stores, their typed arrays, and PyTorch's type-promotion rules. */
import { DTypeError } from "../errors.js";

/**
 * The element types: float32 (the default), float64, int32 (torch's default integer is int64) and
 * bool. PyTorch: `torch.dtype`.
 */
export type DType = "float32" | "float64" | "int32" | "bool";

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** Storage of each dtype: bool is one byte per element, 0 or 1. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Throws a clear error for a dtype name that is not one of ours (e.g. from plain JS). */
export function checkDType(dtype: unknown): DType {
  if (typeof dtype === "string" && (DTYPES as readonly string[]).includes(dtype)) {
    return dtype as DType;
  }
  throw new DTypeError(
    `unknown dtype ${JSON.stringify(dtype)}: use one of ${DTYPES.map((d) => `"${d}"`).join(", ")}`,
  );
}

export function dtypeOfArray(array: TypedArray): DType {
  if (array instanceof Float32Array) return "float32";
  if (array instanceof Float64Array) return "float64";
  if (array instanceof Int32Array) return "int32";
  return "bool";
}

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

// Rank within torch's category order bool < int < float; within floats, width decides.
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The dtype two tensors' dtypes promote to: bool < int32 < float32 < float64. PyTorch: `torch.promote_types`. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype of `tensor op scalar` (torch.result_type with a Python number): the scalar only
 * raises the category (bool -> int -> float), never the width, so float32 + 2.5 stays float32.
 */
export function promoteWithScalar(dtype: DType, scalar: number | boolean): DType {
  if (typeof scalar === "boolean") return dtype;
  if (!Number.isInteger(scalar) && !isFloating(dtype)) return "float32";
  if (dtype === "bool") return Number.isInteger(scalar) ? "int32" : "float32";
  return dtype;
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * torch.can_cast for in-place results: a value may be stored into a tensor of the same or a
 * higher category (bool < int < float), never lower — an in-place op on an int32 tensor whose
 * result is float would silently truncate.
 */
export function canCast(from: DType, to: DType): boolean {
  return CATEGORY[from] <= CATEGORY[to];
}

/** The dtype a true division or a floating function (exp, sqrt...) produces. */
export function floatingOf(dtype: DType): DType {
  return isFloating(dtype) ? dtype : "float32";
}
