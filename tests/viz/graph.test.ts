// traceGraph, countChainRuleWork, computationGraph (fitted or natural size, left to right or top
// to bottom) and toDot on micrograd's example and on small chains and diamonds.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  countChainRuleWork,
  retainGrads,
  traceGraph,
  type GraphData,
} from "../../src/autograd/graph.js";
import { tensor } from "../../src/tensor/create.js";
import { ArgumentError } from "../../src/errors.js";
import { MAX_LAYOUT_CELLS, computationGraph, layoutCells, toDot } from "../../src/viz/index.js";
import { checkDocument, find, parseXml, textOf, type XmlElement } from "./xml.js";

const leaf = (v: number, label: string) => {
  const t = tensor(v, { requiresGrad: true, dtype: "float64" });
  t.label = label;
  return t;
};

/** L = (a·b + c)·f + a·a, with d = a·b + c keeping its gradient. */
function micrograd() {
  const [a, b, c, f] = [leaf(2, "a"), leaf(-3, "b"), leaf(10, "c"), leaf(-2, "f")];
  const d = a.mul(b).add(c);
  d.label = "d";
  d.retainGrad();
  const L = d.mul(f).add(a.mul(a));
  L.label = "L";
  L.backward();
  return traceGraph(L);
}

const byLabel = (g: GraphData, label: string) => g.nodes.find((n) => n.label === label)!;

/** The drawing's scale and offset, and each node box in SVG pixels. */
function layoutOf(svg: string): {
  root: XmlElement;
  scale: number;
  boxes: Map<string, { x: number; y: number; w: number; h: number }>;
} {
  const root = checkDocument(svg, Number(parseXml(svg).attrs.width));
  const body = find(root, "g", "graph-body")[0]!;
  const m = /translate\(([\d.-]+) ([\d.-]+)\) scale\(([\d.]+)\)/.exec(body.attrs.transform!)!;
  const [tx, ty, k] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.equal(Number(body.attrs["data-scale"]), k);
  const boxes = new Map(
    find(root, "g", "node").map((n) => {
      const r = find(n, "rect", "node-box")[0]!.attrs;
      const [x, y, w, h] = [r.x, r.y, r.width, r.height].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      return [n.attrs["data-id"]!, { x: tx + x * k, y: ty + y * k, w: w * k, h: h * k }];
    }),
  );
  return { root, scale: k, boxes };
}

describe("traceGraph", () => {
  const g = micrograd();

  test("nodes, edges and topological ids", () => {
    assert.equal(g.nodes.length, 9); // a b c f, a·b, +c, ·f, a·a, +
    assert.equal(g.edges.length, 10); // a·a has two edges from a
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      g.nodes.map((_, k) => `n${k}`),
    );
    const index = new Map(g.nodes.map((n, k) => [n.id, k]));
    for (const e of g.edges) assert.ok(index.get(e.from)! < index.get(e.to)!);
    const root = g.nodes[g.nodes.length - 1]!;
    assert.equal(root.label, "L");
    assert.equal(root.op, "add");
    assert.deepEqual(root.value, [-4]);
    assert.equal(g.edges.filter((e) => e.from === byLabel(g, "a").id).length, 3);
    assert.equal(g.nodes.filter((n) => n.kind === "leaf").length, 4);
  });

  test("gradients after backward: leaves, and retainGrad on d", () => {
    assert.deepEqual(byLabel(g, "a").grad, [10]); // b·f + 2a
    assert.deepEqual(byLabel(g, "b").grad, [-4]);
    assert.deepEqual(byLabel(g, "c").grad, [-2]);
    assert.deepEqual(byLabel(g, "f").grad, [4]);
    assert.deepEqual(byLabel(g, "d").grad, [-2]);
    assert.equal(byLabel(g, "L").grad, null);
  });

  test("maxValues, shapes and constants", () => {
    const w = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const y = w.mul(2).sum();
    const t = traceGraph(y, { maxValues: 2 });
    const wNode = t.nodes[0]!;
    assert.deepEqual(wNode.shape, [2, 3]);
    assert.deepEqual(wNode.value, [1, 2]);
    assert.equal(t.nodes[1]!.kind, "leaf"); // the constant 2
    assert.equal(t.nodes[1]!.grad, null);
  });

  test("a 10 000-op chain is walked without recursion", () => {
    let x = leaf(0.5, "x");
    for (let k = 0; k < 10_000; k++) x = x.mul(1);
    assert.equal(traceGraph(x).nodes.length, 1 + 2 * 10_000);
  });
});

