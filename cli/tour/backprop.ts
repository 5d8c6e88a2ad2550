/** Tour chapter 7: backpropagation through a small network, drawn as its computation graph. */
import {
  countChainRuleWork,
  nn,
  retainGrads,
  tensor,
  traceGraph,
  type Tensor,
} from "../../src/index.js";
import { computationGraph } from "../../src/viz/index.js";

const { linear } = nn.functional;
import { figure, n4, WIDE, type Chapter, type Size, type TourPicture } from "./types.js";

const X = [0.5, -1.0];
// torch's layout: weights are [out, in], a layer is linear(x, w, b) = x·wᵀ + b
const W1 = [
  [0.3, 0.8],
  [-0.6, 0.2],
];
const B1 = [0.1, -0.1];
const W2 = [[0.7, -0.5]];
const B2 = [0.05];
const TARGET = 1;

const leaf = (values: number[] | number[][], label: string, grad = true): Tensor => {
  const t = tensor(values, { dtype: "float64", requiresGrad: grad });
  t.label = label;
  return t;
};

/** L(θ) in plain JS, for central differences. */
function lossOf(w1: number[][], b1: number[], w2: number[][], b2: number[]): number {
  const h = [0, 1].map((j) => Math.tanh(X[0]! * w1[j]![0]! + X[1]! * w1[j]![1]! + b1[j]!));
  const y = h[0]! * w2[0]![0]! + h[1]! * w2[0]![1]! + b2[0]!;
  return (y - TARGET) ** 2;
}

/** The chain-rule work for a net of `depth` hidden tanh layers of width 2. */
function workForDepth(depth: number) {
  let a = tensor([X], { dtype: "float64" });
  for (let d = 0; d < depth; d++) {
    const w = tensor(W1, { dtype: "float64", requiresGrad: true });
    const b = tensor(B1, { dtype: "float64", requiresGrad: true });
    a = linear(a, w, b).tanh();
  }
  const w2 = tensor(W2, { dtype: "float64", requiresGrad: true });
  const b2 = tensor(B2, { dtype: "float64", requiresGrad: true });
  const out = linear(a, w2, b2).sub(TARGET).square();
  const graph = traceGraph(out);
  return { ...countChainRuleWork(graph), nodes: graph.nodes.length };
}

