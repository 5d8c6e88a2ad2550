// (e) mnist_epoch: one epoch of a 784-128-10 ReLU MLP over 8,000 MNIST digits (batch 64, SGD with
// momentum, batches in a fixed order), then the accuracy on the 2,000 held-out digits read back.

import type { MnistEpochData } from "../data.js";
import type { EpochCase } from "../peers/peer.js";
import { initialLoss } from "../reference.js";
import { cpuMs, median } from "../stats.js";
import { fmt, oneLine, WrongAnswer, type Row, type Workload } from "./workload.js";

/** The first loss must match the float64 forward pass of the first batch this closely (relative). */
const LOSS_TOLERANCE = 1e-4;
/** Held-out accuracy every peer must reach after one epoch (it reaches ~0.93-0.95). */
const MIN_ACCURACY = 0.85;
/**
 * Timed epochs after the checked one, each from the initial weights: full runs time 3 to 5, adding
 * no more after 3 once the peer has spent BUDGET_MS on this workload; --quick times 1.
 */
const FULL = { most: 5, least: 3, budgetMs: 20_000 };
const QUICK = { most: 1, least: 1, budgetMs: 0 };
/** A peer whose checked epoch took longer than this is timed over its first STEPS_WHEN_SLOW steps. */
const SLOW_EPOCH_MS = 60_000;
const STEPS_WHEN_SLOW = 25;

/** The float64 loss of the initial weights on the first batch. */
export function firstBatchLoss(data: MnistEpochData): number {
  return initialLoss({
    x: data.trainX.subarray(0, data.batch * data.features),
    batch: data.batch,
    features: data.features,
    outputs: data.classes,
    layers: data.layers,
    activation: "relu",
    targets: data.trainY.subarray(0, data.batch),
    lr: data.lr,
    momentum: data.momentum,
  });
}

interface Epoch {
  losses: number[];
  accuracy: number;
  /** Wall and CPU time of the epoch (extrapolated to all steps when fewer ran) plus the accuracy. */
  ms: number;
  cpuMs: number;
}

async function runEpoch(c: EpochCase, data: MnistEpochData, steps: number): Promise<Epoch> {
  c.reset();
  const t0 = performance.now();
  const c0 = cpuMs();
  const losses = await c.train(steps);
  const t1 = performance.now();
  const c1 = cpuMs();
  const accuracy = c.accuracy();
  const t2 = performance.now();
  const c2 = cpuMs();
  if (losses.length !== steps) throw new Error(`${losses.length} losses for ${steps} steps`);
  const scale = data.steps / steps;
  return {
    losses,
    accuracy,
    ms: (t1 - t0) * scale + (t2 - t1),
    cpuMs: (c1 - c0) * scale + (c2 - c1),
  };
}

/** Why an epoch's result is wrong, or null. */
function wrong(e: Epoch, fullEpoch: boolean): string | null {
  const bad = e.losses.findIndex((l) => !Number.isFinite(l));
  if (bad >= 0) return `loss ${e.losses[bad]} at step ${bad + 1}`;
  if (fullEpoch && !(e.accuracy >= MIN_ACCURACY)) {
    return `held-out accuracy ${e.accuracy} after one epoch, below ${MIN_ACCURACY}`;
  }
  return null;
}

async function measureEpochs(
  row: Omit<Row, "status">,
  c: EpochCase,
  data: MnistEpochData,
  quick: boolean,
): Promise<Row> {
  const started = performance.now();
  const reference = firstBatchLoss(data);
  let checked: Epoch;
  let check: string;
  try {
    checked = await runEpoch(c, data, data.steps);
    const first = checked.losses[0]!;
    if (!(Math.abs(first - reference) <= LOSS_TOLERANCE * Math.max(1, Math.abs(reference)))) {
      throw new WrongAnswer(`first loss ${first}, float64 reference ${reference}`);
    }
    const why = wrong(checked, true);
    if (why !== null) throw new WrongAnswer(why);
    const last = checked.losses[checked.losses.length - 1]!;
    check =
      `loss ${fmt(first)} (ref ${fmt(reference)}) -> ${fmt(last)} at step ${data.steps}; ` +
      `held-out accuracy ${checked.accuracy.toFixed(4)}`;
  } catch (error) {
    const status = error instanceof WrongAnswer ? "wrong" : "failed";
    return { ...row, status, note: oneLine(error) };
  }
  try {
    const steps = checked.ms > SLOW_EPOCH_MS ? STEPS_WHEN_SLOW : data.steps;
    const plan = quick ? QUICK : FULL;
    const epochs: Epoch[] = [];
    while (epochs.length < plan.most) {
      if (epochs.length >= plan.least && performance.now() - started > plan.budgetMs) break;
      const e = await runEpoch(c, data, steps);
      const late = wrong(e, steps === data.steps);
      if (late !== null) return { ...row, status: "wrong", check, note: `while timing: ${late}` };
      epochs.push(e);
    }
    const times = epochs.map((e) => e.ms);
    const cpu = epochs.map((e) => e.cpuMs);
    const ms = median(times);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    const note =
      steps < data.steps
        ? `timed over the first ${steps} of ${data.steps} steps and extrapolated (the checked epoch took ${(checked.ms / 1000).toFixed(0)} s)`
        : undefined;
    return {
      ...row,
      status: "ok",
      figure: data.trainSize / (ms / 1000),
      msPerCall: ms,
      blocks: epochs.length,
      spread: (Math.max(...times) - Math.min(...times)) / ms,
      cpuShare: sum(cpu) / sum(times),
      cpuFigure: data.trainSize / (median(cpu) / 1000),
      check,
      ...(note === undefined ? {} : { note }),
    };
  } catch (error) {
    return { ...row, status: "failed", check, note: oneLine(error) };
  }
}

export const mnistEpoch: Workload = {
  name: "mnist_epoch",
  letter: "e",
  unit: "samples/s",
  perCallUnit: "epochs/s",
  async run(peer, inputs): Promise<Row[]> {
    const data = inputs.mnist;
    const base = {
      workload: this.name,
      size:
        typeof data === "object" && data !== null
          ? `${data.trainSize} digits, batch ${data.batch}`
          : "",
      peer: peer.name,
      mode: "",
      unit: this.unit,
    };
    if (typeof data !== "object" || data === null) {
      return [{ ...base, status: "failed", note: data ?? "the digits were not loaded" }];
    }
    let cases: EpochCase[];
    try {
      cases = peer.mnistEpoch(data);
    } catch (error) {
      return [{ ...base, status: "failed", note: oneLine(error) }];
    }
    const rows: Row[] = [];
    for (const c of cases) {
      try {
        rows.push(await measureEpochs({ ...base, mode: c.mode }, c, data, inputs.quick));
      } finally {
        c.dispose();
      }
    }
    return rows;
  },
};
