/** Index-driven ops: gather / scatterAdd and indexSelect / indexAdd are each other's gradients. */
import { ArgumentError, DTypeError, ShapeError, formatShape } from "../../errors.js";
import { normalizeDim, type Shape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import {
  fullKernel,
  gatherKernel,
  indexAddKernel,
  indexSelectKernel,
  reduceAllToNumber,
  scatterAddKernel,
} from "../kernels.js";
import { apply, defineOp, type OpDef } from "../op.js";

interface IndexAttrs {
  dim: number;
  index: Tensor;
}

export const Gather: OpDef<IndexAttrs> = defineOp<IndexAttrs>({
  name: "gather",
  forward: ([x], { dim, index }) => gatherKernel(x!, dim, index),
  // each picked element sends its gradient back to where it was picked from
  backward: (dOut, [x], _out, { dim, index }) => [
    apply(ScatterAdd, [zerosOf(x!.shape, dOut), dOut], { dim, index }),
  ],
});

export const ScatterAdd: OpDef<IndexAttrs> = defineOp<IndexAttrs>({
  name: "scatterAdd",
  forward: ([self, src], { dim, index }) => scatterAddKernel(self!, dim, index, src!),
  // ∂/∂self = 1; ∂/∂src picks the gradient at the positions src was added to
  backward: (dOut, _inputs, _out, { dim, index }, needs) => [
    dOut,
    needs[1] ? apply(Gather, [dOut], { dim, index }) : null,
  ],
});

export const IndexSelect: OpDef<IndexAttrs> = defineOp<IndexAttrs>({
  name: "indexSelect",
  forward: ([x], { dim, index }) => {
    const shape = x!.shape.slice();
    shape[dim] = index.numel();
    return indexSelectKernel(x!, dim, index, shape);
  },
  // selected slices send their gradients back, summed where an index repeats
  backward: (dOut, [x], _out, { dim, index }) => [
    apply(IndexAddInto, [dOut], { dim, index, shape: x!.shape }),
  ],
});

/** indexSelect's gradient: zeros of `shape` with dOut's slices added at `index`. */
export const IndexAddInto: OpDef<IndexAttrs & { shape: Shape }> = defineOp<
  IndexAttrs & { shape: Shape }
>({
  name: "indexAdd",
  forward: ([src], { dim, index, shape }) => indexAddKernel(src!, dim, index, shape),
  // its own gradient selects the same slices
  backward: (dOut, _inputs, _out, { dim, index }) => [apply(IndexSelect, [dOut], { dim, index })],
});

function zerosOf(shape: Shape, like: Tensor): Tensor {
  return fullKernel(shape, 0, like.dtype);
}

// ---- checks and public functions -------------------------------------------------------------

/** Throws unless index is int32 with every value in [0, size). */
function checkIndex(op: string, index: Tensor, size: number, what: string): void {
  if (index.dtype !== "int32") {
    throw new DTypeError(
      `${op}: index must be an int32 tensor, got ${index.dtype}; convert it with .to("int32")`,
    );
  }
  if (index.numel() === 0) return;
  const [low, high] = [reduceAllToNumber("min", index), reduceAllToNumber("max", index)];
  if (low < 0 || high >= size) {
    throw new ArgumentError(
      `${op}: index ${low < 0 ? low : high} is out of range for ${what} of size ${size} (valid: 0 to ${size - 1})`,
    );
  }
}

/**
 * Picks values along `dim` by an int32 index: out[i][j] = x[index[i][j]][j] for dim 0. The output
 * has index's shape. PyTorch: `torch.gather`.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.shape.length, "gather");
  if (
    index.shape.length !== x.shape.length ||
    index.shape.some((s, i) => i !== d && s > x.shape[i]!)
  ) {
    throw new ShapeError(
      `gather: index of shape ${formatShape(index.shape)} does not fit input ${formatShape(x.shape)} along dim ${d}: ` +
        `it needs the same number of dims and no larger size in the other dims`,
    );
  }
  checkIndex("gather", index, x.shape[d]!, `dim ${d}`);
  return apply(Gather, [x], { dim: d, index });
}

/**
 * A copy of x with src[i][j] added at [index[i][j]][j] for dim 0; repeated indices accumulate.
 * PyTorch: `torch.scatter_add`.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim(dim, x.shape.length, "scatterAdd");
  if (
    index.shape.length !== x.shape.length ||
    index.shape.some((s, i) => s !== src.shape[i] || (i !== d && s > x.shape[i]!))
  ) {
    throw new ShapeError(
      `scatterAdd: index ${formatShape(index.shape)} and src ${formatShape(src.shape)} must have the same shape, ` +
        `with no dim other than ${d} larger than the input ${formatShape(x.shape)}`,
    );
  }
  checkIndex("scatterAdd", index, x.shape[d]!, `dim ${d}`);
  return apply(ScatterAdd, [x, src.to(x.dtype)], { dim: d, index });
}

/** The slices of x at the positions in the 1-D int32 `index` along dim. PyTorch: `torch.index_select`. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.shape.length, "indexSelect");
  if (index.shape.length > 1) {
    throw new ShapeError(`indexSelect: index must be 1-D, got shape ${formatShape(index.shape)}`);
  }
  checkIndex("indexSelect", index, x.shape[d] ?? 1, `dim ${d}`);
  const flat = index.shape.length === 0 ? index.reshape([1]) : index;
  const input = x.shape.length === 0 ? x.reshape([1]) : x;
  const out = apply(IndexSelect, [input], { dim: d, index: flat });
  return x.shape.length === 0 ? out.reshape([]) : out;
}

/**
 * One-hot encoding of int32 class indices: shape [...indices.shape, numClasses], int32; the
 * default −1 takes max(indices) + 1 classes. PyTorch: `torch.nn.functional.one_hot`.
 */
export function oneHot(indices: Tensor, numClasses = -1): Tensor {
  if (indices.dtype !== "int32") {
    throw new DTypeError(
      `oneHot: indices must be an int32 tensor, got ${indices.dtype}; convert with .to("int32")`,
    );
  }
  let classes = numClasses;
  if (classes === -1) {
    classes = indices.numel() > 0 ? reduceAllToNumber("max", indices) + 1 : 1;
  }
  checkIndex("oneHot", indices, classes, "numClasses");
  const shape = [...indices.shape, classes];
  const index = indices.reshape([...indices.shape, 1]);
  const ones = fullKernel(index.shape, 1, "int32");
  return scatterAddKernel(fullKernel(shape, 0, "int32"), shape.length - 1, index, ones);
}
