/**
 * Point marks shared by the views: shapes that differ by more than colour (for CVD safety),
 * minimum stars, start rings, step labels and arrows.
 */
import { el, px, text, type Attrs } from "./svg.js";
import type { Theme } from "./theme.js";

export type Shape = "circle" | "square" | "triangle" | "diamond" | "star" | "cross";

/** The shape for the i-th class or series: circle, square, triangle, diamond, cross, star. */
export const SHAPES: readonly Shape[] = [
  "circle",
  "square",
  "triangle",
  "diamond",
  "cross",
  "star",
];

function polygon(cx: number, cy: number, pts: readonly (readonly [number, number])[]): string {
  return `M${pts.map(([x, y]) => `${px(cx + x)},${px(cy + y)}`).join("L")}Z`;
}

/** Path data of a shape of radius r centred at (cx, cy). */
export function shapePath(shape: Shape, cx: number, cy: number, r: number): string {
  switch (shape) {
    case "square":
      return polygon(cx, cy, [
        [-r * 0.85, -r * 0.85],
        [r * 0.85, -r * 0.85],
        [r * 0.85, r * 0.85],
        [-r * 0.85, r * 0.85],
      ]);
    case "triangle":
      return polygon(cx, cy, [
        [0, -r * 1.1],
        [r, r * 0.75],
        [-r, r * 0.75],
      ]);
    case "diamond":
      return polygon(cx, cy, [
        [0, -r * 1.15],
        [r * 1.15, 0],
        [0, r * 1.15],
        [-r * 1.15, 0],
      ]);
    case "cross": {
      const a = r * 0.35;
      return polygon(cx, cy, [
        [-a, -r],
        [a, -r],
        [a, -a],
        [r, -a],
        [r, a],
        [a, a],
        [a, r],
        [-a, r],
        [-a, a],
        [-r, a],
        [-r, -a],
        [-a, -a],
      ]);
    }
    case "star": {
      const pts: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const rad = i % 2 === 0 ? r * 1.3 : r * 0.55;
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        pts.push([rad * Math.cos(a), rad * Math.sin(a)]);
      }
      return polygon(cx, cy, pts);
    }
    default:
      return `M${px(cx - r)},${px(cy)}a${px(r)},${px(r)} 0 1,0 ${px(2 * r)},0a${px(r)},${px(r)} 0 1,0 ${px(-2 * r)},0Z`;
  }
}

export function shapeMark(shape: Shape, cx: number, cy: number, r: number, attrs: Attrs): string {
  return el("path", { d: shapePath(shape, cx, cy, r), ...attrs });
}

/** A known minimum: a star, filled if global, hollow if local; class "minimum". */
export function minimumMark(cx: number, cy: number, global: boolean, theme: Theme): string {
  return shapeMark("star", cx, cy, 7, {
    class: `minimum ${global ? "global" : "local"}`,
    fill: global ? theme.marker : theme.background,
    stroke: global ? theme.background : theme.marker,
    "stroke-width": global ? 1 : 1.8,
  });
}

/** The start of a run: a ring in the run's colour with a white halo; class "start". */
export function startMark(cx: number, cy: number, colour: string, theme: Theme): string {
  return (
    el("circle", { cx, cy, r: 7.5, fill: "none", stroke: theme.background, "stroke-width": 4.5 }) +
    el("circle", {
      cx,
      cy,
      r: 7.5,
      fill: "none",
      stroke: colour,
      "stroke-width": 2.2,
      class: "start",
    })
  );
}

/** The attributes that place and size a text, which its halo copy must share. */
const GEOMETRY = ["text-anchor", "font-size", "font-weight", "dominant-baseline", "transform"];

/**
 * A small label with a background-coloured outline so that it reads on any background: an
 * outlined copy (class "halo", hidden from screen readers) under the label itself. Two texts
 * rather than `paint-order: stroke`, which ImageMagick's renderer ignores (it paints the outline
 * over the letters).
 */
export function haloText(x: number, y: number, s: string, theme: Theme, attrs: Attrs = {}): string {
  const shape = Object.fromEntries(GEOMETRY.map((k) => [k, attrs[k]]));
  const halo = text(x, y, s, {
    ...shape,
    fill: theme.background,
    stroke: theme.background,
    "stroke-width": 3,
    "stroke-linejoin": "round",
    class: "halo",
    "aria-hidden": "true",
  });
  return halo + text(x, y, s, attrs);
}

