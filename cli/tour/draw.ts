/** Drawing helpers of the tour: a function's curve or contours with runs, and run summaries. */
import { galleryFunction, parseExpression, type MinimizeResult } from "../../src/index.js";
import {
  contourPlot2d,
  functionPlot1d,
  runFromResult,
  type ContourPlot2dOptions,
  type MinimumMark,
  type Range,
  type TrajectoryRun,
} from "../../src/viz/index.js";
import { n4, tall, WIDE, type Size } from "./types.js";

/** Why a run stopped, in a few words: "converged in 43 steps", "diverged at step 2". */
export function stopText(r: MinimizeResult): string {
  switch (r.reason) {
    case "gradient-tolerance":
    case "value-tolerance":
      return `converged in ${r.iterations} steps`;
    case "step-tolerance":
      return `settled in ${r.iterations} steps`;
    case "max-iterations":
      return `hit max iterations (${r.iterations})`;
    case "diverged":
      return `diverged at step ${r.iterations}`;
    default:
      return `${r.reason} after ${r.iterations} steps`;
  }
}

/** A labelled run whose legend note is the stop text (or `note`). */
export function run(r: MinimizeResult, label: string, note?: string): TrajectoryRun {
  return { ...runFromResult(r, label), note: note ?? stopText(r) };
}

/** The row of a run table: label, lr, steps, why it stopped, where, f there. */
export function runRow(label: string, lr: string, r: MinimizeResult): string[] {
  const last = r.trajectory[r.trajectory.length - 1];
  return [
    label,
    lr,
    String(r.iterations),
    r.reason,
    (last?.x ?? r.x).map((v) => n4(v, 5)).join(", "),
    n4(last?.value ?? r.value, 5),
  ];
}

export const RUN_HEADER = ["run", "lr", "steps", "stopped by", "last x", "f(last x)"] as const;

/** f(x) of an expression or gallery name, with its window and minima. */
function resolve(fn: string) {
  const g = galleryFunction(fn);
  const source = g?.expression ?? fn;
  return { g, source, expr: parseExpression(source) };
}

export interface CurveOptions {
  title: string;
  window?: Range;
  minima?: readonly MinimumMark[];
  /** The height at the wide size (scaled for others). */
  height?: number;
  epsilon?: number;
  stepLabels?: number;
  /** Draw f′ on its own panel below f (default true). */
  derivative?: boolean;
  drawOrder?: readonly number[];
}

/** A 1-D function (gallery name or expression) with runs on its curve, at a size. */
export function curve(
  fn: string,
  runs: readonly TrajectoryRun[],
  o: CurveOptions,
  size: Size = WIDE,
): string {
  const { g, source, expr } = resolve(fn);
  return functionPlot1d(
    {
      f: (x) => expr.evaluateNumber({ x }),
      window: o.window ?? g?.window[0] ?? [-2, 2],
      derivative: o.derivative ?? true,
      runs,
      minima: o.minima ?? g?.minima ?? [],
      ...(o.epsilon !== undefined ? { epsilon: o.epsilon } : {}),
    },
    {
      title: o.title,
      expression: source,
      width: size.width,
      height: tall(size, o.height ?? Math.round(WIDE.width * 0.68)),
      ...(size.theme ? { theme: size.theme } : {}),
      ...(o.stepLabels !== undefined ? { stepLabels: o.stepLabels } : {}),
      ...(o.drawOrder ? { drawOrder: o.drawOrder } : {}),
    },
  );
}

/** A 2-D gallery function's contours with runs, at a size. */
export function contours(
  fn: string,
  runs: readonly TrajectoryRun[],
  o: ContourPlot2dOptions & { title: string; window?: readonly [Range, Range] },
  size: Size = WIDE,
): string {
  const { g, source, expr } = resolve(fn);
  const { window, ...options } = o;
  return contourPlot2d(
    {
      f: (x, y) => expr.evaluateNumber({ x, y }),
      window:
        window ??
        (g
          ? [g.window[0]!, g.window[1]!]
          : [
              [-2, 2],
              [-2, 2],
            ]),
      runs,
      minima: g?.minima ?? [],
    },
    {
      expression: source,
      logScale: g?.logScale ?? false,
      ...options,
      width: size.width,
      ...(size.theme ? { theme: size.theme } : {}),
    },
  );
}
