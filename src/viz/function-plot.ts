/**
 * functionPlot1d: f(x) over a window with the descent path on the curve, numbered key steps,
 * update arrows, minima and the start; the derivative f′ on its own small panel below (sharing x,
 * its zero line marked), and the ε-band where |f′(x)| < ε across both.
 */
import {
  axisBottom,
  axisY,
  clipPath,
  linear,
  type Area,
  type LegendEntry,
  clipped,
} from "./axes.js";
import { axisYWidth, fitFrame } from "./frame.js";
import { arrow, within } from "./marks.js";
import { describeCurve } from "./function-desc.js";
import {
  markerBoxes,
  runDots,
  runGeometries,
  runMarkers,
  runPaths,
  runStepLabels,
  type RunGeometry,
} from "./runs.js";
import {
  arrowMarker,
  el,
  formatNumber,
  group,
  pointsAttr,
  prettyFormula,
  svgDocument,
} from "./svg.js";
import { titleText, titledTheme, text } from "./svg.js";
import { centralDifference, bands, pad, robustRange } from "./sampling.js";
import { paletteColour, resolveTheme, type Theme } from "./theme.js";
import {
  runLabel,
  type MinimumMark,
  type PathPoint,
  type Range,
  type TrajectoryRun,
  type ViewOptions,
} from "./types.js";

/** What {@link functionPlot1d} draws: a function of one variable, its window, runs and minima. */
export interface FunctionPlot1dInput {
  /** The function, evaluated at the samples (NaN and ±∞ leave gaps). */
  f: (x: number) => number;
  /** The x interval shown. */
  window: Range;
  /** f′ as a function, or true to draw central differences of f (on a panel below f). */
  derivative?: ((x: number) => number) | boolean;
  /** Descent paths on the curve (minimize() results through runFromResult). */
  runs?: readonly TrajectoryRun[];
  /** Known minima, drawn as stars (a gallery function's minima fit). */
  minima?: readonly MinimumMark[];
  /** Shade the x where |f′(x)| < epsilon (uses central differences when no derivative is given). */
  epsilon?: number;
}

/** Sizes, sampling and labelling of {@link functionPlot1d}. */
export interface FunctionPlot1dOptions extends ViewOptions {
  /** Sample count of the curve (default 400). */
  samples?: number;
  /** The y range of f (default: f's range over the window, robust to poles). */
  yRange?: Range;
  /** The formula, for the title and desc, e.g. "x^3 - 3x". */
  expression?: string;
  /** At most this many step numbers per run (default 6): first, last, turning points, spread. */
  stepLabels?: number;
  /** At most this many update arrows per run (default 15; short and overlapping ones are skipped). */
  arrows?: number;
  /** Run indices bottom to top (default the given order); the legend keeps the given order. */
  drawOrder?: readonly number[];
}

/** f and f′ sampled over the window. */
interface Samples {
  xs: number[];
  ys: number[];
  ds: number[];
  /** Whether f′ gets its own panel. */
  derivative: boolean;
}

function sample(input: FunctionPlot1dInput, n: number): Samples {
  const [x0, x1] = input.window;
  const dfn =
    typeof input.derivative === "function"
      ? input.derivative
      : input.derivative === true || input.epsilon !== undefined
        ? centralDifference(input.f, (x1 - x0) * 1e-5)
        : undefined;
  const xs = Array.from({ length: n }, (_, i) => x0 + ((x1 - x0) * i) / (n - 1));
  return {
    xs,
    ys: xs.map((x) => input.f(x)),
    ds: dfn ? xs.map((x) => dfn(x)) : [],
    derivative: input.derivative !== undefined && input.derivative !== false,
  };
}

function legendEntries(input: FunctionPlot1dInput, s: Samples, theme: Theme): LegendEntry[] {
  const entries: LegendEntry[] = [{ label: "f(x)", colour: theme.foreground }];
  if (s.derivative) entries.push({ label: "f′(x), below", colour: theme.muted, symbol: "dashed" });
  if (input.epsilon !== undefined)
    entries.push({
      label: `|f′| < ${formatNumber(input.epsilon)}`,
      colour: theme.epsilon,
      symbol: "area",
    });
  (input.runs ?? []).forEach((r, i) =>
    entries.push({ label: runLabel(r, i), colour: r.colour ?? paletteColour(theme, i) }),
  );
  return entries;
}

/** The f panel and, below it, the f′ panel (a quarter of the height) sharing the x axis. */
function splitArea(area: Area, derivative: boolean): { f: Area; d?: Area } {
  if (!derivative) return { f: area };
  const dh = Math.max(48, Math.round(area.height * 0.26));
  const gap = 12;
  const fh = area.height - dh - gap;
  return {
    f: { ...area, bottom: area.top + fh, height: fh },
    d: { ...area, top: area.bottom - dh, height: dh },
  };
}

