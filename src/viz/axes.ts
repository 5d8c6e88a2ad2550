/**
 * The shared frame of every chart: the plot area inside the margins, linear/log axes with ticks
 * and labels, light grid lines, a clip path, and a legend. Same look in every view.
 */
import { scaleLinear, scaleLog } from "d3-scale";
import {
  contentId,
  el,
  escapeXml,
  formatNumber,
  group,
  numberWidth,
  px,
  text,
  textWidth,
  type Def,
} from "./svg.js";
import type { Margins, Theme } from "./theme.js";
import { shapeMark, type Shape } from "./marks.js";

/**
 * A linear or log scale as the views use it: d3's, described structurally so that the published
 * types do not need `@types/d3-scale` (a devDependency) in the user's project.
 */
export interface Scale {
  (value: number): number;
  domain(): number[];
  range(): number[];
  ticks(count?: number): number[];
  invert(value: number): number;
}

export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export function plotArea(width: number, height: number, m: Margins): Area {
  const w = Math.max(10, width - m.left - m.right);
  const h = Math.max(10, height - m.top - m.bottom);
  return { left: m.left, top: m.top, right: m.left + w, bottom: m.top + h, width: w, height: h };
}

/** A linear scale; a degenerate domain is widened so that it can be drawn. */
export function linear(domain: readonly [number, number], range: [number, number]): Scale {
  let [a, b] = domain;
  if (!Number.isFinite(a) || !Number.isFinite(b)) [a, b] = [0, 1];
  if (a === b) [a, b] = [a - (Math.abs(a) || 1) * 0.5, b + (Math.abs(b) || 1) * 0.5];
  return scaleLinear().domain([a, b]).range(range);
}

/** A log10 scale over positive values. */
export function logarithmic(domain: readonly [number, number], range: [number, number]): Scale {
  let [a, b] = domain;
  if (!(a > 0) || !Number.isFinite(a)) a = 1e-12;
  if (!(b > a) || !Number.isFinite(b)) b = a * 10;
  return scaleLog().domain([a, b]).range(range);
}

function isLog(scale: Scale): boolean {
  return "base" in scale;
}

/** Tick values: d3's nice ticks for linear scales, powers of ten (or 1-2-5) for log scales. */
export function tickValues(scale: Scale, count: number): number[] {
  const [d0, d1] = scale.domain() as [number, number];
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  if (!isLog(scale)) return scale.ticks(count);
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  if (e1 - e0 >= 1) {
    // Nice exponent steps (1, 2, 3, 5, 10, …) and exponents on multiples of the step.
    const step = [1, 2, 3, 5, 10, 20, 50, 100].find((s) => (e1 - e0) / s + 1 <= count + 1) ?? 100;
    const out: number[] = [];
    for (let e = Math.ceil(e0 / step) * step; e <= e1; e += step) out.push(10 ** e);
    return out;
  }
  return scale.ticks(count).filter((t) => {
    const m = t / 10 ** Math.floor(Math.log10(t) + 1e-9);
    return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6);
  });
}

const SUPER: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³" };
Object.assign(SUPER, { "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" });

/** 10ⁿ with a superscript exponent. */
export const powerOfTen = (e: number): string =>
  `10${[...String(e)].map((c) => SUPER[c] ?? c).join("")}`;

/**
 * The labels of a set of ticks in one notation: on a log axis whose ticks are powers of ten
 * reaching beyond 0.001…10⁴, every label is 10ⁿ (never "10, 1e−4" side by side); otherwise
 * plain numbers.
 */
export function tickLabels(scale: Scale, ticks: readonly number[]): string[] {
  if (isLog(scale)) {
    const exps = ticks.map((t) => Math.log10(t));
    const powers = exps.every((e) => Math.abs(e - Math.round(e)) < 1e-9);
    if (powers && exps.some((e) => e < -3 || e > 4))
      return exps.map((e) => powerOfTen(Math.round(e)));
  }
  return ticks.map((t) => tickLabel(t, ticks));
}

/** The label of one linear tick, with enough digits and an exact 0. */
export function tickLabel(v: number, ticks: readonly number[]): string {
  if (ticks.length >= 2) {
    const step = Math.abs(ticks[1]! - ticks[0]!);
    if (step > 0 && Math.abs(v) < step * 1e-9) return "0";
  }
  return formatNumber(v, 4);
}

