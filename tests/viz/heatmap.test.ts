// decisionBoundary and neuronGrid: every data point drawn with its class, a heat-map that fills
// the plot row by row, the model asked once per grid cell, one thumbnail per hidden neuron.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decisionBoundary, gridPoints, neuronGrid } from "../../src/viz/index.js";
import { checkDocument, find, textOf } from "./xml.js";

// Points left of x = 0 are class 0, right of it class 1; three classes split by x₂ too.
const points = [-1, 0.5, -0.5, -1, -0.2, 0.3, 0.7, 0.2, 1, -1, 0.4, 0.9];
const labels = [0, 0, 0, 1, 1, 1];
const softmax2 = (p: Float32Array) => {
  const n = p.length / 2;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const s = 1 / (1 + Math.exp(-8 * p[2 * i]!));
    out[2 * i] = 1 - s;
    out[2 * i + 1] = s;
  }
  return out;
};

describe("decisionBoundary", () => {
  test("points by class over a heat-map that covers the plot", () => {
    const calls: number[] = [];
    const predict = (p: Float32Array) => {
      calls.push(p.length);
      return softmax2(p);
    };
    const svg = decisionBoundary(
      {
        points,
        labels,
        predict,
        window: [
          [-2, 2],
          [-2, 2],
        ],
        classNames: ["left", "right"],
      },
      { gridSize: 20 },
    );
    const root = checkDocument(svg, 600);
    assert.equal(calls[0], 20 * 20 * 2, "one grid call with n×2 cell centres");
    const marks = find(find(root, "g", "train")[0]!, "path");
    assert.equal(marks.length, labels.length);
    assert.deepEqual(
      marks.map((m) => Number(m.attrs["data-class"])),
      labels,
    );
    assert.deepEqual(
      find(root, "g", "legend-entry").map((g) => g.attrs["data-label"]),
      ["left", "right", "boundary p = 0.5"],
    );
    // Smooth confidence bands per class (contours, not cells), the p = 0.5 line, a key.
    const bands = find(find(root, "g", "heatmap")[0]!, "path");
    assert.deepEqual([...new Set(bands.map((b) => b.attrs["data-class"]))].sort(), ["0", "1"]);
    assert.equal(find(find(root, "g", "heatmap")[0]!, "rect").length, 0);
    assert.equal(find(find(root, "g", "boundary")[0]!, "path").length, 1);
    assert.equal(find(root, "g", "confidence-key").length, 1);
    // Equal aspect: a square window gets a square plot area.
    const clip = find(find(root, "defs")[0]!, "rect")[0]!.attrs;
    assert.ok(
      Math.abs(Number(clip.width) - Number(clip.height)) < 0.5,
      `${clip.width}×${clip.height}`,
    );
    assert.match(textOf(find(root, "desc")[0]!), /Accuracy: training 100 %/);
  });

  test("one probability column, test points hollow, window from the data", () => {
    const p1 = (p: Float32Array) => softmax2(p).filter((_, k) => k % 2 === 1);
    const svg = decisionBoundary(
      { points, labels, predict: p1, testPoints: [-1, -1, 1, 1], testLabels: [0, 0] },
      { gridSize: 16, discretize: true, width: 400 },
    );
    const root = checkDocument(svg, 400);
    // Held-out points: hollow shapes with a dot, apart from the filled training points.
    assert.equal(find(find(root, "g", "held-out")[0]!, "path").length, 2);
    assert.equal(find(find(root, "g", "held-out")[0]!, "circle").length, 2);
    assert.match(textOf(find(root, "desc")[0]!), /test 50 %/);
    assert.match(textOf(find(root, "desc")[0]!), /x₁ from −1\.2 to 1\.2/);
  });

  test("gridPoints: cell centres, row 0 at the top", () => {
    const g = gridPoints(
      [
        [0, 4],
        [0, 2],
      ],
      2,
    );
    assert.deepEqual(Array.from(g), [1, 1.5, 3, 1.5, 1, 0.5, 3, 0.5]);
  });
});

describe("neuronGrid", () => {
  test("one heat-map per hidden neuron, by layer", () => {
    const activations = (p: Float32Array) => {
      const n = p.length / 2;
      const a = new Float32Array(n * 3);
      const b = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const [x, y] = [p[2 * i]!, p[2 * i + 1]!];
        a.set([Math.tanh(x), Math.tanh(y), Math.tanh(x - y)], 3 * i);
        b.set([Math.max(0, x + y), -x * y], 2 * i);
      }
      return [a, b];
    };
    const svg = neuronGrid(
      {
        activations,
        window: [
          [-1, 1],
          [-1, 1],
        ],
        layerNames: ["tanh", "relu"],
      },
      { gridSize: 12 },
    );
    const root = checkDocument(svg, 600);
    const neurons = find(root, "g", "neuron");
    assert.deepEqual(
      neurons.map((g) => `${g.attrs["data-layer"]}:${g.attrs["data-neuron"]}`),
      ["0:0", "0:1", "0:2", "1:0", "1:1"],
    );
    assert.deepEqual(find(root, "text", "layer-title").map(textOf), ["tanh", "relu"]);
    assert.match(textOf(find(root, "desc")[0]!), /tanh: 3 neurons.*relu: 2 neurons/);
  });
});
