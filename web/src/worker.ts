// The playground's worker: every run, every training step and every picture is computed here, so
// the page never blocks. The page calls these methods through comlink.
import { expose } from "comlink";
import type { MinimizeResult, OptimizerName, RaceRun, TrajectoryPoint } from "../../src/index.js";
import { run1d, view1d, type Descent1dSettings } from "./engine/descent1d.js";
import { run2d, surfaceGrid, view2d, type Descent2dSettings } from "./engine/descent2d.js";
import { narrate, type SubStep } from "./engine/narrate.js";
import type { ExpressionProblem } from "./engine/objective.js";

/** One remembered run per lab: pictures of other steps reuse it. */
class Memo<S, R> {
  private key = "";
  private value: R | null = null;
  constructor(private readonly compute: (settings: S) => R) {}
  get(settings: S): R {
    const key = JSON.stringify(settings);
    if (this.value === null || key !== this.key) {
      this.value = this.compute(settings);
      this.key = key;
    }
    return this.value;
  }
}

export interface RunFrame {
  /** Index of the last point (the run has last + 1 points, steps 0…last). */
  last: number;
  reason: MinimizeResult["reason"];
  converged: boolean;
  /** The points from `from` to the shown step, for the step log. */
  points: TrajectoryPoint[];
  from: number;
}

export type Lab1Frame =
  { problem: ExpressionProblem } | (RunFrame & { plot: string; chart: string });

const runs1d = new Memo((s: Descent1dSettings) => run1d(s));
const runs2d = new Memo((s: Descent2dSettings) => run2d(s));

export interface RacerFrame {
  label: string;
  last: number;
  reason: MinimizeResult["reason"];
  point: TrajectoryPoint;
}

export type Lab2Frame =
  | { problem: ExpressionProblem }
  | { last: number; racers: RacerFrame[]; contour: string; chart: string; narration: SubStep[] };

function frame(result: MinimizeResult, step: number, logRows: number): RunFrame {
  const last = result.trajectory.length - 1;
  const at = Math.max(0, Math.min(step, last));
  const from = Math.max(0, at - logRows + 1);
  return {
    last,
    reason: result.reason,
    converged: result.converged,
    points: result.trajectory.slice(from, at + 1),
    from,
  };
}

const api = {
  lab1(settings: Descent1dSettings, step: number, width: number, logRows = 60): Lab1Frame {
    const result = runs1d.get(settings);
    if ("problem" in result) return { problem: result.problem };
    const f = frame(result, step, logRows);
    return { ...f, ...view1d(settings, result, f.from + f.points.length - 1, width) };
  },
  lab2(
    s: Descent2dSettings,
    step: number,
    width: number,
    narrated: string,
    sub: number,
  ): Lab2Frame {
    const runs = runs2d.get(s);
    if ("problem" in runs) return { problem: runs.problem };
    const last = Math.max(0, ...runs.map((r) => r.result.trajectory.length - 1));
    const at = Math.max(0, Math.min(step, last));
    const racers = runs.map((r) => {
      const t = r.result.trajectory;
      return {
        label: r.label,
        last: t.length - 1,
        reason: r.result.reason,
        point: t[Math.min(at, t.length - 1)]!,
      };
    });
    const chosen = runs.find((r) => r.label === narrated);
    let narration: SubStep[] = [];
    let extra: { points: { x: number[] }[]; label: string }[] = [];
    if (chosen) {
      const t = chosen.result.trajectory;
      const k = Math.min(at, t.length - 1);
      const lr = t[k]?.lr ?? s.lr;
      narration = narrate(
        { optimizer: chosen.label as OptimizerName, lr, momentum: s.momentum },
        t,
        k,
      );
      const shown = narration[Math.min(sub, narration.length - 1)];
      if (shown?.show === "step" && t[k + 1])
        extra = [
          {
            points: [{ x: t[k]!.x }, { x: t[k + 1]!.x }],
            label: `${narrated}: the step from ${k} to ${k + 1}`,
          },
        ];
    }
    return { last, racers, narration, ...view2d(s, runs, at, width, extra) };
  },
  lab2Json(s: Descent2dSettings): RaceRun[] | { problem: ExpressionProblem } {
    return runs2d.get(s);
  },
  lab2Surface(s: Descent2dSettings, n: number): { z: number[]; window: number[][] } {
    return surfaceGrid(s, n);
  },
  lab1Json(settings: Descent1dSettings): MinimizeResult | { problem: ExpressionProblem } {
    return runs1d.get(settings);
  },
};

export type WorkerApi = typeof api;
expose(api);