describe("countChainRuleWork", () => {
  test("a chain x → sin → exp → log: both ways 3", () => {
    const x = leaf(0.3, "x");
    const g = traceGraph(x.sin().exp().log());
    assert.deepEqual(countChainRuleWork(g), { reverseMode: 3, perPath: 3, paths: 1 });
  });

  test("a diamond after a shared stem: reverse mode reuses a's gradient", () => {
    // x → a = sin x → (b = exp a, c = cos a) → d = b·c: 5 edges, 2 paths of length 3.
    const x = leaf(0.3, "x");
    const a = x.sin();
    const g = traceGraph(a.exp().mul(a.cos()));
    assert.deepEqual(countChainRuleWork(g), { reverseMode: 5, perPath: 6, paths: 2 });
  });

  test("paths are counted by dynamic programming: 2^60 paths in a 60-level doubling chain", () => {
    let y = leaf(1, "x");
    for (let k = 0; k < 60; k++) y = y.add(y);
    const started = performance.now();
    const work = countChainRuleWork(traceGraph(y));
    assert.ok(performance.now() - started < 1000, "linear, not one step per path");
    assert.equal(work.paths, 2 ** 60);
    assert.equal(work.reverseMode, 120, "two edges per add");
    assert.equal(work.perPath, 60 * 2 ** 60, "each path is 60 edges long");
  });

  test("hand-made graphs in any order, and micrograd's example", () => {
    const node = (id: string, kind: "leaf" | "op") => ({
      id,
      kind,
      shape: [],
      value: [0],
      grad: null,
    });
    const diamond: GraphData = {
      nodes: [node("d", "op"), node("x", "leaf"), node("b", "op"), node("c", "op")],
      edges: [
        { from: "x", to: "b" },
        { from: "x", to: "c" },
        { from: "b", to: "d" },
        { from: "c", to: "d" },
      ],
    };
    assert.deepEqual(countChainRuleWork(diamond, "d"), { reverseMode: 4, perPath: 4, paths: 2 });
    assert.deepEqual(countChainRuleWork(micrograd()), { reverseMode: 10, perPath: 17, paths: 6 });
    assert.deepEqual(countChainRuleWork({ nodes: [], edges: [] }), {
      reverseMode: 0,
      perPath: 0,
      paths: 0,
    });
  });
});

