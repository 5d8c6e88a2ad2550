/** torch.optim in TypeScript: optimizers, schedules, clipping, noise and accumulation. */
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
  ReduceLROnPlateau,
  constantLR,
  stepLR,
  multiStepLR,
  exponentialLR,
  cosineAnnealingLR,
  linearLR,
  oneCycleLR,
  type Schedule,
  type OneCycleOptions,
  type ReduceLROnPlateauOptions,
} from "./schedules.js";
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from "./clip.js";
export { NoisyOptimizer, withNoise, type NoiseOptions } from "./noise.js";
export { accumulateGradients } from "./accumulate.js";
