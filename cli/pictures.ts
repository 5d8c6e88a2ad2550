/** The CLI's pictures: trajectories of minimize and race, drawn with src/viz. */
import { galleryFunction, parseExpression, type MinimizeResult } from "../src/index.js";
import { contourPlot2d, functionPlot1d, runFromResult, type Range } from "../src/viz/index.js";
import { writePicture } from "./output.js";

export interface LabelledRun {
  label: string;
  result: MinimizeResult;
}

/** A window around everything the runs visited, padded, for functions not in the gallery. */
function windowOf(runs: readonly LabelledRun[], dim: number): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { result } of runs) {
    for (const p of result.trajectory) {
      const v = p.x[dim]!;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = Math.max((hi - lo) * 0.3, 0.5);
  return [lo - pad, hi + pad];
}

/** The SVG of one or more trajectories on their function: a curve for 1-D, contours for 2-D. */
export function minimizeSvg(
  fn: string,
  runs: readonly LabelledRun[],
  options: { epsilon?: number; title?: string } = {},
): string {
  const gallery = galleryFunction(fn);
  const expression = parseExpression(gallery?.expression ?? fn);
  const variables = runs[0]!.result.variables;
  const trajectoryRuns = runs.map(({ label, result }) => runFromResult(result, label));
  const minima =
    gallery?.minima.map((m) => ({ point: m.point, value: m.value, global: m.global })) ?? [];
  const title = options.title ?? (gallery ? gallery.title : `f = ${fn}`);
  if (variables.length === 1) {
    const name = variables[0]!;
    return functionPlot1d(
      {
        f: (x) => expression.evaluateNumber({ [name]: x }),
        window: gallery?.window[0] ?? windowOf(runs, 0),
        derivative: true,
        runs: trajectoryRuns,
        minima,
        ...(options.epsilon !== undefined ? { epsilon: options.epsilon } : {}),
      },
      { title, expression: gallery?.expression ?? fn },
    );
  }
  const [xName, yName] = variables as [string, string];
  return contourPlot2d(
    {
      f: (x, y) => expression.evaluateNumber({ [xName]: x, [yName]: y }),
      window: gallery
        ? [gallery.window[0]!, gallery.window[1]!]
        : [windowOf(runs, 0), windowOf(runs, 1)],
      runs: trajectoryRuns,
      minima,
      ...(options.epsilon !== undefined ? { epsilon: options.epsilon } : {}),
    },
    { title, expression: gallery?.expression ?? fn, logScale: gallery?.logScale ?? false },
  );
}

export async function drawMinimize(
  path: string,
  fn: string,
  runs: readonly LabelledRun[],
): Promise<void> {
  await writePicture(path, minimizeSvg(fn, runs));
}
