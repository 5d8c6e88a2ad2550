/** Tour chapter 5: full batch vs mini-batch vs SGD on one loss surface. */
import { fit, nn } from "../../src/index.js";
import { contourPlot2d, lineChart, svgSize, type TrajectoryRun } from "../../src/viz/index.js";
import { START, WB_AXES, regression } from "./regression.js";
import { figure, n4, tall, type Chapter, type Size } from "./types.js";

/** Full batch, mini-batch, SGD: the same colours in both panels. */
const COLOURS = ["#0072B2", "#D55E00", "#009E73"] as const;

export const chapterBatches: Chapter = {
  number: 5,
  title: "Full batch, mini-batch and stochastic gradient descent",
  slug: "batch-paths",
  async run() {
    const { n, x, y, mse, best } = regression();
    const lr = 0.1;
    const epochs = 10;
    const runs: { label: string; points: [number, number][]; seen: number[]; colour: string }[] =
      [];
    for (const batchSize of ["full", 16, 1] as const) {
      const model = new nn.Linear(1, 1, { dtype: "float64" });
      nn.init.constant_(model.weight, START.w);
      nn.init.constant_(model.bias!, START.b);
      const points: [number, number][] = [[START.w, START.b]];
      const seen = [0];
      await fit(
        model,
        { x, y },
        {
          loss: "mse",
          optimizer: "sgd",
          lr,
          epochs,
          batchSize,
          seed: 0,
          callbacks: {
            onStep(record) {
              points.push([model.weight.item(), model.bias!.item()]);
              seen.push(record.examplesSeen);
            },
          },
        },
      );
      const label =
        batchSize === "full"
          ? `full batch (${n})`
          : batchSize === 1
            ? "SGD (batch 1)"
            : `mini-batch ${batchSize}`;
      runs.push({ label, points, seen, colour: COLOURS[runs.length]! });
    }
    const trajectory = (r: (typeof runs)[0]): TrajectoryRun => {
      const [w, b] = r.points[r.points.length - 1]!;
      return {
        label: r.label,
        colour: r.colour,
        note: `${r.points.length - 1} updates, ends at MSE ${n4(mse(w, b), 3)}`,
        points: r.points.map((p, i) => ({ x: p, value: mse(p[0], p[1]), iteration: i })),
      };
    };
    const surface = (size: Size) =>
      contourPlot2d(
        {
          f: (w, b) => mse(w, b),
          window: [
            [-2, 3.5],
            [-2, 2.5],
          ],
          runs: runs.map(trajectory),
          minima: [{ point: [best.w, best.b], value: mse(best.w, best.b), global: true }],
        },
        {
          title: "Full-data MSE(w, b) of the line w·x + b",
          width: size.width,
          ...(size.theme ? { theme: size.theme } : {}),
          gradientArrows: 0,
          stepLabels: 3,
          // SGD underneath, full batch on top: the full batch's short path stays visible.
          drawOrder: [2, 1, 0],
          ...WB_AXES,
        },
      );
    const losses = (size: Size, height: number) =>
      lineChart(
        {
          series: runs.map((r) => ({
            label: r.label,
            colour: r.colour,
            x: r.seen,
            y: r.points.map(([w, b]) => mse(w, b)),
          })),
        },
        {
          title: "Full-data MSE against examples seen",
          yScale: "log",
          xLabel: "examples seen",
          yLabel: `MSE on all ${n} points`,
          width: size.width,
          height,
          ...(size.theme ? { theme: size.theme } : {}),
        },
      );
    const finals = runs.map((r) => {
      const [w, b] = r.points[r.points.length - 1]!;
      return {
        label: r.label,
        colour: r.colour,
        updates: r.points.length - 1,
        w,
        b,
        loss: mse(w, b),
      };
    });
    const [full, mini, sgd] = finals as [
      (typeof finals)[0],
      (typeof finals)[0],
      (typeof finals)[0],
    ];
    return {
      lecture: [
        "Mini - Batch Gradient Descent: Split the dataset into small subsets (batches) and compute gradients for them (and update the gradients right away) … Stochastic Gradient Descent: Mini - Batch with just 1 sample per iteration.",
        "Since mini-batch and SGD do not provide us an exact idea the gradient of the data (only some representation), the gradient direction found using them is not fully accurate. This leads to some “noise” in our direction of motion … (Imagine a drunk man walking)",
      ],
      summary: `A line y = w·x + b fitted to ${n} noisy points of y = 2x + 1 by fit() with the MSE loss, plain SGD at lr ${lr}, ${epochs} epochs and the same start (w, b) = (${n4(START.w)}, ${n4(START.b)}) — only the batch size differs. fit()'s onStep callback records (w, b) after every update; the contours are the full-data MSE computed over the same points. The full batch follows the true gradient but makes one update per epoch; batches of 16 make 8 per epoch along nearly the same directions; batch 1 makes 128 per epoch and staggers.`,
      pictures: [
        figure(
          "05-batch-paths",
          (size) => {
            const left = surface(size);
            // The loss chart as tall as the contour plot beside it (its own shape when stacked).
            return [left, losses(size, size.narrow ? tall(size, 400) : svgSize(left)[1])];
          },
          {
            title: "Full batch, mini-batch and SGD on one loss surface",
            desc: `Paths of (w, b) over ${epochs} epochs at lr ${lr}: ${finals.map((f) => `${f.label}: ${f.updates} updates, ends at (${n4(f.w)}, ${n4(f.b)}), MSE ${n4(f.loss)}`).join("; ")}. Least squares: (${n4(best.w)}, ${n4(best.b)}), MSE ${n4(mse(best.w, best.b))}.`,
            caption:
              "Left: the three paths of (w, b) on the contours of the full-data MSE, both axes to one scale (the ring marks the common start, the star the least-squares line). Right: the full-data loss after each update against the number of examples the run has seen — equal work on the x axis.",
          },
        ),
      ],
      tables: [
        {
          caption: `After ${epochs} epochs (${epochs * n} examples seen by every run)`,
          header: ["batch size", "updates", "w", "b", "full-data MSE"],
          rows: [
            ...finals.map((f) => [f.label, String(f.updates), n4(f.w), n4(f.b), n4(f.loss)]),
            ["least squares", "—", n4(best.w), n4(best.b), n4(mse(best.w, best.b))],
          ],
        },
      ],
      line: `Batches: after ${epochs} epochs at lr ${lr}, full batch (${full.updates} updates) MSE ${n4(full.loss, 3)}, mini-batch 16 (${mini.updates}) ${n4(mini.loss, 3)}, SGD (${sgd.updates}) ${n4(sgd.loss, 3)}; least squares ${n4(mse(best.w, best.b), 3)}`,
    };
  },
};
