/** The generated <desc> of functionPlot1d: what is drawn, with its key numbers, in sentences. */
import { finiteExtent } from "./axes.js";
import { formatNumber } from "./svg.js";
import type { FunctionPlot1dInput } from "./function-plot.js";
import type { TrajectoryRun } from "./types.js";

export interface CurveFacts {
  input: FunctionPlot1dInput;
  formula: string | undefined;
  xs: readonly number[];
  ys: readonly number[];
  derivative: boolean;
  bandList: readonly (readonly [number, number])[];
}

export function describeCurve(c: CurveFacts): string {
  const { input, formula, bandList } = c;
  const [x0, x1] = input.window;
  const ext = finiteExtent(c.ys);
  const eps = input.epsilon;
  const minima = input.minima ?? [];
  return [
    `Plot of ${formula ? `f(x) = ${formula}` : "f(x)"} for x from ${formatNumber(x0)} to ${formatNumber(x1)}` +
      (ext ? `; f ranges from ${formatNumber(ext[0])} to ${formatNumber(ext[1])}.` : "."),
    c.derivative
      ? "The derivative f′(x) is dashed, on its own panel below, with its zero line."
      : "",
    eps !== undefined
      ? bandList.length > 0
        ? `Shaded where |f′(x)| < ${formatNumber(eps)}: ${bandList.map(([a, b]) => `x in [${formatNumber(a)}, ${formatNumber(b)}]`).join(", ")}.`
        : `|f′(x)| is nowhere below ${formatNumber(eps)} in the window.`
      : "",
    ...(input.runs ?? []).map((r, i) => describeRun(r, i, input.f)),
    (input.runs ?? []).length > 0
      ? "Rings mark where each run starts; numbers are iterations."
      : "",
    minima.length > 0
      ? `Stars mark known minima: ${minima.map((mk) => `x = ${formatNumber(mk.point[0] ?? NaN)} (${mk.global === false ? "local" : "global"})`).join(", ")}.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
}

function describeRun(run: TrajectoryRun, i: number, f: (x: number) => number): string {
  const first = run.points[0];
  const last = run.points[run.points.length - 1];
  if (!first || !last) return `Run "${run.label ?? `run ${i + 1}`}" is empty.`;
  const fx = (p: typeof first) => p.value ?? f(p.x[0] ?? NaN);
  return (
    `Run "${run.label ?? `run ${i + 1}`}": ${run.points.length} points from x = ${formatNumber(first.x[0] ?? NaN)} ` +
    `(f = ${formatNumber(fx(first))}) to x = ${formatNumber(last.x[0] ?? NaN)} (f = ${formatNumber(fx(last))})` +
    (run.note ? `; ${run.note}.` : ".")
  );
}
