/**
 * The argument forms PyTorch users type: sizes as separate numbers or one array
 * (`x.reshape(2, 10)` or `x.reshape([2, 10])`), and `{ dim, keepdim }` objects where torch takes
 * keywords (`x.sum({ dim: 1, keepdim: true })`). Wrong forms get an error naming the right one.
 */
import { ArgumentError } from "../errors.js";

/** Sizes as separate numbers or as one array: `reshape(2, 3)` or `reshape([2, 3])`, as torch. */
export type SizesArgs = [readonly number[]] | number[];

/** torch's dim/keepdim keywords as an object: `x.sum({ dim: 1, keepdim: true })`. */
export interface DimOptions<D = number | readonly number[]> {
  /** The dim (or dims) to reduce; all when omitted. */
  dim?: D;
  /** Keep the reduced dims with size 1, so the result broadcasts against the input (default false). */
  keepdim?: boolean;
}

/** The sizes of `reshape(2, 3)` or `reshape([2, 3])` as one array. */
export function sizesArg(op: string, args: readonly (number | readonly number[])[]): number[] {
  const sizes = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (!sizes.every((s) => typeof s === "number")) {
    throw new ArgumentError(
      `${op}: pass the sizes as numbers (${op}(2, 3)) or one array (${op}([2, 3])), got ${JSON.stringify(args)}`,
    );
  }
  const bad = sizes.find((s) => !Number.isInteger(s));
  if (bad !== undefined) throw new ArgumentError(`${op}: sizes must be integers, got ${bad}`);
  return sizes.slice();
}

function isOptions(value: unknown): value is DimOptions<unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** (dim, keepdim) from positional arguments or from a `{ dim, keepdim }` object. */
export function dimArgs<D>(
  op: string,
  dim: D | DimOptions<D> | undefined,
  keepdim?: boolean,
): [D | undefined, boolean | undefined] {
  if (!isOptions(dim)) return [dim, keepdim];
  const unknown = Object.keys(dim).find((k) => k !== "dim" && k !== "keepdim");
  if (unknown !== undefined) {
    throw new ArgumentError(`${op}: unknown option "${unknown}"; the options are dim, keepdim`);
  }
  if (keepdim !== undefined) {
    throw new ArgumentError(
      `${op}: pass keepdim inside the options ({ dim, keepdim }) or positionally (${op}(dim, keepdim)), not both`,
    );
  }
  return [dim.dim, dim.keepdim];
}
