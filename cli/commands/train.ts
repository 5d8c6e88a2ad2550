/** descent train: an MLP on a built-in or CSV data set, with a live log, pictures and a checkpoint. */
import { statSync } from "node:fs";
import { extname } from "node:path";
import {
  Generator,
  OPTIMIZER_NAMES,
  data,
  fit,
  manualSeed,
  nn,
  noGrad,
  tensor,
  train as trainModule,
  type History,
  type Tensor,
} from "../../src/index.js";
import { loadCsv, loadMnist, saveCheckpoint } from "../../src/node.js";
import { decisionBoundary, lineChart } from "../../src/viz/index.js";
import { UsageError, type CommandSpec, type FlagValues } from "../args.js";
import { num } from "../format.js";
import { checkOutputPath, checkPicturePath, writePicture } from "../output.js";
import { onInterrupt } from "../interrupt.js";
import { checkMomentumApplies } from "./minimize.js";

const SYNTHETIC = ["moons", "circles", "spiral", "xor", "blobs", "linear", "sine"] as const;

export const trainSpec = {
  name: "train",
  summary: "train a feed-forward network on a data set and watch the loss",
  usage: "descent train --data <moons|circles|spiral|xor|blobs|linear|sine|mnist|file.csv> [flags]",
  positionals: [],
  flags: {
    data: {
      type: "string",
      help: "a built-in data set or a CSV file",
      default: "moons",
      placeholder: `${SYNTHETIC.join("|")}|mnist|file.csv`,
    },
    samples: {
      type: "number",
      help: "points in a synthetic data set",
      default: 400,
      integer: true,
      min: 1,
      max: 1_000_000,
    },
    noise: { type: "number", help: "noise of a synthetic data set", min: 0 },
    target: {
      type: "string",
      help: "CSV: the target column (name or 0-based index; default the last)",
    },
    layers: {
      type: "numbers",
      help: "hidden layer sizes",
      default: [16, 16],
      placeholder: "16,16",
      integer: true,
      min: 1,
      max: 100_000,
    },
    activation: {
      type: "string",
      help: "hidden activation",
      default: "relu",
      choices: nn.ACTIVATIONS,
    },
    loss: {
      type: "string",
      help: "loss (default: cross-entropy for classes, mse for numbers)",
      choices: trainModule.LOSS_NAMES,
    },
    optimizer: { type: "string", help: "update rule", default: "adam", choices: OPTIMIZER_NAMES },
    lr: { type: "number", help: "learning rate", default: 0.01, min: 0, minOpen: true },
    momentum: {
      type: "number",
      help: "momentum for momentum, nesterov, sgd, rmsprop",
      min: 0,
      max: 0.999,
    },
    "batch-size": {
      type: "string",
      help: "samples per step: 1 is SGD, full is full-batch GD",
      default: "32",
      placeholder: "1|32|full",
    },
    accumulate: {
      type: "number",
      help: "accumulate this many batches per step",
      default: 1,
      integer: true,
      min: 1,
      max: 100_000,
    },
    epochs: {
      type: "number",
      help: "passes over the training data",
      default: 20,
      integer: true,
      min: 1,
      max: 1_000_000,
    },
    validation: {
      type: "number",
      help: "fraction held out for validation (mnist: the 2,000 test digits)",
      default: 0.2,
      min: 0,
      max: 0.9,
    },
    seed: {
      type: "number",
      help: "seed of the weights, the data and the batch order",
      default: 0,
      integer: true,
      min: 0,
    },
    save: {
      type: "string",
      help: "save the model as safetensors (Ctrl-C saves the last completed epoch)",
      placeholder: "model.safetensors",
    },
    plot: {
      type: "string",
      help: "loss curves to .svg or .png (2-D data: also <name>-boundary.<ext>)",
      placeholder: "file.svg|png",
    },
    quiet: { type: "boolean", help: "no per-epoch lines" },
  },
  examples: [
    "descent train --data moons --layers 16,16 --epochs 30 --plot moons.svg",
    "descent train --data spiral --layers 32,32 --activation tanh --optimizer adam --lr 0.01 --epochs 100",
    "descent train --data mnist --layers 128 --optimizer momentum --lr 0.1 --batch-size 64 --epochs 5 --save mnist.safetensors",
    "descent train --data linear --loss mse --batch-size full --optimizer gd --lr 0.1",
    "descent train --data mydata.csv --target label --layers 32 --epochs 50",
  ],
} as const satisfies CommandSpec;

