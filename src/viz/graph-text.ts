/**
 * The words of a computation graph: the lines of a node box (nodeLines), the <desc> of the
 * picture, and the graph as Graphviz DOT text (micrograd's draw_dot).
 */
import type { GraphData, GraphNode } from "../autograd/graph.js";
import { formatNumber } from "./svg.js";

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function values(v: readonly number[], shape: readonly number[]): string {
  const n = numel(shape);
  if (n === 1 && v.length >= 1) return formatNumber(v[0]!, 5);
  const shown = v.map((x) => formatNumber(x, 3)).join(", ");
  return `[${shape.join("×")}] ${shown}${v.length < n ? ", …" : ""}`;
}

/** The three lines of a node: title, data, grad. */
export function nodeLines(node: GraphNode, showGrad = true): [string, string, string] {
  const head =
    node.kind === "op"
      ? `${node.op ?? "op"}${node.label ? ` → ${node.label}` : ""}`
      : (node.label ?? (node.grad === null ? "const" : "leaf"));
  const grad = !showGrad ? "?" : node.grad === null ? "—" : values(node.grad, node.shape);
  return [head, `data ${values(node.value, node.shape)}`, `grad ${grad}`];
}

export function describeGraph(
  graph: GraphData,
  tb: boolean,
  step: number | undefined,
  scale: number,
): string {
  const leaves = graph.nodes.filter((n) => n.kind === "leaf");
  const outDegree = new Map<string, number>();
  for (const e of graph.edges) outDegree.set(e.from, (outDegree.get(e.from) ?? 0) + 1);
  const fanOut = graph.nodes.filter((n) => (outDegree.get(n.id) ?? 0) > 1);
  const rootNode = graph.nodes[graph.nodes.length - 1];
  const locals = graph.edges.filter((e) => e.local).length;
  return (
    `Computation graph with ${graph.nodes.length} nodes (${leaves.length} leaves, ${graph.nodes.length - leaves.length} ops) and ${graph.edges.length} edges, data flowing ${tb ? "top to bottom" : "left to right"}. ` +
    `Each box shows the op or leaf name, its value (data) and its gradient (grad), and under it the sum or product it came from.` +
    (locals > 0
      ? ` ${locals} edges carry their local derivative (×…): a node's gradient is its consumer's gradient times it, summed over consumers.`
      : "") +
    (rootNode
      ? ` The output is ${nodeLines(rootNode)[0]} = ${nodeLines(rootNode)[1].slice(5)}.`
      : "") +
    (leaves.length > 0
      ? ` Leaves: ${leaves
          .map((n) => {
            const [h, d, gr] = nodeLines(n);
            return `${h} (${d}, ${gr})`;
          })
          .join("; ")}.`
      : "") +
    (fanOut.length > 0
      ? ` Marked += where a value feeds several ops, so its gradient is a sum: ${fanOut.map((n) => nodeLines(n)[0]).join(", ")}.`
      : "") +
    (step !== undefined
      ? ` Reverse mode frame: gradients known for ${Math.min(step, graph.nodes.length)} of ${graph.nodes.length} nodes.`
      : "") +
    (scale < 1 ? ` Drawn at ${Math.round(scale * 100)} % size to fit.` : "")
  );
}

/** DOT record-label escaping: \ { } | < > " and spaces kept. */
function dotEscape(s: string): string {
  return s.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

/** The graph as Graphviz DOT (rankdir=LR, record nodes "name | data … | grad …"). */
export function toDot(graph: GraphData, options: { title?: string } = {}): string {
  const out = [
    `digraph "${dotEscape(options.title ?? "descent")}" {`,
    "  rankdir=LR;",
    '  node [shape=record, fontname="DejaVu Sans Mono", fontsize=11];',
  ];
  for (const n of graph.nodes) {
    const label = nodeLines(n).map(dotEscape).join(" | ");
    const fill = n.kind === "leaf" ? "#d9ebf5" : "#fbefd6";
    out.push(`  "${n.id}" [label="{ ${label} }", style=filled, fillcolor="${fill}"];`);
  }
  for (const e of graph.edges) out.push(`  "${e.from}" -> "${e.to}";`);
  out.push("}");
  return out.join("\n") + "\n";
}
