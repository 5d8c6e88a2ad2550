// The playground's worker: every run, every training step and every picture is computed here, so
// the page never blocks. The page calls these methods through comlink.
import { expose } from "comlink";
import type { MinimizeResult, OptimizerName, RaceRun, TrajectoryPoint } from "../../src/index.js";
import { run1d, view1d, type Descent1dSettings } from "./engine/descent1d.js";
import {
  narrationArrows,
  run2d,
  surfaceGrid,
  view2d,
  type Descent2dSettings,
} from "./engine/descent2d.js";
import { narrate, type SubStep } from "./engine/narrate.js";
import { backwardStep, buildBackprop, type BackpropSettings } from "./engine/backprop.js";
import { computationGraph } from "../../src/viz/graph.js";
import { makeData, NetworkRun, type NetworkSettings } from "./engine/network.js";
import { networkViews, type NetworkViews } from "./engine/network-view.js";
import type { ExpressionProblem } from "./engine/objective.js";
import {
  accumulation,
  runBatches,
  type BatchesRun,
  type BatchesSettings,
} from "./engine/batches.js";
import { lab6Api } from "./engine/mnist-session.js";
import { lab3Frame, type Lab3Frame, type XAxis } from "./engine/batches-view.js";

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

let network: { key: string; run: NetworkRun } | null = null;

/** The run for these settings at `step` or as near as `budgetMs` of training gets. */
function networkAt(s: NetworkSettings, step: number, budgetMs: number): NetworkRun {
  const key = JSON.stringify(s);
  if (!network || network.key !== key || network.run.step > step)
    network = { key, run: new NetworkRun(s) };
  const { run } = network;
  const start = performance.now();
  while (run.step < step && performance.now() - start < budgetMs) run.advance();
  return run;
}

export interface Lab4Frame extends NetworkViews {
  step: number;
  epoch: number;
  stepsPerEpoch: number;
  trainLoss: number;
  testLoss: number;
  nTrain: number;
  nTest: number;
}

const batches = new Memo((s: BatchesSettings) => runBatches(s));

const backprops = new Memo((s: BackpropSettings) => buildBackprop(s));

export type Lab5Frame =
  | { problem: ExpressionProblem }
  | {
      graph: string;
      text: string;
      step: number;
      last: number;
      multiplications: number;
      reverseMode: number;
      perPath: number;
      paths: number;
      value: number;
    };

const api = {
  ...lab6Api,
  /** The three batch runs after `seen` examples, and the mini-batch update there split in k. */
  lab3(s: BatchesSettings, seen: number, width: number, xAxis: XAxis): Lab3Frame {
    const run = batches.get(s);
    return lab3Frame(s, run, (u) => accumulation(s, run, u), seen, width, xAxis);
  },
  lab3Json(s: BatchesSettings): BatchesRun {
    return batches.get(s);
  },

  lab5(s: BackpropSettings, step: number, width: number): Lab5Frame {
    const run = backprops.get(s);
    if ("problem" in run) return run;
    const last = run.graph.nodes.length;
    const k = Math.max(0, Math.min(step, last));
    const words = backwardStep(run, k);
    const graph = computationGraph(run.graph, {
      backwardStep: k,
      width: Math.max(280, width),
      fit: "width",
      minScale: 0.6,
      idPrefix: "lab5-graph",
      title: "Computation graph: value and gradient at each node",
    });
    return {
      graph,
      text: words.text,
      step: k,
      last,
      multiplications: words.multiplications,
      value: run.value,
      ...run.work,
    };
  },
  lab5Json(s: BackpropSettings) {
    return backprops.get(s);
  },

  /** Trains up to `step` (or for `budgetMs`), then draws. */
  lab4(s: NetworkSettings, step: number, width: number, budgetMs = 60): Lab4Frame {
    const run = networkAt(s, step, budgetMs);
    return {
      ...networkViews(run, width),
      step: run.step,
      epoch: run.step / run.stepsPerEpoch,
      stepsPerEpoch: run.stepsPerEpoch,
      trainLoss: run.lossOf("train"),
      testLoss: run.lossOf("test"),
      nTrain: run.train.labels.length,
      nTest: run.test.labels.length,
    };
  },
  /** The point nearest (x, y): one the user added, or a generated one (its index before removal). */
  lab4Nearest(
    s: NetworkSettings,
    x: number,
    y: number,
  ): { added: number } | { generated: number } | null {
    const added = s.added.split(";").filter((t) => t.trim() !== "");
    const made = makeData({ ...s, removed: "", added: "", trainShare: 0.5 });
    let best: { added: number } | { generated: number } | null = null;
    let bestD = Infinity;
    added.forEach((t, i) => {
      const [px, py] = t.split(",").map(Number);
      const d = Math.hypot(px! - x, py! - y);
      if (d < bestD) [best, bestD] = [{ added: i }, d];
    });
    const removed = new Set(
      s.removed
        .split(",")
        .filter((t) => t !== "")
        .map(Number),
    );
    const all = [...made.train.points, ...made.test.points];
    for (let i = 0; i < all.length / 2; i++) {
      if (removed.has(i)) continue;
      const d = Math.hypot(all[2 * i]! - x, all[2 * i + 1]! - y);
      if (d < bestD) [best, bestD] = [{ generated: i }, d];
    }
    return best;
  },
  lab4Json(s: NetworkSettings, step: number) {
    const run = networkAt(s, step, Infinity);
    return {
      settings: s,
      step: run.step,
      stepsPerEpoch: run.stepsPerEpoch,
      history: { trainLoss: run.trainLoss, testLoss: run.testLoss },
      loss: { train: run.lossOf("train"), test: run.lossOf("test") },
      weights: run.layers.map((l) => ({
        weight: Array.from(l.weight.toTypedArray()),
        bias: Array.from(l.bias?.toTypedArray() ?? []),
      })),
    };
  },

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
    if (chosen) {
      const t = chosen.result.trajectory;
      const k = Math.min(at, t.length - 1);
      const lr = t[k]?.lr ?? s.lr;
      narration = narrate(
        { optimizer: chosen.label as OptimizerName, lr, momentum: s.momentum },
        t,
        k,
      );
    }
    const arrows = narrationArrows(narration, Math.min(sub, narration.length - 1));
    return { last, racers, narration, ...view2d(s, runs, at, width, arrows) };
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
