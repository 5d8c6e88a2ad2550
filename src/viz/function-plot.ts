/**
 * functionPlot1d: f(x) over a window with the descent path on the curve, numbered steps, update
 * arrows, the derivative on a second axis, the ε-band where |f′(x)| < ε, minima and the start.
 */
import { axisBottom, axisY, clipPath, finiteExtent, linear } from "./axes.js";
import type { LegendEntry } from "./axes.js";
import { axisYWidth, fitFrame } from "./frame.js";
import {
  arrow,
  haloText,
  labelIndices,
  minimumMark,
  safePositions,
  startMark,
  within,
} from "./marks.js";
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
import { centralDifference, bands, pad, robustRange } from "./sampling.js";
import { mix, paletteColour, resolveTheme } from "./theme.js";
import {
  runLabel,
  type MinimumMark,
  type Range,
  type TrajectoryRun,
  type ViewOptions,
} from "./types.js";

export interface FunctionPlot1dInput {
  f: (x: number) => number;
  window: Range;
  /** f′ as a function, or true to draw central differences of f. */
  derivative?: ((x: number) => number) | boolean;
  runs?: readonly TrajectoryRun[];
  minima?: readonly MinimumMark[];
  /** Shade the x where |f′(x)| < epsilon (uses central differences when no derivative is given). */
  epsilon?: number;
}

export interface FunctionPlot1dOptions extends ViewOptions {
  /** Sample count of the curve (default 400). */
  samples?: number;
  /** The y range of f (default: f's range over the window, robust to poles). */
  yRange?: Range;
  /** The formula, for the title and desc, e.g. "x^3 - 3x". */
  expression?: string;
  /** At most this many step numbers per run (default 8). */
  stepLabels?: number;
  /** At most this many update arrows per run (default 15; short and overlapping ones are skipped). */
  arrows?: number;
}

