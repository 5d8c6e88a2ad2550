/**
 * fit(): the lecture's training loop — input → model → output → loss against the targets →
 * gradients → update — over mini-batches and epochs, returning a History of plain records.
 * Async so that a page or a worker stays responsive, and stoppable with an AbortSignal.
 * The steps live beside it: setup.ts (checks and data), loop.ts (one epoch as an async
 * generator of step records), early-stopping.ts and evaluate.ts.
 */
import type { DataLoader } from "../data/loader.js";
import type { Dataset } from "../data/dataset.js";
import type { Module } from "../nn/module.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { Schedule } from "../optim/schedules.js";
import type { Tensor } from "../tensor/tensor.js";
import { EarlyStopping, type EarlyStoppingOptions } from "./early-stopping.js";
import { evaluate } from "./evaluate.js";
import {
  recordEpoch,
  recordStep,
  type EpochRecord,
  type FitStopReason,
  type History,
  type StepRecord,
} from "./history.js";
import type { LossFunction, LossName } from "./losses.js";
import type { Metric, MetricName } from "./metrics.js";
import { applySchedule, trainEpoch, type EpochOutcome, type FitClock } from "./loop.js";
import { ProgressBar, defaultSink, type ProgressSink } from "./progress.js";
import { prepareFit, type FitRun } from "./setup.js";

export type { EarlyStoppingOptions } from "./early-stopping.js";
export { evaluate, type EvaluateOptions } from "./evaluate.js";

/** Training data: tensors of inputs and targets, a dataset of [x, y] samples, or a ready loader. */
export type FitData =
  | {
      /** Inputs, one sample per row of the first dimension. */
      x: Tensor;
      /** Targets, as many as x has samples (class indices, or values). */
      y: Tensor;
    }
  | Dataset<Tensor[]>
  | DataLoader<Tensor[], Tensor[]>;

/** Functions fit() calls as it goes (a page draws the loss curve from them). */
export interface FitCallbacks {
  /** After each optimizer step. */
  onStep?(record: StepRecord): void;
  /** After each epoch, with validation done. */
  onEpoch?(record: EpochRecord): void;
}

/** How fit() trains: the loss, the optimizer, the batches and epochs, and when to stop. */
export interface FitOptions {
  /** The loss: a name ("cross-entropy", "mse", …) or a function (output, target) → scalar. */
  loss: LossName | LossFunction;
  /** A name (sgd, momentum, nesterov, adam, ...), an Optimizer over the model's parameters, or a factory. */
  optimizer?: string | Optimizer | ((params: Tensor[]) => Optimizer);
  /** Learning rate of a named optimizer (default 0.01; 0.001 for adam and adamw). */
  lr?: number;
  /** Options of a named optimizer (momentum, weightDecay, betas...). */
  optimizerOptions?: Record<string, unknown>;
  /** How many passes over the data (default 10). */
  epochs?: number;
  /**
   * Start at this epoch (resuming a run): the schedule and the batch order continue from there,
   * as if the earlier epochs had run. Default 0.
   */
  initialEpoch?: number;
  /** Samples per batch (default 32); 1 is SGD, "full" is full-batch gradient descent. */
  batchSize?: number | "full";
  /** Reshuffle the batches every epoch (default true). */
  shuffle?: boolean;
  /** Seed of the batch order (and of the validation split). */
  seed?: number;
  /** Gradient accumulation: k batches' gradients (each loss divided by k) per optimizer step. */
  accumulate?: number;
  /** lr as a function of the epoch (default) or of the optimizer step (scheduleBy "step"). */
  schedule?: Schedule;
  /** Whether `schedule` takes the epoch (default) or the optimizer step. */
  scheduleBy?: "epoch" | "step";
  /** Clip the gradients' joint L2 norm to this before each step. */
  clipGradNorm?: number;
  /** Held-out data: tensors, a dataset, or a fraction of the training data (split by seed). */
  validation?:
    | {
        /** Held-out inputs. */
        x: Tensor;
        /** Held-out targets. */
        y: Tensor;
      }
    | Dataset<Tensor[]>
    | number;
  /** Metrics reported per epoch (default: accuracy for classification losses). */
  metrics?: (MetricName | Metric)[];
  /** Stop when the validation loss stops improving (and restore the best weights if asked). */
  earlyStopping?: EarlyStoppingOptions;
  /** Stop when the epoch loss changes by less than this (the lecture's convergence threshold). */
  tolerance?: number;
  /** Functions called after each step and epoch. */
  callbacks?: FitCallbacks;
  /** Aborting it ends the run after the current step, with stopReason "aborted". */
  signal?: AbortSignal;
  /** Print progress (a live bar on a terminal, a line per epoch elsewhere). Default false. */
  progress?: boolean | ProgressSink;
  /** Yield to the event loop at least this often (ms), so pages stay responsive. Default 25. */
  yieldEveryMs?: number;
  /**
   * At most this many step records in the History (default 10,000): past it, every other one is
   * dropped and `history.stepStride` doubles, so a run of any length keeps bounded memory.
   */
  historyLimit?: number;
}

