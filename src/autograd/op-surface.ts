/**
 * Type-level checks, no runtime code: every public op function of src/autograd/ops is exported by
 * the package and has its Tensor method. Adding `export function atan` to an op file without the
 * method or the export fails `tsc` here, naming the op; tests/ops/spec.ts adds the spec entry.
 */
import type * as pkg from "../index.js";
import type { Tensor } from "../tensor/tensor.js";
import type * as cmp from "./ops/compare.js";
import type * as cv from "./ops/convert.js";
import type * as ew from "./ops/elementwise.js";
import type * as idx from "./ops/indexing.js";
import type * as mm from "./ops/matmul.js";
import type * as mv from "./ops/movement.js";
import type * as red from "./ops/reduce.js";

/** The exported functions of a module whose names start lower-case (OpDefs are PascalCase). */
type FunctionsOf<M> = {
  [K in keyof M]: K extends Uncapitalize<K & string>
    ? M[K] extends (...args: never[]) => unknown
      ? K
      : never
    : never;
}[keyof M];

/** Helpers the op files share with each other; not part of the package. */
type Internal = "resultType2" | "toTensor";

/** Every public op function (`exp(x)`, `add(a, b)`…), derived from the op files. */
export type PublicOp = Exclude<
  | FunctionsOf<typeof cmp>
  | FunctionsOf<typeof cv>
  | FunctionsOf<typeof ew>
  | FunctionsOf<typeof idx>
  | FunctionsOf<typeof mm>
  | FunctionsOf<typeof mv>
  | FunctionsOf<typeof red>,
  Internal
>;

/** Ops whose Tensor method has another name (torch's names: x.var(), x.and(), x.to()). */
interface MethodNames {
  logicalAnd: "and";
  logicalOr: "or";
  logicalNot: "not";
  variance: "var";
  cast: "to";
}

/** Ops with no Tensor method, and why. */
type FunctionOnly =
  | "cat" // takes a list of tensors (torch.cat)
  | "stack" // takes a list of tensors (torch.stack)
  | "oneHot" // torch.nn.functional.one_hot, not a method in torch
  | "linear" // torch.nn.functional.linear, not a method in torch
  | "resultType" // of several operands (torch.result_type)
  | "sumToShape" // the engine's broadcast-gradient reduction, exported for custom rules
  | "isnan"; // exported as a function only so far

type MethodOf<K extends PublicOp> = K extends keyof MethodNames ? MethodNames[K] : K;

/** Fails with the op's name when an op has no Tensor method. */
export type EveryOpIsATensorMethod = Check<
  { [K in Exclude<PublicOp, FunctionOnly>]: MethodOf<K> extends keyof Tensor ? never : K }[Exclude<
    PublicOp,
    FunctionOnly
  >],
  "has no Tensor method (add it to src/tensor/tensor.ts)"
>;

/** Fails with the op's name when the package exports it neither at its root nor in nn.functional. */
export type EveryOpIsExported = Check<
  Exclude<PublicOp, keyof typeof pkg | keyof typeof pkg.nn.functional>,
  "is not exported (add it to src/index.ts)"
>;

type Check<Missing extends string, Why extends string> = [Missing] extends [never]
  ? true
  : `op ${Missing} ${Why}`;

/** The checks, forced: each must be `true`. */
export type Checked = [Assert<EveryOpIsATensorMethod>, Assert<EveryOpIsExported>];
type Assert<T extends true> = T;