interface Prepared {
  train: { x: Tensor; y: Tensor };
  test: { x: Tensor; y: Tensor } | null;
  classes: number;
  name: string;
}

function prepare(flags: FlagValues<typeof trainSpec.flags>): Prepared {
  const name = flags.data;
  const n = flags.samples;
  const seed = flags.seed;
  const noise = flags.noise;
  const opts = { seed, ...(noise !== undefined ? { noise } : {}) };
  if (name === "mnist") {
    const { train, test } = loadMnist({ trainSize: 8000, seed });
    return { train, test, classes: 10, name: "MNIST digits (8,000 train, 2,000 test)" };
  }
  if (extname(name).toLowerCase() === ".csv") {
    checkInputFile(name, "data");
    const target = flags.target;
    const csv = loadCsv(name, {
      finite: true,
      ...(target === undefined ? {} : { target: /^\d+$/.test(target) ? Number(target) : target }),
    });
    return {
      train: { x: csv.x, y: csv.y },
      test: null,
      classes: csv.labels ? csv.labels.length : 0,
      name,
    };
  }
  const make: Record<(typeof SYNTHETIC)[number], () => { x: Tensor; y: Tensor }> = {
    moons: () => data.twoMoons(n, opts),
    circles: () => data.circles(n, opts),
    spiral: () => data.spiral(n, opts),
    xor: () => data.xor(n, opts),
    blobs: () => data.blobs(n, opts),
    linear: () => data.linearRegression(n, opts),
    sine: () => data.sineRegression(n, opts),
  };
  const builder = make[name as (typeof SYNTHETIC)[number]] as
    (() => { x: Tensor; y: Tensor }) | undefined;
  if (!builder)
    throw new UsageError(
      `--data must be one of ${SYNTHETIC.join(", ")}, mnist or a .csv file; got "${name}"`,
    );
  const set = builder();
  const classes = set.y.dtype === "int32" ? set.y.max().item() + 1 : 0;
  return { train: set, test: null, classes, name: `${name} (${n} points)` };
}

/** A missing file or a folder is a one-line mistake, not a stack trace. */
function checkInputFile(path: string, flag: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`--${flag} ${path}: no such file`);
  }
  if (stat.isDirectory()) throw new UsageError(`--${flag} ${path} is a folder, not a CSV file`);
}

