/**
 * Reverse mode: an iterative topological sort of the graph (no recursion, so a chain of a
 * million ops is fine), then one pass from the outputs back to the leaves. Gradients are summed
 * back to each input's shape here, once, instead of in every broadcasting rule.
 */
import { AutogradError, formatShape } from "../errors.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { binaryInPlace, sameStorage, trackAllocations } from "./kernels.js";
import { checkFinite } from "./op.js";
import { gradMode } from "./grad-mode.js";
import { sumToShape } from "./ops/reduce.js";
import { savedForBackward } from "./saved.js";

/** Options of Tensor.backward, as torch's keywords. */
export interface BackwardOptions {
  /** Keep the graph so that backward can run through it again. Default: createGraph. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for gradients of gradients. Default false. */
  createGraph?: boolean;
}

let visitEpoch = 0;

/** Tensors reachable from `roots` that need a gradient, each after everything it feeds into. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const epoch = ++visitEpoch;
  const order: Tensor[] = [];
  const stack: Tensor[] = [];
  const childIndex: number[] = [];
  for (const root of roots) {
    if (root._mark === epoch) continue;
    root._mark = epoch;
    stack.push(root);
    childIndex.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const t = stack[top]!;
      const inputs = t.gradFn ? t.gradFn.inputs : [];
      let i = childIndex[top]!;
      while (i < inputs.length && (inputs[i]!._mark === epoch || !inputs[i]!.requiresGrad)) i++;
      if (i < inputs.length) {
        childIndex[top] = i + 1;
        const child = inputs[i]!;
        child._mark = epoch;
        stack.push(child);
        childIndex.push(0);
      } else {
        stack.pop();
        childIndex.pop();
        order.push(t);
      }
    }
  }
  return order;
}

/** Frozen `needs` arrays for up to three inputs, by bit mask (no array per node). */
const NEEDS: readonly (readonly boolean[])[][] = [0, 1, 2, 3].map((n) =>
  Array.from({ length: 1 << n }, (_, mask) =>
    Object.freeze(Array.from({ length: n }, (_, i) => (mask & (1 << i)) !== 0)),
  ),
);

/** Which inputs want a gradient. */
function needsOf(inputs: readonly Tensor[]): readonly boolean[] {
  const n = inputs.length;
  if (n > 3) return inputs.map((input) => input.requiresGrad);
  let mask = 0;
  for (let i = 0; i < n; i++) if (inputs[i]!.requiresGrad) mask |= 1 << i;
  return NEEDS[n]![mask]!;
}

/** Fits a gradient to its input: sums broadcast dims, matches the dtype. */
export function fitGradient(grad: Tensor, input: Tensor, opName: string): Tensor {
  let g = grad;
  if (!shapesEqual(g.shape, input.shape)) {
    g = sumToShape(g, input.shape);
    if (!shapesEqual(g.shape, input.shape)) {
      throw new AutogradError(
        `backward of '${opName}' returned a gradient of shape ${formatShape(grad.shape)} for an input ` +
          `of shape ${formatShape(input.shape)}; this is a bug in that op's rule`,
      );
    }
  }
  return g.dtype === input.dtype ? g : g.to(input.dtype);
}

