/**
 * Checks that the data fits the loss before the first step: a classification loss on float
 * regression targets "trains" to loss 0 and learns nothing, and a NaN in the data would later be
 * reported as divergence. Both are the data's fault and are named as such, with row and column.
 */
import { countNonFinite, viewOf } from "../autograd/kernels.js";
import { ArgumentError, formatShape } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import { shapesEqual, sizeOf, type Shape } from "../tensor/shape.js";
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

/** The first NaN or ±Infinity of a tensor, by its row (dim 0) and its place in that row. */
export interface NonFinite {
  /** How many values of the tensor are NaN or ±Infinity. */
  count: number;
  /** The row along dim 0 (an index into `rows` when they were given). */
  row: number;
  /** Its index within the row (empty for a 1-D tensor; [column] for a 2-D one). */
  at: number[];
  value: number;
}

/**
 * The first NaN or ±Infinity of `t` in the order of `rows` (default: every row, in order), or
 * null. One pass of the backend's countNonFinite decides; the rows are scanned only when it
 * finds one, so clean data (the usual case) costs one read and no temporary tensors.
 */
export function firstNonFinite(t: Tensor, rows?: ArrayLike<number>): NonFinite | null {
  if (!isFloating(t.dtype) || t.numel() === 0) return null;
  const count = countNonFinite(t);
  if (count === 0) return null;
  const values = viewOf(t);
  const rowShape = t.shape.slice(1);
  const width = sizeOf(rowShape);
  const n = rows?.length ?? t.shape[0] ?? 1;
  for (let k = 0; k < n; k++) {
    const row = rows ? rows[k]! : k;
    for (let j = 0; j < width; j++) {
      const value = values[row * width + j]!;
      if (!Number.isFinite(value)) return { count, row, at: unravel(j, rowShape), value };
    }
  }
  return null;
}

function unravel(offset: number, shape: Shape): number[] {
  const index = shape.map(() => 0);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = offset % shape[d]!;
    offset = Math.floor(offset / shape[d]!);
  }
  return index;
}

/** "row 7, column 1" (a 2-D tensor), "row 7" (1-D), "row 7, at [0, 3]" (more dims). */
export function placeOf(row: number, at: readonly number[]): string {
  if (at.length === 0) return `row ${row}`;
  return at.length === 1 ? `row ${row}, column ${at[0]}` : `row ${row}, at [${at.join(", ")}]`;
}

/**
 * Throws, naming the tensor, the row and the column of the data given to fit(), when `t` holds
 * NaN or ±Infinity in one of `rows` (default: any row).
 */
export function checkFinite(t: Tensor, what: string, rows?: ArrayLike<number>): void {
  const found = firstNonFinite(t, rows);
  if (found === null) return;
  const { count, row, at, value } = found;
  const others = rows === undefined && count > 1 ? ` (${count} values are NaN or Infinity)` : "";
  throw new ArgumentError(
    `fit: the ${what} hold ${value} in ${placeOf(row, at)}${others}; this is the data's ` +
      `fault, not divergence: clean or drop that row (and any others) before training`,
  );
}
