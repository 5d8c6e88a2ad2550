/** Minimisation of plain functions with recorded trajectories, the function gallery, races. */
export {
  minimize,
  compileObjective,
  type MinimizeOptions,
  type MinimizeResult,
  type Objective,
  type StopReason,
  type TrajectoryPoint,
} from "./minimize.js";
export { race, type RaceEntry, type RaceOptions, type RaceRun } from "./race.js";
export { GALLERY, galleryFunction, type GalleryFunction, type KnownMinimum } from "./gallery.js";
export {
  OPTIMIZER_NAMES,
  DEFAULT_LR,
  createOptimizer,
  isOptimizerName,
  type OptimizerName,
  type OptimizerOptions,
} from "./optimizers.js";
