/**
 * neuronGrid: one small heat-map per hidden neuron, its activation over the input plane, in
 * columns by layer (TF Playground's neuron thumbnails), with a diverging colour key.
 */
import { finiteExtent } from "./axes.js";
import { absFinite, gridPoints, maxOf, rasterRects, type Window2d } from "./raster.js";
import { el, formatNumber, group, svgDocument, text, titleText } from "./svg.js";
import { DEFAULT_THEME, resolveTheme } from "./theme.js";
import type { Range, ViewOptions } from "./types.js";

/** What {@link neuronGrid} draws: every hidden layer's activations over the input plane. */
export interface NeuronGridInput {
  /** Activations at n×2 grid points: one n×width row-major array per hidden layer. */
  activations: (points: Float32Array) => readonly Float32Array[];
  /** The input plane shown, [[x0, x1], [y0, y1]]. */
  window: Window2d;
  /** Column titles, e.g. ["layer 1 (tanh)", "layer 2 (tanh)"]. */
  layerNames?: readonly string[];
}

/** Thumbnail resolution and colour scale of {@link neuronGrid}. */
export interface NeuronGridOptions extends ViewOptions {
  /** Cells per side of each thumbnail (default 24). */
  gridSize?: number;
  /** Colour range: per "layer" (default), per "neuron", or a fixed [lo, hi] centred on 0. */
  scale?: "layer" | "neuron" | Range;
}

/**
 * One small heat map per hidden neuron, its activation over the input plane, in columns by layer
 * (TensorFlow Playground's neuron thumbnails), with a diverging colour key. Returns an SVG
 * document string. No PyTorch equivalent.
 *
 * @example
 * ```ts
 * import { nn, noGrad, tensor, viz } from "descentjs";
 * const hidden = new nn.Sequential(new nn.Linear(2, 4), new nn.Tanh());
 * const svg = viz.neuronGrid({
 *   window: [[-2, 2], [-2, 2]],
 *   layerNames: ["layer 1 (tanh)"],
 *   activations: (points) => [
 *     noGrad(() => hidden.forward(tensor(points, { shape: [points.length / 2, 2] })))
 *       .toTypedArray() as Float32Array,
 *   ],
 * });
 * ```
 */
export function neuronGrid(input: NeuronGridInput, options: NeuronGridOptions = {}): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const g = Math.max(4, Math.round(options.gridSize ?? 24));
  const n = g * g;
  const layers = input.activations(gridPoints(input.window, g));
  const widths = layers.map((a) => Math.round(a.length / n));
  const maxN = Math.max(1, ...widths);
  const top = 56;
  const gap = 8;
  const colW = (width - 24) / Math.max(1, layers.length);
  const thumb = Math.max(
    24,
    Math.min(84, colW - 2 * gap, options.height ? (options.height - top - 40) / maxN - gap : 84),
  );
  const height = options.height ?? Math.round(top + maxN * (thumb + gap) + 40);
  const scale = options.scale ?? "layer";
  const parts: string[] = [];
  const summary: string[] = [];
  layers.forEach((acts, l) => {
    const cx = 12 + colW * l + colW / 2;
    const layerMax = Math.max(1e-12, maxOf(acts, absFinite));
    parts.push(
      text(cx, top - 12, input.layerNames?.[l] ?? `layer ${l + 1}`, {
        "text-anchor": "middle",
        class: "layer-title",
        "font-weight": "bold",
      }),
    );
    const ext = finiteExtent(acts) ?? [0, 0];
    summary.push(
      `${input.layerNames?.[l] ?? `layer ${l + 1}`}: ${widths[l]} neurons, activations from ${formatNumber(ext[0])} to ${formatNumber(ext[1])}`,
    );
    for (let u = 0; u < widths[l]!; u++) {
      const vals = Array.from({ length: n }, (_, i) => acts[i * widths[l]! + u]!);
      const mx =
        typeof scale !== "string"
          ? Math.max(Math.abs(scale[0]), Math.abs(scale[1]))
          : scale === "neuron"
            ? Math.max(1e-12, maxOf(vals, absFinite))
            : layerMax;
      const colours = vals.map((v) =>
        theme.diverging(0.5 + Math.round(Math.max(-1, Math.min(1, v / mx)) * 8) / 16),
      );
      const box = {
        left: cx - thumb / 2,
        top: top + u * (thumb + gap),
        width: thumb,
        height: thumb,
      };
      parts.push(
        group(
          { class: "neuron", "data-layer": l, "data-neuron": u, "shape-rendering": "crispEdges" },
          [
            rasterRects(colours, g, box),
            el("rect", {
              ...box,
              x: box.left,
              y: box.top,
              fill: "none",
              stroke: theme.muted,
              "stroke-width": 0.8,
            }),
          ],
        ),
      );
    }
  });
  const barY = height - 22;
  const bar: string[] = [];
  for (let k = 0; k <= 16; k++)
    bar.push(
      el("rect", {
        x: width / 2 - 120 + k * 15,
        y: barY - 10,
        width: 15.5,
        height: 10,
        fill: theme.diverging(k / 16),
      }),
    );
  bar.push(
    text(width / 2 - 126, barY, "negative", { "text-anchor": "end", fill: theme.muted }),
    text(width / 2 + 141, barY, "positive", { fill: theme.muted }),
  );
  const title = options.title ?? "Hidden neurons";
  const desc =
    options.desc ??
    `One heat-map per hidden neuron: its activation over x₁ from ${formatNumber(input.window[0][0])} to ${formatNumber(input.window[0][1])} and x₂ from ${formatNumber(input.window[1][0])} to ${formatNumber(input.window[1][1])}, ${theme.diverging === DEFAULT_THEME.diverging ? "orange positive, purple negative, white zero" : "the key's right end positive, left end negative, middle zero"} (${typeof scale !== "string" ? "fixed range" : `scaled per ${scale}`}). ${summary.join("; ")}.`;
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-neuron-grid",
    idPrefix: options.idPrefix,
    body: [titleText(title, theme, width), ...parts, group({ class: "colour-key" }, bar)],
  });
}
