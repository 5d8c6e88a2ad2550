/** Tour chapter 8: an MLP trained on the MNIST digits, with its curves and a few predictions. */
import { evaluate, fit, Generator, nn, noGrad, type Tensor } from "../../src/index.js";
import { loadMnist } from "../../src/node.js";
import { digitGrid, lineChart, type DigitCard } from "../../src/viz/index.js";
import { figure, n4, tall, type Chapter, type Size } from "./types.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const first = (t: Tensor, n: number): Tensor => t.narrow(0, 0, Math.min(n, t.shape[0]!));

export const chapterMnist: Chapter = {
  number: 8,
  title: "An MLP learns the MNIST digits",
  slug: "mnist",
  async run({ quick }) {
    const settings = quick
      ? { trainSize: 2000, testSize: 1000, epochs: 1 }
      : { trainSize: 8000, testSize: 2000, epochs: 4 };
    const { hidden, lr, momentum, batchSize } = {
      hidden: 64,
      lr: 0.1,
      momentum: 0.9,
      batchSize: 64,
    };
    const data = loadMnist({ trainSize: settings.trainSize, seed: 0 });
    const train = data.train;
    const test = {
      x: first(data.test.x, settings.testSize),
      y: first(data.test.y, settings.testSize),
    };
    const model = nn.mlp([784, hidden, 10], { generator: new Generator(0) });
    const measure = () => ({
      train: evaluate(model, train, { loss: "cross-entropy" }),
      test: evaluate(model, test, { loss: "cross-entropy" }),
    });
    const checkpoints = [{ epoch: 0, seen: 0, ...measure() }];
    const stepSeen: number[] = [];
    const stepLoss: number[] = [];
    const history = await fit(model, train, {
      loss: "cross-entropy",
      optimizer: "sgd",
      lr,
      optimizerOptions: { momentum },
      epochs: settings.epochs,
      batchSize,
      seed: 0,
      callbacks: {
        onStep(r) {
          stepSeen.push(r.examplesSeen);
          stepLoss.push(r.loss);
        },
        onEpoch(r) {
          checkpoints.push({ epoch: r.epoch + 1, seen: r.examplesSeen, ...measure() });
        },
      },
    });
    const last = checkpoints[checkpoints.length - 1]!;
    const accuracy = last.test.metrics.accuracy!;

    // A few held-out digits: the first ones, then the first mistakes.
    const predicted = noGrad(() => model.forward(test.x).argmax(1));
    const cards: DigitCard[] = [];
    const mistakes: DigitCard[] = [];
    const [pixels, labels, guesses] = [test.x, test.y, predicted].map((t) => t.toTypedArray());
    for (let i = 0; i < test.y.shape[0]! && (cards.length < 12 || mistakes.length < 4); i++) {
      const card = {
        pixels: pixels!.subarray(i * 784, (i + 1) * 784),
        label: Number(labels![i]),
        predicted: Number(guesses![i]),
      };
      if (cards.length < 12) cards.push(card);
      else if (card.label !== card.predicted) mistakes.push(card);
    }
    const cardsShown = [...cards, ...mistakes];
    const digits = (size: Size) => [
      digitGrid(cardsShown, {
        title: `Held-out digits and what the network reads (${n4(accuracy * 100, 3)} % right overall)`,
        width: size.narrow ? size.width : 8 * 100 + 16,
        ...(size.theme ? { theme: size.theme } : {}),
      }),
    ];
    const trainSize = train.y.shape[0]!;
    // Both panels count epochs (training batches at their fraction of an epoch); epoch 0 is the
    // untrained network, epoch 1 the end of the first pass — as the console prints them.
    const epochOf = (seen: number) => seen / trainSize;
    const after = checkpoints.slice(1);
    const accs = after.flatMap((c) => [c.train.metrics.accuracy!, c.test.metrics.accuracy!]);
    const [lo, hi] = [Math.min(...accs) * 100, Math.max(...accs) * 100];
    const accRange: [number, number] = [
      Math.max(0, lo - (hi - lo) * 0.6 - 0.5),
      Math.min(100, hi + (hi - lo) * 0.6 + 0.5),
    ];
    const curves = (size: Size) => {
      const common = {
        width: size.width,
        height: tall(size, 360),
        xLabel: "epoch",
        integerX: true,
        ...(size.theme ? { theme: size.theme } : {}),
      };
      return [
        lineChart(
          {
            series: [
              {
                label: "training batches",
                x: stepSeen.map(epochOf),
                y: stepLoss,
                colour: "#56B4E9",
              },
              {
                label: `train set (${trainSize})`,
                x: checkpoints.map((c) => c.epoch),
                y: checkpoints.map((c) => c.train.loss),
                colour: "#0072B2",
              },
              {
                label: `held out (${test.y.shape[0]})`,
                x: checkpoints.map((c) => c.epoch),
                y: checkpoints.map((c) => c.test.loss),
                colour: "#D55E00",
                style: "dashed",
              },
            ],
          },
          {
            ...common,
            title: "Cross-entropy loss",
            yScale: "log",
            yLabel: "loss",
            markers: undefined,
          },
        ),
        lineChart(
          {
            series: [
              {
                label: `train set (${trainSize})`,
                x: after.map((c) => c.epoch),
                y: after.map((c) => c.train.metrics.accuracy! * 100),
                colour: "#0072B2",
              },
              {
                label: `held out (${test.y.shape[0]})`,
                x: after.map((c) => c.epoch),
                y: after.map((c) => c.test.metrics.accuracy! * 100),
                colour: "#D55E00",
                style: "dashed",
              },
            ],
          },
          {
            ...common,
            title: "Accuracy after each epoch (%)",
            yLabel: "accuracy (%)",
            yRange: accRange,
            xRange: [Math.min(1, settings.epochs) - 0.25, settings.epochs + 0.25],
            markers: true,
          },
        ),
      ];
    };
    const seconds = history.elapsedMs / 1000;
    return {
      lecture: [
        "The full model is a composition of multiple linear functions, along with non-linear layers (Eg. ReLu) in between … The nonlinear layers allow the model to learn non-linear functions.",
        "To find in which direction we should change w, we'll need to compute the derivative of our loss function (let's call it L) wrt w … Chain Rule to the rescue!",
      ],
      summary: `The whole pipeline at once: ${train.y.shape[0]} handwritten digits (28×28 = 784 pixels) go through Linear(784, ${hidden}) → ReLU → Linear(${hidden}, 10); the cross-entropy loss against the true digit is back-propagated and SGD with momentum ${momentum} (lr ${lr}) updates the ${model
        .parameters()
        .reduce((s, p) => s + p.numel(), 0)
        .toLocaleString(
          "en",
        )} weights after every batch of ${batchSize}. ${plural(settings.epochs, "epoch")} took ${n4(seconds, 3)} s. The held-out digits were never trained on.`,
      pictures: [
        figure("08-mnist-curves", curves, {
          title: "Training an MLP on MNIST",
          desc: `MLP 784-${hidden}-10 (ReLU), SGD with momentum ${momentum}, lr ${lr}, batch ${batchSize}, ${plural(settings.epochs, "epoch")} on ${trainSize} digits: held-out loss ${n4(last.test.loss)}, held-out accuracy ${n4(accuracy * 100, 3)} %.`,
          caption:
            "Left: the loss of each training batch (light), and of the whole training and held-out sets measured after each epoch (dots; epoch 0 is the untrained network). Right: the accuracy after each epoch, on an axis zoomed to the values so that the gap between the training and the held-out digits shows.",
        }),
        figure("08-mnist-digits", digits, {
          title: "Held-out digits",
          desc: "",
          caption:
            "The first 12 held-out digits, then the first few the network gets wrong (orange frames).",
        }),
      ],
      tables: [
        {
          caption: "After each epoch",
          header: [
            "epoch",
            "examples seen",
            "train loss",
            "train accuracy",
            "held-out loss",
            "held-out accuracy",
          ],
          rows: checkpoints.map((c) => [
            c.epoch === 0 ? "0 (untrained)" : String(c.epoch),
            String(c.seen),
            n4(c.train.loss),
            `${n4(c.train.metrics.accuracy! * 100, 3)} %`,
            n4(c.test.loss),
            `${n4(c.test.metrics.accuracy! * 100, 3)} %`,
          ]),
        },
      ],
      line: `MNIST: MLP 784-${hidden}-10, ${plural(settings.epochs, "epoch")} of SGD momentum (batch ${batchSize}) on ${train.y.shape[0]} digits: held-out accuracy ${n4(accuracy * 100, 3)}% (${test.y.shape[0]} digits) in ${n4(seconds, 2)} s`,
    };
  },
};
