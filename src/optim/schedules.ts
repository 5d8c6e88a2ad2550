/**
 * Learning-rate schedules as pure functions `(step) => lr`, so they can be plotted before
 * training, and LRScheduler, which applies one to an optimizer's groups (torch.optim.lr_scheduler).
 * The values equal torch's schedulers' for the same settings.
 */
import { powInt } from "./int-pow.js";
import { ArgumentError } from "../errors.js";
import type { Optimizer } from "./optimizer.js";

/** The learning rate at a step (0 = before the first scheduler step). */
export type Schedule = (step: number) => number;

export function constantLR(lr: number): Schedule {
  return () => lr;
}

/** lr·γ^⌊t / stepSize⌋ (torch StepLR). */
export function stepLR(lr: number, options: { stepSize: number; gamma?: number }): Schedule {
  const { stepSize, gamma = 0.1 } = options;
  if (!(stepSize > 0))
    throw new ArgumentError(`stepLR: stepSize must be positive, got ${stepSize}`);
  return (t) => lr * gamma ** Math.floor(t / stepSize);
}

/** lr·γ^(number of milestones ≤ t) (torch MultiStepLR). */
export function multiStepLR(
  lr: number,
  options: { milestones: readonly number[]; gamma?: number },
): Schedule {
  const { milestones, gamma = 0.1 } = options;
  return (t) => lr * powInt(gamma, milestones.filter((m) => m <= t).length);
}

/** lr·γᵗ (torch ExponentialLR). */
export function exponentialLR(lr: number, options: { gamma: number }): Schedule {
  // γᵗ correctly rounded at integer steps (the same in every engine)
  return (t) =>
    lr * (Number.isSafeInteger(t) && t >= 0 ? powInt(options.gamma, t) : options.gamma ** t);
}

/** η_min + (lr − η_min)(1 + cos(πt/T_max))/2 (torch CosineAnnealingLR). */
export function cosineAnnealingLR(
  lr: number,
  options: { tMax: number; etaMin?: number },
): Schedule {
  const { tMax, etaMin = 0 } = options;
  if (!(tMax > 0)) throw new ArgumentError(`cosineAnnealingLR: tMax must be positive, got ${tMax}`);
  return (t) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
}

/** Linear warm-up of the factor from startFactor to endFactor over totalIters steps (torch LinearLR). */
export function linearLR(
  lr: number,
  options: { startFactor?: number; endFactor?: number; totalIters?: number } = {},
): Schedule {
  const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
  if (!(startFactor > 0 && startFactor <= 1)) {
    throw new ArgumentError(`linearLR: startFactor must be in (0, 1], got ${startFactor}`);
  }
  return (t) =>
    lr * (startFactor + ((endFactor - startFactor) * Math.min(t, totalIters)) / totalIters);
}

export interface OneCycleOptions {
  totalSteps: number;
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

/**
 * Up from maxLr/divFactor to maxLr, then down to a tiny value (Smith & Topin, 2017; torch
 * OneCycleLR's learning rates — momentum is not cycled).
 */
export function oneCycleLR(maxLr: number, options: OneCycleOptions): Schedule {
  const {
    totalSteps,
    pctStart = 0.3,
    annealStrategy = "cos",
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
  } = options;
  if (!(totalSteps > 0))
    throw new ArgumentError(`oneCycleLR: totalSteps must be positive, got ${totalSteps}`);
  const initial = maxLr / divFactor;
  const minLr = initial / finalDivFactor;
  const phases = threePhase
    ? [
        { end: pctStart * totalSteps - 1, from: initial, to: maxLr },
        { end: 2 * pctStart * totalSteps - 2, from: maxLr, to: initial },
        { end: totalSteps - 1, from: initial, to: minLr },
      ]
    : [
        { end: pctStart * totalSteps - 1, from: initial, to: maxLr },
        { end: totalSteps - 1, from: maxLr, to: minLr },
      ];
  const anneal = (from: number, to: number, pct: number) =>
    annealStrategy === "cos"
      ? to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (to - from) * pct + from;
  return (t) => {
    if (t > totalSteps) {
      throw new ArgumentError(`oneCycleLR: step ${t} is past totalSteps ${totalSteps}`);
    }
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i]!;
      if (t <= phase.end || i === phases.length - 1)
        return anneal(phase.from, phase.to, (t - start) / (phase.end - start));
      start = phase.end;
    }
    return minLr;
  };
}

/**
 * Sets each parameter group's lr from a schedule made from that group's initial lr; call step()
 * once per epoch (or per batch, as you define the step).
 *
 * @example const scheduler = new LRScheduler(optimizer, (lr) => cosineAnnealingLR(lr, { tMax: 50 }));
 */
export class LRScheduler {
  /** Steps taken so far (torch's last_epoch). */
  lastEpoch = 0;
  private readonly schedules: Schedule[];

  constructor(
    readonly optimizer: Optimizer,
    makeSchedule: (initialLr: number) => Schedule,
  ) {
    this.schedules = optimizer.paramGroups.map((group) => makeSchedule(group.lr));
    this.apply();
  }

  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }

  private apply(): void {
    this.optimizer.paramGroups.forEach(
      (group, i) => (group.lr = this.schedules[i]!(this.lastEpoch)),
    );
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  minLr?: number;
  eps?: number;
}

/** Lowers the lr by `factor` when a metric stops improving for `patience` steps (torch ReduceLROnPlateau). */
export class ReduceLROnPlateau {
  private best: number;
  private badEpochs = 0;
  private cooldownCounter = 0;
  lastEpoch = 0;
  private readonly o: Required<ReduceLROnPlateauOptions>;

  constructor(
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
    if (!(this.o.factor < 1)) throw new ArgumentError("Factor should be < 1.0.");
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

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }
}
