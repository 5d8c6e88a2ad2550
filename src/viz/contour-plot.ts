/**
 * contourPlot2d: filled contours of f(x, y) with descent paths, −∇f and momentum arrows, the start,
 * known minima, the region where ‖∇f‖ < ε, a colour bar and axes.
 */
import { axisBottom, axisY, clipPath, linear } from "./axes.js";
import type { LegendEntry } from "./axes.js";
import { arrowNote, runArrows } from "./contour-arrows.js";
import {
  colourBar,
  contourPaths,
  gradientNormFrom,
  gradientNormGrid,
  sampleGrid,
  thresholds,
  describeRun2d,
} from "./contour-grid.js";
import { axisYWidth, fitFrame } from "./frame.js";
import { haloText, labelIndices, minimumMark, safePositions, startMark, within } from "./marks.js";
import {
  arrowMarker,
  el,
  formatNumber,
  group,
  pointsAttr,
  prettyFormula,
  svgDocument,
  titleText,
} from "./svg.js";
import { mix, paletteColour, resolveTheme } from "./theme.js";
import { runLabel } from "./types.js";
import type { MinimumMark, PathPoint, Range, TrajectoryRun, ViewOptions } from "./types.js";

export interface ContourPlot2dInput {
  f: (x: number, y: number) => number;
  /** [[x0, x1], [y0, y1]] — a gallery function's window fits. */
  window: readonly [Range, Range];
  /** ∇f; default: central differences (on the grid for the ε-region, at the points for arrows). */
  gradient?: (x: number, y: number) => readonly number[];
  runs?: readonly TrajectoryRun[];
  minima?: readonly MinimumMark[];
  /** Shade the region where ‖∇f‖ < epsilon. */
  epsilon?: number;
}

export interface ContourPlot2dOptions extends ViewOptions {
  /** Grid samples per axis (default 90). */
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
  /** At most this many step numbers per run (default 8). */
  stepLabels?: number;
  /** Title of the horizontal axis, the function's first argument (default "x"). */
  xLabel?: string;
  /** Title of the vertical axis, the function's second argument (default "y"). */
  yLabel?: string;
}

/** ∇f at a point: its recorded gradient, else input.gradient, else central differences. */
function pointGradient(
  p: PathPoint,
  input: ContourPlot2dInput,
  h: readonly [number, number],
): [number, number] {
  if (p.grad && p.grad.length >= 2) return [p.grad[0]!, p.grad[1]!];
  const [x, y] = [p.x[0] ?? NaN, p.x[1] ?? NaN];
  if (input.gradient) {
    const g = input.gradient(x, y);
    return [g[0] ?? NaN, g[1] ?? NaN];
  }
  return [
    (input.f(x + h[0], y) - input.f(x - h[0], y)) / (2 * h[0]),
    (input.f(x, y + h[1]) - input.f(x, y - h[1])) / (2 * h[1]),
  ];
}

