/**
 * torch.nn in TypeScript: modules, layers, activations, initialisers (and losses).
 *
 * @packageDocumentation
 */
export { Module, type LoadStateDictResult } from "./module.js";
export { Parameter } from "./parameter.js";
export { Linear, type LinearOptions } from "./linear.js";
export {
  ReLU,
  LeakyReLU,
  ELU,
  Tanh,
  Sigmoid,
  GELU,
  Softplus,
  Softmax,
  LogSoftmax,
  Identity,
} from "./activation.js";
export { Flatten, Dropout } from "./layers.js";
export {
  LayerNorm,
  BatchNorm1d,
  Embedding,
  type LayerNormOptions,
  type BatchNormOptions,
  type EmbeddingOptions,
} from "./normalization.js";
export {
  Sequential,
  mlp,
  activation,
  ACTIVATIONS,
  type ActivationName,
  type MLPOptions,
} from "./container.js";
export * as init from "./init.js";
export {
  MSELoss,
  L1Loss,
  HuberLoss,
  SmoothL1Loss,
  CrossEntropyLoss,
  NLLLoss,
  BCELoss,
  BCEWithLogitsLoss,
  HingeEmbeddingLoss,
  MultiMarginLoss,
} from "./loss-modules.js";
export * as functional from "./functional.js";
