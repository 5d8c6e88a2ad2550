// lineChart and schedulePlot: one path per series, legend = labels, dashed second style,
// log axis ticks at powers of ten, gaps for values a log axis cannot show, decimation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stepLR } from "../../src/optim/schedules.js";
import { lineChart, schedulePlot } from "../../src/viz/index.js";
import type { LineChartInput } from "../../src/viz/index.js";
import { checkDocument, find, textOf, ticks } from "./xml.js";

const decay = (n: number, rate: number, floor: number) =>
  Array.from({ length: n }, (_, k) => 3 * Math.exp(-k / rate) + floor);

describe("lineChart", () => {
  const series = [
    { label: "sgd", group: "sgd", y: decay(200, 50, 0.05) },
    { label: "sgd validation", group: "sgd", style: "dashed" as const, y: decay(200, 50, 0.1) },
    { label: "adam", y: decay(200, 10, 0.001) },
  ];

  test("one path per series, legend entries equal the labels, validation dashed", () => {
    const svg = lineChart({ series }, { xLabel: "examples seen", title: "Loss" });
    const root = checkDocument(svg, 600);
    const paths = find(root, "path", "series");
    assert.deepEqual(
      paths.map((p) => p.attrs["data-label"]),
      series.map((s) => s.label),
    );
    assert.deepEqual(
      find(root, "g", "legend-entry").map((g) => g.attrs["data-label"]),
      series.map((s) => s.label),
    );
    assert.ok(paths[1]!.attrs["stroke-dasharray"]);
    assert.equal(paths[0]!.attrs["stroke-dasharray"], undefined);
    // Same group, same colour; another run, another colour.
    assert.equal(paths[0]!.attrs.stroke, paths[1]!.attrs.stroke);
    assert.notEqual(paths[0]!.attrs.stroke, paths[2]!.attrs.stroke);
    for (const p of paths) assert.equal((p.attrs.d!.match(/[ML]/g) ?? []).length, 200);
    const labels = find(root, "text", "axis-label").map(textOf);
    assert.deepEqual(labels, ["examples seen", "loss"]);
    const xs = ticks(root, "tick-x");
    assert.ok(xs[0] === 0 && xs[xs.length - 1]! <= 199 && 199 - xs[xs.length - 1]! < xs[1]!);
  });

  test("log y axis: ticks are powers of ten spanning the data", () => {
    const root = checkDocument(lineChart({ series }, { yScale: "log" }), 600);
    const ys = ticks(root, "tick-y");
    for (const t of ys)
      assert.ok(Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9, `${t}`);
    assert.ok(Math.min(...ys) <= 0.01 && Math.max(...ys) >= 1);
    assert.match(textOf(find(root, "desc")[0]!), /log y axis/);
  });

  test("non-finite and (on a log axis) non-positive values leave gaps", () => {
    const y = [1, 0.5, NaN, 0.25, 0, 0.1, -1, 0.05];
    const root = checkDocument(
      lineChart({ series: [{ label: "run", y }] }, { yScale: "log" }),
      600,
    );
    const d = find(root, "path", "series")[0]!.attrs.d!;
    assert.equal((d.match(/M/g) ?? []).length, 4);
    assert.doesNotMatch(d, /NaN|Infinity/);
  });

  test("long series are decimated but keep their count", () => {
    const y = Array.from({ length: 50_000 }, (_, k) => Math.sin(k / 100) + 2);
    const root = checkDocument(lineChart({ series: [{ label: "long", y }] }), 600);
    const p = find(root, "path", "series")[0]!;
    assert.equal(Number(p.attrs["data-count"]), 50_000);
    assert.ok((p.attrs.d!.match(/[ML]/g) ?? []).length <= 4 * 600);
  });
});

describe("schedulePlot", () => {
  test("a step schedule over N steps", () => {
    const svg = schedulePlot(stepLR(0.1, { stepSize: 30, gamma: 0.5 }), 100);
    const root = checkDocument(svg, 600);
    assert.equal(textOf(find(root, "title")[0]!), "Learning-rate schedule");
    assert.equal(find(root, "path", "series").length, 1);
    const xs = ticks(root, "tick-x");
    assert.ok(xs[0] === 0 && 99 - xs[xs.length - 1]! < xs[1]!);
    const ys = ticks(root, "tick-y");
    assert.equal(ys[0], 0);
    assert.ok(ys[ys.length - 1]! >= 0.08);
    assert.deepEqual(find(root, "text", "axis-label").map(textOf), ["step", "learning rate"]);
    assert.match(textOf(find(root, "desc")[0]!), /100 values, first 0\.1, last 0\.0125/);
  });

  test("several labelled schedules share one chart", () => {
    const svg = schedulePlot(
      [
        { label: "constant", schedule: () => 0.05 },
        { label: "halving", schedule: (t) => 0.1 * 0.5 ** Math.floor(t / 10) },
      ],
      40,
      { width: 500 },
    );
    const root = checkDocument(svg, 500);
    assert.deepEqual(
      find(root, "g", "legend-entry").map((g) => g.attrs["data-label"]),
      ["constant", "halving"],
    );
  });

  test("a series without y values is refused by name, not with a TypeError deep inside", () => {
    const wrong = { series: [{ label: "loss", values: [3, 2, 1] }] } as unknown as LineChartInput;
    assert.throws(
      () => lineChart(wrong),
      (e: Error) => /lineChart: series\[0\] needs y.*got label, values/.test(e.message),
    );
  });
});