describe("computationGraph and toDot", () => {
  const g = micrograd();

  test("one box per node and one edge per graph edge", () => {
    const root = checkDocument(computationGraph(g), 600);
    const nodes = find(root, "g", "node");
    assert.deepEqual(
      nodes.map((n) => n.attrs["data-id"]),
      g.nodes.map((n) => n.id),
    );
    for (const n of nodes) assert.equal(find(n, "rect", "node-box").length, 1);
    const edges = find(root, "path", "edge");
    assert.deepEqual(
      edges.map((e) => `${e.attrs["data-from"]}>${e.attrs["data-to"]}`),
      g.edges.map((e) => `${e.from}>${e.to}`),
    );
    const a = nodes.find((n) => n.attrs["data-id"] === byLabel(g, "a").id)!;
    assert.deepEqual(find(a, "text").map(textOf).slice(0, 3), ["a", "data 2", "grad 10"]);
    assert.equal(find(a, "text", "fan-out").length, 1, "a feeds several ops: +=");
    assert.match(textOf(find(root, "desc")[0]!), /9 nodes \(4 leaves, 5 ops\) and 10 edges/);
  });

  test("backwardStep shows gradients for the first k nodes from the root", () => {
    const root = checkDocument(computationGraph(g, { backwardStep: 3 }), 600);
    const grads = find(root, "text", "node-grad").map(textOf);
    assert.equal(grads.filter((t) => t === "grad ?").length, g.nodes.length - 3);
  });

  test("fit: shrink to the width by default; minScale and fit none grow the SVG instead", () => {
    let x = leaf(0.5, "x");
    for (let k = 0; k < 6; k++) x = x.mul(1.1).tanh();
    const chain = traceGraph(x);
    const shrunk = layoutOf(computationGraph(chain));
    assert.equal(Number(shrunk.root.attrs.width), 600);
    assert.ok(shrunk.scale < 0.5, `scale ${shrunk.scale}`);
    assert.match(textOf(find(shrunk.root, "desc")[0]!), /Drawn at \d+ % size to fit/);
    const natural = layoutOf(computationGraph(chain, { fit: "none" }));
    const width = Number(natural.root.attrs.width);
    assert.equal(natural.scale, 1);
    assert.ok(width > 1000, `natural width ${width}`);
    const atMin = layoutOf(computationGraph(chain, { minScale: 0.8 }));
    assert.equal(atMin.scale, 0.8);
    assert.ok(Math.abs(Number(atMin.root.attrs.width) - (width - 16) * 0.8 - 16) <= 1);
    for (const { root, boxes } of [shrunk, natural, atMin]) {
      const w = Number(root.attrs.width);
      for (const b of boxes.values()) assert.ok(b.x >= 0 && b.x + b.w <= w, "box inside the SVG");
    }
    // A small graph keeps the width it is given, at scale 1, either way.
    for (const fit of ["width", "none"] as const) {
      const small = layoutOf(computationGraph(micrograd(), { fit, width: 900 }));
      assert.deepEqual([small.scale, Number(small.root.attrs.width)], [1, 900]);
    }
  });

  test("direction: inputs left of the output (LR), or above it (TB)", () => {
    const a = byLabel(g, "a").id;
    const L = byLabel(g, "L").id;
    const lr = layoutOf(computationGraph(g, { fit: "none" })).boxes;
    assert.ok(lr.get(a)!.x + lr.get(a)!.w < lr.get(L)!.x);
    const tb = layoutOf(computationGraph(g, { fit: "none", direction: "TB" }));
    assert.ok(tb.boxes.get(a)!.y + tb.boxes.get(a)!.h < tb.boxes.get(L)!.y);
    for (const e of g.edges) assert.ok(tb.boxes.get(e.from)!.y < tb.boxes.get(e.to)!.y);
    assert.match(textOf(find(tb.root, "desc")[0]!), /top to bottom/);
  });

  test("a graph too large to lay out is refused before layout, and toDot takes it", () => {
    let y = leaf(1, "x");
    const x = y;
    for (let k = 1; k < 1000; k++) y = y.add(x); // x + x + … + x: x's edges cross every rank
    const big = traceGraph(y);
    assert.ok(layoutCells(big) > MAX_LAYOUT_CELLS);
    const started = performance.now();
    assert.throws(
      () => computationGraph(big),
      (err: unknown) =>
        err instanceof ArgumentError &&
        /computationGraph: a graph of 1000 nodes and 1998 edges needs 501,499 boxes and edge bends/.test(
          err.message,
        ) &&
        /toDot/.test(err.message),
    );
    assert.ok(performance.now() - started < 1000, "refused before any layout");
    assert.equal(toDot(big).split(" -> ").length - 1, 1998);
    assert.ok(layoutCells(g) < 30, "micrograd's example fits easily");
  });

  test("a value used many times shows the first terms of its gradient's sum and their count", () => {
    const x = leaf(1, "x");
    let y = x;
    for (let k = 1; k < 10; k++) y = y.add(x);
    retainGrads(y);
    y.backward();
    const root = checkDocument(computationGraph(traceGraph(y)), 600);
    const sums = find(root, "text", "node-sum").map(textOf);
    assert.ok(sums.includes("= 1 + 1 + 1 + 1 + … (10 terms)"), sums.join(" | "));
  });

  test("DOT output parses line by line", () => {
    const weird: GraphData = {
      nodes: [
        { id: "n0", kind: "leaf", label: 'w{1}|"x"', shape: [2], value: [1, 2], grad: [0.5, -1] },
      ],
      edges: [],
    };
    for (const graph of [g, weird]) {
      const lines = toDot(graph).trimEnd().split("\n");
      assert.match(lines[0]!, /^digraph "[^"]*" \{$/);
      assert.equal(lines[lines.length - 1], "}");
      let nodes = 0;
      let edges = 0;
      for (const line of lines.slice(1, -1)) {
        if (
          /^ {2}"n\d+" \[label="\{ (?:[^"\\{}|]|\\.)+( \| (?:[^"\\{}|]|\\.)+){2} \}", style=filled, fillcolor="#[0-9a-f]{6}"\];$/.test(
            line,
          )
        )
          nodes++;
        else if (/^ {2}"n\d+" -> "n\d+";$/.test(line)) edges++;
        else assert.match(line, /^ {2}(rankdir=LR|node \[[^\]]+\]);$/);
      }
      assert.equal(nodes, graph.nodes.length);
      assert.equal(edges, graph.edges.length);
    }
    assert.match(toDot(weird), /w\\\{1\\\}\\\|\\"x\\"/);
  });
});
