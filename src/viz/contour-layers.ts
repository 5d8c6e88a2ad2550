/**
 * The filled layers of a contour plot — the level bands and the ε-region — and its <desc>.
 * Log-spaced levels are traced on log(f − min): interpolating there follows a steep valley's
 * walls smoothly where interpolating f itself gives stair steps.
 */
import type { Area } from "./axes.js";
import {
  contourPaths,
  describeRun2d,
  gradientNormFrom,
  gradientNormGrid,
  type Grid,
  type Thresholds,
} from "./contour-grid.js";
import type { ContourPlot2dInput } from "./contour-plot.js";
import { el, formatNumber, group } from "./svg.js";
import { mix, type Theme } from "./theme.js";

export function contourLayer(
  grid: Grid,
  th: Thresholds,
  colours: readonly string[],
  area: Area,
): string {
  let values: ArrayLike<number> = grid.values;
  let levels = th.values;
  if (th.log) {
    // log(f − min + a tiny floor) keeps the order of the levels and is finite at the minimum.
    const floor = ((th.values[1] ?? th.max) - th.base) * 1e-3;
    const t = (v: number) => Math.log(Math.max(0, v - th.base) + floor);
    values = Array.from(grid.values, (v) => (Number.isFinite(v) ? t(v) : v));
    levels = th.values.map(t);
  }
  const bands = contourPaths(values, grid.nx, grid.ny, levels, area);
  return group(
    { class: "contours", "data-scale": th.log ? "log" : "linear", "data-base": String(th.base) },
    bands
      .map((b, k) => ({ ...b, threshold: th.values[k]!, colour: colours[k] ?? "#ccc" }))
      .filter((b) => b.d !== "")
      .map((b) =>
        el("path", {
          d: b.d,
          fill: b.colour,
          stroke: mix(b.colour, 0.35, "#000000"),
          "stroke-width": 0.5,
          "stroke-opacity": 0.5,
          "stroke-linejoin": "round",
          class: "contour",
          "data-threshold": String(b.threshold),
        }),
      ),
  );
}

/** The region where ‖∇f‖ < ε, and its share of the window. */
export function epsilonLayer(
  grid: Grid,
  epsilon: number,
  gradient: ContourPlot2dInput["gradient"],
  area: Area,
  theme: Theme,
): { svg: string; share: number } {
  const norm = gradient ? gradientNormFrom(grid, gradient) : gradientNormGrid(grid);
  const share = norm.filter((v) => v < epsilon).length / norm.length;
  const neg = Array.from(norm, (v) => -v);
  const [region] = contourPaths(neg, grid.nx, grid.ny, [-epsilon], area);
  if (!region || region.d === "") return { svg: "", share };
  const svg = el("path", {
    d: region.d,
    fill: theme.epsilon,
    "fill-opacity": 0.45,
    stroke: theme.epsilon,
    "stroke-width": 1.5,
    "stroke-dasharray": "5 3",
    class: "epsilon-region",
    "data-epsilon": String(epsilon),
  });
  return { svg, share };
}

export interface ContourFacts {
  input: ContourPlot2dInput;
  formula: string | undefined;
  th: Thresholds;
  epsShare: number;
  note: string;
  equal: boolean;
  xLabel: string;
  yLabel: string;
}

export function describeContours(c: ContourFacts): string {
  const { input, th } = c;
  const [[x0, x1], [y0, y1]] = input.window;
  const runs = input.runs ?? [];
  const minima = input.minima ?? [];
  return [
    `Filled contours of ${c.formula ? `f(x, y) = ${c.formula}` : "f(x, y)"} over ${c.xLabel} from ${formatNumber(x0)} to ${formatNumber(x1)} and ${c.yLabel} from ${formatNumber(y0)} to ${formatNumber(y1)}` +
      (c.equal
        ? ", both axes to the same scale:"
        : " (axes stretched to fill the plot, not to the same scale):"),
    `${th.values.length} ${th.log ? "log-spaced" : "evenly spaced"} levels, f from ${formatNumber(th.min)} (dark) to ${formatNumber(th.max)} (light)${th.log ? "; the colour bar is on a log scale" : ""}.`,
    input.epsilon !== undefined
      ? `Shaded with a dashed edge: ‖∇f‖ < ${formatNumber(input.epsilon)}, ${formatNumber(c.epsShare * 100, 2)} % of the window.`
      : "",
    ...runs.map((r, i) => describeRun2d(r, i, input.f)),
    runs.length > 0 ? `Rings mark where each run starts; numbers are iterations. ${c.note}` : "",
    minima.length > 0
      ? `Stars mark known minima: ${minima.map((mk) => `(${mk.point.map((v) => formatNumber(v)).join(", ")}) ${mk.global === false ? "local" : "global"}`).join(", ")}.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
}
