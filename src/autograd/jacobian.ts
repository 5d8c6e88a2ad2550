/**
 * torch.autograd.functional's jacobian and hessian: full derivative matrices of a function,
 * built row by row from vector-Jacobian products (autogradGrad with a one-hot gradOutput).
 */
import { ArgumentError, formatShape } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import { zeros } from "../tensor/create.js";
import { cat, stack } from "./ops/movement.js";
import { Tensor } from "../tensor/tensor.js";
import { autogradGrad } from "./functional.js";
import { gradMode } from "./grad-mode.js";
import { viewOf } from "./kernels.js";

/** Options of jacobian and hessian. */
export interface JacobianOptions {
  /** Record the computation so the result can be differentiated again (default false). */
  createGraph?: boolean;
}

function prepare(op: string, inputs: Tensor | readonly Tensor[], createGraph: boolean): Tensor[] {
  const list = inputs instanceof Tensor ? [inputs] : inputs.slice();
  list.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new ArgumentError(`${op}: input ${i} is not a Tensor`);
    if (!isFloating(x.dtype))
      throw new ArgumentError(`${op}: input ${i} must be a float tensor, got ${x.dtype}`);
  });
  // a fresh leaf per input, unless an outer computation differentiates through it
  return list.map((x) => (createGraph && x.requiresGrad ? x : x.detach().requiresGrad_()));
}

/**
 * The Jacobian of `f` at `inputs`: for one input and a Tensor output y, a tensor of shape
 * [...y.shape, ...x.shape] with J[i..., j...] = ∂y[i...]/∂x[j...]; for a list of inputs, one such
 * tensor per input. PyTorch: `torch.autograd.functional.jacobian`.
 *
 * @example
 * jacobian((x) => x.square(), tensor([1, 2])); // [[2, 0], [0, 4]]
 */
export function jacobian(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor,
  options?: JacobianOptions,
): Tensor;
export function jacobian(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options?: JacobianOptions,
): Tensor[];
export function jacobian(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  options: JacobianOptions = {},
): Tensor | Tensor[] {
  const createGraph = options.createGraph ?? false;
  const xs = prepare("jacobian", inputs, createGraph);
  const previous = gradMode.enabled;
  gradMode.enabled = true;
  let rows: Tensor[][];
  let outShape: readonly number[];
  try {
    const y = f(...xs);
    if (!(y instanceof Tensor))
      throw new ArgumentError(`jacobian: the function must return a Tensor, got ${typeof y}`);
    outShape = y.shape;
    rows = xs.map(() => []);
    const n = y.numel();
    for (let i = 0; i < n; i++) {
      const grads = y.requiresGrad
        ? autogradGrad(y, xs, {
            gradOutputs: [oneHot(y, i)],
            retainGraph: true,
            createGraph,
            allowUnused: true,
          })
        : xs.map(() => null);
      // an input the output does not depend on has a zero Jacobian (torch's strict=False)
      grads.forEach((g, k) =>
        rows[k]!.push(g ?? zeros(xs[k]!.shape.slice(), { dtype: xs[k]!.dtype })),
      );
    }
  } finally {
    gradMode.enabled = previous;
  }
  const result = rows.map((r, k) => {
    const x = xs[k]!;
    const shape = [...outShape, ...x.shape];
    const J = r.length === 0 ? zeros(shape, { dtype: x.dtype }) : stack(r, 0).reshape(shape);
    return createGraph ? J : J.detach();
  });
  return inputs instanceof Tensor ? result[0]! : result;
}

function oneHot(y: Tensor, i: number): Tensor {
  const seed = zeros(y.shape.slice(), { dtype: y.dtype });
  viewOf(seed)[i] = 1;
  return seed;
}

/**
 * The Hessian of a scalar function `f` at `inputs`: for one input x, a tensor of shape
 * [...x.shape, ...x.shape] with H[i..., j...] = ∂²f/∂x[i...]∂x[j...]; for a list of inputs, the
 * blocks H[a][b] as nested lists. PyTorch: `torch.autograd.functional.hessian`.
 *
 * @example
 * hessian((x) => x.pow(3).sum(), tensor([1, 2])); // [[6, 0], [0, 12]]
 */
export function hessian(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor,
  options?: JacobianOptions,
): Tensor;
export function hessian(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options?: JacobianOptions,
): Tensor[][];
export function hessian(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  options: JacobianOptions = {},
): Tensor | Tensor[][] {
  const xs = prepare("hessian", inputs, options.createGraph ?? false);
  const gradient = (...args: Tensor[]): Tensor => {
    const value = f(...args);
    if (!(value instanceof Tensor) || value.numel() !== 1) {
      throw new ArgumentError(
        `hessian: the function must return a scalar tensor, got ${value instanceof Tensor ? `shape ${formatShape(value.shape)}` : typeof value}`,
      );
    }
    const grads = value.requiresGrad
      ? autogradGrad(value, args, { createGraph: true, allowUnused: true })
      : args.map(() => null);
    // all gradients flattened into one vector, so one jacobian gives every block
    return cat(
      grads.map((g, k) =>
        (g ?? zeros(args[k]!.shape.slice(), { dtype: args[k]!.dtype })).reshape([-1]),
      ),
    );
  };
  const blocks = jacobian(gradient, xs, options);
  if (inputs instanceof Tensor) return blocks[0]!.reshape([...xs[0]!.shape, ...xs[0]!.shape]);
  const sizes = xs.map((x) => x.numel());
  return xs.map((xa, a) => {
    const start = sizes.slice(0, a).reduce((s, n) => s + n, 0);
    return xs.map((xb, b) =>
      blocks[b]!.narrow(0, start, sizes[a]!).reshape([...xa.shape, ...xb.shape]),
    );
  });
}