export interface AxisOptions {
  label?: string;
  ticks?: number;
  grid?: boolean;
  /** Tick labels (default true); false draws the ticks and grid only (a panel above another). */
  tickLabels?: boolean;
  /** CSS class of the tick labels (default tick-x / tick-y). */
  className?: string;
  colour?: string;
}

/** The x axis along the bottom of the area: line, ticks, labels (data-value holds the number). */
export function axisBottom(scale: Scale, area: Area, theme: Theme, o: AxisOptions = {}): string {
  const ticks = tickValues(scale, o.ticks ?? Math.max(2, Math.round(area.width / 80)));
  const colour = o.colour ?? theme.muted;
  const labels = tickLabels(scale, ticks);
  const parts: string[] = [];
  ticks.forEach((t, i) => {
    const x = scale(t);
    if (o.grid !== false)
      parts.push(
        el("line", {
          x1: x,
          x2: x,
          y1: area.top,
          y2: area.bottom,
          class: "grid",
          stroke: theme.grid,
        }),
      );
    parts.push(el("line", { x1: x, x2: x, y1: area.bottom, y2: area.bottom + 5, stroke: colour }));
    if (o.tickLabels !== false)
      parts.push(
        text(x, area.bottom + 18, labels[i]!, {
          "text-anchor": "middle",
          class: o.className ?? "tick-x",
          "data-value": String(t),
          fill: colour,
        }),
      );
  });
  parts.push(
    el("line", { x1: area.left, x2: area.right, y1: area.bottom, y2: area.bottom, stroke: colour }),
  );
  if (o.label)
    parts.push(
      text((area.left + area.right) / 2, area.bottom + 36, o.label, {
        "text-anchor": "middle",
        class: "axis-label",
      }),
    );
  return group({ class: "axis axis-x" }, parts);
}

/** The default tick count of a y axis over an area `height` px tall. */
export const yTickCount = (height: number): number => Math.max(2, Math.round(height / 60));

/** A y axis on the left (or right with side = "right"). */
export function axisY(
  scale: Scale,
  area: Area,
  theme: Theme,
  o: AxisOptions & { side?: "left" | "right" } = {},
): string {
  const right = o.side === "right";
  const ticks = tickValues(scale, o.ticks ?? yTickCount(area.height));
  const colour = o.colour ?? theme.muted;
  const x0 = right ? area.right : area.left;
  const dir = right ? 1 : -1;
  const parts: string[] = [];
  const labels = tickLabels(scale, ticks);
  let widest = 0;
  ticks.forEach((t, i) => {
    const y = scale(t);
    const label = labels[i]!;
    widest = Math.max(widest, numberWidth(label, theme.fontSize));
    if (o.grid !== false && !right)
      parts.push(
        el("line", {
          x1: area.left,
          x2: area.right,
          y1: y,
          y2: y,
          class: "grid",
          stroke: theme.grid,
        }),
      );
    parts.push(el("line", { x1: x0, x2: x0 + 5 * dir, y1: y, y2: y, stroke: colour }));
    parts.push(
      text(x0 + 8 * dir, y + 4, label, {
        "text-anchor": right ? "start" : "end",
        class: o.className ?? (right ? "tick-y2" : "tick-y"),
        "data-value": String(t),
        fill: colour,
      }),
    );
  });
  parts.push(el("line", { x1: x0, x2: x0, y1: area.top, y2: area.bottom, stroke: colour }));
  if (o.label) {
    const lx = x0 + dir * (widest + 16);
    const ly = (area.top + area.bottom) / 2;
    parts.push(
      // translate-then-rotate about the origin, not rotate(a cx cy): ImageMagick's own SVG
      // renderer ignores the centre of a three-argument rotate and draws the title off the page.
      text(0, 0, o.label, {
        "text-anchor": "middle",
        transform: `translate(${px(lx)} ${px(ly)}) rotate(${right ? 90 : -90})`,
        class: "axis-label",
        fill: o.colour ?? theme.foreground,
      }),
    );
  }
  return group({ class: `axis axis-y${right ? "2" : ""}` }, parts);
}

/**
 * The data layers clipped to the plot area by a nested <svg> viewport at the origin, moved into
 * place by group transforms: every renderer clips it, ImageMagick's own included (it drops what
 * sits in a clip-path group and ignores a nested viewport's x and y, but honours transforms).
 */
