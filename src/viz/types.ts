/**
 * Plain-data inputs shared by the views. A minimize() TrajectoryPoint is a PathPoint, a gallery
 * KnownMinimum is a MinimumMark, so results and gallery entries can be passed as they are.
 */
import type { MinimizeResult } from "../minimize/minimize.js";
import type { ThemeOverrides } from "./theme.js";

/** Options every view takes. */
export interface ViewOptions {
  /** Width in px (default 600). */
  width?: number;
  /** Height in px (each view has its own default). */
  height?: number;
  /** Shown at the top and used as the SVG <title>. */
  title?: string;
  /** Replaces the generated <desc> (the generated one states what is drawn, with key numbers). */
  desc?: string;
  /** Colours, fonts and margins (see Theme). */
  theme?: ThemeOverrides;
  /**
   * Ids of the SVG's <title> and <desc> become `${idPrefix}-title` and `${idPrefix}-desc`.
   * Default: the view's class and a hash of the picture (descent-line-chart-title-k2x9q1), so
   * different pictures inlined into one page never share an id.
   */
  idPrefix?: string;
}

/** One point of a path: a minimize() TrajectoryPoint fits. */
export interface PathPoint {
  /** Where the path is: [x] on a curve, [x, y] on a contour plot. */
  x: readonly number[];
  /** f there (drawn on 1-D plots; computed from f when absent). */
  value?: number;
  /** The iteration number, for labels and descriptions. */
  iteration?: number;
  /** ∇f there; drawn as a −gradient arrow when the view shows arrows. */
  grad?: readonly number[];
  /** The optimizer's velocity (momentum buffer or Adam's first moment); drawn as −velocity. */
  velocity?: readonly number[];
  /** The step taken from here, x(next) − x; drawn as an arrow when the view shows arrows. */
  update?: readonly number[];
  /** The learning rate of the step taken from here (splits a momentum step into its parts). */
  lr?: number;
}

/** One optimisation run to draw. */
export interface TrajectoryRun {
  /** The path, in order (a minimize() trajectory as it is). */
  points: readonly PathPoint[];
  /** Legend label (default "run 1", "run 2", …). */
  label?: string;
  /** Line colour (default: the theme's palette in order). */
  colour?: string;
  /** Why it stopped, e.g. "converged at iteration 37"; shown in the legend and the desc. */
  note?: string;
}

/** A known minimum: a gallery KnownMinimum fits. */
export interface MinimumMark {
  /** Where it is: [x] or [x, y]. */
  point: readonly number[];
  /** f there (shown in the label and the description). */
  value?: number;
  /** Global minima are drawn filled, local ones hollow. */
  global?: boolean;
  /** Text beside the star (default: none). */
  label?: string;
}

/** An interval [lo, hi] of one axis. */
export type Range = readonly [number, number];

/** Turns a minimize() result into a run with a note saying why it stopped. */
export function runFromResult(result: MinimizeResult, label?: string): TrajectoryRun {
  const last = result.trajectory.length - 1;
  const reasons: Record<MinimizeResult["reason"], string> = {
    "gradient-tolerance": `converged at iteration ${result.iterations} (‖∇f‖ below tolerance)`,
    "value-tolerance": `converged at iteration ${result.iterations} (|Δf| below tolerance)`,
    "step-tolerance": `stopped at iteration ${result.iterations} (step below tolerance)`,
    "max-iterations": `hit max iterations (${result.iterations})`,
    "time-budget": `ran out of time at iteration ${result.iterations}`,
    diverged: `diverged at iteration ${result.iterations}`,
  };
  return {
    points: result.trajectory,
    label: label ?? result.optimizer,
    note: last >= 0 ? reasons[result.reason] : undefined,
  };
}

/** The legend label of a run: its label (or "run i"), with its note. */
export function runLabel(run: TrajectoryRun, i: number): string {
  const base = run.label ?? `run ${i + 1}`;
  return run.note ? `${base}: ${run.note}` : base;
}
