/** evaluate(): the mean loss and metrics of a model on data, without recording a graph. */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { DataLoader } from "../data/loader.js";
import { TensorDataset, type Dataset } from "../data/dataset.js";
import type { Module } from "../nn/module.js";
import type { Tensor } from "../tensor/tensor.js";
import { decisionThreshold, lossByName, type LossFunction, type LossName } from "./losses.js";
import { metricByName, type Metric, type MetricName } from "./metrics.js";

/** What {@link evaluate} measures, and in what batches. */
export interface EvaluateOptions {
  /** The loss to average (a name or a function); without it, only metrics are computed. */
  loss?: LossName | LossFunction;
  /** Metrics by name or as objects (default: accuracy). */
  metrics?: (MetricName | Metric)[];
  /** Samples per forward pass (default: all at once, "full"); smaller saves memory. */
  batchSize?: number | "full";
}

/** Tensors as a dataset (checking that x and y count the same samples), or the dataset itself. */
export function toDataset(
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

/**
 * The mean loss and metrics of `model` on `data`, in eval mode without recording a graph (the
 * model's train/eval mode is restored after). PyTorch: the usual `model.eval()` +
 * `torch.no_grad()` loop, written once.
 *
 * @example
 * ```ts
 * const { loss, metrics } = evaluate(model, test, { loss: "cross-entropy" });
 * metrics.accuracy; // a fraction in [0, 1]
 * ```
 */
export function evaluate(
  model: Module,
  data: { x: Tensor; y: Tensor } | Dataset<Tensor[]>,
  options: EvaluateOptions = {},
): {
  /** The mean loss per sample (NaN without options.loss). */
  loss: number;
  /** Each metric's value, by its name. */
  metrics: Record<string, number>;
} {
  const dataset = toDataset(data, "evaluation");
  if (dataset.length === 0)
    throw new ArgumentError("evaluate: the data has 0 samples; there is nothing to evaluate");
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
