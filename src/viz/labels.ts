/**
 * Label placement shared by the views: which steps of a path deserve a number (first, last,
 * turning points, then evenly along the path) and where each number goes so that no two labels
 * overlap, none covers a marker, and none leaves the plot area (a greedy pass over eight
 * candidate positions per label, most important labels first).
 */
import type { Bounds } from "./marks.js";
import { numberWidth, textWidth } from "./svg.js";

/** A box in pixels (the same shape as Bounds). */
export type Box = Bounds;

export const overlaps = (a: Box, b: Box, pad = 0): boolean =>
  a.left < b.right + pad &&
  b.left < a.right + pad &&
  a.top < b.bottom + pad &&
  b.top < a.bottom + pad;

/** The box of a text at (x, y) (its baseline) with an anchor, estimated from the font size. */
export function textBox(
  x: number,
  y: number,
  s: string,
  size: number,
  anchor: "start" | "middle" | "end" = "start",
): Box {
  const w = /^[\d.,−-]+$/.test(s) ? numberWidth(s, size) : textWidth(s, size);
  const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
  return { left, top: y - size * 0.78, right: left + w, bottom: y + size * 0.22 };
}

/** A square box of half-size r around (x, y): the footprint of a marker. */
export const markBox = (x: number, y: number, r: number): Box => ({
  left: x - r,
  top: y - r,
  right: x + r,
  bottom: y + r,
});

export interface PlacedLabel {
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
  box: Box;
}

/** Eight positions around a point, right-above first (the reading habit for step numbers). */
const CANDIDATES: readonly [number, number, "start" | "middle" | "end"][] = [
  [1, -1, "start"],
  [-1, -1, "end"],
  [1, 1, "start"],
  [-1, 1, "end"],
  [1, 0, "start"],
  [-1, 0, "end"],
  [0, -1.3, "middle"],
  [0, 1.3, "middle"],
];

/**
 * Greedy collision avoidance: each label takes the first of its candidate positions whose box
 * overlaps no label placed before, no hard obstacle (stars, start rings) and stays in `area`;
 * soft obstacles (path dots) are avoided when possible. A label with no free place is dropped.
 */
export class LabelPlacer {
  private readonly placed: Box[] = [];
  private readonly hard: Box[];
  private readonly soft: Box[];

  constructor(
    private readonly area: Box,
    hard: readonly Box[] = [],
    soft: readonly Box[] = [],
  ) {
    this.hard = [...hard];
    this.soft = [...soft];
  }

  /** Reserves a box (another view's label, a legend) so later labels avoid it. */
  reserve(box: Box): void {
    this.placed.push(box);
  }

  place(s: string, x: number, y: number, size: number, near = 6): PlacedLabel | null {
    let fallback: PlacedLabel | null = null;
    // A second ring further out, for points under a star or a start ring.
    const rings = [near, near + 8].flatMap((gap) =>
      CANDIDATES.map(([dx, dy, a]) => [dx, dy, a, gap] as const),
    );
    for (const [dx, dy, anchor, gap] of rings) {
      const lx = x + dx * gap;
      const ly = y + (dy < 0 ? dy * gap : dy > 0 ? dy * gap + size * 0.78 : size * 0.28);
      const box = textBox(lx, ly, s, size, anchor);
      if (!inside(box, this.area)) continue;
      if (this.placed.some((b) => overlaps(b, box, 1))) continue;
      if (this.hard.some((b) => overlaps(b, box))) continue;
      const label = { x: lx, y: ly, anchor, box };
      if (!this.soft.some((b) => overlaps(b, box))) return this.keep(label);
      fallback ??= label;
    }
    return fallback ? this.keep(fallback) : null;
  }

  private keep(label: PlacedLabel): PlacedLabel {
    this.placed.push(label.box);
    return label;
  }
}

const inside = (b: Box, a: Box): boolean =>
  b.left >= a.left && b.right <= a.right && b.top >= a.top && b.bottom <= a.bottom;

/** Turn angle (radians, 0 = straight on) at each interior point of a pixel path. */
function turns(pts: readonly (readonly [number, number])[]): number[] {
  const out = new Array<number>(pts.length).fill(0);
  for (let k = 1; k + 1 < pts.length; k++) {
    const [a, b, c] = [pts[k - 1]!, pts[k]!, pts[k + 1]!];
    const u = [b[0] - a[0], b[1] - a[1]];
    const v = [c[0] - b[0], c[1] - b[1]];
    const nu = Math.hypot(u[0]!, u[1]!);
    const nv = Math.hypot(v[0]!, v[1]!);
    if (nu < 2 || nv < 2) continue;
    const cos = (u[0]! * v[0]! + u[1]! * v[1]!) / (nu * nv);
    out[k] = Math.acos(Math.max(-1, Math.min(1, cos)));
  }
  return out;
}

/**
 * The steps worth a number, most important first: the first and the last, then turning points
 * (where the path reverses by more than 90°, the sharpest first), then points evenly spaced along
 * the drawn path. At most `max`; points closer than `minGap` px to a chosen one are skipped.
 */
export function keySteps(
  pts: readonly (readonly [number, number])[],
  max: number,
  minGap = 14,
): number[] {
  const n = pts.length;
  if (n === 0 || max <= 0) return [];
  const turn = turns(pts);
  const turning = turn
    .map((a, k) => [a, k] as const)
    .filter(([a]) => a > Math.PI / 2)
    .sort((p, q) => q[0] - p[0])
    .map(([, k]) => k);
  const candidates = [0, n - 1, ...turning, ...alongPath(pts, max)];
  const out: number[] = [];
  for (const k of candidates) {
    if (out.length >= max) break;
    if (out.includes(k)) continue;
    const p = pts[k]!;
    const close = out.some((j) => Math.hypot(p[0] - pts[j]![0], p[1] - pts[j]![1]) < minGap);
    if (!close || k === n - 1) out.push(k);
  }
  return out;
}

/** Indices nearest to `count` marks evenly spaced by length along a pixel path. */
export function alongPath(pts: readonly (readonly [number, number])[], count: number): number[] {
  const n = pts.length;
  const cum = [0];
  for (let k = 1; k < n; k++) {
    const d = Math.hypot(pts[k]![0] - pts[k - 1]![0], pts[k]![1] - pts[k - 1]![1]);
    cum.push(cum[k - 1]! + (Number.isFinite(d) ? d : 0));
  }
  const total = cum[n - 1] ?? 0;
  const out: number[] = [];
  let k = 0;
  for (let j = 1; j < count; j++) {
    const s = (total * j) / count;
    while (k + 1 < n && cum[k + 1]! <= s) k++;
    out.push(k + 1 < n && cum[k + 1]! - s < s - cum[k]! ? k + 1 : k);
  }
  return out;
}
