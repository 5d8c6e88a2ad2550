// Lab 4's pictures from a NetworkRun: the decision boundary with the points, one heat-map per
// neuron, the weights as links, and train/test loss by epoch.
import { decisionBoundary } from "../../../src/viz/decision-boundary.js";
import { lineChart } from "../../../src/viz/line-chart.js";
import { networkDiagram } from "../../../src/viz/network-diagram.js";
import { neuronGrid } from "../../../src/viz/neuron-grid.js";
import { FEATURES, type NetworkRun } from "./network.js";

export type Window2d = [[number, number], [number, number]];

/** The data's square window, padded, so moons are not stretched and clicks map back. */
export function networkWindow(run: NetworkRun): Window2d {
  const pts = [...run.train.points, ...run.test.points];
  let [lo, hi] = [Infinity, -Infinity];
  pts.forEach((v) => {
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  });
  if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
  const pad = (hi - lo) * 0.1 || 1;
  return [
    [lo - pad, hi + pad],
    [lo - pad, hi + pad],
  ];
}

export interface NetworkViews {
  boundary: string;
  neurons: string;
  diagram: string;
  curves: string;
  window: Window2d;
}

export function networkViews(run: NetworkRun, width: number): NetworkViews {
  const window = networkWindow(run);
  const w = Math.max(280, Math.min(520, width));
  const boundary = decisionBoundary(
    {
      points: run.train.points,
      labels: run.train.labels,
      testPoints: run.test.points,
      testLabels: run.test.labels,
      predict: (p) => run.predict(p),
      window,
      classNames: ["class 0", "class 1"],
    },
    { width: w, height: w, gridSize: 60, title: "Decision boundary", idPrefix: "lab4-boundary" },
  );
  const neurons =
    run.widths.length > 0
      ? neuronGrid(
          {
            activations: (p) => run.activations(p),
            window,
            layerNames: run.widths.map((_, i) => `layer ${i + 1} (${run.s.activation})`),
          },
          {
            width: Math.max(280, Math.min(700, width)),
            gridSize: 20,
            title: "What each neuron computes",
            idPrefix: "lab4-neurons",
          },
        )
      : "";
  const diagram = networkDiagram(
    {
      inputs: run.features.map((f) => FEATURES[f]!),
      sizes: [...run.widths, 2],
      weights: run.layers.map((l) => l.weight.toTypedArray()),
      outputs: ["class 0", "class 1"],
    },
    { width: Math.max(280, Math.min(700, width)), idPrefix: "lab4-network" },
  );
  const epochs = run.trainLoss.map((_, i) => i);
  const curves = lineChart(
    {
      series: [
        { label: "train loss", y: run.trainLoss, x: epochs },
        { label: "test loss", y: run.testLoss, x: epochs, style: "dashed" },
      ],
    },
    {
      width: Math.max(280, Math.min(520, width)),
      height: 220,
      xLabel: "epoch",
      yLabel: "loss",
      title: "Loss by epoch",
      idPrefix: "lab4-loss",
    },
  );
  return { boundary, neurons, diagram, curves, window };
}
