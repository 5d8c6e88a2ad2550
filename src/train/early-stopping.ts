/** Early stopping for fit(): watches a loss per epoch and keeps the best weights. */
import type { Module } from "../nn/module.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * When early stopping (the `EarlyStopping` callback) ends training: after `patience` epochs without an improvement of at
 * least `minDelta` in the monitored loss, optionally restoring the best epoch's weights.
 */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping (default true). */
  restoreBest?: boolean;
  /** What to watch: the validation loss when there is validation data, else the training loss. */
  monitor?: "loss" | "val-loss";
}

export class EarlyStopping {
  private best = Infinity;
  private bestState: Record<string, Tensor> | null = null;
  private epochsWithoutImprovement = 0;
  /** The epoch of the best value so far. */
  bestEpoch: number | null = null;

  constructor(readonly options: EarlyStoppingOptions) {}

  /** Records an epoch's watched value; returns true when patience has run out. */
  update(watched: number, epoch: number, model: Module): boolean {
    const { patience, minDelta = 0, restoreBest = true } = this.options;
    if (watched < this.best - minDelta) {
      this.best = watched;
      this.bestEpoch = epoch;
      this.epochsWithoutImprovement = 0;
      if (restoreBest)
        this.bestState = Object.fromEntries(
          Object.entries(model.stateDict()).map(([k, v]) => [k, v.clone()]),
        );
      return false;
    }
    return ++this.epochsWithoutImprovement >= patience;
  }

  /** Puts the best epoch's weights back into the model (when restoreBest kept them). */
  restore(model: Module): void {
    if (this.bestState) model.loadStateDict(this.bestState);
  }
}
