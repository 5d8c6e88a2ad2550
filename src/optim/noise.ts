/**
 * Noise while walking: after each optimizer step, θ ← θ + σₜ·ξ with ξ ~ N(0, I) from a seeded
 * generator (perturbed gradient descent; with σₜ = √(2γT) it is Langevin dynamics). The
 * lecture's second way out of a local minimum; σₜ can follow a schedule so that the walk settles.
 */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { randnLike } from "../tensor/create.js";
import { Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Optimizer } from "./optimizer.js";
import type { Schedule } from "./schedules.js";

export interface NoiseOptions {
  /** The standard deviation σ of the noise: a number, or a schedule of the step. */
  scale: number | Schedule;
  /** Seed of the noise's own generator (default 0), so runs are reproducible. */
  seed?: number;
}

/** Wraps an optimizer so that every step() also adds Gaussian noise to the parameters it updated. */
export class NoisyOptimizer {
  readonly generator: Generator;
  private readonly scale: Schedule;
  /** The noise added by the last step, per parameter (for trajectories and pictures). */
  lastNoise = new Map<Tensor, Tensor>();

  constructor(
    readonly inner: Optimizer,
    options: NoiseOptions,
  ) {
    const { scale, seed = 0 } = options;
    if (typeof scale === "number" && !(scale >= 0)) {
      throw new ArgumentError(
        `NoisyOptimizer: scale must be a non-negative number or a schedule, got ${scale}`,
      );
    }
    this.scale = typeof scale === "number" ? () => scale : scale;
    this.generator = new Generator(seed);
  }

  get paramGroups() {
    return this.inner.paramGroups;
  }

  get state() {
    return this.inner.state;
  }

  get stepCount(): number {
    return this.inner.stepCount;
  }

  zeroGrad(setToNone = true): void {
    this.inner.zeroGrad(setToNone);
  }

  /** The σ used at step t (0-based). */
  scaleAt(t: number): number {
    return this.scale(t);
  }

  step(closure?: () => number): number | undefined {
    const sigma = this.scale(this.inner.stepCount);
    const updated = this.inner.paramGroups.flatMap((g) => g.params).filter((p) => p.grad !== null);
    const loss = this.inner.step(closure);
    this.lastNoise.clear();
    noGrad(() => {
      for (const p of updated) {
        const xi = randnLike(p, { generator: this.generator }).mul(sigma);
        p.add_(xi);
        this.lastNoise.set(p, xi);
      }
    });
    return loss;
  }
}

/** Shorthand for `new NoisyOptimizer(optimizer, options)`. */
export function withNoise(optimizer: Optimizer, options: NoiseOptions): NoisyOptimizer {
  return new NoisyOptimizer(optimizer, options);
}
