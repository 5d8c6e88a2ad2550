/** decisionBoundary: a classifier's predictions over the plane, under its 2-D data set. */
import {
  axisBottom,
  axisY,
  bottomLegend,
  clipPath,
  clipped,
  linear,
  plotArea,
  type LegendEntry,
} from "./axes.js";
import { contourPaths } from "./contour-grid.js";
import { equalAspect } from "./contour-plot.js";
import { SHAPES, shapeMark } from "./marks.js";
import { dataWindow, gridPoints, maxOf, type Window2d } from "./raster.js";
import { el, formatNumber, group, svgDocument, text, titleText, titledTheme } from "./svg.js";
import { mix, paletteColour, resolveTheme, type Theme } from "./theme.js";
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

/** What {@link decisionBoundary} draws: 2-D points with classes and the model's probabilities. */
export interface DecisionBoundaryInput {
  /** Training points, n×2 row-major. */
  points: ArrayLike<number>;
  /** Class index of each point. */
  labels: ArrayLike<number>;
  /** Held-out points (drawn hollow with a dot), n×2 row-major, with their labels. */
  testPoints?: ArrayLike<number>;
  /** Class index of each held-out point. */
  testLabels?: ArrayLike<number>;
  /** Class probabilities for n×2 points: n×classes (or n×1 = p(class 1)). */
  predict: (points: Float32Array) => Float32Array;
  /** [[x0, x1], [y0, y1]]; default: the data's extent plus 10 %. */
  window?: Window2d;
  /** Names of the classes in the key (default "class 0", "class 1", …). */
  classNames?: readonly string[];
}

/** Grid and shading of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions extends ViewOptions {
  /** Grid samples per side for the contours (default 80). */
  gridSize?: number;
  /** Colour by the predicted class only, without confidence shading. */
  discretize?: boolean;
}

/** Confidence levels shaded: the predicted class's probability at least 0.5, 0.6, … 0.9. */
const LEVELS = [0.5, 0.6, 0.7, 0.8, 0.9];
const shade = (colour: string, level: number, flat: boolean) =>
  mix(colour, flat ? 0.55 : 0.85 - ((level - 0.5) / 0.4) * 0.55);

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

/**
 * Per class: its probability where it is the predicted class (0 elsewhere), contoured at the
 * confidence levels, then the boundary (where it stops being predicted) as a line.
 */
function bands(
  probs: ReturnType<typeof classProbs>,
  g: number,
  area: Parameters<typeof contourPaths>[4],
  theme: Theme,
  flat: boolean,
) {
  const fills: string[] = [];
  const lines: string[] = [];
  for (let c = 0; c < probs.k; c++) {
    const field = Array.from({ length: g * g }, (_, i) => {
      const [best, pmax] = argmax(probs.p, i, probs.k);
      return best === c ? pmax : 0;
    });
    const levels = flat ? [1 / probs.k] : LEVELS.map((l) => Math.max(l, 1 / probs.k + 1e-6));
    const colour = paletteColour(theme, c);
    contourPaths(field, g, g, levels, area).forEach((b, j) => {
      if (b.d !== "")
        fills.push(
          el("path", {
            d: b.d,
            fill: shade(colour, levels[j]!, flat),
            "data-class": c,
            "data-level": levels[j],
          }),
        );
    });
    // The margin to the runner-up is 0 on the boundary: its contour is the p = 0.5 line for two classes.
    const margin = Array.from({ length: g * g }, (_, i) => {
      let other = 0;
      for (let o = 0; o < probs.k; o++) if (o !== c) other = Math.max(other, probs.p(i, o));
      return probs.p(i, c) - other;
    });
    const [edge] = contourPaths(margin, g, g, [0], area);
    if (edge && edge.d !== "" && c > 0) lines.push(el("path", { d: edge.d, fill: "none" }));
  }
  return {
    // data-area: the plot area in px, so a page can map a click back to (x₁, x₂)
    fills: group(
      {
        class: "heatmap bands",
        "data-area": `${area.left},${area.top},${area.width},${area.height}`,
        "stroke-linejoin": "round",
      },
      fills,
    ),
    boundary: group(
      { class: "boundary", stroke: theme.foreground, "stroke-width": 2, "stroke-dasharray": "6 3" },
      lines,
    ),
  };
}

function points(
  pts: ArrayLike<number>,
  labels: ArrayLike<number>,
  held: boolean,
  xs: (v: number) => number,
  ys: (v: number) => number,
  theme: Theme,
): string {
  const marks: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    const col = paletteColour(theme, c);
    const [x, y] = [xs(pts[2 * i]!), ys(pts[2 * i + 1]!)];
    const shape = SHAPES[c % SHAPES.length]!;
    marks.push(
      shapeMark(shape, x, y, held ? 5 : 4.2, {
        fill: held ? theme.background : col,
        stroke: held ? col : theme.background,
        "stroke-width": held ? 1.8 : 0.9,
        "data-class": c,
      }),
    );
    if (held) marks.push(el("circle", { cx: x, cy: y, r: 1.3, fill: col }));
  }
  // The points carry no class each (their group does): ImageMagick gives up on many classed marks.
  return group({ class: held ? "data held-out" : "data train" }, marks);
}

