// contourPlot2d: filled contours (log-spaced when asked), one path per run with every point,
// gradient and momentum arrows spaced along the path, the ε-region, minima, axes over the window
// and their titles, legend.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { galleryFunction } from "../../src/minimize/gallery.js";
import { parseExpression } from "../../src/minimize/expression.js";
import { minimize } from "../../src/minimize/minimize.js";
import { tensor as tensorOf } from "../../src/index.js";
import { contourPlot2d } from "../../src/viz/index.js";
import { checkDocument, find, num, pointCount, textOf, ticks, type XmlElement } from "./xml.js";

function surface(name: string) {
  const g = galleryFunction(name)!;
  const e = parseExpression(g.expression);
  return {
    g,
    f: (x: number, y: number) => e.evaluateNumber({ x, y }),
    window: [g.window[0]!, g.window[1]!] as const,
  };
}

function thresholdsOf(root: XmlElement): { values: number[]; base: number; scale: string } {
  const group = find(root, "g", "contours")[0]!;
  return {
    values: find(group, "path", "contour").map((p) => Number(p.attrs["data-threshold"])),
    base: Number(group.attrs["data-base"]),
    scale: group.attrs["data-scale"]!,
  };
}

function spans(values: number[], [lo, hi]: readonly [number, number]): void {
  const step = values[1]! - values[0]!;
  assert.ok(values[0]! >= lo && values[0]! - lo < step, `first tick ${values[0]} vs ${lo}`);
  const last = values[values.length - 1]!;
  assert.ok(last <= hi && hi - last < step, `last tick ${last} vs ${hi}`);
}

