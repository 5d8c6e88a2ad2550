/** What fit() returns: plain records of every optimizer step and every epoch. */

export type FitStopReason = "epochs" | "early-stopping" | "tolerance" | "aborted" | "diverged";

export interface StepRecord {
  epoch: number;
  /** Optimizer steps so far, counting from 0. */
  step: number;
  /** The first batch of this step within its epoch. */
  batch: number;
  /** The mean training loss of the batches in this step. */
  loss: number;
  lr: number;
  /** ‖∇‖ over all parameters, before clipping. */
  gradNorm: number;
  /** Training examples seen so far, after this step. */
  examplesSeen: number;
  /** Milliseconds since fit() began. */
  time: number;
}

export interface EpochRecord {
  epoch: number;
  /** The mean training loss over the epoch's examples. */
  loss: number;
  /** Training metrics, from the outputs seen during the epoch. */
  metrics: Record<string, number>;
  valLoss?: number;
  valMetrics?: Record<string, number>;
  /** The lr at the end of the epoch. */
  lr: number;
  steps: number;
  examplesSeen: number;
  time: number;
}

export interface History {
  steps: StepRecord[];
  epochs: EpochRecord[];
  stopReason: FitStopReason;
  /** The epoch whose weights the model holds at the end when early stopping restored them. */
  bestEpoch: number | null;
  elapsedMs: number;
}
