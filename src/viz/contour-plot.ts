/**
 * contourPlot2d: filled contours of f(x, y) on equal-aspect axes with descent paths, −∇f and
 * momentum arrows, the start, known minima, the region where ‖∇f‖ < ε, a colour bar and axes.
 * Layers, bottom to top: contours, ε-region, gradient field, paths, arrows, steps, markers, labels,
 * data arrows.
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
import {
  arrowNote,
  dataArrows,
  gradientField,
  runArrows,
  stepParts,
  type DataArrow,
} from "./contour-arrows.js";
import { colourBar } from "./colour-bar.js";
import { contourLayer, describeContours, epsilonLayer } from "./contour-layers.js";
import { sampleGrid, thresholds } from "./contour-grid.js";
import { axisYWidth, fitFrame } from "./frame.js";
import {
  markerBoxes,
  runDots,
  runGeometries,
  runMarkers,
  runPaths,
  runStepLabels,
} from "./runs.js";
import {
  arrowMarker,
  formatNumber,
  group,
  prettyFormula,
  svgDocument,
  titleText,
  titledTheme,
} from "./svg.js";
import { mix, paletteColour, resolveTheme, type Theme } from "./theme.js";
import { runLabel } from "./types.js";
import type { MinimumMark, PathPoint, Range, TrajectoryRun, ViewOptions } from "./types.js";

/** What {@link contourPlot2d} draws: a function of two variables, its window, runs and minima. */
export interface ContourPlot2dInput {
  /** The function, evaluated on the grid. */
  f: (x: number, y: number) => number;
  /** [[x0, x1], [y0, y1]] — a gallery function's window fits. */
  window: readonly [Range, Range];
  /** ∇f; default: central differences (on the grid for the ε-region, at the points for arrows). */
  gradient?: (x: number, y: number) => readonly number[];
  /** Descent paths over the contours (minimize() or race() results through runFromResult). */
  runs?: readonly TrajectoryRun[];
  /** Known minima, drawn as stars (a gallery function's minima fit). */
  minima?: readonly MinimumMark[];
  /** Shade the region where ‖∇f‖ < epsilon. */
  epsilon?: number;
  /** Arrows between points at true length, over the runs (the parts of one update, say). */
  arrows?: readonly DataArrow[];
}

/** Grid, levels, arrows and labelling of {@link contourPlot2d}. */
export interface ContourPlot2dOptions extends ViewOptions {
  /** Grid samples per axis (default 120). */
  grid?: number;
  /** Number of contour levels (default 14). */
  levels?: number;
  /** Log-spaced levels for steep functions (a gallery function's logScale). */
  logScale?: boolean;
  /** The formula, for the title and desc. */
  expression?: string;
  /**
   * −∇f arrows at up to this many points per run, spaced evenly along the path (default 10;
   * 0 = none); arrows too short to see are skipped.
   */
  gradientArrows?: number;
  /** Momentum arrows (−velocity) where points carry a velocity (default true). */
  velocityArrows?: boolean;
  /**
   * Split steps into their two parts, head to tail (default false): the momentum carried over
   * (the run's colour, dashed) and −lr·∇f (black); they add up to the step. Needs points with
   * grad, lr and update (minimize()'s trajectory); replaces the gradient and velocity arrows.
   */
  stepParts?: number;
  /** A light field of −∇f directions on a grid of this many arrows per side (default 0 = none). */
  gradientField?: number;
  /** At most this many step numbers per run (default 6): first, last, turning points, spread. */
  stepLabels?: number;
  /** Title of the horizontal axis, the function's first argument (default "x"). */
  xLabel?: string;
  /** Title of the vertical axis, the function's second argument (default "y"). */
  yLabel?: string;
  /** "equal" (default): one unit is as long on both axes, so −∇f is drawn perpendicular to the
   * contours; "fill": stretch the window to the plot area (the desc then says so). */
  aspect?: "equal" | "fill";
  /** Run indices bottom to top (default the given order); the legend keeps the given order. */
  drawOrder?: readonly number[];
}

/** ∇f at a point: its recorded gradient, else input.gradient, else central differences. */
function pointGradient(p: PathPoint, input: ContourPlot2dInput): [number, number] {
  if (p.grad && p.grad.length >= 2) return [p.grad[0]!, p.grad[1]!];
  const [x, y] = [p.x[0] ?? NaN, p.x[1] ?? NaN];
  if (input.gradient) {
    const g = input.gradient(x, y);
    return [g[0] ?? NaN, g[1] ?? NaN];
  }
  const [[x0, x1], [y0, y1]] = input.window;
  const [hx, hy] = [(x1 - x0) * 1e-6, (y1 - y0) * 1e-6];
  return [
    (input.f(x + hx, y) - input.f(x - hx, y)) / (2 * hx),
    (input.f(x, y + hy) - input.f(x, y - hy)) / (2 * hy),
  ];
}