/**
 * Evenly spaced indices of 0..n-1 (always 0 and n-1), at most `max`, skipping indices whose
 * pixel position is closer than `minGap` to the previously chosen one.
 */
export function labelIndices(
  positions: readonly (readonly [number, number])[],
  max: number,
  minGap: number,
): number[] {
  const n = positions.length;
  if (n === 0 || max <= 0) return [];
  const step = Math.max(1, Math.ceil((n - 1) / Math.max(1, max - 1)));
  const candidates: number[] = [];
  for (let i = 0; i < n; i += step) candidates.push(i);
  if (candidates[candidates.length - 1] !== n - 1) candidates.push(n - 1);
  const out: number[] = [];
  for (const i of candidates) {
    const p = positions[i]!;
    const close = out.some((j) => {
      const q = positions[j]!;
      return Math.hypot(p[0] - q[0], p[1] - q[1]) < minGap;
    });
    if (!close) out.push(i);
  }
  return out;
}

/** Clamps a pixel coordinate so that a diverged run still gives valid SVG numbers. */
export function safe(v: number, fallback: number): number {
  // d3 scales map NaN to undefined, so test for a finite number rather than for NaN.
  if (Number.isFinite(v)) return Math.max(-1e5, Math.min(1e5, v));
  return v === Infinity ? 1e5 : v === -Infinity ? -1e5 : fallback;
}

/** A rectangle in pixels. */
export interface Bounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const inside = (x: number, y: number, b: Bounds, pad: number) =>
  x >= b.left - pad && x <= b.right + pad && y >= b.top - pad && y <= b.bottom + pad;

/** Whether a pixel point lies within bounds (plus a small margin). */
export function within(p: readonly [number, number], b: Bounds, pad = 10): boolean {
  return inside(p[0], p[1], b, pad);
}

/**
 * Pixel positions with non-finite values replaced by the previous position, and far-away points
 * pulled in to `bounds` plus `pad` along the segment from an in-bounds neighbour (so the visible
 * part of each line is unchanged). resvg fails on clipped groups with huge coordinates.
 */
export function safePositions(
  raw: readonly (readonly [number, number])[],
  fallback: readonly [number, number],
  bounds: Bounds,
  pad = 100,
): [number, number][] {
  const b = {
    left: bounds.left - pad,
    top: bounds.top - pad,
    right: bounds.right + pad,
    bottom: bounds.bottom + pad,
  };
  const finite: [number, number][] = [];
  let prev: readonly [number, number] = fallback;
  for (const [x, y] of raw) {
    const p: [number, number] = [safe(x, prev[0]), safe(y, prev[1])];
    finite.push(p);
    prev = p;
  }
  const isIn = (p: readonly [number, number]) => inside(p[0], p[1], b, 0);
  return finite.map((p, k) => {
    if (isIn(p)) return p;
    const near = [finite[k - 1], finite[k + 1]].find((q) => q !== undefined && isIn(q));
    if (!near) return [clamp(p[0], b.left, b.right), clamp(p[1], b.top, b.bottom)];
    let t = 1;
    const dx = p[0] - near[0];
    const dy = p[1] - near[1];
    if (p[0] < b.left) t = Math.min(t, (b.left - near[0]) / dx);
    if (p[0] > b.right) t = Math.min(t, (b.right - near[0]) / dx);
    if (p[1] < b.top) t = Math.min(t, (b.top - near[1]) / dy);
    if (p[1] > b.bottom) t = Math.min(t, (b.bottom - near[1]) / dy);
    return [near[0] + t * dx, near[1] + t * dy];
  });
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * An arrow from (x1, y1) to (x2, y2) with the marker `markerId`; null when shorter than minLen
 * or, with `bounds`, when it starts outside them. An arrow leaving the bounds loses its head:
 * its tip would be clipped anyway, and resvg fails on markers far outside the canvas.
 */
export function arrow(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  attrs: Attrs & { markerId: string },
  minLen = 4,
  bounds?: Bounds,
): string | null {
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (!(len >= minLen) || !Number.isFinite(len)) return null;
  if (bounds && !inside(x1, y1, bounds, 2)) return null;
  const { markerId, ...rest } = attrs;
  const head = !bounds || inside(x2, y2, bounds, 10);
  return el("line", {
    x1,
    y1,
    x2,
    y2,
    "marker-end": head ? `url(#${markerId})` : undefined,
    ...rest,
  });
}
