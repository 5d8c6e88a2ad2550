// The y axes make room for their tick labels: the left (and right) margin grows with the longest
// label, so the rotated axis title stays inside the SVG and clear of the labels.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contourPlot2d, functionPlot1d, lineChart } from "../../src/viz/index.js";
import { checkDocument, find, textOf, type XmlElement } from "./xml.js";

const FONT = 12;
/** A generous width for DejaVu Sans digits and signs (0.636 em; a minus is 0.838 em). */
const wide = (s: string) => [...s].reduce((w, c) => w + (c === "−" ? 0.84 : 0.65) * FONT, 0);

/**
 * The horizontal extent of an axis: its rotated title (glyphs ≈ 0.8 em on the outer side of the
 * baseline, 0.25 em on the inner side) and its tick labels.
 */
function extent(root: XmlElement, axis: "axis-y" | "axis-y2", which = 0) {
  const g = find(root, "g", axis)[which]!;
  const label = find(g, "text", "axis-label")[0]!;
  const m = /translate\(([\d.-]+) [\d.-]+\) rotate\((-?90)\)/.exec(label.attrs.transform!)!;
  const [x, angle] = [Number(m[1]), Number(m[2])];
  const tickClass = axis === "axis-y" ? /^tick-d?y$/ : /^tick-y2$/;
  const ticks = find(g, "text")
    .filter((t) => tickClass.test(t.attrs.class ?? ""))
    .map((t) => {
      const tx = Number(t.attrs.x);
      return axis === "axis-y" ? [tx - wide(textOf(t)), tx] : [tx, tx + wide(textOf(t))];
    });
  const title =
    angle === -90 ? [x - 0.8 * FONT, x + 0.25 * FONT] : [x - 0.25 * FONT, x + 0.8 * FONT];
  return { title, ticks, text: textOf(label) };
}

function fits(root: XmlElement, axis: "axis-y" | "axis-y2", which = 0): void {
  const width = Number(root.attrs.width);
  const { title, ticks, text } = extent(root, axis, which);
  assert.ok(
    title[0]! >= 0 && title[1]! <= width,
    `${text}: title at ${title.join("–")} of ${width}`,
  );
  for (const [a, b] of ticks)
    if (axis === "axis-y") assert.ok(title[1]! <= a!, `${text} overlaps a tick label at ${a}`);
    else assert.ok(title[0]! >= b!, `${text} overlaps a tick label ending at ${b}`);
}

describe("room for the y axes", () => {
  test("lineChart: a log axis down to 1e−14 keeps its title inside", () => {
    const svg = lineChart(
      { series: [{ label: "a", y: [1e-14, 10] }] },
      { yScale: "log", yLabel: "f(x) − f(x*)" },
    );
    const root = checkDocument(svg, 600);
    // One notation: every label a power of ten written 10ⁿ, never "10" beside "1e−14".
    const labels = find(root, "text", "tick-y").map(textOf);
    assert.ok(labels.length >= 3 && labels.includes("10⁻¹⁰"), labels.join(" "));
    for (const l of labels) assert.match(l, /^10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
    fits(root, "axis-y");
  });

  test("lineChart: short labels keep the theme's margin", () => {
    const svg = lineChart({ series: [{ label: "a", y: [0.5, 1, 2] }] });
    const root = checkDocument(svg, 600);
    const axis = find(find(root, "g", "axis-y")[0]!, "line")
      .map((l) => l.attrs)
      .find((a) => a.x1 === a.x2 && a.y1 !== a.y2)!;
    assert.equal(Number(axis.x1), 58);
    fits(root, "axis-y");
  });

  test("functionPlot1d: long labels on f and on the f′ panel below it", () => {
    const svg = functionPlot1d({
      f: (x) => -12345.6 * x - 500 * x * x,
      window: [-2, 2],
      derivative: (x) => -12345.6 - 1000 * x,
    });
    const root = checkDocument(svg, 600);
    assert.ok(find(root, "text", "tick-dy").some((t) => textOf(t).length >= 6));
    fits(root, "axis-y", 0);
    fits(root, "axis-y", 1);
  });

  test("contourPlot2d: a window with long y labels", () => {
    const svg = contourPlot2d(
      {
        f: (x, y) => x * x + ((y + 11000) / 1000) ** 2,
        window: [
          [-2, 2],
          [-12345, -9876],
        ],
      },
      { yLabel: "intercept" },
    );
    fits(checkDocument(svg, 600), "axis-y");
  });
});
