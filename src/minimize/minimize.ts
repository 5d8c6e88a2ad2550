/**
 * minimize(f, x0): gradient descent on a plain function with any optimizer, recorded step by step
 * as plain data (the trajectory) and ended for a stated reason.
 */
import { checkMinimizeOptions, noGradientAtStart, outsideDomain } from "./checks.js";
import { ArgumentError } from "../errors.js";
import { copyOf, toNumbers, viewOf } from "../autograd/kernels.js";
import { tensor } from "../tensor/create.js";
import { Tensor } from "../tensor/tensor.js";
import type { Optimizer } from "../optim/optimizer.js";
import { NoisyOptimizer, type NoiseOptions } from "../optim/noise.js";
import type { Schedule } from "../optim/schedules.js";
import { compileExpression } from "./expression.js";
import { galleryFunction } from "./gallery.js";
import { createOptimizer, type OptimizerOptions } from "./optimizers.js";

/**
 * Why a run ended: the gradient norm, the change in f or the step fell under its tolerance, the
 * iteration ceiling or the time budget was reached, or f or x stopped being finite ("diverged").
 */
export type StopReason =
  | "gradient-tolerance"
  | "value-tolerance"
  | "step-tolerance"
  | "max-iterations"
  | "time-budget"
  | "diverged";

/** One iteration: where we were, what we saw there, and the step taken from there. */
export interface TrajectoryPoint {
  /** The iteration, counting from 0 (the start). */
  iteration: number;
  /** Where we were. */
  x: number[];
  /** f(x) there. */
  value: number;
  /** ∇f(x) there. */
  grad: number[];
  /** ‖∇f(x)‖₂. */
  gradNorm: number;
  /** The learning rate of the step taken from here. */
  lr: number;
  /** x(next) − x; absent at the last point. */
  update?: number[];
  /** The optimizer's velocity after the step (momentum buffer, or Adam's first moment). */
  velocity?: number[];
  /** The noise added after the step, when noise is on. */
  noise?: number[];
}

/** What minimize() returns: the end point, why it stopped, and the whole path as plain data. */
export interface MinimizeResult {
  /** The final point. */
  x: number[];
  /** f at the final point. */
  value: number;
  /** Optimizer steps taken. */
  iterations: number;
  /** Whether a tolerance (gradient, value or step) stopped it. */
  converged: boolean;
  /** Why it stopped. */
  reason: StopReason;
  /** Variable names, in the order of x (["x"] or ["x", "y"] for expressions over x and y). */
  variables: string[];
  /** Every recorded point, the start first and the final point last. */
  trajectory: TrajectoryPoint[];
  /** Which iterations `trajectory` keeps: multiples of this (1 = all), and the last one. */
  trajectoryStride: number;
  /** A short human description of the optimizer. */
  optimizer: string;
}

/**
 * How {@link minimize} runs: the optimizer and its learning rate or schedule, the stopping rules
 * (tolerances, iteration ceiling, time budget) and what is recorded. Unknown names are refused.
 */
export interface MinimizeOptions {
  /** A name (gd, sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad) or a factory. Default "gd". */
  optimizer?: string | ((params: Tensor[]) => Optimizer);
  /** Learning rate (default: the gallery function's rate for the optimizer, else DEFAULT_LR). */
  lr?: number;
  /** More options for a named optimizer (momentum, betas, nesterov, weightDecay...). */
  optimizerOptions?: OptimizerOptions;
  /** The learning rate as a function of the iteration; overrides lr. */
  schedule?: Schedule;
  /** Stop after this many steps (default 10,000). */
  maxIters?: number;
  /** Stop when ‖∇f‖ < gradTol (default 1e-6). */
  gradTol?: number;
  /** Stop when |f(xₖ) − f(xₖ₋₁)| < valueTol (default 0: off). */
  valueTol?: number;
  /** Stop when ‖xₖ₊₁ − xₖ‖ < stepTol (default 1e-10). */
  stepTol?: number;
  /** Stop after this many milliseconds. */
  timeBudgetMs?: number;
  /** Stop as diverged when |f| exceeds this (default 1e12), or f or ∇f is not finite. */
  divergence?: number;
  /** Gaussian noise after each step: its standard deviation (number or schedule) or full options. */
  noise?: number | Schedule | NoiseOptions;
  /** Seed of the noise (default 0). */
  seed?: number;
  /** Record the trajectory (default true); off, only the final point is kept. */
  record?: boolean;
  /**
   * At most this many trajectory points (default 10,000): past it every other point is dropped
   * and `trajectoryStride` doubles, so long runs keep bounded memory. The last point is kept.
   */
  maxPoints?: number;
}

