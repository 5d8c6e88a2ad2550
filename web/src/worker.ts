// The playground's worker: every run, every training step and every picture is computed here, so
// the page never blocks. The page calls these methods through comlink.
import { expose } from "comlink";
import type { MinimizeResult, TrajectoryPoint } from "../../src/index.js";
import { run1d, view1d, type Descent1dSettings } from "./engine/descent1d.js";
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
  lab1Json(settings: Descent1dSettings): MinimizeResult | { problem: ExpressionProblem } {
    return runs1d.get(settings);
  },
};

export type WorkerApi = typeof api;
expose(api);