/**
 * Runs backward from `roots` seeded with `seeds`. With `capture`, returns the gradients of those
 * tensors and leaves every `.grad` untouched (torch.autograd.grad); otherwise accumulates into
 * the `.grad` of leaves (and of tensors that called retainGrad()).
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  options: BackwardOptions,
  capture?: readonly Tensor[],
): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const order = topologicalOrder(roots);
  // Pending gradients whose storage only this pass holds (sums it made, gradients it fitted):
  // further contributions are added into them in place, and a leaf may keep one as its .grad
  // without a copy. Never with createGraph (the sums are recorded) or detectAnomaly (adds are
  // checked as ops).
  const owned = createGraph || gradMode.anomaly ? null : new Set<Tensor>();
  const accumulate = (t: Tensor, g: Tensor, fresh: boolean): void => {
    const pending = t._pending;
    if (pending === null) {
      t._pending = g;
      if (fresh) owned?.add(g);
    } else if (owned?.has(pending)) {
      binaryInPlace("add", pending, g);
    } else {
      const sum = pending.add(g);
      t._pending = sum;
      owned?.add(sum);
    }
  };
  roots.forEach((root, i) => accumulate(root, seeds[i]!, false));
  const captured = new Map<Tensor, Tensor | null>();
  capture?.forEach((t) => captured.set(t, null));

  const previous = gradMode.enabled;
  gradMode.enabled = createGraph;
  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      let g = t._pending;
      t._pending = null;
      if (g === null) continue;
      let exclusive = owned?.delete(g) ?? false;
      if (t._hooks) {
        exclusive = false;
        for (const hook of t._hooks) {
          const replaced = hook(g);
          if (replaced) g = replaced;
        }
      }
      if (capture) {
        if (captured.has(t)) {
          const before = captured.get(t);
          captured.set(t, before ? before.add(g) : g);
        }
      } else if (t.gradFn === null || t._retainsGrad) {
        // A non-leaf's gradient also goes on to its op's rule, which may pass it on.
        accumulateGrad(t, g, createGraph, exclusive && t.gradFn === null);
      }
      const node = t.gradFn;
      if (node === null) continue;
      if (node.freed) {
        throw new AutogradError(
          `backward: trying to run backward through the graph a second time ('${node.name}' was ` +
            `already freed by an earlier backward()); pass { retainGraph: true } to the first backward()`,
        );
      }
      const inputs = node.inputs;
      const needs = needsOf(inputs);
      // Anomalies inside a rule are reported once, for the rule, not for the ops it uses.
      const anomaly = gradMode.anomaly;
      gradMode.anomaly = false;
      let grads: readonly (Tensor | null)[];
      let isNew: readonly boolean[] = NONE_NEW;
      // tracking what a rule allocates pays for large gradients (a copy saved) and costs more
      // than the copy for small ones: a graph of scalars ran 1.5x slower with it
      const track = owned !== null && g.numel() >= STEAL_MIN_ELEMENTS;
      try {
        const saved = savedForBackward(node, t);
        const dOut = g;
        if (track) {
          ({ results: grads, isNew } = trackAllocations(() =>
            node.op.backward(dOut, saved.inputs, saved.out, node.attrs, needs),
          ));
        } else {
          grads = node.op.backward(dOut, saved.inputs, saved.out, node.attrs, needs);
        }
      } finally {
        gradMode.anomaly = anomaly;
      }
      if (!track) {
        for (let i = 0; i < inputs.length; i++) {
          const gi = grads[i];
          if (!gi || !needs[i]) continue;
          if (gradMode.anomaly) checkFinite(gi, node.name, "backward");
          const fitted = fitGradient(gi, inputs[i]!, node.name);
          // fitGradient's sums and conversions are new storage; a rule's own results may be shared
          accumulate(inputs[i]!, fitted, !sameStorage(fitted, gi));
        }
        if (!retainGraph) node.freed = true;
        continue;
      }
      const fitted = grads.map((gi, i) => {
        if (!gi || !needs[i]) return null;
        if (gradMode.anomaly) checkFinite(gi, node.name, "backward");
        return fitGradient(gi, inputs[i]!, node.name);
      });
      // A gradient is the pass's own when fitting made it (a sum, a conversion), when the rule
      // computed it, or when the rule passed on a dOut that only this pass held (nothing
      // captured it); and then only if no other input keeps the same storage.
      const passOn = exclusive && !captured.has(t);
      for (let i = 0; i < inputs.length; i++) {
        const [gi, fi] = [grads[i], fitted[i]];
        if (!gi || !fi) continue;
        const computed = isNew[i] === true || (passOn && sameStorage(gi, g));
        const own = !sameStorage(fi, gi) || (computed && !keptByAnother(fitted, i));
        accumulate(inputs[i]!, fi, own);
      }
      if (!retainGraph) node.freed = true;
    }
  } finally {
    gradMode.enabled = previous;
    for (const t of order) t._pending = null;
  }
  return capture ? capture.map((t) => captured.get(t) ?? null) : [];
}

const NONE_NEW: readonly boolean[] = [];
/**
 * From this many elements of a node's gradient the pass tracks what its rule allocates, to keep
 * a computed gradient without a copy (below, a copy is cheaper than the tracking).
 */
const STEAL_MIN_ELEMENTS = 1024;

/** Whether another input's fitted gradient shares fitted[i]'s storage. */
function keptByAnother(fitted: readonly (Tensor | null)[], i: number): boolean {
  for (let j = 0; j < fitted.length; j++) {
    const other = fitted[j];
    if (j !== i && other && sameStorage(other, fitted[i]!)) return true;
  }
  return false;
}

function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean, exclusive: boolean): void {
  if (createGraph) {
    t.grad = t.grad ? t.grad.add(g) : g;
    return;
  }
  // Without createGraph, .grad is a plain tensor the user (or an optimizer) may modify in place,
  // so it must not share storage with anything else in the graph: a gradient only this pass
  // holds is kept as it is, any other is copied.
  // (Recording is off here, so clone() and add() return plain tensors.)
  if (t.grad === null) t.grad = exclusive ? g : g.clone();
  else if (t.grad.requiresGrad) t.grad = t.grad.detach().add(g);
  else t.grad.add_(g);
}