export function clipped(
  area: Area,
  attrs: Record<string, string>,
  children: readonly string[],
): string {
  const [w, h] = [px(area.width), px(area.height)];
  const inner = el(
    "g",
    { transform: `translate(${px(-area.left)} ${px(-area.top)})` },
    children.join(""),
  );
  const viewport = el(
    "svg",
    { width: w, height: h, viewBox: `0 0 ${w} ${h}`, overflow: "hidden" },
    inner,
  );
  // data-area: the plot area in px, so a page can map a click back to data coordinates
  const data = {
    "data-area": `${px(area.left)},${px(area.top)},${px(area.width)},${px(area.height)}`,
  };
  return el(
    "g",
    { transform: `translate(${px(area.left)} ${px(area.top)})`, ...data, ...attrs },
    viewport,
  );
}

/** A clip path for the plot area; use clip-path="url(#id)" on the data layers. */
export function clipPath(area: Area): Def {
  const id = contentId("clip", `${area.left},${area.top},${area.width},${area.height}`);
  const svg = el(
    "clipPath",
    { id },
    el("rect", { x: area.left, y: area.top, width: area.width, height: area.height }),
  );
  return { id, svg };
}

export interface LegendEntry {
  label: string;
  colour: string;
  /** "line" (default), "dashed", "dotted", "area", "dot" or "square". */
  symbol?: "line" | "dashed" | "dotted" | "area" | "dot" | "square";
  /** A point shape instead of the symbol (classes of a data set). */
  shape?: Shape;
}

export const DASHES = { line: undefined, dashed: "7 4", dotted: "2 3" } as const;

/**
 * A legend in rows starting at (x, y), wrapping at maxWidth. Each entry is a <g class="legend-entry">
 * with data-label. Returns the markup and the height used.
 */
export function legend(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  maxWidth: number,
  theme: Theme,
): { svg: string; height: number } {
  const row = theme.fontSize + 8;
  const parts: string[] = [];
  let cx = x;
  let cy = y;
  let last = y;
  for (const e of entries) {
    // An entry wider than the legend is set on several lines, broken at spaces.
    const lines = wrapWords(e.label, maxWidth - 26, theme.fontSize);
    const w = 26 + Math.max(...lines.map((l) => textWidth(l, theme.fontSize))) + 14;
    if (cx > x && cx + w > x + maxWidth) {
      cx = x;
      cy += row;
    }
    const sym = e.symbol ?? "line";
    const mid = cy - theme.fontSize * 0.35;
    const mark = e.shape
      ? shapeMark(e.shape, cx + 10, mid, 5, { fill: e.colour, stroke: theme.background })
      : sym === "area"
        ? el("rect", { x: cx, y: mid - 6, width: 20, height: 12, fill: e.colour, opacity: 0.45 })
        : sym === "dot"
          ? el("circle", { cx: cx + 10, cy: mid, r: 4.5, fill: e.colour })
          : sym === "square"
            ? el("rect", { x: cx + 5, y: mid - 5, width: 10, height: 10, fill: e.colour })
            : el("line", {
                x1: cx,
                x2: cx + 20,
                y1: mid,
                y2: mid,
                stroke: e.colour,
                "stroke-width": 2.5,
                "stroke-dasharray": DASHES[sym],
              });
    parts.push(
      group({ class: "legend-entry", "data-label": e.label }, [
        mark,
        lines
          .map((l, i) => `<text x="${px(cx + 26)}" y="${px(cy + i * row)}">${escapeXml(l)}</text>`)
          .join(""),
      ]),
    );
    last = Math.max(last, cy + (lines.length - 1) * row);
    if (lines.length > 1) {
      cx = x;
      cy += row * lines.length;
    } else cx += w;
  }
  return { svg: group({ class: "legend" }, parts), height: last - y + row };
}

/** Words joined into lines of at most `width` px at `size` (a long word gets a line of its own). */
export function wrapWords(s: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  return [...lines, line];
}

/** Extent of finite values, or undefined when there are none. */
export function finiteExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** A legend along the bottom edge, its last row 8 px above the bottom; height is the space used. */
export function bottomLegend(
  entries: readonly LegendEntry[],
  width: number,
  height: number,
  m: Margins,
  theme: Theme,
): { svg: string; height: number } {
  if (entries.length === 0) return { svg: "", height: 0 };
  const probe = legend(entries, m.left, 0, width - m.left - m.right, theme);
  const row = theme.fontSize + 8;
  return legend(
    entries,
    m.left,
    height - 8 - (probe.height - row),
    width - m.left - m.right,
    theme,
  );
}
