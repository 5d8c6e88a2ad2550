/**
 * Gradient accumulation: simulate a batch k times larger than fits. k micro-batch backward passes
 * add into .grad (each loss divided by k), then one optimizer step. With mean-reduced losses this
 * equals one step on the k·b batch.
 *
 *   optimizer.zeroGrad();
 *   const loss = accumulateGradients(4, (i) => lossOn(microBatch(i)));
 *   optimizer.step();
 */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";

/** Runs `k` micro-steps, back-propagating loss/k of each; returns the mean of the k losses. */
export function accumulateGradients(k: number, microLoss: (i: number) => Tensor): number {
  if (!Number.isInteger(k) || k < 1)
    throw new ArgumentError(`accumulateGradients: k must be a positive integer, got ${k}`);
  let total = 0;
  for (let i = 0; i < k; i++) {
    const loss = microLoss(i);
    if (loss.numel() !== 1) {
      throw new ArgumentError(
        `accumulateGradients: micro-step ${i} returned a loss of shape [${loss.shape.join(", ")}], expected a scalar`,
      );
    }
    loss.div(k).backward();
    total += loss.item();
  }
  return total / k;
}