function bandRects(list: [number, number][], x: (v: number) => number, a: Area, theme: Theme) {
  return list.map(([lo, hi]) =>
    el("rect", {
      x: x(lo) - 1,
      y: a.top,
      width: Math.max(2, x(hi) - x(lo) + 2),
      height: a.height,
      fill: theme.epsilon,
      opacity: 0.18,
      class: "epsilon-band",
      "data-from": String(lo),
      "data-to": String(hi),
    }),
  );
}

function curveLine(pts: [number, number][], stroke: string, cls: string, dashed = false) {
  return el("polyline", {
    points: pointsAttr(pts),
    fill: "none",
    stroke,
    "stroke-width": dashed ? 1.6 : 2.2,
    "stroke-dasharray": dashed ? "7 4" : undefined,
    "stroke-linejoin": "round",
    class: cls,
  });
}

/** Arrows from each step to the next along the curve, skipping short and crowded ones. */
function updateArrows(runs: readonly RunGeometry[], area: Area, max: number) {
  const defs: string[] = [];
  const parts: string[] = [];
  for (const g of runs) {
    const marker = arrowMarker(g.colour);
    defs.push(marker.svg);
    const mids: [number, number][] = [];
    for (let k = 0; k + 1 < g.pts.length && mids.length < max; k++) {
      const [[ax, ay], [bx, by]] = [g.pts[k]!, g.pts[k + 1]!];
      const mid: [number, number] = [(ax + bx) / 2, (ay + by) / 2];
      if (mids.some(([mx, my]) => Math.hypot(mx - mid[0], my - mid[1]) < 14)) continue;
      const attrs = { markerId: marker.id, stroke: g.colour, "stroke-width": 1.6, class: "update" };
      const a = arrow(ax, ay, bx, by, attrs, 14, area);
      if (!a) continue;
      parts.push(a);
      mids.push(mid);
    }
  }
  return { defs, svg: group({ class: "layer-arrows" }, parts) };
}

/** The f′ panel: its axis, the zero line labelled f′ = 0, the curve and each run's f′ at its steps. */
function derivativePanel(
  s: Samples,
  d: Area,
  x: (v: number) => number,
  runs: readonly RunGeometry[],
  dfAt: (v: number) => number,
  theme: Theme,
) {
  const y = linear(pad(robustRange(s.ds), 0.08), [d.bottom, d.top]);
  const axis = axisY(y, d, theme, { label: "f′(x)", className: "tick-dy", ticks: 3 });
  const layer: string[] = [];
  const z = y(0);
  if (z >= d.top && z <= d.bottom)
    layer.push(
      el("line", {
        x1: d.left,
        x2: d.right,
        y1: z,
        y2: z,
        stroke: theme.foreground,
        "stroke-width": 0.8,
        class: "zero-derivative",
      }),
      text(d.right - 4, z - 4, "f′ = 0", {
        "text-anchor": "end",
        fill: theme.muted,
        class: "zero-label",
      }),
    );
  const pts = s.xs.map((v, i): [number, number] => [x(v), clampY(y(s.ds[i]!), d)]);
  layer.push(curveLine(pts, theme.muted, "derivative", true));
  for (const g of runs) {
    const dots = g.run.points.flatMap((p) => {
      const [px, py] = [x(p.x[0] ?? NaN), y(dfAt(p.x[0] ?? NaN))];
      return within([px, py], d, 0) ? [el("circle", { cx: px, cy: py, r: 2.2 })] : [];
    });
    layer.push(group({ class: "derivative-steps", fill: g.colour }, dots));
  }
  const clip = clipPath(d);
  return {
    axis,
    defs: [clip.svg],
    svg: clipped(d, { class: "derivative-panel" }, layer),
  };
}

/** The frame: margins widened for f's and f′'s tick labels, then the two panels and the scales. */
function layout(input: FunctionPlot1dInput, s: Samples, o: FunctionPlot1dOptions, theme: Theme) {
  const width = o.width ?? 600;
  const height = o.height ?? Math.round(width * 0.62);
  const yDomain = pad(o.yRange ?? robustRange(s.ys), 0.06);
  const dDomain = pad(robustRange(s.ds), 0.08);
  const entries = legendEntries(input, s, theme);
  const { area, legend } = fitFrame(width, height, theme.margin, entries, theme, (a) => {
    const p = splitArea(a, s.derivative);
    const yf = linear(yDomain, [p.f.bottom, p.f.top]);
    const left = axisYWidth(yf, p.f.height, theme, "f(x)");
    if (!p.d) return { left };
    const yd = linear(dDomain, [p.d.bottom, p.d.top]);
    return { left: Math.max(left, axisYWidth(yd, p.d.height, theme, "f′(x)", 3)) };
  });
  const panels = splitArea(area, s.derivative);
  const x = linear(input.window, [area.left, area.right]);
  const y = linear(yDomain, [panels.f.bottom, panels.f.top]);
  return { width, height, legend, panels, x, y };
}

