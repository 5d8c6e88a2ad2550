// Lab 6's engine (no DOM, no fetch): the MLP 784-128-10 trained on the package's digits with the
// library's DataLoader and SGD, batch by batch from a seed, measured on the held-out digits after
// every epoch, and asked about any 28×28 drawing.
import {
  crossEntropy,
  data,
  Generator,
  nn,
  noGrad,
  optim,
  tensor,
  type Tensor,
} from "../../../src/index.js";
import type { MnistData } from "../../../src/data/index.js";

/** Hidden units: the lecture's 784-128-10. */
export const HIDDEN = 128;

export interface MnistSettings {
  /** Digits trained on (the rest of the 10,000 are held out). */
  trainSize: number;
  lr: number;
  momentum: number;
  batch: number;
  epochs: number;
  /** Draws the split, the first weights and every epoch's order. */
  seed: number;
}

/** The settings as trained: counts rounded into ranges a browser trains in seconds. */
export function clampMnist(s: MnistSettings): MnistSettings {
  const int = (v: number, lo: number, hi: number) =>
    Math.max(lo, Math.min(hi, Math.round(Number.isFinite(v) ? v : lo)));
  return {
    ...s,
    trainSize: int(s.trainSize, 500, 9000),
    batch: int(s.batch, 1, 1000),
    epochs: int(s.epochs, 1, 20),
    seed: int(s.seed, 0, 2 ** 31 - 1),
  };
}

/** What the held-out digits say after an epoch (epoch 0: the untrained network). */
export interface Evaluation {
  epoch: number;
  step: number;
  loss: number;
  accuracy: number;
  /** The held-out digits the network is surest are something else: index, label, reading. */
  confused: { index: number; label: number; predicted: number; pTrue: number }[];
}

export class MnistRun {
  readonly s: MnistSettings;
  readonly model: nn.Sequential;
  readonly stepsPerEpoch: number;
  step = 0;
  /** Each update's batch loss. */
  readonly batchLoss: number[] = [];
  readonly evaluations: Evaluation[] = [];
  private readonly sgd: optim.SGD;
  private readonly loader: data.DataLoader<[Tensor, Tensor]>;
  private batches: Iterator<[Tensor, Tensor]> | null = null;

  constructor(
    readonly digits: MnistData,
    settings: MnistSettings,
  ) {
    this.s = clampMnist(settings);
    this.model = nn.mlp([784, HIDDEN, 10], { generator: new Generator(this.s.seed) });
    this.sgd = new optim.SGD(this.model.parameters(), {
      lr: this.s.lr,
      momentum: this.s.momentum,
    });
    this.loader = new data.DataLoader(new data.TensorDataset(digits.train.x, digits.train.y), {
      batchSize: this.s.batch,
      shuffle: true,
      seed: this.s.seed,
    });
    this.stepsPerEpoch = this.loader.length;
    this.evaluations.push(this.evaluate());
  }

  get last(): number {
    return this.stepsPerEpoch * this.s.epochs;
  }

  /** One SGD update on the next batch; the held-out digits are measured when an epoch ends. */
  advance(): void {
    if (this.step >= this.last) return;
    this.batches ??= this.loader[Symbol.iterator]();
    const next = this.batches.next();
    const [x, y] = next.value as [Tensor, Tensor];
    this.sgd.zeroGrad();
    const loss = crossEntropy(this.model.forward(x), y);
    loss.backward();
    this.sgd.step();
    this.batchLoss.push(loss.item());
    this.step++;
    if (this.step % this.stepsPerEpoch === 0) {
      // finish the loader's epoch (torch's sampler makes its last draw here), then a new order
      this.batches.next();
      this.batches = null;
      this.evaluations.push(this.evaluate());
    }
  }

  /** Loss, accuracy and the ten most confused of the held-out digits. */
  evaluate(): Evaluation {
    const { x, y } = this.digits.test;
    return noGrad(() => {
      const logits = this.model.forward(x);
      const loss = crossEntropy(logits, y).item();
      // one copy of each, read by subarray below (evaluate runs once an epoch)
      const p = logits.softmax(1).toTypedArray();
      const labels = y.toTypedArray();
      const all = Array.from(labels, (label, index) => {
        const row = p.subarray(index * 10, index * 10 + 10);
        let predicted = 0;
        for (let d = 1; d < 10; d++) if (row[d]! > row[predicted]!) predicted = d;
        return { index, label, predicted, pTrue: row[label]! };
      });
      const right = all.filter((c) => c.predicted === c.label).length;
      const confused = all
        .filter((c) => c.predicted !== c.label)
        .sort((a, b) => a.pTrue - b.pTrue || a.index - b.index)
        .slice(0, 10);
      return {
        epoch: this.step / this.stepsPerEpoch,
        step: this.step,
        loss,
        accuracy: right / labels.length,
        confused,
      };
    });
  }

  /** The ten probabilities for one 28×28 image (784 values in [0, 1], ink = 1). */
  probabilities(pixels: ArrayLike<number>): number[] {
    const image = Float32Array.from({ length: 784 }, (_, i) => {
      const v = Number(pixels[i] ?? 0);
      return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    });
    return noGrad(
      () =>
        this.model
          .forward(tensor(image, { dtype: "float32" }).reshape([1, 784]))
          .softmax(1)
          .flatten()
          .tolist() as number[],
    );
  }

  /** The pixels of held-out digit `index`. */
  testDigit(index: number): number[] {
    const i = Math.max(0, Math.min(this.digits.test.y.shape[0]! - 1, Math.round(index)));
    // the one row, not a copy of the whole held-out set
    return this.digits.test.x.narrow(0, i, 1).flatten().tolist() as number[];
  }
}
