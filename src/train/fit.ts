/**
 * fit(): the lecture's training loop — input → model → output → loss against the targets →
 * gradients → update — over mini-batches and epochs, returning a History of plain records.
 * Async so that a page or a worker stays responsive, and stoppable with an AbortSignal.
 */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { DataLoader } from "../data/loader.js";
import { TensorDataset, randomSplit, type Dataset } from "../data/dataset.js";
import type { Module } from "../nn/module.js";
import { clipGradNorm as clipNorm } from "../optim/clip.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { Schedule } from "../optim/schedules.js";
import { createOptimizer } from "../optim/by-name.js";
import type { Tensor } from "../tensor/tensor.js";
import type { EpochRecord, FitStopReason, History, StepRecord } from "./history.js";
import { decisionThreshold, lossByName, type LossFunction, type LossName } from "./losses.js";
import { metricByName, type Metric, type MetricName } from "./metrics.js";
import { ProgressBar, defaultSink, type ProgressSink } from "./progress.js";

/** Training data: tensors of inputs and targets, a dataset of [x, y] samples, or a ready loader. */
export type FitData = { x: Tensor; y: Tensor } | Dataset<Tensor[]> | DataLoader<Tensor[], Tensor[]>;

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping (default true). */
  restoreBest?: boolean;
  /** What to watch: the validation loss when there is validation data, else the training loss. */
  monitor?: "loss" | "val-loss";
}

export interface FitCallbacks {
  onStep?(record: StepRecord): void;
  onEpoch?(record: EpochRecord): void;
}

export interface FitOptions {
  loss: LossName | LossFunction;
  /** A name (sgd, momentum, nesterov, adam, ...), an Optimizer over the model's parameters, or a factory. */
  optimizer?: string | Optimizer | ((params: Tensor[]) => Optimizer);
  /** Learning rate of a named optimizer (default 0.01; 0.001 for adam and adamw). */
  lr?: number;
  /** Options of a named optimizer (momentum, weightDecay, betas...). */
  optimizerOptions?: Record<string, unknown>;
  epochs?: number;
  /**
   * Start at this epoch (resuming a run): the schedule and the batch order continue from there,
   * as if the earlier epochs had run. Default 0.
   */
  initialEpoch?: number;
  /** Samples per batch (default 32); 1 is SGD, "full" is full-batch gradient descent. */
  batchSize?: number | "full";
  shuffle?: boolean;
  /** Seed of the batch order (and of the validation split). */
  seed?: number;
  /** Gradient accumulation: k batches' gradients (each loss divided by k) per optimizer step. */
  accumulate?: number;
  /** lr as a function of the epoch (default) or of the optimizer step (scheduleBy "step"). */
  schedule?: Schedule;
  scheduleBy?: "epoch" | "step";
  /** Clip the gradients' joint L2 norm to this before each step. */
  clipGradNorm?: number;
  /** Held-out data: tensors, a dataset, or a fraction of the training data (split by seed). */
  validation?: { x: Tensor; y: Tensor } | Dataset<Tensor[]> | number;
  /** Metrics reported per epoch (default: accuracy for classification losses). */
  metrics?: (MetricName | Metric)[];
  earlyStopping?: EarlyStoppingOptions;
  /** Stop when the epoch loss changes by less than this (the lecture's convergence threshold). */
  tolerance?: number;
  callbacks?: FitCallbacks;
  signal?: AbortSignal;
  /** Print progress (a live bar on a terminal, a line per epoch elsewhere). Default false. */
  progress?: boolean | ProgressSink;
  /** Yield to the event loop at least this often (ms), so pages stay responsive. Default 25. */
  yieldEveryMs?: number;
}

const CLASSIFICATION: readonly string[] = [
  "cross-entropy",
  "nll",
  "bce",
  "bce-with-logits",
  "hinge",
  "multi-margin",
];

