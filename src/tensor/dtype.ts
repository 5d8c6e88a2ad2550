/** The dtypes descent stores, their typed arrays, and PyTorch's type-promotion rules. */
import { DTypeError } from "../errors.js";

export type DType = "float32" | "float64" | "int32" | "bool";

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** Storage of each dtype: bool is one byte per element, 0 or 1. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/*
 * Small storage is carved from shared blocks. A typed array of more than 64 bytes gets its own
 * ArrayBuffer from outside V8's heap, which costs a runtime call, malloc, external-memory
 * bookkeeping and a free after GC: about 1–3 µs for a few hundred bytes, far more than the ops
 * on it. So arrays of 65 bytes to 4 KB are views into 8 KB blocks (the policy of Node's Buffer
 * pool), handed out one after the other and never reused: every view is its own zero-filled
 * region, no two tensors share storage, and a block is freed by GC once none of its views is
 * alive. The costs: a live small tensor keeps its whole block (at most 8 KB) alive, and
 * `data.buffer` is shared with other tensors (use byteOffset and byteLength; never transfer or
 * detach it). Up to 64 bytes V8 allocates on its own heap, quickly; above 4 KB an own buffer is
 * cheap by comparison.
 */
const BLOCK_BYTES = 8192;
const CARVE_MIN_BYTES = 65;
const CARVE_MAX_BYTES = 4096;
let block = new ArrayBuffer(BLOCK_BYTES);
let blockUsed = 0;

/** The offset in `block` of a fresh region of `bytes` (8-byte aligned); may start a new block. */
function carve(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (blockUsed + size > BLOCK_BYTES) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const offset = blockUsed;
  blockUsed += size;
  return offset;
}

/** Zero-filled storage of `size` elements of `dtype`, never shared with any other tensor. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32": {
      const bytes = 4 * size;
      if (bytes < CARVE_MIN_BYTES || bytes > CARVE_MAX_BYTES) return new Float32Array(size);
      const offset = carve(bytes); // before reading `block`: carving may start a new one
      return new Float32Array(block, offset, size);
    }
    case "float64": {
      const bytes = 8 * size;
      if (bytes < CARVE_MIN_BYTES || bytes > CARVE_MAX_BYTES) return new Float64Array(size);
      const offset = carve(bytes);
      return new Float64Array(block, offset, size);
    }
    case "int32": {
      const bytes = 4 * size;
      if (bytes < CARVE_MIN_BYTES || bytes > CARVE_MAX_BYTES) return new Int32Array(size);
      const offset = carve(bytes);
      return new Int32Array(block, offset, size);
    }
    case "bool": {
      if (size < CARVE_MIN_BYTES || size > CARVE_MAX_BYTES) return new Uint8Array(size);
      const offset = carve(size);
      return new Uint8Array(block, offset, size);
    }
    default:
      checkDType(dtype satisfies never);
      throw new DTypeError(`unknown dtype ${String(dtype)}`);
  }
}

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

/** torch.promote_types for two tensors. */
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

/** The dtype a true division or a floating function (exp, sqrt...) produces. */
export function floatingOf(dtype: DType): DType {
  return isFloating(dtype) ? dtype : "float32";
}
