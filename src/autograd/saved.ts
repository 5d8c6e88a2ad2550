/**
 * The check torch makes with version counters: a backward rule must not read the values of a
 * tensor that an in-place op changed after the forward saved it, or it computes a wrong gradient
 * silently. A changed tensor is handed to the rule behind a guard that lets it read the shape
 * and dtype (which in-place ops never change) and throws on anything that reads values, so rules
 * that only need a shape (sum, reshape, add) keep working, as in torch.
 */
import { AutogradError, formatShape } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Node } from "./op.js";
import { lastWriteOf } from "./kernels.js";

/** What a guarded tensor still answers: its metadata, never its values. */
const METADATA = new Set<PropertyKey>([
  "shape",
  "dtype",
  "ndim",
  "numel",
  "size",
  "dim",
  "requiresGrad",
  "_requiresGrad",
  "isLeaf",
  "gradFn",
  "label",
  "version",
  "constructor",
]);

/** The inputs and output a rule may see: the originals, or guards where they changed. */
export function savedForBackward(
  node: Node,
  out: Tensor,
): { inputs: readonly Tensor[]; out: Tensor } {
  const inputs = node.inputs;
  let guarded: Tensor[] | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const expected = node.inputVersions[i]!;
    if (input.version !== expected) {
      guarded ??= inputs.slice();
      guarded[i] = guard(input, node.name, `input ${i}`, expected);
    }
  }
  const outChanged = out.version !== node.outVersion;
  return {
    inputs: guarded ?? inputs,
    out: outChanged ? guard(out, node.name, "output", node.outVersion) : out,
  };
}

function guard(t: Tensor, opName: string, role: string, expected: number): Tensor {
  return new Proxy(t, {
    get(target, key) {
      if (!METADATA.has(key)) throw modifiedError(target, opName, role, expected);
      return Reflect.get(target, key, target) as unknown;
    },
  });
}

function modifiedError(t: Tensor, opName: string, role: string, expected: number): AutogradError {
  const name = t.label === undefined ? "" : ` '${t.label}'`;
  const by = lastWriteOf(t);
  return new AutogradError(
    `backward of '${opName}': one of the variables needed for gradient computation has been ` +
      `modified by an inplace operation: the ${role}${name} of '${opName}' (${t.dtype} ` +
      `${formatShape(t.shape)}) was changed by ${by ?? "an in-place op"} and is at version ` +
      `${t.version}; expected version ${expected} instead. Hint: clone() it before ` +
      `modifying it in place, or modify it after backward()`,
  );
}
