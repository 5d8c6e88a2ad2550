// The narrated step: one optimizer's update at step k split into its sub-steps, each a sentence
// with the numbers and the arrows it draws, replayed from the gradients the run recorded (torch's
// update rules).
import type { OptimizerName, TrajectoryPoint } from "../../../src/index.js";
import { formatNumber } from "../../../src/viz/svg.js";

/** A displacement drawn on the contours: from `from` to `to`, at true length. */
export interface NarratedArrow {
  /** What it is: "gradient", "decayed", "gradient-term", "look-ahead", "first-moment", "raw", "adaptive", "decay", "step". */
  part: string;
  from: number[];
  to: number[];
}

export interface SubStep {
  /** What the picture shows at this sub-step. */
  show: "gradient" | "velocity" | "moments" | "step";
  text: string;
  /** The arrows this sub-step adds to the picture; their lengths are the sentence's numbers. */
  arrows: NarratedArrow[];
}

const n = (v: number): string => formatNumber(v, 4);
const v2 = (a: readonly number[]): string => `(${a.map(n).join(", ")})`;
const map = (a: readonly number[], f: (x: number, i: number) => number): number[] => a.map(f);
const add = (a: readonly number[], b: readonly number[]): number[] => map(a, (x, i) => x + b[i]!);

export interface NarrationSettings {
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
}

/** What one optimizer's rule adds between the gradient and the step, and the step it gives. */
interface Middle {
  subs: SubStep[];
  delta: number[];
}

/** The state every rule's replay reads: the point, its gradient, the gradients 0…k, η. */
interface Replay {
  x: number[];
  g: number[];
  grads: number[][];
  k: number;
  lr: number;
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
  const r: Replay = {
    x: p.x.slice(),
    g: p.grad.slice(),
    grads: points.slice(0, k + 1).map((q) => q.grad),
    k,
    lr: s.lr,
  };
  const raw = map(r.g, (x) => -r.lr * x);
  const first: SubStep = {
    show: "gradient",
    text: `At step ${k} the point is ${v2(p.x)} and f = ${n(p.value)}. The gradient there is ∇f = ${v2(r.g)}, ‖∇f‖ = ${n(p.gradNorm)}: downhill is −∇f, drawn as −η·∇f = ${v2(raw)}.`,
    arrows: [{ part: "gradient", from: r.x, to: add(r.x, raw) }],
  };
  const middle = rule(s, r);
  return [first, ...middle.subs, lastStep(r, p, middle.delta)];
}

function rule(s: NarrationSettings, r: Replay): Middle {
  switch (s.optimizer) {
    case "gd":
    case "sgd":
      return { subs: [], delta: map(r.g, (x) => -r.lr * x) };
    case "momentum":
    case "nesterov":
      return momentum(r, s.momentum, s.optimizer === "nesterov");
    case "adam":
    case "adamw":
      return adam(r, s.optimizer === "adamw");
    case "rmsprop": {
      let v = r.g.map(() => 0);
      for (const g of r.grads) v = map(v, (x, i) => 0.99 * x + 0.01 * g[i]! ** 2);
      const delta = map(r.g, (x, i) => (-r.lr * x) / (Math.sqrt(v[i]!) + 1e-8));
      return adaptive(
        r,
        delta,
        `The running mean of squared gradients: v = 0.99·v + 0.01·∇f² = ${v2(v)}; each coordinate is divided by √v, so the step is −η·∇f/(√v + ε) = ${v2(delta)}`,
      );
    }
    case "adagrad": {
      let sum = r.g.map(() => 0);
      for (const g of r.grads) sum = map(sum, (x, i) => x + g[i]! ** 2);
      const delta = map(r.g, (x, i) => (-r.lr * x) / (Math.sqrt(sum[i]!) + 1e-10));
      return adaptive(
        r,
        delta,
        `The sum of all squared gradients so far: G = ${v2(sum)}; each coordinate's step shrinks as √G grows: −η·∇f/(√G + ε) = ${v2(delta)}`,
      );
    }
    default:
      return s.optimizer satisfies never;
  }
}

/** The moments' sub-step of RMSprop and Adagrad: the adapted step against plain descent's. */
function adaptive(r: Replay, delta: number[], words: string): Middle {
  return { subs: [moments(r, delta, words)], delta };
}

/** A "moments" sub-step that draws the adapted step `delta` beside the raw −η·∇f. */
function moments(r: Replay, delta: number[], words: string): SubStep {
  const raw = map(r.g, (x) => -r.lr * x);
  return {
    show: "moments",
    text: `${words}, against plain descent's −η·∇f = ${v2(raw)}.`,
    arrows: [
      { part: "raw", from: r.x, to: add(r.x, raw) },
      { part: "adaptive", from: r.x, to: add(r.x, delta) },
    ],
  };
}

