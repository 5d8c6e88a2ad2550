/** Printing tensors the way PyTorch does: 4 decimals, scientific when the range asks for it. */
import type { Tensor } from "./tensor.js";
import { viewOf } from "../autograd/kernels.js";

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** torch's scientific format: 1.0000e-05 (two-digit exponent). */
function scientific(x: number): string {
  const [mantissa, exponent] = x.toExponential(4).split("e");
  const sign = exponent!.startsWith("-") ? "-" : "+";
  const digits = exponent!.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa}e${sign}${digits}`;
}

function formatter(t: Tensor): (x: number) => string {
  if (t.dtype === "bool") return (x) => (x ? "True" : "False");
  if (t.dtype === "int32") return (x) => String(x);
  const finite: number[] = [];
  for (const x of viewOf(t)) if (Number.isFinite(x) && x !== 0) finite.push(Math.abs(x));
  const special = (x: number): string | null =>
    Number.isNaN(x) ? "nan" : x === Infinity ? "inf" : x === -Infinity ? "-inf" : null;
  if (finite.length === 0) return (x) => special(x) ?? (Object.is(x, -0) ? "-0." : "0.");
  const max = Math.max(...finite);
  const min = Math.min(...finite);
  if (finite.every((x) => Number.isInteger(x))) {
    if (max > 1e8) return (x) => special(x) ?? scientific(x);
    return (x) => special(x) ?? `${x.toFixed(0)}.`;
  }
  if (max / min > 1000 || max > 1e8 || min < 1e-4) return (x) => special(x) ?? scientific(x);
  return (x) => special(x) ?? x.toFixed(4);
}

export function formatTensor(t: Tensor): string {
  const format = formatter(t);
  const summarize = t.numel() > SUMMARY_THRESHOLD;
  const texts = Array.from(viewOf(t), (x) => format(x));
  const width = Math.max(0, ...texts.map((s) => s.length));
  const strides: number[] = [];
  let stride = 1;
  for (let d = t.shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= t.shape[d]!;
  }
  const prefix = "tensor(";
  const render = (depth: number, offset: number): string => {
    if (depth === t.shape.length) return texts[offset]!.padStart(width);
    const size = t.shape[depth]!;
    const indices =
      summarize && size > 2 * EDGE_ITEMS
        ? [
            ...Array.from({ length: EDGE_ITEMS }, (_, i) => i),
            -1,
            ...Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i),
          ]
        : Array.from({ length: size }, (_, i) => i);
    const parts = indices.map((i) =>
      i === -1 ? "..." : render(depth + 1, offset + i * strides[depth]!),
    );
    const last = depth === t.shape.length - 1;
    const separator = last
      ? ", "
      : "," + "\n".repeat(t.shape.length - depth - 1) + " ".repeat(prefix.length + depth + 1);
    return `[${parts.join(separator)}]`;
  };
  const body = t.shape.length === 0 ? texts[0]! : render(0, 0);
  const extras: string[] = [];
  if (t.dtype !== "float32") extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push("requiresGrad=true");
  return `${prefix}${body}${extras.map((e) => ", " + e).join("")})`;
}
