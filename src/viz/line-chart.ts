/**
 * lineChart: values (loss, f, accuracy…) against iteration or examples seen, linear or log y,
 * several runs with a legend, a second style per run (e.g. validation dashed); and schedulePlot,
 * a learning-rate schedule drawn as a line chart.
 */
import { axisBottom, axisY, clipPath, finiteExtent, linear, logarithmic, clipped } from "./axes.js";
import type { Area, LegendEntry } from "./axes.js";
import { axisYWidth, fitFrame } from "./frame.js";
import { referenceLines, seriesMarkers, seriesPaths, STYLE } from "./line-marks.js";
import { formatNumber, svgDocument, titleText, titledTheme } from "./svg.js";
import { paletteColour, resolveTheme } from "./theme.js";
import type { Range, ViewOptions } from "./types.js";

/** One line of a {@link lineChart}: its values, their x, and how it looks. */
export interface LineSeries {
  /** The legend label. */
  label: string;
  /** The values; non-finite ones (and ≤ 0 on a log axis) leave a gap. */
  y: ArrayLike<number>;
  /** The x of each value (default 0, 1, 2, …). */
  x?: ArrayLike<number>;
  /** Line colour (default: by group, from the theme's palette). */
  colour?: string;
  /** "solid" (default), "dashed" (e.g. validation) or "dotted". */
  style?: "solid" | "dashed" | "dotted";
  /** Series with the same group share a colour (e.g. "adam" train and "adam" validation). */
  group?: string;
}

/** What {@link lineChart} draws. */
export interface LineChartInput {
  /** The lines, drawn in order, with a legend. */
  series: readonly LineSeries[];
}

/** Axes, scales and marks of {@link lineChart} and {@link schedulePlot}. */
export interface LineChartOptions extends ViewOptions {
  /** "linear" (default) or "log". */
  yScale?: "linear" | "log";
  /** The x axis title (default "updates"; e.g. "examples seen", "epoch", "step"). */
  xLabel?: string;
  /** The y axis title (default "loss"). */
  yLabel?: string;
  /** The x axis interval (default: the data's extent). */
  xRange?: Range;
  /** The y axis interval (default: the data's extent, padded). */
  yRange?: Range;
  /** "linear" joins the points (default); "step" holds each value until the next x. */
  curve?: "linear" | "step";
  /**
   * A dot at each value (default: for series of at most 60 values), so that a reader sees where
   * a curve was measured; true or false forces it for every series.
   */
  markers?: boolean;
  /** Ticks only at whole numbers of x (epochs, steps): never a "0.5 epoch" tick. */
  integerX?: boolean;
  /** Labelled horizontal lines, e.g. the value of x at a known minimum. */
  references?: readonly {
    /** The y of the line. */
    value: number;
    /** Its label, at the right end. */
    label: string;
  }[];
}

/**
 * Values (loss, f, accuracy…) against iteration or examples seen: several series with a legend,
 * linear or log y, a second style per run (validation dashed). Returns an SVG document string.
 * No PyTorch equivalent (TensorBoard's scalars, drawn from a History here).
 *
 * @example
 * ```ts
 * import { data, fit, nn, viz } from "descentjs";
 * const { x, y } = data.twoMoons(200, { seed: 0 });
 * const history = await fit(nn.mlp([2, 16, 2]), { x, y }, {
 *   loss: "cross-entropy",
 *   epochs: 20,
 *   validation: 0.2,
 * });
 * const svg = viz.lineChart(
 *   {
 *     series: [
 *       { label: "train", y: history.epochs.map((e) => e.loss) },
 *       { label: "validation", y: history.epochs.map((e) => e.valLoss ?? NaN), style: "dashed" },
 *     ],
 *   },
 *   { xLabel: "epoch", yScale: "log" },
 * );
 * ```
 */
