/**
 * The recorded graph as plain data for pictures (micrograd's draw_dot): traceGraph walks
 * gradFn.inputs back from a tensor, and countChainRuleWork counts the multiplications of
 * reverse mode against expanding the chain rule path by path ("derivatives reused").
 */
import type { Tensor } from "../tensor/tensor.js";
import { fitGradient } from "./engine.js";
import { noGrad } from "./grad-mode.js";
import { itemOf } from "./kernels.js";

/** One tensor of a traced graph. */
export interface GraphNode {
  /** "n0", "n1", … in topological order: every input before the ops that use it, the root last. */
  id: string;
  /** "leaf": a tensor without gradFn (a parameter, an input or a constant); "op": computed. */
  kind: "leaf" | "op";
  /** The op's name (gradFn.name), for op nodes. */
  op?: string;
  /** The tensor's label, when it has one. */
  label?: string;
  /** The tensor's shape. */
  shape: number[];
  /** The first `maxValues` values (row-major). */
  value: number[];
  /** The first `maxValues` values of `.grad`, or null when the tensor has none. */
  grad: number[] | null;
}

/** An input feeding an op in a traced graph. */
export interface GraphEdge {
  /** The input tensor's node. */
  from: string;
  /** The op node that uses it. An input used twice (x·x) gives two edges. */
  to: string;
  /**
   * The local derivative ∂(to)/∂(from) (first `maxValues` values), where it is a number per
   * element: for elementwise ops whose input has the output's shape, and for ops with one output
   * value. Absent where it is a full Jacobian (a matrix product into a vector).
   */
  local?: number[];
  /**
   * The gradient sent back along this edge: `to`'s gradient through the local derivative, summed
   * to `from`'s shape. A node's gradient is the sum of these over its outgoing edges.
   */
  grad?: number[];
}

/** A traced graph as plain data, for the graph views and for JSON. */
export interface GraphData {
  /** Every tensor, inputs before the ops that use them, the root last. */
  nodes: GraphNode[];
  /** Every input → op connection. */
  edges: GraphEdge[];
}

/** Options of traceGraph. */
export interface TraceOptions {
  /** How many values (and gradient values) to keep per node (default 4). */
  maxValues?: number;
}

const firstValues = (t: Tensor, max: number): number[] => {
  const n = Math.min(max, t.numel());
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = itemOf(t, i);
  return out;
};

/**
 * The graph that produced `root`: every tensor reachable through gradFn.inputs, with values
 * and gradients (leaves after backward, and tensors that called retainGrad()). Iterative, so deep
 * chains are fine; ids are stable: the same graph gives the same ids. PyTorch: none (torchviz's
 * `make_dot`, micrograd's `draw_dot`).
 */
export function traceGraph(root: Tensor, options: TraceOptions = {}): GraphData {
  const maxValues = Math.max(0, options.maxValues ?? 4);
  const ids = new Map<Tensor, string>();
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.t.gradFn?.inputs ?? [];
    if (top.next < inputs.length) {
      const child = inputs[top.next++]!;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push({ t: child, next: 0 });
      }
    } else {
      stack.pop();
      ids.set(top.t, `n${order.length}`);
      order.push(top.t);
    }
  }
  const nodes: GraphNode[] = order.map((t) => {
    const node: GraphNode = {
      id: ids.get(t)!,
      kind: t.gradFn ? "op" : "leaf",
      shape: [...t.shape],
      value: firstValues(t, maxValues),
      grad: t.grad ? firstValues(t.grad, maxValues) : null,
    };
    if (t.gradFn) node.op = t.gradFn.name;
    if (t.label !== undefined) node.label = t.label;
    return node;
  });
  const edges: GraphEdge[] = [];
  for (const t of order) {
    const along = edgeDerivatives(t, maxValues);
    (t.gradFn?.inputs ?? []).forEach((input, i) => {
      const edge: GraphEdge = { from: ids.get(input)!, to: ids.get(t)! };
      if (along.local[i]) edge.local = along.local[i];
      if (along.grad[i]) edge.grad = along.grad[i];
      edges.push(edge);
    });
  }
  return { nodes, edges };
}

/** Ops whose output element i depends only on element i of each same-shaped input. */
const ELEMENTWISE = new Set(
  "neg abs sign relu square exp log log1p sqrt rsqrt sin cos tanh sigmoid erf reciprocal pow softplus add sub mul div maximum minimum".split(
    " ",
  ),
);

