// Lab 3's pictures: the three batch paths on the full-data MSE surface, the loss against epochs,
// updates or examples seen, and one update as k accumulated micro-batch arrows.
import { contourPlot2d } from "../../../src/viz/contour-plot.js";
import { lineChart } from "../../../src/viz/line-chart.js";
import type { PathPoint, TrajectoryRun } from "../../../src/viz/types.js";
import {
  clampSettings,
  mseOf,
  points,
  type Accumulation,
  type BatchesRun,
  type BatchesSettings,
  type BatchRun,
} from "./batches.js";

/** Full batch, mini-batch, SGD: the tour's colours (Okabe–Ito). */
export const COLOURS = ["#0072B2", "#D55E00", "#009E73"] as const;
const AXES = { xLabel: "w (slope)", yLabel: "b (intercept)" } as const;

export type XAxis = "epochs" | "updates" | "examples";

type Window = [[number, number], [number, number]];

/** The index of the last point of `run` reached after `seen` examples. */
export function indexAt(run: BatchRun, seen: number): number {
  let i = 0;
  while (i + 1 < run.seen.length && run.seen[i + 1]! <= seen) i++;
  return i;
}

/** The MSE surface as a function, from the settings' points. */
export function surfaceOf(s: BatchesSettings): (w: number, b: number) => number {
  const { xs, ys } = points(clampSettings(s));
  return mseOf(xs, ys);
}

/** A window holding the start, the optimum and the paths (a diverging path is cut off). */
function pathWindow(s: BatchesSettings, run: BatchesRun): Window {
  const core = [
    [s.w0, run.best.w],
    [s.b0, run.best.b],
  ] as const;
  const reach = Math.max(1, Math.abs(s.w0 - run.best.w), Math.abs(s.b0 - run.best.b));
  const axis = (d: 0 | 1): [number, number] => {
    const [a, b] = [Math.min(...core[d]), Math.max(...core[d])];
    let [lo, hi] = [a, b];
    for (const r of run.runs)
      for (const v of d === 0 ? r.w : r.b) {
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, Math.max(v, a - 2 * reach));
        hi = Math.max(hi, Math.min(v, b + 2 * reach));
      }
    const pad = (hi - lo) * 0.12 + 0.1;
    return [lo - pad, hi + pad];
  };
  return [axis(0), axis(1)];
}

function trajectory(r: BatchRun, upTo: number, colour: string): TrajectoryRun {
  return {
    label: r.label,
    colour,
    note: `${upTo} update${upTo === 1 ? "" : "s"}${r.diverged !== null && upTo >= r.diverged ? ", diverged" : ""}`,
    points: r.w
      .slice(0, upTo + 1)
      .map((w, i) => ({ x: [w, r.b[i]!], value: r.loss[i]!, iteration: i })),
  };
}

export interface BatchesViews {
  surface: string;
  chart: string;
  window: Window;
}

/** The paths after `seen` examples on the contours, and the loss curves up to there. */
export function batchesViews(
  s: BatchesSettings,
  run: BatchesRun,
  seen: number,
  width: number,
  xAxis: XAxis,
): BatchesViews {
  const window = pathWindow(s, run);
  const w = Math.max(280, Math.min(620, width));
  const reached = run.runs.map((r) => indexAt(r, seen));
  const surface = contourPlot2d(
    {
      f: surfaceOf(s),
      window,
      runs: run.runs.map((r, i) => trajectory(r, reached[i]!, COLOURS[i]!)),
      minima: [{ point: [run.best.w, run.best.b], value: run.best.loss, label: "least squares" }],
    },
    {
      width: w,
      title: "Full-data MSE(w, b) of the line w·x + b",
      gradientArrows: 0,
      stepLabels: 3,
      // SGD underneath, the full batch on top: its few long steps stay visible
      drawOrder: [2, 1, 0],
      idPrefix: "lab3-surface",
      grid: 70,
      ...AXES,
    },
  );
  const xOf = (r: BatchRun, i: number): number =>
    xAxis === "updates" ? i : xAxis === "epochs" ? r.seen[i]! / run.n : r.seen[i]!;
  const positive = run.runs.every((r) => r.loss.every((v) => !(v <= 0)));
  const chart = lineChart(
    {
      series: run.runs.map((r, k) => {
        const shown = r.loss.slice(0, reached[k]! + 1);
        return {
          label: r.label,
          colour: COLOURS[k]!,
          x: shown.map((_, i) => xOf(r, i)),
          y: shown,
        };
      }),
    },
    {
      width: w,
      height: Math.round(Math.min(300, w * 0.55)),
      title: `Full-data MSE against ${xAxis === "examples" ? "examples seen" : xAxis}`,
      xLabel: xAxis === "examples" ? "examples seen" : xAxis === "epochs" ? "epoch" : "updates",
      yLabel: `MSE on all ${run.n} points`,
      yScale: positive ? "log" : "linear",
      references: [{ value: run.best.loss, label: "least squares" }],
      idPrefix: "lab3-chart",
    },
  );
  return { surface, chart, window };
}