export function contourPlot2d(
  input: ContourPlot2dInput,
  options: ContourPlot2dOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const height = options.height ?? Math.round(width * 0.86);
  const [[x0, x1], [y0, y1]] = input.window;
  const runs = input.runs ?? [];
  const formula = options.expression ? prettyFormula(options.expression) : undefined;
  const title = options.title ?? (formula ? `f(x, y) = ${formula}` : "f(x, y)");
  const xLabel = options.xLabel ?? "x";
  const yLabel = options.yLabel ?? "y";
  const m = { ...theme.margin, right: 74 };
  const entries: LegendEntry[] = [];
  if (input.epsilon !== undefined)
    entries.push({
      label: `‖∇f‖ < ${formatNumber(input.epsilon)}`,
      colour: theme.epsilon,
      symbol: "area",
    });
  runs.forEach((r, i) =>
    entries.push({ label: runLabel(r, i), colour: r.colour ?? paletteColour(theme, i) }),
  );
  // The left margin grows until the y tick labels and the y title fit.
  const { area, legend: lg } = fitFrame(width, height, m, entries, theme, (a) => ({
    left: axisYWidth(linear([y0, y1], [a.bottom, a.top]), a.height, theme, yLabel),
  }));
  const xs = linear([x0, x1], [area.left, area.right]);
  const ys = linear([y0, y1], [area.bottom, area.top]);
  const kx = area.width / (x1 - x0);
  const ky = area.height / (y1 - y0);
  const n = Math.max(10, Math.round(options.grid ?? 90));
  const grid = sampleGrid(input.f, input.window, n, n);
  const th = thresholds(grid.values, options.levels ?? 14, options.logScale ?? false);
  const colours = th.values.map((_, k) =>
    mix(theme.sequential(th.values.length === 1 ? 0.5 : k / (th.values.length - 1)), 0.3),
  );
  const bands = contourPaths(grid.values, n, n, th.values, area);
  const clip = clipPath(area);
  const gradMarker = arrowMarker(theme.foreground, 7);
  const defs = [clip.svg, gradMarker.svg];
  const layer: string[] = [];
  layer.push(
    group(
      { class: "contours", "data-scale": th.log ? "log" : "linear", "data-base": String(th.base) },
      bands
        .filter((b) => b.d !== "")
        .map((b) =>
          el("path", {
            d: b.d,
            fill: colours[th.values.indexOf(b.threshold)] ?? "#ccc",
            stroke: mix(colours[th.values.indexOf(b.threshold)] ?? "#ccc", 0.35, "#000000"),
            "stroke-width": 0.5,
            "stroke-opacity": 0.5,
            class: "contour",
            "data-threshold": String(b.threshold),
          }),
        ),
    ),
  );
  let epsShare = 0;
  if (input.epsilon !== undefined) {
    const norm = input.gradient ? gradientNormFrom(grid, input.gradient) : gradientNormGrid(grid);
    epsShare = norm.filter((v) => v < input.epsilon!).length / norm.length;
    const neg = Array.from(norm, (v) => -v);
    const [region] = contourPaths(neg, n, n, [-input.epsilon], area);
    if (region && region.d !== "")
      layer.push(
        el("path", {
          d: region.d,
          fill: theme.epsilon,
          "fill-opacity": 0.45,
          stroke: theme.epsilon,
          "stroke-width": 1.5,
          "stroke-dasharray": "5 3",
          class: "epsilon-region",
          "data-epsilon": String(input.epsilon),
        }),
      );
  }
  for (const mk of input.minima ?? [])
    layer.push(
      minimumMark(xs(mk.point[0] ?? NaN), ys(mk.point[1] ?? NaN), mk.global ?? true, theme),
    );

  const h: [number, number] = [(x1 - x0) * 1e-6, (y1 - y0) * 1e-6];
  const descRuns: string[] = [];
  let note = "";
  runs.forEach((run, r) => {
    const colour = run.colour ?? paletteColour(theme, r);
    const velMarker = arrowMarker(colour, 7);
    defs.push(velMarker.svg);
    const pts = safePositions(
      run.points.map((p) => [xs(p.x[0] ?? NaN), ys(p.x[1] ?? NaN)] as const),
      [area.left, area.top],
      area,
    );
    const parts: string[] = [
      el("polyline", {
        points: pointsAttr(pts),
        fill: "none",
        stroke: theme.background,
        "stroke-width": 4,
        "stroke-opacity": 0.8,
        class: "trajectory-halo",
      }),
      el("polyline", {
        points: pointsAttr(pts),
        fill: "none",
        stroke: colour,
        "stroke-width": 2,
        class: "trajectory",
        "data-label": runLabel(run, r),
        "data-count": pts.length,
      }),
    ];
    const dotStep = Math.max(1, Math.ceil(pts.length / 150));
    for (let k = 0; k < pts.length; k += dotStep)
      if (within(pts[k]!, area))
        parts.push(
          el("circle", {
            cx: pts[k]![0],
            cy: pts[k]![1],
            r: 2.6,
            fill: colour,
            stroke: theme.background,
            "stroke-width": 0.8,
            class: "step",
          }),
        );
    const nArrows = options.gradientArrows ?? 10;
    const arrows = runArrows({
      points: run.points,
      pts,
      count: nArrows,
      gradient: (p) => pointGradient(p, input, h),
      kx,
      ky,
      area,
      gradMarker: gradMarker.id,
      foreground: theme.foreground,
      ...(options.velocityArrows !== false ? { velocity: { marker: velMarker.id, colour } } : {}),
    });
    parts.push(...arrows.svg);
    if (!note && arrows.svg.length > 0) note = arrowNote(nArrows, arrows.per);
    for (const k of labelIndices(pts, options.stepLabels ?? 8, 26))
      if (within(pts[k]!, area))
        parts.push(
          haloText(pts[k]![0] + 6, pts[k]![1] - 7, String(run.points[k]!.iteration ?? k), theme, {
            class: "step-label",
            fill: colour,
            "font-size": theme.fontSize - 1,
          }),
        );
    if (pts[0]) parts.push(startMark(pts[0][0], pts[0][1], colour, theme));
    layer.push(group({ class: "run", "data-label": runLabel(run, r) }, parts));
    descRuns.push(describeRun2d(run, r, input.f));
  });

  const body = [
    titleText(title, theme),
    group({ "clip-path": `url(#${clip.id})` }, layer),
    axisBottom(xs, area, theme, { label: xLabel, grid: false }),
    axisY(ys, area, theme, { label: yLabel, grid: false }),
    colourBar(th, colours, area, theme),
    lg.svg,
  ];
  const desc =
    options.desc ??
    [
      `Filled contours of ${formula ? `f(x, y) = ${formula}` : "f(x, y)"} over ${xLabel} from ${formatNumber(x0)} to ${formatNumber(x1)} and ${yLabel} from ${formatNumber(y0)} to ${formatNumber(y1)}:`,
      `${th.values.length} ${th.log ? "log-spaced" : "evenly spaced"} levels, f from ${formatNumber(th.min)} (dark) to ${formatNumber(th.max)} (light).`,
      input.epsilon !== undefined
        ? `Shaded with a dashed edge: ‖∇f‖ < ${formatNumber(input.epsilon)}, ${formatNumber(epsShare * 100, 2)} % of the window.`
        : "",
      ...descRuns,
      runs.length > 0 ? note : "",
      (input.minima ?? []).length > 0
        ? `Stars mark known minima: ${(input.minima ?? []).map((mk) => `(${mk.point.map((v) => formatNumber(v)).join(", ")}) ${mk.global === false ? "local" : "global"}`).join(", ")}.`
        : "",
    ]
      .filter(Boolean)
      .join(" ");
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-contour-plot",
    idPrefix: options.idPrefix,
    defs,
    body,
  });
}
