/**
 * The colour key of filled contours: the level colours as a bar with rounded ends, labelled at
 * nice values (powers of ten on a log scale, never the raw extremes), with the scale stated.
 */
import { ticks as niceTicks } from "d3-array";
import type { Area } from "./axes.js";
import { powerOfTen } from "./axes.js";
import type { Thresholds } from "./contour-grid.js";
import { contentId, el, formatNumber, group, text, type Def } from "./svg.js";
import type { Theme } from "./theme.js";

/** The fractional level index of v: 0 at the lowest threshold, n at the maximum. */
function levelIndex(th: Thresholds, v: number): number {
  const edges = [...th.values, th.max];
  for (let k = 0; k + 1 < edges.length; k++) {
    const [a, b] = [edges[k]!, edges[k + 1]!];
    if (v < a || v > b) continue;
    if (!th.log || a - th.base <= 0) return k + (b > a ? (v - a) / (b - a) : 0);
    return k + Math.log((v - th.base) / (a - th.base)) / Math.log((b - th.base) / (a - th.base));
  }
  return NaN;
}

/** Nice labels: powers of ten of f − base on a log scale, d3's nice ticks on a linear one. */
function barTicks(th: Thresholds): { value: number; label: string }[] {
  if (!th.log) {
    const ts = niceTicks(th.min, th.max, 4);
    return ts.map((v) => ({ value: v, label: formatNumber(v, 3) }));
  }
  const lo = (th.values[1] ?? th.max) - th.base;
  const hi = th.max - th.base;
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  const step = [1, 2, 3, 4, 5, 10].find((s) => (e1 - e0) / s + 1 <= 5) ?? 10;
  const exps: number[] = [];
  for (let e = Math.ceil(e0 / step) * step; e <= e1; e += step) exps.push(e);
  const powers = exps.some((e) => e < -3 || e > 4);
  return exps.map((e) => ({
    value: th.base + 10 ** e,
    label: powers ? powerOfTen(e) : formatNumber(10 ** e, 3),
  }));
}

/** The bar to the right of `area` and its rounded clip path (a def). */
export function colourBar(
  th: Thresholds,
  colours: readonly string[],
  area: Area,
  theme: Theme,
): { svg: string; def: Def } {
  const x = area.right + 14;
  const w = 12;
  const top = area.top + (th.log ? 34 : 20);
  const h = area.bottom - top;
  const n = colours.length;
  const y = (k: number) => area.bottom - (k / n) * h;
  const id = contentId("bar", `${x},${top},${h}`);
  const def = {
    id,
    svg: el("clipPath", { id }, el("rect", { x, y: top, width: w, height: h, rx: w / 2 })),
  };
  const blocks = colours.map((c, k) =>
    el("rect", { x, y: y(k + 1), width: w, height: h / n + 0.5, fill: c }),
  );
  const parts = [
    group({ "clip-path": `url(#${id})` }, blocks),
    el("rect", {
      x,
      y: top,
      width: w,
      height: h,
      rx: w / 2,
      fill: "none",
      stroke: theme.muted,
      "stroke-width": 0.6,
    }),
  ];
  for (const t of barTicks(th)) {
    const ty = y(levelIndex(th, t.value));
    if (!Number.isFinite(ty)) continue;
    parts.push(
      el("line", { x1: x + w, x2: x + w + 3, y1: ty, y2: ty, stroke: theme.muted }),
      text(x + w + 5, ty + 4, t.label, {
        class: "colourbar-label",
        fill: theme.muted,
        "data-value": String(t.value),
      }),
    );
  }
  const caption = th.log ? [Math.abs(th.base) > 0 ? "f − min" : "f", "log scale"] : ["f"];
  caption.forEach((line, i) =>
    parts.push(
      text(x - 2, area.top + 10 + i * (theme.fontSize + 2), line, {
        class: "colourbar-caption",
        fill: theme.muted,
      }),
    ),
  );
  return {
    svg: group({ class: "colourbar", "data-scale": th.log ? "log" : "linear" }, parts),
    def,
  };
}
