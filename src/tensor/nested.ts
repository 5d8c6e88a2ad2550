/** Nested JS arrays <-> flat typed arrays, with the shape checked on the way in. */
import { ArgumentError, formatShape } from "../errors.js";
import type { TypedArray } from "./dtype.js";
import type { Shape } from "./shape.js";

/** A tensor's values as nested JS arrays (what toArray returns): a number for a 0-d tensor. */
export type NestedArray = number | boolean | NestedArray[];
/** What tensor() takes: a number, a boolean, or rectangular nested (readonly) arrays of them. */
export type NestedInput = number | boolean | readonly NestedInput[];

/** The shape of a (rectangular) nested array, and its values in row-major order. */
export function flattenNested(data: NestedInput): {
  shape: number[];
  values: (number | boolean)[];
} {
  const shape: number[] = [];
  let probe: NestedInput = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = (probe as readonly NestedInput[])[0]!;
  }
  const values: (number | boolean)[] = [];
  const walk = (node: NestedInput, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof node !== "number" && typeof node !== "boolean") {
        throw new ArgumentError(
          `tensor: expected a number at [${path.join("][")}], got ${Array.isArray(node) ? "an array" : typeof node}; ` +
            `nested arrays must be rectangular with shape ${formatShape(shape)}`,
        );
      }
      values.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ArgumentError(
        `tensor: the nested array is not rectangular: at [${path.join("][")}] expected ` +
          `${shape[depth]} elements like the first row, got ${Array.isArray(node) ? node.length : typeof node}`,
      );
    }
    (node as readonly NestedInput[]).forEach((child, i) => walk(child, depth + 1, [...path, i]));
  };
  walk(data, 0, []);
  return { shape, values };
}

export function toNested(data: TypedArray, shape: Shape, asBool: boolean): NestedArray {
  const read = (i: number): number | boolean => (asBool ? data[i] !== 0 : data[i]!);
  if (shape.length === 0) return read(0);
  let offset = 0;
  const build = (depth: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[depth]!; i++) {
      out.push(depth === shape.length - 1 ? read(offset++) : build(depth + 1));
    }
    return out;
  };
  return build(0);
}
