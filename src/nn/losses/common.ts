/** What every loss shares: the reduction, and the checks whose messages name the loss. */
import { ArgumentError, DTypeError, ShapeError, formatShape } from "../../errors.js";
import { isFloating } from "../../tensor/dtype.js";
import { broadcastShapes, shapesEqual } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";

/** How a loss turns its elementwise (or per-sample) values into its result, as torch. */
export type Reduction = "mean" | "sum" | "none";

/** The option every loss takes: how to reduce the elementwise losses (torch's `reduction`). */
export interface ReductionOptions {
  /** "mean" (default): the average; "sum": the total; "none": one value per element/sample. */
  reduction?: Reduction;
}

/** The reduction, checked ("mean" when absent). */
export function checkReduction(loss: string, reduction: unknown): Reduction {
  if (reduction === undefined) return "mean";
  if (reduction === "mean" || reduction === "sum" || reduction === "none") return reduction;
  throw new ArgumentError(
    `${loss}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`,
  );
}

/** torch's apply_loss_reduction: none → as is, sum → Σ, mean → Σ / numel (NaN when empty). */
export function reduce(values: Tensor, reduction: Reduction): Tensor {
  if (reduction === "none") return values;
  return reduction === "sum" ? values.sum() : values.mean();
}

export function checkFloat(loss: string, what: string, t: Tensor): void {
  if (!isFloating(t.dtype)) {
    throw new DTypeError(
      `${loss}: ${what} must be float32 or float64, got ${t.dtype}; convert it with .float() or .double()`,
    );
  }
}

/**
 * Elementwise losses need a target of the input's shape. torch broadcasts other shapes with a
 * warning (input [8, 1] with target [8] gives an [8, 8] loss); descent refuses them.
 */
export function checkSameShape(loss: string, input: Tensor, target: Tensor): void {
  if (shapesEqual(input.shape, target.shape)) return;
  let hint = `give the target the input's shape`;
  if (input.numel() === target.numel())
    hint += `, e.g. target.reshape(${formatShape(input.shape)})`;
  throw new ShapeError(
    `${loss}: target of shape ${formatShape(target.shape)} does not match input ${formatShape(input.shape)}: ${hint}`,
  );
}

/** A weight that must broadcast to `shape` without enlarging it (torch: weight.expand(shape)). */
export function checkBroadcastWeight(
  loss: string,
  what: string,
  weight: Tensor,
  shape: readonly number[],
): void {
  checkFloat(loss, what, weight);
  let ok = weight.shape.length <= shape.length;
  if (ok) {
    try {
      ok = shapesEqual(broadcastShapes(weight.shape, shape), shape);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new ShapeError(
      `${loss}: ${what} of shape ${formatShape(weight.shape)} does not broadcast to the input's shape ` +
        `${formatShape(shape)}; give it that shape or one that expands to it`,
    );
  }
}

/** A per-class weight: 1-D with one float value per class, converted to the input's dtype. */
export function checkClassWeight(
  loss: string,
  weight: Tensor,
  input: Tensor,
  classes: number,
): Tensor {
  if (weight.shape.length !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(
      `${loss}: weight of shape ${formatShape(weight.shape)} does not fit input ${formatShape(input.shape)}: ` +
        `expected one weight per class, shape [${classes}]`,
    );
  }
  checkFloat(loss, "weight", weight);
  return weight.to(input.dtype);
}

/** Throws unless `test(value)` holds; `rule` says what is expected (e.g. "a number > 0"). */
export function checkOption(
  loss: string,
  name: string,
  value: number,
  test: (v: number) => boolean,
  rule: string,
): void {
  if (typeof value !== "number" || !test(value)) {
    throw new ArgumentError(`${loss}: ${name} must be ${rule}, got ${String(value)}`);
  }
}