function batchSize(text: string): number | "full" {
  if (text === "full") return "full";
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--batch-size takes a positive integer or "full"; got "${text}"`);
  return n;
}

/** The most weights an MLP here may have: beyond it the run would exhaust memory, not learn. */
const MAX_PARAMETERS = 50_000_000;

function checkModelSize(sizes: readonly number[]): void {
  let count = 0;
  for (let i = 1; i < sizes.length; i++) count += (sizes[i - 1]! + 1) * sizes[i]!;
  if (count > MAX_PARAMETERS) {
    throw new UsageError(
      `--layers ${sizes.slice(1, -1).join(",")} makes a ${sizes.join("-")} network of ${count.toLocaleString("en")} weights; ` +
        `the limit is ${MAX_PARAMETERS.toLocaleString("en")}: use smaller layers`,
    );
  }
}

export async function runTrain(
  _positionals: string[],
  flags: FlagValues<typeof trainSpec.flags>,
): Promise<number> {
  checkPicturePath(flags.plot);
  checkOutputPath(flags.save, "save");
  const prepared = prepare(flags);
  const { train, classes } = prepared;
  const features = train.x.shape[1] ?? 1;
  const outputs = classes > 0 ? classes : (train.y.shape[1] ?? 1);
  const loss = flags.loss ?? (classes > 0 ? "cross-entropy" : "mse");
  const sizes = [features, ...flags.layers, outputs];
  checkModelSize(sizes);
  checkMomentumApplies(flags.momentum, [flags.optimizer]);
  manualSeed(flags.seed);
  const model = nn.mlp(sizes, {
    activation: flags.activation,
    generator: new Generator(flags.seed),
  });
  const validation = prepared.test ?? (flags.validation > 0 ? flags.validation : undefined);
  const momentum = flags.momentum;
  console.log(
    `train ${sizes.join("-")} ${flags.activation} MLP on ${prepared.name} with ${flags.optimizer}, loss ${String(loss)}`,
  );
  // the weights at the end of the last completed epoch, for a save after Ctrl-C
  let completed: { epoch: number; state: Record<string, Tensor> } | null = null;
  const interrupt = onInterrupt(
    flags.save ? "stopping after this batch; saving the last completed epoch…" : "stopping…",
  );
  let history: History;
  try {
    history = await fit(model, train, {
      loss,
      optimizer: flags.optimizer,
      lr: flags.lr,
      ...(momentum !== undefined ? { optimizerOptions: { momentum } } : {}),
      epochs: flags.epochs,
      batchSize: batchSize(flags["batch-size"]),
      accumulate: flags.accumulate,
      seed: flags.seed,
      ...(validation !== undefined ? { validation } : {}),
      progress: flags.quiet !== true,
      signal: interrupt.signal,
      ...(flags.save
        ? {
            callbacks: {
              onEpoch: (record) => {
                const state = Object.entries(model.stateDict()).map(([k, v]) => [k, v.clone()]);
                completed = {
                  epoch: record.epoch,
                  state: Object.fromEntries(state) as Record<string, Tensor>,
                };
              },
            },
          }
        : {}),
    });
  } finally {
    interrupt.dispose();
  }
  if (interrupt.interrupted) {
    const done = completed as { epoch: number; state: Record<string, Tensor> } | null;
    if (flags.save && done) {
      await saveCheckpoint(flags.save, {
        model: done.state,
        extra: {
          sizes,
          activation: flags.activation,
          loss,
          epochs: done.epoch + 1,
          interrupted: true,
        },
      });
      console.log(
        `interrupted: saved epoch ${done.epoch + 1} (the last completed one) to ${flags.save}`,
      );
    } else {
      console.log(`interrupted before the first epoch ended${flags.save ? "; nothing saved" : ""}`);
    }
    return 130;
  }
  const last = history.epochs.at(-1);
  if (last) {
    const parts = [
      `loss ${num(last.loss)}`,
      ...Object.entries(last.metrics).map(([k, v]) => `${k} ${num(v, 4)}`),
    ];
    if (last.valLoss !== undefined)
      parts.push(
        `held-out loss ${num(last.valLoss)}`,
        ...Object.entries(last.valMetrics ?? {}).map(([k, v]) => `held-out ${k} ${num(v, 4)}`),
      );
    console.log(
      `done: ${history.stopReason === "epochs" ? `${history.epochs.length} epochs` : `${history.stopReason} after ${history.epochs.length} epochs`}, ${history.totalSteps} steps, ${(history.elapsedMs / 1000).toFixed(1)}s: ${parts.join(", ")}`,
    );
  } else {
    console.log(`done: ${history.stopReason} before the first epoch ended`);
  }
  if (flags.save) {
    await saveCheckpoint(flags.save, {
      model: model.stateDict(),
      extra: {
        sizes,
        activation: flags.activation,
        loss,
        epochs: (history.epochs.at(-1)?.epoch ?? -1) + 1,
      },
    });
    console.log(`wrote ${flags.save}`);
  }
  if (flags.plot) {
    const plot = flags.plot;
    // Epochs numbered from 1, as the console prints them.
    const epochs = history.epochs.map((_, i) => i + 1);
    const series = [
      { label: "train loss", x: epochs, y: history.epochs.map((e) => e.loss), group: "loss" },
    ];
    if (history.epochs.some((e) => e.valLoss !== undefined)) {
      series.push({
        label: "held-out loss",
        x: epochs,
        y: history.epochs.map((e) => e.valLoss ?? NaN),
        group: "loss",
      });
    }
    await writePicture(
      plot,
      lineChart(
        { series: series.map((s, i) => ({ ...s, style: i === 0 ? "solid" : "dashed" })) },
        {
          xLabel: "epoch",
          integerX: true,
          yScale: "log",
          title: `Loss of the ${sizes.join("-")} MLP`,
        },
      ),
    );
    console.log(`wrote ${plot}`);
    if (features === 2 && classes > 0) {
      const boundaryPath = plot.replace(/(\.[^.]+)$/, "-boundary$1");
      // class probabilities of the trained model on the picture's grid points
      const predict = (points: Float32Array): Float32Array =>
        noGrad(
          () =>
            model
              .forward(tensor(points, { shape: [points.length / 2, 2] }))
              .softmax(1)
              .toTypedArray() as Float32Array,
        );
      await writePicture(
        boundaryPath,
        decisionBoundary(
          { points: train.x.toTypedArray(), labels: train.y.toTypedArray(), predict },
          { title: "Decision boundary" },
        ),
      );
      console.log(`wrote ${boundaryPath}`);
    }
  }
  return 0;
}
