/**
 * computationGraph: a traced graph (GraphData) laid out left to right (or top to bottom) with
 * dagre, one box per tensor showing its op or label, its value and its gradient, micrograd style,
 * shrunk to a width or at natural size; toDot: the same graph as Graphviz DOT text (micrograd's
 * draw_dot).
 */
import { curveBasis, line } from "d3-shape";
import type { GraphData, GraphEdge, GraphNode } from "../autograd/graph.js";
import { checkDrawable, layoutGraph, type Placed } from "./graph-layout.js";
import { describeGraph, nodeLines } from "./graph-text.js";
import { haloText } from "./marks.js";

export { nodeLines, toDot } from "./graph-text.js";
export { MAX_LAYOUT_CELLS, layoutCells } from "./graph-layout.js";
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
  titledTheme,
} from "./svg.js";
import { mix, paletteColour, resolveTheme, type Theme } from "./theme.js";
import type { ViewOptions } from "./types.js";

export type { GraphData, GraphEdge, GraphNode } from "../autograd/graph.js";

/** Layout and backward-pass highlighting of {@link computationGraph}. */
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

/** The terms a sum line shows before "… (n terms)": a box stays readable and its width bounded. */
const SUM_TERMS = 4;

/**
 * The line under a node's gradient: the sum it came from, or upstream × local for one use.
 * `outgoing` (the edges from each node) saves scanning every edge per node on large graphs.
 */
export function sumLine(
  graph: GraphData,
  id: string,
  outgoing: ReadonlyMap<string, readonly GraphEdge[]> = edgesFrom(graph),
  nodes: ReadonlyMap<string, GraphNode> = new Map(graph.nodes.map((n) => [n.id, n])),
): string | undefined {
  const out = (outgoing.get(id) ?? []).filter((e) => e.grad !== undefined);
  const fmt = (v: readonly number[]) =>
    v.length === 1 ? formatNumber(v[0]!, 4) : `[${v.map((x) => formatNumber(x, 3)).join(", ")}]`;
  if (out.length > SUM_TERMS)
    return `= ${out
      .slice(0, SUM_TERMS)
      .map((e) => fmt(e.grad!))
      .join(" + ")} + … (${out.length} terms)`;
  if (out.length >= 2) return `= ${out.map((e) => fmt(e.grad!)).join(" + ")}`;
  const e = out[0];
  const up = e && nodes.get(e.to)?.grad;
  if (e?.local && up && up.length === 1 && e.local.length === 1)
    return `= ${fmt(up)} × ${fmt(e.local)}`;
  return undefined;
}

function edgesFrom(graph: GraphData): Map<string, GraphEdge[]> {
  const out = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  return out;
}

