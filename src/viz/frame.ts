/**
 * The frame of a chart with a bottom legend: margins widened until the y axes' longest tick label
 * and rotated title fit (text width estimated from the font size), then the plot area.
 */
import {
  bottomLegend,
  plotArea,
  tickLabels,
  tickValues,
  yTickCount,
  type Area,
  type LegendEntry,
  type Scale,
} from "./axes.js";
import { numberWidth } from "./svg.js";
import type { Margins, Theme } from "./theme.js";

/**
 * The room axisY takes beside the plot area: tick marks, the longest tick label and, with a
 * label, the rotated title (its baseline sits widest + 16 px out, its glyphs reach ≈ 0.8 em more),
 * plus 2 px.
 */
export function axisYWidth(
  scale: Scale,
  areaHeight: number,
  theme: Theme,
  label?: string,
  ticks?: number,
): number {
  const values = tickValues(scale, ticks ?? yTickCount(areaHeight));
  const widest = Math.max(
    0,
    ...tickLabels(scale, values).map((s) => numberWidth(s, theme.fontSize)),
  );
  return Math.ceil(widest + (label ? 16 + theme.fontSize * 0.8 + 2 : 12));
}

export interface Frame {
  margin: Margins;
  area: Area;
  legend: { svg: string; height: number };
}

/**
 * The plot area above a bottom legend. `need` says how wide the left and right margins must be
 * for an area (see axisYWidth); margins only grow from `m`, and the layout is redone while the
 * legend, which wraps between the margins, changes the area.
 */
export function fitFrame(
  width: number,
  height: number,
  m: Margins,
  entries: readonly LegendEntry[],
  theme: Theme,
  need: (area: Area) => { left?: number; right?: number },
): Frame {
  let margin = m;
  for (let pass = 0; ; pass++) {
    const legend = bottomLegend(entries, width, height, margin, theme);
    const area = plotArea(width, height, { ...margin, bottom: margin.bottom + legend.height });
    const n = need(area);
    const left = Math.max(margin.left, n.left ?? 0);
    const right = Math.max(margin.right, n.right ?? 0);
    if (pass >= 3 || (left === margin.left && right === margin.right))
      return { margin, area, legend };
    margin = { ...margin, left, right };
  }
}