/**
 * f(x) over a window with descent paths on the curve, numbered key steps, update arrows, minima
 * and the start; f′ on a small panel below when asked, and the ε-band where |f′(x)| < ε. Returns
 * a standalone SVG document as a string (no DOM). No PyTorch equivalent (matplotlib's role).
 *
 * @example
 * ```ts
 * import { minimize } from "descentjs";
 * import { functionPlot1d, runFromResult } from "descentjs/viz";
 * const result = minimize("x^4 - 3x^3 + 2", 3, { lr: 0.01 });
 * const svg = functionPlot1d(
 *   {
 *     f: (x) => x ** 4 - 3 * x ** 3 + 2,
 *     window: [-1.5, 3.5],
 *     runs: [runFromResult(result)],
 *     derivative: true,
 *   },
 *   { expression: "x^4 - 3x^3 + 2" },
 * );
 * ```
 */
export function functionPlot1d(
  input: FunctionPlot1dInput,
  options: FunctionPlot1dOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const s = sample(input, Math.max(20, options.samples ?? 400));
  const formula = options.expression ? prettyFormula(options.expression) : undefined;
  const title = options.title ?? (formula ? `f(x) = ${formula}` : "f(x)");
  const { width, height, legend, panels, x, y } = layout(
    input,
    s,
    options,
    titledTheme(theme, title, options.width ?? 600),
  );
  const fa = panels.f;
  const clip = clipPath(fa);
  const defs = [clip.svg];
  const bandList = input.epsilon !== undefined ? bands(s.xs, s.ds, input.epsilon) : [];
  const fx = (p: { x: readonly number[]; value?: number }) => p.value ?? input.f(p.x[0] ?? NaN);
  const toPx = (p: PathPoint): [number, number] => [x(p.x[0] ?? NaN), y(fx(p))];
  const runs = runGeometries(input.runs ?? [], theme, toPx, fa, options.drawOrder);
  const minima = (input.minima ?? []).map((m) => ({
    x: x(m.point[0] ?? NaN),
    y: y(m.value ?? input.f(m.point[0] ?? NaN)),
    global: m.global ?? true,
  }));
  const fPts = s.xs.map((v, i): [number, number] => [x(v), clampY(y(s.ys[i]!), fa)]);
  const arrows = updateArrows(runs, fa, options.arrows ?? 15);
  defs.push(...arrows.defs);
  const body = [
    titleText(title, theme, width),
    axisBottom(x, panels.d ?? fa, theme, { label: "x" }),
    ...(panels.d ? [axisBottom(x, fa, theme, { tickLabels: false })] : []),
    axisY(y, fa, theme, { label: "f(x)" }),
    clipped(fa, { class: "plot-layers" }, [
      ...bandRects(bandList, x, fa, theme),
      curveLine(fPts, theme.foreground, "function"),
      runPaths(runs, theme, { faded: true, width: 1.5 }),
      arrows.svg,
      runDots(runs, fa, theme, 3),
      runMarkers(runs, minima, fa, theme),
      runStepLabels(runs, fa, theme, options.stepLabels ?? 6, markerBoxes(runs, minima)),
    ]),
  ];
  if (panels.d) {
    const dp = derivativePanel(s, panels.d, x, runs, derivativeOf(input), theme);
    defs.push(...dp.defs);
    body.push(...bandRects(bandList, x, panels.d, theme), dp.axis, dp.svg);
  }
  body.push(legend.svg);
  const facts = { input, formula, xs: s.xs, ys: s.ys, derivative: s.derivative, bandList };
  return svgDocument({
    width,
    height,
    title,
    desc: options.desc ?? describeCurve(facts),
    theme,
    className: "descent-function-plot",
    idPrefix: options.idPrefix,
    defs,
    body,
  });
}

const clampY = (v: number, a: Area) => Math.max(a.top - 100, Math.min(a.bottom + 100, v));

function derivativeOf(input: FunctionPlot1dInput): (x: number) => number {
  if (typeof input.derivative === "function") return input.derivative;
  return centralDifference(input.f, (input.window[1] - input.window[0]) * 1e-5);
}
