/** Optimizers by name, for minimize(): the table lives in src/optim/by-name.ts. */
export {
  OPTIMIZER_NAMES,
  DEFAULT_LR,
  createOptimizer,
  isOptimizerName,
  type OptimizerName,
  type OptimizerOptions,
} from "../optim/by-name.js";
