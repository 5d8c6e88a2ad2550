/**
 * networkDiagram: a feed-forward network as columns of neurons with every weight drawn as a
 * link, its width the weight's size and its colour the sign (TF Playground's picture), so what
 * training does to the weights can be watched.
 */
import { el, formatNumber, group, svgDocument, text, titleText } from "./svg.js";
import { resolveTheme } from "./theme.js";
import type { ViewOptions } from "./types.js";

/** What {@link networkDiagram} draws: the layers' widths, their weights, and names. */
export interface NetworkDiagramInput {
  /** Names of the inputs, e.g. ["x1", "x2", "x1²"]. */
  inputs: readonly string[];
  /** weights[l] is layer l's matrix, [out][in] as torch stores it (row-major, out × in). */
  weights: readonly ArrayLike<number>[];
  /** The width of each layer after the inputs (hidden layers, then the outputs). */
  sizes: readonly number[];
  /** Names of the outputs (default "out 1", "out 2", …). */
  outputs?: readonly string[];
}

/** Link colours of {@link networkDiagram}. */
export interface NetworkDiagramOptions extends ViewOptions {
  /** Colour of positive weights (default: the palette's blue). */
  positive?: string;
  /** Colour of negative weights (default: the palette's vermillion). */
  negative?: string;
}

/**
 * A feed-forward network as columns of neurons with every weight drawn as a link, its width the
 * weight's size and its colour the sign (TensorFlow Playground's picture). Returns an SVG
 * document string. No PyTorch equivalent.
 *
 * @example
 * ```ts
 * import { nn, viz } from "descentjs";
 * const first = new nn.Linear(2, 3);
 * const second = new nn.Linear(3, 1);
 * const svg = viz.networkDiagram({
 *   inputs: ["x1", "x2"],
 *   sizes: [3, 1],
 *   weights: [first.weight.toTypedArray(), second.weight.toTypedArray()],
 *   outputs: ["y"],
 * });
 * ```
 */
export function networkDiagram(
  input: NetworkDiagramInput,
  options: NetworkDiagramOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const columns = [input.inputs.length, ...input.sizes];
  const tallest = Math.max(1, ...columns);
  const height = options.height ?? Math.max(160, 70 + tallest * 34);
  const top = 44;
  const bottom = height - 30;
  const left = 60;
  const right = width - 60;
  const positive = options.positive ?? theme.palette[0]!;
  const negative = options.negative ?? theme.palette[1]!;
  const xOf = (c: number): number => left + ((right - left) * c) / Math.max(1, columns.length - 1);
  const yOf = (c: number, i: number): number => {
    const n = columns[c]!;
    const gap = Math.min(34, (bottom - top) / Math.max(1, n));
    return (top + bottom) / 2 + (i - (n - 1) / 2) * gap;
  };
  let biggest = 0;
  for (const w of input.weights)
    for (let k = 0; k < w.length; k++) biggest = Math.max(biggest, Math.abs(w[k]!) || 0);
  const links: string[] = [];
  input.weights.forEach((w, l) => {
    const [nIn, nOut] = [columns[l]!, columns[l + 1]!];
    for (let o = 0; o < nOut; o++) {
      for (let i = 0; i < nIn; i++) {
        const v = w[o * nIn + i] ?? 0;
        const size = biggest > 0 ? Math.abs(v) / biggest : 0;
        links.push(
          el("line", {
            x1: xOf(l),
            y1: yOf(l, i),
            x2: xOf(l + 1),
            y2: yOf(l + 1, o),
            stroke: v >= 0 ? positive : negative,
            "stroke-width": 0.4 + 5 * size,
            "stroke-opacity": 0.25 + 0.7 * size,
            "stroke-dasharray": v >= 0 ? undefined : "5 2",
          }),
        );
      }
    }
  });
  const nodes: string[] = [];
  columns.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      const [x, y] = [xOf(c), yOf(c, i)];
      nodes.push(
        el("circle", {
          cx: x,
          cy: y,
          r: 9,
          fill: theme.background,
          stroke: theme.foreground,
          "stroke-width": 1.2,
        }),
      );
      const name =
        c === 0
          ? input.inputs[i]
          : c === columns.length - 1
            ? (input.outputs?.[i] ?? `out ${i + 1}`)
            : undefined;
      if (name)
        nodes.push(
          text(c === 0 ? x - 14 : x + 14, y + 4, name, {
            "text-anchor": c === 0 ? "end" : "start",
          }),
        );
    }
  });
  const title = options.title ?? "Network and its weights";
  const legend = group({ class: "legend" }, [
    el("line", {
      x1: left,
      y1: height - 12,
      x2: left + 24,
      y2: height - 12,
      stroke: positive,
      "stroke-width": 3,
    }),
    text(left + 30, height - 8, "positive weight"),
    el("line", {
      x1: left + 150,
      y1: height - 12,
      x2: left + 174,
      y2: height - 12,
      stroke: negative,
      "stroke-width": 3,
      "stroke-dasharray": "5 2",
    }),
    text(left + 180, height - 8, `negative (width ∝ |w|, largest ${formatNumber(biggest, 3)})`),
  ]);
  return svgDocument({
    width,
    height,
    title,
    desc:
      options.desc ??
      `A network with layers of ${columns.join(", ")} neurons; ${links.length} weights drawn, the largest of size ${formatNumber(biggest, 3)}.`,
    theme,
    className: "descent-network",
    ...(options.idPrefix !== undefined ? { idPrefix: options.idPrefix } : {}),
    body: [
      titleText(title, theme),
      group({ class: "links" }, links),
      group({ class: "neurons" }, nodes),
      legend,
    ],
  });
}
