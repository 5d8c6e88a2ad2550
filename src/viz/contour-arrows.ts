/**
 * The arrows of a run on a contour plot: −∇f (black) and −velocity (dashed, the run's colour) at
 * points picked evenly by distance along the drawn path, so that a run which converges fast (most
 * iterates piled up at the minimum) still gets its arrows where it moves.
 */
import { ARROW_MAX_PX, ARROW_PX, scaleArrows } from "./contour-grid.js";
import { arrow, type Bounds } from "./marks.js";
import { formatNumber, type Attrs } from "./svg.js";
import type { PathPoint } from "./types.js";

/**
 * Up to `max` indices of a pixel path spaced evenly along its length: for the marks at 0, L/max,
 * 2L/max, … (L the path's length) the nearest point, each index once, skipping points closer than
 * `minGap` px to one already picked (a zig-zag comes back near itself).
 */
export function arcLengthIndices(
  positions: readonly (readonly [number, number])[],
  max: number,
  minGap = 0,
): number[] {
  const n = positions.length;
  if (n === 0 || max <= 0) return [];
  const cum = [0];
  for (let k = 1; k < n; k++) {
    const [a, b] = [positions[k - 1]!, positions[k]!];
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    cum.push(cum[k - 1]! + (Number.isFinite(d) ? d : 0));
  }
  const total = cum[n - 1]!;
  const out: number[] = [];
  let k = 0;
  for (let j = 0; j < max; j++) {
    const s = (total * j) / max;
    while (k + 1 < n && cum[k + 1]! <= s) k++;
    const i = k + 1 < n && cum[k + 1]! - s < s - cum[k]! ? k + 1 : k;
    const p = positions[i]!;
    const close = out.some((o) => {
      const q = positions[o]!;
      return o === i || Math.hypot(p[0] - q[0], p[1] - q[1]) < minGap;
    });
    if (!close) out.push(i);
  }
  return out;
}

export interface RunArrows {
  /** The arrows' markup. */
  svg: string[];
  /** Gradient arrows drawn (after skipping those too short to see). */
  drawn: number;
  /** Data length of a ARROW_PX px gradient arrow, for the desc. */
  per: number;
}

export interface ArrowSpec {
  points: readonly PathPoint[];
  /** The points in px. */
  pts: readonly (readonly [number, number])[];
  /** At most this many points. */
  count: number;
  /** ∇f at a point of the run. */
  gradient: (p: PathPoint) => readonly [number, number];
  /** px per data unit along x and y. */
  kx: number;
  ky: number;
  area: Bounds;
  gradMarker: string;
  foreground: string;
  /** Marker id and colour of velocity arrows; undefined draws none. */
  velocity?: { marker: string; colour: string };
}

const MIN_LEN = 3;
const MIN_GAP = 12;

/** −∇f at up to `count` points evenly spaced along the path, and −velocity where points carry one. */
export function runArrows(o: ArrowSpec): RunArrows {
  const at = arcLengthIndices(o.pts, o.count, MIN_GAP);
  if (at.length === 0) return { svg: [], drawn: 0, per: NaN };
  const svg: string[] = [];
  const draw = (k: number, [dx, dy]: [number, number], attrs: Attrs & { markerId: string }) => {
    const [x, y] = o.pts[k]!;
    const s = arrow(x, y, x + dx, y + dy, attrs, MIN_LEN, o.area);
    if (s) svg.push(s);
    return s !== null;
  };
  const g = scaleArrows(
    at.map((k) => {
      const v = o.gradient(o.points[k]!);
      return [-v[0], -v[1]];
    }),
    o.kx,
    o.ky,
  );
  let drawn = 0;
  at.forEach((k, a) => {
    const attrs = {
      markerId: o.gradMarker,
      stroke: o.foreground,
      "stroke-width": 1.5,
      class: "gradient-arrow",
      "data-index": k,
    };
    if (draw(k, g.px[a]!, attrs)) drawn++;
  });
  const withV = at.filter((k) => (o.points[k]!.velocity?.length ?? 0) >= 2);
  if (o.velocity && withV.length > 0) {
    const v = scaleArrows(
      withV.map((k) => {
        const q = o.points[k]!.velocity!;
        return [-q[0]!, -q[1]!];
      }),
      o.kx,
      o.ky,
    );
    withV.forEach((k, a) =>
      draw(k, v.px[a]!, {
        markerId: o.velocity!.marker,
        stroke: o.velocity!.colour,
        "stroke-width": 1.8,
        "stroke-dasharray": "4 2",
        class: "velocity-arrow",
        "data-index": k,
      }),
    );
  }
  return { svg, drawn, per: g.per };
}

/** The desc's sentence about the arrows. */
export function arrowNote(count: number, per: number): string {
  return `Black arrows show −∇f at up to ${count} points per run, spaced evenly along the path (a ${ARROW_PX} px arrow is ‖∇f‖ ≈ ${formatNumber(per, 3)}; capped at ${ARROW_MAX_PX} px).`;
}
