/**
 * Learning-rate schedules as pure functions `(step) => lr`, so they can be plotted before
 * training, and LRScheduler, which applies one to an optimizer's groups (torch.optim.lr_scheduler).
 * The values equal torch's schedulers' for the same settings.
 */
import { powInt } from "./int-pow.js";
import { ArgumentError } from "../errors.js";
import type { Optimizer } from "./optimizer.js";
import { checkOptionNames, checkRange } from "./validate.js";

/** The learning rate at a step (0 = before the first scheduler step). */
export type Schedule = (step: number) => number;

/** A schedule's own checks: a finite, non-negative learning rate and known option names. */
function checkSchedule(owner: string, lr: number, options: object, known: readonly string[]): void {
  checkRange(`${owner}: invalid learning rate`, lr, { min: 0 });
  checkOptionNames(owner, known, options);
}

function checkCount(label: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ArgumentError(`${label} must be a positive integer, got ${value}`);
  }
}

/**
 * The same lr at every step. PyTorch: no factor here — torch's `ConstantLR` multiplies by a
 * factor for a number of steps; `linearLR` with equal factors does that.
 */
export function constantLR(lr: number): Schedule {
  checkSchedule("constantLR", lr, {}, []);
  return () => lr;
}

/** lr·γ^⌊t / stepSize⌋ (torch StepLR). */
export function stepLR(lr: number, options: { stepSize: number; gamma?: number }): Schedule {
  const { stepSize, gamma = 0.1 } = options;
  checkSchedule("stepLR", lr, options, ["stepSize", "gamma"]);
  checkCount("stepLR: stepSize", stepSize);
  checkRange("stepLR: invalid gamma", gamma, { min: 0 });
  return (t) => lr * gamma ** Math.floor(t / stepSize);
}

/** lr·γ^(number of milestones ≤ t) (torch MultiStepLR). */
export function multiStepLR(
  lr: number,
  options: { milestones: readonly number[]; gamma?: number },
): Schedule {
  const { milestones, gamma = 0.1 } = options;
  checkSchedule("multiStepLR", lr, options, ["milestones", "gamma"]);
  checkRange("multiStepLR: invalid gamma", gamma, { min: 0 });
  if (
    !milestones.every(
      (m, i) => Number.isInteger(m) && m >= 0 && (i === 0 || m > milestones[i - 1]!),
    )
  ) {
    throw new ArgumentError(
      `multiStepLR: milestones should be a list of increasing non-negative integers, got [${milestones.join(", ")}]`,
    );
  }
  return (t) => lr * powInt(gamma, milestones.filter((m) => m <= t).length);
}

/** lr·γᵗ (torch ExponentialLR). */
export function exponentialLR(lr: number, options: { gamma: number }): Schedule {
  checkSchedule("exponentialLR", lr, options, ["gamma"]);
  checkRange("exponentialLR: invalid gamma", options.gamma, { min: 0 });
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
  checkSchedule("cosineAnnealingLR", lr, options, ["tMax", "etaMin"]);
  if (!(tMax > 0 && Number.isFinite(tMax)))
    throw new ArgumentError(`cosineAnnealingLR: tMax must be positive, got ${tMax}`);
  checkRange("cosineAnnealingLR: invalid etaMin", etaMin, { min: 0 });
  return (t) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
}

/** Linear warm-up of the factor from startFactor to endFactor over totalIters steps (torch LinearLR). */
export function linearLR(
  lr: number,
  options: { startFactor?: number; endFactor?: number; totalIters?: number } = {},
): Schedule {
  const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
  checkSchedule("linearLR", lr, options, ["startFactor", "endFactor", "totalIters"]);
  if (!(startFactor > 0 && startFactor <= 1)) {
    throw new ArgumentError(`linearLR: startFactor must be in (0, 1], got ${startFactor}`);
  }
  checkRange("linearLR: invalid endFactor", endFactor, { min: 0, max: 1 });
  checkCount("linearLR: totalIters", totalIters);
  return (t) =>
    lr * (startFactor + ((endFactor - startFactor) * Math.min(t, totalIters)) / totalIters);
}

