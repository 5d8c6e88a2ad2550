/**
 * The layout of a computation graph with dagre: box sizes from the node's lines, room for a
 * label on every edge that has one, left to right or top to bottom.
 */
import * as dagre from "@dagrejs/dagre";
import type { GraphData } from "../autograd/graph.js";

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