/** A function of one 1-D tensor of the variables, or of one tensor per variable. */
export type Objective = string | ((x: Tensor) => Tensor);

/** An objective ready to minimise: its variables' names and f of the 1-D tensor of them. */
export interface CompiledObjective {
  /** The variables in the order of x (x, y for the gallery's 2-D functions). */
  variables: string[];
  /** f(x), a 0-d tensor, for x a 1-D tensor of the variables' values. */
  f: (x: Tensor) => Tensor;
}

/** The lr option: the user's, else the gallery function's rate for this optimizer, else none. */
function lrFor(f: Objective, optimizer: string, lr: number | undefined): { lr?: number } {
  if (lr !== undefined) return { lr };
  const own = typeof f === "string" ? galleryFunction(f)?.lr?.[optimizer] : undefined;
  return own !== undefined ? { lr: own } : {};
}

/** Resolves a gallery name, an expression, or a function of a 1-D tensor. */
export function compileObjective(f: Objective, dims?: number): CompiledObjective {
  if (typeof f === "function") {
    const n = dims ?? 1;
    return {
      variables:
        n === 1 ? ["x"] : n === 2 ? ["x", "y"] : Array.from({ length: n }, (_, i) => `x${i}`),
      f,
    };
  }
  const source = galleryFunction(f)?.expression ?? f;
  const { variables, f: g } = compileExpression(source);
  return {
    variables,
    f: (x: Tensor) => g(...variables.map((_, i) => x.narrow(0, i, 1).reshape([]))),
  };
}

function startPoint(
  x0: number | readonly number[] | Record<string, number> | Tensor,
  variables?: string[],
): Tensor {
  if (x0 instanceof Tensor) return x0;
  if (typeof x0 === "number") return tensor([x0], { dtype: "float64" });
  if (Array.isArray(x0)) return tensor(x0 as number[], { dtype: "float64" });
  const record = x0 as Record<string, number>;
  const names = variables ?? Object.keys(record);
  return tensor(
    names.map((name) => {
      const v = record[name];
      if (v === undefined)
        throw new ArgumentError(`minimize: the start point has no value for variable "${name}"`);
      return v;
    }),
    { dtype: "float64" },
  );
}

function describeOptimizer(options: MinimizeOptions, lr: number): string {
  const name = typeof options.optimizer === "function" ? "custom" : (options.optimizer ?? "gd");
  const noise = options.noise === undefined ? "" : " + noise";
  return options.schedule ? `${name} (scheduled lr)${noise}` : `${name} (lr ${lr})${noise}`;
}

const l2 = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

/**
 * Minimizes f from x0 and returns the final point, why it stopped, and every step. `f` is an
 * expression over x (and y, …), a gallery name, or a function of the 1-D tensor of the variables;
 * the gradient comes from autograd in float64. No PyTorch equivalent (the loop one writes around
 * `torch.optim`; `scipy.optimize.minimize` for the idea), with torch's optimizers inside.
 *
 * @example
 * ```ts
 * import { minimize } from "descentjs";
 * const result = minimize("x^4 - 3x^3 + 2", 3, { optimizer: "gd", lr: 0.01 });
 * result.x; // ≈ [2.25]
 * result.reason; // "gradient-tolerance"
 * result.trajectory.length; // the start and every step
 * ```
 */
