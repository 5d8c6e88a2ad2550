/**
 * The layout of a computation graph with dagre: box sizes from the node's lines, room for a
 * label on every edge that has one, left to right or top to bottom.
 */
import * as dagre from "@dagrejs/dagre";
import type { GraphData } from "../autograd/graph.js";
import { ArgumentError } from "../errors.js";

/**
 * The part of dagre used here. dagre's bundled .d.ts files use extensionless relative imports,
 * which NodeNext resolution cannot follow, so its own types arrive unresolved.
 */
interface LayoutGraph {
  setGraph(label: Record<string, number | string>): void;
  setDefaultEdgeLabel(f: () => object): void;
  setNode(id: string, label: { width: number; height: number }): void;
  setEdge(from: string, to: string, label: object, name: string): void;
  node(id: string): { x: number; y: number; width: number; height: number };
  edge(
    from: string,
    to: string,
    name: string,
  ): { points?: { x: number; y: number }[]; x?: number; y?: number };
  graph(): { width?: number; height?: number };
}
const { Graph, layout } = dagre as unknown as {
  Graph: new (options: { multigraph: boolean }) => LayoutGraph;
  layout: (g: LayoutGraph) => void;
};

export interface Placed {
  /** Node boxes by id: centre, width, height. */
  node: (id: string) => { x: number; y: number; width: number; height: number };
  /** The k-th edge: its polyline and the centre of its label. */
  edge: (k: number) => { points: { x: number; y: number }[]; label?: { x: number; y: number } };
  width: number;
  height: number;
}

export interface LayoutSpec {
  tb: boolean;
  /** Each node's box size. */
  size: (id: string) => { width: number; height: number };
  /** Each edge's label size (or none). */
  label: (k: number) => { width: number; height: number } | undefined;
}

export function layoutGraph(graph: GraphData, spec: LayoutSpec): Placed {
  const g = new Graph({ multigraph: true });
  g.setGraph({
    rankdir: spec.tb ? "TB" : "LR",
    nodesep: spec.tb ? 24 : 14,
    ranksep: spec.tb ? 26 : 34,
    edgesep: 10,
    marginx: 8,
    marginy: 8,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, spec.size(n.id));
  graph.edges.forEach((e, k) => {
    const label = spec.label(k);
    g.setEdge(e.from, e.to, label ? { ...label, labelpos: "c" } : {}, `e${k}`);
  });
  layout(g);
  return {
    node: (id) => g.node(id),
    edge: (k) => {
      const e = graph.edges[k]!;
      const placed = g.edge(e.from, e.to, `e${k}`);
      const label =
        placed.x !== undefined && placed.y !== undefined ? { x: placed.x, y: placed.y } : undefined;
      return { points: placed.points ?? [], ...(label ? { label } : {}) };
    },
    width: g.graph().width ?? 100,
    height: g.graph().height ?? 100,
  };
}

/**
 * The most boxes and edge bends a drawing lays out. dagre's work grows with the nodes plus the
 * ranks every edge crosses (one bend point per rank), and that grows quadratically for a value
 * reused all along a chain (`x+x+…+x`): 1,500 takes dagre about two seconds.
 */
export const MAX_LAYOUT_CELLS = 1500;

/** The nodes plus the ranks their edges cross (ranks by longest path from the inputs). */
export function layoutCells(graph: GraphData): number {
  const rank = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  const indegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  const consumers = new Map<string, string[]>();
  for (const e of graph.edges) {
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    const list = consumers.get(e.from);
    if (list) list.push(e.to);
    else consumers.set(e.from, [e.to]);
  }
  // Kahn's order, so that hand-made graphs in any order work too
  const order = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let k = 0; k < order.length; k++) {
    const from = order[k]!;
    for (const to of consumers.get(from) ?? []) {
      rank.set(to, Math.max(rank.get(to) ?? 0, rank.get(from)! + 1));
      const d = indegree.get(to)! - 1;
      indegree.set(to, d);
      if (d === 0) order.push(to);
    }
  }
  let cells = graph.nodes.length;
  for (const e of graph.edges)
    cells += Math.max(1, (rank.get(e.to) ?? 0) - (rank.get(e.from) ?? 0));
  return cells;
}

/** Refuses, before any layout, a graph too large to draw readably and quickly. */
export function checkDrawable(graph: GraphData, op: string): void {
  const cells = layoutCells(graph);
  if (cells > MAX_LAYOUT_CELLS) {
    throw new ArgumentError(
      `${op}: a graph of ${graph.nodes.length} nodes and ${graph.edges.length} edges needs ` +
        `${cells.toLocaleString("en")} boxes and edge bends to lay out, more than the ` +
        `${MAX_LAYOUT_CELLS.toLocaleString("en")} drawn; draw a smaller expression, or write ` +
        `Graphviz DOT (toDot, descent graph --dot), which takes any size`,
    );
  }
}
