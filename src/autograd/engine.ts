/**
 * Reverse mode: an iterative topological sort of the graph (no recursion, so a chain of a
 * million ops is fine), then one pass from the outputs back to the leaves. Gradients are summed
 * back to each input's shape here, once, instead of in every broadcasting rule.
 */
import { AutogradError, formatShape } from "../errors.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkFinite } from "./op.js";
import { gradMode } from "./grad-mode.js";
import { sumToShape } from "./ops/reduce.js";

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

/** Fits a gradient to its input: sums broadcast dims, matches the dtype. */
function fitGradient(grad: Tensor, input: Tensor, opName: string): Tensor {
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
  roots.forEach((root, i) => {
    const seed = seeds[i]!;
    root._pending = root._pending ? root._pending.add(seed) : seed;
  });
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
      if (t._hooks) {
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
        accumulateGrad(t, g, createGraph);
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
      const needs = inputs.map((input) => input.requiresGrad);
      // Anomalies inside a rule are reported once, for the rule, not for the ops it uses.
      const anomaly = gradMode.anomaly;
      gradMode.anomaly = false;
      let grads: readonly (Tensor | null)[];
      try {
        grads = node.op.backward(g, inputs, t, node.attrs, needs);
      } finally {
        gradMode.anomaly = anomaly;
      }
      for (let i = 0; i < inputs.length; i++) {
        const gi = grads[i];
        const input = inputs[i]!;
        if (!gi || !needs[i]) continue;
        if (gradMode.anomaly) checkFinite(gi, node.name, "backward");
        const fitted = fitGradient(gi, input, node.name);
        input._pending = input._pending ? input._pending.add(fitted) : fitted;
      }
      if (!retainGraph) node.freed = true;
    }
  } finally {
    gradMode.enabled = previous;
    for (const t of order) t._pending = null;
  }
  return capture ? capture.map((t) => captured.get(t) ?? null) : [];
}

function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (createGraph) {
    t.grad = t.grad ? t.grad.add(g) : g;
    return;
  }
  // Without createGraph, .grad is a plain tensor the user (or an optimizer) may modify in place,
  // so it must not share storage with anything else in the graph.
  // (Recording is off here, so clone() and add() return plain tensors.)
  if (t.grad === null) t.grad = g.clone();
  else if (t.grad.requiresGrad) t.grad = t.grad.detach().add(g);
  else t.grad.add_(g);
}