export const chapterBackprop: Chapter = {
  number: 7,
  title: "Backpropagation through a small network",
  slug: "backprop-graph",
  run() {
    // The lecture's names: layer weights w0 (first) and w1 (second), output y.
    const x = leaf([X], "x", false);
    const w0 = leaf(W1, "w0");
    const b0 = leaf(B1, "b0");
    const w1 = leaf(W2, "w1");
    const b1 = leaf(B2, "b1");
    const t = leaf([[TARGET]], "target", false);
    const z = linear(x, w0, b0);
    z.label = "z";
    const h = z.tanh();
    h.label = "h";
    const y = linear(h, w1, b1);
    y.label = "y";
    const loss = y.sub(t).square();
    loss.label = "L";
    retainGrads(loss);
    loss.backward();
    const graph = traceGraph(loss);
    const work = countChainRuleWork(graph);
    const zId = graph.nodes.find((n) => n.label === "z")!.id;
    const title = "L = (y − t)², y = linear(tanh(linear(x; w0, b0)); w1, b1)";
    const draw = (size: Size, fit: "width" | "none" = "width") =>
      computationGraph(graph, {
        title,
        direction: "TB",
        fit,
        highlight: [zId],
        // The natural-size copy may equal the fitted one: its own ids keep the page's unique.
        ...(fit === "none" ? { idPrefix: "descent-graph-natural" } : {}),
        width: size.narrow ? size.width : 1040,
        ...(size.theme ? { theme: size.theme } : {}),
      });
    const picture: TourPicture = {
      ...figure("07-backprop-graph", (size) => [draw(size)], {
        title,
        desc: "",
        caption: "",
      }),
      wide: true,
      natural: draw(WIDE, "none"),
      caption:
        "The computation graph, inputs at the top and the loss at the bottom: data is the forward value, grad is ∂L/∂(this tensor) from the backward pass. Each edge carries its local derivative (×…) where it is a number per element; a node's grad is its consumer's grad times it (the line under grad), or the sum over consumers. Highlighted: ∂L/∂z is computed once and sent to both w0 and b0 — the reuse the lecture describes.",
    };
    // Central differences of the plain-JS loss, parameter by parameter.
    const eps = 1e-6;
    const params: { name: string; t: Tensor; values: number[] }[] = [
      { name: "w0", t: w0, values: W1.flat() },
      { name: "b0", t: b0, values: [...B1] },
      { name: "w1", t: w1, values: W2.flat() },
      { name: "b1", t: b1, values: [...B2] },
    ];
    const rows: string[][] = [];
    let worst = 0;
    for (const p of params) {
      const grad = p.t.grad!.toTypedArray();
      p.values.forEach((_, i) => {
        const shifted = (delta: number) => {
          const all = params.map((q) => [...q.values]);
          all[params.indexOf(p)]![i]! += delta;
          const [a, b, c, d] = all as [number[], number[], number[], number[]];
          return lossOf([a.slice(0, 2), a.slice(2, 4)], b, [c], d);
        };
        const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
        const analytic = grad[i]!;
        worst = Math.max(worst, Math.abs(numeric - analytic));
        rows.push([`${p.name}[${i}]`, n4(p.values[i]!), n4(analytic, 8), n4(numeric, 8)]);
      });
    }
    const depths = [1, 2, 4, 8].map((d) => ({ d, w: workForDepth(d) }));
    return {
      lecture: [
        "dL/dw0 = dL/dy · dy/dw1 · dw1/dw0;  dL/dw1 = dL/dy · dy/dw1. Notice that the derivative calculated at w1 layer can be reused at w0. So we can send the derivatives “back” from w1 layer to w0. This makes computation easier. This is called as backpropagation.",
        "Notice that we won't be able to reuse gradients had we gone from left to right (i.e. forward pass / propagation).",
      ],
      summary: `A network with 2 inputs, 2 tanh hidden units and 1 output, built from tensor operations (linear(x; w, b) = x·wᵀ + b, tanh, −, square) on labelled leaves w0, b0 (the first layer) and w1, b1 (the second), named as in the lecture, on one sample x = (${X.map((v) => n4(v)).join(", ")}) with target ${TARGET}: L = ${n4(loss.item(), 6)}. One backward() call fills every gradient; retainGrads keeps the intermediate ones so the graph can show them. Each box shows the tensor's op (or label), its value and ∂L/∂(it). Reverse mode multiplies ${work.reverseMode} local derivatives, one per edge, because ∂L/∂z (from ∂L/∂h) is computed once and reused for w0 and b0 — the lecture's “derivative calculated at w1 layer can be reused at w0”; expanding the chain rule separately along each of the ${work.paths} root-to-leaf paths takes ${work.perPath}.`,
      pictures: [picture],
      tables: [
        {
          caption: `Backpropagation's gradients against central differences of L (largest difference ${n4(worst, 2)})`,
          header: ["parameter", "value", "∂L/∂θ by backward()", "central difference"],
          rows,
        },
        {
          caption: "Derivatives reused: local-derivative products for every gradient",
          header: ["hidden layers", "nodes", "reverse mode", "path by path", "paths"],
          rows: depths.map(({ d, w }) => [
            String(d),
            String(w.nodes),
            String(w.reverseMode),
            String(w.perPath),
            String(w.paths),
          ]),
        },
      ],
      line: `Backpropagation: ${graph.nodes.length} nodes, L = ${n4(loss.item(), 5)}; derivatives reused: reverse mode ${work.reverseMode} products vs ${work.perPath} path by path; max |backward − central difference| = ${n4(worst, 2)}`,
    };
  },
};