/**
 * Per input of t's op: the local derivative (the rule applied to a gradient of ones, where that is
 * the derivative itself) and the gradient t sends back (the rule applied to t.grad). Runs the
 * op's own backward rule without recording; errors leave the edge without numbers.
 */
function edgeDerivatives(t: Tensor, max: number) {
  const node = t.gradFn;
  const none = { local: [] as (number[] | undefined)[], grad: [] as (number[] | undefined)[] };
  if (!node) return none;
  const inputs = node.inputs;
  const needs = inputs.map((x) => x.requiresGrad);
  const through = (dOut: Tensor) =>
    noGrad(() =>
      node.op
        .backward(dOut, inputs, t, node.attrs, needs)
        .map((g, i) =>
          g && needs[i] ? firstValues(fitGradient(g, inputs[i]!, node.name), max) : undefined,
        ),
    );
  try {
    const scalar = t.numel() === 1;
    const local = through(noGrad(() => t.detach().mul(0).add(1))).map((v, i) =>
      scalar || (ELEMENTWISE.has(node.name) && sameShape(inputs[i]!.shape, t.shape))
        ? v
        : undefined,
    );
    return { local, grad: t.grad ? through(t.grad) : [] };
  } catch {
    return none;
  }
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** The cost of the gradients two ways, counted by countChainRuleWork. */
export interface ChainRuleWork {
  /** Reverse mode: one local-derivative product per edge, each upstream gradient computed once. */
  reverseMode: number;
  /** Expanding the chain rule per path: for each leaf, each root→leaf path costs its length. */
  perPath: number;
  /** Number of root→leaf paths. */
  paths: number;
}

/**
 * Multiplications needed for the gradients of every leaf of `graph` with respect to its root
 * (the last node unless `root` names another), by reverse mode and by naive per-path expansion.
 * Paths are counted by dynamic programming in one pass over the edges, never enumerated, since
 * their number can grow exponentially (60 doublings `y = y + y` give 2⁶⁰): counts past 2⁵³ are
 * rounded like any float64, and past ~1.8e308 they are Infinity.
 */
export function countChainRuleWork(graph: GraphData, root?: string): ChainRuleWork {
  const rootId = root ?? graph.nodes[graph.nodes.length - 1]?.id;
  if (rootId === undefined) return { reverseMode: 0, perPath: 0, paths: 0 };
  const consumers = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = consumers.get(e.from);
    if (list) list.push(e.to);
    else consumers.set(e.from, [e.to]);
  }
  // paths(n): number of paths n → root; length(n): their summed lengths, filled in reverse
  // topological order (Kahn's, so hand-made graphs in any order work too).
  const indegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  for (const e of graph.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const order = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let k = 0; k < order.length; k++)
    for (const c of consumers.get(order[k]!) ?? []) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) order.push(c);
    }
  const paths = new Map<string, number>([[rootId, 1]]);
  const lengths = new Map<string, number>([[rootId, 0]]);
  const reachable = new Set<string>([rootId]);
  let reverseMode = 0;
  for (let k = order.length - 1; k >= 0; k--) {
    const id = order[k]!;
    if (id === rootId) continue;
    let p = 0;
    let len = 0;
    for (const c of consumers.get(id) ?? []) {
      if (!reachable.has(c)) continue;
      reverseMode++;
      const pc = paths.get(c) ?? 0;
      p += pc;
      len += (lengths.get(c) ?? 0) + pc;
    }
    if (p > 0) reachable.add(id);
    paths.set(id, p);
    lengths.set(id, len);
  }
  let perPath = 0;
  let count = 0;
  for (const node of graph.nodes) {
    if (node.kind !== "leaf" || !reachable.has(node.id) || node.id === rootId) continue;
    perPath += lengths.get(node.id) ?? 0;
    count += paths.get(node.id) ?? 0;
  }
  return { reverseMode, perPath, paths: count };
}

/**
 * Keeps the gradient of every intermediate tensor of `root`'s graph (retainGrad on each), so
 * that after backward() a graph view can show the gradient at every node, not only the leaves.
 */
export function retainGrads(root: Tensor): void {
  const seen = new Set<Tensor>();
  const stack: Tensor[] = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t) || !t.requiresGrad) continue;
    seen.add(t);
    if (t.gradFn) {
      t.retainGrad();
      stack.push(...t.gradFn.inputs);
    }
  }
}