/** A plot area shrunk (and centred) so that a unit is as long along x as along y. */
export function equalAspect(area: Area, window: readonly [Range, Range]): Area {
  const [[x0, x1], [y0, y1]] = window;
  const k = Math.min(area.width / (x1 - x0), area.height / (y1 - y0));
  const [w, h] = [k * (x1 - x0), k * (y1 - y0)];
  const left = area.left + (area.width - w) / 2;
  const top = area.top + (area.height - h) / 2;
  return { left, top, right: left + w, bottom: top + h, width: w, height: h };
}

/** The colour of the momentum carried over: not a run's colour, so it never hides on a path. */
const CARRIED = "#CC79A7";

function legendEntries(
  input: ContourPlot2dInput,
  theme: Theme,
  o: ContourPlot2dOptions = {},
): LegendEntry[] {
  const entries: LegendEntry[] = [];
  if (input.epsilon !== undefined)
    entries.push({
      label: `‖∇f‖ < ${formatNumber(input.epsilon)}`,
      colour: theme.epsilon,
      symbol: "area",
    });
  (input.runs ?? []).forEach((r, i) =>
    entries.push({ label: runLabel(r, i), colour: r.colour ?? paletteColour(theme, i) }),
  );
  if (o.gradientField) entries.push({ label: "direction of −∇f", colour: theme.muted });
  for (const a of input.arrows ?? [])
    if (a.label && !entries.some((e) => e.label === a.label))
      entries.push({
        label: a.label,
        colour: a.colour ?? theme.foreground,
        ...(a.dashed ? { symbol: "dashed" as const } : {}),
      });
  if (o.stepParts) {
    if (carriesMomentum(input.runs ?? []))
      entries.push({ label: "momentum carried over", colour: CARRIED, symbol: "dashed" });
    entries.push({ label: "−lr·∇f at the point", colour: theme.foreground });
  }
  return entries;
}

/** Whether some step has a part carried over (update ≠ −lr·∇f): plain descent has none to list. */
function carriesMomentum(runs: readonly TrajectoryRun[]): boolean {
  return runs.some((r) =>
    r.points.some((p) => {
      if (!p.update || p.lr === undefined || !p.grad) return false;
      const carried = p.update.map((u, i) => u + p.lr! * (p.grad![i] ?? 0));
      return Math.hypot(...carried) > 1e-12 * (1 + Math.hypot(...p.update));
    }),
  );
}

/**
 * Width, height, plot area and legend. With equal aspect and no height given, the height follows
 * the window's shape (between 0.45 and 1.3 times the area's width; beyond, the area narrows).
 */
function layout(input: ContourPlot2dInput, o: ContourPlot2dOptions, theme: Theme) {
  const width = o.width ?? 600;
  const [[x0, x1], [y0, y1]] = input.window;
  const margin = { ...theme.margin, right: 78 };
  const entries = legendEntries(input, theme, o);
  const yLabel = o.yLabel ?? "y";
  const frame = (height: number) =>
    fitFrame(width, height, margin, entries, theme, (a) => ({
      left: axisYWidth(linear([y0, y1], [a.bottom, a.top]), a.height, theme, yLabel),
    }));
  const equal = o.aspect !== "fill";
  let height = o.height ?? Math.round(width * 0.86);
  if (equal && o.height === undefined) {
    const probe = frame(height);
    const ratio = Math.max(0.45, Math.min(1.3, (y1 - y0) / (x1 - x0)));
    height = Math.round(height - probe.area.height + probe.area.width * ratio);
  }
  const f = frame(height);
  return {
    width,
    height,
    legend: f.legend,
    area: equal ? equalAspect(f.area, input.window) : f.area,
    equal,
  };
}

/**
 * Filled contours of f(x, y) on equal-aspect axes with descent paths, −∇f and momentum arrows,
 * the start, known minima, the region where ‖∇f‖ < ε, a colour bar and axes. Returns a
 * standalone SVG document as a string. No PyTorch equivalent (matplotlib's `contourf`).
 *
 * @example
 * ```ts
 * import { GALLERY, race } from "descentjs";
 * import { contourPlot2d, runFromResult } from "descentjs/viz";
 * const rosenbrock = GALLERY.find((g) => g.name === "rosenbrock")!;
 * const runs = race("rosenbrock", [-1.5, 2], ["gd", "momentum", "adam"], { maxIters: 2000 });
 * const svg = contourPlot2d(
 *   {
 *     f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
 *     window: [rosenbrock.window[0]!, rosenbrock.window[1]!],
 *     runs: runs.map((run) => runFromResult(run.result, run.label)),
 *     minima: rosenbrock.minima,
 *   },
 *   { logScale: true, expression: rosenbrock.expression },
 * );
 * ```
 */