/**
 * Trains `model` on `data` and returns its History. Every option and the data are checked
 * before the first step (see setup.ts); the run ends with a reason in `history.stopReason`.
 * No PyTorch equivalent (torch users write this loop; Keras's `model.fit` is the model for it).
 *
 * @example
 * ```ts
 * import { data, fit, nn } from "descentjs";
 * const { x, y } = data.twoMoons(200, { seed: 0 });
 * const model = nn.mlp([2, 16, 2]);
 * const history = await fit(model, { x, y }, {
 *   loss: "cross-entropy",
 *   optimizer: "momentum",
 *   lr: 0.1,
 *   epochs: 10,
 *   validation: 0.2,
 * });
 * history.epochs.at(-1)!.valMetrics!.accuracy; // a fraction in [0, 1]
 * ```
 */
export async function fit(model: Module, data: FitData, options: FitOptions): Promise<History> {
  const run = prepareFit(model, data, options);
  const { loader, epochs, initialEpoch, accumulate } = run;
  // Resuming: draw the skipped epochs' batch orders so that the next one is what it would have been.
  for (let e = 0; e < initialEpoch; e++) for (const _indices of loader.batchIndices());
  const sink = options.progress === true ? defaultSink() : options.progress || null;
  const bar = sink ? new ProgressBar(sink, epochs, loader.length) : null;
  const history: History = {
    steps: [],
    stepStride: 1,
    totalSteps: 0,
    epochs: [],
    epochStride: 1,
    stopReason: "epochs",
    bestEpoch: null,
    elapsedMs: 0,
  };
  const started = Date.now();
  const clock: FitClock = {
    started,
    lastYield: started,
    step: initialEpoch * Math.ceil(loader.length / accumulate),
    examplesSeen: initialEpoch * loader.dataset.length,
  };
  const stopper = options.earlyStopping ? new EarlyStopping(options.earlyStopping) : null;
  let stop: FitStopReason | null = null;
  let previous: EpochRecord | null = null;
  for (let epoch = initialEpoch; epoch < epochs && stop === null; epoch++) {
    model.train();
    if ((options.scheduleBy ?? "epoch") === "epoch") applySchedule(run, epoch);
    const epochStart = Date.now() - started;
    const steps = trainEpoch(run, epoch, clock);
    let next = await steps.next();
    for (; !next.done; next = await steps.next()) {
      const record = next.value;
      recordStep(history, record, run.historyLimit);
      options.callbacks?.onStep?.(record);
      bar?.batch(epoch, record.batch, record.loss, record.time, epochStart);
    }
    if (next.value.stop !== null) {
      stop = next.value.stop;
      break;
    }
    const record = epochRecord(run, epoch, next.value, clock);
    recordEpoch(history, record, run.historyLimit);
    options.callbacks?.onEpoch?.(record);
    bar?.epoch(epochLine(record, epochs));
    stop = stopAfterEpoch(run, record, previous, stopper);
    previous = record;
  }
  if (stop === "early-stopping") stopper!.restore(model);
  history.bestEpoch = stop === "early-stopping" ? stopper!.bestEpoch : null;
  model.eval();
  history.stopReason = stop ?? "epochs";
  history.elapsedMs = Date.now() - started;
  return history;
}

/** The epoch's record: training means, and the validation loss and metrics when there is data. */
function epochRecord(
  run: FitRun,
  epoch: number,
  sums: Extract<EpochOutcome, { stop: null }>,
  clock: FitClock,
): EpochRecord {
  const record: EpochRecord = {
    epoch,
    loss: sums.lossSum / sums.lossCount,
    metrics: Object.fromEntries(
      run.metrics.map((m, i) => [
        m.name,
        sums.totals[i]!.total / Math.max(sums.totals[i]!.count, 1),
      ]),
    ),
    lr: run.optimizer.paramGroups[0]!.lr,
    steps: clock.step,
    examplesSeen: clock.examplesSeen,
    time: Date.now() - clock.started,
  };
  if (run.validation) {
    const { batchSize = 32 } = run.options;
    const v = evaluate(run.model, run.validation, {
      loss: run.options.loss,
      metrics: run.metrics,
      batchSize: typeof batchSize === "number" ? Math.max(batchSize, 256) : "full",
    });
    record.valLoss = v.loss;
    record.valMetrics = v.metrics;
  }
  return record;
}

/** Early stopping, then the lecture's convergence test on the change of the epoch loss. */
function stopAfterEpoch(
  run: FitRun,
  record: EpochRecord,
  previous: EpochRecord | null,
  stopper: EarlyStopping | null,
): FitStopReason | null {
  const watched = run.monitorVal ? record.valLoss! : record.loss;
  if (stopper?.update(watched, record.epoch, run.model)) return "early-stopping";
  const { tolerance } = run.options;
  if (tolerance !== undefined && previous && Math.abs(previous.loss - record.loss) < tolerance)
    return "tolerance";
  return null;
}

function epochLine(r: EpochRecord, epochs: number): string {
  const metrics = Object.entries(r.metrics)
    .map(([k, v]) => ` ${k} ${v.toFixed(4)}`)
    .join("");
  const val =
    r.valLoss === undefined
      ? ""
      : `  val loss ${r.valLoss.toFixed(4)}${Object.entries(r.valMetrics ?? {})
          .map(([k, v]) => ` val ${k} ${v.toFixed(4)}`)
          .join("")}`;
  return `epoch ${r.epoch + 1}/${epochs}  loss ${r.loss.toFixed(4)}${metrics}${val}  (${(r.time / 1000).toFixed(1)}s)`;
}
