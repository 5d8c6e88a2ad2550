/**
 * The arrows of a run on a contour plot: −∇f (black) and −velocity (dashed, the run's colour) at
 * points picked evenly by distance along the drawn path, so that a run which converges fast (most
 * iterates piled up at the minimum) still gets its arrows where it moves.
 */
import { ARROW_MAX_PX, ARROW_PX, scaleArrows } from "./contour-grid.js";
import { arrow, type Bounds } from "./marks.js";
import { arrowMarker, el, formatNumber, type Attrs, type Def } from "./svg.js";
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

/**
 * Steps split head to tail at up to `count` points along the path: the part carried over from
 * earlier steps (update + lr·∇f, the run's colour, dashed), then −lr·∇f (black) from its tip.
 * Their sum ends at the next point, so the reader sees momentum bend the step away from −∇f.
 * Drawn at true length: both parts are displacements of x.
 */
export function stepParts(o: ArrowSpec): string[] {
  const usable = (p: PathPoint) =>
    (p.update?.length ?? 0) >= 2 && p.lr !== undefined && (p.grad?.length ?? 0) >= 2;
  const at = arcLengthIndices(o.pts, o.count, MIN_GAP).filter((k) => usable(o.points[k]!));
  const svg: string[] = [];
  for (const k of at) {
    const p = o.points[k]!;
    const [gx, gy] = o.gradient(p);
    const g = [-p.lr! * gx, -p.lr! * gy];
    const carried = [p.update![0]! - g[0]!, p.update![1]! - g[1]!];
    const [x, y] = o.pts[k]!;
    const mx = x + carried[0]! * o.kx;
    const my = y - carried[1]! * o.ky;
    const c = o.velocity;
    if (c) {
      const s = arrow(
        x,
        y,
        mx,
        my,
        {
          markerId: c.marker,
          stroke: c.colour,
          "stroke-width": 2,
          "stroke-dasharray": "4 2",
          class: "momentum-part",
          "data-index": k,
        },
        MIN_LEN,
        o.area,
      );
      if (s) svg.push(s);
    }
    const s = arrow(
      mx,
      my,
      mx + g[0]! * o.kx,
      my - g[1]! * o.ky,
      {
        markerId: o.gradMarker,
        stroke: o.foreground,
        "stroke-width": 1.5,
        class: "gradient-part",
        "data-index": k,
      },
      MIN_LEN,
      o.area,
    );
    if (s) svg.push(s);
  }
  return svg;
}

/** A light quiver of −∇f directions (unit length) on an m×m grid over the window. */
export function gradientField(
  window: readonly [readonly [number, number], readonly [number, number]],
  gradient: (x: number, y: number) => readonly [number, number],
  m: number,
  area: Bounds,
  kx: number,
  ky: number,
  theme: { muted: string },
): { svg: string; def: string } {
  const [[x0, x1], [y0, y1]] = window;
  const colour = theme.muted;
  const marker = arrowMarker(colour, 5);
  const cell = Math.min((area.right - area.left) / m, (area.bottom - area.top) / m);
  const len = cell * 0.42;
  const parts: string[] = [];
  for (let j = 0; j < m; j++)
    for (let i = 0; i < m; i++) {
      const x = x0 + ((i + 0.5) * (x1 - x0)) / m;
      const y = y0 + ((j + 0.5) * (y1 - y0)) / m;
      const [gx, gy] = gradient(x, y);
      const [dx, dy] = [-gx * kx, gy * ky];
      const n = Math.hypot(dx, dy);
      if (!(n > 0) || !Number.isFinite(n)) continue;
      const cx = area.left + (x - x0) * kx;
      const cy = area.bottom - (y - y0) * ky;
      const [ux, uy] = [(dx / n) * len, (dy / n) * len];
      const a = arrow(
        cx - ux / 2,
        cy - uy / 2,
        cx + ux / 2,
        cy + uy / 2,
        {
          markerId: marker.id,
          stroke: colour,
          "stroke-width": 1,
          "stroke-opacity": 0.7,
          class: "gradient-field",
        },
        2,
      );
      if (a) parts.push(a);
    }
  return { svg: el("g", { class: "layer-field gradient-field" }, parts.join("")), def: marker.svg };
}

/**
 * An arrow between two points of the plane, drawn at true length: a displacement the caller
 * computed (one sub-step of an update, say), not a direction scaled to be seen.
 */
export interface DataArrow {
  /** The tail, a point [x, y] of the plane. */
  from: readonly number[];
  /** The head, a point [x, y] of the plane. */
  to: readonly number[];
  /** Default the theme's foreground. */
  colour?: string;
  /** A dashed shaft (and legend symbol), for a part carried over rather than taken. */
  dashed?: boolean;
  /** The legend's words for it; arrows with the same label share one entry. */
  label?: string;
  /** Extra attributes (class, data-*) that name what the arrow shows. */
  attrs?: Readonly<Record<string, string | number>>;
}

/** Data arrows in px (y up) on white halos, clipped to the area; one under 1 px is left out. */
export function dataArrows(
  arrows: readonly DataArrow[],
  toPx: (x: number, y: number) => readonly [number, number],
  area: Bounds,
  foreground: string,
): { svg: string[]; defs: Def[] } {
  const defs = new Map<string, Def>();
  const svg: string[] = [];
  for (const a of arrows) {
    const colour = a.colour ?? foreground;
    const marker = defs.get(colour) ?? arrowMarker(colour, 7);
    defs.set(colour, marker);
    const [x1, y1] = toPx(a.from[0] ?? NaN, a.from[1] ?? NaN);
    const [x2, y2] = toPx(a.to[0] ?? NaN, a.to[1] ?? NaN);
    const { class: extra, ...rest } = a.attrs ?? {};
    const s = arrow(
      x1,
      y1,
      x2,
      y2,
      {
        markerId: marker.id,
        stroke: colour,
        "stroke-width": 2.5,
        "stroke-dasharray": a.dashed ? "4 2" : undefined,
        ...rest,
        class: ["data-arrow", extra].filter((c) => typeof c === "string" && c).join(" "),
      },
      1,
      area,
    );
    if (!s) continue;
    // a white halo under the shaft, so the arrow reads over paths of the same colour
    const halo = { stroke: "#ffffff", "stroke-width": 4.5, "stroke-opacity": 0.85 };
    svg.push(el("line", { x1, y1, x2, y2, ...halo, class: "data-arrow-halo" }), s);
  }
  return { svg, defs: [...defs.values()] };
}
