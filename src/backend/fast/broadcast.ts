/**
 * Broadcast iteration plans: operands' strides aligned to the output, with adjacent dims merged,
 * so kernels run one tight inner loop per output row instead of index arithmetic per element.
 */
import type { Shape } from "../../tensor/shape.js";

export interface BroadcastPlan {
  /** Output dims after merging; the last is the inner loop. */
  shape: number[];
  /** Per operand, the element stride of each merged dim (0 where it broadcasts). */
  strides: number[][];
}

export function broadcastPlan(outShape: Shape, operands: readonly Shape[]): BroadcastPlan {
  const rank = outShape.length;
  const aligned = operands.map((shape) => {
    const strides = new Array<number>(rank).fill(0);
    let stride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const od = d + rank - shape.length;
      strides[od] = shape[d] === 1 ? 0 : stride;
      stride *= shape[d]!;
    }
    return strides;
  });
  const shape: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let d = 0; d < rank; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const last = shape.length - 1;
    // Merge d into the previous dim when every operand steps through both contiguously.
    const mergeable = last >= 0 && aligned.every((s, k) => strides[k]![last] === s[d]! * size);
    if (mergeable) {
      shape[last]! *= size;
      aligned.forEach((s, k) => (strides[k]![last] = s[d]!));
    } else {
      shape.push(size);
      aligned.forEach((s, k) => strides[k]!.push(s[d]!));
    }
  }
  if (shape.length === 0) {
    shape.push(1);
    strides.forEach((s) => s.push(0));
  }
  return { shape, strides };
}

/**
 * Calls `row(offsets, n)` once per inner row of the plan, with each operand's start offset and
 * the output offset last. The row callback is per row, never per element.
 */
export function forEachRow(
  plan: BroadcastPlan,
  row: (offsets: Int32Array, outOffset: number, n: number) => void,
): void {
  const { shape, strides } = plan;
  const rank = shape.length;
  const inner = shape[rank - 1]!;
  const operands = strides.length;
  const offsets = new Int32Array(operands);
  const coords = new Int32Array(rank);
  let outOffset = 0;
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= shape[d]!;
  for (let r = 0; r < rows; r++) {
    row(offsets, outOffset, inner);
    outOffset += inner;
    // Advance the odometer over the outer dims.
    for (let d = rank - 2; d >= 0; d--) {
      coords[d]!++;
      for (let k = 0; k < operands; k++) offsets[k]! += strides[k]![d]!;
      if (coords[d]! < shape[d]!) break;
      for (let k = 0; k < operands; k++) offsets[k]! -= strides[k]![d]! * shape[d]!;
      coords[d] = 0;
    }
  }
}
