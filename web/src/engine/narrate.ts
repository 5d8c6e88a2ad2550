// The narrated step: one optimizer's update at step k split into its sub-steps, each a sentence
// with the numbers, replayed from the gradients the run recorded (torch's update rules).
import type { OptimizerName, TrajectoryPoint } from "../../../src/index.js";
import { formatNumber } from "../../../src/viz/svg.js";

export interface SubStep {
  /** What the picture shows at this sub-step. */
  show: "gradient" | "velocity" | "moments" | "step";
  text: string;
}

const n = (v: number): string => formatNumber(v, 4);
const v2 = (a: readonly number[]): string => `(${a.map(n).join(", ")})`;
const map = (a: readonly number[], f: (x: number, i: number) => number): number[] => a.map(f);

export interface NarrationSettings {
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
}

/**
 * The sub-steps of the update from point k. Optimizer state is rebuilt by replaying the recorded
 * gradients 0…k with the update rule, and the last sentence compares the replayed step with the
 * one the library took.
 */
export function narrate(
  s: NarrationSettings,
  points: readonly TrajectoryPoint[],
  k: number,
): SubStep[] {
  const p = points[k];
  if (!p) return [];
  const g = p.grad;
  const lr = s.lr;
  const out: SubStep[] = [
    {
      show: "gradient",
      text: `At step ${k} the point is ${v2(p.x)} and f = ${n(p.value)}. The gradient there is ∇f = ${v2(g)}, ‖∇f‖ = ${n(p.gradNorm)}: downhill is −∇f.`,
    },
  ];
  let delta: number[];
  const grads = points.slice(0, k + 1).map((q) => q.grad);
  switch (s.optimizer) {
    case "gd":
    case "sgd":
      delta = map(g, (x) => -lr * x);
      break;
    case "momentum":
    case "nesterov": {
      const beta = s.momentum;
      let b: number[] = grads[0]!.slice();
      for (let t = 1; t < k; t++) b = map(b, (x, i) => beta * x + grads[t]![i]!);
      const before = k === 0 ? null : b;
      const now = before === null ? g.slice() : map(before, (x, i) => beta * x + g[i]!);
      out.push({
        show: "velocity",
        text:
          before === null
            ? `The velocity starts as the gradient itself: b = ∇f = ${v2(now)}.`
            : `The velocity decays, β·b = ${n(beta)} × ${v2(before)} = ${v2(map(before, (x) => beta * x))}, and adds the gradient: b = ${v2(now)}.`,
      });
      const dir = s.optimizer === "nesterov" ? map(g, (x, i) => x + beta * now[i]!) : now;
      if (s.optimizer === "nesterov")
        out.push({
          show: "velocity",
          text: `Nesterov looks ahead: it steps along ∇f + β·b = ${v2(dir)}.`,
        });
      delta = map(dir, (x) => -lr * x);
      break;
    }
    case "adam":
    case "adamw": {
      const [b1, b2, eps] = [0.9, 0.999, 1e-8];
      let m = g.map(() => 0);
      let v = g.map(() => 0);
      for (let t = 0; t <= k; t++) {
        m = map(m, (x, i) => b1 * x + (1 - b1) * grads[t]![i]!);
        v = map(v, (x, i) => b2 * x + (1 - b2) * grads[t]![i]! ** 2);
      }
      const t = k + 1;
      const mHat = map(m, (x) => x / (1 - b1 ** t));
      const vHat = map(v, (x) => x / (1 - b2 ** t));
      out.push({
        show: "moments",
        text: `First moment (a running mean of gradients): m = 0.9·m + 0.1·∇f = ${v2(m)}.`,
      });
      out.push({
        show: "moments",
        text: `Second moment (a running mean of squared gradients): v = 0.999·v + 0.001·∇f² = ${v2(v)}.`,
      });
      out.push({
        show: "moments",
        text: `Bias correction at t = ${t}: m̂ = m / (1 − 0.9^${t}) = ${v2(mHat)}, v̂ = v / (1 − 0.999^${t}) = ${v2(vHat)}. Early on m and v start at 0 and would be too small without it.`,
      });
      delta = map(mHat, (x, i) => (-lr * x) / (Math.sqrt(vHat[i]!) + eps));
      if (s.optimizer === "adamw")
        out.push({
          show: "moments",
          text: `AdamW also shrinks x by η·0.01 (decoupled weight decay) before the step.`,
        });
      break;
    }
    case "rmsprop": {
      let v = g.map(() => 0);
      for (let t = 0; t <= k; t++) v = map(v, (x, i) => 0.99 * x + 0.01 * grads[t]![i]! ** 2);
      out.push({
        show: "moments",
        text: `The running mean of squared gradients: v = 0.99·v + 0.01·∇f² = ${v2(v)}; each coordinate is divided by √v.`,
      });
      delta = map(g, (x, i) => (-lr * x) / (Math.sqrt(v[i]!) + 1e-8));
      break;
    }
    case "adagrad": {
      let sum = g.map(() => 0);
      for (let t = 0; t <= k; t++) sum = map(sum, (x, i) => x + grads[t]![i]! ** 2);
      out.push({
        show: "moments",
        text: `The sum of all squared gradients so far: G = ${v2(sum)}; each coordinate's step shrinks as √G grows.`,
      });
      delta = map(g, (x, i) => (-lr * x) / (Math.sqrt(sum[i]!) + 1e-10));
      break;
    }
    default:
      return s.optimizer satisfies never;
  }
  const taken = p.update;
  const agrees = taken
    ? taken.every((d, i) => Math.abs(d - delta[i]!) <= 1e-9 * (1 + Math.abs(d)))
    : false;
  out.push({
    show: "step",
    text: taken
      ? `The step: Δ = ${v2(delta)} with η = ${n(lr)}, so x moves to ${v2(map(p.x, (x, i) => x + taken[i]!))}. ${agrees ? "This is the update the library took." : `The library took Δ = ${v2(taken)} (noise or weight decay added).`}`
      : `No step: the run stopped here.`,
  });
  return out;
}
