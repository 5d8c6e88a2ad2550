/** What fit() returns: plain records of every optimizer step and every epoch. */

/**
 * Why fit() ended: every epoch ran, early stopping, the loss changed by less than `tolerance`,
 * the AbortSignal fired, or the loss became NaN or infinite.
 */
export type FitStopReason = "epochs" | "early-stopping" | "tolerance" | "aborted" | "diverged";

/** One optimizer step of fit(), as plain data. */
export interface StepRecord {
  /** The epoch of this step, counting from 0. */
  epoch: number;
  /** Optimizer steps so far, counting from 0. */
  step: number;
  /** The first batch of this step within its epoch. */
  batch: number;
  /** The mean training loss of the batches in this step. */
  loss: number;
  /** The learning rate of the first parameter group at this step. */
  lr: number;
  /** ‖∇‖ over all parameters, before clipping. */
  gradNorm: number;
  /** Training examples seen so far, after this step. */
  examplesSeen: number;
  /** Milliseconds since fit() began. */
  time: number;
}

/** One epoch of fit(), as plain data: training and validation loss and metrics. */
export interface EpochRecord {
  /** The epoch, counting from 0. */
  epoch: number;
  /** The mean training loss over the epoch's examples. */
  loss: number;
  /** Training metrics, from the outputs seen during the epoch. */
  metrics: Record<string, number>;
  /** The mean loss on the validation data after the epoch (when there is validation data). */
  valLoss?: number;
  /** The metrics on the validation data after the epoch. */
  valMetrics?: Record<string, number>;
  /** The lr at the end of the epoch. */
  lr: number;
  /** Optimizer steps taken so far, after this epoch. */
  steps: number;
  /** Training examples seen so far, after this epoch. */
  examplesSeen: number;
  /** Milliseconds since fit() began, at the end of the epoch. */
  time: number;
}

/**
 * What fit() returns: plain records of the steps and epochs, why it stopped, and how long it
 * took. No PyTorch equivalent (torch leaves the loop and its records to you); it serialises as
 * JSON as it is.
 */
export interface History {
  /**
   * Step records, every `stepStride`-th step: past `historyLimit` records (fit's option, default
   * 10,000) every other one is dropped and the stride doubles, so long runs stay bounded.
   */
  steps: StepRecord[];
  /** Which steps `steps` keeps: those whose step number is a multiple of this (1 = all). */
  stepStride: number;
  /** Optimizer steps taken in this run, whether or not their records were kept. */
  totalSteps: number;
  /** Epoch records, every `epochStride`-th epoch, bounded by `historyLimit` in the same way. */
  epochs: EpochRecord[];
  /** Which epochs `epochs` keeps: multiples of this (1 = all). */
  epochStride: number;
  /** Why the run ended. */
  stopReason: FitStopReason;
  /** The epoch whose weights the model holds at the end when early stopping restored them. */
  bestEpoch: number | null;
  /** Wall-clock milliseconds the run took. */
  elapsedMs: number;
}

/** Appends step records to a History, halving them (and doubling the stride) past `limit`. */
export function recordStep(history: History, record: StepRecord, limit: number): void {
  history.totalSteps++;
  if (record.step % history.stepStride !== 0) return;
  history.steps.push(record);
  if (history.steps.length > limit) {
    history.stepStride *= 2;
    history.steps = history.steps.filter((r) => r.step % history.stepStride === 0);
  }
}

/** Appends an epoch record, bounded like the steps. */
export function recordEpoch(history: History, record: EpochRecord, limit: number): void {
  if (record.epoch % history.epochStride !== 0) return;
  history.epochs.push(record);
  if (history.epochs.length > limit) {
    history.epochStride *= 2;
    history.epochs = history.epochs.filter((r) => r.epoch % history.epochStride === 0);
  }
}
