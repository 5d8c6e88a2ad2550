/** Matrix product: one batched primitive with transpose flags, and torch.matmul's rules on top. */
import { ShapeError, formatShape } from "../../errors.js";
import { promoteTypes } from "../../tensor/dtype.js";
import { broadcastShapes } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { matmulKernel } from "../kernels.js";
import { apply, defineOp } from "../op.js";

interface MatmulAttrs {
  transA: boolean;
  transB: boolean;
}

/**
 * C = op(A)·op(B) over broadcast batch dims, where op transposes the last two dims when its flag
 * is set. The flags let the backward pass use transposed operands without copying them.
 */
export const Matmul = defineOp<MatmulAttrs>({
  name: "matmul",
  forward: ([a, b], { transA, transB }) => {
    const [m] = matrixDims(a!, transA);
    const [, n] = matrixDims(b!, transB);
    const batch = broadcastShapes(a!.shape.slice(0, -2), b!.shape.slice(0, -2), "matmul");
    const shape = [...batch, m, n];
    return matmulKernel(a!, transA, b!, transB, shape, promoteTypes(a!.dtype, b!.dtype));
  },
  // C = AB: dA = dC·Bᵀ, dB = Aᵀ·dC (with the transposes folded into the flags)
  backward: (dOut, [a, b], _out, { transA, transB }, needs) => [
    needs[0] ? (transA ? mm(b!, dOut, transB, true) : mm(dOut, b!, false, !transB)) : null,
    needs[1] ? (transB ? mm(dOut, a!, true, transA) : mm(a!, dOut, !transA, false)) : null,
  ],
});

/** Rows and columns of op(x). */
function matrixDims(x: Tensor, trans: boolean): [number, number] {
  const rows = x.shape[x.shape.length - 2]!;
  const cols = x.shape[x.shape.length - 1]!;
  return trans ? [cols, rows] : [rows, cols];
}

function mm(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  return apply(Matmul, [a, b], { transA, transB });
}

/**
 * Matrix product: [..., n, k]·[..., k, m] gives [..., n, m] with the batch dims broadcast; 1-D·1-D
 * is a dot product, and a 1-D operand gains (then loses) a unit dim. PyTorch: `torch.matmul`.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new ShapeError(
      `matmul: both operands need at least 1 dimension, got ${formatShape(a.shape)} and ${formatShape(b.shape)}; use mul for scalars`,
    );
  }
  const a2 = a.shape.length === 1 ? a.reshape([1, a.shape[0]!]) : a;
  const b2 = b.shape.length === 1 ? b.reshape([b.shape[0]!, 1]) : b;
  const k1 = a2.shape[a2.shape.length - 1]!;
  const k2 = b2.shape[b2.shape.length - 2]!;
  if (k1 !== k2) {
    throw new ShapeError(
      `matmul: cannot multiply ${formatShape(a.shape)} by ${formatShape(b.shape)}: inner dimensions ${k1} and ${k2} differ`,
    );
  }
  broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), "matmul (batch dims)");
  const dtype = promoteTypes(a.dtype, b.dtype);
  let out = mm(a2.to(dtype), b2.to(dtype), false, false);
  if (a.shape.length === 1) out = out.squeeze(-2);
  if (b.shape.length === 1) out = out.squeeze(-1);
  return out;
}

/**
 * x·Wᵀ + b with W stored [out, in] (torch.nn.functional.linear). The transpose is a flag of the
 * matmul kernel, never a copy.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inFeatures = weight.shape[1];
  if (
    weight.shape.length !== 2 ||
    x.shape.length === 0 ||
    x.shape[x.shape.length - 1] !== inFeatures
  ) {
    throw new ShapeError(
      `linear: input of shape ${formatShape(x.shape)} does not fit weight ${formatShape(weight.shape)}: ` +
        `the input's last dimension must be in_features = ${inFeatures ?? "?"}`,
    );
  }
  const dtype = promoteTypes(x.dtype, weight.dtype);
  const x2 = x.shape.length === 1 ? x.reshape([1, x.shape[0]!]) : x;
  let out = mm(x2.to(dtype), weight.to(dtype), false, true);
  if (x.shape.length === 1) out = out.squeeze(0);
  return bias ? out.add(bias) : out;
}
