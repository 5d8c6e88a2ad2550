/**
 * One epoch of fit() as an async generator of step records: forward, loss, backward (k batches
 * accumulated per step), clip, update. It returns the epoch's totals, or why it stopped early.
 */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { clipGradNorm as clipNorm } from "../optim/clip.js";
import { scheduledLr } from "../optim/schedules.js";
import type { Tensor } from "../tensor/tensor.js";
import type { StepRecord } from "./history.js";
import type { FitRun } from "./setup.js";
import { firstNonFinite, placeOf } from "./targets.js";

/** Counters that run across epochs (they continue from skipped epochs when resuming). */
export interface FitClock {
  started: number;
  lastYield: number;
  step: number;
  examplesSeen: number;
}

/** An epoch's sums, or the reason it stopped before its end. */
export type EpochOutcome =
  | { stop: "aborted" | "diverged" }
  | { stop: null; lossSum: number; lossCount: number; totals: { total: number; count: number }[] };

function gradientNorm(params: readonly Tensor[]): number {
  let squares = 0;
  noGrad(() => {
    for (const p of params) if (p.grad) squares += p.grad.square().sum().item();
  });
  return Math.sqrt(squares);
}

/** Sets every group's lr from the schedule, refusing a negative or non-finite one. */
export function applySchedule(run: FitRun, at: number): void {
  const schedule = run.options.schedule;
  if (!schedule) return;
  const lr = scheduledLr(schedule, at, "fit");
  for (const g of run.optimizer.paramGroups) g.lr = lr;
}

/**
 * A non-finite loss from non-finite data is the data's fault: say so, with the row of the data
 * given to fit() (found through the batch's sample indices) and the column. Tensor data was
 * checked before training; this catches other datasets.
 */
function checkBatchData(run: FitRun, batch: Tensor[], indices: Int32Array, epoch: number): void {
  const names = ["inputs (x)", "targets (y)"];
  batch.forEach((t, i) => {
    const found = t.shape.length > 0 ? firstNonFinite(t) : null;
    if (found === null) return;
    const row = run.dataRow(indices[found.row]!);
    throw new ArgumentError(
      `fit: the training ${names[i] ?? `tensor ${i}`} hold ${found.value} in ${placeOf(row, found.at)} ` +
        `(read in epoch ${epoch}); this is the data's fault, not divergence: clean or drop that row ` +
        `(and any others) before training`,
    );
  });
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs one epoch, yielding a record per optimizer step. */
export async function* trainEpoch(
  run: FitRun,
  epoch: number,
  clock: FitClock,
): AsyncGenerator<StepRecord, EpochOutcome> {
  const { model, optimizer, loader, options, params, lossFn, metrics, accumulate } = run;
  const batches = loader.length;
  const totals = metrics.map(() => ({ total: 0, count: 0 }));
  let lossSum = 0;
  let lossCount = 0;
  let pending = 0; // batches accumulated into the current step
  let stepLoss = 0;
  let stepBatch = 0;
  let batchIndex = 0;
  optimizer.zeroGrad();
  // the loader's own iteration, by hand: a bad row is named through the batch's sample indices
  for (const indices of loader.batchIndices()) {
    if (options.signal?.aborted) return { stop: "aborted" };
    const batch = loader.batchOf(indices);
    const [xb, yb] = batch as [Tensor, Tensor];
    if (pending === 0) stepBatch = batchIndex;
    // the group's size: k batches, or what is left of the epoch
    const groupSize = Math.min(accumulate, batches - (batchIndex - pending));
    const output = model.forward(xb);
    const loss = lossFn(output, yb);
    const value = loss.item();
    if (!Number.isFinite(value)) {
      checkBatchData(run, batch, indices, epoch);
      return { stop: "diverged" };
    }
    (groupSize === 1 ? loss : loss.div(groupSize)).backward();
    const n = xb.shape[0] ?? 1;
    lossSum += value * n;
    lossCount += n;
    clock.examplesSeen += n;
    metrics.forEach((m, i) => {
      const t = m.batch(output.detach(), yb);
      totals[i]!.total += t.total;
      totals[i]!.count += t.count;
    });
    stepLoss += value / groupSize;
    pending++;
    batchIndex++;
    if (pending === groupSize) {
      if (options.scheduleBy === "step") applySchedule(run, clock.step);
      const gradNorm =
        options.clipGradNorm !== undefined
          ? clipNorm(params, options.clipGradNorm)
          : gradientNorm(params);
      optimizer.step();
      optimizer.zeroGrad();
      yield {
        epoch,
        step: clock.step,
        batch: stepBatch,
        loss: stepLoss,
        lr: optimizer.paramGroups[0]!.lr,
        gradNorm,
        examplesSeen: clock.examplesSeen,
        time: Date.now() - clock.started,
      };
      clock.step++;
      pending = 0;
      stepLoss = 0;
    }
    if (Date.now() - clock.lastYield > (options.yieldEveryMs ?? 25)) {
      await nextTick();
      clock.lastYield = Date.now();
    }
  }
  return { stop: null, lossSum, lossCount, totals };
}
