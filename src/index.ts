/**
 * descent: gradient descent and backpropagation in TypeScript. Tensors with reverse-mode
 * autograd that give PyTorch's numbers. This file only re-exports the public API.
 *
 * @module descentjs
 */
export { Tensor, type TensorLike, type GradHook, type RemovableHandle } from "./tensor/tensor.js";
export type { DType, TypedArray } from "./tensor/dtype.js";
export { promoteTypes } from "./tensor/dtype.js";
export { broadcastShapes, type Shape } from "./tensor/shape.js";
export {
  tensor,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  fullLike,
  randLike,
  randnLike,
  arange,
  linspace,
  eye,
  rand,
  randn,
  randint,
  randperm,
  type TensorOptions,
  type RandomOptions,
} from "./tensor/create.js";
export { Generator, manualSeed, defaultGenerator } from "./tensor/random.js";
export type { NestedArray, NestedInput } from "./tensor/nested.js";

export {
  neg,
  abs,
  sign,
  exp,
  log,
  log1p,
  sqrt,
  rsqrt,
  sin,
  cos,
  tanh,
  atan,
  atan2,
  sigmoid,
  relu,
  square,
  erf,
  reciprocal,
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  where,
  clamp,
  leakyRelu,
  elu,
  gelu,
  softplus,
} from "./autograd/ops/elementwise.js";
export {
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  logicalAnd,
  logicalOr,
  logicalNot,
  isnan,
} from "./autograd/ops/compare.js";
export {
  sum,
  mean,
  prod,
  max,
  min,
  amax,
  amin,
  argmax,
  argmin,
  variance,
  variance as var,
  std,
  logsumexp,
  norm,
  softmax,
  logSoftmax,
  sumToShape,
  type Dims,
  type ValuesIndices,
  type VarianceOptions,
} from "./autograd/ops/reduce.js";
export { matmul } from "./autograd/ops/matmul.js";
export {
  reshape,
  permute,
  transpose,
  expand,
  slice,
  narrow,
  cat,
  stack,
  split,
  squeeze,
  unsqueeze,
  flatten,
} from "./autograd/ops/movement.js";
export { gather, scatterAdd, indexSelect, oneHot } from "./autograd/ops/indexing.js";
export { cast, clone, resultType } from "./autograd/ops/convert.js";

export {
  noGrad,
  enableGrad,
  isGradEnabled,
  setGradEnabled,
  detectAnomaly,
} from "./autograd/grad-mode.js";
export type { BackwardOptions } from "./autograd/engine.js";
export { Node, type OpDef } from "./autograd/op.js";
export type { Primitive } from "./primitives.js";
export {
  autogradGrad,
  grad,
  valueAndGrad,
  type AutogradGradOptions,
  type GradOptions,
} from "./autograd/functional.js";
export { gradcheck, type GradcheckOptions, type GradcheckResult } from "./autograd/gradcheck.js";
export { jacobian, hessian, type JacobianOptions } from "./autograd/jacobian.js";
export { repeat } from "./tensor/repeat.js";
export type { DimOptions, SizesArgs } from "./tensor/args.js";

export {
  getBackend,
  setBackend,
  backendInfo,
  getThreads,
  setThreads,
  setRelaxedSimd,
  relaxedSimdSupported,
  wasmSimdSupported,
  fastBackend,
  referenceBackend,
  wasmBackend,
  BACKEND_NAMES,
  type Backend,
  type BackendName,
  type UnaryOp,
  type BinaryOp,
  type ReduceOp,
  type ActivationGradOp,
} from "./backend/index.js";
export {
  DescentError,
  ShapeError,
  DTypeError,
  ArgumentError,
  AutogradError,
  AnomalyError,
} from "./errors.js";
export * as optim from "./optim/index.js";
export * from "./minimize/index.js";
export {
  parseExpression,
  compileExpression,
  Expression,
  ExpressionError,
  type CompiledExpression,
  type ExpressionNode,
} from "./minimize/expression.js";
export * as nn from "./nn/index.js";
export {
  CheckpointError,
  serializeSafetensors,
  parseSafetensors,
  type SafetensorsContents,
  type ParseSafetensorsOptions,
} from "./io/safetensors/index.js";
export {
  checkpointToBytes,
  checkpointFromBytes,
  type Checkpoint,
  type CheckpointOptimizerState,
} from "./io/checkpoint.js";
export * as data from "./data/index.js";
export * as train from "./train/index.js";
export { fit, evaluate, type History, type FitOptions } from "./train/index.js";
export {
  mseLoss,
  l1Loss,
  huberLoss,
  smoothL1Loss,
  crossEntropy,
  nllLoss,
  binaryCrossEntropy,
  bceWithLogits,
  hingeEmbeddingLoss,
  multiMarginLoss,
} from "./nn/losses.js";
export * as viz from "./viz/index.js";
export {
  traceGraph,
  retainGrads,
  countChainRuleWork,
  type GraphData,
  type GraphNode,
  type GraphEdge,
  type ChainRuleWork,
  type TraceOptions,
} from "./autograd/graph.js";
