/**
 * fit()'s preparation, before any step: every option checked (so a typo or a negative clip
 * fails at once, not as a silently bad run), the data split and batched, the optimizer built,
 * and the first batch run through the model to check that the targets suit the loss.
 */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { DataLoader } from "../data/loader.js";
import { Subset, TensorDataset, randomSplit, type Dataset } from "../data/dataset.js";
import type { Module } from "../nn/module.js";
import { createOptimizer } from "../optim/by-name.js";
import type { Optimizer } from "../optim/optimizer.js";
import { checkOptionNames, checkRange } from "../optim/validate.js";
import type { Tensor } from "../tensor/tensor.js";
import type { FitData, FitOptions } from "./fit.js";
import { toDataset } from "./evaluate.js";
import { decisionThreshold, lossByName, type LossFunction } from "./losses.js";
import { metricByName, type Metric } from "./metrics.js";
import { checkFinite, checkTargets } from "./targets.js";

const FIT_OPTIONS = [
  "loss",
  "optimizer",
  "lr",
  "optimizerOptions",
  "epochs",
  "initialEpoch",
  "batchSize",
  "shuffle",
  "seed",
  "accumulate",
  "schedule",
  "scheduleBy",
  "clipGradNorm",
  "validation",
  "metrics",
  "earlyStopping",
  "tolerance",
  "callbacks",
  "signal",
  "progress",
  "yieldEveryMs",
  "historyLimit",
] as const satisfies readonly (keyof FitOptions)[];

const CLASSIFICATION: readonly string[] = [
  "cross-entropy",
  "nll",
  "bce",
  "bce-with-logits",
  "hinge",
  "multi-margin",
];

/** Everything the loop needs, resolved and checked. */
export interface FitRun {
  model: Module;
  options: FitOptions;
  epochs: number;
  initialEpoch: number;
  accumulate: number;
  historyLimit: number;
  lossFn: LossFunction;
  metrics: Metric[];
  loader: DataLoader<Tensor[], Tensor[]>;
  /** The row of the data given to fit() that sample i of loader.dataset is (they differ after a validation split). */
  dataRow: (i: number) => number;
  validation: Dataset<Tensor[]> | null;
  monitorVal: boolean;
  params: Tensor[];
  optimizer: Optimizer;
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new ArgumentError(
      `fit: ${name} must be ${min === 0 ? "a non-negative" : "a positive"} integer, got ${value}`,
    );
}

function checkOptions(options: FitOptions): void {
  checkOptionNames("fit", FIT_OPTIONS, options);
  const { epochs = 10, initialEpoch = 0, accumulate = 1, historyLimit = 10_000 } = options;
  checkInteger("initialEpoch", initialEpoch, 0);
  checkInteger("epochs", epochs, 0);
  checkInteger("accumulate", accumulate, 1);
  checkInteger("historyLimit", historyLimit, 1);
  if (options.batchSize !== undefined && options.batchSize !== "full")
    checkInteger("batchSize", options.batchSize, 1);
  if (options.lr !== undefined) checkRange("fit: invalid lr", options.lr, { min: 0 });
  if (options.clipGradNorm !== undefined)
    checkRange("fit: invalid clipGradNorm", options.clipGradNorm, { min: 0, minOpen: true });
  if (options.tolerance !== undefined)
    checkRange("fit: invalid tolerance", options.tolerance, { min: 0 });
  if (options.schedule !== undefined && typeof options.schedule !== "function")
    throw new ArgumentError("fit: schedule must be a function (step) => lr");
  const stopping = options.earlyStopping;
  if (stopping) {
    checkOptionNames(
      "fit: earlyStopping",
      ["patience", "minDelta", "restoreBest", "monitor"],
      stopping,
    );
    checkInteger("earlyStopping.patience", stopping.patience, 1);
    if (stopping.minDelta !== undefined)
      checkRange("fit: invalid earlyStopping.minDelta", stopping.minDelta, { min: 0 });
  }
}

