/**
 * Training: fit(), evaluate(), metrics, histories.
 *
 * @packageDocumentation
 */
export {
  fit,
  evaluate,
  type FitOptions,
  type FitData,
  type EarlyStoppingOptions,
  type FitCallbacks,
  type EvaluateOptions,
} from "./fit.js";
export type { History, StepRecord, EpochRecord, FitStopReason } from "./history.js";
export {
  accuracy,
  meanSquaredError,
  meanAbsoluteError,
  metricByName,
  type Metric,
  type MetricName,
  type MetricTotal,
} from "./metrics.js";
export { LOSSES, LOSS_NAMES, lossByName, type LossFunction, type LossName } from "./losses.js";
export { ProgressBar, type ProgressSink } from "./progress.js";
