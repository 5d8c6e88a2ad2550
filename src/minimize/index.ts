/**
 * Minimisation of plain functions with recorded trajectories, the function gallery, races.
 *
 * @packageDocumentation
 */
export {
  minimize,
  compileObjective,
  type CompiledObjective,
  type MinimizeOptions,
  type MinimizeResult,
  type Objective,
  type StopReason,
  type TrajectoryPoint,
} from "./minimize.js";
export { race, type RaceEntry, type RaceOptions, type RaceRun } from "./race.js";
export { GALLERY, galleryFunction, type GalleryFunction, type KnownMinimum } from "./gallery.js";
// The expression's names and types that its public API mentions (the root exports the rest).
export { CONSTANTS, FUNCTION_ARITY } from "./expression.js";
export type {
  BinaryOperator,
  ConstantName,
  EvaluateOptions,
  FunctionName,
  Span,
} from "./expression.js";
export {
  OPTIMIZER_NAMES,
  DEFAULT_LR,
  createOptimizer,
  isOptimizerName,
  type OptimizerName,
  type OptimizerOptions,
} from "./optimizers.js";
