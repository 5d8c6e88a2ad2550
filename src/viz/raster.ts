/**
 * Heat-maps without canvas or DOM: a g×g grid of cell centres over a 2-D window, and a raster of
 * colours drawn as <rect> rows with equal neighbours merged.
 */
import { finiteExtent } from "./axes.js";
import { el } from "./svg.js";
import type { Range } from "./types.js";

/** A rectangle of the plane: [[x0, x1], [y0, y1]]. */
export type Window2d = readonly [Range, Range];

/** The largest f(v) over values (a loop: spreading 10⁵ values into Math.max overflows the stack). */
export function maxOf(values: ArrayLike<number>, f: (v: number) => number): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) m = Math.max(m, f(values[i]!));
  return m;
}

export const absFinite = (v: number): number => (Number.isFinite(v) ? Math.abs(v) : 0);

/** Cell centres of a g×g grid over the window, row 0 at the top, as n×2 row-major. */
export function gridPoints(window: Window2d, g: number): Float32Array {
  const [[x0, x1], [y0, y1]] = window;
  const out = new Float32Array(g * g * 2);
  for (let j = 0; j < g; j++)
    for (let i = 0; i < g; i++) {
      out[2 * (j * g + i)] = x0 + ((i + 0.5) * (x1 - x0)) / g;
      out[2 * (j * g + i) + 1] = y1 - ((j + 0.5) * (y1 - y0)) / g;
    }
  return out;
}

/** A g×g raster of colours (row 0 at the top) as rects, merging equal runs in each row. */
export function rasterRects(
  colours: readonly string[],
  g: number,
  box: { left: number; top: number; width: number; height: number },
): string {
  const cw = box.width / g;
  const ch = box.height / g;
  let out = "";
  for (let j = 0; j < g; j++) {
    let i = 0;
    while (i < g) {
      const c = colours[j * g + i]!;
      let k = i + 1;
      while (k < g && colours[j * g + k] === c) k++;
      out += el("rect", {
        x: box.left + i * cw,
        y: box.top + j * ch,
        width: (k - i) * cw + 0.4,
        height: ch + 0.4,
        fill: c,
      });
      i = k;
    }
  }
  return out;
}

export function dataWindow(points: ArrayLike<number>): Window2d {
  const xs = Array.from({ length: points.length >> 1 }, (_, k) => points[2 * k]!);
  const ys = Array.from({ length: points.length >> 1 }, (_, k) => points[2 * k + 1]!);
  const pad = ([a, b]: [number, number]): Range => [a - (b - a || 1) * 0.1, b + (b - a || 1) * 0.1];
  return [pad(finiteExtent(xs) ?? [-1, 1]), pad(finiteExtent(ys) ?? [-1, 1])];
}

/** Class probabilities per point: k columns, or 1 column read as p(class 1). */
