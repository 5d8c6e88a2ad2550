// Lab 4's engine (no DOM): TensorFlow Playground's network, trained with descent's own layers,
// losses and optimizers, step by step, from a seed, so a step count reproduces the same weights.
import {
  createOptimizer,
  crossEntropy,
  data,
  Generator,
  mseLoss,
  nn,
  noGrad,
  oneHot,
  tensor,
  type OptimizerName,
  type Tensor,
} from "../../../src/index.js";
import type { Optimizer } from "../../../src/optim/optimizer.js";

import { ACTIVATIONS, DATASETS, FEATURES } from "./names.js";

export { ACTIVATIONS, DATASETS, FEATURES };

export interface NetworkSettings {
  dataset: (typeof DATASETS)[number];
  samples: number;
  noise: number;
  /** Share of the points used for training, the rest held out. */
  trainShare: number;
  /** Points the user added, "x,y,class;…", always training points. */
  added: string;
  /** Indices of generated points the user removed, "3,17". */
  removed: string;
  /** Indices into FEATURES, "0,1". */
  features: string;
  /** Hidden layer widths, "4,4" ("" = no hidden layer). */
  layers: string;
  activation: (typeof ACTIVATIONS)[number];
  loss: "cross-entropy" | "mse";
  optimizer: OptimizerName;
  lr: number;
  batch: number;
  regularization: "none" | "l1" | "l2";
  regRate: number;
  seed: number;
}

const list = (s: string): number[] =>
  s
    .split(",")
    .filter((t) => t.trim() !== "")
    .map(Number)
    .filter(Number.isFinite);

export interface PointSet {
  points: Float32Array;
  labels: Int32Array;
}

/** The data: generated from the seed, minus removed points, split, plus the user's points. */
export function makeData(s: NetworkSettings): { train: PointSet; test: PointSet } {
  const seed = s.seed;
  const n = Math.max(4, Math.min(2000, Math.round(s.samples)));
  const made =
    s.dataset === "moons"
      ? data.twoMoons(n, { noise: s.noise, seed })
      : s.dataset === "circles"
        ? data.circles(n, { noise: s.noise, seed, factor: 0.5 })
        : s.dataset === "spiral"
          ? data.spiral(n, { noise: s.noise, seed })
          : s.dataset === "xor"
            ? data.xor(n, { noise: s.noise, seed })
            : data.blobs(n, {
                centers: [
                  [-1, -1],
                  [1, 1],
                ],
                std: Math.max(0.05, s.noise * 4),
                seed,
              });
  const x = made.x.toTypedArray() as Float32Array;
  const y = made.y.toTypedArray() as Int32Array;
  const removed = new Set(list(s.removed));
  const keep = Array.from({ length: y.length }, (_, i) => i).filter((i) => !removed.has(i));
  const nTrain = Math.round(keep.length * Math.min(0.95, Math.max(0.05, s.trainShare)));
  const pick = (idx: number[], extra: number[][] = []): PointSet => {
    const points = new Float32Array(2 * (idx.length + extra.length));
    const labels = new Int32Array(idx.length + extra.length);
    idx.forEach((i, k) => {
      points[2 * k] = x[2 * i]!;
      points[2 * k + 1] = x[2 * i + 1]!;
      labels[k] = y[i]!;
    });
    extra.forEach(([px, py, c], j) => {
      const k = idx.length + j;
      points[2 * k] = px!;
      points[2 * k + 1] = py!;
      labels[k] = c!;
    });
    return { points, labels };
  };
  const added = s.added
    .split(";")
    .map(list)
    .filter((p) => p.length === 3 && (p[2] === 0 || p[2] === 1));
  return { train: pick(keep.slice(0, nTrain), added), test: pick(keep.slice(nTrain)) };
}

/** The chosen input features of n points (x1, x2, x1², …), n×k float32. */
export function featuresOf(points: Float32Array, chosen: readonly number[]): Tensor {
  const n = points.length >> 1;
  const out = new Float32Array(n * chosen.length);
  for (let i = 0; i < n; i++) {
    const [a, b] = [points[2 * i]!, points[2 * i + 1]!];
    const all = [a, b, a * a, b * b, a * b, Math.sin(a), Math.sin(b)];
    chosen.forEach((f, j) => (out[i * chosen.length + j] = all[f]!));
  }
  return tensor(out, { dtype: "float32" }).reshape([n, chosen.length]);
}

export class NetworkRun {
  readonly train: PointSet;
  readonly test: PointSet;
  readonly features: number[];
  readonly widths: number[];
  readonly layers: nn.Linear[] = [];
  readonly optimizer: Optimizer;
  readonly stepsPerEpoch: number;
  step = 0;
  /** Full-set losses after each epoch (index 0: before training). */
  readonly trainLoss: number[] = [];
  readonly testLoss: number[] = [];
  private readonly generator: Generator;
  private order: Int32Array = new Int32Array(0);
  private readonly xTrain: Tensor;
  private readonly xTest: Tensor;

