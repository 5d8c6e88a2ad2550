// Lab 2's numbers and pictures: a race of optimizers on f(x, y) with race(), drawn up to a step.
import {
  race,
  type OptimizerName,
  type RaceEntry,
  type RaceRun,
  type Tensor,
} from "../../../src/index.js";
import type { DataArrow } from "../../../src/viz/contour-arrows.js";
import { contourPlot2d } from "../../../src/viz/contour-plot.js";
import { lineChart } from "../../../src/viz/line-chart.js";
import { runFromResult } from "../../../src/viz/types.js";
import { window2d } from "./names.js";
import type { SubStep } from "./narrate.js";
import { numeric, resolveObjective, startChecked, type ExpressionProblem } from "./objective.js";

export interface Descent2dSettings {
  f: string;
  x0: number;
  y0: number;
  /** The racers, in legend order. */
  racers: OptimizerName[];
  /** Each racer's own learning rate (used unless `fair`). */
  lrs: Partial<Record<OptimizerName, number>>;
  /** The "fair race": every racer at the one learning rate `lr`. */
  fair: boolean;
  lr: number;
  eps: number;
  maxIters: number;
  momentum: number;
  noise: number;
  seed: number;
}

export const XY = ["x", "y"] as const;

/** race() over the settings, exactly as a Node script would call it. */
export function run2d(s: Descent2dSettings): RaceRun[] | { problem: ExpressionProblem } {
  const objective = resolveObjective(s.f, XY);
  if (!objective.ok) return { problem: objective.problem };
  const { expression } = objective;
  const f = (t: Tensor): Tensor =>
    expression.evaluate(
      { x: t.narrow(0, 0, 1).reshape([]), y: t.narrow(0, 1, 1).reshape([]) },
      { dtype: "float64" },
    );
  const entries: RaceEntry[] = s.racers.map((name) => ({
    optimizer: name,
    label: name,
    ...(s.fair ? {} : { lr: s.lrs[name] ?? s.lr }),
    ...(name === "momentum" || name === "nesterov"
      ? { optimizerOptions: { momentum: s.momentum } }
      : {}),
  }));
  return startChecked(() =>
    race(f, [s.x0, s.y0], entries, {
      gradTol: s.eps,
      maxIters: s.maxIters,
      ...(s.fair ? { sameLr: s.lr } : {}),
      ...(s.noise > 0 ? { noise: s.noise, seed: s.seed } : {}),
    }),
  );
}

export interface View2d {
  contour: string;
  chart: string;
}

/** How each part of a narrated update is drawn (Okabe–Ito colours; black is −η·∇f). */
const PARTS: Record<string, { label: string; colour?: string; dashed?: boolean }> = {
  gradient: { label: "−η·∇f" },
  "gradient-term": { label: "−η·∇f" },
  // the same vector as the gradient sub-step's: drawn again, so the moments name their comparison
  raw: { label: "−η·∇f" },
  decayed: { label: "−η·β·b (velocity, decayed)", colour: "#CC79A7", dashed: true },
  "look-ahead": { label: "−η·β·b (look-ahead)", colour: "#CC79A7" },
  "first-moment": { label: "−η·m (first moment)", colour: "#E69F00", dashed: true },
  adaptive: { label: "the adapted step", colour: "#009E73" },
  decay: { label: "weight decay", colour: "#56B4E9" },
  step: { label: "the step to k + 1", colour: "#D55E00" },
};

/** The arrows of sub-steps 0…sub, each named by its sub-step and part. */
export function narrationArrows(narration: readonly SubStep[], sub: number): DataArrow[] {
  return narration.slice(0, sub + 1).flatMap((s) =>
    s.arrows.map((a) => ({
      from: a.from,
      to: a.to,
      ...(PARTS[a.part] ?? { label: a.part }),
      attrs: {
        class: `narrated narrated-${s.show}`,
        "data-sub-step": s.show,
        "data-part": a.part,
      },
    })),
  );
}

/** Contours with every racer's path up to `step` (plus `arrows`), and f against the step. */
export function view2d(
  s: Descent2dSettings,
  runs: RaceRun[],
  step: number,
  width: number,
  arrows: readonly DataArrow[] = [],
): View2d {
  const objective = resolveObjective(s.f, XY);
  if (!objective.ok) throw new Error(objective.problem.message);
  const f = numeric(objective.expression, XY);
  const w = Math.max(280, Math.min(600, width));
  const wide = Math.max(280, Math.min(900, width));
  const trajectoryRuns = runs.map((r) => {
    const run = runFromResult(r.result, r.label);
    const done = step >= r.result.trajectory.length - 1;
    return {
      ...run,
      points: r.result.trajectory.slice(0, step + 1),
      ...(done ? {} : { note: `step ${step}` }),
    };
  });
  const contour = contourPlot2d(
    {
      f: (x, y) => f(x, y),
      window: window2d(s.f, s.x0, s.y0),
      runs: trajectoryRuns,
      arrows,
      minima: objective.gallery?.minima ?? [],
      epsilon: s.eps,
    },
    {
      // no height: it follows the window's shape, so a legend grown by the narration's arrows
      // takes room below the plot instead of shrinking it (to a third at 390 px)
      width: w,
      expression: objective.source,
      logScale: objective.gallery?.logScale ?? false,
      idPrefix: "lab2-contour",
      // while a step is narrated its arrows are the only ones: the racers' own −∇f arrows
      // (scaled to be seen, black too) would hide them
      ...(arrows.length > 0 ? { gradientArrows: 0, velocityArrows: false } : {}),
      grid: 70,
    },
  );
  const chart = lineChart(
    {
      series: runs.map((r) => ({
        label: r.label,
        y: r.result.trajectory.slice(0, step + 1).map((p) => p.value),
      })),
    },
    {
      width: wide,
      height: Math.round(Math.min(300, wide * 0.4)),
      xLabel: "step",
      yLabel: "f(x, y)",
      title: "Value per step",
      idPrefix: "lab2-chart",
    },
  );
  return { contour, chart };
}

/** f on an n×n grid over the window, for the 3-D surface (row-major, y outer). */
export function surfaceGrid(s: Descent2dSettings, n: number): { z: number[]; window: number[][] } {
  const objective = resolveObjective(s.f, XY);
  if (!objective.ok) return { z: [], window: [] };
  const f = numeric(objective.expression, XY);
  const [[x0, x1], [y0, y1]] = window2d(s.f, s.x0, s.y0);
  const z: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      z.push(f(x0 + ((x1 - x0) * i) / (n - 1), y0 + ((y1 - y0) * j) / (n - 1)));
    }
  }
  return {
    z,
    window: [
      [x0, x1],
      [y0, y1],
    ],
  };
}
