// The rules every view follows, checked on the markup: step labels never overlap one another or
// a marker; stars and start rings come after every path in document order (drawn on top);
// contours promise equal aspect and keep it; text stays ≥ 11 px on a phone; panels of one figure
// list their runs in one order; titles and legends fit the width.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { minimize } from "../../src/minimize/minimize.js";
import { contourPlot2d, functionPlot1d, lineChart } from "../../src/viz/index.js";
import { textBox, overlaps } from "../../src/viz/labels.js";
import { chapterBatches } from "../../cli/tour/batches.js";
import { NARROW } from "../../cli/tour/types.js";
import { all, checkDocument, find, parseXml, textOf, type XmlElement } from "./xml.js";

const well = (x: number) => x ** 4 - 4 * x ** 2 + x;
const base = { lr: 0.01, maxIters: 3000 };
const gd = minimize("x^4 - 4x^2 + x", [2], base);
const mom = minimize("x^4 - 4x^2 + x", [2], {
  ...base,
  optimizer: "momentum",
  optimizerOptions: { momentum: 0.95 },
});
const runs = [
  { label: "gradient descent", points: gd.trajectory },
  { label: "momentum 0.95", points: mom.trajectory },
];
const curve = functionPlot1d(
  {
    f: well,
    window: [-2.5, 2.5],
    runs,
    minima: [
      { point: [-1.473], global: true },
      { point: [1.347], global: false },
    ],
    derivative: true,
  },
  { stepLabels: 8 },
);
const bowl = (x: number, y: number) => x * x + 10 * y * y;
const gd2 = minimize("x^2 + 10*y^2", [-2.5, 1], { lr: 0.09, maxIters: 500 });
const mom2 = minimize("x^2 + 10*y^2", [-2.5, 1], {
  optimizer: "momentum",
  lr: 0.09,
  optimizerOptions: { momentum: 0.5 },
  maxIters: 500,
});
const contour = contourPlot2d(
  {
    f: bowl,
    window: [
      [-3, 1],
      [-1.5, 1.5],
    ],
    runs: [
      { label: "gd", points: gd2.trajectory },
      { label: "momentum", points: mom2.trajectory },
    ],
    minima: [{ point: [0, 0] }],
  },
  { stepLabels: 10, stepParts: 6 },
);

/** Elements in document order. */
const order = (root: XmlElement) => all(root);
const fontOf = (el: XmlElement, fallback: number) => Number(el.attrs["font-size"] ?? fallback);

describe("rules every view follows", () => {
  for (const [name, svg] of [
    ["curve", curve],
    ["contours", contour],
  ] as const) {
    test(`${name}: no two step labels overlap, none covers a star or a start ring`, () => {
      const root = checkDocument(svg, 600);
      const labels = find(root, "text", "step-label");
      assert.ok(labels.length >= 4, `${labels.length} labels`);
      const boxes = labels.map((t) => {
        const anchor = (t.attrs["text-anchor"] ?? "start") as "start" | "middle" | "end";
        return textBox(Number(t.attrs.x), Number(t.attrs.y), textOf(t), fontOf(t, 12), anchor);
      });
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          assert.ok(
            !overlaps(boxes[i]!, boxes[j]!),
            `"${textOf(labels[i]!)}" overlaps "${textOf(labels[j]!)}"`,
          );
      const rings = find(root, "circle", "start").map((c) => [
        Number(c.attrs.cx),
        Number(c.attrs.cy),
      ]);
      for (const [cx, cy] of rings)
        for (const b of boxes)
          assert.ok(
            !overlaps(b, { left: cx! - 8, right: cx! + 8, top: cy! - 8, bottom: cy! + 8 }),
            "a label on a start ring",
          );
    });

    test(`${name}: stars and start rings come after every path (drawn on top)`, () => {
      const els = order(parseXml(svg));
      const lastPath = Math.max(
        ...els.map((e, i) => (/\btrajectory\b/.test(e.attrs.class ?? "") ? i : -1)),
      );
      const marks = els
        .map((e, i) => (/\b(minimum|start)\b/.test(e.attrs.class ?? "") ? i : -1))
        .filter((i) => i >= 0);
      assert.ok(marks.length >= 3);
      for (const i of marks) assert.ok(i > lastPath, "a marker before a path");
    });
  }

  test("contours: one unit is as long on x as on y", () => {
    const root = checkDocument(contour, 600);
    const at = (cls: string, attr: "x" | "y") =>
      find(root, "text", cls).map(
        (t) => [Number(t.attrs["data-value"]), Number(t.attrs[attr])] as const,
      );
    const slope = (ts: readonly (readonly [number, number])[]) =>
      Math.abs((ts[ts.length - 1]![1] - ts[0]![1]) / (ts[ts.length - 1]![0] - ts[0]![0]));
    const kx = slope(at("tick-x", "x"));
    const ky = slope(at("tick-y", "y"));
    assert.ok(Math.abs(kx / ky - 1) < 0.01, `${kx} px per unit on x, ${ky} on y`);
    assert.match(textOf(find(root, "desc")[0]!), /both axes to the same scale/);
  });

  test("text ≥ 11 px on a 390 px phone: narrow views drawn at 360 px, shown 348 px wide", () => {
    const shown = 348;
    for (const svg of [
      functionPlot1d(
        { f: well, window: [-2.5, 2.5], runs, derivative: true },
        { width: NARROW.width, theme: NARROW.theme! },
      ),
      contourPlot2d(
        {
          f: bowl,
          window: [
            [-3, 1],
            [-1.5, 1.5],
          ],
          runs: [{ points: gd2.trajectory }],
        },
        { width: NARROW.width, theme: NARROW.theme! },
      ),
      lineChart(
        { series: [{ label: "loss", y: [1e-6, 1e-3, 1] }] },
        { yScale: "log", width: NARROW.width, theme: NARROW.theme! },
      ),
    ]) {
      const root = parseXml(svg);
      const k = shown / Number(root.attrs.width);
      const base = Number(root.attrs["font-size"]);
      for (const t of all(root).filter((e) => e.name === "text"))
        assert.ok(fontOf(t, base) * k >= 11, `"${textOf(t)}" at ${fontOf(t, base) * k} px`);
    }
  });

  test("the panels of one figure list their runs in one order", async () => {
    const content = await chapterBatches.run({ quick: true });
    const views = content.pictures[0]!.views(NARROW);
    const labels = views.map((v) =>
      find(parseXml(v), "g", "legend-entry").map((g) => g.attrs["data-label"]!.split(":")[0]!),
    );
    assert.equal(labels.length, 2);
    assert.deepEqual(labels[0], labels[1]);
  });

  test("legends and titles stay inside a narrow view", () => {
    const svg = contourPlot2d(
      {
        f: bowl,
        window: [
          [-3, 1],
          [-1.5, 1.5],
        ],
        runs: [
          {
            label: "a run with a long legend label: converged in 79 steps at last",
            points: gd2.trajectory,
          },
        ],
      },
      { width: 360, title: "A title far too long to fit on one line of a phone-sized picture" },
    );
    const root = parseXml(svg);
    for (const t of find(root, "g", "legend-entry").flatMap((g) => find(g, "text")))
      assert.ok(
        textBox(Number(t.attrs.x), Number(t.attrs.y), textOf(t), 12).right <= 360,
        textOf(t),
      );
    // Set on two lines rather than cut off.
    assert.equal(find(root, "text", "title").length, 2);
  });
});
