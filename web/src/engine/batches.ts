// Lab 3's engine (no DOM): a line w·x + b fitted to noisy points with the library's DataLoader and
// SGD, once per batch size (full, mini-batch, 1), so the three paths share one loss surface; and
// one mini-batch update split into k accumulated micro-batches.
import { data, Generator, mseLoss, nn, noGrad, optim, type Tensor } from "../../../src/index.js";

export interface BatchesSettings {
  /** Number of points of y = 2x + 1 + noise·ε. */
  n: number;
  noise: number;
  /** Draws the points and every epoch's order. */
  seed: number;
  /** The start (w, b) of every run. */
  w0: number;
  b0: number;
  lr: number;
  /** SGD's momentum β (0 = plain SGD). */
  momentum: number;
  epochs: number;
  /** The mini-batch run's batch size. */
  batch: number;
  /** Micro-batches per accumulated update. */
  k: number;
}

export interface BatchRun {
  label: string;
  batchSize: number;
  /** (w, b) before training and after each update. */
  w: number[];
  b: number[];
  /** Examples seen at each point: 0, then after each update. */
  seen: number[];
  /** The full-data MSE at each point. */
  loss: number[];
  /** Why the run ended early (the loss left the float range), or null. */
  diverged: number | null;
}

export interface BatchesRun {
  n: number;
  /** The least-squares line and its MSE: the bottom of the surface. */
  best: { w: number; b: number; loss: number };
  runs: BatchRun[];
}

/** The settings as the worker uses them: counts rounded and kept where training stays quick. */
export function clampSettings(s: BatchesSettings): BatchesSettings {
  const int = (v: number, lo: number, hi: number) =>
    Math.max(lo, Math.min(hi, Math.round(Number.isFinite(v) ? v : lo)));
  const n = int(s.n, 4, 512);
  return {
    ...s,
    n,
    seed: int(s.seed, 0, 2 ** 31 - 1),
    epochs: int(s.epochs, 1, 50),
    batch: int(s.batch, 1, n),
    k: int(s.k, 1, 64),
  };
}

interface Points {
  x: Tensor;
  y: Tensor;
  xs: number[];
  ys: number[];
}

/** The points as float64 tensors [n, 1] (drawn as float32 by data.linearRegression) and as numbers. */
export function points(s: BatchesSettings): Points {
  const made = data.linearRegression(s.n, { seed: s.seed, noise: s.noise });
  const [x, y] = [made.x.double(), made.y.double()];
  return { x, y, xs: x.flatten().tolist() as number[], ys: y.flatten().tolist() as number[] };
}

/** The full-data MSE of the line w·x + b, in plain JS (the contours and the curves). */
export function mseOf(xs: readonly number[], ys: readonly number[]) {
  return (w: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = w * xs[i]! + b - ys[i]!;
      sum += r * r;
    }
    return sum / xs.length;
  };
}

function leastSquares(xs: readonly number[], ys: readonly number[]): { w: number; b: number } {
  let [sx, sy, sxx, sxy] = [0, 0, 0, 0];
  xs.forEach((x, i) => {
    [sx, sy, sxx, sxy] = [sx + x, sy + ys[i]!, sxx + x * x, sxy + x * ys[i]!];
  });
  const n = xs.length;
  const w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { w, b: (sy - w * sx) / n };
}

/** The line as a float64 nn.Linear at (w, b); its own generator leaves the global one alone. */
function line(w: number, b: number): nn.Linear {
  const model = new nn.Linear(1, 1, { dtype: "float64", generator: new Generator(0) });
  noGrad(() => {
    model.weight.fill_(w);
    model.bias!.fill_(b);
  });
  return model;
}

const loaderOf = (x: Tensor, y: Tensor, batchSize: number, seed: number) =>
  new data.DataLoader(new data.TensorDataset(x, y), { batchSize, shuffle: true, seed });