export function minimize(
  f: Objective,
  x0: number | readonly number[] | Record<string, number> | Tensor,
  options: MinimizeOptions = {},
): MinimizeResult {
  const dims =
    x0 instanceof Tensor
      ? x0.numel()
      : typeof x0 === "number"
        ? 1
        : Array.isArray(x0)
          ? x0.length
          : undefined;
  const compiled = compileObjective(f, dims);
  const x = startPoint(x0, compiled.variables);
  if (x.numel() !== compiled.variables.length) {
    throw new ArgumentError(
      `minimize: the function has ${compiled.variables.length} variable(s) (${compiled.variables.join(", ")}) but the start point has ${x.numel()} value(s)`,
    );
  }
  if (!x.requiresGrad) x.requiresGrad_();
  const {
    maxIters = 10_000,
    gradTol = 1e-6,
    valueTol = 0,
    stepTol = 1e-10,
    timeBudgetMs = Infinity,
    divergence = 1e12,
    record = true,
    maxPoints = 10_000,
  } = options;
  checkMinimizeOptions(options);
  const inner =
    typeof options.optimizer === "function"
      ? options.optimizer([x])
      : createOptimizer(options.optimizer ?? "gd", [x], {
          ...options.optimizerOptions,
          ...lrFor(f, options.optimizer ?? "gd", options.lr),
        });
  const noise = options.noise;
  const optimizer =
    noise === undefined
      ? inner
      : new NoisyOptimizer(
          inner,
          typeof noise === "object" ? noise : { scale: noise, seed: options.seed ?? 0 },
        );
  const group = inner.paramGroups[0]!;
  const trajectory: TrajectoryPoint[] = [];
  const started = Date.now();
  let previousValue = NaN;
  let reason: StopReason = "max-iterations";
  let last: TrajectoryPoint | null = null;
  let stopAfterRecording: StopReason | null = null;
  let stride = 1;

  for (let iteration = 0; ; iteration++) {
    if (options.schedule) group.lr = options.schedule(iteration);
    optimizer.zeroGrad();
    const out = compiled.f(x);
    if (out.numel() !== 1) {
      throw new ArgumentError(
        `minimize: the function must return a single value, it returned shape [${out.shape.join(", ")}]`,
      );
    }
    const value = out.item();
    const point: TrajectoryPoint = {
      iteration,
      x: toNumbers(x),
      value,
      grad: [],
      gradNorm: NaN,
      lr: group.lr,
    };
    if (iteration === 0 && !Number.isFinite(value))
      throw outsideDomain(compiled.variables, point.x, value);
    if (!Number.isFinite(value) || Math.abs(value) > divergence) {
      reason = "diverged";
      break;
    }
    if (out.requiresGrad) out.backward();
    const grad = x.grad ? toNumbers(x.grad) : new Array<number>(x.numel()).fill(0);
    point.grad = grad;
    point.gradNorm = l2(grad);
    if (!grad.every(Number.isFinite)) {
      if (iteration === 0) throw noGradientAtStart(compiled.variables, point.x, value, grad);
      reason = "diverged";
      break;
    }
    if (!record) trajectory[0] = point;
    else {
      // the previous point stays only if it is on the stride (it was kept as the latest)
      const previous = trajectory.at(-1);
      if (previous && previous.iteration % stride !== 0) trajectory.pop();
      trajectory.push(point);
      if (trajectory.length > maxPoints) {
        stride *= 2;
        const kept = trajectory.filter((p) => p.iteration % stride === 0);
        if (point.iteration % stride !== 0) kept.push(point);
        trajectory.length = 0;
        trajectory.push(...kept);
      }
    }
    last = point;
    if (stopAfterRecording) {
      reason = stopAfterRecording;
      break;
    }
    if (point.gradNorm < gradTol) {
      reason = "gradient-tolerance";
      break;
    }
    if (iteration > 0 && Math.abs(value - previousValue) < valueTol) {
      reason = "value-tolerance";
      break;
    }
    if (iteration >= maxIters) {
      reason = "max-iterations";
      break;
    }
    if (Date.now() - started > timeBudgetMs) {
      reason = "time-budget";
      break;
    }
    previousValue = value;
    const before = copyOf(x);
    optimizer.step();
    const update = toNumbers(x).map((v, i) => v - before[i]!);
    point.update = update;
    const state = inner.state.get(x);
    const velocity = state?.momentumBuffer ?? state?.expAvg;
    if (velocity instanceof Tensor) point.velocity = toNumbers(velocity);
    if (optimizer instanceof NoisyOptimizer) {
      const xi = optimizer.lastNoise.get(x);
      if (xi) point.noise = toNumbers(xi);
    }
    if (!viewOf(x).every(Number.isFinite)) {
      reason = "diverged";
      delete point.update;
      break;
    }
    // A step too small to matter: record where it landed, then stop.
    if (l2(update) < stepTol) stopAfterRecording = "step-tolerance";
  }
  const final = last ?? {
    iteration: 0,
    x: toNumbers(x),
    value: NaN,
    grad: [],
    gradNorm: NaN,
    lr: group.lr,
  };
  return {
    x: final.x,
    value: final.value,
    iterations: final.iteration,
    converged:
      reason === "gradient-tolerance" ||
      reason === "value-tolerance" ||
      reason === "step-tolerance",
    reason,
    variables: compiled.variables,
    trajectory: record ? trajectory : [final],
    trajectoryStride: stride,
    optimizer: describeOptimizer(options, group.lr),
  };
}
