/** The error of the safetensors and checkpoint formats, and how its messages describe values. */
import { DescentError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";

/** A safetensors file or checkpoint that cannot be written or read, with what to do about it. */
export class CheckpointError extends DescentError {
  /** "CheckpointError", so a catch can tell it from other errors. */
  override name = "CheckpointError";
}

/** Throws the reader's error: every message is prefixed with where the file came from. */
export type Fail = (message: string) => never;

/** A name as JSON shows it, quotes and escapes included. */
export function quote(name: string): string {
  return JSON.stringify(name);
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
