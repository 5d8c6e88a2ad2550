// Lab 1's numbers and pictures: one minimize() run on f(x), drawn up to the current step.
import {
  minimize,
  type MinimizeResult,
  type OptimizerName,
  type Tensor,
} from "../../../src/index.js";
import { functionPlot1d } from "../../../src/viz/function-plot.js";
import { lineChart } from "../../../src/viz/line-chart.js";
import { runFromResult } from "../../../src/viz/types.js";
import { window1d } from "./names.js";
import { numeric, resolveObjective, startChecked, type ExpressionProblem } from "./objective.js";

export interface Descent1dSettings {
  f: string;
  x0: number;
  optimizer: OptimizerName;
  lr: number;
  /** Stop when |f′(x)| < eps. */
  eps: number;
  maxIters: number;
  /** β of momentum and Nesterov (ignored by the others). */
  momentum: number;
  /** Standard deviation of the seeded Gaussian noise added after each step (0 = none). */
  noise: number;
  seed: number;
}

export const X_ONLY = ["x"] as const;

/** Runs the settings through minimize(), exactly as a Node script would. */
export function run1d(s: Descent1dSettings): MinimizeResult | { problem: ExpressionProblem } {
  const objective = resolveObjective(s.f, X_ONLY);
  if (!objective.ok) return { problem: objective.problem };
  const { expression } = objective;
  const f = (t: Tensor): Tensor => expression.evaluate({ x: t.reshape([]) }, { dtype: "float64" });
  return startChecked(() =>
    minimize(f, [s.x0], {
      optimizer: s.optimizer,
      lr: s.lr,
      gradTol: s.eps,
      maxIters: s.maxIters,
      optimizerOptions:
        s.optimizer === "momentum" || s.optimizer === "nesterov" ? { momentum: s.momentum } : {},
      ...(s.noise > 0 ? { noise: s.noise, seed: s.seed } : {}),
    }),
  );
}

export interface View1d {
  plot: string;
  chart: string;
}

/** The curve with the path up to `step`, and f against the step. */
export function view1d(
  s: Descent1dSettings,
  result: MinimizeResult,
  step: number,
  width: number,
): View1d {
  const objective = resolveObjective(s.f, X_ONLY);
  if (!objective.ok) throw new Error(objective.problem.message);
  const f = numeric(objective.expression, X_ONLY);
  const shown = result.trajectory.slice(0, step + 1);
  const run = runFromResult(result, s.optimizer);
  const finished = step >= result.trajectory.length - 1;
  const plotWidth = Math.max(280, Math.min(900, width));
  const plot = functionPlot1d(
    {
      f: (x) => f(x),
      window: window1d(s.f, s.x0),
      derivative: true,
      runs: [{ ...run, points: shown, ...(finished ? {} : { note: `step ${step}` }) }],
      minima: objective.gallery?.minima ?? [],
      epsilon: s.eps,
    },
    {
      width: plotWidth,
      height: Math.round(Math.min(520, plotWidth * (width < 500 ? 0.8 : 0.6))),
      expression: objective.source,
      title: `f(x) = ${objective.source}`,
      idPrefix: "lab1-plot",
    },
  );
  const chart = lineChart(
    { series: [{ label: "f(x) at each step", y: shown.map((p) => p.value) }] },
    {
      width: plotWidth,
      height: Math.round(Math.min(280, plotWidth * 0.36)),
      xLabel: "step",
      yLabel: "f(x)",
      title: "Value per step",
      idPrefix: "lab1-chart",
    },
  );
  return { plot, chart };
}
