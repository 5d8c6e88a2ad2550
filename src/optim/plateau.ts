/** ReduceLROnPlateau: lowers the learning rate when a watched metric stops improving (torch's). */
import { ArgumentError } from "../errors.js";
import type { Optimizer } from "./optimizer.js";
import { checkOptionNames, checkRange } from "./validate.js";

/** The options of {@link ReduceLROnPlateau}, torch's keyword arguments in camelCase. */
export interface ReduceLROnPlateauOptions {
  /** "min": the metric should fall (a loss); "max": rise (an accuracy). Default "min". */
  mode?: "min" | "max";
  /** Multiply the lr by this when the metric stalls (in (0, 1), default 0.1). */
  factor?: number;
  /** How many steps without improvement to tolerate before lowering (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** "rel": threshold relative to the best value; "abs": absolute (default "rel"). */
  thresholdMode?: "rel" | "abs";
  /** Steps to wait after lowering before counting stalls again (default 0). */
  cooldown?: number;
  /** The lr never goes below this (default 0). */
  minLr?: number;
  /** Changes of the lr smaller than this are skipped (default 1e-8). */
  eps?: number;
}

const PLATEAU_OPTIONS = [
  "mode",
  "factor",
  "patience",
  "threshold",
  "thresholdMode",
  "cooldown",
  "minLr",
  "eps",
] as const satisfies readonly (keyof ReduceLROnPlateauOptions)[];

/**
 * Lowers the lr by `factor` when a metric stops improving for `patience` steps.
 * PyTorch: `torch.optim.lr_scheduler.ReduceLROnPlateau`.
 *
 * @example
 * ```ts
 * const plateau = new optim.ReduceLROnPlateau(opt, { factor: 0.5, patience: 3 });
 * plateau.step(valLoss); // after each epoch
 * ```
 */
export class ReduceLROnPlateau {
  private best: number;
  private badEpochs = 0;
  private cooldownCounter = 0;
  /** How many times step() has been called. */
  lastEpoch = 0;
  private readonly o: Required<ReduceLROnPlateauOptions>;

  /** Watches a metric for `optimizer`; options are checked by name and range. */
  constructor(
    /** The optimizer whose groups' lr it lowers. */
    readonly optimizer: Optimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    this.o = {
      mode: "min",
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      thresholdMode: "rel",
      cooldown: 0,
      minLr: 0,
      eps: 1e-8,
      ...options,
    };
    checkOptionNames("ReduceLROnPlateau", PLATEAU_OPTIONS, options);
    if (!(this.o.factor < 1)) throw new ArgumentError("Factor should be < 1.0.");
    checkRange("ReduceLROnPlateau: invalid factor", this.o.factor, { min: 0, minOpen: true });
    if (this.o.mode !== "min" && this.o.mode !== "max")
      throw new ArgumentError(
        `ReduceLROnPlateau: mode ${String(this.o.mode)} is unknown; use "min" or "max"`,
      );
    if (this.o.thresholdMode !== "rel" && this.o.thresholdMode !== "abs")
      throw new ArgumentError(
        `ReduceLROnPlateau: thresholdMode ${String(this.o.thresholdMode)} is unknown; use "rel" or "abs"`,
      );
    for (const key of ["patience", "cooldown"] as const) {
      if (!Number.isInteger(this.o[key]) || this.o[key] < 0)
        throw new ArgumentError(
          `ReduceLROnPlateau: ${key} must be a non-negative integer, got ${this.o[key]}`,
        );
    }
    checkRange("ReduceLROnPlateau: invalid threshold", this.o.threshold, { min: 0 });
    checkRange("ReduceLROnPlateau: invalid minLr", this.o.minLr, { min: 0 });
    checkRange("ReduceLROnPlateau: invalid eps", this.o.eps, { min: 0 });
    this.best = this.o.mode === "min" ? Infinity : -Infinity;
  }

  private isBetter(value: number): boolean {
    const { mode, thresholdMode, threshold } = this.o;
    if (mode === "min")
      return thresholdMode === "rel"
        ? value < this.best * (1 - threshold)
        : value < this.best - threshold;
    return thresholdMode === "rel"
      ? value > this.best * (threshold + 1)
      : value > this.best + threshold;
  }

  /** Reports this step's metric (e.g. validation loss). */
  step(metric: number): void {
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.badEpochs = 0;
    } else {
      this.badEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > this.o.patience) {
      for (const group of this.optimizer.paramGroups) {
        const lr = Math.max(group.lr * this.o.factor, this.o.minLr);
        if (group.lr - lr > this.o.eps) group.lr = lr;
      }
      this.cooldownCounter = this.o.cooldown;
      this.badEpochs = 0;
    }
  }

  /** The current lr of each parameter group. PyTorch: `get_last_lr()`. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }
}
