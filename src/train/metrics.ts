/** Metrics summed over batches: each returns a total and a count, so epochs average exactly. */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { Tensor } from "../tensor/tensor.js";

/** A metric's sum over a batch and how many items it counted; the metric is total / count. */
export interface MetricTotal {
  /** The sum over the batch (correct predictions, squared errors, …). */
  total: number;
  /** How many items the sum covers. */
  count: number;
}

/** A metric of one batch's outputs against its targets. */
export interface Metric {
  /** The key of its value in EpochRecord.metrics and evaluate()'s metrics. */
  name: string;
  /** Sums the metric over one batch of outputs and targets. */
  batch(output: Tensor, target: Tensor): MetricTotal;
}

/**
 * Fraction of correct predictions. Class-index targets: the argmax of [N, C] outputs. Float 0/1
 * targets: outputs above `threshold` (0 for logits, 0.5 for probabilities) count as 1.
 */
export function accuracy(threshold = 0): Metric {
  return {
    name: "accuracy",
    batch(output, target) {
      return noGrad(() => {
        if (target.dtype === "int32") {
          if (output.ndim < 2)
            throw new ArgumentError(
              `accuracy: class-index targets need [N, C] outputs, got shape [${output.shape.join(", ")}]`,
            );
          const predicted = output.argmax(1);
          return {
            total: predicted.eq(target.reshape(predicted.shape)).sum().item(),
            count: target.numel(),
          };
        }
        const predicted = output.gt(threshold);
        const truth = target.reshape(output.shape).gt(0.5);
        return { total: predicted.eq(truth).sum().item(), count: target.numel() };
      });
    },
  };
}

/** The mean squared error per element, "mse". PyTorch: `torchmetrics.MeanSquaredError` (not in torch). */
export const meanSquaredError: Metric = {
  name: "mse",
  batch: (output, target) =>
    noGrad(() => ({
      total: output.sub(target.reshape(output.shape)).square().sum().item(),
      count: output.numel(),
    })),
};

/** The mean absolute error per element, "mae". PyTorch: `torchmetrics.MeanAbsoluteError` (not in torch). */
export const meanAbsoluteError: Metric = {
  name: "mae",
  batch: (output, target) =>
    noGrad(() => ({
      total: output.sub(target.reshape(output.shape)).abs().sum().item(),
      count: output.numel(),
    })),
};

/** The metrics fit() and evaluate() know by name. */
export type MetricName = "accuracy" | "mse" | "mae";

/**
 * The metric of a name (accuracy with `threshold` for 0/1 targets), or the Metric object itself;
 * an unknown name throws, listing the known ones.
 */
export function metricByName(name: MetricName | Metric, threshold = 0): Metric {
  if (typeof name !== "string") return name;
  switch (name) {
    case "accuracy":
      return accuracy(threshold);
    case "mse":
      return meanSquaredError;
    case "mae":
      return meanAbsoluteError;
    default:
      throw new ArgumentError(
        `metrics: unknown metric "${String(name)}"; use accuracy, mse, mae or a Metric object`,
      );
  }
}
