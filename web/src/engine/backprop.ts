// Lab 5's engine: an expression's computation graph with values and gradients (traceGraph after
// backward), stepped through in reverse topological order, with the chain-rule work counted.
import {
  countChainRuleWork,
  retainGrads,
  tensor,
  traceGraph,
  type ChainRuleWork,
  type GraphData,
  type Tensor,
} from "../../../src/index.js";
import { MAX_LAYOUT_CELLS, layoutCells } from "../../../src/viz/graph-layout.js";
import { formatNumber } from "../../../src/viz/svg.js";
import { resolveObjective, type ExpressionProblem } from "./objective.js";

export { EXAMPLES } from "./backprop-examples.js";

export interface BackpropSettings {
  f: string;
  /** Values of the variables: "x=2, w=-3". */
  values: string;
}

const VARIABLES = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseValues(values: string): Map<string, number> | string {
  const out = new Map<string, number>();
  for (const part of values
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "")) {
    const [name, raw] = part.split("=").map((t) => t.trim());
    const v = Number(raw);
    if (!name || !VARIABLES.test(name) || raw === undefined || raw === "" || !Number.isFinite(v)) {
      return `values: "${part}" is not name=number (e.g. x=2)`;
    }
    out.set(name, v);
  }
  return out;
}

export interface BackpropRun {
  graph: GraphData;
  work: ChainRuleWork;
  value: number;
}

/** Builds f from the values, runs backward with every gradient kept, and traces the graph. */
export function buildBackprop(s: BackpropSettings): BackpropRun | { problem: ExpressionProblem } {
  const objective = resolveObjective(s.f, [...new Set(s.f.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])]);
  if (!objective.ok) return { problem: objective.problem };
  const values = parseValues(s.values);
  if (typeof values === "string") return { problem: { message: values, position: 0, length: 0 } };
  const leaves: Record<string, Tensor> = {};
  for (const name of objective.expression.variables) {
    const v = values.get(name);
    if (v === undefined) {
      const at = Math.max(0, s.f.search(new RegExp(`\\b${name}\\b`)));
      return {
        problem: {
          message: `expression: the variable "${name}" at position ${at} has no value; add ${name}=… to the values`,
          position: at,
          length: name.length,
        },
      };
    }
    const t = tensor(v, { dtype: "float64", requiresGrad: true });
    t.label = name;
    leaves[name] = t;
  }
  const out = objective.expression.evaluate(leaves, { dtype: "float64" });
  out.label = "out";
  retainGrads(out);
  if (out.requiresGrad) out.backward();
  const graph = traceGraph(out);
  const cells = layoutCells(graph);
  if (cells > MAX_LAYOUT_CELLS) {
    const message =
      `expression: its graph has ${graph.nodes.length} nodes and needs ${cells} boxes and edge ` +
      `bends to draw, more than the ${MAX_LAYOUT_CELLS} drawn here; write a shorter expression`;
    return { problem: { message, position: 0, length: s.f.length } };
  }
  return { graph, work: countChainRuleWork(graph), value: out.item() };
}

const name = (graph: GraphData, id: string): string => {
  const n = graph.nodes.find((m) => m.id === id);
  return n?.label ?? (n?.op ? `${n.op} (${id})` : id);
};

/** Step k of the backward pass (k = 1: the root) in words, and the multiplications so far. */
export function backwardStep(
  run: BackpropRun,
  k: number,
): { text: string; multiplications: number; nodeId: string | null } {
  const { graph } = run;
  const order = [...graph.nodes].reverse();
  if (k <= 0)
    return {
      text: "Forward pass done: every node holds its value. Step to start the backward pass at the output.",
      multiplications: 0,
      nodeId: null,
    };
  const node = order[Math.min(k, order.length) - 1]!;
  const done = new Set(order.slice(0, k).map((n) => n.id));
  let multiplications = 0;
  for (const e of graph.edges) if (done.has(e.from) && done.has(e.to)) multiplications++;
  const g = (id: string): string =>
    formatNumber(graph.nodes.find((m) => m.id === id)?.grad?.[0] ?? NaN, 5);
  const uses = graph.edges.filter((e) => e.from === node.id);
  let text: string;
  if (uses.length === 0)
    text = `∂out/∂out = 1: the output's gradient with respect to itself starts the pass.`;
  else {
    const me = name(graph, node.id);
    const local = (v: readonly number[] | undefined): string =>
      v === undefined
        ? "?"
        : v.length === 1
          ? formatNumber(v[0]!, 5)
          : `[${v.map((x) => formatNumber(x, 4)).join(", ")}]`;
    const symbols = uses.map((e) => `∂out/∂${name(graph, e.to)} × ∂${name(graph, e.to)}/∂${me}`);
    const numbers = uses.map((e) => `${g(e.to)} × ${local(e.local)}`);
    text =
      `∂out/∂${me} = ${symbols.join(" + ")} = ${numbers.join(" + ")} = ${g(node.id)}: ` +
      `the upstream gradient${uses.length > 1 ? "s" : ""} reused (computed already), the local derivative${uses.length > 1 ? "s" : ""} read off the edge${uses.length > 1 ? "s" : ""} (known since the forward pass)` +
      (uses.length > 1
        ? `. This node is used ${uses.length} times, so its gradient is the sum of ${uses.length} products (+=).`
        : ".");
  }
  return { text, multiplications, nodeId: node.id };
}