function makeLoader(
  data: FitData,
  options: FitOptions,
): Pick<FitRun, "loader" | "validation" | "dataRow"> {
  const { batchSize = 32, shuffle = true, seed = 0 } = options;
  let validation: Dataset<Tensor[]> | null = null;
  if (options.validation !== undefined && typeof options.validation !== "number")
    validation = toDataset(options.validation, "validation");
  if (validation) checkDataFinite(validation, "validation");
  if (data instanceof DataLoader) {
    if (typeof options.validation === "number")
      throw new ArgumentError(
        "fit: a validation fraction needs data as tensors or a dataset, not a DataLoader",
      );
    checkDataFinite(data.dataset, "training");
    return { loader: data, validation, dataRow: (i) => i };
  }
  const train = toDataset(data, "training");
  if (train.length === 0)
    throw new ArgumentError("fit: the training data has 0 samples; there is nothing to learn from");
  // before the split, so that the rows named are the rows of the data given
  checkDataFinite(train, "training");
  if (typeof options.validation !== "number") {
    return {
      loader: new DataLoader(train, { batchSize, shuffle, seed }),
      validation,
      dataRow: (i) => i,
    };
  }
  const fraction = options.validation;
  if (!(fraction > 0 && fraction < 1))
    throw new ArgumentError(`fit: a validation fraction must be between 0 and 1, got ${fraction}`);
  const [rest, held] = randomSplit(train, [1 - fraction, fraction], { seed });
  if (held!.length === 0 || rest!.length === 0) {
    throw new ArgumentError(
      `fit: a validation fraction of ${fraction} of ${train.length} samples leaves ${held!.length === 0 ? "no validation" : "no training"} samples; use more data or another fraction`,
    );
  }
  return {
    loader: new DataLoader(rest!, { batchSize, shuffle, seed }),
    validation: held!,
    dataRow: (i) => rest!.indices[i]!,
  };
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

/**
 * NaN in a tensor dataset (or a Subset of one) is found before training, with its row of the
 * data given and its column. Other datasets are checked batch by batch as they are read.
 */
function checkDataFinite(dataset: Dataset<Tensor[]>, what: string): void {
  const subset = dataset instanceof Subset ? (dataset as Subset<Tensor[]>) : null;
  const tensors = subset ? subset.dataset : dataset;
  if (!(tensors instanceof TensorDataset)) return;
  const names = ["inputs (x)", "targets (y)"];
  (tensors.tensors as readonly Tensor[]).forEach((t, i) =>
    checkFinite(t, `${what} ${names[i] ?? `tensor ${i}`}`, subset?.indices),
  );
}

/** Runs the first batch through the model (eval mode, no graph) to check targets against the loss. */
function checkFirstBatch(run: FitRun): void {
  const { loader, model } = run;
  if (loader.length === 0) {
    throw new ArgumentError(
      `fit: the DataLoader yields no batch (${loader.dataset.length} samples, batch size ${loader.batchSize}${loader.dropLast ? ", dropLast" : ""}); use a smaller batch size${loader.dropLast ? " or dropLast: false" : ""}`,
    );
  }
  const n = loader.dataset.length;
  const size = Math.min(loader.batchSize === "full" ? n : loader.batchSize, n, 256);
  const first = loader.batchOf(Int32Array.from({ length: size }, (_, i) => i));
  const [xb, yb] = first as [Tensor, Tensor | undefined];
  if (yb === undefined)
    throw new ArgumentError("fit: each sample must be [x, y]; the data has no targets");
  const wasTraining = model.training;
  model.eval();
  try {
    const output = noGrad(() => model.forward(xb));
    checkTargets(run.options.loss, output, yb);
  } finally {
    model.train(wasTraining);
  }
}

/** Checks every option and the data, and builds what the training loop needs. */
export function prepareFit(model: Module, data: FitData, options: FitOptions): FitRun {
  checkOptions(options);
  const { loader, validation, dataRow } = makeLoader(data, options);
  const threshold = decisionThreshold(options.loss);
  const metrics = (
    options.metrics ??
    (typeof options.loss === "string" && CLASSIFICATION.includes(options.loss) ? ["accuracy"] : [])
  ).map((m) => metricByName(m, threshold));
  const monitorVal =
    (options.earlyStopping?.monitor ?? (validation ? "val-loss" : "loss")) === "val-loss";
  if (monitorVal && !validation)
    throw new ArgumentError(
      'fit: earlyStopping monitors "val-loss" but there is no validation data',
    );
  const params = model.parameters();
  const run: FitRun = {
    model,
    options,
    epochs: options.epochs ?? 10,
    initialEpoch: options.initialEpoch ?? 0,
    accumulate: options.accumulate ?? 1,
    historyLimit: options.historyLimit ?? 10_000,
    lossFn: lossByName(options.loss),
    metrics,
    loader,
    dataRow,
    validation,
    monitorVal,
    params,
    optimizer: resolveOptimizer(options, params),
  };
  checkFirstBatch(run);
  return run;
}
