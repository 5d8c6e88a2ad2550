// Every view's <title> and <desc> ids are its own: derived from the picture's content (or from
// idPrefix), so that several views of one kind inlined into one page never share an id.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  computationGraph,
  contourPlot2d,
  functionPlot1d,
  lineChart,
  type GraphData,
} from "../../src/viz/index.js";
import { checkDocument, find, parseXml } from "./xml.js";

/** The root's aria-labelledby, and the ids of its <title> and <desc>. */
function ids(svg: string): { labelledBy: string; title: string; desc: string } {
  const root = checkDocument(svg, Number(parseXml(svg).attrs.width));
  return {
    labelledBy: root.attrs["aria-labelledby"]!,
    title: find(root, "title")[0]!.attrs.id!,
    desc: find(root, "desc")[0]!.attrs.id!,
  };
}

const graph = (v: number): GraphData => ({
  nodes: [
    { id: "n0", kind: "leaf", label: "a", shape: [], value: [v], grad: [1] },
    { id: "n1", kind: "op", op: "exp", shape: [], value: [Math.exp(v)], grad: null },
  ],
  edges: [{ from: "n0", to: "n1" }],
});

describe("title and desc ids", () => {
  const views = [
    lineChart({ series: [{ label: "a", y: [3, 2, 1] }] }),
    lineChart({ series: [{ label: "a", y: [3, 2, 1.5] }] }),
    lineChart({ series: [{ label: "a", y: [3, 2, 1] }] }, { title: "Another title" }),
    functionPlot1d({ f: (x) => x * x, window: [-1, 1] }),
    functionPlot1d({ f: (x) => x * x * x, window: [-1, 1] }),
    contourPlot2d({
      f: (x, y) => x * x + y * y,
      window: [
        [-1, 1],
        [-1, 1],
      ],
    }),
    contourPlot2d({
      f: (x, y) => x * x + 2 * y * y,
      window: [
        [-1, 1],
        [-1, 1],
      ],
    }),
    computationGraph(graph(1)),
    computationGraph(graph(2)),
  ];

  test("differ between views of one kind and name the view's own title and desc", () => {
    const all = views.map(ids);
    for (const { labelledBy, title, desc } of all) {
      assert.equal(labelledBy, `${title} ${desc}`);
      assert.match(title, /^descent-[a-z-]+-title-[0-9a-z]+$/);
      assert.equal(desc, title.replace("-title-", "-desc-"));
    }
    const every = all.flatMap((i) => [i.title, i.desc]);
    assert.equal(new Set(every).size, every.length, every.join(" "));
    // Inlined side by side into one page, each <title> id occurs once.
    const page = parseXml(`<div>${views.join("")}</div>`);
    const titleIds = find(page, "title").map((t) => t.attrs.id);
    assert.equal(new Set(titleIds).size, views.length);
  });

  test("are deterministic: the same picture gets the same ids", () => {
    const a = ids(lineChart({ series: [{ label: "a", y: [3, 2, 1] }] }));
    assert.deepEqual(ids(views[0]!), a);
  });

  test("idPrefix names them", () => {
    const svg = lineChart({ series: [{ label: "a", y: [1, 2] }] }, { idPrefix: "fig-3" });
    assert.deepEqual(ids(svg), {
      labelledBy: "fig-3-title fig-3-desc",
      title: "fig-3-title",
      desc: "fig-3-desc",
    });
    const g = ids(computationGraph(graph(1), { idPrefix: "g" }));
    assert.equal(g.title, "g-title");
  });
});