export function contourPlot2d(
  input: ContourPlot2dInput,
  options: ContourPlot2dOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const formula = options.expression ? prettyFormula(options.expression) : undefined;
  const title = options.title ?? (formula ? `f(x, y) = ${formula}` : "f(x, y)");
  const framed = titledTheme(theme, title, options.width ?? 600);
  const { width, height, legend, area, equal } = layout(input, options, framed);
  const xs = linear(input.window[0], [area.left, area.right]);
  const ys = linear(input.window[1], [area.bottom, area.top]);
  const n = Math.max(10, Math.round(options.grid ?? 120));
  const grid = sampleGrid(input.f, input.window, n, n);
  const th = thresholds(grid.values, options.levels ?? 14, options.logScale ?? false);
  const colours = th.values.map((_, k) =>
    mix(theme.sequential(th.values.length === 1 ? 0.5 : k / (th.values.length - 1)), 0.3),
  );
  const clip = clipPath(area);
  const bar = colourBar(th, colours, area, theme);
  const eps =
    input.epsilon !== undefined
      ? epsilonLayer(grid, input.epsilon, input.gradient, area, theme)
      : undefined;
  const toPx = (p: PathPoint) => [xs(p.x[0] ?? NaN), ys(p.x[1] ?? NaN)] as const;
  const runs = runGeometries(input.runs ?? [], theme, toPx, area, options.drawOrder);
  const minima = (input.minima ?? []).map((m) => ({
    x: xs(m.point[0] ?? NaN),
    y: ys(m.point[1] ?? NaN),
    global: m.global ?? true,
  }));
  const arrows = drawArrows(input, options, runs, area, theme);
  const marked = dataArrows(input.arrows ?? [], (x, y) => [xs(x), ys(y)], area, theme.foreground);
  const layers = [
    contourLayer(grid, th, colours, area),
    eps?.svg ?? "",
    arrows.field,
    runPaths(runs, theme, { halo: true }),
    arrows.svg,
    runDots(runs, area, theme),
    runMarkers(runs, minima, area, theme),
    runStepLabels(runs, area, theme, options.stepLabels ?? 6, markerBoxes(runs, minima)),
    marked.svg.length > 0 ? group({ class: "layer-data-arrows" }, marked.svg) : "",
  ];
  const body = [
    titleText(title, theme, width),
    clipped(area, { class: "plot-layers" }, layers),
    axisBottom(xs, area, theme, { label: options.xLabel ?? "x", grid: false }),
    axisY(ys, area, theme, { label: options.yLabel ?? "y", grid: false }),
    bar.svg,
    legend.svg,
  ];
  const desc =
    options.desc ??
    describeContours({
      input,
      formula,
      th,
      epsShare: eps?.share ?? 0,
      note: arrows.note,
      equal,
      xLabel: options.xLabel ?? "x",
      yLabel: options.yLabel ?? "y",
    });
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-contour-plot",
    idPrefix: options.idPrefix,
    defs: [clip.svg, bar.def.svg, ...arrows.defs, ...marked.defs.map((d) => d.svg)],
    body,
  });
}

/** The arrows of every run (gradient, velocity or step parts) and the gradient field. */
function drawArrows(
  input: ContourPlot2dInput,
  o: ContourPlot2dOptions,
  runs: ReturnType<typeof runGeometries>,
  area: Area,
  theme: Theme,
) {
  const [[x0, x1], [y0, y1]] = input.window;
  const kx = area.width / (x1 - x0);
  const ky = area.height / (y1 - y0);
  const gradMarker = arrowMarker(theme.foreground, 7);
  const carried = arrowMarker(CARRIED, 7);
  const defs = [gradMarker.svg, carried.svg];
  const parts: string[] = [];
  let note = "";
  const field = o.gradientField
    ? gradientField(
        input.window,
        (x, y) => pointGradient({ x: [x, y] }, input),
        o.gradientField,
        area,
        kx,
        ky,
        theme,
      )
    : { svg: "", def: "" };
  if (field.def) defs.push(field.def);
  for (const g of runs) {
    const marker = arrowMarker(g.colour, 7);
    defs.push(marker.svg);
    const common = {
      points: g.run.points,
      pts: g.pts,
      kx,
      ky,
      area,
      gradMarker: gradMarker.id,
      foreground: theme.foreground,
    };
    if (o.stepParts) {
      parts.push(
        group(
          { class: "run-arrows", "data-label": g.label },
          stepParts({
            ...common,
            count: o.stepParts,
            gradient: (p) => pointGradient(p, input),
            velocity: { marker: carried.id, colour: CARRIED },
          }),
        ),
      );
      continue;
    }
    const count = o.gradientArrows ?? 10;
    const a = runArrows({
      ...common,
      count,
      gradient: (p) => pointGradient(p, input),
      ...(o.velocityArrows !== false ? { velocity: { marker: marker.id, colour: g.colour } } : {}),
    });
    parts.push(group({ class: "run-arrows", "data-label": g.label }, a.svg));
    if (!note && a.svg.length > 0) note = arrowNote(count, a.per);
  }
  return { defs, svg: group({ class: "layer-arrows" }, parts), field: field.svg, note };
}
