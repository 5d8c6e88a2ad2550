/** repeat (torch.Tensor.repeat): tiles a tensor, composed from reshape and expand (no new primitive). */
import { ArgumentError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Tiles `x` `repeats[i]` times along each dim; more repeats than dims add leading dims.
 * PyTorch: `Tensor.repeat` (numpy's `tile`).
 *
 * @example repeat(tensor([1, 2]), [2, 3]).shape; // [2, 6]
 */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.ndim) {
    throw new ArgumentError(
      `repeat: ${repeats.length} repeat count${repeats.length === 1 ? "" : "s"} for a ${x.ndim}-d tensor; pass at least ${x.ndim}`,
    );
  }
  const bad = repeats.find((r) => !Number.isSafeInteger(r) || r < 0);
  if (bad !== undefined)
    throw new ArgumentError(`repeat: repeat counts must be integers ≥ 0, got ${bad}`);
  const shape = [...new Array<number>(repeats.length - x.ndim).fill(1), ...x.shape];
  // [.., s, ..] → [.., 1, s, ..] → expand to [.., r, s, ..] → [.., r·s, ..]
  const interleaved = shape.flatMap((s) => [1, s]);
  const expanded = shape.flatMap((s, i) => [repeats[i]!, s]);
  return x
    .reshape(interleaved)
    .expand(expanded)
    .reshape(shape.map((s, i) => s * repeats[i]!));
}
