/**
 * decisionBoundary: a 2-D data set over a heat-map of a classifier's predictions (TF Playground
 * style): colour = predicted class, paler = less confident; classes differ by shape too.
 */
import { axisBottom, axisY, bottomLegend, linear, plotArea, type LegendEntry } from "./axes.js";
import { SHAPES, shapeMark } from "./marks.js";
import { dataWindow, gridPoints, maxOf, rasterRects, type Window2d } from "./raster.js";
import { formatNumber, group, svgDocument, titleText } from "./svg.js";
import { mix, paletteColour, resolveTheme } from "./theme.js";
import type { ViewOptions } from "./types.js";

function classProbs(
  out: Float32Array,
  n: number,
): { k: number; p: (i: number, c: number) => number } {
  const k = n > 0 ? Math.round(out.length / n) : 1;
  if (k === 1) return { k: 2, p: (i, c) => (c === 1 ? out[i]! : 1 - out[i]!) };
  return { k, p: (i, c) => out[i * k + c]! };
}

function argmax(p: (i: number, c: number) => number, i: number, k: number): [number, number] {
  let best = 0;
  for (let c = 1; c < k; c++) if (p(i, c) > p(i, best)) best = c;
  return [best, p(i, best)];
}

export interface DecisionBoundaryInput {
  /** Training points, n×2 row-major. */
  points: ArrayLike<number>;
  /** Class index of each point. */
  labels: ArrayLike<number>;
  /** Held-out points (drawn hollow), n×2 row-major, with their labels. */
  testPoints?: ArrayLike<number>;
  testLabels?: ArrayLike<number>;
  /** Class probabilities for n×2 points: n×classes (or n×1 = p(class 1)). */
  predict: (points: Float32Array) => Float32Array;
  /** [[x0, x1], [y0, y1]]; default: the data's extent plus 10 %. */
  window?: Window2d;
  classNames?: readonly string[];
}

export interface DecisionBoundaryOptions extends ViewOptions {
  /** Heat-map cells per side (default 50). */
  gridSize?: number;
  /** Colour by the predicted class only, without confidence shading. */
  discretize?: boolean;
}

function accuracy(
  predict: DecisionBoundaryInput["predict"],
  pts: ArrayLike<number>,
  labels: ArrayLike<number>,
): number {
  const n = labels.length;
  if (n === 0) return NaN;
  const probs = classProbs(predict(Float32Array.from(pts)), n);
  let right = 0;
  for (let i = 0; i < n; i++) if (argmax(probs.p, i, probs.k)[0] === labels[i]) right++;
  return right / n;
}

export function decisionBoundary(
  input: DecisionBoundaryInput,
  options: DecisionBoundaryOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const g = Math.max(4, Math.round(options.gridSize ?? 50));
  const window = input.window ?? dataWindow(input.points);
  const probs = classProbs(input.predict(gridPoints(window, g)), g * g);
  const classes = Math.max(
    probs.k,
    maxOf(input.labels, (l) => l + 1),
  );
  const name = (c: number) => input.classNames?.[c] ?? `class ${c}`;
  const entries: LegendEntry[] = Array.from({ length: classes }, (_, c) => ({
    label: name(c),
    colour: paletteColour(theme, c),
    shape: SHAPES[c % SHAPES.length],
  }));
  if (input.testPoints)
    entries.push({ label: "test (hollow)", colour: theme.muted, symbol: "dot" });
  const m = theme.margin;
  const probe = bottomLegend(entries, width, 0, m, theme);
  const height =
    options.height ?? Math.round(width - m.left - m.right + m.top + m.bottom + probe.height);
  const lg = bottomLegend(entries, width, height, m, theme);
  const area = plotArea(width, height, { ...m, bottom: m.bottom + lg.height });
  const colours = Array.from({ length: g * g }, (_, i) => {
    const [c, pmax] = argmax(probs.p, i, probs.k);
    const t = options.discretize
      ? 1
      : Math.round(((pmax - 1 / probs.k) / (1 - 1 / probs.k)) * 10) / 10;
    return mix(paletteColour(theme, c), 1 - 0.5 * Math.max(0, t));
  });
  const xs = linear(window[0], [area.left, area.right]);
  const ys = linear(window[1], [area.bottom, area.top]);
  const marks: string[] = [];
  const drawPoints = (pts: ArrayLike<number>, labels: ArrayLike<number>, hollow: boolean) => {
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i]!;
      const col = paletteColour(theme, c);
      marks.push(
        shapeMark(SHAPES[c % SHAPES.length]!, xs(pts[2 * i]!), ys(pts[2 * i + 1]!), 4.2, {
          fill: hollow ? theme.background : col,
          stroke: hollow ? col : theme.background,
          "stroke-width": hollow ? 1.6 : 0.9,
          class: hollow ? "data-point test" : "data-point",
          "data-class": c,
        }),
      );
    }
  };
  drawPoints(input.points, input.labels, false);
  if (input.testPoints && input.testLabels) drawPoints(input.testPoints, input.testLabels, true);
  const trainAcc = accuracy(input.predict, input.points, input.labels);
  const testAcc =
    input.testPoints && input.testLabels
      ? accuracy(input.predict, input.testPoints, input.testLabels)
      : NaN;
  const title = options.title ?? "Decision boundary";
  const body = [
    titleText(title, theme),
    // data-area: the plot area in px, so a page can map a click back to (x₁, x₂)
    group(
      {
        class: "heatmap",
        "data-grid": g,
        "data-area": `${area.left},${area.top},${area.width},${area.height}`,
        "shape-rendering": "crispEdges",
      },
      [rasterRects(colours, g, area)],
    ),
    axisBottom(xs, area, theme, { label: "x₁", grid: false }),
    axisY(ys, area, theme, { label: "x₂", grid: false }),
    group({ class: "data" }, marks),
    lg.svg,
  ];
  const desc =
    options.desc ??
    `The model's predicted class over x₁ from ${formatNumber(window[0][0])} to ${formatNumber(window[0][1])} and x₂ from ${formatNumber(window[1][0])} to ${formatNumber(window[1][1])} ` +
      `(${g}×${g} cells; ${options.discretize ? "flat colour per class" : "paler = less confident"}), with ${input.labels.length} training points of ${classes} classes` +
      (input.testLabels ? ` and ${input.testLabels.length} test points (hollow)` : "") +
      `. Accuracy: training ${formatNumber(trainAcc * 100, 3)} %` +
      (Number.isNaN(testAcc) ? "." : `, test ${formatNumber(testAcc * 100, 3)} %.`);
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-decision-boundary",
    idPrefix: options.idPrefix,
    body,
  });
}
