// Lab 6's pictures from an MnistRun: the loss of each batch and of the held-out digits, the
// held-out accuracy after each epoch, and the ten most confused held-out digits.
import { digitGrid } from "../../../src/viz/digits.js";
import { lineChart } from "../../../src/viz/line-chart.js";
import type { Evaluation, MnistRun } from "./mnist.js";

export interface MnistViews {
  loss: string;
  accuracy: string;
  confused: string;
}

/** The views for a column `width` px wide (the charts side by side when it is over 700). */
export function mnistViews(run: MnistRun, width: number): MnistViews {
  const w = Math.max(280, Math.min(620, width > 700 ? Math.floor(width / 2) - 8 : width));
  const epochs = run.evaluations.map((e) => e.epoch);
  const per = run.stepsPerEpoch;
  const nTest = run.digits.test.y.shape[0]!;
  const loss = lineChart(
    {
      series: [
        {
          label: "each training batch",
          x: run.batchLoss.map((_, i) => (i + 1) / per),
          y: run.batchLoss,
          colour: "#56B4E9",
        },
        {
          label: `held-out digits (${nTest})`,
          x: epochs,
          y: run.evaluations.map((e) => e.loss),
          colour: "#D55E00",
          style: "dashed",
        },
      ],
    },
    {
      width: w,
      height: Math.round(Math.min(300, w * 0.6)),
      title: "Cross-entropy loss",
      xLabel: "epoch",
      yLabel: "loss",
      yScale: "log",
      xRange: [0, run.s.epochs],
      markers: false,
      idPrefix: "lab6-loss",
    },
  );
  const accuracy = lineChart(
    {
      series: [
        {
          label: `held-out digits (${nTest})`,
          x: epochs,
          y: run.evaluations.map((e) => e.accuracy * 100),
          colour: "#D55E00",
        },
      ],
    },
    {
      width: w,
      height: Math.round(Math.min(300, w * 0.6)),
      title: "Held-out accuracy after each epoch (%)",
      xLabel: "epoch",
      yLabel: "accuracy (%)",
      xRange: [0, run.s.epochs],
      yRange: [0, 100],
      integerX: true,
      markers: true,
      idPrefix: "lab6-accuracy",
    },
  );
  return { loss, accuracy, confused: confusedGrid(run, latest(run), width) };
}

export const latest = (run: MnistRun): Evaluation => run.evaluations[run.evaluations.length - 1]!;

function confusedGrid(run: MnistRun, e: Evaluation, width: number): string {
  const cards = e.confused.map((c) => ({
    pixels: run.testDigit(c.index),
    label: c.label,
    predicted: c.predicted,
  }));
  return digitGrid(cards, {
    title:
      cards.length === 0
        ? "No held-out digit is read wrong"
        : `The ${cards.length} held-out digits the network is surest are something else (epoch ${Math.floor(e.epoch)})`,
    width: Math.max(280, Math.min(1000, width)),
    idPrefix: "lab6-confused",
  });
}