/** One run: `epochs` passes of the shuffled DataLoader, one SGD step per batch. */
function train(s: BatchesSettings, { x, y, xs, ys }: Points, batchSize: number, label: string) {
  const model = line(s.w0, s.b0);
  const sgd = new optim.SGD(model.parameters(), { lr: s.lr, momentum: s.momentum });
  const loader = loaderOf(x, y, batchSize, s.seed);
  const mse = mseOf(xs, ys);
  const run: BatchRun = {
    label,
    batchSize,
    w: [s.w0],
    b: [s.b0],
    seen: [0],
    loss: [mse(s.w0, s.b0)],
    diverged: null,
  };
  for (let epoch = 0; epoch < s.epochs && run.diverged === null; epoch++) {
    for (const [xb, yb] of loader) {
      sgd.zeroGrad();
      mseLoss(model.forward(xb), yb).backward();
      sgd.step();
      const [w, b] = [model.weight.item(), model.bias!.item()];
      const loss = mse(w, b);
      run.w.push(w);
      run.b.push(b);
      run.seen.push(run.seen[run.seen.length - 1]! + xb.shape[0]!);
      run.loss.push(loss);
      if (!Number.isFinite(loss) || loss > 1e12) {
        run.diverged = run.w.length - 1;
        break;
      }
    }
  }
  return run;
}

/** The three runs of the lab on the settings' points, exactly as a Node script would train them. */
export function runBatches(settings: BatchesSettings): BatchesRun {
  const s = clampSettings(settings);
  const pts = points(s);
  const best = leastSquares(pts.xs, pts.ys);
  const runs = [
    train(s, pts, s.n, `full batch (${s.n})`),
    train(s, pts, s.batch, `mini-batch ${s.batch}`),
    train(s, pts, 1, "SGD (batch 1)"),
  ];
  return { n: s.n, best: { ...best, loss: mseOf(pts.xs, pts.ys)(best.w, best.b) }, runs };
}

export interface Accumulation {
  /** Which update of the mini-batch run is split (0-based), from where. */
  update: number;
  at: [number, number];
  microSize: number;
  /** .grad after 0, 1, …, k micro-batches (each backward of loss/k adds one micro-gradient). */
  sums: [number, number][];
  /** .grad after accumulateGradients (the sum of the parts). */
  accumulated: [number, number];
  /** ∇ of the whole batch's MSE. */
  big: [number, number];
  /** The k micro-batch gradients summed without ÷k. */
  summed: [number, number];
}

/**
 * Update `update` of the mini-batch run taken again from its start point: its batch (the same
 * DataLoader order) as one batch, as k micro-batches accumulated with accumulateGradients, and as
 * k micro-batch gradients summed without dividing. A stated problem when k does not divide it.
 */
export function accumulation(
  settings: BatchesSettings,
  run: BatchesRun,
  update: number,
): Accumulation | { problem: string } {
  const s = clampSettings(settings);
  const mini = run.runs[1]!;
  const u = Math.max(0, Math.min(update, mini.w.length - 2));
  if (mini.w.length < 2) return { problem: "The mini-batch run made no update." };
  const { x, y } = points(s);
  const loader = loaderOf(x, y, s.batch, s.seed);
  let indices: Int32Array | null = null;
  for (let epoch = 0, seen = 0; indices === null && epoch < s.epochs; epoch++) {
    for (const idx of loader.batchIndices()) if (seen++ === u) indices = idx.slice();
  }
  if (indices === null) return { problem: `The mini-batch run has no update ${u + 1}.` };
  const size = indices.length;
  if (size % s.k !== 0)
    return {
      problem: `Update ${u + 1} uses a batch of ${size}, which ${s.k} micro-batches cannot split evenly; pick k dividing ${size} (or a batch size that divides ${s.n}).`,
    };
  const m = size / s.k;
  const at: [number, number] = [mini.w[u]!, mini.b[u]!];
  const grad = (model: nn.Linear): [number, number] => [
    model.weight.grad?.item() ?? 0,
    model.bias!.grad?.item() ?? 0,
  ];
  const microLoss = (model: nn.Linear, i: number) => {
    const [xb, yb] = loader.batchOf(indices.subarray(i * m, (i + 1) * m));
    return mseLoss(model.forward(xb), yb);
  };
  const accumulating = line(...at);
  const sums: [number, number][] = [[0, 0]];
  optim.accumulateGradients(s.k, (i) => {
    if (i > 0) sums.push(grad(accumulating));
    return microLoss(accumulating, i);
  });
  const accumulated = grad(accumulating);
  sums.push(accumulated);
  const whole = line(...at);
  const [xb, yb] = loader.batchOf(indices);
  mseLoss(whole.forward(xb), yb).backward();
  const summing = line(...at);
  for (let i = 0; i < s.k; i++) microLoss(summing, i).backward();
  return {
    update: u,
    at,
    microSize: m,
    sums,
    accumulated,
    big: grad(whole),
    summed: grad(summing),
  };
}
