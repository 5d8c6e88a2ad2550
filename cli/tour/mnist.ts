/** Tour chapter 8: an MLP trained on the MNIST digits, with its curves and a few predictions. */
import { evaluate, fit, Generator, nn, noGrad, type Tensor } from "../../src/index.js";
import { loadMnist } from "../../src/node.js";
import { escapeXml, lineChart } from "../../src/viz/index.js";
import { panels } from "../report.js";
import { n4, type Chapter } from "./types.js";

const CELL = 3;
const SIDE = 28;
const LEVELS = 8;

/** One 28×28 digit as SVG paths: pixels quantised to 8 greys, one path per grey, runs merged. */
function digitPaths(pixels: ArrayLike<number>): string {
  const paths: string[][] = Array.from({ length: LEVELS + 1 }, () => []);
  for (let r = 0; r < SIDE; r++) {
    let c = 0;
    while (c < SIDE) {
      const level = Math.round(pixels[r * SIDE + c]! * LEVELS);
      let end = c + 1;
      while (end < SIDE && Math.round(pixels[r * SIDE + end]! * LEVELS) === level) end++;
      if (level > 0) paths[level]!.push(`M${c} ${r}h${end - c}v1h-${end - c}z`);
      c = end;
    }
  }
  return paths
    .map((d, level) => {
      if (d.length === 0) return "";
      const grey = Math.round(255 * (1 - level / LEVELS))
        .toString(16)
        .padStart(2, "0");
      return `<path d="${d.join("")}" fill="#${grey}${grey}${grey}"/>`;
    })
    .join("");
}

export interface DigitCard {
  pixels: ArrayLike<number>;
  label: number;
  predicted: number;
}

/** A grid of digits (28×28 grey cells as SVG paths) with the predicted label under each. */
export function digitGrid(cards: readonly DigitCard[], title: string, columns = 8): string {
  const size = SIDE * CELL;
  const gapX = 16;
  const gapY = 40;
  const top = 40;
  const left = 16;
  const rows = Math.ceil(cards.length / columns);
  const width = left * 2 + columns * size + (columns - 1) * gapX;
  const height = top + rows * (size + gapY) + 8;
  const wrong = cards.filter((c) => c.label !== c.predicted).length;
  const desc = `${cards.length} held-out digits with the network's predictions; ${wrong} of them wrong: ${cards.map((c) => (c.label === c.predicted ? `${c.label}` : `${c.label} read as ${c.predicted}`)).join(", ")}.`;
  const items = cards.map((card, i) => {
    const x = left + (i % columns) * (size + gapX);
    const y = top + Math.floor(i / columns) * (size + gapY);
    const ok = card.label === card.predicted;
    const text = ok ? `✓ ${card.predicted}` : `✗ ${card.predicted} (is ${card.label})`;
    return (
      `<g class="digit" data-label="${card.label}" data-predicted="${card.predicted}">` +
      `<rect x="${x - 1}" y="${y - 1}" width="${size + 2}" height="${size + 2}" fill="#ffffff" stroke="${ok ? "#999999" : "#D55E00"}" stroke-width="${ok ? 1 : 2.5}"/>` +
      `<g transform="translate(${x} ${y}) scale(${CELL})" shape-rendering="crispEdges">${digitPaths(card.pixels)}</g>` +
      `<text x="${x + size / 2}" y="${y + size + 18}" text-anchor="middle" font-size="13" fill="${ok ? "#222222" : "#D55E00"}" font-weight="${ok ? "normal" : "bold"}">${escapeXml(text)}</text>` +
      `</g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-labelledby="descent-digits-title descent-digits-desc" class="descent-viz descent-digits" ` +
    `font-family="'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif" font-size="12" fill="#222222">` +
    `<title id="descent-digits-title">${escapeXml(title)}</title>` +
    `<desc id="descent-digits-desc">${escapeXml(desc)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>` +
    items.join("") +
    `</svg>`
  );
}

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
    for (let i = 0; i < test.y.shape[0]! && (cards.length < 12 || mistakes.length < 4); i++) {
      const card = {
        pixels: test.x.data.subarray(i * 784, (i + 1) * 784),
        label: Number(test.y.data[i]),
        predicted: Number(predicted.data[i]),
      };
      if (cards.length < 12) cards.push(card);
      else if (card.label !== card.predicted) mistakes.push(card);
    }
    const grid = digitGrid(
      [...cards, ...mistakes],
      `Held-out digits and what the network reads (${n4(accuracy * 100, 3)} % right overall)`,
    );
    const curves = panels(
      [
        lineChart(
          {
            series: [
              { label: "training batches", x: stepSeen, y: stepLoss, colour: "#56B4E9" },
              {
                label: `train set (${train.y.shape[0]})`,
                x: checkpoints.map((c) => c.seen),
                y: checkpoints.map((c) => c.train.loss),
                colour: "#0072B2",
              },
              {
                label: `held out (${test.y.shape[0]})`,
                x: checkpoints.map((c) => c.seen),
                y: checkpoints.map((c) => c.test.loss),
                colour: "#D55E00",
                style: "dashed",
              },
            ],
          },
          {
            title: "Cross-entropy loss",
            yScale: "log",
            xLabel: "examples seen",
            yLabel: "loss",
            width: 560,
            height: 360,
          },
        ),
        lineChart(
          {
            series: [
              {
                label: "train set",
                x: checkpoints.map((c) => c.epoch),
                y: checkpoints.map((c) => c.train.metrics.accuracy! * 100),
                colour: "#0072B2",
              },
              {
                label: "held out",
                x: checkpoints.map((c) => c.epoch),
                y: checkpoints.map((c) => c.test.metrics.accuracy! * 100),
                colour: "#D55E00",
                style: "dashed",
              },
            ],
          },
          {
            title: "Accuracy (%)",
            xLabel: "epoch",
            yLabel: "accuracy (%)",
            yRange: [0, 100],
            width: 560,
            height: 360,
          },
        ),
      ],
      {
        title: "Training an MLP on MNIST",
        desc: `MLP 784-${hidden}-10 (ReLU), SGD with momentum ${momentum}, lr ${lr}, batch ${batchSize}, ${plural(settings.epochs, "epoch")} on ${train.y.shape[0]} digits: held-out loss ${n4(last.test.loss)}, held-out accuracy ${n4(accuracy * 100, 3)} %.`,
      },
    );
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
        {
          file: "08-mnist-curves",
          svg: curves,
          caption:
            "Left: the loss of each training batch (light), and of the whole training and held-out sets measured after each epoch. Right: the accuracy after each epoch (epoch 0: the untrained network).",
        },
        {
          file: "08-mnist-digits",
          svg: grid,
          caption:
            "The first 12 held-out digits, then the first few the network gets wrong (orange frames).",
        },
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
            String(c.epoch),
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