export function functionPlot1d(
  input: FunctionPlot1dInput,
  options: FunctionPlot1dOptions = {},
): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const height = options.height ?? Math.round(width * 0.62);
  const [x0, x1] = input.window;
  const n = Math.max(20, options.samples ?? 400);
  const h = (x1 - x0) * 1e-5;
  const dfn =
    typeof input.derivative === "function"
      ? input.derivative
      : input.derivative === true || input.epsilon !== undefined
        ? centralDifference(input.f, h)
        : undefined;
  const drawDerivative = input.derivative !== undefined && input.derivative !== false;
  const xs = Array.from({ length: n }, (_, i) => x0 + ((x1 - x0) * i) / (n - 1));
  const ys = xs.map((x) => input.f(x));
  const ds = dfn ? xs.map((x) => dfn(x)) : [];

  const formula = options.expression ? prettyFormula(options.expression) : undefined;
  const title = options.title ?? (formula ? `f(x) = ${formula}` : "f(x)");
  const m = { ...theme.margin, right: drawDerivative ? 64 : theme.margin.right };
  const runs = input.runs ?? [];
  const entries: LegendEntry[] = [{ label: "f(x)", colour: theme.foreground }];
  if (drawDerivative) entries.push({ label: "f′(x)", colour: theme.muted, symbol: "dashed" });
  if (input.epsilon !== undefined)
    entries.push({
      label: `|f′| < ${formatNumber(input.epsilon)}`,
      colour: theme.epsilon,
      symbol: "area",
    });
  runs.forEach((r, i) =>
    entries.push({
      label: runLabel(r, i),
      colour: r.colour ?? paletteColour(theme, i),
      symbol: "line",
    }),
  );
  const yDomain = pad(options.yRange ?? robustRange(ys), 0.06);
  const dDomain = pad(robustRange(ds), 0.06);
  // Margins grow until the tick labels and titles of f (left) and f′ (right) fit.
  const { area, legend: lg } = fitFrame(width, height, m, entries, theme, (a) => ({
    left: axisYWidth(linear(yDomain, [a.bottom, a.top]), a.height, theme, "f(x)"),
    right: drawDerivative
      ? axisYWidth(linear(dDomain, [a.bottom, a.top]), a.height, theme, "f′(x)")
      : 0,
  }));
  const xScale = linear([x0, x1], [area.left, area.right]);
  const yScale = linear(yDomain, [area.bottom, area.top]);
  const clip = clipPath(area);
  const defs = [clip.svg];
  const body: string[] = [titleText(title, theme)];
  body.push(axisBottom(xScale, area, theme, { label: "x" }));
  body.push(axisY(yScale, area, theme, { label: "f(x)" }));
  const layer: string[] = [];

  const bandList = input.epsilon !== undefined ? bands(xs, ds, input.epsilon) : [];
  for (const [a, b] of bandList) {
    const left = xScale(a);
    layer.push(
      el("rect", {
        x: left - 1,
        y: area.top,
        width: Math.max(2, xScale(b) - left + 2),
        height: area.height,
        fill: theme.epsilon,
        opacity: 0.18,
        class: "epsilon-band",
        "data-from": String(a),
        "data-to": String(b),
      }),
    );
  }
  if (drawDerivative) {
    const dScale = linear(dDomain, [area.bottom, area.top]);
    body.push(axisY(dScale, area, theme, { side: "right", label: "f′(x)", grid: false }));
    const z = dScale(0);
    if (z >= area.top && z <= area.bottom)
      layer.push(
        el("line", {
          x1: area.left,
          x2: area.right,
          y1: z,
          y2: z,
          stroke: theme.muted,
          "stroke-dasharray": "2 3",
          class: "zero-derivative",
        }),
      );
    const dPts = safePositions(
      xs.map((x, i) => [xScale(x), dScale(ds[i]!)] as const),
      [area.left, z],
      area,
    );
    layer.push(
      el("polyline", {
        points: pointsAttr(dPts),
        fill: "none",
        stroke: theme.muted,
        "stroke-width": 1.6,
        "stroke-dasharray": "7 4",
        class: "derivative",
      }),
    );
  }
  const fPts = safePositions(
    xs.map((x, i) => [xScale(x), yScale(ys[i]!)] as const),
    [area.left, area.bottom],
    area,
  );
  layer.push(
    el("polyline", {
      points: pointsAttr(fPts),
      fill: "none",
      stroke: theme.foreground,
      "stroke-width": 2.2,
      class: "function",
    }),
  );

  for (const mk of input.minima ?? []) {
    const mx = mk.point[0] ?? 0;
    layer.push(minimumMark(xScale(mx), yScale(mk.value ?? input.f(mx)), mk.global ?? true, theme));
  }
  const descRuns: string[] = [];
  runs.forEach((run, i) => {
    const colour = run.colour ?? paletteColour(theme, i);
    const marker = arrowMarker(colour);
    defs.push(marker.svg);
    const raw = run.points.map((p) => {
      const x = p.x[0] ?? NaN;
      return [xScale(x), yScale(p.value ?? input.f(x))] as const;
    });
    const pts = safePositions(raw, [area.left, area.top], area);
    const parts: string[] = [];
    parts.push(
      el("polyline", {
        points: pointsAttr(pts),
        fill: "none",
        stroke: mix(colour, 0.35),
        "stroke-width": 1.5,
        class: "trajectory",
        "data-label": runLabel(run, i),
        "data-count": pts.length,
      }),
    );
    const mids: [number, number][] = [];
    for (let k = 0; k + 1 < pts.length && mids.length < (options.arrows ?? 15); k++) {
      const [ax, ay] = pts[k]!;
      const [bx, by] = pts[k + 1]!;
      const mid: [number, number] = [(ax + bx) / 2, (ay + by) / 2];
      if (mids.some(([mx, my]) => Math.hypot(mx - mid[0], my - mid[1]) < 14)) continue;
      const a = arrow(
        ax,
        ay,
        bx,
        by,
        { markerId: marker.id, stroke: colour, "stroke-width": 1.6, class: "update" },
        14,
        area,
      );
      if (a) {
        parts.push(a);
        mids.push(mid);
      }
    }
    const dotStep = Math.max(1, Math.ceil(pts.length / 150));
    for (let k = 0; k < pts.length; k += dotStep)
      if (within(pts[k]!, area))
        parts.push(
          el("circle", { cx: pts[k]![0], cy: pts[k]![1], r: 3, fill: colour, class: "step" }),
        );
    for (const k of labelIndices(pts, options.stepLabels ?? 8, 22)) {
      if (!within(pts[k]!, area)) continue;
      const p = run.points[k]!;
      parts.push(
        haloText(pts[k]![0] + 6, pts[k]![1] - 7, String(p.iteration ?? k), theme, {
          class: "step-label",
          fill: colour,
          "font-size": theme.fontSize - 1,
        }),
      );
    }
    if (pts[0]) parts.push(startMark(pts[0][0], pts[0][1], colour, theme));
    layer.push(group({ class: "run", "data-label": runLabel(run, i) }, parts));
    descRuns.push(describeRun(run, i, input.f));
  });
  body.push(group({ "clip-path": `url(#${clip.id})` }, layer));
  body.push(lg.svg);

  const desc =
    options.desc ??
    [
      `Plot of ${formula ? `f(x) = ${formula}` : "f(x)"} for x from ${formatNumber(x0)} to ${formatNumber(x1)}` +
        (finiteExtent(ys)
          ? `; f ranges from ${formatNumber(finiteExtent(ys)![0])} to ${formatNumber(finiteExtent(ys)![1])}.`
          : "."),
      drawDerivative ? "The derivative f′(x) is dashed, on the right axis." : "",
      input.epsilon !== undefined
        ? bandList.length > 0
          ? `Shaded where |f′(x)| < ${formatNumber(input.epsilon)}: ${bandList.map(([a, b]) => `x in [${formatNumber(a)}, ${formatNumber(b)}]`).join(", ")}.`
          : `|f′(x)| is nowhere below ${formatNumber(input.epsilon)} in the window.`
        : "",
      ...descRuns,
      (input.minima ?? []).length > 0
        ? `Known minima: ${(input.minima ?? []).map((mk) => `x = ${formatNumber(mk.point[0] ?? NaN)} (${mk.global === false ? "local" : "global"})`).join(", ")}.`
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
    className: "descent-function-plot",
    idPrefix: options.idPrefix,
    defs,
    body,
  });
}

function describeRun(run: TrajectoryRun, i: number, f: (x: number) => number): string {
  const first = run.points[0];
  const last = run.points[run.points.length - 1];
  if (!first || !last) return `Run "${run.label ?? `run ${i + 1}`}" is empty.`;
  const fx = (p: typeof first) => p.value ?? f(p.x[0] ?? NaN);
  return (
    `Run "${run.label ?? `run ${i + 1}`}": ${run.points.length} points from x = ${formatNumber(first.x[0] ?? NaN)} ` +
    `(f = ${formatNumber(fx(first))}) to x = ${formatNumber(last.x[0] ?? NaN)} (f = ${formatNumber(fx(last))})` +
    (run.note ? `; ${run.note}.` : ".")
  );
}
