/**
 * The numbers behind a contour plot: f sampled on a grid of cell centres (d3-contour's layout,
 * row 0 at the top = largest y), contour thresholds (linear or log-spaced), the gradient norm on
 * the grid, and d3-contour MultiPolygons turned into SVG path data in pixel space.
 */
import { quantile, ticks } from "d3-array";
import { contours } from "d3-contour";
import { formatNumber, px } from "./svg.js";
import type { PathPoint, Range, TrajectoryRun } from "./types.js";

export interface Grid {
  nx: number;
  ny: number;
  /** Row-major, row 0 at the top (y = y1). */
  values: Float64Array;
  window: readonly [Range, Range];
  /** Centre of column i and row j. */
  xAt(i: number): number;
  yAt(j: number): number;
}

export function sampleGrid(
  f: (x: number, y: number) => number,
  window: readonly [Range, Range],
  nx: number,
  ny = nx,
): Grid {
  const [[x0, x1], [y0, y1]] = window;
  const xAt = (i: number) => x0 + ((i + 0.5) * (x1 - x0)) / nx;
  const yAt = (j: number) => y1 - ((j + 0.5) * (y1 - y0)) / ny;
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = f(xAt(i), yAt(j));
  return { nx, ny, values, window, xAt, yAt };
}

function finiteValues(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k]!)) out.push(values[k]!);
  return out;
}

export interface Thresholds {
  values: number[];
  log: boolean;
  /** For log thresholds: values[k] − base grow geometrically. */
  base: number;
  min: number;
  max: number;
}

/**
 * Contour levels over the grid's finite range. The first level is the minimum (so the lowest
 * band fills the whole window). Log levels: min + lo·(hi/lo)^(k/(n−1)), lo from the 1 % quantile.
 */
export function thresholds(values: ArrayLike<number>, levels: number, log: boolean): Thresholds {
  const finite = finiteValues(values);
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min < max)) {
    const v = Number.isFinite(min) ? min : 0;
    return { values: [v], log: false, base: v, min: v, max: v };
  }
  if (log) {
    const hi = max - min;
    const q = quantile(
      finite.map((v) => v - min),
      0.01,
    );
    const lo = Math.max(hi * 1e-6, q ?? 0);
    const n = Math.max(2, levels);
    const out = [min];
    for (let k = 0; k < n - 1; k++) out.push(min + lo * (hi / lo) ** (k / (n - 1)));
    return { values: out, log: true, base: min, min, max };
  }
  const out = [min, ...ticks(min, max, levels).filter((t) => t > min && t < max)];
  return { values: out, log: false, base: min, min, max };
}

/** ‖∇f‖ on the grid by central differences (one-sided at the edges). */
export function gradientNormGrid(grid: Grid): Float64Array {
  const { nx, ny, values, window } = grid;
  const hx = (window[0][1] - window[0][0]) / nx;
  const hy = (window[1][1] - window[1][0]) / ny;
  const at = (i: number, j: number) => values[j * nx + i]!;
  const out = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const il = Math.max(0, i - 1);
      const ir = Math.min(nx - 1, i + 1);
      const ju = Math.max(0, j - 1);
      const jd = Math.min(ny - 1, j + 1);
      const gx = (at(ir, j) - at(il, j)) / ((ir - il) * hx || 1);
      // Row index grows downwards, y upwards.
      const gy = (at(i, ju) - at(i, jd)) / ((jd - ju) * hy || 1);
      out[j * nx + i] = Math.hypot(gx, gy);
    }
  }
  return out;
}

/** ‖∇f‖ on the grid from a gradient function. */
export function gradientNormFrom(
  grid: Grid,
  gradient: (x: number, y: number) => readonly number[],
): Float64Array {
  const out = new Float64Array(grid.nx * grid.ny);
  for (let j = 0; j < grid.ny; j++)
    for (let i = 0; i < grid.nx; i++) {
      const g = gradient(grid.xAt(i), grid.yAt(j));
      out[j * grid.nx + i] = Math.hypot(g[0] ?? 0, g[1] ?? 0);
    }
  return out;
}

export interface ContourBand {
  threshold: number;
  /** SVG path data in pixels ("" when the band is empty). */
  d: string;
}

/**
 * Filled contour bands (value ≥ threshold) as SVG path data, mapping grid coordinates to the
 * pixel rectangle [left, right] × [top, bottom].
 */
export function contourPaths(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  levels: readonly number[],
  box: { left: number; top: number; width: number; height: number },
): ContourBand[] {
  const gen = contours().size([nx, ny]).thresholds(levels.slice());
  const clean = Array.from(values, (v) => (Number.isNaN(v) ? -Infinity : v));
  const sx = box.width / nx;
  const sy = box.height / ny;
  return gen(clean).map((mp) => {
    let d = "";
    for (const polygon of mp.coordinates)
      for (const ring of polygon) {
        ring.forEach(([gx, gy], k) => {
          d += `${k === 0 ? "M" : "L"}${px(box.left + gx! * sx)},${px(box.top + gy! * sy)}`;
        });
        d += "Z";
      }
    return { threshold: mp.value, d };
  });
}

export const ARROW_PX = 24;
export const ARROW_MAX_PX = 56;

export function scaleArrows(
  vs: readonly [number, number][],
  kx: number,
  ky: number,
): { px: [number, number][]; per: number } {
  const lens = vs
    .map(([a, b]) => Math.hypot(a * kx, b * ky))
    .filter((l) => l > 0 && Number.isFinite(l));
  const sorted = [...lens].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 1;
  const s = ARROW_PX / median;
  const out = vs.map(([a, b]): [number, number] => {
    const l = Math.hypot(a * kx, b * ky) * s;
    const c = l > ARROW_MAX_PX ? ARROW_MAX_PX / l : 1;
    return [a * kx * s * c, -b * ky * s * c];
  });
  return { px: out, per: median / kx };
}

/** One sentence about a 2-D run for the desc. */
export function describeRun2d(
  run: TrajectoryRun,
  i: number,
  f: (x: number, y: number) => number,
): string {
  const first = run.points[0];
  const last = run.points[run.points.length - 1];
  const name = run.label ?? `run ${i + 1}`;
  if (!first || !last) return `Run "${name}" is empty.`;
  const at = (p: PathPoint) =>
    `(${p.x.map((v) => formatNumber(v)).join(", ")}), f = ${formatNumber(p.value ?? f(p.x[0] ?? NaN, p.x[1] ?? NaN))}`;
  return `Run "${name}": ${run.points.length} points from ${at(first)} to ${at(last)}${run.note ? `; ${run.note}` : ""}.`;
}
