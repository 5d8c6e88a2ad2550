/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_. */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { norm } from "../autograd/ops/reduce.js";
import { stack } from "../autograd/ops/movement.js";
import type { Tensor } from "../tensor/tensor.js";

/** The norm {@link clipGradNorm} measures, and what it does with a non-finite one. */
export interface ClipGradNormOptions {
  /** The p of the p-norm over all gradients together (default 2; Infinity for the max). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it. */
  errorIfNonfinite?: boolean;
}

/**
 * Scales all gradients together so that their joint norm is at most maxNorm; returns the norm
 * before clipping. Like torch: coefficient maxNorm/(norm + 1e-6), capped at 1.
 * PyTorch: `torch.nn.utils.clip_grad_norm_`.
 *
 * @example
 * ```ts
 * loss.backward();
 * optim.clipGradNorm(model.parameters(), 1.0); // then opt.step()
 * ```
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): number {
  const { normType = 2, errorIfNonfinite = false } = options;
  const grads = [...params].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  return noGrad(() => {
    const p = normType === Infinity ? "inf" : normType;
    const total = norm(stack(grads.map((g) => norm(g, p).double())), p).item();
    if (errorIfNonfinite && !Number.isFinite(total)) {
      throw new ArgumentError(
        `clipGradNorm: the total norm of order ${normType} of the gradients is ${total}; pass errorIfNonfinite: false to clip anyway`,
      );
    }
    const coefficient = Math.min(maxNorm / (total + 1e-6), 1);
    for (const g of grads) g.mul_(coefficient);
    return total;
  });
}

/** Clamps every gradient element to [−clipValue, clipValue] in place. PyTorch: `torch.nn.utils.clip_grad_value_`. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0))
    throw new ArgumentError(`clipGradValue: clipValue must be non-negative, got ${clipValue}`);
  noGrad(() => {
    for (const p of params) p.grad?.clamp_(-clipValue, clipValue);
  });
}
