/**
 * Broadcast iteration plans: operands' strides aligned to the output, with adjacent dims merged,
 * so kernels run tight loop nests over the last two dims instead of index arithmetic per element.
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
 * Calls `block(offsets, outOffset)` once per block of the last two dims of the plan (a plan of
 * rank ≥ 3), with each operand's start offset; the caller loops over the block's rows and
 * columns. The callback is per block, never per element.
 */
export function forEachBlock(
  plan: BroadcastPlan,
  block: (offsets: Int32Array, outOffset: number) => void,
): void {
  const { shape, strides } = plan;
  const rank = shape.length;
  const size = shape[rank - 1]! * shape[rank - 2]!;
  const operands = strides.length;
  const offsets = new Int32Array(operands);
  const coords = new Int32Array(rank);
  let outOffset = 0;
  let blocks = 1;
  for (let d = 0; d < rank - 2; d++) blocks *= shape[d]!;
  for (let r = 0; r < blocks; r++) {
    block(offsets, outOffset);
    outOffset += size;
    // Advance the odometer over the outer dims.
    for (let d = rank - 3; d >= 0; d--) {
      coords[d]!++;
      for (let k = 0; k < operands; k++) offsets[k]! += strides[k]![d]!;
      if (coords[d]! < shape[d]!) break;
      for (let k = 0; k < operands; k++) offsets[k]! -= strides[k]![d]! * shape[d]!;
      coords[d] = 0;
    }
  }
}
