// functionPlot1d: document shell, one path per run with every point, ticks over the window,
// the ε-band where |f′| < ε, minima, start marks, legend, escaping, diverged runs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { minimize } from "../../src/minimize/minimize.js";
import { functionPlot1d, runFromResult } from "../../src/viz/index.js";
import { checkDocument, find, pointCount, textOf, ticks } from "./xml.js";

const cubic = (x: number) => x ** 3 - 3 * x;

describe("functionPlot1d", () => {
  const result = minimize("x^3 - 3x", [2], { optimizer: "gd", lr: 0.05, maxIters: 40 });
  const svg = functionPlot1d(
    {
      f: cubic,
      window: [-2.5, 2.5],
      derivative: (x) => 3 * x * x - 3,
      runs: [runFromResult(result, "gd")],
      minima: [{ point: [1], value: -2, global: false }],
      epsilon: 0.3,
    },
    { expression: "x^3 - 3x" },
  );
  const root = checkDocument(svg, 600);

  test("one trajectory polyline with every point of the run", () => {
    const lines = find(root, "polyline", "trajectory");
    assert.equal(lines.length, 1);
    assert.equal(pointCount(lines[0]!.attrs.points!), result.trajectory.length);
    assert.equal(Number(lines[0]!.attrs["data-count"]), result.trajectory.length);
    assert.ok(find(root, "line", "update").length > 0, "update arrows");
    assert.ok(find(root, "text", "step-label").length >= 2, "step numbers");
    // The first and the last step are always numbered.
    const numbers = find(root, "text", "step-label").map(textOf);
    assert.ok(numbers.includes("0"), numbers.join(" "));
    assert.ok(numbers.includes(String(result.trajectory.length - 1)), numbers.join(" "));
  });

  test("x ticks span the window and y ticks cover f", () => {
    const xs = ticks(root, "tick-x");
    const step = xs[1]! - xs[0]!;
    assert.ok(xs[0]! >= -2.5 && xs[0]! - -2.5 < step);
    assert.ok(xs[xs.length - 1]! <= 2.5 && 2.5 - xs[xs.length - 1]! < step);
    const ys = ticks(root, "tick-y");
    const yStep = ys[1]! - ys[0]!;
    assert.ok(ys[0]! - cubic(-2.5) < yStep && cubic(2.5) - ys[ys.length - 1]! < yStep);
    assert.ok(ticks(root, "tick-dy").length >= 2, "derivative axis on its own panel");
  });

  test("the ε-band surrounds both critical points x = ±1", () => {
    // Drawn across f's panel and again across f′'s: one pair of x-intervals.
    const all = find(root, "rect", "epsilon-band");
    const bands = all
      .slice(0, all.length / 2)
      .map((b) => [Number(b.attrs["data-from"]), Number(b.attrs["data-to"])]);
    assert.equal(bands.length, 2);
    // |3x² − 3| < 0.3 ⇔ 0.9 < x² < 1.1
    for (const [c, [a, b]] of [-1, 1].map((c, i) => [c, bands[i]!] as const)) {
      assert.ok(a! < c && c < b!);
      assert.ok(Math.abs(Math.abs(a!) - Math.sqrt(c < 0 ? 1.1 : 0.9)) < 0.02);
    }
    assert.match(textOf(find(root, "desc")[0]!), /\|f′\(x\)\| < 0\.3/);
  });

  test("minimum, start, derivative curve and legend", () => {
    assert.equal(find(root, "path", "minimum").length, 1);
    assert.equal(find(root, "circle", "start").length, 1);
    assert.equal(find(root, "polyline", "derivative").length, 1);
    const labels = find(root, "g", "legend-entry").map((g) => g.attrs["data-label"]);
    assert.deepEqual(labels.slice(0, 3), ["f(x)", "f′(x), below", "|f′| < 0.3"]);
    assert.match(labels[3]!, /^gd: /);
    assert.equal(textOf(find(root, "text", "title")[0]!), "f(x) = x³ − 3x");
  });

  test("several runs, a diverged one, and text that needs escaping", () => {
    const runs = [
      { label: 'a<b & "c"', points: [{ x: [2] }, { x: [1.5] }, { x: [1.2] }] },
      { label: "diverged", points: [{ x: [2] }, { x: [-40] }, { x: [NaN] }, { x: [1e300] }] },
    ];
    const out = functionPlot1d(
      { f: cubic, window: [-2, 2], runs },
      { title: "<T&T>", height: 420 },
    );
    const r = checkDocument(out, 600, 420);
    assert.equal(textOf(find(r, "title")[0]!), "<T&T>");
    const lines = find(r, "polyline", "trajectory");
    assert.deepEqual(
      lines.map((l) => pointCount(l.attrs.points!)),
      runs.map((run) => run.points.length),
    );
    for (const l of lines) assert.doesNotMatch(l.attrs.points!, /NaN|Infinity/);
    assert.deepEqual(
      find(r, "g", "legend-entry").map((g) => g.attrs["data-label"]),
      ["f(x)", ...runs.map((run) => run.label)],
    );
  });
});
