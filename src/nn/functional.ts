/**
 * torch.nn.functional: the losses, activations and linear as plain functions.
 *
 * @packageDocumentation
 */
export * from "./losses.js";
export {
  relu,
  leakyRelu,
  elu,
  gelu,
  softplus,
  sigmoid,
  tanh,
} from "../autograd/ops/elementwise.js";
export { softmax, logSoftmax } from "../autograd/ops/reduce.js";
export { linear } from "../autograd/ops/matmul.js";
export { oneHot } from "../autograd/ops/indexing.js";
export { dropout, type DropoutOptions } from "./layers.js";