function toDataset(
  data: { x: Tensor; y: Tensor } | Dataset<Tensor[]>,
  what: string,
): Dataset<Tensor[]> {
  if ("x" in data && "y" in data) {
    if (data.x.shape[0] !== data.y.shape[0]) {
      throw new ArgumentError(
        `fit: ${what} x has ${data.x.shape[0]} samples but y has ${data.y.shape[0]}; the first dimension counts samples`,
      );
    }
    return new TensorDataset(data.x, data.y);
  }
  return data;
}

function resolveOptimizer(options: FitOptions, params: Tensor[]): Optimizer {
  const { optimizer = "sgd" } = options;
  if (typeof optimizer === "function") return optimizer(params);
  if (typeof optimizer !== "string") return optimizer;
  return createOptimizer(
    optimizer,
    params,
    { ...options.optimizerOptions, lr: options.lr },
    "train",
  );
}

function gradientNorm(params: readonly Tensor[]): number {
  let squares = 0;
  noGrad(() => {
    for (const p of params) if (p.grad) squares += p.grad.square().sum().item();
  });
  return Math.sqrt(squares);
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Trains `model` on `data` and returns its History.
 *
 * @example
 * const history = await fit(model, { x, y }, { loss: "cross-entropy", optimizer: "momentum", lr: 0.1, epochs: 10 });
 */
export async function fit(model: Module, data: FitData, options: FitOptions): Promise<History> {
  const {
    epochs = 10,
    batchSize = 32,
    shuffle = true,
    seed = 0,
    accumulate = 1,
    scheduleBy = "epoch",
    initialEpoch = 0,
  } = options;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new ArgumentError(
      `fit: initialEpoch must be a non-negative integer, got ${initialEpoch}`,
    );
  }
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new ArgumentError(`fit: epochs must be a non-negative integer, got ${epochs}`);
  if (!Number.isInteger(accumulate) || accumulate < 1)
    throw new ArgumentError(`fit: accumulate must be a positive integer, got ${accumulate}`);
  const lossFn = lossByName(options.loss);
  const threshold = decisionThreshold(options.loss);
  const metricList = (
    options.metrics ??
    (typeof options.loss === "string" && CLASSIFICATION.includes(options.loss) ? ["accuracy"] : [])
  ).map((m) => metricByName(m, threshold));

  let loader: DataLoader<Tensor[], Tensor[]>;
  let validation: Dataset<Tensor[]> | null = null;
  if (data instanceof DataLoader) {
    loader = data;
    if (typeof options.validation === "number")
      throw new ArgumentError(
        "fit: a validation fraction needs data as tensors or a dataset, not a DataLoader",
      );
  } else {
    let train = toDataset(data, "training");
    if (typeof options.validation === "number") {
      const fraction = options.validation;
      if (!(fraction > 0 && fraction < 1))
        throw new ArgumentError(
          `fit: a validation fraction must be between 0 and 1, got ${fraction}`,
        );
      const [rest, held] = randomSplit(train, [1 - fraction, fraction], { seed });
      if (held!.length === 0 || rest!.length === 0) {
        throw new ArgumentError(
          `fit: a validation fraction of ${fraction} of ${train.length} samples leaves ${held!.length === 0 ? "no validation" : "no training"} samples; use more data or another fraction`,
        );
      }
      train = rest!;
      validation = held!;
    }
    loader = new DataLoader(train, { batchSize, shuffle, seed });
  }
  if (options.validation !== undefined && typeof options.validation !== "number")
    validation = toDataset(options.validation, "validation");

  // Resuming: draw the skipped epochs' batch orders so that the next one is what it would have been.
  for (let e = 0; e < initialEpoch; e++) for (const _indices of loader.batchIndices());
  const params = model.parameters();
  const optimizer = resolveOptimizer(options, params);
  const sink = options.progress === true ? defaultSink() : options.progress || null;
  const bar = sink ? new ProgressBar(sink, epochs, loader.length) : null;
  const monitorVal =
    (options.earlyStopping?.monitor ?? (validation ? "val-loss" : "loss")) === "val-loss";
  if (monitorVal && !validation)
    throw new ArgumentError(
      'fit: earlyStopping monitors "val-loss" but there is no validation data',
    );

  const history: History = {
    steps: [],
    epochs: [],
    stopReason: "epochs",
    bestEpoch: null,
    elapsedMs: 0,
  };
  const started = Date.now();
  let lastYield = started;
  // (when resuming, the counts continue from the skipped epochs)
  let step = initialEpoch * Math.ceil(loader.length / accumulate);
  let examplesSeen = initialEpoch * loader.dataset.length;
  let best = Infinity;
  let bestState: Record<string, Tensor> | null = null;
  let epochsWithoutImprovement = 0;
  let stop: FitStopReason | null = null;
  const group = optimizer.paramGroups[0]!;

  for (let epoch = initialEpoch; epoch < epochs && stop === null; epoch++) {
    model.train();
    if (options.schedule && scheduleBy === "epoch")
      for (const g of optimizer.paramGroups) g.lr = options.schedule(epoch);
    const epochStart = Date.now() - started;
    const batches = loader.length;
    let lossSum = 0;
    let lossCount = 0;
    const totals = metricList.map(() => ({ total: 0, count: 0 }));
    let pending = 0; // batches accumulated into the current step
    let stepLoss = 0;
    let stepBatch = 0;
    let batchIndex = 0;
    optimizer.zeroGrad();
    for (const batch of loader) {
      if (options.signal?.aborted) {
        stop = "aborted";
        break;
      }
      const [xb, yb] = batch as [Tensor, Tensor];
      if (pending === 0) stepBatch = batchIndex;
      // the group's size: k batches, or what is left of the epoch
      const groupSize = Math.min(accumulate, batches - (batchIndex - pending));
      const output = model.forward(xb);
      const loss = lossFn(output, yb);
      const value = loss.item();
      if (!Number.isFinite(value)) {
        stop = "diverged";
        break;
      }
      (groupSize === 1 ? loss : loss.div(groupSize)).backward();
      const n = xb.shape[0] ?? 1;
      lossSum += value * n;
      lossCount += n;
      examplesSeen += n;
      metricList.forEach((m, i) => {
        const t = m.batch(output.detach(), yb);
        totals[i]!.total += t.total;
        totals[i]!.count += t.count;
      });
      stepLoss += value / groupSize;
      pending++;
      batchIndex++;
      if (pending === groupSize) {
        if (options.schedule && scheduleBy === "step")
          for (const g of optimizer.paramGroups) g.lr = options.schedule(step);
        const gradNorm =
          options.clipGradNorm !== undefined
            ? clipNorm(params, options.clipGradNorm)
            : gradientNorm(params);
        optimizer.step();
        optimizer.zeroGrad();
        const record: StepRecord = {
          epoch,
          step,
          batch: stepBatch,
          loss: stepLoss,
          lr: group.lr,
          gradNorm,
          examplesSeen,
          time: Date.now() - started,
        };
        history.steps.push(record);
        options.callbacks?.onStep?.(record);
        bar?.batch(epoch, batchIndex - 1, stepLoss, record.time, epochStart);
        step++;
        pending = 0;
        stepLoss = 0;
      }
      if (Date.now() - lastYield > (options.yieldEveryMs ?? 25)) {
        await nextTick();
        lastYield = Date.now();
      }
    }
    if (stop === "aborted" || stop === "diverged") break;

    const record: EpochRecord = {
      epoch,
      loss: lossCount > 0 ? lossSum / lossCount : NaN,
      metrics: Object.fromEntries(
        metricList.map((m, i) => [m.name, totals[i]!.total / Math.max(totals[i]!.count, 1)]),
      ),
      lr: group.lr,
      steps: step,
      examplesSeen,
      time: Date.now() - started,
    };
    if (validation) {
      const v = evaluate(model, validation, {
        loss: options.loss,
        metrics: metricList,
        batchSize: typeof batchSize === "number" ? Math.max(batchSize, 256) : "full",
      });
      record.valLoss = v.loss;
      record.valMetrics = v.metrics;
    }
    history.epochs.push(record);
    options.callbacks?.onEpoch?.(record);
    bar?.epoch(epochLine(record, epochs));

    const watched = monitorVal ? record.valLoss! : record.loss;
    if (options.earlyStopping) {
      const { patience, minDelta = 0, restoreBest = true } = options.earlyStopping;
      if (watched < best - minDelta) {
        best = watched;
        history.bestEpoch = epoch;
        epochsWithoutImprovement = 0;
        if (restoreBest)
          bestState = Object.fromEntries(
            Object.entries(model.stateDict()).map(([k, v]) => [k, v.clone()]),
          );
      } else if (++epochsWithoutImprovement >= patience) {
        stop = "early-stopping";
      }
    }
    const previous = history.epochs.at(-2);
    if (
      stop === null &&
      options.tolerance !== undefined &&
      previous &&
      Math.abs(previous.loss - record.loss) < options.tolerance
    ) {
      stop = "tolerance";
    }
  }
  if (stop === "early-stopping" && bestState) model.loadStateDict(bestState);
  else if (stop !== "early-stopping") history.bestEpoch = null;
  model.eval();
  history.stopReason = stop ?? "epochs";
  history.elapsedMs = Date.now() - started;
  return history;
}

