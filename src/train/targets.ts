/**
 * Checks that the data fits the loss before the first step: a classification loss on float
 * regression targets "trains" to loss 0 and learns nothing, and a NaN in the data would later be
 * reported as divergence. Both are the data's fault and are named as such, with the row.
 */
import { ArgumentError, formatShape } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import type { LossFunction, LossName } from "./losses.js";

const CLASS_INDEX_LOSSES: readonly string[] = ["cross-entropy", "nll", "multi-margin"];
const REGRESSION_LOSSES: readonly string[] = ["mse", "l1", "huber", "smooth-l1"];
const BINARY_LOSSES: readonly string[] = ["bce", "bce-with-logits", "hinge"];

/** Throws unless `target` suits the named loss for a model output `output` (one batch of each). */
export function checkTargets(loss: LossName | LossFunction, output: Tensor, target: Tensor): void {
  if (typeof loss !== "string") return;
  const shapes = `model output ${formatShape(output.shape)}, targets ${target.dtype} ${formatShape(target.shape)}`;
  if (CLASS_INDEX_LOSSES.includes(loss)) {
    if (isFloating(target.dtype)) {
      const probabilities = loss === "cross-entropy" && shapesEqual(output.shape, target.shape);
      if (!probabilities || (output.shape[1] ?? 1) < 2) {
        throw new ArgumentError(
          `fit: loss "${loss}" needs integer class labels (int32 or int64, one per sample)` +
            `${loss === "cross-entropy" ? " or class probabilities with 2 or more classes" : ""}, ` +
            `but the targets are ${target.dtype} numbers (${shapes}); for numeric targets use ` +
            `loss "mse" (or l1, huber), or convert class labels with y.int()`,
        );
      }
    }
    return;
  }
  if (REGRESSION_LOSSES.includes(loss) || BINARY_LOSSES.includes(loss)) {
    if (!shapesEqual(output.shape, target.shape)) {
      const hint =
        !isFloating(target.dtype) && REGRESSION_LOSSES.includes(loss)
          ? `; the targets look like class labels: use loss "cross-entropy"`
          : `; make the model's last layer give ${formatShape(target.shape.slice(1))} per sample`;
      throw new ArgumentError(
        `fit: loss "${loss}" compares the output with the targets elementwise, so their shapes must be equal (${shapes})${hint}`,
      );
    }
  }
}

/**
 * The first row of `t` (split along dim 0) holding NaN or ±Infinity, or -1. Computed with ops:
 * x − x is 0 where x is finite and NaN elsewhere.
 */
export function firstNonFiniteRow(t: Tensor): number {
  if (!isFloating(t.dtype) || t.numel() === 0) return -1;
  const bad = t
    .sub(t)
    .ne(0)
    .reshape([t.shape[0] ?? 1, -1])
    .float()
    .sum(1);
  return bad.max().item() > 0 ? bad.argmax().item() : -1;
}

/** Throws, naming the tensor and the row, when `t` holds NaN or ±Infinity. */
export function checkFinite(t: Tensor, what: string): void {
  const row = firstNonFiniteRow(t);
  if (row >= 0) {
    throw new ArgumentError(
      `fit: the ${what} hold NaN or Infinity in row ${row}; this is the data's fault, not ` +
        `divergence: clean or drop that row (and any others) before training`,
    );
  }
}