  constructor(readonly s: NetworkSettings) {
    ({ train: this.train, test: this.test } = makeData(s));
    const f = list(s.features).filter((i) => i >= 0 && i < FEATURES.length);
    this.features = f.length > 0 ? [...new Set(f)].sort() : [0, 1];
    this.widths = list(s.layers)
      .map((w) => Math.max(1, Math.min(8, Math.round(w))))
      .slice(0, 6);
    this.generator = new Generator(s.seed);
    const sizes = [this.features.length, ...this.widths, 2];
    for (let i = 0; i + 1 < sizes.length; i++) {
      this.layers.push(new nn.Linear(sizes[i]!, sizes[i + 1]!, { generator: this.generator }));
    }
    this.optimizer = createOptimizer(
      s.optimizer,
      this.layers.flatMap((l) => l.parameters()),
      { lr: s.lr },
    );
    const nTrain = this.train.labels.length;
    const batch = Math.max(1, Math.min(nTrain, Math.round(s.batch)));
    this.stepsPerEpoch = Math.max(1, Math.ceil(nTrain / batch));
    this.xTrain = featuresOf(this.train.points, this.features);
    this.xTest = featuresOf(this.test.points, this.features);
    this.record();
  }

  private act(h: Tensor): Tensor {
    const a = this.s.activation;
    return a === "tanh" ? h.tanh() : a === "relu" ? h.relu() : a === "sigmoid" ? h.sigmoid() : h;
  }

  /** Logits, and each hidden layer's activations when asked. */
  forward(x: Tensor, hidden?: Tensor[]): Tensor {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.forward(h);
      if (i + 1 < this.layers.length) {
        h = this.act(h);
        hidden?.push(h);
      }
    });
    return h;
  }

  private dataLoss(logits: Tensor, labels: Tensor): Tensor {
    if (this.s.loss === "cross-entropy") return crossEntropy(logits, labels);
    return mseLoss(logits.softmax(1), oneHot(labels, 2).float());
  }

  private penalty(): Tensor | null {
    if (this.s.regularization === "none" || this.s.regRate === 0) return null;
    const terms = this.layers.map((l) =>
      this.s.regularization === "l1" ? l.weight.abs().sum() : l.weight.square().sum(),
    );
    return terms.reduce((a, b) => a.add(b)).mul(this.s.regRate);
  }

  /** The full-set loss (data loss only) of a set. */
  lossOf(which: "train" | "test"): number {
    const set = which === "train" ? this.train : this.test;
    if (set.labels.length === 0) return NaN;
    return noGrad(() =>
      this.dataLoss(
        this.forward(which === "train" ? this.xTrain : this.xTest),
        tensor(set.labels, { dtype: "int32" }),
      ).item(),
    );
  }

  private record(): void {
    this.trainLoss.push(this.lossOf("train"));
    this.testLoss.push(this.lossOf("test"));
  }

  /** One mini-batch update; a new epoch draws a new order from the seeded generator. */
  advance(): void {
    const nTrain = this.train.labels.length;
    const batch = Math.ceil(nTrain / this.stepsPerEpoch);
    const k = this.step % this.stepsPerEpoch;
    if (k === 0) this.order = this.generator.permutation(nTrain);
    const idx = Array.from(this.order.subarray(k * batch, Math.min(nTrain, (k + 1) * batch)));
    const pts = new Float32Array(
      idx.flatMap((i) => [this.train.points[2 * i]!, this.train.points[2 * i + 1]!]),
    );
    const labels = tensor(
      Int32Array.from(idx, (i) => this.train.labels[i]!),
      { dtype: "int32" },
    );
    this.optimizer.zeroGrad();
    let loss = this.dataLoss(this.forward(featuresOf(pts, this.features)), labels);
    const reg = this.penalty();
    if (reg) loss = loss.add(reg);
    loss.backward();
    this.optimizer.step();
    this.step++;
    if (this.step % this.stepsPerEpoch === 0) this.record();
  }

  /** Class probabilities of n×2 points (for the decision boundary). */
  predict(points: Float32Array): Float32Array {
    return noGrad(
      () =>
        this.forward(featuresOf(points, this.features)).softmax(1).toTypedArray() as Float32Array,
    );
  }

  /** Each hidden layer's activations at n×2 points. */
  activations(points: Float32Array): Float32Array[] {
    return noGrad(() => {
      const hidden: Tensor[] = [];
      this.forward(featuresOf(points, this.features), hidden);
      return hidden.map((h) => h.toTypedArray() as Float32Array);
    });
  }
}