/** Everything computationGraph draws from, before sizes are known. */
function graphContent(graph: GraphData, options: ComputationGraphOptions) {
  const order = graph.nodes.map((n) => n.id);
  const rank = new Map(order.map((id, k) => [id, order.length - 1 - k]));
  const step = options.backwardStep;
  const known = (id: string) => step === undefined || rank.get(id)! < step;
  const outgoing = edgesFrom(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = new Map(
    graph.nodes.map((n) => {
      const sum = known(n.id) ? sumLine(graph, n.id, outgoing, byId) : undefined;
      return [n.id, [...nodeLines(n, known(n.id)), ...(sum ? [sum] : [])]];
    }),
  );
  const edgeLabels = graph.edges.map((e) =>
    e.local && known(e.to)
      ? `×${e.local.length === 1 ? formatNumber(e.local[0]!, 4) : `[${e.local.map((v) => formatNumber(v, 3)).join(", ")}]`}`
      : undefined,
  );
  const highlighted = new Set(options.highlight ?? []);
  if (step !== undefined && step > 0) highlighted.add(order[order.length - step] ?? "");
  const outDegree = new Map<string, number>();
  for (const e of graph.edges) outDegree.set(e.from, (outDegree.get(e.from) ?? 0) + 1);
  return { lines, edgeLabels, highlighted, outDegree, root: order[order.length - 1] };
}

/**
 * A traced graph laid out left to right (or top to bottom) with dagre, one box per tensor with
 * its op or label, its value and its gradient, micrograd style. Returns an SVG document string.
 * PyTorch: none built in (torchviz's `make_dot` draws the same graph).
 * Graphs that need more than MAX_LAYOUT_CELLS boxes and edge bends are refused with an
 * ArgumentError before any layout (toDot writes those).
 *
 * @example
 * ```ts
 * import { retainGrads, tensor, traceGraph, viz } from "descentjs";
 * const a = tensor(2, { requiresGrad: true });
 * const b = tensor(-3, { requiresGrad: true });
 * a.label = "a";
 * b.label = "b";
 * const out = a.mul(b).add(a.square());
 * retainGrads(out);
 * out.backward();
 * const svg = viz.computationGraph(traceGraph(out), { title: "out = a·b + a²" });
 * ```
 */
export function computationGraph(graph: GraphData, options: ComputationGraphOptions = {}): string {
  checkDrawable(graph, "computationGraph");
  const theme = resolveTheme(options.theme);
  const fs = theme.fontSize;
  const charW = fs * 0.602;
  const lineH = fs + 5;
  const c = graphContent(graph, options);
  const tb = options.direction === "TB";
  const placed = layoutGraph(graph, {
    tb,
    size: (id) => {
      const ls = c.lines.get(id)!;
      return {
        width: Math.max(70, Math.max(...ls.map((l) => l.length)) * charW + 20),
        height: lineH * ls.length + 10,
      };
    },
    label: (k) => {
      const l = c.edgeLabels[k];
      return l ? { width: l.length * charW + 8, height: lineH } : undefined;
    },
  });
  const title = options.title ?? "Computation graph";
  // At least as wide as the title, whatever the scale.
  const titleW = Math.ceil(textWidth(title, theme.titleSize) * 1.1 + 24);
  const natural = options.fit === "none";
  const minScale = natural ? 1 : Math.min(1, Math.max(0, options.minScale ?? 0));
  const scale = Math.max(minScale, Math.min(1, ((options.width ?? 600) - 16) / placed.width));
  const width = Math.max(
    natural ? (options.width ?? 0) : (options.width ?? 600),
    Math.ceil(placed.width * scale + 16),
    natural ? titleW : 0,
  );
  const top = 36 + titledTheme(theme, title, width).margin.top - theme.margin.top;
  const height = options.height ?? Math.round(top + placed.height * scale + 8);
  const k = Math.round(scale * 1000) / 1000;
  const drawn = drawGraph(graph, placed, c, theme, lineH);
  const body = [
    titleText(title, theme, width),
    el(
      "g",
      {
        transform: `translate(${px((width - placed.width * k) / 2)} ${top}) scale(${k})`,
        class: "graph-body",
        "data-scale": String(k),
        "font-family": theme.monoFamily,
      },
      drawn.svg,
    ),
  ];
  return svgDocument({
    width,
    height,
    title,
    desc: options.desc ?? describeGraph(graph, tb, options.backwardStep, scale),
    theme,
    className: "descent-graph",
    idPrefix: options.idPrefix,
    defs: drawn.defs,
    body,
  });
}

/** Edges (with their local derivatives), then node boxes, in graph coordinates. */
function drawGraph(
  graph: GraphData,
  placed: Placed,
  c: ReturnType<typeof graphContent>,
  theme: Theme,
  lineH: number,
) {
  const marker = arrowMarker(theme.muted, 8);
  const hot = paletteColour(theme, 1);
  const hotMarker = arrowMarker(hot, 9);
  const edgeLine = line<{ x: number; y: number }>()
    .x((p) => p.x)
    .y((p) => p.y)
    .curve(curveBasis)
    .digits(2);
  const edges = graph.edges.map((e, k) => {
    const p = placed.edge(k);
    // The highlighted node's gradient, passed on along every edge that carries one.
    const reused = c.highlighted.has(e.to) && e.grad !== undefined;
    const parts = [
      el("path", {
        d: edgeLine(p.points) ?? "",
        fill: "none",
        stroke: reused ? hot : theme.muted,
        "stroke-width": reused ? 2.6 : 1.4,
        "marker-end": `url(#${reused ? hotMarker.id : marker.id})`,
        class: reused ? "edge reused" : "edge",
        "data-from": e.from,
        "data-to": e.to,
      }),
    ];
    const label = c.edgeLabels[k];
    if (label && p.label)
      parts.push(
        haloText(p.label.x, p.label.y + 4, label, theme, {
          "text-anchor": "middle",
          class: "edge-local",
          fill: reused ? hot : theme.muted,
        }),
      );
    return parts.join("");
  });
  const nodes = graph.nodes.map((n) => nodeBox(n, placed.node(n.id), c, theme, lineH, hot));
  return { svg: edges.join("") + nodes.join(""), defs: [marker.svg, hotMarker.svg] };
}

function nodeBox(
  n: GraphNode,
  box: { x: number; y: number; width: number; height: number },
  c: ReturnType<typeof graphContent>,
  theme: Theme,
  lineH: number,
  hot: string,
): string {
  const x = box.x - box.width / 2;
  const y = box.y - box.height / 2;
  const fill =
    n.kind === "leaf" ? mix(paletteColour(theme, 0), 0.86) : mix(paletteColour(theme, 4), 0.82);
  const hl = c.highlighted.has(n.id);
  const [head, data, grad, sum] = c.lines.get(n.id)!;
  const parts = [
    el("rect", {
      x,
      y,
      width: box.width,
      height: box.height,
      rx: 5,
      fill,
      stroke: hl ? hot : theme.foreground,
      "stroke-width": hl ? 3 : n.id === c.root ? 2 : 1,
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
    text(x + 10, y + lineH, head!, { "font-weight": "bold" }),
    text(x + 10, y + 2 * lineH + 3, data!, { class: "node-data" }),
    text(x + 10, y + 3 * lineH + 3, grad!, { class: "node-grad", fill: hot }),
  ];
  if (sum) parts.push(text(x + 10, y + 4 * lineH + 3, sum, { class: "node-sum", fill: hot }));
  if ((c.outDegree.get(n.id) ?? 0) > 1)
    parts.push(
      text(x + box.width - 6, y + lineH, "+=", {
        "text-anchor": "end",
        fill: hot,
        "font-weight": "bold",
        class: "fan-out",
      }),
    );
  return group({ class: `node ${n.kind}${hl ? " reused" : ""}`, "data-id": n.id }, parts);
}
