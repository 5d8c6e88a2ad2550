/**
 * The marks of a line chart: one decimated path per series, a dot per measured value, and
 * labelled reference lines. Pure data -> SVG strings, used by lineChart.
 */
import { curveLinear, curveStepAfter, line } from "d3-shape";
import { DASHES } from "./axes.js";
import type { Area } from "./axes.js";
import type { LineChartOptions, LineSeries } from "./line-chart.js";
import { el, group, text } from "./svg.js";
import type { Theme } from "./theme.js";

/** The dash style of each series style, and its legend symbol. */
export const STYLE = { solid: "line", dashed: "dashed", dotted: "dotted" } as const;

/** Keeps at most ~4 points per pixel column (first, min, max, last of each bucket), in order. */
function decimate(xs: number[], ys: number[], buckets: number): [number[], number[]] {
  if (xs.length <= buckets * 4) return [xs, ys];
  const per = Math.ceil(xs.length / buckets);
  const ox: number[] = [];
  const oy: number[] = [];
  for (let s = 0; s < xs.length; s += per) {
    const end = Math.min(xs.length, s + per);
    let lo = s;
    let hi = s;
    for (let k = s; k < end; k++) {
      if (!(ys[k]! >= ys[lo]!)) lo = k;
      if (!(ys[k]! <= ys[hi]!)) hi = k;
    }
    for (const k of [...new Set([s, Math.min(lo, hi), Math.max(lo, hi), end - 1])]) {
      ox.push(xs[k]!);
      oy.push(ys[k]!);
    }
  }
  return [ox, oy];
}

/** One SVG path per series, decimated to about four points per pixel column. */
export function seriesPaths(
  series: readonly LineSeries[],
  data: readonly { xs: number[]; ys: number[] }[],
  colours: readonly string[],
  xScale: (v: number) => number,
  yScale: (v: number) => number,
  area: Area,
  curve: LineChartOptions["curve"],
): string[] {
  return data.map((d, i) => {
    const s = series[i]!;
    const [xs, ys] = decimate(d.xs, d.ys, Math.round(area.width));
    const gen = line<number>()
      .defined((k) => Number.isFinite(ys[k]!) && Number.isFinite(xs[k]!))
      .x((k) => xScale(xs[k]!))
      .y((k) => yScale(ys[k]!))
      .curve(curve === "step" ? curveStepAfter : curveLinear)
      .digits(2);
    const dPath = gen(Array.from({ length: xs.length }, (_, k) => k)) ?? "";
    return el("path", {
      d: dPath === "" ? "M0,0" : dPath,
      fill: "none",
      stroke: colours[i]!,
      "stroke-width": 2,
      "stroke-linejoin": "round",
      "stroke-dasharray": DASHES[STYLE[s.style ?? "solid"]],
      class: "series",
      "data-label": s.label,
      "data-count": d.ys.length,
    });
  });
}

/** Dashed horizontal lines at given values, labelled at the right end above the line. */
export function referenceLines(
  refs: readonly { value: number; label: string }[],
  y: (v: number) => number,
  area: Area,
  theme: Theme,
): string {
  const parts = refs.flatMap((r) => {
    const at = y(r.value);
    if (!(at >= area.top && at <= area.bottom)) return [];
    return [
      el("line", {
        x1: area.left,
        x2: area.right,
        y1: at,
        y2: at,
        stroke: theme.muted,
        "stroke-dasharray": "5 4",
      }),
      text(area.right - 4, at - 4, r.label, {
        "text-anchor": "end",
        fill: theme.muted,
        class: "reference-label",
      }),
    ];
  });
  return group({ class: "references" }, parts);
}

/** A dot per value of each short series (or every series when forced), one group per series. */
export function seriesMarkers(
  data: readonly { xs: number[]; ys: number[] }[],
  colours: readonly string[],
  x: (v: number) => number,
  y: (v: number) => number,
  area: Area,
  force: boolean | undefined,
): string {
  const groups = data.map((d, i) => {
    if (force === false || (force === undefined && d.ys.length > 60)) return "";
    const every = Math.max(1, Math.ceil(d.ys.length / Math.max(20, area.width / 6)));
    const dots: string[] = [];
    for (let k = 0; k < d.ys.length; k += every)
      if (Number.isFinite(d.ys[k]!))
        dots.push(el("circle", { cx: x(d.xs[k]!), cy: y(d.ys[k]!), r: 2.8 }));
    return group({ class: "markers", fill: colours[i]! }, dots);
  });
  return group({ class: "layer-markers" }, groups);
}