describe("contourPlot2d", () => {
  const rosen = surface("rosenbrock");
  const start = [...rosen.g.starts[0]!];
  const gd = minimize(rosen.g.expression, start, { optimizer: "gd", lr: 0.001, maxIters: 400 });
  const mom = minimize(rosen.g.expression, start, {
    optimizer: "momentum",
    lr: 0.0005,
    maxIters: 80,
    optimizerOptions: { momentum: 0.9 },
  });
  const runs = [
    { label: "gd", points: gd.trajectory },
    { label: "momentum", points: mom.trajectory },
  ];
  const svg = contourPlot2d(
    { f: rosen.f, window: rosen.window, runs, minima: rosen.g.minima },
    { logScale: true, expression: rosen.g.expression, grid: 60 },
  );
  const root = checkDocument(svg, 600);

  test("log-spaced filled contours", () => {
    const th = thresholdsOf(root);
    assert.equal(th.scale, "log");
    assert.ok(th.values.length >= 10, `${th.values.length} contour paths`);
    // Above the base, the levels grow by a constant ratio.
    const above = th.values.slice(1).map((v) => v - th.base);
    const ratios = above.slice(1).map((v, k) => v / above[k]!);
    for (const r of ratios) assert.ok(Math.abs(r / ratios[0]! - 1) < 1e-6, `ratio ${r}`);
    assert.ok(ratios[0]! > 1.5);
    assert.ok(find(root, "g", "colourbar")[0]!.attrs["data-scale"] === "log");
  });

  test("one polyline per run with every point; arrows; start; minimum", () => {
    const lines = find(root, "polyline", "trajectory");
    assert.deepEqual(
      lines.map((l) => pointCount(l.attrs.points!)),
      [gd.trajectory.length, mom.trajectory.length],
    );
    const groups = find(root, "g", "run-arrows");
    const grads = groups.map((g) => find(g, "line", "gradient-arrow").length);
    for (const n of grads) assert.ok(n >= 2 && n <= 10, `${n} gradient arrows`);
    // gd has no velocity; momentum's points carry one, drawn as −velocity.
    assert.equal(find(groups[0]!, "line", "velocity-arrow").length, 0);
    assert.ok(find(groups[1]!, "line", "velocity-arrow").length >= 2);
    assert.equal(find(root, "circle", "start").length, 2);
    assert.equal(find(root, "path", "minimum").length, 1);
  });

  test("runs from one start number it once: a single step-0 label", () => {
    const zeros = find(root, "text", "step-label").filter((t) => t.attrs["data-step"] === "0");
    assert.equal(zeros.length, 1);
  });

  test("axes span the window; legend entries equal the run labels", () => {
    spans(ticks(root, "tick-x"), rosen.window[0]);
    spans(ticks(root, "tick-y"), rosen.window[1]);
    const labels = find(root, "g", "legend-entry").map((g) => g.attrs["data-label"]);
    assert.deepEqual(labels, ["gd", "momentum"]);
    const desc = textOf(find(root, "desc")[0]!);
    assert.match(desc, /log-spaced levels/);
    assert.match(desc, new RegExp(`${gd.trajectory.length} points from \\(−1\\.5, 2\\)`));
  });

  test("linear levels, and the ε-region ‖∇f‖ < ε around the bowl's minimum", () => {
    const bowl = surface("bowl");
    const grad = (x: number, y: number) => [2 * x, 20 * y];
    for (const gradient of [undefined, grad]) {
      const out = contourPlot2d(
        { f: bowl.f, window: bowl.window, epsilon: 2, gradient },
        { levels: 10, width: 480, height: 420 },
      );
      const r = checkDocument(out, 480, 420);
      const th = thresholdsOf(r);
      assert.equal(th.scale, "linear");
      const steps = th.values.slice(2).map((v, k) => v - th.values[k + 1]!);
      for (const s of steps) assert.ok(Math.abs(s - steps[0]!) < 1e-9);
      const region = find(r, "path", "epsilon-region");
      assert.equal(region.length, 1);
      // x² + 100y² < 1: an ellipse of area π·0.1 in a 6×6 window ≈ 0.87 %.
      const share = /‖∇f‖ < 2, ([\d.]+) % of the window/.exec(textOf(find(r, "desc")[0]!));
      assert.ok(share && Math.abs(num(share[1]!) - 0.87) < 0.35, share?.[1]);
      // The region's path stays near the centre of the plot.
      const xs = [...region[0]!.attrs.d!.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => +m[1]!);
      const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
      assert.ok(Math.abs(mid - zeroX(r)) < 12);
    }
  });
  test("axis titles: x and y by default, xLabel and yLabel when given", () => {
    const bowl = surface("bowl");
    const titles = (o: { xLabel?: string; yLabel?: string }) => {
      const r = checkDocument(contourPlot2d({ f: bowl.f, window: bowl.window }, o), 600);
      return ["axis-x", "axis-y"].map((axis) =>
        textOf(find(find(r, "g", axis)[0]!, "text", "axis-label")[0]!),
      );
    };
    assert.deepEqual(titles({}), ["x", "y"]);
    assert.deepEqual(titles({ xLabel: "w (slope)", yLabel: "b (intercept)" }), [
      "w (slope)",
      "b (intercept)",
    ]);
  });

  test("gradient arrows are spaced along the path, not by iteration", () => {
    // Fast convergence: after a few long steps the iterates pile up at the minimum.
    const bowl = surface("bowl");
    const fast = minimize(bowl.g.expression, [-2.5, 1], {
      optimizer: "gd",
      lr: 0.09,
      maxIters: 500,
    });
    const r = checkDocument(
      contourPlot2d(
        {
          f: bowl.f,
          window: [
            [-2.8, 0.5],
            [-1.35, 1.55],
          ],
          runs: [{ points: fast.trajectory }],
        },
        { gradientArrows: 14 },
      ),
      600,
    );
    const pts = find(r, "polyline", "trajectory")[0]!
      .attrs.points!.trim()
      .split(/\s+/)
      .map((p) => p.split(",").map(Number) as [number, number]);
    const arc = [0];
    for (let k = 1; k < pts.length; k++)
      arc.push(arc[k - 1]! + Math.hypot(pts[k]![0] - pts[k - 1]![0], pts[k]![1] - pts[k - 1]![1]));
    const total = arc[arc.length - 1]!;
    const arrows = find(r, "line", "gradient-arrow");
    assert.ok(arrows.length >= 9, `${arrows.length} of 14 arrows drawn`);
    const at = arrows.map((a) => {
      const k = Number(a.attrs["data-index"]);
      assert.deepEqual([Number(a.attrs.x1), Number(a.attrs.y1)], pts[k]);
      return arc[k]! / total;
    });
    // Picked by iteration (0, 7, 14, …), all but the first would sit in the last quarter of the
    // length, where the iterates pile up at the minimum; spaced by length they cover it.
    assert.ok(at.filter((t) => t < 0.5).length >= 3, `arrows at ${at.join(", ")}`);
    assert.ok(Math.max(...at) > 0.7);
    for (let k = 1; k < at.length; k++) {
      assert.ok(at[k]! > at[k - 1]!);
      assert.ok(at[k]! - at[k - 1]! < 0.25, `a gap from ${at[k - 1]} to ${at[k]}`);
    }
  });
  test("step parts list the momentum carried over only when a step carries some", () => {
    const bowl = surface("bowl");
    const f = (t: import("../../src/index.js").Tensor) =>
      t
        .square()
        .mul(tensorOf([1, 10]))
        .sum();
    const legend = (optimizer: "gd" | "momentum") => {
      const r = minimize(f, [-2.5, 1], { optimizer, lr: 0.02, maxIters: 8 });
      return contourPlot2d(
        { f: bowl.f, window: bowl.window, runs: [{ points: r.trajectory, label: optimizer }] },
        { stepParts: 4 },
      );
    };
    assert.ok(!legend("gd").includes("momentum carried over"));
    assert.ok(legend("gd").includes("−lr·∇f at the point"));
    assert.ok(legend("momentum").includes("momentum carried over"));
  });
  test("data arrows are drawn at true length, with their attributes and one legend entry", () => {
    const bowl = surface("bowl");
    const named = { class: "part", "data-part": "one" };
    const svg = contourPlot2d({
      f: bowl.f,
      window: bowl.window,
      arrows: [
        { from: [0, 0], to: [1, 0], label: "a step", attrs: named },
        { from: [0, 0], to: [0, -2], label: "a step", dashed: true, colour: "#CC79A7" },
        { from: [0, 0], to: [0, 1e-9] }, // under a pixel: left out
      ],
    });
    const root = checkDocument(svg, 600);
    const lines = find(root, "line", "data-arrow");
    assert.equal(lines.length, 2);
    const [a, b] = lines.map((l) => ["x1", "y1", "x2", "y2"].map((k) => Number(l.attrs[k])));
    const tx = find(root, "text", "tick-x").map((t) => [+t.attrs["data-value"]!, +t.attrs.x!]);
    const perUnit = (tx[1]![1]! - tx[0]![1]!) / (tx[1]![0]! - tx[0]![0]!);
    assert.ok(Math.abs(a![0]! - zeroX(root)) < 0.05, "starts at x = 0");
    assert.ok(Math.abs(a![2]! - a![0]! - perUnit) < 0.05, "one unit long");
    assert.ok(Math.abs(b![3]! - b![1]! - 2 * perUnit) < 0.05, "two units down, equal aspect");
    assert.equal(lines[0]!.attrs["data-part"], "one");
    assert.ok(lines[0]!.attrs.class!.split(" ").includes("part"));
    assert.equal(lines[1]!.attrs["stroke-dasharray"], "4 2");
    assert.equal(svg.split(">a step<").length - 1, 1, "one legend entry for the shared label");
  });
});

/** Pixel x of data x = 0, from the tick at 0. */
function zeroX(root: XmlElement): number {
  const zero = find(root, "text", "tick-x").find((t) => Number(t.attrs["data-value"]) === 0)!;
  return Number(zero.attrs.x);
}
