/**
 * Sampling helpers for 1-D plots: central differences, the x-intervals where |g| < ε, and a
 * y range that ignores poles.
 */
import { quantile } from "d3-array";
import { finiteExtent } from "./axes.js";

/** Central difference with a step relative to the window. */
export function centralDifference(f: (x: number) => number, h: number): (x: number) => number {
  return (x) => (f(x + h) - f(x - h)) / (2 * h);
}

/** Intervals of x where |g(x)| < eps, from samples. */
export function bands(
  xs: readonly number[],
  g: readonly number[],
  eps: number,
): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  for (let i = 0; i < xs.length; i++) {
    const inside = Math.abs(g[i]!) < eps;
    if (inside && start === null) start = xs[i]!;
    if (!inside && start !== null) {
      out.push([start, xs[i - 1]!]);
      start = null;
    }
  }
  if (start !== null) out.push([start, xs[xs.length - 1]!]);
  return out;
}

export function robustRange(values: readonly number[]): [number, number] {
  const ext = finiteExtent(values) ?? [0, 1];
  const finite = values.filter(Number.isFinite);
  const q05 = quantile(finite, 0.05) ?? ext[0];
  const q95 = quantile(finite, 0.95) ?? ext[1];
  if (ext[1] - ext[0] > 50 * Math.max(q95 - q05, 1e-12)) return [q05, q95];
  return ext;
}

export const pad = ([a, b]: readonly [number, number], t: number): [number, number] => {
  const d = (b - a || Math.abs(a) || 1) * t;
  return [a - d, b + d];
};
