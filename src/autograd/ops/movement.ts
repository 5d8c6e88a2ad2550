/**
 * Movement primitives: reshape (shares storage), permute, expand, slice and cat (copies). The
 * rest — view, flatten, transpose, squeeze, unsqueeze, narrow, split, stack — is composed.
 */
import { ArgumentError, ShapeError, formatShape } from "../../errors.js";
import { promoteTypes as promoteFrom } from "../../tensor/dtype.js";
import { normalizeDim, sizeOf, stridesOf, type Shape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { apply, defineOp, type OpDef } from "../op.js";
import { fullKernel, reshapeView, stridedKernel, stridedWriteKernel } from "../kernels.js";
import { sumToShape } from "./reduce.js";

export const Reshape = defineOp<{ shape: Shape }>({
  name: "reshape",
  forward: ([x], { shape }) => reshapeView(x!, shape),
  // a reshape moves no values: reshape the gradient back
  backward: (dOut, [x]) => [dOut.reshape(x!.shape)],
});

export const Permute = defineOp<{ dims: readonly number[] }>({
  name: "permute",
  forward: ([x], { dims }) => {
    const strides = stridesOf(x!.shape);
    return stridedKernel(
      x!,
      0,
      dims.map((d) => strides[d]!),
      dims.map((d) => x!.shape[d]!),
    );
  },
  // the inverse permutation puts the gradient back in place
  backward: (dOut, _inputs, _out, { dims }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [dOut.permute(inverse)];
  },
});

export const Expand = defineOp<{ shape: Shape }>({
  name: "expand",
  forward: ([x], { shape }) => {
    const lead = shape.length - x!.shape.length;
    const strides = stridesOf(x!.shape);
    const outStrides = shape.map((_, d) =>
      d < lead || x!.shape[d - lead] === 1 ? 0 : strides[d - lead]!,
    );
    return stridedKernel(x!, 0, outStrides, shape);
  },
  // every copy of an element sends its gradient back to it: sum over the expanded dims
  backward: (dOut, [x]) => [sumToShape(dOut, x!.shape)],
});

interface SliceAttrs {
  dim: number;
  start: number;
  step: number;
  length: number;
}

export const Slice: OpDef<SliceAttrs> = defineOp<SliceAttrs>({
  name: "slice",
  forward: ([x], { dim, start, step, length }) => {
    const strides = stridesOf(x!.shape);
    const shape = x!.shape.slice();
    shape[dim] = length;
    const sliceStrides = strides.slice();
    sliceStrides[dim] = strides[dim]! * step;
    return stridedKernel(x!, start * strides[dim]!, sliceStrides, shape);
  },
  // the gradient goes back to the sliced positions; the others get 0
  backward: (dOut, [x], _out, attrs) => [
    apply(SliceBackward, [dOut], { ...attrs, inputShape: x!.shape }),
  ],
});

/** Slice's gradient: zeros of the input's shape with dOut written at the sliced positions. */
export const SliceBackward: OpDef<SliceAttrs & { inputShape: Shape }> = defineOp<
  SliceAttrs & { inputShape: Shape }
>({
  name: "sliceBackward",
  forward: ([g], { dim, start, step, inputShape }) => {
    const out = fullKernel(inputShape, 0, g!.dtype);
    const strides = stridesOf(inputShape);
    const writeStrides = strides.slice();
    writeStrides[dim] = strides[dim]! * step;
    stridedWriteKernel(g!, out, start * strides[dim]!, writeStrides);
    return out;
  },
  // its own gradient is the slice again
  backward: (dOut, _inputs, _out, { dim, start, step, length }) => [
    apply(Slice, [dOut], { dim, start, step, length }),
  ],
});

export const Cat = defineOp<{ dim: number }>({
  name: "cat",
  forward: (inputs, { dim }) => {
    const shape = inputs[0]!.shape.slice();
    shape[dim] = inputs.reduce((total, t) => total + t.shape[dim]!, 0);
    const out = fullKernel(shape, 0, inputs[0]!.dtype);
    const strides = stridesOf(shape);
    let offset = 0;
    for (const t of inputs) {
      stridedWriteKernel(t, out, offset * strides[dim]!, strides);
      offset += t.shape[dim]!;
    }
    return out;
  },
  // each input gets back its own stretch of the gradient
  backward: (dOut, inputs, _out, { dim }) => {
    let offset = 0;
    return inputs.map((t) => {
      const g = dOut.narrow(dim, offset, t.shape[dim]!);
      offset += t.shape[dim]!;
      return g;
    });
  },
});

// ---- public functions ---------------------------------------------------------------------

/**
 * The same values in a new shape (one size may be −1, inferred). Shares storage with x, since
 * storage is always contiguous here. PyTorch: `torch.reshape`.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const resolved = resolveShape(x, shape);
  return apply(Reshape, [x], { shape: resolved });
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const size = x.numel();
  const inferred = shape.indexOf(-1);
  if (shape.some((d, i) => !Number.isInteger(d) || d < -1 || (d === -1 && i !== inferred))) {
    throw new ShapeError(
      `reshape: invalid shape ${formatShape(shape)}: use non-negative integers and at most one -1`,
    );
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = shape.slice();
  if (inferred >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(
        `reshape: cannot reshape ${formatShape(x.shape)} (${size} elements) into ${formatShape(shape)}`,
      );
    }
    out[inferred] = size / known;
  } else if (known !== size) {
    throw new ShapeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${size} elements) into ${formatShape(shape)} (${known} elements)`,
    );
  }
  return out;
}

/** The dims reordered: output dim i is input dim dims[i] (a copy). PyTorch: `torch.permute`. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const n = x.shape.length;
  const normalized = dims.map((d) => normalizeDim(d, n, "permute"));
  if (normalized.length !== n || new Set(normalized).size !== n) {
    throw new ArgumentError(
      `permute: dims ${formatShape(dims)} must list each of the ${n} dims of ${formatShape(x.shape)} exactly once`,
    );
  }
  if (normalized.every((d, i) => d === i)) return reshape(x, x.shape);
  return apply(Permute, [x], { dims: normalized });
}

/** dim0 and dim1 swapped (a copy; negative dims count from the end). PyTorch: `torch.transpose`. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const n = x.shape.length;
  if (n < 2 && (dim0 === 0 || dim0 === -1) && (dim1 === 0 || dim1 === -1))
    return reshape(x, x.shape);
  const dims = Array.from({ length: n }, (_, i) => i);
  const a = normalizeDim(dim0, n, "transpose");
  const b = normalizeDim(dim1, n, "transpose");
  [dims[a], dims[b]] = [dims[b]!, dims[a]!];
  return permute(x, dims);
}

/**
 * Broadcasts x to `shape` (−1 keeps a dim; new dims go in front). A copy here, where torch returns
 * a view. PyTorch: `torch.Tensor.expand`.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.shape.length;
  if (lead < 0) {
    throw new ShapeError(
      `expand: cannot expand ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`,
    );
  }
  const resolved = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  resolved.forEach((d, i) => {
    const own = i >= lead ? x.shape[i - lead]! : 1;
    if (own !== d && own !== 1) {
      throw new ShapeError(
        `expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}: dimension ${i} is ${own}, ` +
          `which only expands when it is 1`,
      );
    }
  });
  if (resolved.length === x.shape.length && resolved.every((d, i) => d === x.shape[i]))
    return reshape(x, resolved);
  return apply(Expand, [x], { shape: resolved });
}

/**
 * Elements start, start+step, … before end along dim, as Python's `x[start:end:step]` (negative
 * and out-of-range bounds allowed, step > 0). PyTorch: indexing with a slice.
 */
export function slice(
  x: Tensor,
  dim: number,
  start?: number | null,
  end?: number | null,
  step = 1,
): Tensor {
  const d = normalizeDim(dim, x.shape.length, "slice");
  if (!Number.isInteger(step) || step < 1) {
    throw new ArgumentError(`slice: step must be a positive integer, got ${step}`);
  }
  const size = x.shape[d]!;
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const from = clampIndex(start ?? 0);
  const to = clampIndex(end ?? size);
  const length = Math.max(0, Math.ceil((to - from) / step));
  return apply(Slice, [x], { dim: d, start: from, step, length });
}

/** `length` elements from `start` along dim; start may be negative. PyTorch: `torch.narrow`. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.shape.length, "narrow");
  const size = x.shape[d]!;
  const from = start < 0 ? start + size : start;
  if (
    !Number.isInteger(from) ||
    !Number.isInteger(length) ||
    from < 0 ||
    length < 0 ||
    from + length > size
  ) {
    throw new ArgumentError(
      `narrow: start ${start} and length ${length} do not fit dim ${dim} of size ${size} in ${formatShape(x.shape)}`,
    );
  }
  return apply(Slice, [x], { dim: d, start: from, step: 1, length });
}

/** Joins tensors of the same shape except along `dim`, promoting dtypes. PyTorch: `torch.cat`. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError("cat: expected a non-empty list of tensors");
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.shape.length, "cat");
  tensors.forEach((t, i) => {
    const fits =
      t.shape.length === first.shape.length &&
      t.shape.every((s, k) => k === d || s === first.shape[k]);
    if (!fits) {
      throw new ShapeError(
        `cat: tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; ` +
          `all dims except dim ${d} must match`,
      );
    }
  });
  const dtype = tensors.reduce(
    (acc, t) => (acc === t.dtype ? acc : promoteFrom(acc, t.dtype)),
    first.dtype,
  );
  return apply(
    Cat,
    tensors.map((t) => t.to(dtype)),
    { dim: d },
  );
}

/** Joins tensors of one shape along a new dim inserted at `dim`. PyTorch: `torch.stack`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError("stack: expected a non-empty list of tensors");
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (t.shape.length !== first.shape.length || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new ShapeError(
        `stack: tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; all must match`,
      );
    }
  });
  const d = normalizeDim(dim, first.shape.length + 1, "stack");
  return cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/**
 * Pieces of `size` along dim (the last may be smaller), or of the listed sizes, which must add up
 * to the dim's size. PyTorch: `torch.split`.
 */
export function split(
  x: Tensor,
  splitSizeOrSections: number | readonly number[],
  dim = 0,
): Tensor[] {
  const d = normalizeDim(dim, x.shape.length, "split");
  const size = x.shape[d]!;
  let sizes: number[];
  if (typeof splitSizeOrSections === "number") {
    if (!Number.isInteger(splitSizeOrSections) || splitSizeOrSections <= 0) {
      throw new ArgumentError(
        `split: split size must be a positive integer, got ${splitSizeOrSections}`,
      );
    }
    sizes = [];
    for (let at = 0; at < size; at += splitSizeOrSections)
      sizes.push(Math.min(splitSizeOrSections, size - at));
    if (size === 0) sizes.push(0);
  } else {
    sizes = splitSizeOrSections.slice();
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new ArgumentError(
        `split: sizes ${formatShape(sizes)} add up to ${total}, but dim ${dim} has size ${size}`,
      );
    }
  }
  let offset = 0;
  return sizes.map((length) => {
    const piece = narrow(x, d, offset, length);
    offset += length;
    return piece;
  });
}

/** x with a size-1 dim inserted at `dim` (−1 appends one). PyTorch: `torch.unsqueeze`. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1, "unsqueeze");
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/**
 * Removes size-1 dims: all, or the ones given (a given dim that is not 1 is kept, as torch).
 * PyTorch: `torch.squeeze`.
 */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const dims = (typeof dim === "number" ? [dim] : dim).map((d) =>
    normalizeDim(d, x.shape.length, "squeeze"),
  );
  return reshape(
    x,
    x.shape.filter((s, i) => !(dims.includes(i) && s === 1)),
  );
}

/** Dims startDim..endDim (inclusive, default all) merged into one. PyTorch: `torch.flatten`. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.shape.length === 0) return reshape(x, [1]);
  const start = normalizeDim(startDim, x.shape.length, "flatten");
  const end = normalizeDim(endDim, x.shape.length, "flatten");
  if (start > end)
    throw new ArgumentError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [
    ...x.shape.slice(0, start),
    sizeOf(x.shape.slice(start, end + 1)),
    ...x.shape.slice(end + 1),
  ];
  return reshape(x, shape);
}
