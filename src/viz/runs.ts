/**
 * The marks of optimisation runs shared by every view that draws paths (curves, contours): the
 * paths, their step dots, start rings, minimum stars and step numbers, each as its own layer so
 * that a view stacks them in one order — paths under markers, markers under labels.
 */
import { keySteps, LabelPlacer, markBox, type Box } from "./labels.js";
import { haloText, minimumMark, safePositions, startMark, within, type Bounds } from "./marks.js";
import { el, group, pointsAttr } from "./svg.js";
import { mix, paletteColour, type Theme } from "./theme.js";
import { runLabel, type PathPoint, type TrajectoryRun } from "./types.js";

/** A run in pixels: its colour, legend label and finite positions pulled in to the area. */
export interface RunGeometry {
  run: TrajectoryRun;
  index: number;
  label: string;
  colour: string;
  pts: [number, number][];
}

/**
 * The runs in pixels, in drawing order: `order` lists run indices bottom to top (default the
 * given order); the legend keeps the input order, so two panels can list runs alike while each
 * draws the busiest run underneath.
 */
export function runGeometries(
  runs: readonly TrajectoryRun[],
  theme: Theme,
  toPx: (p: PathPoint) => readonly [number, number],
  area: Bounds,
  order?: readonly number[],
): RunGeometry[] {
  const indices = order ?? runs.map((_, i) => i);
  return indices.map((i) => {
    const run = runs[i]!;
    return {
      run,
      index: i,
      label: runLabel(run, i),
      colour: run.colour ?? paletteColour(theme, i),
      pts: safePositions(run.points.map(toPx), [area.left, area.top], area),
    };
  });
}

export interface PathStyle {
  /** A white halo under each path so it reads on filled contours (round joins: no spikes). */
  halo?: boolean;
  /** Paths paler than their dots, so that the steps stand out (curves). */
  faded?: boolean;
  width?: number;
}

/** Every run's path as one polyline with all its points (class "trajectory"). */
export function runPaths(runs: readonly RunGeometry[], theme: Theme, s: PathStyle = {}): string {
  const parts: string[] = [];
  for (const g of runs) {
    const points = pointsAttr(g.pts);
    if (s.halo)
      parts.push(
        el("polyline", {
          points,
          fill: "none",
          stroke: theme.background,
          "stroke-width": (s.width ?? 2) + 2,
          "stroke-opacity": 0.8,
          "stroke-linejoin": "round",
          "stroke-linecap": "round",
          class: "trajectory-halo",
        }),
      );
    parts.push(
      el("polyline", {
        points,
        fill: "none",
        stroke: s.faded ? mix(g.colour, 0.35) : g.colour,
        "stroke-width": s.width ?? 2,
        "stroke-linejoin": "round",
        class: "trajectory",
        "data-label": g.label,
        "data-count": g.pts.length,
      }),
    );
  }
  return group({ class: "layer-paths" }, parts);
}

/**
 * Dots at the steps (at most ~150 per run), white-rimmed, one group per run. The many small marks
 * carry no class of their own (the group does): ImageMagick's SVG renderer gives up ("nested too
 * deeply") on documents with many classed elements.
 */
export function runDots(runs: readonly RunGeometry[], area: Bounds, theme: Theme, r = 2.6): string {
  const parts: string[] = [];
  for (const g of runs) {
    const every = Math.max(1, Math.ceil(g.pts.length / 150));
    const dots: string[] = [];
    for (let k = 0; k < g.pts.length; k += every)
      if (within(g.pts[k]!, area))
        dots.push(el("circle", { cx: g.pts[k]![0], cy: g.pts[k]![1], r }));
    const attrs = { fill: g.colour, stroke: theme.background, "stroke-width": 0.8 };
    parts.push(group({ class: "steps", "data-label": g.label, ...attrs }, dots));
  }
  return group({ class: "layer-steps" }, parts);
}

/** A minimum in pixels. */
export interface MinimumPx {
  x: number;
  y: number;
  global: boolean;
}

/** Stars at the known minima and rings at the starts: drawn above every path. */
export function runMarkers(
  runs: readonly RunGeometry[],
  minima: readonly MinimumPx[],
  area: Bounds,
  theme: Theme,
): string {
  const parts: string[] = [];
  for (const m of minima)
    if (within([m.x, m.y], area, 0)) parts.push(minimumMark(m.x, m.y, m.global, theme));
  for (const g of runs)
    if (g.pts[0]) parts.push(startMark(g.pts[0][0], g.pts[0][1], g.colour, theme));
  return group({ class: "layer-markers" }, parts);
}

/** The footprints of the stars and start rings, which labels must not cover. */
export function markerBoxes(runs: readonly RunGeometry[], minima: readonly MinimumPx[]): Box[] {
  return [
    ...minima.map((m) => markBox(m.x, m.y, 10)),
    ...runs.flatMap((g) => (g.pts[0] ? [markBox(g.pts[0][0], g.pts[0][1], 10)] : [])),
  ];
}

/**
 * Step numbers at each run's key steps (first, last, turning points, then along the path), placed
 * so that no two overlap and none covers a star or a start ring; the top run is labelled first.
 */
export function runStepLabels(
  runs: readonly RunGeometry[],
  area: Bounds,
  theme: Theme,
  perRun: number,
  hard: readonly Box[],
): string {
  const dots = runs.flatMap((g) => g.pts.map(([x, y]) => markBox(x, y, 2.5)));
  const placer = new LabelPlacer(area, hard, dots);
  const size = theme.fontSize;
  const parts: string[] = [];
  // Runs from one start (a race) share its step 0: that point is numbered once, not once per run.
  const shared: { s: string; x: number; y: number }[] = [];
  const already = (s: string, [x, y]: readonly [number, number]) =>
    shared.some((o) => o.s === s && Math.hypot(o.x - x, o.y - y) < 1);
  for (const g of [...runs].reverse()) {
    for (const k of keySteps(g.pts, perRun, size * 1.6)) {
      if (!within(g.pts[k]!, area, 0)) continue;
      const s = String(g.run.points[k]!.iteration ?? k);
      if (already(s, g.pts[k]!)) continue;
      shared.push({ s, x: g.pts[k]![0], y: g.pts[k]![1] });
      const at = placer.place(s, g.pts[k]![0], g.pts[k]![1], size);
      if (!at) continue;
      parts.push(
        haloText(at.x, at.y, s, theme, {
          class: "step-label",
          fill: mix(g.colour, 0.25, "#000000"),
          "text-anchor": at.anchor === "start" ? undefined : at.anchor,
          "font-size": size,
          "data-step": k,
        }),
      );
    }
  }
  return group({ class: "layer-labels" }, parts);
}