/** The options of {@link oneCycleLR}, torch OneCycleLR's keyword arguments in camelCase. */
export interface OneCycleOptions {
  /** The number of steps in the cycle (torch: total_steps, or epochs × steps_per_epoch). */
  totalSteps: number;
  /** The fraction of the cycle spent rising (default 0.3). */
  pctStart?: number;
  /** How the lr moves between phases: cosine or linear (default "cos"). */
  annealStrategy?: "cos" | "linear";
  /** The start is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The end is the start / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Come back down to the start before annealing to the end, as in fast.ai (default false). */
  threePhase?: boolean;
}

/**
 * Up from maxLr/divFactor to maxLr, then down to a tiny value (Smith & Topin, 2017; torch
 * OneCycleLR's learning rates — momentum is not cycled).
 * PyTorch: `torch.optim.lr_scheduler.OneCycleLR` (lr only: a deviation).
 *
 * @example
 * ```ts
 * const schedule = optim.oneCycleLR(0.1, { totalSteps: 1000 });
 * schedule(0); // 0.004 (= 0.1 / 25)
 * ```
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
  checkSchedule("oneCycleLR", maxLr, options, [
    "totalSteps",
    "pctStart",
    "annealStrategy",
    "divFactor",
    "finalDivFactor",
    "threePhase",
  ]);
  checkCount("oneCycleLR: totalSteps", totalSteps);
  if (!(pctStart > 0 && pctStart < 1))
    throw new ArgumentError(`oneCycleLR: expected pctStart between 0 and 1, got ${pctStart}`);
  checkRange("oneCycleLR: invalid divFactor", divFactor, { min: 0, minOpen: true });
  checkRange("oneCycleLR: invalid finalDivFactor", finalDivFactor, { min: 0, minOpen: true });
  if (annealStrategy !== "cos" && annealStrategy !== "linear")
    throw new ArgumentError(
      `oneCycleLR: annealStrategy must be "cos" or "linear", got ${String(annealStrategy)}`,
    );
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
 * The schedule's lr at `step`, refused unless finite and non-negative: a schedule that returns
 * −5 would turn descent into ascent and the run would "end" by its epochs, diverged.
 * (LRScheduler allows a negative one: torch's linear one-cycle overshoots below 0 at its very
 * last step, and its values are kept equal to torch's.)
 */
export function scheduledLr(
  schedule: Schedule,
  step: number,
  owner: string,
  allowNegative = false,
): number {
  const lr = schedule(step);
  if (typeof lr !== "number" || !Number.isFinite(lr) || (lr < 0 && !allowNegative)) {
    throw new ArgumentError(
      `${owner}: the schedule returned a learning rate of ${String(lr)} at step ${step}; a schedule must return a finite number${allowNegative ? "" : " ≥ 0"}`,
    );
  }
  return lr;
}

/**
 * Sets each parameter group's lr from a schedule made from that group's initial lr; call step()
 * once per epoch (or per batch, as you define the step).
 *
 * PyTorch: `torch.optim.lr_scheduler.LRScheduler` and its subclasses, one class for all here.
 *
 * @example
 * ```ts
 * const scheduler = new optim.LRScheduler(opt, (lr) => optim.cosineAnnealingLR(lr, { tMax: 50 }));
 * scheduler.step(); // after each epoch's optimizer steps
 * ```
 */
export class LRScheduler {
  /** Steps taken so far (torch's last_epoch). */
  lastEpoch = 0;
  private readonly schedules: Schedule[];

  /** `makeSchedule` builds each group's schedule from that group's initial lr; step 0 is applied now. */
  constructor(
    /** The optimizer whose groups' lr it sets. */
    readonly optimizer: Optimizer,
    makeSchedule: (initialLr: number) => Schedule,
  ) {
    this.schedules = optimizer.paramGroups.map((group) => makeSchedule(group.lr));
    this.apply();
  }

  /** Advances one step and sets every group's lr to its schedule's value there. */
  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  /** The current lr of each parameter group. PyTorch: `get_last_lr()`. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }

  private apply(): void {
    this.optimizer.paramGroups.forEach(
      (group, i) =>
        (group.lr = scheduledLr(this.schedules[i]!, this.lastEpoch, "LRScheduler", true)),
    );
  }
}
