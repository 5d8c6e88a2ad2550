/**
 * torch.optim in TypeScript: optimizers, schedules, clipping, noise and accumulation.
 *
 * @packageDocumentation
 */
export {
  Optimizer,
  type BaseOptions,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
  type OptimizerStateDict,
} from "./optimizer.js";
export { SGD, GD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { Adagrad, type AdagradOptions } from "./adagrad.js";
export {
  LRScheduler,
  constantLR,
  stepLR,
  multiStepLR,
  exponentialLR,
  cosineAnnealingLR,
  linearLR,
  oneCycleLR,
  type Schedule,
  type OneCycleOptions,
} from "./schedules.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./plateau.js";
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from "./clip.js";
export { NoisyOptimizer, withNoise, type NoiseOptions } from "./noise.js";
export { accumulateGradients } from "./accumulate.js";
export {
  OPTIMIZERS,
  OPTIMIZER_NAMES,
  DEFAULT_LR,
  createOptimizer,
  isOptimizerName,
  optimizerEntry,
  type OptimizerEntry,
  type OptimizerName,
  type OptimizerOptions,
} from "./by-name.js";
