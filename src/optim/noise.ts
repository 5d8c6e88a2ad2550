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

/** How much noise {@link NoisyOptimizer} adds after each step, and its seed. */
export interface NoiseOptions {
  /** The standard deviation σ of the noise: a number, or a schedule of the step. */
  scale: number | Schedule;
  /** Seed of the noise's own generator (default 0), so runs are reproducible. */
  seed?: number;
}

/**
 * Wraps an optimizer so that every step() also adds Gaussian noise to the parameters it updated.
 * No PyTorch equivalent (torch has no perturbed-GD wrapper).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "descentjs";
 * const x = tensor([2], { requiresGrad: true });
 * const opt = optim.withNoise(new optim.GD([x], { lr: 0.01 }), { scale: 0.05, seed: 1 });
 * opt.zeroGrad();
 * x.pow(4).sub(x.square().mul(4)).add(x).sum().backward(); // the double well x⁴ − 4x² + x
 * opt.step(); // the GD step, then x ← x + 0.05·ξ
 * ```
 */
export class NoisyOptimizer {
  /** The noise's own seeded generator (torch's MT19937), apart from the global one. */
  readonly generator: Generator;
  private readonly scale: Schedule;
  /** The noise added by the last step, per parameter (for trajectories and pictures). */
  lastNoise = new Map<Tensor, Tensor>();

  /** Wraps `inner`; `options.scale` is σ or a schedule σₜ of the step. */
  constructor(
    /** The optimizer whose steps get noise; its groups and state are this one's. */
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

  /** The wrapped optimizer's parameter groups (schedulers change their lr here). */
  get paramGroups() {
    return this.inner.paramGroups;
  }

  /** The wrapped optimizer's per-parameter state. */
  get state() {
    return this.inner.state;
  }

  /** How many steps the wrapped optimizer has taken. */
  get stepCount(): number {
    return this.inner.stepCount;
  }

  /** Forgets gradients, as the wrapped optimizer's zeroGrad. */
  zeroGrad(setToNone = true): void {
    this.inner.zeroGrad(setToNone);
  }

  /** The σ used at step t (0-based). */
  scaleAt(t: number): number {
    return this.scale(t);
  }

  /** The wrapped optimizer's step, then noise of σₜ (t = steps taken before) on each updated parameter. */
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