function epochLine(r: EpochRecord, epochs: number): string {
  const metrics = Object.entries(r.metrics)
    .map(([k, v]) => ` ${k} ${v.toFixed(4)}`)
    .join("");
  const val =
    r.valLoss === undefined
      ? ""
      : `  val loss ${r.valLoss.toFixed(4)}${Object.entries(r.valMetrics ?? {})
          .map(([k, v]) => ` val ${k} ${v.toFixed(4)}`)
          .join("")}`;
  return `epoch ${r.epoch + 1}/${epochs}  loss ${r.loss.toFixed(4)}${metrics}${val}  (${(r.time / 1000).toFixed(1)}s)`;
}

export interface EvaluateOptions {
  loss?: LossName | LossFunction;
  metrics?: (MetricName | Metric)[];
  batchSize?: number | "full";
}

/** The mean loss and metrics of `model` on `data`, in eval mode without recording a graph. */
export function evaluate(
  model: Module,
  data: { x: Tensor; y: Tensor } | Dataset<Tensor[]>,
  options: EvaluateOptions = {},
): { loss: number; metrics: Record<string, number> } {
  const dataset = toDataset(data, "evaluation");
  const lossFn = options.loss === undefined ? null : lossByName(options.loss);
  const metricList = (options.metrics ?? ["accuracy"]).map((m) =>
    metricByName(m, options.loss ? decisionThreshold(options.loss) : 0),
  );
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let count = 0;
  const totals = metricList.map(() => ({ total: 0, count: 0 }));
  noGrad(() => {
    for (const batch of new DataLoader(dataset, { batchSize: options.batchSize ?? 256 })) {
      const [xb, yb] = batch as [Tensor, Tensor];
      const output = model.forward(xb);
      const n = xb.shape[0] ?? 1;
      if (lossFn) lossSum += lossFn(output, yb).item() * n;
      count += n;
      metricList.forEach((m, i) => {
        const t = m.batch(output, yb);
        totals[i]!.total += t.total;
        totals[i]!.count += t.count;
      });
    }
  });
  model.train(wasTraining);
  return {
    loss: lossFn && count > 0 ? lossSum / count : NaN,
    metrics: Object.fromEntries(
      metricList.map((m, i) => [m.name, totals[i]!.total / Math.max(totals[i]!.count, 1)]),
    ),
  };
}