/**
 * A 2-D data set over a classifier's predictions, TensorFlow Playground style: smooth bands of
 * confidence per predicted class (contours of the probability, not blocks), the decision boundary
 * p = 0.5 as a line, a key for the shades, training points filled and held-out points hollow with
 * a dot, on equal-aspect axes. Classes differ by shape as well as colour. Returns an SVG document
 * string. No PyTorch equivalent.
 *
 * @example
 * ```ts
 * import { data, nn, noGrad, tensor, viz } from "descentjs";
 * const { x, y } = data.twoMoons(200, { seed: 0 });
 * const model = nn.mlp([2, 16, 2]); // trained with fit() first
 * const predict = (p: Float32Array) =>
 *   noGrad(() => model.forward(tensor(p, { shape: [p.length / 2, 2] })).softmax(1))
 *     .toTypedArray() as Float32Array;
 * const svg = viz.decisionBoundary({ points: x.toTypedArray(), labels: y.toTypedArray(), predict });
 * ```
 */
export function decisionBoundary(
  input: DecisionBoundaryInput,
  options: DecisionBoundaryOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const title = options.title ?? "Decision boundary";
  const g = Math.max(4, Math.round(options.gridSize ?? 80));
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
    entries.push({ label: "held out (hollow)", colour: theme.muted, symbol: "dot" });
  entries.push({ label: "boundary p = 0.5", colour: theme.foreground, symbol: "dashed" });
  const m = { ...titledTheme(theme, title, width).margin, right: 24 };
  const probe = bottomLegend(entries, width, 0, m, theme);
  const key = 34;
  const [[x0, x1], [y0, y1]] = window;
  const aw = width - m.left - m.right;
  const height =
    options.height ??
    Math.round(
      m.top +
        m.bottom +
        probe.height +
        key +
        aw * Math.max(0.5, Math.min(1.3, (y1 - y0) / (x1 - x0))),
    );
  const lg = bottomLegend(entries, width, height, m, theme);
  const area = equalAspect(
    plotArea(width, height, { ...m, bottom: m.bottom + lg.height + key }),
    window,
  );
  const xs = linear(window[0], [area.left, area.right]);
  const ys = linear(window[1], [area.bottom, area.top]);
  const clip = clipPath(area);
  const drawn = bands(probs, g, area, theme, options.discretize === true);
  const hasTest = input.testPoints !== undefined && input.testLabels !== undefined;
  const body = [
    titleText(title, theme, width),
    clipped(area, { class: "plot-layers" }, [
      drawn.fills,
      drawn.boundary,
      points(input.points, input.labels, false, xs, ys, theme),
      hasTest ? points(input.testPoints!, input.testLabels!, true, xs, ys, theme) : "",
    ]),
    axisBottom(xs, area, theme, { label: "x₁", grid: false }),
    axisY(ys, area, theme, { label: "x₂", grid: false }),
    confidenceKey(classes, m.left, height - lg.height - 12, theme, options.discretize === true),
    lg.svg,
  ];
  return svgDocument({
    width,
    height,
    title,
    desc: options.desc ?? describe(input, window, g, classes, options.discretize === true),
    theme,
    className: "descent-decision-boundary",
    idPrefix: options.idPrefix,
    defs: [clip.svg],
    body,
  });
}

/** "How sure": each class's shades from p = 0.5 (pale) to p ≥ 0.9 (full). */
function confidenceKey(classes: number, x: number, y: number, theme: Theme, flat: boolean): string {
  if (flat) return "";
  const parts = [text(x, y, "how sure:", { fill: theme.muted })];
  let cx = x + 72;
  for (let c = 0; c < Math.min(classes, 3); c++) {
    LEVELS.forEach((l, j) =>
      parts.push(
        el("rect", {
          x: cx + j * 12,
          y: y - 10,
          width: 12,
          height: 12,
          fill: shade(paletteColour(theme, c), l, false),
        }),
      ),
    );
    cx += LEVELS.length * 12 + 8;
  }
  parts.push(text(cx, y, "p 0.5 → 0.9+", { fill: theme.muted }));
  return group({ class: "confidence-key" }, parts);
}

function describe(
  input: DecisionBoundaryInput,
  window: Window2d,
  g: number,
  classes: number,
  flat: boolean,
): string {
  const trainAcc = accuracy(input.predict, input.points, input.labels);
  const testAcc =
    input.testPoints && input.testLabels
      ? accuracy(input.predict, input.testPoints, input.testLabels)
      : NaN;
  return (
    `The model's predicted class over x₁ from ${formatNumber(window[0][0])} to ${formatNumber(window[0][1])} and x₂ from ${formatNumber(window[1][0])} to ${formatNumber(window[1][1])}, both axes to one scale ` +
    `(contours of a ${g}×${g} grid; ${flat ? "flat colour per class" : "darker = more confident, shades at p = 0.5, 0.6, 0.7, 0.8, 0.9"}; the dashed line is the decision boundary, p = 0.5), with ${input.labels.length} training points of ${classes} classes` +
    (input.testLabels
      ? ` and ${input.testLabels.length} held-out points (hollow, with a dot)`
      : "") +
    `. Accuracy: training ${formatNumber(trainAcc * 100, 3)} %` +
    (Number.isNaN(testAcc) ? "." : `, test ${formatNumber(testAcc * 100, 3)} %.`)
  );
}