export function lineChart(input: LineChartInput, options: LineChartOptions = {}): string {
  const theme = resolveTheme(options.theme);
  const width = options.width ?? 600;
  const height = options.height ?? Math.round(width * 0.55);
  const log = options.yScale === "log";
  const title = options.title ?? "Loss";
  const groups = new Map<string, number>();
  const colours = input.series.map((s, i) => {
    if (s.colour) return s.colour;
    const key = s.group ?? `\u0000${i}`;
    if (!groups.has(key)) groups.set(key, groups.size);
    return paletteColour(theme, groups.get(key)!);
  });
  const data = input.series.map((s, i) => {
    checkSeries(s, i);
    const n = s.y.length;
    const xs = Array.from({ length: n }, (_, k) => (s.x ? s.x[k]! : k));
    const ys = Array.from(s.y, (v) => (Number.isFinite(v) && (!log || v > 0) ? v : NaN));
    return { xs, ys };
  });
  const entries: LegendEntry[] = input.series.map((s, i) => ({
    label: s.label,
    colour: colours[i]!,
    symbol: STYLE[s.style ?? "solid"],
  }));
  const xExt = options.xRange ?? finiteExtent(data.flatMap((d) => d.xs)) ?? [0, 1];
  const yExt =
    options.yRange ?? finiteExtent(data.flatMap((d) => d.ys)) ?? (log ? [0.1, 1] : [0, 1]);
  const yDomain: [number, number] = log
    ? [yExt[0] / 1.15, yExt[1] * 1.15]
    : [yExt[0] - (yExt[1] - yExt[0]) * 0.04, yExt[1] + (yExt[1] - yExt[0]) * 0.04];
  const yScaleFor = (a: Area) =>
    log ? logarithmic(yDomain, [a.bottom, a.top]) : linear(yDomain, [a.bottom, a.top]);
  const yLabel = options.yLabel ?? "loss";
  // The left margin grows until the longest tick label (e.g. 1e−14) and the y title fit.
  const { area, legend: lg } = fitFrame(
    width,
    height,
    titledTheme(theme, title, width).margin,
    entries,
    theme,
    (a) => ({
      left: axisYWidth(yScaleFor(a), a.height, theme, yLabel),
    }),
  );
  const xScale = linear(xExt, [area.left, area.right]);
  const yScale = yScaleFor(area);
  const clip = clipPath(area);
  const paths = seriesPaths(input.series, data, colours, xScale, yScale, area, options.curve);
  const xTicks = integerTicks(xExt, options.integerX, area.width);
  const body = [
    titleText(title, theme, width),
    axisBottom(xScale, area, theme, {
      label: options.xLabel ?? "updates",
      ...(xTicks !== undefined ? { ticks: xTicks } : {}),
    }),
    axisY(yScale, area, theme, { label: yLabel }),
    clipped(area, { class: "series-layer" }, [
      referenceLines(options.references ?? [], yScale, area, theme),
      ...paths,
      seriesMarkers(data, colours, xScale, yScale, area, options.markers),
    ]),
    lg.svg,
  ];
  const desc = options.desc ?? describe(input.series, data, yLabel, options.xLabel, log);
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-line-chart",
    idPrefix: options.idPrefix,
    defs: [clip.svg],
    body,
  });
}

/** A clear error for a series without values (plain-JavaScript callers get no type check). */
function checkSeries(s: LineSeries, i: number): void {
  const y = (s as { y?: unknown }).y;
  if (y === null || typeof y !== "object" || typeof (y as ArrayLike<number>).length !== "number") {
    const keys = s !== null && typeof s === "object" ? Object.keys(s).join(", ") : typeof s;
    throw new TypeError(
      `lineChart: series[${i}] needs y, an array of numbers (got ${keys}); e.g. { label: "loss", y: [3, 2, 1] }`,
    );
  }
}

/** The text a screen reader gets: what is plotted, and each series' first, last and least value. */
function describe(
  series: readonly LineSeries[],
  data: readonly { ys: number[] }[],
  yLabel: string,
  xLabel: string | undefined,
  log: boolean,
): string {
  const runs = series.map((s, i) => {
    const ys = data[i]!.ys.filter(Number.isFinite);
    if (ys.length === 0) return `${s.label}: no finite values.`;
    const ext = finiteExtent(ys)!;
    const style = s.style && s.style !== "solid" ? ` (${s.style})` : "";
    return `${s.label}${style}: ${s.y.length} values, first ${formatNumber(ys[0]!)}, last ${formatNumber(ys[ys.length - 1]!)}, min ${formatNumber(ext[0])}.`;
  });
  const axes = `Line chart of ${yLabel} against ${xLabel ?? "updates"} (${log ? "log" : "linear"} y axis).`;
  return [axes, ...runs].join(" ");
}

/** A tick count for whole-number x ticks: at most one per unit (so d3 never picks 0.5). */
function integerTicks(ext: readonly [number, number], integer: boolean | undefined, w: number) {
  if (!integer) return undefined;
  return Math.max(1, Math.min(Math.floor(ext[1] - ext[0]), Math.round(w / 80)));
}

/** A learning-rate schedule `(step) => lr`, or several labelled ones, over steps 0..steps−1. */
export type ScheduleInput =
  | ((step: number) => number)
  | readonly {
      /** The legend label. */
      label: string;
      /** The schedule, `(step) => lr`. */
      schedule: (step: number) => number;
    }[];

/**
 * A learning-rate schedule (or several) over steps 0..steps−1, as a line chart: schedules are
 * pure functions, so they can be drawn before training. No PyTorch equivalent.
 *
 * @example
 * ```ts
 * import { optim, viz } from "descentjs";
 * const svg = viz.schedulePlot(
 *   [
 *     { label: "cosine", schedule: optim.cosineAnnealingLR(0.1, { tMax: 100 }) },
 *     { label: "one-cycle", schedule: optim.oneCycleLR(0.1, { totalSteps: 100 }) },
 *   ],
 *   100,
 * );
 * ```
 */
export function schedulePlot(
  schedule: ScheduleInput,
  steps: number,
  options: LineChartOptions = {},
): string {
  const list = typeof schedule === "function" ? [{ label: "learning rate", schedule }] : schedule;
  const n = Math.max(1, Math.floor(steps));
  const series = list.map((s) => ({
    label: s.label,
    y: Array.from({ length: n }, (_, t) => s.schedule(t)),
  }));
  const yMax = finiteExtent(series.flatMap((s) => s.y))?.[1] ?? 1;
  return lineChart(
    { series },
    {
      title: "Learning-rate schedule",
      xLabel: "step",
      yLabel: "learning rate",
      curve: "step",
      ...(options.yScale === "log" ? {} : { yRange: [0, yMax] as const }),
      ...options,
    },
  );
}
