/**
 * What a primitive op is: a forward on kernels and a backward written with Tensor ops (so that
 * gradients of gradients work), and `apply`, which runs one and records it in the graph.
 */
import { AnomalyError } from "../errors.js";
import { isFloating } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Primitive } from "../primitives.js";
import { gradMode } from "./grad-mode.js";
import { countNonFinite } from "./kernels.js";

/**
 * One primitive: its name is a member of the closed `Primitive` union and it has an entry in the
 * registry of src/primitives.ts, so a primitive that is not listed there does not compile.
 * (Tests define stray ops with other names: `defineOp<undefined, string>({ name: "wrong" … })`.)
 */
export interface OpDef<A = undefined, N extends string = Primitive> {
  /** The primitive's name, as graphs and errors show it. */
  readonly name: N;
  /** The name graphs and errors show when it differs from `name` (e.g. "pow" for powScalar). */
  readonly label?: string;
  /** Computes the output from the inputs; never records a graph. Must return a new Tensor. */
  forward(inputs: readonly Tensor[], attrs: A): Tensor;
  /**
   * Gradients of the inputs from the gradient of the output `dOut`. May return them in the
   * output's broadcast shape: the engine sums them back to each input's shape. `needs[i]` says
   * whether input i wants a gradient; a rule may return null where it does not.
   */
  backward(
    dOut: Tensor,
    inputs: readonly Tensor[],
    out: Tensor,
    attrs: A,
    needs: readonly boolean[],
  ): readonly (Tensor | null)[];
}

export function defineOp<A = undefined, N extends string = Primitive>(
  def: OpDef<A, NoInfer<N>>,
): OpDef<A, N> {
  return def;
}

/** A recorded application of an op: the graph's node. PyTorch: the `grad_fn` object. */
export class Node {
  /** Set once a backward without retainGraph has run through this node. */
  freed = false;
  /** The versions of the inputs' storage at forward time; backward checks them. */
  readonly inputVersions: readonly number[];
  /** The version of the output's storage at forward time. */
  outVersion = 0;

  constructor(
    /** The primitive that ran. */
    readonly op: OpDef<unknown, string>,
    /** The tensors it ran on, in order (torch's `next_functions` lead to their nodes). */
    readonly inputs: readonly Tensor[],
    /** The op's non-tensor arguments (dims, exponent…), as its backward sees them. */
    readonly attrs: unknown,
  ) {
    this.inputVersions = versionsOf(inputs);
  }

  /** The op's display name, e.g. "mul" or "pow". PyTorch: `grad_fn.name()`. */
  get name(): string {
    return this.op.label ?? this.op.name;
  }
}

/**
 * All-zero version lists, shared: almost every input was never written in place, and a graph of
 * scalar ops keeps one list per node alive until backward, where the garbage collector copies it
 * (an own array is 60 bytes of a node's ~500).
 */
const UNWRITTEN: readonly (readonly number[])[] = Array.from({ length: 9 }, (_, n) =>
  Object.freeze(new Array<number>(n).fill(0)),
);

function versionsOf(inputs: readonly Tensor[]): readonly number[] {
  let written = false;
  for (const input of inputs) if (input.version !== 0) written = true;
  const shared = UNWRITTEN[inputs.length];
  if (!written && shared !== undefined) return shared;
  return inputs.map((input) => input.version);
}

export function apply<A>(op: OpDef<A, string>, inputs: readonly Tensor[], attrs: A): Tensor {
  let record = false;
  if (gradMode.enabled) {
    for (const input of inputs) {
      if (input.requiresGrad) {
        record = true;
        break;
      }
    }
  }
  const previous = gradMode.enabled;
  gradMode.enabled = false;
  let out: Tensor;
  try {
    out = op.forward(inputs, attrs);
  } finally {
    gradMode.enabled = previous;
  }
  if (gradMode.anomaly) checkFinite(out, op.label ?? op.name, "forward");
  if (record && isFloating(out.dtype)) {
    const node = new Node(op, inputs, attrs);
    node.outVersion = out.version;
    out._attach(node);
  }
  return out;
}

export function checkFinite(t: Tensor, opName: string, pass: "forward" | "backward"): void {
  if (!isFloating(t.dtype)) return;
  const bad = countNonFinite(t);
  if (bad > 0) {
    throw new AnomalyError(
      `detectAnomaly: the ${pass} of '${opName}' produced ${bad} NaN or infinite value${bad === 1 ? "" : "s"} ` +
        `(shape [${t.shape.join(", ")}]); check this op's inputs, e.g. log of 0 or a too large learning rate`,
    );
  }
}