/** torch's SGD momentum (dampening 0): b = β·b + ∇f, step along b (or ∇f + β·b, Nesterov). */
function momentum(r: Replay, beta: number, nesterov: boolean): Middle {
  const { g, grads, k, lr, x } = r;
  let b: number[] = grads[0]!.slice();
  for (let t = 1; t < k; t++) b = map(b, (v, i) => beta * v + grads[t]![i]!);
  const before = k === 0 ? null : b;
  const now = before === null ? g.slice() : map(before, (v, i) => beta * v + g[i]!);
  const decayed = before === null ? x.map(() => 0) : map(before, (v) => -lr * beta * v);
  const tip = add(x, decayed);
  const subs: SubStep[] = [
    {
      show: "velocity",
      text:
        before === null
          ? `The velocity starts as the gradient itself: b = ∇f = ${v2(now)}, drawn as −η·b = ${v2(map(now, (v) => -lr * v))}.`
          : `The velocity decays, β·b = ${n(beta)} × ${v2(before)} = ${v2(map(before, (v) => beta * v))}, and adds the gradient: b = ${v2(now)}. Drawn head to tail: −η·β·b = ${v2(decayed)}, then −η·∇f = ${v2(map(g, (v) => -lr * v))}, ending at −η·b = ${v2(map(now, (v) => -lr * v))}.`,
      arrows: [
        ...(before === null ? [] : [{ part: "decayed", from: x, to: tip }]),
        {
          part: "gradient-term",
          from: tip,
          to: add(
            x,
            map(now, (v) => -lr * v),
          ),
        },
      ],
    },
  ];
  if (!nesterov) return { subs, delta: map(now, (v) => -lr * v) };
  const dir = map(g, (v, i) => v + beta * now[i]!);
  const delta = map(dir, (v) => -lr * v);
  const afterGradient = add(
    x,
    map(g, (v) => -lr * v),
  );
  subs.push({
    show: "velocity",
    text: `Nesterov looks ahead: it steps along ∇f + β·b = ${v2(dir)}, drawn as −η·∇f then −η·β·b = ${v2(map(now, (v) => -lr * beta * v))}, ending at ${v2(delta)}.`,
    arrows: [{ part: "look-ahead", from: afterGradient, to: add(x, delta) }],
  });
  return { subs, delta };
}

/** torch's Adam: the two moment estimates, their bias correction, then the step. */
function adam(r: Replay, decoupled: boolean): Middle {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const { g, grads, lr, x } = r;
  let m = g.map(() => 0);
  let v = g.map(() => 0);
  for (const q of grads) {
    m = map(m, (a, i) => b1 * a + (1 - b1) * q[i]!);
    v = map(v, (a, i) => b2 * a + (1 - b2) * q[i]! ** 2);
  }
  const t = r.k + 1;
  const mHat = map(m, (a) => a / (1 - b1 ** t));
  const vHat = map(v, (a) => a / (1 - b2 ** t));
  const delta = map(mHat, (a, i) => (-lr * a) / (Math.sqrt(vHat[i]!) + eps));
  const ofM = map(m, (a) => -lr * a);
  const subs: SubStep[] = [
    {
      show: "moments",
      text: `First moment (a running mean of gradients): m = 0.9·m + 0.1·∇f = ${v2(m)}, drawn as −η·m = ${v2(ofM)}.`,
      arrows: [{ part: "first-moment", from: x, to: add(x, ofM) }],
    },
    {
      show: "moments",
      text: `Second moment (a running mean of squared gradients): v = 0.999·v + 0.001·∇f² = ${v2(v)}.`,
      arrows: [],
    },
    moments(
      r,
      delta,
      `Bias correction at t = ${t}: m̂ = m / (1 − 0.9^${t}) = ${v2(mHat)}, v̂ = v / (1 − 0.999^${t}) = ${v2(vHat)}. Early on m and v start at 0 and would be too small without it. The step is −η·m̂/(√v̂ + ε) = ${v2(delta)}`,
    ),
  ];
  if (decoupled) {
    const decay = map(x, (a) => -lr * 0.01 * a);
    subs.push({
      show: "moments",
      text: `AdamW also shrinks x by η·0.01 (decoupled weight decay) before the step: −η·0.01·x = ${v2(decay)}.`,
      arrows: [{ part: "decay", from: x, to: add(x, decay) }],
    });
  }
  return { subs, delta };
}

/** The step the library took, beside the replayed one. */
function lastStep(r: Replay, p: TrajectoryPoint, delta: number[]): SubStep {
  const taken = p.update;
  if (!taken) return { show: "step", text: `No step: the run stopped here.`, arrows: [] };
  const agrees = taken.every((d, i) => Math.abs(d - delta[i]!) <= 1e-9 * (1 + Math.abs(d)));
  const next = add(r.x, taken);
  return {
    show: "step",
    text: `The step: Δ = ${v2(delta)} with η = ${n(r.lr)}, so x moves to ${v2(next)}. ${agrees ? "This is the update the library took." : `The library took Δ = ${v2(taken)} (noise or weight decay added).`}`,
    arrows: [{ part: "step", from: r.x, to: next }],
  };
}
