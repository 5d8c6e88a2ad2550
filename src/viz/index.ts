/**
 * descentjs/viz: pure functions from plain data to SVG strings (no DOM), the same markup for the
 * CLI's files and the web page, plus renderPng (resvg-wasm) for PNG export.
 *
 * @module descentjs/viz
 */
export { functionPlot1d } from "./function-plot.js";
export { centralDifference } from "./sampling.js";
export type { FunctionPlot1dInput, FunctionPlot1dOptions } from "./function-plot.js";
export { contourPlot2d } from "./contour-plot.js";
export type { ContourPlot2dInput, ContourPlot2dOptions } from "./contour-plot.js";
export type { DataArrow } from "./contour-arrows.js";
export { lineChart, schedulePlot } from "./line-chart.js";
export type { LineChartInput, LineChartOptions, LineSeries, ScheduleInput } from "./line-chart.js";
export { decisionBoundary } from "./decision-boundary.js";
export type { DecisionBoundaryInput, DecisionBoundaryOptions } from "./decision-boundary.js";
export { neuronGrid } from "./neuron-grid.js";
export type { NeuronGridInput, NeuronGridOptions } from "./neuron-grid.js";
export { gridPoints } from "./raster.js";
export type { Window2d } from "./raster.js";
export { panels, svgSize } from "./figure.js";
export type { PanelsSpec } from "./figure.js";
export { digitGrid } from "./digits.js";
export type { DigitCard, DigitGridOptions } from "./digits.js";
export { networkDiagram } from "./network-diagram.js";
export type { NetworkDiagramInput, NetworkDiagramOptions } from "./network-diagram.js";
export { MAX_LAYOUT_CELLS, computationGraph, layoutCells, toDot, nodeLines } from "./graph.js";
export type { ComputationGraphOptions, GraphData, GraphEdge, GraphNode } from "./graph.js";
export { renderPng, setupPng } from "./png.js";
export type { PngOptions, PngSetup, ResvgModule, ResvgOptions, ResvgRenderer } from "./png.js";
export { runFromResult, runLabel } from "./types.js";
export type { MinimumMark, PathPoint, Range, TrajectoryRun, ViewOptions } from "./types.js";
export { DEFAULT_THEME, OKABE_ITO, SEQUENTIAL, resolveTheme } from "./theme.js";
export type { Margins, Theme, ThemeOverrides } from "./theme.js";
export { escapeXml, formatNumber, prettyFormula } from "./svg.js";