/** One update as arrows: the big batch's −lr·∇, the k micro-steps head to tail, and the sum. */
export function accumulationView(
  s: BatchesSettings,
  a: Accumulation,
  batchSize: number,
  width: number,
): string {
  const c = clampSettings(s);
  const head = (g: readonly number[]): [number, number] => [
    a.at[0] - c.lr * g[0]!,
    a.at[1] - c.lr * g[1]!,
  ];
  // each point carries the gradient of the step taken from it, so stepParts draws −lr·g there
  const step = (from: readonly number[], g: readonly number[], i: number): PathPoint => ({
    x: from,
    iteration: i,
    grad: g,
    lr: c.lr,
    update: [-c.lr * g[0]!, -c.lr * g[1]!],
  });
  const micro = a.sums.map((g, i) => {
    const next = a.sums[i + 1];
    return next ? step(head(g), [next[0] - g[0], next[1] - g[1]], i) : { x: head(g), iteration: i };
  });
  const runs: TrajectoryRun[] = [
    {
      label: `one batch of ${batchSize}: −lr·∇`,
      colour: COLOURS[0],
      points: [step(a.at, a.big, 0), { x: head(a.big), iteration: 1 }],
    },
    {
      label: `${c.k} micro-batches of ${a.microSize}, each loss ÷${c.k}, accumulated`,
      colour: COLOURS[1],
      points: micro,
    },
    {
      label: `the ${c.k} micro-gradients summed without ÷${c.k}: ${c.k}× too long`,
      colour: COLOURS[2],
      points: [step(a.at, a.summed, 0), { x: head(a.summed), iteration: 1 }],
    },
  ];
  const ends = [a.at, head(a.big), head(a.summed), ...micro.map((p) => p.x)];
  const span = (d: 0 | 1): [number, number] => {
    const v = ends.map((p) => p[d]!);
    const [lo, hi] = [Math.min(...v), Math.max(...v)];
    const pad = (hi - lo) * 0.15 + 0.02;
    return [lo - pad, hi + pad];
  };
  return contourPlot2d(
    { f: surfaceOf(s), window: [span(0), span(1)], runs },
    {
      width: Math.max(280, Math.min(620, width)),
      title: `Update ${a.update + 1} of the mini-batch run, as ${c.k} accumulated micro-batches`,
      stepParts: 2 * (c.k + 2),
      stepLabels: 0,
      drawOrder: [2, 0, 1],
      idPrefix: "lab3-accumulation",
      grid: 50,
      ...AXES,
    },
  );
}

export interface Lab3Row {
  label: string;
  batchSize: number;
  updatesPerEpoch: number;
  updates: number;
  seen: number;
  loss: number;
  w: number;
  b: number;
  diverged: boolean;
}

export interface Lab3Frame extends BatchesViews {
  /** The last step: examples seen when the longest run ends. */
  last: number;
  seen: number;
  n: number;
  rows: Lab3Row[];
  best: BatchesRun["best"];
  accumulation:
    | { problem: string }
    | {
        svg: string;
        update: number;
        k: number;
        microSize: number;
        batchSize: number;
        /** Largest |accumulated − one batch| over w and b: rounding only. */
        difference: number;
        /** |Σ without ÷k| / |one batch|: k. */
        ratio: number;
      };
}

/** Everything lab 3 shows after `seen` examples. */
export function lab3Frame(
  s: BatchesSettings,
  run: BatchesRun,
  split: (update: number) => Accumulation | { problem: string },
  seenWanted: number,
  width: number,
  xAxis: XAxis,
): Lab3Frame {
  const last = Math.max(...run.runs.map((r) => r.seen[r.seen.length - 1]!));
  const seen = Math.max(0, Math.min(Math.round(seenWanted), last));
  const rows = run.runs.map((r): Lab3Row => {
    const i = indexAt(r, seen);
    return {
      label: r.label,
      batchSize: r.batchSize,
      updatesPerEpoch: Math.ceil(run.n / r.batchSize),
      updates: i,
      seen: r.seen[i]!,
      loss: r.loss[i]!,
      w: r.w[i]!,
      b: r.b[i]!,
      diverged: r.diverged !== null && i >= r.diverged,
    };
  });
  const mini = run.runs[1]!;
  const a = split(Math.min(rows[1]!.updates, mini.w.length - 2));
  const norm = (g: readonly number[]) => Math.hypot(g[0]!, g[1]!);
  const accumulation =
    "problem" in a
      ? a
      : {
          svg: accumulationView(s, a, mini.batchSize, width),
          update: a.update,
          k: a.sums.length - 1,
          microSize: a.microSize,
          batchSize: a.microSize * (a.sums.length - 1),
          difference: Math.max(...a.accumulated.map((v, d) => Math.abs(v - a.big[d]!))),
          ratio: norm(a.summed) / norm(a.big),
        };
  return {
    ...batchesViews(s, run, seen, width, xAxisOf(xAxis)),
    last,
    seen,
    n: run.n,
    rows,
    best: run.best,
    accumulation,
  };
}

/** A URL's x-axis name, or examples seen. */
export const xAxisOf = (x: string): XAxis =>
  x === "epochs" || x === "updates" || x === "examples" ? x : "examples";
