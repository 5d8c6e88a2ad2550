/**
 * computationGraph: a traced graph (GraphData) laid out left to right (or top to bottom) with
 * dagre, one box per tensor showing its op or label, its value and its gradient, micrograd style,
 * shrunk to a width or at natural size; toDot: the same graph as Graphviz DOT text (micrograd's
 * draw_dot).
 */
import * as dagre from "@dagrejs/dagre";
import { curveBasis, line } from "d3-shape";
import type { GraphData, GraphNode } from "../autograd/graph.js";
import {
  arrowMarker,
  el,
  formatNumber,
  group,
  px,
  svgDocument,
  text,
  textWidth,
  titleText,
} from "./svg.js";
import { mix, paletteColour, resolveTheme } from "./theme.js";
import type { ViewOptions } from "./types.js";

export type { GraphData, GraphEdge, GraphNode } from "../autograd/graph.js";

export interface ComputationGraphOptions extends ViewOptions {
  /**
   * Show gradients only on the first k nodes of reverse topological order (the root first), "?"
   * on the rest: frames of reverse mode, one node at a time. The k-th node is highlighted.
   */
  backwardStep?: number;
  /** Node ids to highlight. */
  highlight?: readonly string[];
  /**
   * "width" (default): shrink the drawing to fit `width` (never enlarged), but not below
   * `minScale`; "none": draw at natural size (12 px text), the SVG as wide as the graph needs
   * (at least `width` when given).
   */
  fit?: "width" | "none";
  /**
   * With fit "width": the smallest scale (default 0, any); a graph that would need less is drawn
   * at this scale and the SVG grows wider than `width` instead.
   */
  minScale?: number;
  /** "LR" (default): inputs on the left, the output on the right; "TB": inputs at the top. */
  direction?: "LR" | "TB";
}

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
  edge(from: string, to: string, name: string): { points?: { x: number; y: number }[] };
  graph(): { width?: number; height?: number };
}
const { Graph, layout } = dagre as unknown as {
  Graph: new (options: { multigraph: boolean }) => LayoutGraph;
  layout: (g: LayoutGraph) => void;
};

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function values(v: readonly number[], shape: readonly number[]): string {
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

export function computationGraph(graph: GraphData, options: ComputationGraphOptions = {}): string {
  const theme = resolveTheme(options.theme);
  const fs = theme.fontSize;
  const charW = fs * 0.602;
  const lineH = fs + 5;
  const order = graph.nodes.map((n) => n.id);
  const rank = new Map(order.map((id, k) => [id, order.length - 1 - k]));
  const step = options.backwardStep;
  const outDegree = new Map<string, number>();
  for (const e of graph.edges) outDegree.set(e.from, (outDegree.get(e.from) ?? 0) + 1);
  const lines = new Map(
    graph.nodes.map((n) => [n.id, nodeLines(n, step === undefined || rank.get(n.id)! < step)]),
  );

  const tb = options.direction === "TB";
  const g = new Graph({ multigraph: true });
  g.setGraph({
    rankdir: tb ? "TB" : "LR",
    nodesep: tb ? 20 : 14,
    ranksep: tb ? 30 : 34,
    edgesep: 8,
    marginx: 8,
    marginy: 8,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    const ls = lines.get(n.id)!;
    const w = Math.max(...ls.map((s) => s.length)) * charW + 20;
    g.setNode(n.id, { width: Math.max(70, w), height: lineH * 3 + 10 });
  }
  graph.edges.forEach((e, k) => g.setEdge(e.from, e.to, {}, `e${k}`));
  layout(g);
  const gw = g.graph().width ?? 100;
  const gh = g.graph().height ?? 100;
  const title = options.title ?? "Computation graph";
  // At least as wide as the title, whatever the scale.
  const titleW = Math.ceil(textWidth(title, theme.titleSize) * 1.1 + 24);
  const natural = options.fit === "none";
  const minScale = natural ? 1 : Math.min(1, Math.max(0, options.minScale ?? 0));
  const scale = Math.max(minScale, Math.min(1, ((options.width ?? 600) - 16) / gw));
  const width = Math.max(
    natural ? (options.width ?? 0) : (options.width ?? 600),
    Math.ceil(gw * scale + 16),
    natural ? titleW : 0,
  );
  const top = 36;
  const height = options.height ?? Math.round(top + gh * scale + 8);
  const marker = arrowMarker(theme.muted, 8);
  const highlighted = new Set(options.highlight ?? []);
  if (step !== undefined && step > 0) highlighted.add(order[order.length - step] ?? "");
  const root = order[order.length - 1];

  const edgeLine = line<{ x: number; y: number }>()
    .x((p) => p.x)
    .y((p) => p.y)
    .curve(curveBasis)
    .digits(2);
  const edges = graph.edges.map((e, k) => {
    const pts = g.edge(e.from, e.to, `e${k}`).points ?? [];
    return el("path", {
      d: edgeLine(pts) ?? "",
      fill: "none",
      stroke: theme.muted,
      "stroke-width": 1.4,
      "marker-end": `url(#${marker.id})`,
      class: "edge",
      "data-from": e.from,
      "data-to": e.to,
    });
  });
  const nodes = graph.nodes.map((n) => {
    const box = g.node(n.id);
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const fill =
      n.kind === "leaf" ? mix(paletteColour(theme, 0), 0.86) : mix(paletteColour(theme, 4), 0.82);
    const hl = highlighted.has(n.id);
    const [head, data, grad] = lines.get(n.id)!;
    const parts = [
      el("rect", {
        x,
        y,
        width: box.width,
        height: box.height,
        rx: 5,
        fill,
        stroke: hl ? paletteColour(theme, 1) : theme.foreground,
        "stroke-width": hl ? 3 : n.id === root ? 2 : 1,
        class: "node-box",
      }),
      el("line", {
        x1: x,
        x2: x + box.width,
        y1: y + lineH + 4,
        y2: y + lineH + 4,
        stroke: theme.muted,
        "stroke-width": 0.6,
      }),
      text(x + 10, y + lineH, head, { "font-weight": "bold" }),
      text(x + 10, y + 2 * lineH + 3, data, { class: "node-data" }),
      text(x + 10, y + 3 * lineH + 3, grad, { class: "node-grad", fill: paletteColour(theme, 1) }),
    ];
    if ((outDegree.get(n.id) ?? 0) > 1)
      parts.push(
        text(x + box.width - 6, y + lineH, "+=", {
          "text-anchor": "end",
          fill: paletteColour(theme, 1),
          "font-weight": "bold",
          class: "fan-out",
        }),
      );
    return group({ class: `node ${n.kind}`, "data-id": n.id }, parts);
  });
  const leaves = graph.nodes.filter((n) => n.kind === "leaf");
  const fanOut = graph.nodes.filter((n) => (outDegree.get(n.id) ?? 0) > 1);
  const rootNode = graph.nodes[graph.nodes.length - 1];
  const desc =
    options.desc ??
    `Computation graph with ${graph.nodes.length} nodes (${leaves.length} leaves, ${graph.nodes.length - leaves.length} ops) and ${graph.edges.length} edges, data flowing ${tb ? "top to bottom" : "left to right"}. ` +
      `Each box shows the op or leaf name, its value (data) and its gradient (grad).` +
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
        ? ` Reverse mode frame: gradients known for ${Math.min(step, order.length)} of ${order.length} nodes.`
        : "") +
      (scale < 1 ? ` Drawn at ${Math.round(scale * 100)} % size to fit.` : "");
  const k = Math.round(scale * 1000) / 1000;
  const body = [
    titleText(title, theme),
    el(
      "g",
      {
        transform: `translate(${px((width - gw * k) / 2)} ${top}) scale(${k})`,
        class: "graph-body",
        "data-scale": String(k),
        "font-family": theme.monoFamily,
      },
      edges.join("") + nodes.join(""),
    ),
  ];
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-graph",
    idPrefix: options.idPrefix,
    defs: [marker.svg],
    body,
  });
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
