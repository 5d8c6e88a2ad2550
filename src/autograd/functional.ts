/** Gradients as values: torch.autograd.grad, and JAX-style grad / valueAndGrad of a function. */
import { ArgumentError, AutogradError, formatShape } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { runBackward } from "./engine.js";
import { gradMode } from "./grad-mode.js";
import { fullKernel } from "./kernels.js";

/** Options of autogradGrad, as torch.autograd.grad's keywords. */
export interface AutogradGradOptions {
  /** The gradient of each output (required for non-scalar outputs). */
  gradOutputs?: readonly (Tensor | null)[];
  /** Keep the graph for another backward or autogradGrad through it (default: createGraph). */
  retainGraph?: boolean;
  /** Record the computation of the gradients so that they can be differentiated again. */
  createGraph?: boolean;
  /** Return null for an input the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned instead of accumulated into
 * `.grad`. PyTorch: `torch.autograd.grad`.
 *
 * @example
 * ```ts
 * const x = tensor([2], { requiresGrad: true });
 * const [dx] = autogradGrad(x.pow(3).sum(), [x], { createGraph: true }); // 3x² = 12
 * const [d2x] = autogradGrad(dx!.sum(), [x]); // 6x = 12
 * ```
 */
export function autogradGrad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: AutogradGradOptions = {},
): (Tensor | null)[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs;
  const ins = inputs instanceof Tensor ? [inputs] : inputs;
  ins.forEach((t, i) => {
    if (!t.requiresGrad) {
      throw new AutogradError(
        `grad: input ${i} (shape ${formatShape(t.shape)}) does not require grad; call requiresGrad_() on it before ` +
          `computing the outputs`,
      );
    }
  });
  const seeds = outs.map((out, i) => {
    if (!out.requiresGrad) {
      throw new AutogradError(
        `grad: output ${i} does not require grad: it does not depend on any input that does`,
      );
    }
    const given = options.gradOutputs?.[i] ?? null;
    if (given) return given;
    if (out.numel() !== 1) {
      throw new AutogradError(
        `grad: output ${i} has shape ${formatShape(out.shape)}; a gradient can be created implicitly only for ` +
          `scalar outputs, so pass gradOutputs`,
      );
    }
    return fullKernel(out.shape, 1, out.dtype);
  });
  const grads = runBackward(outs, seeds, options, ins);
  if (!options.allowUnused) {
    grads.forEach((g, i) => {
      if (g === null) {
        throw new AutogradError(
          `grad: input ${i} was not used to compute the outputs; pass { allowUnused: true } to get null for it`,
        );
      }
    });
  }
  return grads;
}

/** Options of grad and valueAndGrad. */
export interface GradOptions {
  /** Which arguments to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
}

/**
 * The value of `f` and its gradient with respect to the chosen arguments. `f` must return a
 * scalar tensor. Composable: grad(grad(f)) is the second derivative. PyTorch: none (JAX's
 * `jax.value_and_grad`).
 *
 * @example const [value, dx] = valueAndGrad((x) => x.pow(3).sum())(tensor([2]));
 */
export function valueAndGrad<Args extends Tensor[]>(
  f: (...args: Args) => Tensor,
  options: GradOptions = {},
): (...args: Args) => [Tensor, ...Tensor[]] {
  return (...args: Args) => {
    const argnums =
      typeof options.argnums === "number" || options.argnums === undefined
        ? [options.argnums ?? 0]
        : options.argnums.slice();
    argnums.forEach((k) => {
      const arg = args[k];
      if (!(arg instanceof Tensor))
        throw new ArgumentError(`grad: argnums names argument ${k}, which is not a Tensor`);
      if (!isFloating(arg.dtype))
        throw new ArgumentError(`grad: argument ${k} must be a float tensor, got ${arg.dtype}`);
    });
    // An argument already being differentiated (an outer grad) keeps its graph, so that the
    // gradient computed here can itself be differentiated.
    const nested = argnums.some((k) => args[k]!.requiresGrad) && gradMode.enabled;
    const tracked = args.slice() as Args;
    for (const k of argnums) {
      const arg = args[k]!;
      tracked[k] = arg.requiresGrad && gradMode.enabled ? arg : arg.detach().requiresGrad_();
    }
    const previous = gradMode.enabled;
    gradMode.enabled = true;
    try {
      const value = f(...tracked);
      if (!(value instanceof Tensor) || value.numel() !== 1) {
        throw new ArgumentError(
          `grad: the function must return a scalar tensor, got ${value instanceof Tensor ? `shape ${formatShape(value.shape)}` : typeof value}`,
        );
      }
      const inputs = argnums.map((k) => tracked[k]!);
      const grads = value.requiresGrad
        ? autogradGrad(value, inputs, { createGraph: nested, allowUnused: true })
        : inputs.map(() => null);
      const filled = grads.map((g, i) => g ?? inputs[i]!.detach().mul(0));
      return [nested ? value : value.detach(), ...filled];
    } finally {
      gradMode.enabled = previous;
    }
  };
}

/**
 * The gradient of scalar-valued `f` with respect to argument `argnums` (a list gives a list).
 * PyTorch: `torch.func.grad`.
 *
 * @example grad((x) => x.pow(4).sub(x.pow(3).mul(3)).add(2).sum())(tensor([1.5]))
 */
export function grad<Args extends Tensor[]>(
  f: (...args: Args) => Tensor,
  options?: { argnums?: number },
): (...args: Args) => Tensor;
export function grad<Args extends Tensor[]>(
  f: (...args: Args) => Tensor,
  options: { argnums: readonly number[] },
): (...args: Args) => Tensor[];
export function grad<Args extends Tensor[]>(
  f: (...args: Args) => Tensor,
  options: GradOptions = {},
): (...args: Args) => Tensor | Tensor[] {
  const withValue = valueAndGrad(f, options);
  return (...args: Args) => {
    const [, ...grads] = withValue(...args);
    return typeof options.argnums === "object" ? grads : grads[0]!;
  };
}
