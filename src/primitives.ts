/**
 * The closed set of primitives — the ops the autograd graph records, each one `defineOp` with a
 * forward on kernels and a backward beside it — and their registry. Everything else (rsqrt, gelu,
 * softmax, mean…) is composed from these. A `defineOp` whose name is not in `Primitive`, or a
 * `Primitive` without its registry entry, does not compile; tests check that every entry's name is
 * its key, that every primitive appears in the graphs the op-spec cases build, and that it is
 * gradchecked.
 */
import type { OpDef } from "./autograd/op.js";
import { Cast, Clone } from "./autograd/ops/convert.js";
import * as ew from "./autograd/ops/elementwise.js";
import { Gather, IndexAddInto, IndexSelect, ScatterAdd } from "./autograd/ops/indexing.js";
import { Matmul } from "./autograd/ops/matmul.js";
import { Cat, Expand, Permute, Reshape, Slice, SliceBackward } from "./autograd/ops/movement.js";
import { Amax, Amin, LogSumExp, Norm, Prod, Sum } from "./autograd/ops/reduce.js";
import { BinaryCrossEntropy } from "./nn/losses/binary.js";

/** The name of every primitive op: the ops the graph records and that have a backward rule. */
export type Primitive =
  // elementwise, one input
  | "neg"
  | "abs"
  | "sign"
  | "relu"
  | "square"
  | "exp"
  | "log"
  | "log1p"
  | "sqrt"
  | "sin"
  | "cos"
  | "tanh"
  | "atan"
  | "sigmoid"
  | "erf"
  | "reciprocal"
  | "powScalar"
  | "softplus"
  // activation gradients as one kernel (their own backward gives higher orders)
  | "tanhBackward"
  | "sigmoidBackward"
  | "reluBackward"
  // elementwise, two or three inputs
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "atan2"
  | "maximum"
  | "minimum"
  | "where"
  // reductions
  | "sum"
  | "prod"
  | "amax"
  | "amin"
  | "logsumexp"
  | "norm"
  // matmul, movement, indexing, conversion
  | "matmul"
  | "reshape"
  | "permute"
  | "expand"
  | "slice"
  | "sliceBackward"
  | "cat"
  | "gather"
  | "scatterAdd"
  | "indexSelect"
  | "indexAdd"
  | "to"
  | "clone"
  // losses with their own rule (see src/nn/losses)
  | "binaryCrossEntropy";

/** Every primitive by name: the one place that lists them all. */
export const PRIMITIVES: { readonly [P in Primitive]: OpDef<never> } = {
  neg: ew.Neg,
  abs: ew.Abs,
  sign: ew.Sign,
  relu: ew.Relu,
  square: ew.Square,
  exp: ew.Exp,
  log: ew.Log,
  log1p: ew.Log1p,
  sqrt: ew.Sqrt,
  sin: ew.Sin,
  cos: ew.Cos,
  tanh: ew.Tanh,
  atan: ew.Atan,
  sigmoid: ew.Sigmoid,
  erf: ew.Erf,
  reciprocal: ew.Reciprocal,
  powScalar: ew.PowScalar,
  softplus: ew.Softplus,
  tanhBackward: ew.TanhBackward,
  sigmoidBackward: ew.SigmoidBackward,
  reluBackward: ew.ReluBackward,
  add: ew.Add,
  sub: ew.Sub,
  mul: ew.Mul,
  div: ew.Div,
  pow: ew.Pow,
  atan2: ew.Atan2,
  maximum: ew.Maximum,
  minimum: ew.Minimum,
  where: ew.Where,
  sum: Sum,
  prod: Prod,
  amax: Amax,
  amin: Amin,
  logsumexp: LogSumExp,
  norm: Norm,
  matmul: Matmul,
  reshape: Reshape,
  permute: Permute,
  expand: Expand,
  slice: Slice,
  sliceBackward: SliceBackward,
  cat: Cat,
  gather: Gather,
  scatterAdd: ScatterAdd,
  indexSelect: IndexSelect,
  indexAdd: IndexAddInto,
  to: Cast,
  clone: Clone,
  binaryCrossEntropy: BinaryCrossEntropy,
};
